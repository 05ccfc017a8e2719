"""Custom reportlab flowables: threat scale, QR code, bar chart, fitted image, outlined heading."""

from __future__ import annotations

import re
from functools import lru_cache
from io import BytesIO

import segno
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Table

from briefpack.document.nodes import Inline, LineBreak, Link, Text, ThreatScaleStep
from briefpack.render import palette
from briefpack.render.palette import TypeScale
from briefpack.render.pdf_fonts import PdfFonts

# ---- headings with bookmarks -------------------------------------------------


class Para(Paragraph):
    """A Paragraph that keeps its line breaks while the width stays the same.

    Tables and KeepTogether wrap the same paragraph several times at one width;
    line breaking is the biggest cost of a render, so do it once per width.
    Paragraph.wrap ignores the available height, so the width is the whole key.
    """

    _bp_wrapped_at: float | None = None

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        # split() may drop blPara to force a re-break; only trust a live one.
        if self._bp_wrapped_at == avail_width and "blPara" in self.__dict__:
            return self.width, self.height
        result = super().wrap(avail_width, avail_height)
        self._bp_wrapped_at = avail_width
        return result


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


# ---- the five-step threat scale ----------------------------------------------

STEP_FILLS = {rank: colors.HexColor(f"#{hex_}") for rank, hex_ in palette.STEP_FILLS.items()}
STEP_INK = {rank: colors.HexColor(f"#{hex_}") for rank, hex_ in palette.STEP_INK.items()}


class ThreatScale(Flowable):
    """LOW … CRITICAL in five labelled boxes; the current one is taller, boxed and marked."""

    _MARKER_H = 11.0  # the current step's marker words and ▼ above it
    _BOX_H = 26.0
    _GROW = 4.0  # how far the current step sticks out above and below the others
    _GAP = 3.0
    _MEANING_SIZE = 7.0

    def __init__(
        self,
        steps: tuple[ThreatScaleStep, ...],
        fonts: PdfFonts,
        ink: colors.Color,
        scale: TypeScale | None = None,
        step_colours: tuple[dict, dict] | None = None,  # (fills, inks) by rank
    ):
        super().__init__()
        self.steps = steps
        self.fonts = fonts
        self.ink = ink
        self._meaning_lines: list[list[str]] = []
        self.scale = scale or TypeScale()
        self.fills, self.inks = step_colours or (STEP_FILLS, STEP_INK)
        # Large print: every size grows with the body size (and never drops below its floor).
        self._MARKER_H = self.scale(self._MARKER_H)
        self._BOX_H = self.scale(self._BOX_H)
        self._MEANING_SIZE = self.scale(self._MEANING_SIZE)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        step_w = self._step_width()
        self._meaning_lines = [
            simpleSplit(s.meaning, self.fonts.regular, self._MEANING_SIZE, step_w - 4)[:4]
            for s in self.steps
        ]
        lines = max((len(m) for m in self._meaning_lines), default=0)
        self.height = (
            self._MARKER_H + 2 * self._GROW + self._BOX_H + 5 + lines * self._MEANING_SIZE * 1.2
        )
        return self.width, self.height

    def _step_width(self) -> float:
        count = max(len(self.steps), 1)
        return (self.width - self._GAP * (count - 1)) / count

    def draw(self) -> None:
        step_w = self._step_width()
        box_bottom = self.height - self._MARKER_H - self._GROW - self._BOX_H
        for i, step in enumerate(self.steps):
            x = i * (step_w + self._GAP)
            self._draw_step(step, x, box_bottom, step_w)
            self._draw_meaning(self._meaning_lines[i], x, box_bottom, step_w, step.current)

    def _draw_step(self, step: ThreatScaleStep, x: float, bottom: float, w: float) -> None:
        canv = self.canv
        canv.saveState()
        canv.setFillColor(self.fills.get(step.rank, colors.lightgrey))
        if step.current:
            canv.setStrokeColor(self.ink)
            canv.setLineWidth(2.5)
            canv.rect(x, bottom - self._GROW, w, self._BOX_H + 2 * self._GROW, fill=1, stroke=1)
            self._draw_marker(x + w / 2, bottom + self._BOX_H + self._GROW + 3, step.marker)
            font, size = self.fonts.bold, self.scale(11.5)
        else:
            canv.rect(x, bottom, w, self._BOX_H, fill=1, stroke=0)
            font, size = self.fonts.bold, self.scale(8.5)
        canv.setFillColor(self.inks.get(step.rank, colors.black))
        label = step.name
        size = self.scale.at_least(min(size, _fit_size(label, font, size, w - 6)))
        canv.setFont(font, size)
        canv.drawCentredString(x + w / 2, bottom + self._BOX_H / 2 - size * 0.35, label)
        canv.restoreState()

    def _draw_marker(self, cx: float, y: float, words: str) -> None:
        """A downward triangle and the tree's words, so 'current' never depends on colour."""
        canv = self.canv
        canv.setFillColor(self.ink)
        path = canv.beginPath()
        path.moveTo(cx - 4, y + 4)
        path.lineTo(cx + 4, y + 4)
        path.lineTo(cx, y)
        path.close()
        canv.drawPath(path, fill=1, stroke=0)
        canv.setFont(self.fonts.bold, self.scale(6.5))
        canv.drawCentredString(cx, y + 5.5, words)

    def _draw_meaning(self, lines: list[str], x: float, bottom: float, w: float, current: bool):
        canv = self.canv
        canv.saveState()
        canv.setFillColor(self.ink)
        font = self.fonts.bold if current else self.fonts.regular
        canv.setFont(font, self._MEANING_SIZE)
        y = bottom - self._GROW - 3 - self._MEANING_SIZE
        for line in lines:
            canv.drawCentredString(x + w / 2, y, line)
            y -= self._MEANING_SIZE * 1.2
        canv.restoreState()


