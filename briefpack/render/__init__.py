"""Renderers: one writer per output format, each a walk over the document tree.

Which formats there are, and which module writes each, is the table in render/formats.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

# Kept out of the import: the preview helper (services/preview.py) must load light and fast.
if TYPE_CHECKING:
    from briefpack.document.nodes import Document


def render(doc: Document, fmt: str, *, invariant: bool = False) -> bytes:
    """Render `doc` to the bytes of a file of format `fmt` ("pdf", "docx": see formats.py),
    importing only that format's writer. ValueError for a format not in the table.

    Every file the brand names goes through the file gate first, whichever the format, so a
    bad logo or font is one line naming the brand file and its place."""
    from briefpack.render.brand_files import check_brand_files
    from briefpack.render.formats import get_format

    output = get_format(fmt)
    check_brand_files(doc.brand)
    return output.write(doc, invariant=invariant)
