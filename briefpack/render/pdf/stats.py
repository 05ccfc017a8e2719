"""Statistics for the PDF: tiles three to a row, then the bar chart."""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Spacer, Table

from briefpack.document import nodes as n
from briefpack.render.design.fitting import shrink_to_fit, source_lines
from briefpack.render.pdf.base import Context, WalkerBase, padding
from briefpack.render.pdf.chart import ChartInk, ChartTags, bar_chart
from briefpack.render.pdf.flowables import Keep, WholeRowTable


class StatBlocks(WalkerBase):
    def stat_grid(self, node: n.StatGrid, ctx: Context) -> list[Flowable]:
        look = self.blocks_look
        columns = look.stat_columns
        tile_w = look.tile_width(ctx.width)
        # One table per row of tiles: a grid taller than a page then breaks
        # between rows, never through a tile.
        # The tiles are a table to a screen reader: one row per tile, its figure the
        # row's header, what it counts and its source the cells.
        with self.tags.group("Table"):
            self._header_row(node.headers)
            parts: list[Flowable] = [
                self._tile_row(node.tiles[i : i + columns], tile_w, bool(node.headers))
                for i in range(0, len(node.tiles), columns)
            ]
        gap = Spacer(1, look.after.tiles)
        # Tiles and chart are kept whole each, not together: together they can
        # outgrow a page and would then be split between tile rows.
        out: list[Flowable] = [Keep([*parts, gap])] if parts else []
        if node.chart and node.chart.bars:
            # A chart taller than a page (less the space around it) splits between rows.
            chart = self._chart(node.chart, ctx.width, look.chart_max_height(self.frame_h))
            out.append(Keep([Spacer(1, look.chart_before), chart, Spacer(1, look.after.chart)]))
        return out

    def _tile_row(self, tiles: tuple[n.StatTile, ...], tile_w: float, headed: bool) -> Table:
        look = self.blocks_look
        pad = look.tile_padding
        row: list = []
        commands: list[tuple] = [("VALIGN", (0, 0), (-1, -1), "TOP"), *padding(pad)]
        for i in range(look.stat_columns):
            if i:
                row.append("")  # gutter column
            if i < len(tiles):
                row.append(self._tile(tiles[i], tile_w - pad.left - pad.right, headed))
                commands += [
                    ("BACKGROUND", (2 * i, 0), (2 * i, 0), self.colours.panel),
                    ("LINEABOVE", (2 * i, 0), (2 * i, 0), look.tile_rule, self.colours.primary),
                ]
            else:
                row.append("")
        widths = [tile_w, look.tile_gap] * (look.stat_columns - 1) + [tile_w]
        # A tile taller than a page (a 5,000-word label) breaks inside itself.
        table = self.table([row], widths, commands, hAlign="LEFT", splitInRow=1, cls=WholeRowTable)
        table.spaceAfter = look.tile_gap
        return table

    def _header_row(self, headers: tuple[str, ...]) -> None:
        """The table's column headers (the tree's words): nothing on the page draws them,
        so each header cell carries its words as /ActualText."""
        if not headers:
            return
        with self.tags.group("TR"):
            for header in headers:
                self.tags.add("TH", scope="Column").actual = header

    def _tile(self, tile: n.StatTile, width: float, headed: bool) -> list[Flowable]:
        """A tile as a table row: its figure, what it counts, and its source and date (one
        cell over both columns when drawn as one line). Without column headers the
        figure is the row's header."""
        s, tags = self.styles, self.tags
        source = self.design.styles.stat_source
        with tags.group("TR"):
            value = tags.add("TD") if headed else tags.add("TH", scope="Row")
            cell = [
                *self.text_paras(tile.value, self._value_style(tile.value, width), value),
                *self.text_paras(tile.label, s.stat_label, "TD"),
            ]
            lines = source_lines(tile, self.fonts.measure, source.size, width)
            if len(lines) == 1:
                where = tags.add("TD")
                where.col_span = 2 if headed and tile.source and tile.as_of else 1
                cell += self.text_paras(lines[0], s.stat_source, where)
            else:
                for line in lines:
                    cell += self.text_paras(line, s.stat_source, "TD")
        return cell

    def _value_style(self, value: str, width: float) -> ParagraphStyle:
        """The big figure on one line: a long value is set smaller rather than broken."""
        style = self.styles.stat_value
        natural = self.fonts.string_width(value, style.fontName, style.fontSize)
        minimum = self.design.styles.stat_value_min
        size = shrink_to_fit(natural, style.fontSize, width, minimum)
        if size == style.fontSize:
            return style
        leading = size * style.leading / style.fontSize  # scaled with the figure
        return ParagraphStyle("bp-stat-value-fit", parent=style, fontSize=size, leading=leading)

    def _chart(self, chart: n.BarChart, width: float, room: float) -> Flowable:
        c = self.colours
        ink = ChartInk(bar=c.primary, ink=c.text, muted=c.muted)
        size = self.design.styles.chart.size
        return bar_chart(chart, width, size, self.fonts, ink, room, self._chart_tags(chart))

    def _chart_tags(self, chart: n.BarChart) -> ChartTags:
        """The chart as a Figure described by its alt text, then its words as a table."""
        tags = self.tags
        figure = tags.add("Figure", chart.alt or chart.title)
        with tags.group("Table"):
            caption = tags.add("Caption")
            rows = []
            for _bar in chart.bars:
                with tags.group("TR"):
                    rows.append((tags.add("TH", scope="Row"), tags.add("TD")))
        return ChartTags(figure, caption, tuple(rows))
