"""Statistics for the web page: a real table (each figure a row, its label the row's
header) drawn as tiles by the style sheet, then the bar chart."""

from __future__ import annotations

from briefpack.document import nodes as n
from briefpack.render.design.fitting import Measure
from briefpack.render.html.base import Context, WalkerBase, text
from briefpack.render.html.chart import chart_svg, column_headers
from briefpack.render.html.css import style_class


class StatBlocks(WalkerBase):
    chart_width: float  # points: the page's text frame, as the PDF draws it
    measure: Measure  # the brand's fonts, for the chart's labels

    def stat_grid(self, node: n.StatGrid, ctx: Context) -> str:
        out = ""
        if node.tiles:
            rows = "".join(self._tile(tile, len(node.headers)) for tile in node.tiles)
            out = (
                f'<table class="tiles">{column_headers(node.headers)}<tbody>{rows}</tbody></table>'
            )
        if node.chart and node.chart.bars:
            out += chart_svg(
                node.chart, self.chart_width, self.design, self.measure, node.headers[:2]
            )
        return out

    def _tile(self, tile: n.StatTile, columns: int) -> str:
        """The figure, its label as the row's header, then its source (the date kept whole
        where the tree gives the source as two lines)."""
        value = f'<td class="{style_class("stat_value")}">{text(tile.value)}</td>'
        label = f'<th scope="row" class="{style_class("stat_label")}">{text(tile.label)}</th>'
        source = ""
        if tile.source_line or tile.source_lines:
            parts = tile.source_lines if len(tile.source_lines) == 2 else (tile.source_line,)
            words = " ".join(
                f'<span class="nowrap">{text(p)}</span>' if i else text(p)
                for i, p in enumerate(parts)
            )
            # One line under both the source's header and the date's, as the tiles print it.
            span = ' colspan="2"' if columns > 3 else ""
            source = f'<td{span} class="{style_class("stat_source")}">{words}</td>'
        return f"<tr>{value}{label}{source}</tr>"
