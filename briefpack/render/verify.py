"""Check an export is whole: its bytes before they are written, the file once written.

No PDF or DOCX library is needed (lxml parses the XML): a PDF must start with `%PDF-`, end with
`%%EOF`, and hold at least one page object; a DOCX must be a sound zip (every
part's checksum right) with `[Content_Types].xml`, every XML part parsing, and
a `word/document.xml` that has a body. Which check goes with which format is the table in
render/formats.py (check_pdf and check_docx are its verifiers).
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from pathlib import Path
from typing import IO

from briefpack.model.errors import SaveError

MAX_EXPORT_BYTES = 512 * 2**20
_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")
_READ_PIECE = 2**20
_WORD_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def verify_export(path: str | Path, fmt: str) -> None:
    """Raise SaveError unless the file at `path` is a complete file of format `fmt`."""
    try:
        size = Path(path).stat().st_size
        if size > MAX_EXPORT_BYTES:
            raise _broken(path, f"it is unexpectedly large ({size // 2**20} MB)")
        data = Path(path).read_bytes()
    except OSError as exc:
        raise _broken(path, f"it cannot be read back ({exc.strerror})") from exc
    verify_bytes(data, fmt, path)


def verify_written(path: str | Path, fmt: str, checked: bytes) -> None:
    """Raise SaveError unless the file at `path` holds exactly `checked`: bytes of format
    `fmt` that verify_bytes passed before they were written. Read back from disk in pieces
    and compared, so an export is parsed once (the same bytes cannot parse differently)."""
    try:
        with open(path, "rb") as stream:
            for start in range(0, len(checked) + 1, _READ_PIECE):
                piece = stream.read(_READ_PIECE)
                if piece != checked[start : start + _READ_PIECE]:
                    raise _broken(path, f"the {fmt.upper()} file on disk is not what was written")
    except OSError as exc:
        raise _broken(path, f"it cannot be read back ({exc.strerror})") from exc


def verify_bytes(data: bytes, fmt: str, path: str | Path = "<export>") -> None:
    """The same checks on bytes in memory (before they are written); ValueError for a format
    not in the table."""
    from briefpack.render.formats import get_format

    get_format(fmt).verify(data, path)


def pdf_page_count(data: bytes) -> int:
    """Page objects in a PDF whose pages are not in object streams: render/pdf/serialize.py
    packs only the structure tree, so every page dictionary is in the file as text."""
    return len(_PAGE.findall(data))


def check_pdf(data: bytes, path: str | Path) -> None:
    """The PDF verifier (formats.py): a start, an end marker and at least one page."""
    if not data.startswith(b"%PDF-"):
        raise _broken(path, "it does not start like a PDF")
    if b"%%EOF" not in data[-1024:]:
        raise _broken(path, "the PDF is cut short (no end marker)")
    if pdf_page_count(data) < 1:
        raise _broken(path, "the PDF has no pages")


def check_docx(data: bytes, path: str | Path) -> None:
    """The DOCX verifier (formats.py): a sound zip whose every XML part parses, with a body."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            for part in ("[Content_Types].xml", "word/document.xml"):
                if part not in names:
                    raise _broken(path, f"the part {part} is missing")
            has_body = False
            for info in archive.infolist():
                found = _read_part(archive, info, path)
                if info.filename == "word/document.xml":
                    has_body = found
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as exc:
        raise _broken(path, "it is not a complete Word file") from exc
    if not has_body:
        raise _broken(path, "its main text part has no body")


def _read_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: str | Path) -> bool:
    """Read one part whole (zipfile checks its CRC at the end); parse it if it is XML.
    True if it is XML whose root holds a w:body (what matters for word/document.xml).

    Word and LibreOffice refuse a file if any XML part is malformed (a theme with a
    raw "&" in a font name), not only the main text, so every part is parsed. Parsed as a
    stream, each element dropped once closed: a 300-page handout's text part is never a
    whole tree in memory (the writer's tree was the peak already).
    """
    from lxml import etree  # only a DOCX needs it: a PDF export never loads lxml

    try:
        with archive.open(info) as stream:
            if not info.filename.endswith((".xml", ".rels")):
                while stream.read(2**20):
                    pass
                return False
            return _parse_streaming(stream)
    except (zipfile.BadZipFile, zlib.error) as exc:
        raise _broken(path, f"the part {info.filename} is damaged") from exc
    except etree.XMLSyntaxError as exc:
        if info.filename == "word/document.xml":
            raise _broken(path, "its main text part does not parse") from exc
        raise _broken(path, f"the part {info.filename} does not parse") from exc


def _parse_streaming(stream: IO[bytes]) -> bool:
    """Parse an XML part without keeping its tree; True if the root holds a w:body.
    Parse only: no entities expanded, nothing fetched, no DTD (lxml: twice ElementTree's
    speed)."""
    from lxml import etree

    has_body = False
    events = etree.iterparse(
        stream, events=("start", "end"), resolve_entities=False, no_network=True, load_dtd=False
    )
    for event, element in events:
        parent = element.getparent()
        if event == "start":
            has_body = has_body or (
                element.tag == f"{_WORD_NS}body"
                and parent is not None
                and parent.getparent() is None
            )
        elif parent is not None:
            element.clear()  # done with it: its children were cleared already
            while element.getprevious() is not None:
                del parent[0]
    return has_body


def _broken(path: str | Path, why: str) -> SaveError:
    error = SaveError(f"the exported file is not complete ({why}); export it again", file=path)
    error.reason = why
    return error
