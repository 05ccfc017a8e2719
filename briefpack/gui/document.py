"""The open pack as Qt sees it: the pack, its file, its undo stack and change signals.

Every change goes through an undo command (gui/commands.py) that calls one of the mutating
methods here; each calls a briefpack.model.editing function and then tells the views what
changed. Widgets never change the pack themselves: they call the `edit_*` methods, which
validate, then push a command.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from briefpack.gui.commands import (
    InsertItemCommand,
    InsertSectionCommand,
    MoveItemCommand,
    MoveSectionCommand,
    RemoveItemCommand,
    RemoveSectionCommand,
    SetFieldCommand,
)
from briefpack.model import editing, outside
from briefpack.model.editing import EditError, Target
from briefpack.model.pack import Pack
from briefpack.model.sections import LinkItem, Section, StatItem


class PackDocument(QObject):
    """One open pack. Lives as long as the main window; `reset` swaps the pack in it."""

    # (the object changed in place: meta, threat, a section or an item; the field name)
    fieldChanged = Signal(object, str)
    # rows of pack.sections are about to change / have changed (for the outline model)
    sectionsAboutToInsert = Signal(int)
    sectionsInserted = Signal(int)
    sectionsAboutToRemove = Signal(int)
    sectionsRemoved = Signal(int)
    sectionsAboutToMove = Signal(int, int)
    sectionsMoved = Signal(int, int)
    sectionReplaced = Signal(int)
    # the items list of this section changed shape (rows added, removed, moved)
    itemsChanged = Signal(object)
    # anything at all in the pack changed (the preview listens to this)
    changed = Signal()
    # an edit (or its undo) touched this section row: show it
    focusSection = Signal(int)
    # a different pack was loaded (new / open)
    packReset = Signal()
    # an edit was refused; the message names the field
    editRejected = Signal(str)
    pathChanged = Signal()

    def __init__(self, pack: Pack, path: Path | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.pack = pack
        self.path = path
        # Where an unsaved pack's pictures are (a bundle opened into briefpack's private
        # folder); None means the current folder. A saved pack's folder always wins.
        self.files_dir: Path | None = None
        # Pictures outside the pack's folder the officer said yes to (resolved paths).
        self.allowed_outside: set[Path] = set()
        self.undo_stack = stack = QUndoStack(self)
        # A stack being destroyed clears itself and signals; by then its listeners are gone.
        self.destroyed.connect(lambda *_: stack.blockSignals(True))

    # ---- whole pack -------------------------------------------------------------------

    def reset(self, pack: Pack, path: Path | None, files_dir: Path | None = None) -> None:
        self.undo_stack.clear()
        self.pack = pack
        self.path = path
        self.files_dir = files_dir
        self.allowed_outside = set()
        self.undo_stack.setClean()
        self.packReset.emit()
        self.pathChanged.emit()
        self.changed.emit()

    def set_path(self, path: Path) -> None:
        self.path = path
        self.pathChanged.emit()

    @property
    def base_dir(self) -> Path:
        """Where relative image paths are looked up: the pack's folder."""
        if self.path:
            return self.path.resolve().parent
        return self.files_dir if self.files_dir is not None else Path.cwd()

    def files(self) -> tuple[Path, Path | None, frozenset[Path]]:
        """What a render needs besides the pack: its folder, its file, and the pictures
        outside the folder the officer said yes to (a frozen copy for worker threads)."""
        return self.base_dir, self.path, frozenset(self.allowed_outside)

    def allow_chosen_file(self, file: Path) -> None:
        """A picture the officer chose in a file dialog needs no question, even outside the
        pack's folder: it is their own choice."""
        if outside.outside_file(self.base_dir, str(file)) is not None:
            self.allowed_outside.add(file.resolve())
            self.remember_allowed_outside()

    def remember_allowed_outside(self) -> None:
        """Keep the officer's yes for this pack's file, so reopening it does not ask again."""
        if self.path is not None and self.allowed_outside:
            outside.remember_allowed(self.path, self.allowed_outside)

    def row_of(self, section: Section) -> int:
        """The row of this very section object, or -1."""
        for row, s in enumerate(self.pack.sections):
            if s is section:
                return row
        return -1

    def target_object(self, target: Target) -> Any:
        """The meta, threat, section or row `target` names (see model.editing.Target)."""
        return editing.target_object(self.pack, target)

    # ---- what widgets call: validate, then push one undo command ------------------------

    def edit_field(self, target: Target, field: str, value: Any, *, merge: bool = False) -> bool:
        """Set a field through the undo stack; typing (`merge`) joins the previous command."""

        obj = self.target_object(target)
        before = getattr(obj, field)
        try:
            self.set_field(target, field, value)  # validates; the command's redo repeats it
        except EditError as exc:
            self.editRejected.emit(exc.message)
            self.fieldChanged.emit(obj, field)  # puts the widget back to the model's value
            return False
        after = getattr(obj, field)
        if after == before:
            return True
        self.undo_stack.push(SetFieldCommand(self, target, field, before, after, merge=merge))
        return True

    def edit_insert_section(self, row: int, section: Section, text: str) -> None:

        self.undo_stack.push(InsertSectionCommand(self, row, section, text))

    def edit_duplicate_section(self, row: int) -> None:

        copy = editing.copy_section(self.pack, row)
        label = editing.KIND_LABELS[copy.kind].lower()
        self.undo_stack.push(InsertSectionCommand(self, row + 1, copy, f"Duplicate {label}"))

    def edit_remove_section(self, row: int) -> None:

        self.undo_stack.push(RemoveSectionCommand(self, row))

    def edit_move_section(self, source: int, dest: int) -> bool:

        count = len(self.pack.sections)
        if source == dest or not (0 <= source < count and 0 <= dest < count):
            return False
        self.undo_stack.push(MoveSectionCommand(self, source, dest))
        return True

    def edit_insert_item(self, row: int, item_row: int) -> None:

        kind = self.pack.sections[row].kind
        self.undo_stack.push(InsertItemCommand(self, row, item_row, editing.new_item(kind)))

    def edit_remove_item(self, row: int, item_row: int) -> None:

        self.undo_stack.push(RemoveItemCommand(self, row, item_row))

    def edit_move_item(self, row: int, source: int, dest: int) -> bool:

        count = len(editing.section_items(self.pack, row))
        if source == dest or not (0 <= source < count and 0 <= dest < count):
            return False
        self.undo_stack.push(MoveItemCommand(self, row, source, dest))
        return True

    # ---- what commands call: one editing function, then notify --------------------------

    def set_field(self, target: Target, field: str, value: Any) -> Any:
        old = editing.set_field(self.pack, target, field, value)
        self.fieldChanged.emit(self.target_object(target), field)
        self.changed.emit()
        return old

    def insert_section(self, row: int, section: Section) -> None:
        self.sectionsAboutToInsert.emit(row)
        editing.insert_section(self.pack, row, section)
        self.sectionsInserted.emit(row)
        self.changed.emit()

    def remove_section(self, row: int) -> Section:
        self.sectionsAboutToRemove.emit(row)
        section = editing.remove_section(self.pack, row)
        self.sectionsRemoved.emit(row)
        self.changed.emit()
        return section

    def move_section(self, source: int, dest: int) -> None:
        self.sectionsAboutToMove.emit(source, dest)
        editing.move_section(self.pack, source, dest)
        self.sectionsMoved.emit(source, dest)
        self.changed.emit()

    def insert_item(self, row: int, item_row: int, item: StatItem | LinkItem) -> None:
        editing.insert_item(self.pack, row, item_row, item)
        self._items_changed(row)

    def remove_item(self, row: int, item_row: int) -> StatItem | LinkItem:
        item = editing.remove_item(self.pack, row, item_row)
        self._items_changed(row)
        return item

    def move_item(self, row: int, source: int, dest: int) -> None:
        editing.move_item(self.pack, row, source, dest)
        self._items_changed(row)

    def _items_changed(self, row: int) -> None:
        section = self.pack.sections[row]
        self.itemsChanged.emit(section)
        self.fieldChanged.emit(section, "items")
        self.changed.emit()
