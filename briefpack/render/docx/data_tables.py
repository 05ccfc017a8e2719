"""Tables of data for the DOCX: a header row marked as one, banded rows, the design's rules.

Word and screen readers take a row marked w:tblHeader as the table's column headers: a
screen reader names the header as it reads each cell, and Word repeats the row at the top
of every page the table runs onto. The table style option "Header Row" is ticked to match,
which Word's accessibility checker looks for. Everything else (fills, rules, paddings) is
direct formatting from the design, as for every other table here, so the table looks the
same in Word and LibreOffice whatever their default table styles.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from docx.oxml.ns import qn
from docx.table import Table

from briefpack.render.design.tables import DataTableLook
from briefpack.render.docx import ooxml as x
from briefpack.render.docx.boxes import cell_margins
from briefpack.render.docx.flow import NO_BORDERS, Flow, end_box, keep_rows_together
from briefpack.render.docx.styles import STYLE
from briefpack.render.docx.units import eighths, twips

# Table style options: "Header Row" and banded rows ticked, nothing else (w:val is the
# same as a bit mask, for Word 2007: firstRow 0x20, noVBand 0x400).
_DATA_LOOK = {"val": "0420", "firstRow": 1, "lastRow": 0, "firstColumn": 0,
              "lastColumn": 0, "noHBand": 0, "noVBand": 1}  # fmt: skip


@dataclass(frozen=True)
class DataRows:
    """A data table's body: one list of cell flows per row, ready for the cells' words."""

    table: Table
    rows: list[list[Flow]]
    has_header: bool


def data_table(
    flow: Flow,
    look: DataTableLook,
    headers: Sequence[str],
    widths: Sequence[int],
    rows: int,
    gap_after: float,
    right: Sequence[int] = (),
) -> DataRows:
    """A table of `rows` rows under a header row of `headers` (none when empty), columns
    `widths` twips wide, and `gap_after` points below it; `finish` it once written. The
    headers of the columns in `right` (figures) are right-aligned, as the figures are."""
    has_header = bool(headers)
    table = flow.table(rows + has_header, len(widths), gap_after=gap_after)
    tbl = table._tbl
    x.table_props(tbl, sum(widths), borders=NO_BORDERS,
                  cell_margins=cell_margins(look.cell_padding))  # fmt: skip
    x.column_widths(tbl, list(widths))
    if has_header:
        x.set_prop(tbl.tblPr, "w:tblLook", x.TBLPR, _DATA_LOOK)
        _header_row(table, look, headers, right)
    body = table.rows[has_header:]
    flows = [_body_row(row, i, len(body), look, widths) for i, row in enumerate(body)]
    return DataRows(table, flows, has_header)


def finish(rows: DataRows, *, whole: bool) -> None:
    """After the cells are written: no space after the last paragraph of each; the rows
    kept on one page when `whole`, else the header row kept with the first (Word repeats
    it on every page the table runs onto)."""
    for row in rows.rows:
        for cell in row:
            end_box(cell)
    tbl = rows.table._tbl
    if whole:
        keep_rows_together(tbl)
    elif rows.has_header:
        for p in tbl.tr_lst[0].iter(qn("w:p")):
            x.keep_next(p.get_or_add_pPr())


def whole_twips(widths: Sequence[float]) -> list[int]:
    """Column widths in whole twips that add up to the table's (the last takes the
    rounding)."""
    whole = round(sum(widths))
    firsts = [round(w) for w in widths[:-1]]
    return [*firsts, whole - sum(firsts)]


def _header_row(
    table: Table, look: DataTableLook, headers: Sequence[str], right: Sequence[int]
) -> None:
    row = table.rows[0]
    tr = row._tr
    x.cant_split(tr)
    tr.get_or_add_trPr().append(x.element("w:tblHeader"))
    for col, cell in enumerate(row.cells):
        x.cell_props(cell._tc, fill=look.header_fill,
                     margins=cell_margins(look.header_padding), valign="bottom")  # fmt: skip
        p = cell.paragraphs[0]
        p._p.style = STYLE.table_header
        if col < len(headers):
            p.add_run(headers[col])
        if col in right:
            x.set_prop(x.ppr(p), "w:jc", x.PPR, {"val": "right"})


def _body_row(row, index: int, count: int, look: DataTableLook, widths) -> list[Flow]:
    """A row's cells as flows: banded from the second row, a hairline under each row and
    the closing rule under the last."""
    x.cant_split(row._tr)
    last = index == count - 1
    line = x.Border(look.close if last else look.rule,
                    size=eighths(look.close_width if last else look.rule_width))  # fmt: skip
    fill = look.band_fill if index % 2 else None
    pad = look.cell_padding
    flows = []
    for cell, width in zip(row.cells, widths, strict=True):
        x.cell_props(cell._tc, fill=fill, borders={"bottom": line}, valign="center")
        flows.append(Flow.cell(cell, width - twips(pad.left + pad.right)))
    return flows
