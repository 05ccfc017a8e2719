"""Tables of data with a header row: the statistics, the chart's figures and the links, where
a format sets them out as a table a screen reader can read by its column headers.

The header row is set white on the brand's primary colour; the rows are banded in the
panel colour, with a hairline under each and a rule in the primary colour closing the
table. A statistic's figure keeps the tile's big bold figure, right-aligned so the figures
line up down their column.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from briefpack.render.design.blocks import Padding
from briefpack.render.design.palette import Palette
from briefpack.render.design.styles import StyleSheet, TextStyle

HEADER_PADDING = Padding(4, 6, 4, 6)
CELL_PADDING = Padding(5, 6, 5, 6)


@dataclass(frozen=True)
class DataTableLook:
    """How a table of data looks: its text, colours, rules, paddings and column shares."""

    header: TextStyle  # the header row's words
    value: TextStyle  # a statistic's figure: the tile's, right-aligned
    figure: TextStyle  # a figure in the chart's table: body size, bold, right-aligned
    header_fill: str
    band_fill: str  # every other row, from the second
    rule: str  # the hairline under each row
    close: str  # the rule under the last row
    rule_width: float = 0.5
    close_width: float = 1.5
    header_padding: Padding = HEADER_PADDING
    cell_padding: Padding = CELL_PADDING
    # Shares of the table's width: figure, what it counts, source, as of.
    stat_shares: tuple[float, ...] = (0.17, 0.38, 0.29, 0.16)
    # The chart's table: figure, what it counts (the figure column as wide as above).
    chart_shares: tuple[float, ...] = (0.17, 0.83)
    # The links: the entry's name and note, then its address and phone; a QR code's
    # column (blocks.qr_size and qr_gap) comes off the width first.
    link_shares: tuple[float, ...] = (0.52, 0.48)
    # The statistics' and the chart's tables: their figures, header included.
    right_aligned: tuple[int, ...] = (0,)

    @classmethod
    def of(cls, styles: StyleSheet, palette: Palette) -> DataTableLook:
        label = styles.stat_label
        return cls(
            header=replace(label, size=styles.kicker.size, leading=styles.kicker.leading,
                           face="bold", colour=palette.white, after=0),
            value=replace(styles.stat_value, align="right", after=0),
            figure=replace(label, face="bold", colour=palette.primary, align="right", after=0),
            header_fill=palette.primary,
            band_fill=palette.panel,
            rule=palette.rule,
            close=palette.primary,
        )  # fmt: skip

    def widths(self, shares: tuple[float, ...], width: float) -> list[float]:
        """Column widths for a table `width` wide; the last takes what rounding leaves."""
        widths = [width * share for share in shares[:-1]]
        return [*widths, width - sum(widths)]
