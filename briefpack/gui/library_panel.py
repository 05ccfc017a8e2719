"""The Library dock: browse and search the content library, insert items, keep your own."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from briefpack.gui.commands import InsertLibraryItemCommand
from briefpack.gui.document import PackDocument
from briefpack.gui.library_model import (
    CATEGORY_LABELS,
    LibraryFilter,
    LibraryModel,
    item_id_from_mime,
    item_summary,
)
from briefpack.model.errors import BriefpackError
from briefpack.model.library import (
    CATEGORIES,
    ImportPlan,
    LibraryItem,
    add_user_item,
    all_items,
    compare_libraries,
    edit_user_item,
    find_item,
    item_from_section,
    library_to_bytes,
    load_library,
    merge_library,
    remove_user_item,
    save_user_library,
    user_library,
)
from briefpack.model.storage import atomic_write
from briefpack.model.userdata import OnConflict

if TYPE_CHECKING:
    from briefpack.gui.brand_editor import BrandEditor
    from briefpack.gui.mainwindow import MainWindow
    from briefpack.gui.outline import OutlineView

LIBRARY_FILTER = "briefpack libraries (*.json);;All files (*)"
ItemDetails = tuple[str, str, list[str]]


class ItemDetailsDialog(QDialog):
    """Name, category and tags of a library item of the user's."""

    def __init__(
        self, title: str, name: str, category: str, tags: list[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.name = QLineEdit(name)
        self.category = QComboBox()
        for value in CATEGORIES:
            self.category.addItem(CATEGORY_LABELS[value], value)
        self.category.setCurrentIndex(max(0, self.category.findData(category)))
        self.tags = QLineEdit(", ".join(tags))
        self.tags.setPlaceholderText("comma-separated, e.g. hotline, reporting")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Name", self.name)
        form.addRow("Category", self.category)
        form.addRow("Tags", self.tags)
        form.addRow(buttons)
        self.resize(420, self.sizeHint().height())

    def details(self) -> ItemDetails:
        tags = [t for t in self.tags.text().split(",") if t.strip()]
        return self.name.text().strip(), str(self.category.currentData()), tags


class ImportDialog(QDialog):
    """What importing a library would do (new, changed, same) and, for changed items, a choice."""

    CHOICES: tuple[tuple[OnConflict, str], ...] = (
        ("keep-both", "Keep both (the incoming item is added as “(imported)”)"),
        ("replace", "Replace mine with the incoming items"),
        ("skip", "Skip them (keep mine)"),
    )

    def __init__(self, plan: ImportPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import library")
        layout = QVBoxLayout(self)
        summary = QLabel(self._summary(plan))
        summary.setTextFormat(Qt.TextFormat.RichText)
        summary.setWordWrap(True)
        layout.addWidget(summary)
        self.buttons: dict[str, QRadioButton] = {}
        box = QGroupBox("Items that differ from yours")
        inner = QVBoxLayout(box)
        for value, text in self.CHOICES:
            self.buttons[value] = button = QRadioButton(text)
            inner.addWidget(button)
        self.buttons["keep-both"].setChecked(True)
        box.setVisible(bool(plan.changed))
        layout.addWidget(box)
        ok = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok.button(QDialogButtonBox.StandardButton.Ok).setText("Import")
        ok.accepted.connect(self.accept)
        ok.rejected.connect(self.reject)
        layout.addWidget(ok)
        self.resize(480, self.sizeHint().height())

    @staticmethod
    def _summary(plan: ImportPlan) -> str:
        def names(items: list[LibraryItem]) -> str:
            return ", ".join(html.escape(i.name) for i in items[:8]) + (
                "…" if len(items) > 8 else ""
            )

        parts = [
            f"<b>New</b> ({len(plan.new)}): {names(plan.new) or '—'}",
            f"<b>Changed</b> ({len(plan.changed)}): "
            f"{names([theirs for _m, theirs in plan.changed]) or '—'}",
            f"<b>Same</b> ({len(plan.same)}): already in your library",
        ]
        return "<br>".join(parts)

    def set_choice(self, value: OnConflict) -> None:
        self.buttons[value].setChecked(True)

    def choice(self) -> OnConflict:
        return next(value for value, _t in self.CHOICES if self.buttons[value].isChecked())


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
        self, doc: PackDocument, current_row: Callable[[], int], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.doc, self.current_row = doc, current_row
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
        own = item is not None and not item.builtin
        self.edit_action.setEnabled(own)
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
        item = self.selected_item()
        if item is None or item.builtin:
            return False
        details = self.ask_item_details("Edit library item", item.name, item.category, item.tags)
        if details is None:
            return False
        name, category, tags = details
        try:
            lib = user_library()
            edit_user_item(lib, item.id, name=name, category=category, tags=tags)
            save_user_library(lib)
        except BriefpackError as exc:
            self.show_error("Cannot change the item", exc.message)
            return False
        self._changed(item.id)
        return True

    def delete_selected(self) -> bool:
        item = self.selected_item()
        if item is None or item.builtin or not self.confirm_delete(item):
            return False
        try:
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
        """Compare the file with the user's library, ask about changed items, merge, save."""
        try:
            theirs = load_library(path)
            ours = user_library()
            plan = compare_libraries(ours, theirs)
        except BriefpackError as exc:
            self.show_error("Cannot import the library", exc.message)
            return False
        choice = self.ask_import_choice(plan)
        if choice is None:
            return False
        try:
            save_user_library(merge_library(ours, plan, choice))
        except BriefpackError as exc:
            self.show_error("Cannot import the library", exc.message)
            return False
        self._changed(None)
        return True

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


# ---- wiring into the main window ------------------------------------------------------------


def install_library(window: MainWindow) -> None:
    """Fill the Library dock; add the update-from-library banner and the Library and
    Settings menus to `window` (once, just after its first paint or at first use)."""
    from briefpack.gui.origin import OriginBanner

    panel = window.library = LibraryPanel(window.doc, window.current_row)
    placeholder = window.library_dock.widget()
    window.library_dock.setWidget(panel)
    if placeholder is not None:
        placeholder.deleteLater()
    window.library_drop = LibraryDropTarget(window.outline, panel)

    # The banner sits above the section editor, inside the central area.
    banner = window.origin_banner = OriginBanner(window.doc, window.current_row)
    editor = window.takeCentralWidget()
    central = QWidget()
    column = QVBoxLayout(central)
    column.setContentsMargins(0, 0, 0, 0)
    column.addWidget(banner)
    column.addWidget(editor, 1)
    window.setCentralWidget(central)
    central.show()  # on a window already up, Qt would only show it on the next loop turn
    window.outline.selectionModel().currentChanged.connect(lambda *_: banner.refresh())
    window.doc.packReset.connect(banner.refresh)
    panel.libraryChanged.connect(banner.refresh)
    _add_menus(window, panel)


def _add_menus(window: MainWindow, panel: LibraryPanel) -> None:
    bar = window.menuBar()
    before = next((a for a in bar.actions() if a.text() == "&View"), None)
    menu = QMenu("&Library", window)
    menu.addAction(panel.insert_action)
    menu.addAction(panel.add_section_action)
    menu.addSeparator()
    menu.addAction("&Import…", panel.import_dialog)
    menu.addAction("&Export…", panel.export_dialog)
    settings = QMenu("Se&ttings", window)
    window.brands_action = settings.addAction("&Brands…", lambda: open_brand_editor(window))
    bar.insertMenu(before, menu) if before else bar.addMenu(menu)
    bar.insertMenu(before, settings) if before else bar.addMenu(settings)


def open_brand_editor(window: MainWindow) -> BrandEditor:
    """Show the brand editor; a saved or imported brand is then offered in Pack settings."""
    from briefpack.gui.brand_editor import BrandEditor, refill_brand_combo

    editor = BrandEditor(window.doc, window)
    combo = window.pack_settings.brand
    editor.brandsChanged.connect(lambda: refill_brand_combo(combo, window.doc.pack.meta.brand))
    window.brand_editor = editor
    editor.open()
    return editor
