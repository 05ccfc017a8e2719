"""Renderers: one module per output format, each a walk over the document tree."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # kept out of the import: preview_service must load light and fast
    from briefpack.document.nodes import Document

FORMATS = ("pdf", "docx")


def render(doc: Document, fmt: str, *, invariant: bool = False) -> bytes:
    """Render `doc` to the bytes of a PDF or DOCX file (imports only the one writer).

    Every file the brand names goes through the file gate first, whichever the format, so a
    bad logo or font is one line naming the brand file and its place."""
    from briefpack.render.images import check_brand_files

    check_brand_files(doc.brand)
    if fmt == "pdf":
        from briefpack.render.pdf import render_pdf

        return render_pdf(doc, invariant=invariant)
    if fmt == "docx":
        from briefpack.render.docx import render_docx

        return render_docx(doc)
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
