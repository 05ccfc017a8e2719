"""The statistics bar chart for the DOCX: the design's layout painted as PNG pictures.

Word cannot take reportlab drawings, so the chart is drawn with Pillow in the brand's own
TrueType fonts, on the layout both writers share (render/design/chart.py). Taller than a
page, Word would clip it: it comes as parts of whole rows, all on the whole chart's scale.
Pictures are cached: re-rendering a pack while the officer edits it redraws nothing that
has not changed.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageDraw

from briefpack.document.nodes import BarChart
from briefpack.model.cache import cached_bytes, code_stamp, file_stamp
from briefpack.render.design.chart import Axis, Bar, ChartLayout, Words, chart_layout
from briefpack.render.raster.pictures import font, is_png, text_width_pt

CHART_DPI = 200


@dataclass(frozen=True)
class ChartStyle:
    """What the chart takes from the design and the brand, in hashable form (for the cache)."""

    bar: str  # "RRGGBB"
    ink: str
    muted: str
    regular_font: str  # path to a .ttf
    bold_font: str
    size_pt: float

    def measure(self, text: str, face: str, size: float) -> float:
        return text_width_pt(text, self.bold_font if face == "bold" else self.regular_font, size)


@dataclass(frozen=True)
class ChartPicture:
    png: bytes
    width_pt: float
    height_pt: float


def bar_chart_pngs(
    chart: BarChart, width_pt: float, style: ChartStyle, max_height_pt: float
) -> list[tuple[BarChart, ChartPicture]]:
    """The chart as pictures no taller than `max_height_pt`: one, or "… (continued)" parts,
    each with its own bars (for its alt text)."""
    width_pt = round(width_pt, 2)
    layout = _layout(chart, width_pt, style)
    parts = layout.parts(max_height_pt)
    if len(parts) == 1:
        return [(chart, _picture(chart, width_pt, style, parts[0], False))]
    return [
        (chart.part(rows, first=k == 0), _picture(chart, width_pt, style, rows, k > 0))
        for k, rows in enumerate(parts)
    ]


@lru_cache(maxsize=16)
def _layout(chart: BarChart, width_pt: float, style: ChartStyle) -> ChartLayout:
    return chart_layout(chart, width_pt, style.size_pt, style.measure)


@lru_cache(maxsize=64)
def _picture(
    chart: BarChart, width_pt: float, style: ChartStyle, rows: tuple[int, ...], continued: bool
) -> ChartPicture:
    """One picture of the chart; its PNG is kept in the user's cache (model/cache.py), keyed
    on the chart, the style, the font files and the code that paints it."""
    layout = _layout(chart, width_pt, style)
    height_pt = layout.height_of(rows)
    parts = (
        "chart", chart, width_pt, style, rows, continued, CHART_DPI,
        file_stamp(style.regular_font), file_stamp(style.bold_font), code_stamp(*_CODE),
    )  # fmt: skip
    png = cached_bytes(
        "chart", lambda: _paint(layout, width_pt, height_pt, style, rows, continued), parts, is_png
    )
    return ChartPicture(png, width_pt, height_pt)


_CODE = ("PIL", __name__, "briefpack.render.design.chart", "briefpack.render.raster.pictures")


def _paint(
    layout: ChartLayout,
    width_pt: float,
    height_pt: float,
    style: ChartStyle,
    rows: tuple[int, ...],
    continued: bool,
) -> bytes:
    scale = CHART_DPI / 72
    size = (max(round(width_pt * scale), 1), max(round(height_pt * scale), 1))
    image = Image.new("RGB", size, "white")
    _Painter(ImageDraw.Draw(image), style, scale).paint(layout.shapes(rows, continued=continued))
    buffer = io.BytesIO()
    # The dpi lets Word show the right size even if the width is ever dropped.
    image.save(buffer, format="PNG", optimize=False, dpi=(CHART_DPI, CHART_DPI))
    return buffer.getvalue()


class _Painter:
    """Draws the layout's shapes, given in points, in pixels."""

    def __init__(self, draw: ImageDraw.ImageDraw, style: ChartStyle, scale: float) -> None:
        self.draw, self.style, self.scale = draw, style, scale
        # The text size in pixels exactly, so the words are as wide as the layout measured.
        size_px = max(style.size_pt * scale, 6)
        self.fonts = {"regular": font(style.regular_font, size_px),
                      "bold": font(style.bold_font, size_px)}  # fmt: skip

    def _px(self, value: float) -> int:
        return round(value * self.scale)

    def paint(self, shapes: list) -> None:
        ink = f"#{self.style.ink}"
        for shape in shapes:
            if isinstance(shape, Words):
                self.draw.text((self._px(shape.x), self._px(shape.baseline)), shape.text,
                               font=self.fonts[shape.face], fill=ink, anchor="ls")  # fmt: skip
            elif isinstance(shape, Bar):
                box = (shape.x, shape.top, shape.x + shape.width, shape.top + shape.height)
                self.draw.rectangle(tuple(self._px(v) for v in box), fill=f"#{self.style.bar}")
            elif isinstance(shape, Axis):
                x = self._px(shape.x)
                self.draw.line((x, self._px(shape.top), x, self._px(shape.bottom)),
                               fill=f"#{self.style.muted}",
                               width=max(round(shape.width * self.scale), 1))  # fmt: skip
