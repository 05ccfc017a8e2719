"""Writes the finished PDF file: reportlab's objects as reportlab formats them, the structure
tree packed into compressed object streams, and a cross-reference stream (PDF 1.5+).

reportlab's own save keeps every object registered in three dictionaries, formats each to
a separate bytes object, then joins them: for a 1,500-page tagged handout that is 70,000
structure elements held three times over, about a third of the render's peak memory. Here
the structure elements are never registered: they get a block of object numbers reserved
up front (`reserve`), and are formatted a stream's worth at a time, compressed and
appended to the one growing file. The structure is most of a tagged file's objects and
compresses to a sixth, so the file shrinks too.

Every number and byte follows drawing order: invariant output stays byte-identical.
"""

from __future__ import annotations

import io
import zlib
from array import array
from collections.abc import Iterable
from itertools import islice, repeat

from reportlab.pdfbase.pdfdoc import PDFDocument, PDFIndirectObject
from reportlab.pdfgen.canvas import Canvas

# Objects per object stream: big enough to compress well, small enough that one stream's
# text (a few tens of kB) is all that is held at a time.
OBJECTS_PER_STREAM = 200
HEADER = b"%PDF-1.7\n%\x93\x8c\x8b\x9e briefpack\n"


def reserve(doc: PDFDocument, count: int) -> int:
    """Reserve `count` object numbers for objects this module writes itself (packed into
    object streams at the end of the file): the first of them. reportlab numbers what it
    registers later after the block."""
    first = doc.objectcounter + 1
    doc.objectcounter += count
    return first


def pdf_file(doc: PDFDocument, canvas: Canvas, packed: Iterable[tuple[int, bytes]] = ()) -> bytes:
    """The whole file: `doc`'s registered objects, then `packed` (object number and the
    formatted object, for numbers reserved with `reserve`, in any order) in object
    streams, then the cross-reference stream and the trailer."""
    if doc.encrypt.info() is not None:
        raise ValueError("an encrypted PDF cannot be written with object streams")
    _prepare(doc, canvas)
    file = _File(doc)
    file.write_registered()
    file.write_packed(packed)
    return file.finish()


def _prepare(doc: PDFDocument, canvas: Canvas) -> None:
    """What reportlab's GetPDFData does before formatting: fonts' objects, the info
    dictionary's digest, the catalog and info registered, the outline made ready."""
    for font in doc.delayedFonts:
        font.addObjects(doc)
    doc.info.invariant = doc.invariant
    doc.info.digest(doc.signature)
    doc.Reference(doc.Catalog)
    doc.Reference(doc.info)
    doc.Outlines.prepare(doc, canvas)
    if doc.Outlines.ready < 0:
        doc.Catalog.Outlines = None


