"""The statistics bar chart for the PDF: the design's layout painted as a reportlab drawing,
split between rows where a page ends when it is taller than a page."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from briefpack.document.nodes import BarChart
from briefpack.render.design.chart import Axis, Bar, ChartLayout, Words, chart_layout
from briefpack.render.pdf.fonts import PdfFonts
from briefpack.render.pdf.tagged import draw_marked
from briefpack.render.pdf.tagging import Elem


@dataclass(frozen=True)
class ChartTags:
    """The chart's elements: the picture (bars and axis) as a Figure with the chart's alt
    text, and its words as a table, the title its caption, one row per bar (the label a
    row header, the figure a cell)."""

    figure: Elem
    caption: Elem
    rows: tuple[tuple[Elem, Elem], ...]


@dataclass(frozen=True)
class ChartInk:
    """The chart's colours: bars, words and the axis."""

    bar: colors.Color
    ink: colors.Color
    muted: colors.Color


def bar_chart(
    chart: BarChart,
    width: float,
    size: float,
    fonts: PdfFonts,
    ink: ChartInk,
    room: float,
    tags: ChartTags | None = None,
) -> Flowable:
    """The chart as one drawing, or, when taller than `room`, as a chart that splits
    between rows where the page ends.

    A drawing cannot split, and one taller than the frame stopped the whole layout
    (43 police forces do not fit one page): a long chart starts where it stands and
    goes on over the page under the chart's continued title, on one scale throughout.
    """
    layout = chart_layout(chart, width, size, fonts.measure)
    rows = tuple(range(len(chart.bars)))
    # One that fits is kept whole, as a drawing would be.
    return SplitChart(layout, rows, fonts, ink, tags, splits=layout.height_of(rows) > room)


@dataclass(frozen=True)
class ChartDrawing:
    """Some rows of a laid-out chart, painted."""

    layout: ChartLayout
    rows: tuple[int, ...]
    fonts: PdfFonts
    ink: ChartInk
    continued: bool = False
    tags: ChartTags | None = None

    def drawing(self) -> tuple[Drawing, dict[int, Elem | None]]:
        """The drawing, and the element each of its shapes is part of (by shape id)."""
        height = self.layout.height_of(self.rows)
        drawing = Drawing(self.layout.width, height)
        # Otherwise the drawing's state starts in Helvetica, an unembedded base font.
        drawing.initialFontName = self.fonts.regular
        shapes = self.layout.shapes(self.rows, continued=self.continued)
        marks: dict[int, Elem | None] = {}
        for shape, tag in zip(shapes, self._tags(shapes), strict=True):
            drawn = len(drawing.contents)
            if isinstance(shape, Words):
                self._words(drawing, shape, height - shape.baseline)
            elif isinstance(shape, Bar):
                y = height - shape.top - shape.height
                drawing.add(Rect(shape.x, y, shape.width, shape.height, fillColor=self.ink.bar,
                                 strokeColor=None))  # fmt: skip
            elif isinstance(shape, Axis):
                drawing.add(Line(shape.x, height - shape.bottom, shape.x, height - shape.top,
                                 strokeColor=self.ink.muted, strokeWidth=shape.width))  # fmt: skip
            marks.update((id(node), tag) for node in drawing.contents[drawn:])
        return drawing, marks

    def _tags(self, shapes: list) -> list[Elem | None]:
        """Each shape's element, read off the layout's order: the title, then per row its
        label lines (regular), its bar, its figure (bold); then the axis. The continued
        title over a later part repeats the caption: an artifact."""
        tags = self.tags
        if tags is None:
            return [None] * len(shapes)
        out: list[Elem | None] = []
        rows = iter(self.rows)
        row = next(rows, None)
        for i, shape in enumerate(shapes):
            if isinstance(shape, Bar | Axis):
                out.append(tags.figure)
            elif i == 0 and shape.face == "bold" and self._has_title():
                out.append(None if self.continued else tags.caption)
            elif row is None:
                out.append(None)
            elif shape.face == "bold":  # the figure ends its row
                out.append(tags.rows[row][1])
                row = next(rows, None)
            else:
                out.append(tags.rows[row][0])
        return out

    def _has_title(self) -> bool:
        layout = self.layout
        return bool(layout.continued_title if self.continued else layout.title)

    def _words(self, drawing: Drawing, words: Words, y: float) -> None:
        """String shapes for one line, switching to the fallback font where needed."""
        x, size = words.x, self.layout.size
        for run_font, chunk in self.fonts.runs(words.text, self.fonts.for_face(words.face)):
            drawing.add(String(x, y, chunk, fontName=run_font, fontSize=size,
                               fillColor=self.ink.ink))  # fmt: skip
            x += stringWidth(chunk, run_font, size)


class SplitChart(Flowable):
    """Some rows of a bar chart; splits at the rows that fit the space left (a chart that
    fits its page is made with splits=False and, like a drawing, is kept whole)."""

    def __init__(
        self,
        layout: ChartLayout,
        rows: tuple[int, ...],
        fonts: PdfFonts,
        ink: ChartInk,
        tags: ChartTags | None = None,
        continued: bool = False,
        *,
        splits: bool = True,
    ):
        super().__init__()
        self.part = ChartDrawing(layout, rows, fonts, ink, continued, tags)
        self.splits = splits
        self.width, self.height = layout.width, layout.height_of(rows)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        part = self.part
        if not self.splits:
            return []
        count = part.layout.rows_that_fit(part.rows, avail_height)
        if count == 0 or count == len(part.rows):
            return []  # not one row fits here: platypus moves on to the next page
        head, rest = part.rows[:count], part.rows[count:]
        return [
            SplitChart(part.layout, head, part.fonts, part.ink, part.tags, part.continued),
            SplitChart(part.layout, rest, part.fonts, part.ink, part.tags, continued=True),
        ]

    def draw(self) -> None:
        draw_marked(*self.part.drawing(), self.canv)