def _fit_size(text: str, font: str, size: float, width: float) -> float:
    """The font size at which text fits the width (never larger than size)."""
    natural = stringWidth(text, font, size)
    return size if natural <= width else size * width / natural


# ---- QR codes ------------------------------------------------------------------


@lru_cache(maxsize=256)
def _qr_ops(url: str) -> tuple[int, str]:
    """PDF path operators for the dark modules, one unit per module, row 0 at the top.

    Written once per URL as integers: formatting a thousand float rects through
    the canvas on every render cost more than the rest of the links section.
    """
    matrix = segno.make(url, error="m", micro=False).matrix
    count = len(matrix)
    ops = []
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
    return count, "\n".join(ops)


class QrCode(Flowable):
    """A QR code drawn as vector rectangles (sharp at any print resolution), clickable."""

    def __init__(self, url: str, size: float = 20 * mm):
        super().__init__()
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


class FittedImage(Flowable):
    """An image scaled to fit the frame, keeping its aspect ratio, with its alt text.

    reportlab cannot tag a PDF, so the alt text is written as invisible text
    over the image: text extraction and untagged-PDF screen readers find it.
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
    ):
        super().__init__()
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


# ---- long paragraphs -------------------------------------------------------------

# reportlab re-breaks the rest of a paragraph at every page split: one 1 MB
# paragraph takes minutes, the same text as 2 KB paragraphs a fraction of a second.
CHUNK_CHARS = 2000
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+")


def split_inlines(
    inlines: tuple[Inline, ...], limit: int = CHUNK_CHARS
) -> list[tuple[Inline, ...]]:
    """Inlines cut into runs of about `limit` characters, at a sentence or word where possible.

    Joined again the pieces hold exactly the original text: nothing is added,
    dropped or reordered, except a line break where a cut falls on one.
    """
    if sum(_length(node) for node in inlines) <= limit:
        return [inlines]
    chunks: list[tuple[Inline, ...]] = []
    current: list[Inline] = []
    size = 0
    for node in inlines:
        if isinstance(node, LineBreak) and size >= limit // 2:
            chunks.append(tuple(current))  # the paragraph break stands for the line break
            current, size = [], 0
            continue
        for piece in _pieces(node, limit):
            length = _length(piece)
            if current and size + length > limit:
                chunks.append(tuple(current))
                current, size = [], 0
            current.append(piece)
            size += length
    if current:
        chunks.append(tuple(current))
    return chunks


def _length(node: Inline) -> int:
    if isinstance(node, Text):
        return len(node.text)
    if isinstance(node, Link):
        return sum(_length(child) for child in node.children)
    return 1


def _pieces(node: Inline, limit: int) -> list[Inline]:
    """A node as pieces of at most `limit` characters (a long link stays a link per piece)."""
    if isinstance(node, Text) and len(node.text) > limit:
        return [Text(part, node.bold, node.italic) for part in cut_text(node.text, limit)]
    if isinstance(node, Link) and _length(node) > limit:
        return [Link(node.url, chunk) for chunk in split_inlines(node.children, limit)]
    return [node]


def cut_text(text: str, limit: int) -> list[str]:
    """Text in pieces of at most `limit` characters, cut after a sentence, else a space."""
    parts = []
    while len(text) > limit:
        window = text[:limit]
        cut = 0
        for match in _SENTENCE_END.finditer(window, limit // 2):
            cut = match.end()
        if not cut:
            space = max(window.rfind(" "), window.rfind("\n"))
            cut = space + 1 if space > limit // 4 else limit
        parts.append(text[:cut])
        text = text[cut:]
    parts.append(text)
    return parts
