"""What keeps a long PDF render lean: each page's drawing compressed as soon as the page is
done, and the finished file handed over without a copy.

reportlab keeps every page's content stream as text until it formats the file, then
compresses them all: for a 1,500-page handout that is 17 MB of text held to the end. Here
the stream is compressed when the page is shown, exactly as reportlab would have done it
at save (the same zlib call, the same /Filter): the file is byte-for-byte the same.
"""

from __future__ import annotations

import zlib

from reportlab import rl_config
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFPage, PDFStream


def compress_now(page: PDFPage) -> None:
    """Replace `page`'s content text by its compressed stream, if reportlab would compress
    it at save with Flate alone (the writer turns ASCII85 off)."""
    text = page.stream
    if page.Contents or not text or not page.compression or rl_config.useA85:
        return  # reportlab's own handling at save is left as it is
    data = text.encode("utf8") if isinstance(text, str) else text  # as its Flate filter does
    flate = PDFDictionary({"Filter": PDFArray([PDFName("FlateDecode")])})
    stream = PDFStream(flate, zlib.compress(data))
    stream.__Comment__ = "page stream"
    page.Contents = stream
    page.stream = None


class FinishedFile:
    """A write-once file object for reportlab's save: keeps the finished bytes as given
    (a BytesIO would copy them, once more the size of the whole file)."""

    def __init__(self) -> None:
        self.data = b""

    def write(self, data: bytes) -> int:
        self.data = data if not self.data else self.data + data
        return len(data)

    def getvalue(self) -> bytes:
        return self.data
