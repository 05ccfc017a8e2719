"""The main window: outline, editor, pack settings, undo history, preview; menus; files."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QSettings, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QGuiApplication,
    QKeySequence,
    QPaintEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QToolBar,
    QUndoView,
    QVBoxLayout,
    QWidget,
)

from briefpack import __version__
from briefpack.gui.checks_panel import ChecksPanel
from briefpack.gui.document import PackDocument
from briefpack.gui.editors import EditorPanel, PackSettings
from briefpack.gui.icons import kind_icon
from briefpack.gui.outline import OutlineView, SectionsModel
from briefpack.gui.preview import PreviewPanel
from briefpack.model import editing
from briefpack.model.errors import BriefpackError, SaveError
from briefpack.model.pack import Pack
from briefpack.model.packfile import load_pack, save_pack
from briefpack.model.resources import data_dir
from briefpack.model.sections import SECTION_KINDS
from briefpack.model.templates import pack_to_template, template_to_pack

APP_NAME = "briefpack"
PACK_FILTER = "briefpack packs (*.bpack);;All files (*)"
TEMPLATE_FILTER = "briefpack templates (*.bpack);;All files (*)"
MAX_RECENT = 8
DEFAULT_TEMPLATE = "protective-security-update.bpack"
FIRST_PAINT_GRACE_MS = 1000  # start the preview by then even if the window never paints
EXTRAS_AFTER_PREVIEW_MS = 250  # checks and Library dock: this long after the first preview
EXTRAS_LATEST_MS = 2000  # ... or by this long after the first paint, however slow it is
# Set by gui/library_panel.py install_library().
LIBRARY_ATTRIBUTES = frozenset(
    {"library", "library_drop", "origin_banner", "brands_action", "brand_editor"}
)

if TYPE_CHECKING:
    from briefpack.gui.recovery import Autosaver


def default_pack() -> Pack:
    """A new pack from the built-in default template, or a minimal one if there is none."""
    template_file = data_dir("templates") / DEFAULT_TEMPLATE
    if template_file.is_file():
        try:
            return editing.new_pack(load_pack(template_file))
        except BriefpackError:
            pass
    return editing.new_pack()


class MainWindow(QMainWindow):
    def __init__(self, settings: QSettings | None = None, pack: Pack | None = None) -> None:
        super().__init__()
        self.settings = settings or QSettings()
        self.doc = PackDocument(pack or default_pack(), None, self)
        self.stack = self.doc.undo_stack
        self.setObjectName("main_window")
        self.setDockNestingEnabled(True)

        # ---- central editor and docks ----------------------------------------------------
        self.editor = EditorPanel(self.doc)
        self.setCentralWidget(self.editor)

        self.sections_model = SectionsModel(self.doc, self)
        self.outline = OutlineView(self.sections_model)
        self.outline.selectionModel().currentChanged.connect(self._current_changed)
        self.outline_toolbar = QToolBar()
        self.outline_toolbar.setObjectName("outline_toolbar")
        outline_box = QWidget()
        box = QVBoxLayout(outline_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        box.addWidget(self.outline_toolbar)
        box.addWidget(self.outline, 1)
        self.outline_dock = self._dock("Outline", "outline_dock", outline_box)

        self.pack_settings = PackSettings(self.doc)
        self.settings_dock = self._dock("Pack settings", "settings_dock", self.pack_settings)
        self.history = QUndoView(self.stack)
        self.history.setEmptyLabel("Opened")
        self.history_dock = self._dock("History", "history_dock", self.history)
        self.preview = PreviewPanel(self.doc)
        self.preview_dock = self._dock("Preview", "preview_dock", self.preview)
        self.checks = ChecksPanel(self.doc)
        self.checks_dock = self._dock("Checks", "checks_dock", self.checks)
        # Its list is filled in just after the first paint (install_library); the dock is
        # here from the start so the saved layout places it like any other.
        self.library_dock = self._dock("Library", "library_dock", QWidget())

        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.outline_dock)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.settings_dock)
        self.tabifyDockWidget(self.settings_dock, self.history_dock)
        self.tabifyDockWidget(self.history_dock, self.checks_dock)
        self.tabifyDockWidget(self.checks_dock, self.library_dock)
        self.settings_dock.raise_()
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.preview_dock)
        self.resizeDocks(
            [self.outline_dock, self.preview_dock], [330, 720], Qt.Orientation.Horizontal
        )
        self.resizeDocks(
            [self.outline_dock, self.settings_dock], [420, 480], Qt.Orientation.Vertical
        )

        self._build_actions()
        self._build_menus()
        # The Library dock, its menu, the update-from-library banner and Brands… are added
        # just after the first paint (or at first use), so they do not delay the window.
        self._library_installed = False
        self.statusBar()

        # ---- state -------------------------------------------------------------------------
        self.stack.cleanChanged.connect(lambda clean: self.setWindowModified(not clean))
        self.stack.indexChanged.connect(lambda _i: self._update_actions())
        self.doc.pathChanged.connect(self._update_title)
        self.doc.focusSection.connect(self.outline.select_row)
        self.checks.sectionActivated.connect(self._show_section)
        self.preview.renderer.rendered.connect(
            lambda *_: self.checks.set_glyph_findings(self.preview.renderer.last_glyphs)
        )
        self.doc.packReset.connect(self._pack_reset)
        self.doc.editRejected.connect(self._edit_rejected)
        self._update_title()
        self.outline.select_row(0)
        self._update_actions()
        self._default_size()
        self._restore_layout()
        self._shown = False
        self._preview_started = False
        self.exporter = None  # gui/export.py Exporter, made on the first export
        self.export_done_box = None  # the "Export finished" box offering Open / Show in Folder
        self.autosaver: Autosaver | None = None  # the app sets one (gui/recovery.py)

    def _default_size(self) -> None:
        screen = QGuiApplication.primaryScreen()
        if screen is None:
            self.resize(1500, 950)
            return
        area = screen.availableGeometry()
        self.resize(min(1500, area.width()), min(950, area.height()))

    def _dock(self, title: str, name: str, widget: QWidget) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        return dock

    # ---- actions and menus -------------------------------------------------------------------

    def _action(
        self, text: str, slot: object, shortcut: QKeySequence | str | None = None, tip: str = ""
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        std = QKeySequence.StandardKey
        self.new_action = self._action("&New", self.new_pack, std.New)
        self.open_action = self._action("&Open…", self.open_dialog, std.Open)
        self.save_action = self._action("&Save", self.save, std.Save)
        self.save_as_action = self._action("Save &As…", self.save_as, std.SaveAs)
        self.export_pdf_action = self._action(
            "Export &PDF…", lambda: self.export_dialog("pdf"), "Ctrl+E"
        )
        self.export_docx_action = self._action(
            "Export &DOCX…", lambda: self.export_dialog("docx"), "Ctrl+Shift+E"
        )
        self.print_action = self._action("&Print…", self.print_dialog, std.Print)
        self.new_from_template_action = self._action(
            "New from &Template…", self.new_from_template_dialog
        )
        self.save_as_template_action = self._action(
            "Save as Te&mplate…", self.save_as_template_dialog
        )
        self.quit_action = self._action("&Quit", self.close, std.Quit)
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)

        self.undo_action = self.stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence(std.Undo))
        self.redo_action = self.stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence(std.Redo), QKeySequence("Ctrl+Y")])
        self.addAction(self.undo_action)
        self.addAction(self.redo_action)

        self.insert_actions: dict[str, QAction] = {}
        for n, kind in enumerate(SECTION_KINDS, start=1):
            action = self._action(
                editing.KIND_LABELS[kind],
                lambda _c=False, k=kind: self.insert_section(k),
                f"Ctrl+{n}",
                f"Add a {editing.KIND_LABELS[kind].lower()} section after the selected one",
            )
            action.setIcon(kind_icon(kind))
            action.setObjectName(f"insert_{kind}")
            self.insert_actions[kind] = action

        self.duplicate_action = self._action("D&uplicate Section", self.duplicate_section, "Ctrl+D")
        self.delete_action = self._action("&Delete Section", self.delete_section, std.Delete)
        # Delete means "delete the section" only in the outline; in a text field it deletes text.
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.removeAction(self.delete_action)
        self.outline.addAction(self.delete_action)
        self.move_up_action = self._action(
            "Move Section &Up", lambda: self.move_section(-1), "Ctrl+Shift+Up"
        )
        self.move_down_action = self._action(
            "Move Section Do&wn", lambda: self.move_section(+1), "Ctrl+Shift+Down"
        )
        for action in (
            self.move_up_action,
            self.move_down_action,
            self.duplicate_action,
            self.delete_action,
        ):
            self.outline_toolbar.addAction(action)
        self.move_up_action.setIconText("▲")
        self.move_down_action.setIconText("▼")
        self.duplicate_action.setIconText("Duplicate")
        self.delete_action.setIconText("Delete")

        self.about_action = self._action("&About briefpack", self.about)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addAction(self.new_action)
        file_menu.addAction(self.new_from_template_action)
        file_menu.addAction(self.open_action)
        self.recent_menu = QMenu("Open &Recent", self)
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addMenu(self.recent_menu)
        file_menu.addSeparator()
        file_menu.addAction(self.save_action)
        file_menu.addAction(self.save_as_action)
        file_menu.addAction(self.save_as_template_action)
        file_menu.addSeparator()
        file_menu.addAction(self.export_pdf_action)
        file_menu.addAction(self.export_docx_action)
        file_menu.addAction(self.print_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        edit_menu = bar.addMenu("&Edit")
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)

        self.insert_menu = bar.addMenu("&Insert")
        for action in self.insert_actions.values():
            self.insert_menu.addAction(action)

        section_menu = bar.addMenu("&Section")
        for action in (self.move_up_action, self.move_down_action, self.duplicate_action):
            section_menu.addAction(action)
        section_menu.addSeparator()
        section_menu.addAction(self.delete_action)

        insert_button = QMenu("Add", self)
        for action in self.insert_actions.values():
            insert_button.addAction(action)
        add = insert_button.menuAction()
        add.setText("Add ▾")
        self.outline_toolbar.insertAction(self.move_up_action, add)
        self.outline_toolbar.insertSeparator(self.move_up_action)

        view_menu = bar.addMenu("&View")
        for dock in (
            self.outline_dock,
            self.settings_dock,
            self.history_dock,
            self.checks_dock,
            self.library_dock,
            self.preview_dock,
        ):
            view_menu.addAction(dock.toggleViewAction())
        view_menu.addSeparator()
        for action in (
            self.preview.zoom_in_action,
            self.preview.zoom_out_action,
            self.preview.fit_width_action,
            self.preview.fit_page_action,
        ):
            view_menu.addAction(action)
        self.preview.zoom_in_action.setShortcut(QKeySequence.StandardKey.ZoomIn)
        self.preview.zoom_out_action.setShortcut(QKeySequence.StandardKey.ZoomOut)

        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.about_action)

    # ---- outline and sections ---------------------------------------------------------------

    def current_row(self) -> int:
        return self.outline.current_row()

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = current.row() if current.isValid() else -1
        sections = self.doc.pack.sections
        self.editor.show_section(sections[row] if 0 <= row < len(sections) else None)
        self.preview.show_section(row)  # the preview follows the outline
        self._update_actions()

    def _show_section(self, row: int) -> None:
        self.outline_dock.show()
        self.outline_dock.raise_()
        self.outline.select_row(row)

    def _pack_reset(self) -> None:
        self.outline.select_row(0)
        self._current_changed(self.outline.currentIndex(), QModelIndex())

    def _update_actions(self) -> None:
        row, count = self.current_row(), len(self.doc.pack.sections)
        self.duplicate_action.setEnabled(row >= 0)
        self.delete_action.setEnabled(row >= 0)
        self.move_up_action.setEnabled(row > 0)
        self.move_down_action.setEnabled(0 <= row < count - 1)

    def insert_section(self, kind: str) -> None:
        row = self.current_row()
        at = row + 1 if row >= 0 else len(self.doc.pack.sections)
        label = editing.KIND_LABELS[kind].lower()
        self.doc.edit_insert_section(at, editing.new_section(kind), f"Insert {label}")
        self.outline.select_row(at)

    def duplicate_section(self) -> None:
        row = self.current_row()
        if row >= 0:
            self.doc.edit_duplicate_section(row)

    def delete_section(self) -> None:
        row = self.current_row()
        if row >= 0:
            self.doc.edit_remove_section(row)
            self._current_changed(self.outline.currentIndex(), QModelIndex())

    def move_section(self, step: int) -> None:
        row = self.current_row()
        if row >= 0:
            self.doc.edit_move_section(row, row + step)
            self._update_actions()

    def _edit_rejected(self, message: str) -> None:
        self.statusBar().showMessage(f"Not changed — {message}", 8000)

    # ---- title and settings -----------------------------------------------------------------

    def _update_title(self) -> None:
        name = self.doc.path.name if self.doc.path else "Untitled"
        self.setWindowTitle(f"{name}[*] — briefpack")
        self.setWindowModified(not self.stack.isClean())

    def _restore_layout(self) -> None:
        geometry = self.settings.value("window/geometry")
        state = self.settings.value("window/state")
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)

    def _save_layout(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.sync()

    def recent_files(self) -> list[str]:
        value = self.settings.value("recentFiles", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in value or []]

    def _add_recent(self, path: Path) -> None:
        name = str(path.resolve())
        files = [name, *(f for f in self.recent_files() if f != name)][:MAX_RECENT]
        self.settings.setValue("recentFiles", files)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        files = self.recent_files()
        for file in files:
            action = self.recent_menu.addAction(file)
            action.triggered.connect(lambda _c=False, f=file: self.open_recent(f))
        if not files:
            self.recent_menu.addAction("(none yet)").setEnabled(False)
        else:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction("Clear list", lambda: self.settings.remove("recentFiles"))

    # ---- files -----------------------------------------------------------------------------------

    def ask_save_changes(self) -> QMessageBox.StandardButton:
        """Save, Discard or Cancel (tests replace this)."""
        name = self.doc.path.name if self.doc.path else "this new pack"
        buttons = (
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel
        )
        return QMessageBox.warning(
            self,
            "Unsaved changes",
            f"Save the changes to {name} before closing it?",
            buttons,
            QMessageBox.StandardButton.Save,
        )

    def maybe_save(self) -> bool:
        """True when it is fine to drop the current pack."""
        if self.stack.isClean():
            return True
        answer = self.ask_save_changes()
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def show_error(self, title: str, message: str) -> None:
        QMessageBox.critical(self, title, message)

    def show_pack(self, pack: Pack, path: Path | None) -> None:
        """Make `pack` the window's pack; preview it at once if the window is up."""
        self.doc.reset(pack, path)
        if self._preview_started:
            self.preview.renderer.render_now()

    def new_pack(self) -> None:
        if self.maybe_save():
            self.show_pack(default_pack(), None)

    def open_dialog(self) -> None:
        if not self.maybe_save():
            return
        start = str(self.doc.path.parent) if self.doc.path else str(Path.home())
        file, _ = QFileDialog.getOpenFileName(self, "Open pack", start, PACK_FILTER)
        if file:
            self.open_file(Path(file))

    def open_recent(self, file: str) -> None:
        if self.maybe_save():
            self.open_file(Path(file))

    def open_file(self, path: Path) -> bool:
        try:
            pack = load_pack(path)
        except BriefpackError as exc:
            self.show_error("Cannot open the pack", exc.message)
            return False
        self.show_pack(pack, path)
        self._add_recent(path)
        self.statusBar().showMessage(f"Opened {path}", 4000)
        return True

    def save(self) -> bool:
        if self.doc.path is None:
            return self.save_as()
        return self.save_to(self.doc.path)

    def save_as(self) -> bool:
        start = str(self.doc.path) if self.doc.path else str(Path.home() / "Untitled.bpack")
        file, _ = QFileDialog.getSaveFileName(self, "Save pack as", start, PACK_FILTER)
        if not file:
            return False
        path = Path(file)
        if not path.suffix:
            path = path.with_suffix(".bpack")
        return self.save_to(path)

    def ask_save_as_instead(self, message: str) -> bool:
        """After a failed save: True when the user picks Save As… (tests replace this)."""
        box = QMessageBox(QMessageBox.Icon.Warning, "Cannot save the pack", message, parent=self)
        box.setInformativeText("Your changes are still here. Save them somewhere else?")
        save_as = box.addButton("Save As…", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(save_as)
        box.exec()
        return box.clickedButton() is save_as

    def save_to(self, path: Path) -> bool:
        try:
            save_pack(self.doc.pack, path)
        except SaveError as exc:  # the file on disk is unchanged: offer another place
            return self.ask_save_as_instead(exc.message) and self.save_as()
        except BriefpackError as exc:
            self.show_error("Cannot save the pack", exc.message)
            return False
        self.stack.setClean()
        if path != self.doc.path:
            self.doc.set_path(path)
        self._add_recent(path)
        self.statusBar().showMessage(f"Saved {path}", 4000)
        return True

    def export_dialog(self, fmt: str) -> None:
        base = (
            self.doc.path.with_suffix(f".{fmt}")
            if self.doc.path
            else Path.home() / f"Untitled.{fmt}"
        )
        filters = {"pdf": "PDF documents (*.pdf)", "docx": "Word documents (*.docx)"}
        file, _ = QFileDialog.getSaveFileName(
            self, f"Export {fmt.upper()}", str(base), filters[fmt]
        )
        if file:
            path = Path(file)
            path = path if path.suffix else path.with_suffix(f".{fmt}")
            if self.export_to(path, fmt):
                from briefpack.gui.export import offer_to_open

                self.export_done_box = offer_to_open(self, path)

    def export_to(self, path: Path, fmt: str) -> bool:
        """Export in the background (progress after a moment, Cancel); True when written."""
        from briefpack.gui.export import Exporter

        if self.exporter is None:
            self.exporter = Exporter(self)
        self.export_pdf_action.setEnabled(False)
        self.export_docx_action.setEnabled(False)
        try:
            done = self.exporter.run(self.doc.pack, self.doc.base_dir, self.doc.path, path, fmt)
        finally:
            self.export_pdf_action.setEnabled(True)
            self.export_docx_action.setEnabled(True)
        if self.exporter.last_error:
            self.show_error(f"Cannot export {path.name}", self.exporter.last_error)
            return False
        if not done:
            self.statusBar().showMessage("Export cancelled: no file written", 6000)
            return False
        self.statusBar().showMessage(f"Exported {path}", 6000)
        return True

    # ---- printing --------------------------------------------------------------------------------

    def _render_pdf(self) -> bytes | None:
        """The current pack as PDF bytes, or None (after saying why) when it cannot render."""
        from briefpack.gui.preview import render_pdf
        from briefpack.model.editing import error_text

        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            pdf = render_pdf(self.doc.pack, self.doc.base_dir, self.doc.path)
        except BriefpackError as exc:
            QGuiApplication.restoreOverrideCursor()
            self.show_error("Cannot print", error_text(exc, self.doc.pack, self.doc.path))
            return None
        except Exception:
            QGuiApplication.restoreOverrideCursor()
            raise
        QGuiApplication.restoreOverrideCursor()
        return pdf

    def print_dialog(self) -> None:
        from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter

        from briefpack.gui.printing import load_pdf, print_pdf

        pdf_bytes = self._render_pdf()
        if pdf_bytes is None:
            return
        pdf = load_pdf(pdf_bytes)
        pages = pdf.pageCount()
        pdf.close()
        pdf.deleteLater()
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if self.doc.path:
            printer.setDocName(self.doc.path.stem)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("Print pack")
        option = QAbstractPrintDialog.PrintDialogOption
        # Copies are always offered in Qt 6; collating them is an option.
        dialog.setOptions(option.PrintToFile | option.PrintPageRange | option.PrintCollateCopies)
        dialog.setMinMax(1, max(1, pages))
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return
        first, last = 1, pages
        if printer.printRange() == QPrinter.PrintRange.PageRange:
            first, last = printer.fromPage() or 1, printer.toPage() or pages
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            printed = print_pdf(pdf_bytes, printer, first, last)
        finally:
            QGuiApplication.restoreOverrideCursor()
        if printed:
            self.statusBar().showMessage(f"Sent {printed} page(s) to the printer", 6000)
        else:
            self.show_error("Cannot print", "The printer did not accept the pages.")

    # ---- templates -------------------------------------------------------------------------------

    def ask_template_details(self) -> tuple[str, str] | None:
        """The new template's name and description, or None when cancelled (tests replace this)."""
        name, ok = QInputDialog.getText(
            self,
            "Save as template",
            "Template name:",
            QLineEdit.EchoMode.Normal,
            self.doc.pack.meta.title,
        )
        if not ok or not name.strip():
            return None
        description, ok = QInputDialog.getMultiLineText(
            self, "Save as template", "What is this template for?", ""
        )
        if not ok:
            return None
        return name.strip(), description.strip()

    def save_as_template_dialog(self) -> bool:
        details = self.ask_template_details()
        if details is None:
            return False
        start = Path.home() / "Untitled template.bpack"
        file, _ = QFileDialog.getSaveFileName(self, "Save as template", str(start), TEMPLATE_FILTER)
        if not file:
            return False
        path = Path(file)
        return self.save_template_to(path if path.suffix else path.with_suffix(".bpack"), *details)

    def save_template_to(self, path: Path, name: str, description: str) -> bool:
        try:
            save_pack(pack_to_template(self.doc.pack, name, description), path)
        except BriefpackError as exc:
            self.show_error("Cannot save the template", exc.message)
            return False
        self.statusBar().showMessage(f"Saved template {path}", 4000)
        return True

    def choose_template_file(self) -> str:
        """A template file picked by the user, or "" (tests replace this)."""
        file, _ = QFileDialog.getOpenFileName(
            self, "New from template", str(data_dir("templates")), TEMPLATE_FILTER
        )
        return file

    def new_from_template_dialog(self) -> bool:
        if not self.maybe_save():
            return False
        file = self.choose_template_file()
        if not file:
            return False
        return self.new_from_template(Path(file))

    def new_from_template(self, path: Path) -> bool:
        """Open a new, untitled pack made from the template (or pack) at `path`."""
        try:
            pack = template_to_pack(load_pack(path))
        except BriefpackError as exc:
            self.show_error("Cannot use the template", exc.message)
            return False
        self.show_pack(pack, None)
        self.statusBar().showMessage(f"New pack from {path.name}", 4000)
        return True

    def about(self) -> None:
        QMessageBox.about(
            self,
            "About briefpack",
            f"<b>briefpack {__version__}</b><p>Assemble, preview and print branded "
            "Protective Security Update handouts.</p>",
        )

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown:
            self._shown = True
            # A window that is never painted (started minimised) still gets its preview.
            QTimer.singleShot(FIRST_PAINT_GRACE_MS, self._after_first_paint)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._preview_started:
            # The next loop turn: by then the whole first frame is on screen.
            QTimer.singleShot(0, self._after_first_paint)

    def _after_first_paint(self) -> None:
        """Start what the first frame need not wait for: the preview and the Library dock."""
        if self._preview_started:
            return
        self._preview_started = True
        renderer = self.preview.renderer
        # Checks and the Library list wait for the first preview page (or a while at most):
        # they are main-thread work the page would otherwise wait behind.
        renderer.idle.connect(self._after_first_preview, Qt.ConnectionType.SingleShotConnection)
        QTimer.singleShot(EXTRAS_LATEST_MS, self._start_extras)
        renderer.render_now()  # of whatever pack is open by now

    def _after_first_preview(self) -> None:
        # QtPdf draws the page on its own thread and posts it back; give it time to land.
        QTimer.singleShot(EXTRAS_AFTER_PREVIEW_MS, self._start_extras)

    def _start_extras(self) -> None:
        self.install_library()
        if not self.checks.started:
            self.checks.start()

    def install_library(self) -> None:
        """Fill the Library dock and add what goes with it, once."""
        if self.__dict__.get("_library_installed", True):
            return
        self._library_installed = True
        from briefpack.gui.library_panel import install_library

        install_library(self)

    def __getattr__(self, name: str) -> object:
        # Only reached for attributes not set yet: the library's are made on first use.
        if name in LIBRARY_ATTRIBUTES and not self.__dict__.get("_library_installed", True):
            self.install_library()
            return getattr(self, name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.maybe_save():
            event.ignore()
            return
        if self.autosaver is not None:  # closed on purpose: no recovery file needed
            self.autosaver.close()
        self._save_layout()
        self.preview.renderer.timer.stop()
        self.checks.timer.stop()
        self.preview.renderer.wait(10_000)
        if self.exporter is not None:  # a cancelled export may still be finishing
            self.exporter.wait(10_000)
        event.accept()
