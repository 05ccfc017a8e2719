"""Statistics for the DOCX: tiles three to a row in one table, then the bar chart."""

from __future__ import annotations

from docx.shared import Pt
from docx.table import _Cell

from briefpack.document import nodes as n
from briefpack.render.design.fitting import shrink_to_fit, source_lines
from briefpack.render.docx import ooxml as x
from briefpack.render.docx.base import WriterBase
from briefpack.render.docx.boxes import cell_margins
from briefpack.render.docx.chart import ChartStyle, bar_chart_pngs
from briefpack.render.docx.flow import NO_BORDERS, Context, Flow, end_box, gap, keep_rows_together
from briefpack.render.docx.styles import STYLE
from briefpack.render.docx.units import eighths, emu, points, twips


class StatBlocks(WriterBase):
    def stat_grid(self, node: n.StatGrid, flow: Flow, ctx: Context) -> None:
        """Tiles three to a row, then the chart: each kept whole, not together (together
        they can outgrow a page), as the design has it."""
        chart = node.chart if node.chart and node.chart.bars else None
        if node.tiles:
            self._tiles(node.tiles, flow)
        if chart is not None:
            self._chart(chart, flow)

    def _tiles(self, tiles: tuple[n.StatTile, ...], flow: Flow) -> None:
        look = self.look
        columns, tile_gap = look.stat_columns, twips(look.tile_gap)
        tile_w = (flow.width - tile_gap * (columns - 1)) // columns
        widths = [tile_w, tile_gap] * (columns - 1) + [tile_w]
        tile_rows = -(-len(tiles) // columns)
        # As the design spaces them: a tile gap under the last row, then the grid's space.
        after = look.tile_gap + look.after.tiles
        table = flow.table(2 * tile_rows - 1, len(widths), gap_after=after)
        tbl = table._tbl
        x.table_props(tbl, sum(widths), borders=NO_BORDERS, cell_margins=(0, 0, 0, 0))
        x.column_widths(tbl, widths)
        for r, (row, tr) in enumerate(zip(table.rows, tbl.tr_lst, strict=True)):
            x.cant_split(tr)
            if r % 2:  # the gap between two rows of tiles
                tr.get_or_add_trPr().append(
                    x.element("w:trHeight", {"val": tile_gap, "hRule": "exact"})
                )
            for col, c in enumerate(row.cells):
                index = (r // 2) * columns + col // 2
                if r % 2 or col % 2 or index >= len(tiles):
                    gap(c.paragraphs[0], 1)
                else:
                    self._tile(tiles[index], c, tile_w)
        keep_rows_together(tbl)

    def _tile(self, tile: n.StatTile, cell: _Cell, width: int) -> None:
        look, palette = self.look, self.design.palette
        pad = look.tile_padding
        x.cell_props(
            cell._tc,
            fill=palette.panel,
            borders={"top": x.Border(palette.primary, size=eighths(look.tile_rule))},
            margins=cell_margins(pad),
        )
        flow = Flow.cell(cell, width - twips(pad.left + pad.right))
        self._value(flow.paragraph(STYLE.stat_value), tile.value, points(flow.width))
        self.text(flow.paragraph(STYLE.stat_label), tile.label)
        size = self.design.styles.stat_source.size
        for line in source_lines(tile, self.measure, size, points(flow.width)):
            self.text(flow.paragraph(STYLE.stat_source), line)
        end_box(flow)

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
            x.spacing(x.ppr(p), before=twips(look.chart_before), after=twips(look.after.chart))
            run = p.add_run()
            self.picture(run, picture.png, emu(twips(picture.width_pt)),
                         emu(twips(picture.height_pt)))  # fmt: skip
            x.set_alt_text(run, part.alt)
