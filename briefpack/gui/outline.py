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
    Qt,
)
from PySide6.QtWidgets import QAbstractItemView, QListView, QWidget

from briefpack.gui.document import PackDocument
from briefpack.gui.icons import kind_icon
from briefpack.model.editing import KIND_LABELS, describe_section

ROW_MIME = "application/x-briefpack-section-row"
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

    def _dragged_row(self, data: QMimeData) -> int | None:
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
        return action == Qt.DropAction.MoveAction and self._dragged_row(data) is not None

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
        source = self._dragged_row(data) if action == Qt.DropAction.MoveAction else None
        if source is None:
            return False
        target = row if row >= 0 else self.rowCount()
        self.moveRows(QModelIndex(), source, 1, QModelIndex(), target)
        return False  # the move is done; the view must not remove the source row


class OutlineView(QListView):
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
        self.setDropIndicatorShown(True)
        self.setUniformItemSizes(True)
        self.setAlternatingRowColors(True)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setSpacing(1)

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
