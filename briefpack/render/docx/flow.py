"""Where the DOCX writer puts blocks: the body or a table cell, and small spacing helpers."""

from __future__ import annotations

from dataclasses import dataclass

from docx.document import Document as WordDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tbl
from docx.oxml.text.paragraph import CT_P
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from briefpack.render.docx import ooxml as x
from briefpack.render.docx.styles import STYLE
from briefpack.render.docx.units import twips

NO_BORDERS: dict[str, x.Border | None] = dict.fromkeys(x.BORDER_SIDES)


@dataclass(frozen=True)
class Context:
    """Where blocks are being written: the style for plain paragraphs, the list depth."""

    style: str = STYLE.normal
    list_level: int = -1  # -1 outside lists, 0 in a top-level list, …


class Flow:
    """Somewhere blocks can go: the document body or a table cell.

    A new cell already holds one empty paragraph; it is used for the first
    paragraph written, or removed if the cell starts with a table. `written`
    logs the paragraphs made here, for blocks that style their whole run.
    """

    def __init__(self, container: WordDocument | _Cell, width: int, fresh: Paragraph | None = None):
        self.container = container
        self.width = width  # twips available for content
        self._fresh = fresh
        self.written: list[Paragraph] = []
        self._end = BodyEnd(container) if isinstance(container, WordDocument) else None

    @classmethod
    def cell(cls, cell: _Cell, width: int) -> Flow:
        return cls(cell, width, cell.paragraphs[0])

    @property
    def is_cell(self) -> bool:
        return isinstance(self.container, _Cell)

    def paragraph(self, style: str = STYLE.normal) -> Paragraph:
        if self._fresh is not None:
            p, self._fresh = self._fresh, None
        elif self._end is not None:
            p = self._end.paragraph()
        else:
            p = self.container.add_paragraph()
        if style != STYLE.normal:
            p._p.style = style
        self.written.append(p)
        return p

    def table(self, rows: int, cols: int, gap_after: float) -> Table:
        """A table, then a small paragraph that makes the space after it.

        That paragraph also stops Word from merging two tables that follow each
        other, and is the paragraph a cell has to end with.
        """
        if isinstance(self.container, _Cell):
            if self._fresh is not None:
                self._fresh._p.getparent().remove(self._fresh._p)
                self._fresh = None
            table = self.container.add_table(rows, cols)  # adds the closing paragraph
            spacer = Paragraph(table._tbl.getnext(), self.container)
        else:
            assert self._end is not None
            table = self._end.table(rows, cols)
            spacer = self._end.paragraph()
        gap(spacer, gap_after)
        return table

    def last_paragraph(self) -> CT_P | None:
        if self.is_cell:
            paragraphs = self.container._tc.p_lst
            return paragraphs[-1] if paragraphs else None
        return self.written[-1]._p if self.written else None


class BodyEnd:
    """Appends paragraphs and tables to the document body in constant time.

    python-docx's `Document.add_paragraph` and `add_table` look for the body's
    closing w:sectPr among all its children on every call, and `add_table` also
    reads the last section's width with an XPath over the whole document: both
    made a long render quadratic. The result here is the same elements in the
    same place (before the w:sectPr), with the sectPr and width looked up once.
    """

    def __init__(self, word: WordDocument):
        self._parent = word._body
        self._body = word.element.body
        self._sect_pr = self._body.sectPr
        self._width = word._block_width

    def _append(self, element) -> None:
        if self._sect_pr is not None:
            self._sect_pr.addprevious(element)
        else:
            self._body.append(element)

    def paragraph(self) -> Paragraph:
        p = OxmlElement("w:p")
        self._append(p)
        return Paragraph(p, self._parent)

    def table(self, rows: int, cols: int) -> Table:
        tbl = CT_Tbl.new_tbl(rows, cols, self._width)
        self._append(tbl)
        table = Table(tbl, self._parent)
        table.style = None  # as Document.add_table does: the default table style
        return table


def gap(p: Paragraph, height_pt: float) -> None:
    """An empty paragraph exactly `height_pt` high: vertical space around tables."""
    p._p.style = STYLE.gap
    x.spacing(x.ppr(p), before=0, after=0, line=max(twips(height_pt), 20), rule="exact")


def keep_rows_together(tbl, *, include_last: bool = False) -> None:
    """Keep-with-next on the paragraphs of each row: Word's way to keep a table on one page."""
    for tr in tbl.tr_lst if include_last else tbl.tr_lst[:-1]:
        for p in tr.iter(qn("w:p")):
            x.keep_next(p.get_or_add_pPr())


def end_box(flow: Flow) -> None:
    """No space after the last paragraph in a box: the cell's padding is the space."""
    last = flow.last_paragraph()
    if last is None:
        return
    pPr = last.get_or_add_pPr()
    if pPr.pStyle is None or pPr.pStyle.val != STYLE.gap:
        x.spacing(pPr, after=0)
