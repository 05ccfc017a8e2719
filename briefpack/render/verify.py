"""Reopen a written export and check it is whole before saying it is done.

No PDF or DOCX library is needed: a PDF must start with `%PDF-`, end with
`%%EOF`, and hold at least one page object; a DOCX must be a sound zip with
`[Content_Types].xml` and a `word/document.xml` that parses and has a body.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from briefpack.model.errors import SaveError

MAX_EXPORT_BYTES = 512 * 2**20
_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")
_WORD_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def verify_export(path: str | Path, fmt: str) -> None:
    """Raise SaveError unless the file at `path` is a complete `fmt` ('pdf' or 'docx') file."""
    try:
        size = Path(path).stat().st_size
        if size > MAX_EXPORT_BYTES:
            raise _broken(path, f"it is unexpectedly large ({size // 2**20} MB)")
        data = Path(path).read_bytes()
    except OSError as exc:
        raise _broken(path, f"it cannot be read back ({exc.strerror})") from exc
    verify_bytes(data, fmt, path)


def verify_bytes(data: bytes, fmt: str, path: str | Path = "<export>") -> None:
    """The same checks on bytes in memory (before they are written)."""
    if fmt == "pdf":
        _check_pdf(data, path)
    elif fmt == "docx":
        _check_docx(data, path)
    else:
        raise ValueError(f"unknown export format {fmt!r}")


def pdf_page_count(data: bytes) -> int:
    """Page objects in an uncompressed-object PDF such as reportlab writes."""
    return len(_PAGE.findall(data))


def _check_pdf(data: bytes, path: str | Path) -> None:
    if not data.startswith(b"%PDF-"):
        raise _broken(path, "it does not start like a PDF")
    if b"%%EOF" not in data[-1024:]:
        raise _broken(path, "the PDF is cut short (no end marker)")
    if pdf_page_count(data) < 1:
        raise _broken(path, "the PDF has no pages")


def _check_docx(data: bytes, path: str | Path) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            bad = archive.testzip()
            if bad is not None:
                raise _broken(path, f"the part {bad} is damaged")
            names = set(archive.namelist())
            for part in ("[Content_Types].xml", "word/document.xml"):
                if part not in names:
                    raise _broken(path, f"the part {part} is missing")
            root = ElementTree.fromstring(archive.read("word/document.xml"))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as exc:
        raise _broken(path, "it is not a complete Word file") from exc
    except ElementTree.ParseError as exc:
        raise _broken(path, "its main text part does not parse") from exc
    if root.find(f"{_WORD_NS}body") is None:
        raise _broken(path, "its main text part has no body")


def _broken(path: str | Path, why: str) -> SaveError:
    error = SaveError(f"the exported file is not complete ({why}); export it again", file=path)
    error.reason = why
    return error
