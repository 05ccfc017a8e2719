"""reportlab flowables that mark what they draw: lists, table furniture, rules, drawings.

Each draws exactly as its reportlab parent does; the marked-content operators around the
marks are all it adds (tagging.py says what they mean).
"""

from __future__ import annotations

from reportlab.graphics.renderPDF import _PDFRenderer
from reportlab.graphics.shapes import Drawing
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import HRFlowable, ListFlowable
from reportlab.platypus.flowables import LIIndenter
from reportlab.platypus.tables import Table, TableRenderCB

from briefpack.render.pdf.tagging import Elem, TaggedDraw, marked, tagger_of


class ArtifactRule(TaggedDraw, HRFlowable):
    """A horizontal rule: decoration, an artifact."""


class _MarkedBullet:
    """A list item's bullet or number, drawn as reportlab's BulletDrawer draws it, as the
    item's Lbl."""

    def __init__(self, bullet, label: Elem | None) -> None:
        self._bullet, self._label = bullet, label

    def drawOn(self, indenter, canv: Canvas, x: float, y: float, _sW: float = 0) -> None:
        with marked(canv, self._label):
            self._bullet.drawOn(indenter, canv, x, y, _sW)

    def __getattr__(self, name: str):
        return getattr(self._bullet, name)


class TaggedList(ListFlowable):
    """A ListFlowable whose bullets are the Lbl elements of its items, in order."""

    def __init__(self, flowables: list, labels: list[Elem], **kw) -> None:
        super().__init__(flowables, **kw)
        self.bp_labels = labels

    def _getContent(self) -> list:
        content = super()._getContent()
        labels = iter(self.bp_labels)
        for part in content:
            # An item's first part carries its bullet (reportlab makes one per item).
            if isinstance(part, LIIndenter) and part._bullet is not None:
                part._bullet = _MarkedBullet(part._bullet, next(labels, None))
        return content


class TableArtifacts(TableRenderCB):
    """A Table's render callback: backgrounds, grid lines and plain-string cells (the
    empty gutters) are artifacts; flowables in cells mark themselves."""

    def startTable(self, table: Table) -> None:
        pass

    def startBG(self, table: Table) -> None:
        _begin_artifact(table.canv)

    def endBG(self, table: Table) -> None:
        _end(table.canv)

    def startRow(self, table: Table, row: int) -> None:
        pass

    def startCell(self, table: Table, row, col, value, style, pos, size) -> None:
        plain = not isinstance(value, list | tuple) and not hasattr(value, "drawOn")
        table._bp_plain_cell = plain
        if plain:
            _begin_artifact(table.canv)

    def endCell(self, table: Table) -> None:
        if getattr(table, "_bp_plain_cell", False):
            _end(table.canv)

    def endRow(self, table: Table) -> None:
        pass

    def startLines(self, table: Table) -> None:
        _begin_artifact(table.canv)

    def endLines(self, table: Table) -> None:
        _end(table.canv)

    def endTable(self, table: Table) -> None:
        pass


TABLE_ARTIFACTS = TableArtifacts()


def _begin_artifact(canv: Canvas) -> None:
    tagger = tagger_of(canv)
    if tagger is not None:
        tagger.begin(canv, None)


def _end(canv: Canvas) -> None:
    tagger = tagger_of(canv)
    if tagger is not None:
        tagger.end(canv)


class _MarkingRenderer(_PDFRenderer):
    """reportlab's drawing renderer, wrapping each marked shape in its element's marked
    content (shapes not in `marks` draw as they are, inside whatever is open)."""

    def __init__(self, marks: dict[int, Elem | None]) -> None:
        super().__init__()
        self._marks = marks

    def drawNode(self, node) -> None:
        tagger = tagger_of(self._canvas)
        if tagger is None or id(node) not in self._marks:
            super().drawNode(node)
            return
        tagger.begin(self._canvas, self._marks[id(node)])
        super().drawNode(node)
        tagger.end(self._canvas)


def draw_marked(drawing: Drawing, marks: dict[int, Elem | None], canv: Canvas) -> None:
    """Draw `drawing` at the origin as renderPDF.draw does, shape by shape marked as
    `marks` says (keyed by the shapes' ids)."""
    _MarkingRenderer(marks).draw(drawing, canv, 0, 0)
