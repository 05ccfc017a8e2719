"""Custom reportlab flowables: outlined headings, blocks kept whole, QR codes, pictures."""

from __future__ import annotations

import re
from functools import lru_cache
from io import BytesIO

from reportlab.lib import colors
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Table

from briefpack.model.cache import cached_bytes, code_stamp
from briefpack.render.pdf.fonts import PdfFonts
from briefpack.render.pdf.line_ends import (
    SpacedLines,
    line_texts,
    paragraph_line_ends,
    split_source,
)
from briefpack.render.pdf.tagging import Elem, TaggedDraw

# ---- headings with bookmarks -------------------------------------------------


class Para(TaggedDraw, Paragraph):
    """A Paragraph that keeps its line breaks while the width stays the same, and marks
    what it draws as its structure element (`tag`), every piece of it when split.

    Tables and KeepTogether wrap the same paragraph several times at one width;
    line breaking is the biggest cost of a render, so do it once per width.
    Paragraph.wrap ignores the available height, so the width is the whole key.
    """

    _bp_wrapped_at: float | None = None
    bp_continues = False  # the first part of a paragraph split over two pages

    def __init__(self, text: str, style, tag: Elem | None = None, **kw) -> None:
        super().__init__(text, style, **kw)
        self.tag = tag
        # Its words as given, to tell line breaks between words from ones inside a word
        # (line_ends.py); layout turns the fragments into pieces of lines.
        self.bp_source = None if text is None else "".join(f.text for f in self.frags)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        # split() may drop blPara to force a re-break; only trust a live one.
        if self._bp_wrapped_at == avail_width and "blPara" in self.__dict__:
            return self.width, self.height
        result = super().wrap(avail_width, avail_height)
        self._bp_wrapped_at = avail_width
        return result

    def split(self, avail_width: float, avail_height: float) -> list:
        # reportlab builds the parts through the plain constructor: each part is still
        # this paragraph's element, so a paragraph over two pages stays one element.
        parts = super().split(avail_width, avail_height)
        for part in parts:
            part.tag = self.tag
        if len(parts) == 2 and parts[0] is not self:
            head, tail = parts
            head.bp_continues = True  # its last line ends between two words, mostly
            if self.bp_source is not None and hasattr(head, "blPara"):
                head.bp_source, tail.bp_source, head.bp_continues = split_source(
                    self.bp_source, line_texts(head.blPara)
                )
        return parts

    def beginText(self, x: float, y: float) -> SpacedLines:
        return SpacedLines(self.canv, x, y, iter(paragraph_line_ends(self)))


class OutlinedParagraph(Para):
    """A heading that adds itself to the PDF outline where it is drawn.

    Bookmarking at draw time (rather than in afterFlowable) lands the outline
    entry on the heading's own line, and keeps working inside KeepTogether.
    """

    outline_title = ""
    outline_level = 0
    outline_key = ""

    def set_outline(self, title: str, level: int, key: str) -> OutlinedParagraph:
        self.outline_title, self.outline_level, self.outline_key = title, level, key
        return self

    def split(self, avail_width: float, avail_height: float) -> list:
        parts = super().split(avail_width, avail_height)
        if parts and parts[0] is not self:
            # reportlab builds the parts through the plain constructor: the
            # first part (where the heading starts) carries the bookmark.
            parts[0].set_outline(self.outline_title, self.outline_level, self.outline_key)
            for part in parts[1:]:
                part.outline_key = ""
        return parts

    def draw(self) -> None:
        super().draw()
        if not self.outline_key:
            return
        canv = self.canv
        canv.bookmarkHorizontal(self.outline_key, 0, self.height + self.style.fontSize * 0.5)
        canv.addOutlineEntry(self.outline_title, self.outline_key, level=self.outline_level)


class OutlineLevels:
    """Outline depth from heading levels, never skipping a depth (reportlab refuses).

    A stack of the open entries' wanted levels: a new entry closes those at its
    own level or deeper and sits one below what is left. So Title > H1 > H2
    nests, an H2 with no H1 before it is still legal, and a later H1 is not
    filed under that H2.
    """

    def __init__(self) -> None:
        self._open: list[int] = []
        self._count = 0

    def next(self, wanted: int) -> tuple[int, str]:
        while self._open and self._open[-1] >= wanted:
            self._open.pop()
        level = len(self._open)
        self._open.append(wanted)
        self._count += 1
        return level, f"bp-outline-{self._count}"


# ---- keeping blocks whole ------------------------------------------------------


