"""Statistics for the DOCX: a table of them under a marked header row, then the bar chart
with the same figures as a table after it.

The PDF prints the statistics as tiles; Word gets a plain table instead, one statistic a
row (figure, what it counts, source, as of): a screen reader names each cell's column, and
an officer edits a row rather than a grid of boxes. The chart is a picture with alt text;
its table gives the same figures to anyone who cannot see it.
"""

from __future__ import annotations

from docx.shared import Pt

from briefpack.document import nodes as n
from briefpack.render.design.fitting import shrink_to_fit, wrap_words
from briefpack.render.design.styles import TextStyle
from briefpack.render.docx import ooxml as x
from briefpack.render.docx.base import WriterBase
from briefpack.render.docx.data_tables import data_table, finish, whole_twips
from briefpack.render.docx.flow import Context, Flow
from briefpack.render.docx.styles import STYLE
from briefpack.render.docx.units import emu, points, twips
from briefpack.render.raster.chart import ChartStyle, bar_chart_pngs


class StatBlocks(WriterBase):
    def stat_grid(self, node: n.StatGrid, flow: Flow, ctx: Context) -> None:
        """The table, then the chart and its table: each kept whole, not together (together
        they can outgrow a page), as the design keeps the tiles and the chart."""
        chart = node.chart if node.chart and node.chart.bars else None
        if node.tiles:
            self._stat_table(node, flow)
        if chart is not None:
            self._chart(chart, flow)
            self._chart_table(chart, node.headers[:2], flow)

    def _stat_table(self, node: n.StatGrid, flow: Flow) -> None:
        tables = self.design.tables
        widths = whole_twips(tables.widths(tables.stat_shares, flow.width))
        after = self.look.tile_gap + self.look.after.tiles  # as below the tiles
        rows = data_table(flow, tables, node.headers, widths, len(node.tiles), after,
                          tables.right_aligned)  # fmt: skip
        for tile, (figure, label, source, as_of) in zip(node.tiles, rows.rows, strict=True):
            self._value(figure.paragraph(STYLE.stat_figure), tile.value, points(figure.width))
            self.text(label.paragraph(STYLE.stat_label), tile.label)
            self.text(source.paragraph(STYLE.stat_source), tile.source)
            self.text(as_of.paragraph(STYLE.stat_source), tile.as_of)
        s = self.design.styles
        cells = [
            [(t.value, s.stat_value), (t.label, s.stat_label), (t.source, s.stat_source),
             (t.as_of, s.stat_source)]
            for t in node.tiles
        ]  # fmt: skip
        finish(rows, whole=self._fits_a_page(cells, widths))

    def _value(self, p, value: str, room_pt: float) -> None:
        """The big figure on one line: a long value is set smaller rather than broken."""
        s = self.design.styles
        style = s.stat_value
        natural = self.measure(value, style.face, style.size)
        size = shrink_to_fit(natural, style.size, room_pt, s.stat_value_min)
        run = self.text(p, value)
        if size != style.size:
            run.font.size = Pt(round(size * 2) / 2)

    def _chart(self, chart: n.BarChart, flow: Flow) -> None:
        look, palette = self.look, self.design.palette
        style = ChartStyle(
            bar=palette.primary,
            ink=palette.text,
            muted=palette.muted,
            regular_font=self.measure.path("regular"),
            bold_font=self.measure.path("bold"),
            size_pt=self.design.styles.chart.size,
        )
        # Taller than a page, Word would clip it: parts of whole rows, "… (continued)".
        room = look.chart_max_height(points(self.text_height))
        for part, picture in bar_chart_pngs(chart, points(flow.width), style, room):
            p = flow.paragraph(STYLE.figure)
            # The chart's table follows closely: the space below is the table's.
            x.spacing(x.ppr(p), before=twips(look.chart_before), after=twips(look.chart_before))
            run = p.add_run()
            self.picture(run, picture.png, emu(twips(picture.width_pt)),
                         emu(twips(picture.height_pt)))  # fmt: skip
            x.set_alt_text(run, part.alt, part.title)

    def _chart_table(self, chart: n.BarChart, headers: tuple[str, ...], flow: Flow) -> None:
        """The chart's bars as a table of figure and what it counts, as the pack wrote them."""
        tables = self.design.tables
        widths = whole_twips(tables.widths(tables.chart_shares, flow.width))
        rows = data_table(flow, tables, headers, widths, len(chart.bars), self.look.after.chart,
                          tables.right_aligned)  # fmt: skip
        for bar, (figure, label) in zip(chart.bars, rows.rows, strict=True):
            self.text(figure.paragraph(STYLE.table_figure), bar.shown)
            self.text(label.paragraph(STYLE.stat_label), bar.label)
        label_style = self.design.styles.stat_label
        cells = [[(b.shown, tables.figure), (b.label, label_style)] for b in chart.bars]
        finish(rows, whole=self._fits_a_page(cells, widths))

    def _fits_a_page(self, rows: list[list[tuple[str, TextStyle]]], widths: list[int]) -> bool:
        """Whether a table of these cells (words and style) is kept on one page, as the
        design keeps the tiles and the chart whole: only when it fits one. Each row is
        about as tall as its cell of most lines; a table taller than a page would only
        leave a page nearly empty before it, so it runs on, under its repeated header."""
        tables = self.design.tables
        pad, head = tables.cell_padding, tables.header_padding
        rooms = [points(width) - pad.left - pad.right for width in widths]
        height = tables.header.leading + head.top + head.bottom
        for row in rows:
            height += (
                pad.top
                + pad.bottom
                + max(
                    max(len(wrap_words(words, self.measure, style.face, style.size, room)), 1)
                    * style.leading
                    for (words, style), room in zip(row, rooms, strict=True)
                )
            )
        return height <= points(self.text_height)
