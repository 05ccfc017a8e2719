"""Reading rendered files back as text, for tests."""

from __future__ import annotations

import io
import re

import docx
from pypdf import PdfReader


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def pdf_text(data: bytes) -> str:
    return squash(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


def pdf_page_texts(data: bytes) -> list[str]:
    return [squash(page.extract_text()) for page in PdfReader(io.BytesIO(data)).pages]


def docx_text(data: bytes) -> str:
    """Body paragraphs and table cells, nested tables included, in order."""
    document = docx.Document(io.BytesIO(data))
    body = document.element.body
    texts = [
        "".join(t.text or "" for t in p.iter(docx.oxml.ns.qn("w:t")))
        for p in body.iter(docx.oxml.ns.qn("w:p"))
    ]
    return squash(" ".join(texts))