class Keep(KeepTogether):
    """KeepTogether that, for content taller than a whole page, splits where it stands.

    Plain KeepTogether first jumps to a new page even when the content can never
    fit on one, leaving the rest of the current page blank for nothing.
    """

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        if getattr(self, "_wrapInfo", None) != (avail_width, avail_height):
            self.wrap(avail_width, avail_height)
        frame = getattr(self, "_frame", None)
        content_height = self._H  # set by wrap
        if frame is not None and content_height > frame._height:
            # An action first: platypus then lays the parts out one by one,
            # splitting them as usual, instead of forcing the first part in.
            return [self.NullActionFlowable(), *self._content]
        return super().split(avail_width, avail_height)


# ---- QR codes ------------------------------------------------------------------


# A QR code's operators as the cache keeps them: the module count, then one line per rect.
_QR_OPS = re.compile(rb"\d+\n(?:\d+ \d+ \d+ 1 re\n)*f")


@lru_cache(maxsize=256)
def _qr_ops(url: str) -> tuple[int, str]:
    """PDF path operators for the dark modules, one unit per module, row 0 at the top.

    Written once per URL as integers: formatting a thousand float rects through
    the canvas on every render cost more than the rest of the links section. Kept in the
    user's cache (model/cache.py): a warm render never loads segno.
    """
    parts = ("pdf-qr", url, code_stamp("segno", __name__))
    data = cached_bytes("qr", lambda: _encode_qr_ops(url), parts, _looks_like_ops)
    count, ops = data.decode("ascii").split("\n", 1)
    return int(count), ops


def _looks_like_ops(data: bytes) -> bool:
    return _QR_OPS.fullmatch(data) is not None


def _encode_qr_ops(url: str) -> bytes:
    import segno

    matrix = segno.make(url, error="m", micro=False).matrix
    count = len(matrix)
    ops = [str(count)]
    for row, cells in enumerate(matrix):
        col = 0
        while col < count:
            if cells[col]:
                start = col
                while col < count and cells[col]:
                    col += 1
                ops.append(f"{start} {count - row - 1} {col - start} 1 re")
            else:
                col += 1
    ops.append("f")
    return "\n".join(ops).encode("ascii")


class QrCode(TaggedDraw, Flowable):
    """A QR code drawn as vector rectangles (sharp at any print resolution), clickable;
    tagged as its Figure (`tag`), under the Link that owns its annotation."""

    def __init__(self, url: str, size: float, tag: Elem | None = None):
        super().__init__()
        self.tag = tag
        self.url = url
        self.size = size
        self.width = self.height = size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        count, ops = _qr_ops(self.url)
        canv = self.canv
        canv.saveState()
        canv.setFillColor(colors.black)
        canv.scale(self.size / count, self.size / count)
        canv.addLiteral(ops)
        canv.restoreState()
        canv.linkURL(self.url, (0, 0, self.size, self.size), relative=1)


# ---- images --------------------------------------------------------------------


class FittedImage(TaggedDraw, Flowable):
    """An image scaled to fit the frame, keeping its aspect ratio, with its alt text.

    Tagged as its Figure (`tag`, with /Alt); the alt text is also written as invisible
    text over the image, for text extraction and readers that ignore tags.
    """

    def __init__(
        self,
        data: bytes,
        width_px: int,
        height_px: int,
        *,
        alt: str,
        fonts: PdfFonts,
        natural_width: float,
        max_height: float,
        tag: Elem | None = None,
    ):
        super().__init__()
        self.tag = tag
        self.data = data
        self.ratio = (height_px / width_px) if width_px and height_px else 1.0
        self.alt = alt
        self.fonts = fonts
        self.natural_width = natural_width
        self.max_height = max_height
        self.hAlign = "CENTER"

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        width = min(self.natural_width, avail_width)
        height = width * self.ratio
        if height > self.max_height:
            height = self.max_height
            width = height / self.ratio
        self.width, self.height = width, height
        return width, height

    def draw(self) -> None:
        canv = self.canv
        canv.drawImage(ImageReader(BytesIO(self.data)), 0, 0, self.width, self.height, mask="auto")
        if self.alt:
            self._draw_alt()

    def _draw_alt(self) -> None:
        size = 6.0
        natural = self.fonts.string_width(self.alt, self.fonts.regular, size) or 1
        text = self.canv.beginText(0, 2)
        text.setTextRenderMode(3)  # invisible
        text.setHorizScale(min(100.0, 100.0 * self.width / natural))
        # Run by run, so letters the brand font lacks (Arabic, say) use the fallback.
        for font, chunk in self.fonts.runs(self.alt, self.fonts.regular):
            text.setFont(font, size)
            text.textOut(chunk)
        self.canv.drawText(text)


class WholeRowTable(Table):
    """A one-row table that moves to the next page whole, and splits only if taller than a page.

    With splitInRow alone a tile or link entry at a page foot would break
    needlessly; without it, one taller than a page raises LayoutError.
    """

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        frame = getattr(self, "_frame", None)
        if frame is not None and getattr(self, "_height", 0) <= frame._height:
            return []  # fits on a fresh page: go there whole
        return super().split(avail_width, avail_height)
