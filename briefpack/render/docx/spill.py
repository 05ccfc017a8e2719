"""Long handouts in bounded memory: the finished part of the body leaves the tree as text.

python-docx keeps the whole document as one lxml tree until it saves, about 0.85 MB per
copy of the example (a 300-copy pack: 256 MB). Yet once a block is written, nothing
after it changes more than the last few paragraphs before it (keep-with-next, the space
after a box). So every SPILL_EVERY blocks, all but the last KEEP body elements are written
out as XML text and dropped from the tree; at save, that text goes back where it was, in
the same order, streamed into the zip entry. The words and the markup are exactly those
the tree would have saved (tests/test_docx_spill.py compares them).

Picture ids (wp:docPr) must be unique in the whole document: they are numbered as they
leave, and the rest at save, in the same order renumber_drawings would.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator
from typing import TypeVar

from docx.document import Document as WordDocument
from docx.oxml.ns import qn
from lxml import etree

from briefpack.render.docx.flow import Flow

SPILL_EVERY = 200  # top-level blocks between spills: few enough to stay lean, each is a pass
KEEP = 8  # body elements kept in the tree: later blocks may still touch the last ones
DOCUMENT_PART = "word/document.xml"
_MARK = "bpSpilledBody"  # stands in the saved XML where the spilled text goes back
T = TypeVar("T")


class BodySpill:
    """The body elements already written out, as XML text, in order."""

    def __init__(self, word: WordDocument, flow: Flow, *, every: int | None = None):
        self._word = word
        self._flow = flow
        self._every = every or SPILL_EVERY
        self._body = word.element.body
        self._chunks: list[bytes] = []
        self._next_id = 1  # the next wp:docPr id
        root = word.element  # an empty twin declares the namespaces the text may use
        self._twin_body = etree.SubElement(etree.Element(root.tag, nsmap=root.nsmap), qn("w:body"))

    def feed(self, blocks: Iterable[T]) -> Iterator[T]:
        """`blocks`, spilling before every `every`-th: by then the block before has been
        written whole (the walk asks for the next one only when it is done)."""
        for count, block in enumerate(blocks):
            if count and count % self._every == 0:
                self.spill()
            yield block

    def spill(self) -> None:
        """Write out all but the last KEEP body elements (the w:sectPr always stays)."""
        finished = list(self._body)[:-1][:-KEEP]
        if not finished:
            return
        for element in finished:
            self._twin_body.append(element)  # moves it out of the document's tree
        self._next_id = number_drawings([self._twin_body], self._next_id)
        self._chunks.append(_inner_xml(self._twin_body))
        for element in finished:
            self._twin_body.remove(element)
        kept = set(self._body)
        self._flow.written = [p for p in self._flow.written if p._p in kept]

    def save(self, roots: Iterable[etree._Element]) -> bytes:
        """The .docx bytes: the tree saved by python-docx, the spilled text put back.
        `roots` are the parts whose pictures are numbered after the body's (header,
        footer)."""
        number_drawings([self._body, *roots], self._next_id)
        if not self._chunks:
            return _saved(self._word)
        self._body.insert(0, etree.Element(qn(f"w:{_MARK}")))
        return _put_back(_saved(self._word), self._chunks)


def number_drawings(roots: Iterable[etree._Element], first: int = 1) -> int:
    """Number every wp:docPr under `roots` from `first`, in document order; the next id.

    python-docx numbers pictures per part, so a header logo and the first body picture
    both get id 1; Word reports duplicates as unreadable content."""
    next_id = first
    for root in roots:
        for doc_pr in root.iter(qn("wp:docPr")):
            doc_pr.set("id", str(next_id))
            next_id += 1
    return next_id


def _inner_xml(body: etree._Element) -> bytes:
    """The XML of `body`'s children, without the enclosing document and body tags."""
    text = etree.tostring(body.getparent(), encoding="UTF-8", standalone=True)
    start = text.index(b">", text.index(b"<w:body")) + 1
    return text[start : text.rindex(b"</w:body>")]


def _saved(word: WordDocument) -> bytes:
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _put_back(saved: bytes, chunks: list[bytes]) -> bytes:
    """The same zip, entry for entry, with the spilled text in place of the mark."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(saved)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename != DOCUMENT_PART:
                target.writestr(info, data)
                continue
            head, tail = _split_at_mark(data)
            with target.open(info, "w") as stream:
                stream.write(head)
                for chunk in chunks:
                    stream.write(chunk)
                stream.write(tail)
    return out.getvalue()


def _split_at_mark(xml: bytes) -> tuple[bytes, bytes]:
    mark = f"<w:{_MARK}/>".encode()
    at = xml.index(mark)
    return xml[:at], xml[at + len(mark) :]
