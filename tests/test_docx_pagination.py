"""The example's DOCX, converted by LibreOffice, paginates like briefpack's own PDF (±1 page)."""

from __future__ import annotations

import io
import subprocess
from datetime import date
from pathlib import Path

from packs import EXAMPLE
from pypdf import PdfReader

from briefpack.document.compose import compose
from briefpack.model.packfile import load_pack
from briefpack.render import render


def test_example_docx_page_count_matches_pdf(tmp_path: Path, soffice: str):
    doc = compose(load_pack(EXAMPLE), EXAMPLE.parent, today=date(2016, 8, 1))
    pdf_pages = len(PdfReader(io.BytesIO(render(doc, "pdf", invariant=True))).pages)
    source = tmp_path / "example.docx"
    source.write_bytes(render(doc, "docx"))
    subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    office_pages = len(PdfReader(tmp_path / "example.pdf").pages)
    assert abs(office_pages - pdf_pages) <= 1, (office_pages, pdf_pages)
