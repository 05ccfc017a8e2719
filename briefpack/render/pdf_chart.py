"""The statistics bar chart for the PDF: a reportlab drawing, split between rows when long."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from briefpack.document.nodes import BarChart
from briefpack.render.images import bar_fraction, chart_peak
from briefpack.render.pdf_fonts import PdfFonts


@dataclass(frozen=True)
class ChartLook:
    bar: colors.Color
    ink: colors.Color
    muted: colors.Color
    size: float


def bar_chart(
    chart: BarChart, width: float, fonts: PdfFonts, look: ChartLook, frame_height: float
) -> Flowable:
    """The chart as one drawing, or, when taller than `frame_height`, as a chart that
    splits between rows where the page ends.

    A drawing cannot split, and one taller than the frame stopped the whole layout
    (43 police forces do not fit one page): a long chart starts where it stands and
    goes on over the page under the chart's continued title, on one scale throughout.
    """
    layout = _ChartRows(chart, width, fonts, look.size)
    rows = tuple(range(len(chart.bars)))
    if layout.height_of(rows) <= frame_height:
        return layout.drawing(rows, chart.title, look)
    return SplitChart(layout, rows, look)


class SplitChart(Flowable):
    """Some rows of a long bar chart; splits at the rows that fit the space left."""

    def __init__(
        self, layout: _ChartRows, rows: tuple[int, ...], look: ChartLook, continued: bool = False
    ):
        super().__init__()
        self.layout, self.rows, self.look, self.continued = layout, rows, look, continued
        self.width, self.height = layout.width, layout.height_of(rows)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        count, used = 0, self.layout.title_h + 4
        for i in self.rows:
            used += self.layout.rows[i]
            if used > avail_height:
                break
            count += 1
        if count == 0 or count == len(self.rows):
            return []  # not one row fits here: platypus moves on to the next page
        first = SplitChart(self.layout, self.rows[:count], self.look, self.continued)
        return [first, SplitChart(self.layout, self.rows[count:], self.look, continued=True)]

    def draw(self) -> None:
        chart = self.layout.chart
        title = chart.continued_title if self.continued else chart.title
        renderPDF.draw(self.layout.drawing(self.rows, title, self.look), self.canv, 0, 0)


class _ChartRows:
    """The chart's measurements, shared by all its parts so they line up on one scale."""

    def __init__(self, chart: BarChart, width: float, fonts: PdfFonts, size: float):
        self.chart, self.width, self.fonts, self.size = chart, width, fonts, size
        self.label_w = width * 0.38
        value_w = max((stringWidth(b.shown, fonts.bold, size) for b in chart.bars), default=0) + 6
        self.bar_area = max(width - self.label_w - value_w - 8, 10)
        self.labels = [
            simpleSplit(b.label, fonts.regular, size, self.label_w - 6)[:3] for b in chart.bars
        ]
        self.rows = [max(len(lines), 1) * size * 1.2 + 6 for lines in self.labels]
        self.title_h = size * 1.8 if chart.title else 0
        self.peak = chart_peak(chart)

    def height_of(self, indexes: tuple[int, ...]) -> float:
        return sum(self.rows[i] for i in indexes) + self.title_h + 4

    def drawing(self, indexes: tuple[int, ...], title: str, look: ChartLook) -> Drawing:
        fonts, size, label_w, title_h = self.fonts, self.size, self.label_w, self.title_h
        height = self.height_of(indexes)
        drawing = Drawing(self.width, height)
        # Otherwise the drawing's state starts in Helvetica, an unembedded base font.
        drawing.initialFontName = fonts.regular
        if title:
            line = _first_line(title, fonts.bold, size, self.width)
            _add_text(drawing, fonts, 0, height - size * 1.1, line, fonts.bold, size, look.ink)
        top = height - title_h
        for i in indexes:
            bar, lines, row_h = self.chart.bars[i], self.labels[i], self.rows[i]
            mid = top - row_h / 2
            y = mid + (len(lines) - 1) * size * 0.6 - size * 0.35
            for line in lines:
                _add_text(drawing, fonts, 0, y, line, fonts.regular, size, look.ink)
                y -= size * 1.2
            length = self.bar_area * bar_fraction(bar.value, self.peak)
            bar_h = min(row_h - 6, size * 1.5)
            drawing.add(
                Rect(label_w, mid - bar_h / 2, length, bar_h, fillColor=look.bar, strokeColor=None)
            )
            drawing.add(
                String(label_w + length + 4, mid - size * 0.35, bar.shown, fontName=fonts.bold,
                       fontSize=size, fillColor=look.ink)
            )  # fmt: skip
            top -= row_h
        drawing.add(
            Line(label_w, 2, label_w, height - title_h, strokeColor=look.muted, strokeWidth=0.6)
        )
        return drawing


def _first_line(text: str, font: str, size: float, width: float) -> str:
    """A title cut to one line (ending "…") so it never runs off the page."""
    lines = simpleSplit(text, font, size, width - size)
    if len(lines) <= 1:
        return text
    return lines[0] + "…"


def _add_text(drawing: Drawing, fonts: PdfFonts, x, y, text, font, size, colour) -> None:
    """String shapes for one line, switching to the fallback font where needed."""
    for run_font, chunk in fonts.runs(text, font):
        drawing.add(String(x, y, chunk, fontName=run_font, fontSize=size, fillColor=colour))
        x += stringWidth(chunk, run_font, size)
