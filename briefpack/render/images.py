"""Raster pictures for the DOCX: the statistics bar chart and QR codes, as PNG bytes.

Word cannot take reportlab drawings, so the chart is drawn with Pillow in the
brand's own TrueType fonts, laid out on the same measurements as the PDF's
vector chart (label column 38 % of the width, one row per bar, the value as
written at the bar's end) so both outputs take the same space on the page.

Both pictures are pure functions of their inputs and are cached: re-rendering
a pack while the officer edits it redraws nothing that has not changed.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from functools import lru_cache

import segno
from PIL import Image, ImageDraw, ImageFont

from briefpack.document.nodes import BarChart

# ---- text measure --------------------------------------------------------------

_MEASURE_PX = 1000  # measure at a large size, then scale: sub-point accuracy


def text_width_pt(text: str, font_path: str, size_pt: float) -> float:
    """How wide `text` is, as one line, in the TrueType font at `font_path` at `size_pt`."""
    return _font(font_path, _MEASURE_PX).getlength(one_line(text)) * size_pt / _MEASURE_PX


_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")


def one_line(text: str) -> str:
    """Whitespace runs (newlines included) as single spaces; lone surrogates as U+FFFD.

    Pillow's text layout fails on newlines, and a chart label or running
    header is one line anyway.
    """
    return _LONE_SURROGATE.sub("\ufffd", " ".join(text.split()))


# ---- QR codes ------------------------------------------------------------------

QR_MODULE_PX = 10  # pixels per module: sharp at 20 mm (≈ 400 dpi for a 33-module code)


@lru_cache(maxsize=256)
def qr_png(url: str) -> bytes:
    """A black-on-white QR code for `url` with a one-module margin.

    The cell it sits in is white and padded, which completes the quiet zone;
    a full four-module border would only shrink the code on paper.
    """
    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(
        buffer, kind="png", scale=QR_MODULE_PX, border=1, dpi=400
    )
    return buffer.getvalue()


# ---- bar chart -----------------------------------------------------------------


@dataclass(frozen=True)
class ChartStyle:
    """What the chart takes from the brand, in hashable form (for the cache)."""

    bar: str  # "#RRGGBB"
    ink: str
    muted: str
    regular_font: str  # path to a .ttf
    bold_font: str
    size_pt: float = 8.5  # text size, as the PDF's chart uses


@dataclass(frozen=True)
class ChartPicture:
    png: bytes
    width_pt: float
    height_pt: float


CHART_DPI = 200


def bar_chart_png(chart: BarChart, width_pt: float, style: ChartStyle) -> ChartPicture:
    """A horizontal bar chart `width_pt` points wide, as PNG bytes and its size in points."""
    return _bar_chart(chart, round(width_pt, 2), style)


@lru_cache(maxsize=64)
def _bar_chart(chart: BarChart, width_pt: float, style: ChartStyle) -> ChartPicture:
    scale = CHART_DPI / 72
    layout = _ChartLayout(chart, width_pt, style, scale)
    image = Image.new("RGB", (layout.width_px, layout.height_px), "white")
    layout.draw(ImageDraw.Draw(image))
    buffer = io.BytesIO()
    # The dpi lets Word show the right size even if the width is ever dropped.
    image.save(buffer, format="PNG", optimize=False, dpi=(CHART_DPI, CHART_DPI))
    return ChartPicture(buffer.getvalue(), width_pt, layout.height_pt)


@lru_cache(maxsize=16)
def _font(path: str, size_px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size_px)


class _ChartLayout:
    """Measures in points (like the PDF chart), draws in pixels."""

    def __init__(self, chart: BarChart, width_pt: float, style: ChartStyle, scale: float):
        self.chart = chart
        self.style = style
        self.scale = scale
        size = style.size_pt
        self.size = size
        px = max(round(size * scale), 6)
        self.regular = _font(style.regular_font, px)
        self.bold = _font(style.bold_font, px)
        self.width_pt = width_pt
        self.label_w = width_pt * 0.38
        value_w = max((self._text_w(one_line(b.shown), self.bold) for b in chart.bars), default=0)
        value_w += 6
        self.bar_area = max(width_pt - self.label_w - value_w - 8, 10)
        self.labels = [self._wrap(b.label, self.label_w - 6)[:3] for b in chart.bars]
        self.rows = [max(len(lines), 1) * size * 1.2 + 6 for lines in self.labels]
        self.title_h = size * 1.8 if chart.title else 0
        self.height_pt = sum(self.rows) + self.title_h + 4

    @property
    def width_px(self) -> int:
        return max(round(self.width_pt * self.scale), 1)

    @property
    def height_px(self) -> int:
        return max(round(self.height_pt * self.scale), 1)

    def _text_w(self, text: str, font: ImageFont.FreeTypeFont) -> float:
        return font.getlength(text) / self.scale

    def _wrap(self, text: str, width: float) -> list[str]:
        """Greedy word wrap in points; a word wider than the column gets a line of its own."""
        lines: list[str] = []
        line = ""
        for word in one_line(text).split():
            candidate = f"{line} {word}" if line else word
            if line and self._text_w(candidate, self.regular) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        if line:
            lines.append(line)
        return lines or [""]

    def _px(self, value: float) -> int:
        return round(value * self.scale)

    def _text(self, draw: ImageDraw.ImageDraw, x: float, top: float, text: str, font, fill: str):
        """Text whose cap height sits `top` points below the image's top edge."""
        draw.text((self._px(x), self._px(top)), text, font=font, fill=fill, anchor="ls")

    def draw(self, draw: ImageDraw.ImageDraw) -> None:
        size, ink = self.size, self.style.ink
        if self.chart.title:
            self._text(draw, 0, size * 1.1, one_line(self.chart.title), self.bold, ink)
        peak = max((b.value for b in self.chart.bars), default=0) or 1
        top = self.title_h
        for bar, lines, row_h in zip(self.chart.bars, self.labels, self.rows, strict=True):
            mid = top + row_h / 2
            # Baseline of the first label line, so the block of lines centres on the bar.
            y = mid - (len(lines) - 1) * size * 0.6 + size * 0.35
            for line in lines:
                self._text(draw, 0, y, line, self.regular, ink)
                y += size * 1.2
            length = self.bar_area * max(bar.value, 0) / peak
            bar_h = min(row_h - 6, size * 1.5)
            x0 = self.label_w
            if length > 0:
                draw.rectangle(
                    (
                        self._px(x0),
                        self._px(mid - bar_h / 2),
                        self._px(x0 + length),
                        self._px(mid + bar_h / 2),
                    ),
                    fill=self.style.bar,
                )
            self._text(
                draw, x0 + length + 4, mid + size * 0.35, one_line(bar.shown), self.bold, ink
            )
            top += row_h
        axis_x = self._px(self.label_w)
        draw.line(
            (axis_x, self._px(self.title_h), axis_x, self._px(self.height_pt - 2)),
            fill=self.style.muted,
            width=max(round(0.6 * self.scale), 1),
        )
