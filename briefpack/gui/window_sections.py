"""The Section menu's work: insert, duplicate, delete and move the selected section, and
keep the section editor and the preview on the section selected in the outline."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QObject, Signal

from briefpack.model import editing

if TYPE_CHECKING:
    from briefpack.gui.document import PackDocument
    from briefpack.gui.window_navigation import Navigation
    from briefpack.gui.window_panes import Panes


class SectionFeature(QObject):
    """The selected section and what can be done to it. `selectionChanged` says when the
    answers of has_selection/can_move_up/can_move_down may have changed."""

    selectionChanged = Signal()

    def __init__(self, doc: PackDocument, panes: Panes, navigation: Navigation) -> None:
        super().__init__(panes.outline)
        self.doc, self.panes, self.navigation = doc, panes, navigation
        panes.outline.selectionModel().currentChanged.connect(self._current_changed)
        doc.packReset.connect(self._pack_reset)
        doc.focusSection.connect(panes.outline.select_row)

    # ---- what is selected ----------------------------------------------------------------

    def current_row(self) -> int:
        return self.panes.outline.current_row()

    def has_selection(self) -> bool:
        return self.current_row() >= 0

    def can_move_up(self) -> bool:
        return self.current_row() > 0

    def can_move_down(self) -> bool:
        return 0 <= self.current_row() < len(self.doc.pack.sections) - 1

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = current.row() if current.isValid() else -1
        sections = self.doc.pack.sections
        self.panes.editor.show_section(sections[row] if 0 <= row < len(sections) else None)
        self.panes.preview.show_section(row)  # the preview follows the outline
        self.selectionChanged.emit()

    def _pack_reset(self) -> None:
        self.panes.outline.select_row(0)
        self._current_changed(self.panes.outline.currentIndex(), QModelIndex())

    # ---- changing sections ---------------------------------------------------------------

    def insert_section(self, kind: str) -> None:
        """Add a new section after the selected one; its first field gets the keyboard."""
        row = self.current_row()
        at = row + 1 if row >= 0 else len(self.doc.pack.sections)
        label = editing.KIND_LABELS[kind].lower()
        self.doc.edit_insert_section(at, editing.new_section(kind), f"Insert {label}")
        self.panes.outline.select_row(at)
        if kind != "page_break":  # nothing to type in a page break
            self.navigation.focus_editor()

    def duplicate_section(self) -> None:
        row = self.current_row()
        if row >= 0:
            self.doc.edit_duplicate_section(row)

    def delete_section(self) -> None:
        row = self.current_row()
        if row >= 0:
            self.doc.edit_remove_section(row)
            self._current_changed(self.panes.outline.currentIndex(), QModelIndex())

    def move_section(self, step: int) -> None:
        row = self.current_row()
        if row >= 0:
            self.doc.edit_move_section(row, row + step)
            self.selectionChanged.emit()
