"""The outline: a list model over pack.sections and its view, with drag to reorder."""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QPointF,
    Qt,
)
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QAbstractItemView, QListView, QWidget

from briefpack.gui.document import PackDocument
from briefpack.gui.icons import kind_icon
from briefpack.model.editing import KIND_LABELS, describe_section

ROW_MIME = "application/x-briefpack-section-row"
MARKER_WIDTH = 3  # the drop marker's line, in pixels
MARKER_RING = 4  # the radius of the ring at its start
KindRole = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


class SectionsModel(QAbstractListModel):
    """Rows are pack.sections, in order. Moves go through the undo stack (moveRows, drops)."""

    def __init__(self, doc: PackDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        # Tells this model's drags from those of another window or another briefpack.
        self._token = f"{os.getpid()}-{id(self)}"
        doc.sectionsAboutToInsert.connect(lambda r: self.beginInsertRows(QModelIndex(), r, r))
        doc.sectionsInserted.connect(lambda _r: self.endInsertRows())
        doc.sectionsAboutToRemove.connect(lambda r: self.beginRemoveRows(QModelIndex(), r, r))
        doc.sectionsRemoved.connect(lambda _r: self.endRemoveRows())
        doc.sectionsAboutToMove.connect(self._about_to_move)
        doc.sectionsMoved.connect(lambda _s, _d: self.endMoveRows())
        doc.sectionReplaced.connect(self._row_changed)
        doc.packReset.connect(self._reset)
        doc.fieldChanged.connect(self._field_changed)

    def _about_to_move(self, source: int, dest: int) -> None:
        # Qt counts the destination before the row is taken out.
        qt_dest = dest + 1 if dest > source else dest
        self.beginMoveRows(QModelIndex(), source, source, QModelIndex(), qt_dest)

    def _reset(self) -> None:
        self.beginResetModel()
        self.endResetModel()

    def _field_changed(self, obj: object, _field: str) -> None:
        row = self.doc.row_of(obj)  # type: ignore[arg-type]
        if row >= 0:
            self._row_changed(row)

    def _row_changed(self, row: int) -> None:
        index = self.index(row)
        self.dataChanged.emit(index, index)

    # ---- reading --------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.doc.pack.sections)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.doc.pack.sections):
            return None
        section = self.doc.pack.sections[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return describe_section(section)
        if role == Qt.ItemDataRole.DecorationRole:
            return kind_icon(section.kind)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{KIND_LABELS[section.kind]}: {describe_section(section)}"
        if role == KindRole:
            return section.kind
        return None

    # ---- drag to reorder --------------------------------------------------------------------

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.isValid():
            return base | Qt.ItemFlag.ItemIsDragEnabled  # drop between rows, never onto one
        return Qt.ItemFlag.ItemIsDropEnabled

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [ROW_MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:
        """The dragged row, tagged with this model: rows mean nothing to another window."""
        mime = QMimeData()
        rows = sorted({i.row() for i in indexes if i.isValid()})
        payload = f"{self._token}:{','.join(map(str, rows))}"
        mime.setData(ROW_MIME, QByteArray(payload.encode()))
        return mime

    def dragged_row(self, data: QMimeData) -> int | None:
        """The row a drag from this very model carries (one row only), else None."""
        if not data.hasFormat(ROW_MIME):
            return None
        token, _, rows = bytes(data.data(ROW_MIME).data()).decode().partition(":")
        if token != self._token or not rows.isdigit():
            return None
        row = int(rows)
        return row if row < self.rowCount() else None

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        return action == Qt.DropAction.MoveAction and self.dragged_row(data) is not None

    def moveRows(
        self,
        source_parent: Index,
        source_row: int,
        count: int,
        dest_parent: Index,
        dest_child: int,
    ) -> bool:
        """What QListView calls for an internal drag: one undoable move per dragged row."""
        if count != 1 or source_parent.isValid() or dest_parent.isValid():
            return False
        dest = dest_child - 1 if dest_child > source_row else dest_child
        dest = max(0, min(dest, len(self.doc.pack.sections) - 1))
        return self.doc.edit_move_section(source_row, dest)

    def removeRows(self, row: int, count: int, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        """Refused: after a drag the view asks to remove the moved rows (already moved);
        sections are removed only through the undoable delete."""
        return False

    def dropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: Index,
    ) -> bool:
        """A drop QListView did not turn into moveRows itself (it does that only while its
        own QDrag runs): move the row here, as one undoable step."""
        source = self.dragged_row(data) if action == Qt.DropAction.MoveAction else None
        if source is None:
            return False
        target = row if row >= 0 else self.rowCount()
        self.moveRows(QModelIndex(), source, 1, QModelIndex(), target)
        return False  # the move is done; the view must not remove the source row


class OutlineView(QListView):
    """The section list. While a row (or a library item) is dragged over it, a marker line
    shows the gap the drop will land in; the drop lands in the gap under the pointer at
    the moment of the drop, worked out here rather than by QListView.

    QListView's own indicator is a one-pixel line that vanishes over the gaps `spacing`
    leaves between rows, and a drop in such a gap went to the end of the list.
    """

    def __init__(self, model: SectionsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setObjectName("outline")
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # DragDrop, not InternalMove: InternalMove takes drops only while this view's own
        # QDrag runs; the model's mime check keeps other drags out all the same.
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDragDropOverwriteMode(False)
        self.setDropIndicatorShown(False)  # the marker below replaces Qt's faint line
        self.setUniformItemSizes(True)
        self.setAlternatingRowColors(True)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setSpacing(1)
        # The gap a drop would land in now (0 = before the first row, rowCount = after the
        # last), and the pointer position it came from, if a drag is over the view.
        self.drop_marker_row: int | None = None
        self._drag_pos: QPoint | None = None
        # Auto-scroll moves the rows under a still pointer: follow with the marker.
        self.verticalScrollBar().valueChanged.connect(self._follow_scroll)

    def current_row(self) -> int:
        index = self.currentIndex()
        return index.row() if index.isValid() else -1

    def select_row(self, row: int) -> None:
        model = self.model()
        if 0 <= row < model.rowCount():
            index = model.index(row, 0)
            if index != self.currentIndex():
                self.setCurrentIndex(index)
            self.scrollTo(index)

    # ---- where a drop lands -----------------------------------------------------------------

    def drop_row_at(self, pos: QPoint) -> int:
        """The gap under `pos` (viewport coordinates): before the row under the pointer when
        in its upper half, after it when in its lower half; gaps between rows count as the
        nearer row's edge, and anywhere below the last row means the end."""
        model = self.model()
        count = model.rowCount()
        for row in range(count):
            rect = self.visualRect(model.index(row, 0))
            if pos.y() < rect.top() + rect.height() / 2:
                return row
        return count

    def track_drop(self, pos: QPoint) -> int:
        """Show the marker for a drag now at `pos` (viewport coordinates); the drop row."""
        self._drag_pos = QPoint(pos)
        row = self.drop_row_at(pos)
        self.show_drop_marker(row)
        return row

    def show_drop_marker(self, row: int) -> None:
        """Draw the marker line in the gap before `row` (rowCount: after the last row)."""
        if row != self.drop_marker_row:
            self.drop_marker_row = row
            self.viewport().update()

    def clear_drop_marker(self) -> None:
        self._drag_pos = None
        if self.drop_marker_row is not None:
            self.drop_marker_row = None
            self.viewport().update()

    def _follow_scroll(self, _value: int) -> None:
        if self._drag_pos is not None:
            self.track_drop(self._drag_pos)

    def marker_y(self, row: int) -> int:
        """The middle of the gap before `row`, in viewport coordinates."""
        model = self.model()
        count = model.rowCount()
        if count == 0:
            return MARKER_WIDTH
        if row < count:
            return self.visualRect(model.index(row, 0)).top() - self.spacing()
        return self.visualRect(model.index(count - 1, 0)).bottom() + self.spacing() + 1

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.drop_marker_row is not None:
            self._paint_marker(self.marker_y(self.drop_marker_row))

    def _paint_marker(self, y: int) -> None:
        """A thick line in the selection colour with a ring at its start, across the gap."""
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colour = self.palette().color(QPalette.ColorRole.Highlight)
        painter.setPen(QPen(colour, MARKER_WIDTH))
        left, right = MARKER_RING + 2, self.viewport().width() - 2
        painter.drawLine(QPointF(left + MARKER_RING, y), QPointF(right, y))
        painter.setBrush(self.palette().color(QPalette.ColorRole.Base))
        painter.drawEllipse(QPointF(left, y), MARKER_RING, MARKER_RING)
        painter.end()

    # ---- dragging a row ---------------------------------------------------------------------

    def _update_marker(self, event: QDragMoveEvent) -> None:
        """After Qt's own checks (another window's rows are refused): mark or clear."""
        if event.isAccepted():
            self.track_drop(event.position().toPoint())
        else:
            self.clear_drop_marker()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        super().dragEnterEvent(event)
        self._update_marker(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        super().dragMoveEvent(event)  # accepts or refuses; starts auto-scroll near an edge
        self._update_marker(event)

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        super().dragLeaveEvent(event)
        self.clear_drop_marker()

    def dropEvent(self, event: QDropEvent) -> None:
        """Move the dragged row to the gap under the drop point: a quick drag may drop
        somewhere no drag-move event ever reported."""
        self.clear_drop_marker()
        model = self.model()
        source = (
            model.dragged_row(event.mimeData())
            if isinstance(model, SectionsModel) and event.dropAction() == Qt.DropAction.MoveAction
            else None
        )
        if source is None:
            super().dropEvent(event)  # not a row of this outline: Qt (and the model) refuse it
            return
        row = self.drop_row_at(event.position().toPoint())
        model.moveRows(QModelIndex(), source, 1, QModelIndex(), row)
        # The row has moved; the view then asks the model to remove the source rows, which
        # it refuses (removeRows).
        event.setDropAction(Qt.DropAction.MoveAction)
        event.accept()
