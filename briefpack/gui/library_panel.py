"""The Library dock: browse and search the content library, insert items, keep your own."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from briefpack.gui.commands import InsertLibraryItemCommand
from briefpack.gui.document import PackDocument
from briefpack.gui.library_dialogs import ImportDialog, ItemDetails, ItemDetailsDialog
from briefpack.gui.library_model import (
    LibraryFilter,
    LibraryModel,
    item_summary,
)
from briefpack.model.conflicts import OnConflict
from briefpack.model.errors import BriefpackError
from briefpack.model.library import (
    ImportPlan,
    Library,
    LibraryItem,
    add_user_item,
    all_items,
    compare_libraries,
    edit_user_item,
    find_item,
    item_from_section,
    library_to_bytes,
    merge_library,
    remove_user_item,
    save_user_library,
    user_library,
    user_library_lock,
)
from briefpack.model.library_import import load_shared_library
from briefpack.model.storage import atomic_write

if TYPE_CHECKING:
    from briefpack.gui.jobs import JobRunner

LIBRARY_FILTER = "briefpack libraries (*.json);;All files (*)"


class LibraryTree(QTreeView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("library_tree")
        self.setHeaderHidden(True)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.setUniformRowHeights(True)
        self.setAnimated(False)


class LibraryPanel(QWidget):
    """Search box, category tree, preview of the selected item; insert and manage items."""

    libraryChanged = Signal()

    def __init__(
        self,
        doc: PackDocument,
        current_row: Callable[[], int],
        parent: QWidget | None = None,
        jobs: JobRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self.doc, self.current_row = doc, current_row
        self.jobs = jobs  # the window's runner for reading and saving library files
        self.model = LibraryModel(self)
        self.proxy = LibraryFilter(self.model, self)
        self.search = QLineEdit()
        self.search.setObjectName("library_search")
        self.search.setPlaceholderText("Search the library…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.tree = LibraryTree()
        self.tree.setModel(self.proxy)
        self.tree.activated.connect(self._activated)
        self.tree.selectionModel().currentChanged.connect(lambda *_: self._selection_changed())
        self.preview = QLabel()
        self.preview.setObjectName("library_preview")
        self.preview.setWordWrap(True)
        self.preview.setTextFormat(Qt.TextFormat.RichText)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.preview.setMinimumHeight(60)
        self._build_actions()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.search)
        layout.addWidget(self.tree, 3)
        layout.addWidget(self._scrolling(self.preview), 1)
        layout.addLayout(self._buttons())
        self.reload()

    @staticmethod
    def _scrolling(label: QLabel) -> QScrollArea:
        """The item details in a short scrolling box, so the tree keeps most of the dock."""
        area = QScrollArea()
        area.setWidget(label)
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setMinimumHeight(90)  # the figure itself shows without scrolling
        area.setMaximumHeight(170)
        return area

    def _build_actions(self) -> None:
        def action(text: str, slot: Callable[[], object], tip: str) -> QAction:
            act = QAction(text, self)
            act.setStatusTip(tip)
            act.triggered.connect(lambda _c=False: slot())
            self.tree.addAction(act)
            return act

        self.insert_action = action(
            "Insert into Pack",
            self.insert_selected,
            "Add the item after the selected section (figures join a selected statistics section)",
        )
        self.add_section_action = action(
            "Add Selected Section to Library…",
            self.add_current_section,
            "Save the section selected in the outline to your library",
        )
        self.edit_action = action("Edit Name, Category, Tags…", self.edit_selected, "")
        self.delete_action = action("Delete from Library…", self.delete_selected, "")
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        for act, text in (
            (self.insert_action, "Insert"),
            (self.add_section_action, "Add section…"),
            (self.edit_action, "Edit…"),
            (self.delete_action, "Delete"),
        ):
            button = QPushButton(text)
            button.setToolTip(act.text().rstrip("…"))
            button.clicked.connect(act.trigger)
            act.enabledChanged.connect(button.setEnabled)
            button.setEnabled(act.isEnabled())
            row.addWidget(button)
        return row

    # ---- showing ----------------------------------------------------------------------------

    def reload(self, select: str | None = None) -> None:
        """Read the library again (after a change on disk); keep or set the selection."""
        keep = select or (self.selected_item().id if self.selected_item() else None)
        try:
            items = all_items()
        except BriefpackError as exc:  # a damaged user library: show the built-ins, say why
            self.show_error("Cannot read your library", exc.message)
            items = list(find_item_builtins())
        self.model.load(items)
        self._filter(self.search.text())
        if keep:
            self.select(keep)
        self._selection_changed()

    def _filter(self, text: str) -> None:
        self.proxy.set_text(text)
        if text.strip():
            self.tree.expandAll()
        else:
            self.tree.collapseAll()
            current = self.tree.currentIndex()
            if current.isValid():
                self.tree.scrollTo(current)

    def select(self, item_id: str) -> bool:
        index = self.proxy.mapFromSource(self.model.index_of(item_id))
        if not index.isValid():
            return False
        self.tree.setCurrentIndex(index)
        self.tree.scrollTo(index)
        return True

    def selected_item(self) -> LibraryItem | None:
        return self.proxy.item_at(self.tree.currentIndex())

    def visible_ids(self) -> list[str]:
        """Ids of the items the search leaves showing, in tree order."""
        ids = []
        for group in range(self.proxy.rowCount()):
            parent = self.proxy.index(group, 0)
            for row in range(self.proxy.rowCount(parent)):
                item = self.proxy.item_at(self.proxy.index(row, 0, parent))
                if item is not None:
                    ids.append(item.id)
        return ids

    def _selection_changed(self) -> None:
        item = self.selected_item()
        self.preview.setText(item_summary(item) if item else "Select an item to see it here.")
        self.insert_action.setEnabled(item is not None)
        own = item is not None and not item.read_only
        # Editing a force item makes the user's own copy; a built-in is not edited at all.
        self.edit_action.setEnabled(item is not None and not item.builtin)
        self.delete_action.setEnabled(own)

    # ---- inserting into the pack ----------------------------------------------------------

    def _activated(self, index: QModelIndex) -> None:
        item = self.proxy.item_at(index)
        if item is not None:
            self.insert(item.id)

    def insert_selected(self) -> None:
        item = self.selected_item()
        if item is not None:
            self.insert(item.id)

    def insert(self, item_id: str, row: int | None = None) -> bool:
        """Insert the item as one undo step: before `row` (a drop), else where the selected
        section says (statistics join a selected statistics section, anything else goes
        after it); the outline then selects the section that received it."""
        item = self.model.items.get(item_id) or find_item(item_id)
        if item is None:
            self.show_error("Cannot insert", f"no library item {item_id!r}")
            return False
        into = None
        if row is None:
            current = self.current_row()
            into = current if current >= 0 else None
            row = current + 1 if current >= 0 else len(self.doc.pack.sections)
        try:
            command = InsertLibraryItemCommand(self.doc, row, item, into)
        except BriefpackError as exc:
            self.show_error("Cannot insert", exc.message)
            return False
        self.doc.undo_stack.push(command)
        return True

    # ---- the user's own items ----------------------------------------------------------------

    def add_current_section(self) -> bool:
        row = self.current_row()
        if not 0 <= row < len(self.doc.pack.sections):
            self.show_error("Add to library", "Select a section in the outline first.")
            return False
        return self.add_section(row)

    def add_section(self, row: int) -> bool:
        """Ask name, category and tags; save a copy of section `row` to the user's library."""
        section = self.doc.pack.sections[row]
        from briefpack.model.editing import describe_section

        details = self.ask_item_details("Add section to library", describe_section(section))
        if details is None:
            return False
        name, category, tags = details
        try:
            with user_library_lock():  # read, change and save as one step
                lib = user_library()
                item = item_from_section(section, name, category, tags)
                add_user_item(lib, item)
                save_user_library(lib)
        except BriefpackError as exc:
            self.show_error("Cannot add to the library", exc.message)
            return False
        self._changed(item.id)
        return True

    def edit_selected(self) -> bool:
        """Edit one of the user's items; a force item is read-only, so editing it makes the
        user's own copy (a new item, under the name they give)."""
        item = self.selected_item()
        if item is None or item.builtin:
            return False
        title = "Edit your copy of a force item" if item.force else "Edit library item"
        details = self.ask_item_details(title, item.name, item.category, item.tags)
        if details is None:
            return False
        name, category, tags = details
        try:
            with user_library_lock():
                lib = user_library()
                if item.force:
                    copy = item_from_section(item.section, name, category, tags, item.source)
                    item = add_user_item(lib, copy)
                else:
                    edit_user_item(lib, item.id, name=name, category=category, tags=tags)
                save_user_library(lib)
        except BriefpackError as exc:
            self.show_error("Cannot change the item", exc.message)
            return False
        self._changed(item.id)
        return True

    def delete_selected(self) -> bool:
        item = self.selected_item()
        if item is None or item.read_only or not self.confirm_delete(item):
            return False
        try:
            with user_library_lock():
                lib = user_library()
                remove_user_item(lib, item.id)
                save_user_library(lib)
        except BriefpackError as exc:
            self.show_error("Cannot delete the item", exc.message)
            return False
        self._changed(None)
        return True

    def _changed(self, select: str | None) -> None:
        self.reload(select)
        self.libraryChanged.emit()

    # ---- import and export -----------------------------------------------------------------

    def import_dialog(self) -> bool:
        file = self.choose_file("Import library", save=False)
        return self.import_library(Path(file)) if file else False

    def import_library(self, path: Path) -> bool:
        """Compare the file with the user's library, ask about changed items, merge, save.

        Reading and saving run as jobs of the window (gui/jobs.py) when it has a runner."""

        def compare(_progress: object) -> tuple[Library, ImportPlan]:
            theirs = load_shared_library(path)  # FIFOs, devices, unsafe picture paths refused
            return theirs, compare_libraries(user_library(), theirs)

        def merge_and_save(theirs: Library, choice: OnConflict) -> None:
            # Under the library's lock, against the library as it is now: another briefpack
            # may have added items while the officer was choosing.
            with user_library_lock():
                ours = user_library()
                save_user_library(merge_library(ours, compare_libraries(ours, theirs), choice))

        compared = self._run("Import library", f"Reading {path.name}…", compare)
        if compared is None:
            return False
        theirs, plan = compared  # type: ignore[misc]
        choice = self.ask_import_choice(plan)
        if choice is None:
            return False
        saved = self._run("Import library", "Saving…", lambda _p: merge_and_save(theirs, choice))
        if saved is None:
            return False
        self._changed(None)
        return True

    def _run(self, title: str, label: str, work: Callable[[object], object]) -> object | None:
        """`work`'s result, run as a job of the window (in place when there is no runner);
        None after telling the user what went wrong."""
        if self.jobs is None:
            try:
                result = work(None)
            except BriefpackError as exc:
                self.show_error("Cannot import the library", exc.message)
                return None
            return True if result is None else result
        outcome = self.jobs.run(title, label, work, cancel=False)
        if outcome.refused:
            self.show_error("Cannot import the library", "Another job is still running.")
            return None
        if isinstance(outcome.error, BriefpackError):
            self.show_error("Cannot import the library", outcome.error.message)
            return None
        if outcome.error is not None:
            raise outcome.error
        return True if outcome.value is None else outcome.value

    def export_dialog(self) -> bool:
        file = self.choose_file("Export your library", save=True)
        if not file:
            return False
        path = Path(file)
        return self.export_library(path if path.suffix else path.with_suffix(".json"))

    def export_library(self, path: Path) -> bool:
        """Write the user's own items as a library file a colleague can import."""
        try:
            atomic_write(path, library_to_bytes(user_library()))
        except BriefpackError as exc:
            self.show_error("Cannot export the library", exc.message)
            return False
        return True

    # ---- questions (tests replace these) ------------------------------------------------------

    def ask_item_details(
        self, title: str, name: str, category: str = "advice", tags: list[str] | None = None
    ) -> ItemDetails | None:
        dialog = ItemDetailsDialog(title, name, category, tags or [], self)
        while dialog.exec() == QDialog.DialogCode.Accepted:
            if dialog.details()[0]:
                return dialog.details()
            dialog.name.setPlaceholderText("a name is needed")
        return None

    def ask_import_choice(self, plan: ImportPlan) -> OnConflict | None:
        dialog = ImportDialog(plan, self)
        return dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def confirm_delete(self, item: LibraryItem) -> bool:
        answer = QMessageBox.question(
            self,
            "Delete library item",
            f"Delete “{item.name}” from your library? Packs that use it keep their copy.",
        )
        return answer == QMessageBox.StandardButton.Yes

    def choose_file(self, title: str, *, save: bool) -> str:
        start = str(Path.home() / "library.json")
        if save:
            return QFileDialog.getSaveFileName(self, title, start, LIBRARY_FILTER)[0]
        return QFileDialog.getOpenFileName(self, title, str(Path.home()), LIBRARY_FILTER)[0]

    def show_error(self, title: str, message: str) -> None:
        QMessageBox.critical(self, title, message)


def find_item_builtins() -> list[LibraryItem]:
    from briefpack.model.library import builtin_library

    return list(builtin_library().items)
