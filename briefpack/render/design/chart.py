"""The statistics bar chart, laid out once: rows, wrapped labels, bar lengths and one scale.

The layout is a list of shapes in points, measured down from the chart's top-left corner;
each writer has a painter that only draws them (render/pdf/chart.py as a reportlab
drawing, render/raster/chart.py as a PNG through Pillow). A chart taller than a page is
drawn in parts of whole rows, all on the whole chart's scale, so bars compare across them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from briefpack.document.nodes import BarChart
from briefpack.render.design.fitting import Measure, first_line, wrap_words

LABEL_SHARE = 0.38  # the label column's share of the width
LABEL_PAD = 6  # between a label and the axis
VALUE_GAP = 4  # between a bar's end and its figure
VALUE_ROOM = 6 + 8  # kept free after the widest figure, then at the right edge
MIN_BAR_AREA = 10
LABEL_LINES = 3  # at most, per bar
LINE = 1.2  # label lines, in ems
ROW_PAD = 6  # above and below a row's lines, together
BAR = 1.5  # a bar's thickness, in ems (less where the row is thinner)
TITLE_ROW = 1.8  # the title's row, in ems
TITLE_BASELINE = 1.1
BASELINE_DROP = 0.35  # a line's baseline below its middle, in ems
FOOT = 4  # below the last row
AXIS_END = 2  # the axis stops this far above the foot
AXIS_WIDTH = 0.6


@dataclass(frozen=True)
class Words:
    """A line of text: `baseline` points below the chart's top."""

    x: float
    baseline: float
    text: str
    face: str  # "regular" or "bold"


@dataclass(frozen=True)
class Bar:
    x: float
    top: float
    width: float
    height: float


@dataclass(frozen=True)
class Axis:
    x: float
    top: float
    bottom: float
    width: float = AXIS_WIDTH


Shape = Words | Bar | Axis


@dataclass(frozen=True)
class Row:
    labels: tuple[str, ...]  # the label, wrapped
    height: float
    length: float  # the bar's length in points
    shown: str  # the figure as the pack wrote it


@dataclass(frozen=True)
class ChartLayout:
    """The whole chart's measurements; any part of its rows is drawn on the same scale."""

    width: float
    size: float  # the text size
    label_width: float
    title: str  # cut to one line, as is the continued title
    continued_title: str
    title_height: float
    rows: tuple[Row, ...]

    def height_of(self, indexes: tuple[int, ...]) -> float:
        return sum(self.rows[i].height for i in indexes) + self.title_height + FOOT

    def rows_that_fit(self, indexes: tuple[int, ...], room: float) -> int:
        """How many of `indexes`, from the first, fit in `room` under the title."""
        count, used = 0, self.title_height + FOOT
        for i in indexes:
            used += self.rows[i].height
            if used > room:
                break
            count += 1
        return count

    def parts(self, max_height: float) -> list[tuple[int, ...]]:
        """The rows dealt in order into parts no taller than `max_height` (a row taller
        than that alone still gets a part of its own)."""
        parts: list[list[int]] = [[]]
        used = self.title_height + FOOT
        for i, row in enumerate(self.rows):
            if parts[-1] and used + row.height > max_height:
                parts.append([])
                used = self.title_height + FOOT
            parts[-1].append(i)
            used += row.height
        return [tuple(p) for p in parts]

    def shapes(self, indexes: tuple[int, ...], *, continued: bool = False) -> list[Shape]:
        """What to draw for these rows: the title (or the continued title), then per row
        its label lines, its bar and its figure, then the axis."""
        size, x0 = self.size, self.label_width
        height = self.height_of(indexes)
        out: list[Shape] = []
        title = self.continued_title if continued else self.title
        if title:
            out.append(Words(0, size * TITLE_BASELINE, title, "bold"))
        top = self.title_height
        for i in indexes:
            row = self.rows[i]
            mid = top + row.height / 2
            # The first line's baseline, so the block of lines centres on the bar.
            y = mid - (len(row.labels) - 1) * size * LINE / 2 + size * BASELINE_DROP
            for line in row.labels:
                out.append(Words(0, y, line, "regular"))
                y += size * LINE
            bar_h = min(row.height - ROW_PAD, size * BAR)
            if row.length > 0:
                out.append(Bar(x0, mid - bar_h / 2, row.length, bar_h))
            out.append(Words(x0 + row.length + VALUE_GAP, mid + size * BASELINE_DROP, row.shown,
                             "bold"))  # fmt: skip
            top += row.height
        out.append(Axis(x0, self.title_height, height - AXIS_END))
        return out


def chart_layout(chart: BarChart, width: float, size: float, measure: Measure) -> ChartLayout:
    """Lay the whole chart out in `width` points with text of `size` points."""
    label_w = width * LABEL_SHARE
    widest = max((measure(" ".join(b.shown.split()), "bold", size) for b in chart.bars),
                 default=0)  # fmt: skip
    bar_area = max(width - label_w - widest - VALUE_ROOM, MIN_BAR_AREA)
    peak = chart_peak(chart)
    rows = []
    for bar in chart.bars:
        labels = wrap_words(bar.label, measure, "regular", size, label_w - LABEL_PAD)
        labels = labels[:LABEL_LINES]
        height = max(len(labels), 1) * size * LINE + ROW_PAD
        shown = " ".join(bar.shown.split())
        rows.append(Row(tuple(labels), height, bar_area * bar_fraction(bar.value, peak), shown))
    title_width = width - size

    def one_line(title: str) -> str:
        return first_line(title, measure, "bold", size, title_width) if title else ""

    return ChartLayout(
        width=width,
        size=size,
        label_width=label_w,
        title=one_line(chart.title),
        continued_title=one_line(chart.continued_title),
        title_height=size * TITLE_ROW if chart.title else 0,
        rows=tuple(rows),
    )


def chart_peak(chart: BarChart) -> float:
    """The largest finite value: the full length of a bar (a 400-digit figure is infinite)."""
    return max((b.value for b in chart.bars if math.isfinite(b.value)), default=0) or 1


def bar_fraction(value: float, peak: float) -> float:
    """How much of the full length a bar takes: 0 to 1, an infinite figure the whole."""
    if math.isnan(value):
        return 0.0
    return min(max(value, 0) / peak, 1.0)
