"""Tables of data as mail HTML: the statistics, the chart's figures and the links.

The DOCX sets these out as tables under a header row, and the message says the same words
in the same order: a real <table> (no role="presentation") whose first row is <th
scope="col"> cells, so a screen reader in a mail client names each cell's column. The look
is the design's table (render/design/tables.py), as the DOCX draws it: the header row
white on the primary colour, rows banded in the panel colour with a hairline under each,
and a rule in the primary colour closing the table. Every style is inline and every fill
is given as bgcolor too, for Outlook's Word engine.
"""

from __future__ import annotations

from collections.abc import Sequence

from briefpack.render.design.styles import TextStyle
from briefpack.render.email.css import attrs, colour, declarations, px, text
from briefpack.render.email.html_boxes import BoxBlocks, padding

Paragraphs = Sequence[tuple[TextStyle, str]]  # a cell's paragraphs: (style, escaped HTML)


def share(width: int, whole: int) -> str:
    """A column's width as a share of its row: the row narrows on a phone, the columns with
    it (Outlook, at the full width, draws the same widths as pixels would)."""
    return f"{width * 100 / max(whole, 1):.2f}%"


def column_widths(shares: Sequence[float], width: int) -> list[int]:
    """Whole-pixel widths for a table `width` px wide; the last takes what rounding leaves."""
    firsts = [round(width * s) for s in shares[:-1]]
    return [*firsts, width - sum(firsts)]


class TableBlocks(BoxBlocks):
    def data_table(
        self,
        headers: Sequence[str],
        widths: Sequence[int],
        rows: Sequence[Sequence[str]],
        right: Sequence[int] = (),
    ) -> str:
        """A table of `rows` (each a list of cells' HTML) under a header row of `headers`
        (none when empty), columns `widths` px wide; the columns in `right` (figures) are
        right-aligned, their headers too, so the figures line up under theirs."""
        total = sum(widths)
        head = ""
        if headers:
            # A column the tree gives no header for gets an empty one, as in the DOCX.
            cells = "".join(
                self._header_cell(headers[col] if col < len(headers) else "",
                                  share(width, total), col in right)
                for col, width in enumerate(widths)
            )  # fmt: skip
            head = f"<thead><tr>{cells}</tr></thead>"
        body = "".join(
            self._body_row(row, i == len(rows) - 1, bool(i % 2), widths, right)
            for i, row in enumerate(rows)
        )
        style = "table-layout:fixed;width:100%;border-collapse:collapse"
        table = attrs(width="100%", cellpadding=0, cellspacing=0, border=0, style=style)
        return f"<table{table}>{head}<tbody>{body}</tbody></table>"

    def cell(self, paragraphs: Paragraphs, **extra: str) -> str:
        """A cell's paragraphs (those with words), without space after the last: the
        cell's padding is the space round its words."""
        kept = [(style, inner) for style, inner in paragraphs if inner]
        return "".join(
            self.para(style, inner, **({"after": 0} if i == len(kept) - 1 else {}), **extra)
            for i, (style, inner) in enumerate(kept)
        )

    def _header_cell(self, words: str, width: str, right: bool) -> str:
        look = self.design.tables
        fill = colour(look.header_fill)
        align = "right" if right else "left"
        style = declarations(background_color=fill, padding=padding(look.header_padding),
                             text_align=align, vertical_align="bottom")  # fmt: skip
        cell = attrs(scope="col", width=width, align=align, valign="bottom", bgcolor=fill,
                     style=style)  # fmt: skip
        return f"<th{cell}>{self.cell([(look.header, text(words))], text_align=align)}</th>"

    def _body_row(
        self,
        cells: Sequence[str],
        last: bool,
        banded: bool,
        widths: Sequence[int],
        right: Sequence[int],
    ) -> str:
        """Banded from the second row, a hairline under each row and the closing rule
        under the last, as the DOCX draws them."""
        look = self.design.tables
        fill = colour(look.band_fill) if banded else None
        edge = colour(look.close if last else look.rule)
        line = f"{max(px(look.close_width if last else look.rule_width), 1)}px solid {edge}"
        total = sum(widths)
        out = []
        for col, (inner, width) in enumerate(zip(cells, widths, strict=True)):
            align = "right" if col in right else "left"
            # A long address breaks inside its column rather than run under the next.
            style = declarations(background_color=fill, border_bottom=line, text_align=align,
                                 padding=padding(look.cell_padding), vertical_align="middle",
                                 overflow_wrap="break-word", word_break="break-word")  # fmt: skip
            cell = attrs(width=share(width, total), align=align, valign="middle", bgcolor=fill,
                         style=style)  # fmt: skip
            out.append(f"<td{cell}>{inner}</td>")
        return f"<tr>{''.join(out)}</tr>"
