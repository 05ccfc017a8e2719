"""Library items dropped onto the outline: inserted in the gap the drop marker shows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent

from briefpack.gui.library_model import item_id_from_mime

if TYPE_CHECKING:
    from briefpack.gui.library_panel import LibraryPanel
    from briefpack.gui.outline import OutlineView


class LibraryDropTarget(QObject):
    """Lets library items be dropped onto the outline: inserted at the drop row."""

    def __init__(self, view: OutlineView, panel: LibraryPanel) -> None:
        super().__init__(view)
        self.view, self.panel = view, panel
        view.viewport().installEventFilter(self)
        view.viewport().setAcceptDrops(True)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop):
            return False
        assert isinstance(event, QDragEnterEvent | QDragMoveEvent | QDropEvent)
        item_id = item_id_from_mime(event.mimeData())
        if item_id is None:
            return False  # a section being moved: the outline handles it
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        pos = event.position().toPoint()
        if kind == QEvent.Type.Drop:
            self.view.clear_drop_marker()
            self.panel.insert(item_id, self.view.drop_row_at(pos))
        else:
            self.view.track_drop(pos)  # the same marker as a section being moved
        return True

    def drop_row(self, pos: QPoint) -> int:
        """The gap under the pointer (as the outline itself computes it)."""
        return self.view.drop_row_at(pos)