class _File:
    """The file as it grows: one buffer, and where each object is."""

    def __init__(self, doc: PDFDocument) -> None:
        self.doc = doc
        # BytesIO, not bytearray: getvalue() hands over its buffer without a copy (bytes()
        # of a bytearray would hold the whole file twice at the end).
        self.out = io.BytesIO()
        self.out.write(HEADER)
        self.xref = _Xref()

    def write_registered(self) -> None:
        """reportlab's objects in number order, skipping reserved numbers; objects can be
        registered while others are formatted, so the end is read anew each time."""
        doc = self.doc
        number = 0
        while number < doc.objectcounter:
            number += 1
            name = doc.numberToId.get(number)
            if name is None:
                continue  # reserved: written by write_packed
            self.xref.at_offset(number, self.out.tell())
            self.out.write(PDFIndirectObject(name, doc.idToObject[name]).format(doc))

    def write_packed(self, packed: Iterable[tuple[int, bytes]]) -> None:
        items = iter(packed)
        while chunk := list(islice(items, OBJECTS_PER_STREAM)):
            self._object_stream(chunk)

    def _object_stream(self, chunk: list[tuple[int, bytes]]) -> None:
        stream_number = self._new_number()
        index, body = [], bytearray()
        for position, (number, data) in enumerate(chunk):
            index.append(b"%d %d" % (number, len(body)))
            self.xref.in_stream(number, stream_number, position)
            body += data
            body += b"\n"
        head = b" ".join(index) + b"\n"
        data = zlib.compress(head + body)
        self._stream(
            stream_number,
            b"/Type /ObjStm /N %d /First %d /Filter /FlateDecode" % (len(chunk), len(head)),
            data,
        )

    def _stream(self, number: int, entries: bytes, data: bytes) -> None:
        self.xref.at_offset(number, self.out.tell())
        self.out.write(b"%d 0 obj\n<< %s /Length %d >>\nstream\n" % (number, entries, len(data)))
        self.out.write(data)
        self.out.write(b"\nendstream\nendobj\n")

    def _new_number(self) -> int:
        self.doc.objectcounter += 1
        return self.doc.objectcounter

    def finish(self) -> bytes:
        """The cross-reference stream (also the trailer), and the end of the file."""
        doc = self.doc
        xref_number = self._new_number()
        start = self.out.tell()
        self.xref.at_offset(xref_number, start)
        size = doc.objectcounter + 1
        missing = self.xref.missing(size)
        if missing:  # a reserved number nothing was written for: a reader would find nothing
            raise ValueError(f"PDF objects {missing[:5]} were reserved but never written")
        width = max(1, (max(start, size).bit_length() + 7) // 8)
        rows = self.xref.rows(size, width)
        catalog = doc.Reference(doc.Catalog).format(doc)
        info = doc.Reference(doc.info).format(doc)
        file_id = doc.ID().split(b"]")[0].strip() + b"]"  # without reportlab's comment
        entries = (
            b"/Type /XRef /Size %d /W [1 %d 2] /Root %s /Info %s /ID %s /Filter /FlateDecode"
            % (size, width, catalog, info, file_id)
        )
        self._stream(xref_number, entries, zlib.compress(rows))
        self.out.write(b"startxref\n%d\n%%%%EOF\n" % start)
        return self.out.getvalue()  # the buffer itself, not a copy


class _Xref:
    """Where each object is: at an offset in the file (type 1) or at a position in an object
    stream (type 2). Arrays indexed by object number: a dict of 70,000 tuples cost 8 MB."""

    def __init__(self) -> None:
        self.kind = bytearray(1)  # 0: nothing written (yet), 1: offset, 2: in a stream
        self.first = array("Q", [0])  # the offset, or the object stream's number
        self.second = array("H", [0])  # the position in the object stream

    def _grow(self, number: int) -> None:
        if number >= len(self.kind):
            extra = number + 1 - len(self.kind)
            self.kind.extend(bytes(extra))
            self.first.extend(repeat(0, extra))
            self.second.extend(repeat(0, extra))

    def at_offset(self, number: int, offset: int) -> None:
        self._grow(number)
        self.kind[number], self.first[number] = 1, offset

    def in_stream(self, number: int, stream: int, position: int) -> None:
        self._grow(number)
        self.kind[number], self.first[number], self.second[number] = 2, stream, position

    def missing(self, size: int) -> list[int]:
        self._grow(size - 1)
        return [n for n in range(1, size) if not self.kind[n]]

    def rows(self, size: int, width: int) -> bytes:
        """The cross-reference stream's data, W [1 width 2]: filled into one buffer (a
        bytes object per row would be 70,000 of them)."""
        row = 1 + width + 2
        out = bytearray(size * row)
        out[0 : 1 + width + 2] = b"\x00" + b"\x00" * width + b"\xff\xff"  # free-list head
        for number in range(1, size):
            at = number * row
            out[at] = self.kind[number]
            out[at + 1 : at + 1 + width] = self.first[number].to_bytes(width, "big")
            out[at + 1 + width : at + row] = self.second[number].to_bytes(2, "big")
        return bytes(out)
