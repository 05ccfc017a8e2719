"""The statistics bar chart for the PDF: the design's layout painted as a reportlab drawing,
split between rows where a page ends when it is taller than a page."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from briefpack.document.nodes import BarChart
from briefpack.render.design.chart import Axis, Bar, ChartLayout, Words, chart_layout
from briefpack.render.pdf.fonts import PdfFonts


@dataclass(frozen=True)
class ChartInk:
    """The chart's colours: bars, words and the axis."""

    bar: colors.Color
    ink: colors.Color
    muted: colors.Color


def bar_chart(
    chart: BarChart, width: float, size: float, fonts: PdfFonts, ink: ChartInk, room: float
) -> Flowable:
    """The chart as one drawing, or, when taller than `room`, as a chart that splits
    between rows where the page ends.

    A drawing cannot split, and one taller than the frame stopped the whole layout
    (43 police forces do not fit one page): a long chart starts where it stands and
    goes on over the page under the chart's continued title, on one scale throughout.
    """
    layout = chart_layout(chart, width, size, fonts.measure)
    rows = tuple(range(len(chart.bars)))
    if layout.height_of(rows) <= room:
        return ChartDrawing(layout, rows, fonts, ink).drawing()
    return SplitChart(layout, rows, fonts, ink)


@dataclass(frozen=True)
class ChartDrawing:
    """Some rows of a laid-out chart, painted."""

    layout: ChartLayout
    rows: tuple[int, ...]
    fonts: PdfFonts
    ink: ChartInk
    continued: bool = False

    def drawing(self) -> Drawing:
        height = self.layout.height_of(self.rows)
        drawing = Drawing(self.layout.width, height)
        # Otherwise the drawing's state starts in Helvetica, an unembedded base font.
        drawing.initialFontName = self.fonts.regular
        for shape in self.layout.shapes(self.rows, continued=self.continued):
            if isinstance(shape, Words):
                self._words(drawing, shape, height - shape.baseline)
            elif isinstance(shape, Bar):
                y = height - shape.top - shape.height
                drawing.add(Rect(shape.x, y, shape.width, shape.height, fillColor=self.ink.bar,
                                 strokeColor=None))  # fmt: skip
            elif isinstance(shape, Axis):
                drawing.add(Line(shape.x, height - shape.bottom, shape.x, height - shape.top,
                                 strokeColor=self.ink.muted, strokeWidth=shape.width))  # fmt: skip
        return drawing

    def _words(self, drawing: Drawing, words: Words, y: float) -> None:
        """String shapes for one line, switching to the fallback font where needed."""
        x, size = words.x, self.layout.size
        for run_font, chunk in self.fonts.runs(words.text, self.fonts.for_face(words.face)):
            drawing.add(String(x, y, chunk, fontName=run_font, fontSize=size,
                               fillColor=self.ink.ink))  # fmt: skip
            x += stringWidth(chunk, run_font, size)


class SplitChart(Flowable):
    """Some rows of a long bar chart; splits at the rows that fit the space left."""

    def __init__(
        self,
        layout: ChartLayout,
        rows: tuple[int, ...],
        fonts: PdfFonts,
        ink: ChartInk,
        continued: bool = False,
    ):
        super().__init__()
        self.part = ChartDrawing(layout, rows, fonts, ink, continued)
        self.width, self.height = layout.width, layout.height_of(rows)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        part = self.part
        count = part.layout.rows_that_fit(part.rows, avail_height)
        if count == 0 or count == len(part.rows):
            return []  # not one row fits here: platypus moves on to the next page
        head, rest = part.rows[:count], part.rows[count:]
        return [
            SplitChart(part.layout, head, part.fonts, part.ink, part.continued),
            SplitChart(part.layout, rest, part.fonts, part.ink, continued=True),
        ]

    def draw(self) -> None:
        renderPDF.draw(self.part.drawing(), self.canv, 0, 0)
