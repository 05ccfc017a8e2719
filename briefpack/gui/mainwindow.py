"""The main window: outline, editor, pack settings, undo history, checks, library, preview.

File operations live in gui/window_files.py, export, print and templates in
gui/window_output.py, actions and menus in gui/window_menus.py, keyboard focus in
gui/focus.py; this module puts the window together and keeps its parts in step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QObject, QSettings, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QPaintEvent,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QMainWindow,
    QMessageBox,
    QToolBar,
    QUndoView,
    QVBoxLayout,
    QWidget,
)

from briefpack import __version__
from briefpack.gui.checks_panel import ChecksPanel
from briefpack.gui.document import PackDocument
from briefpack.gui.editor_panel import EditorPanel, focus_pack_setting
from briefpack.gui.editors import PackSettings
from briefpack.gui.find_bar import install_find
from briefpack.gui.focus import FOCUS_RING, FocusChain
from briefpack.gui.jobs import JobRunner
from briefpack.gui.outline import OutlineView, SectionsModel
from briefpack.gui.outside_consent import install_outside_consent
from briefpack.gui.preview import PreviewPanel
from briefpack.gui.threat_ui import install_threat_ui
from briefpack.gui.window_files import FileActions, default_pack
from briefpack.gui.window_menus import build_actions, build_menus
from briefpack.gui.window_output import OutputActions
from briefpack.model import editing
from briefpack.model.pack import Pack

if TYPE_CHECKING:
    from pathlib import Path

    from briefpack.document.checks import Finding
    from briefpack.gui.recovery import Autosaver

__all__ = ["APP_NAME", "MainWindow", "default_pack"]

APP_NAME = "briefpack"
FIRST_PAINT_GRACE_MS = 1000  # start the preview by then even if the window never paints
EXTRAS_AFTER_PREVIEW_MS = 250  # checks and Library dock: this long after the first preview
EXTRAS_LATEST_MS = 2000  # ... or by this long after the first paint, however slow it is
PREVIEW_SHARE = 0.37  # of the window's width, on a first start
PREVIEW_SHARE_NARROW = 0.34  # ... in a window narrower than NARROW_WINDOW
NARROW_WINDOW = 1280
OUTLINE_WIDTH = 330
OUTLINE_SHARE_NARROW = 0.25
# Set by gui/library_panel.py install_library().
LIBRARY_ATTRIBUTES = frozenset(
    {
        "library",
        "library_drop",
        "origin_banner",
        "brands_action",
        "brand_editor",
        "figures_action",
        "settings_menu",
    }
)
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
FIT_CHECKS_MS = (0, 400, 1500)


class MainWindow(FileActions, OutputActions, QMainWindow):
    def __init__(self, settings: QSettings | None = None, pack: Pack | None = None) -> None:
        super().__init__()
        self._bundle_origin: tuple[Path, Path] | None = None  # (private folder, .bpackz)
        self.pictures_box = None  # the box naming pictures copied on a save elsewhere
        self.settings = settings or QSettings()
        self.doc = PackDocument(pack or default_pack(), None, self)
        self.stack = self.doc.undo_stack
        self.setObjectName("main_window")
        self.setDockNestingEnabled(True)
        self.jobs = JobRunner(self)
        self.focus_chain = FocusChain(self)
        self.setStyleSheet(FOCUS_RING)
        self._build_panes()
        self.find_bar = install_find(self)
        build_actions(self)
        build_menus(self)
        self._wire()
        # The Library dock, its menu, the update-from-library banner and Brands… are added
        # just after the first paint (or at first use), so they do not delay the window.
        self._library_installed = False
        self.statusBar()
        install_threat_ui(self)  # the threat level badge; sets self.threat_ui
        self.outside_consent = install_outside_consent(self, self.doc)
        self._update_title()
        self.outline.select_row(0)
        self._update_actions()
        self._default_size()
        self._restore_layout()
        self._shown = False
        self._preview_started = False
        self._preview_share: float | None = None
        self.export_done_box = None  # the "Export finished" box offering Open / Show in Folder
        self.refused_box = None  # the "Cannot export yet" box while it is open
        self.autosaver: Autosaver | None = None  # the app sets one (gui/recovery.py)

    # ---- building --------------------------------------------------------------------------

    def _build_panes(self) -> None:
        self.editor = EditorPanel(self.doc)
        self.setCentralWidget(self.editor)

        self.sections_model = SectionsModel(self.doc, self)
        self.outline = OutlineView(self.sections_model)
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
            [self.outline_dock, self.settings_dock], [420, 480], Qt.Orientation.Vertical
        )

    def _wire(self) -> None:
        self.outline.selectionModel().currentChanged.connect(self._current_changed)
        self.outline.installEventFilter(self)
        self.stack.cleanChanged.connect(lambda clean: self.setWindowModified(not clean))
        self.stack.indexChanged.connect(lambda _i: self._update_actions())
        self.doc.pathChanged.connect(self._update_title)
        self.doc.changed.connect(self._update_title)  # an unsaved bundle's title is the pack's
        self.doc.focusSection.connect(self.outline.select_row)
        # A click (or arrow key) in Checks shows the section; Enter or a double-click opens it.
        self.checks.sectionSelected.connect(self.outline.select_row)
        self.checks.findingOpened.connect(self.open_finding)
        self.preview.renderer.rendered.connect(
            lambda *_: self.checks.set_glyph_findings(self.preview.renderer.last_glyphs)
        )
        self.doc.packReset.connect(self._pack_reset)
        self.doc.editRejected.connect(self._edit_rejected)
        self.jobs.busyChanged.connect(self._job_running)
        back = QAction("Back to the Outline", self.editor)
        back.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        back.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        back.triggered.connect(self.focus_outline)
        self.editor.addAction(back)
        self.back_to_outline_action = back
        for dock in self.findChildren(QDockWidget):
            self.focus_chain.watch_dock(dock)

    def _default_size(self) -> None:
        screen = QGuiApplication.primaryScreen()
        if screen is None:
            self.resize(1500, 950)
            return
        area = screen.availableGeometry()
        self.resize(min(1500, area.width()), min(950, area.height()))

    def fit_on_screen(self) -> None:
        """Shrink and move the window so that its frame, title bar included, fits the
        screen's free area (a saved layout from a larger screen, or the default size)."""
        screen = self.screen()
        if screen is None or self.isMaximized() or self.isFullScreen():
            return
        if self.size() != self._size_at_show:
            return  # resized since it was shown (by the user, or on purpose): leave it
        area, frame, client = screen.availableGeometry(), self.frameGeometry(), self.geometry()
        # The frame's size around the client area; a window manager that does not publish
        # it still shows where it put the client, so count that offset too.
        left = max(client.x() - frame.x(), client.x() - area.x(), 0)
        top = max(client.y() - frame.y(), client.y() - area.y(), 0)
        right = max(frame.right() - client.right(), 0)
        bottom = max(frame.bottom() - client.bottom(), 0)
        width = min(self.width(), area.width() - left - right)
        height = min(self.height(), area.height() - top - bottom)
        if (width, height) != (self.width(), self.height()):
            self.resize(width, height)
            self._size_at_show = self.size()

    def _dock(self, title: str, name: str, widget: QWidget) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        return dock

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
        """Add a new section after the selected one; its first field gets the keyboard."""
        row = self.current_row()
        at = row + 1 if row >= 0 else len(self.doc.pack.sections)
        label = editing.KIND_LABELS[kind].lower()
        self.doc.edit_insert_section(at, editing.new_section(kind), f"Insert {label}")
        self.outline.select_row(at)
        if kind != "page_break":  # nothing to type in a page break
            self.focus_editor()

    # ---- keyboard: outline ⇄ editor ------------------------------------------------------

    def focus_editor(self, where: str = "") -> bool:
        """Put the keyboard in the selected section's field named by `where` (a Checks place
        such as "sections[2].items[0].as_of"), or its first field."""
        return self.editor.focus_field(where)

    def focus_outline(self) -> None:
        self._show_dock(self.outline_dock)
        self.outline.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _show_dock(self, dock: QDockWidget) -> None:
        dock.show()
        dock.raise_()

    def go_to_pane(self, dock: QDockWidget | None, widget: QWidget | None) -> None:
        """View ▸ Go To: show the pane in front and give it the keyboard."""
        if dock is None:
            self.focus_editor()
            return
        self._show_dock(dock)
        target = widget or self.focus_chain.first_stop_in(dock)
        if target is not None:
            target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def cycle_panes(self, forward: bool) -> None:
        self.focus_chain.next_area(forward)

    def open_finding(self, finding: Finding) -> None:
        """Show where a Checks finding is and put the keyboard there."""
        if finding.section is None:
            self._show_dock(self.settings_dock)
            focus_pack_setting(self.pack_settings, finding.where)
            return
        self._show_section(finding.section)
        self.focus_editor(finding.where)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.outline
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in ENTER_KEYS
            and not event.modifiers()
        ):
            return self.focus_editor()
        return super().eventFilter(watched, event)

    def focusNextPrevChild(self, next: bool) -> bool:
        return self.focus_chain.move(next) or super().focusNextPrevChild(next)

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

    def _job_running(self, busy: bool) -> None:
        for action in self.job_actions:
            action.setEnabled(not busy)

    # ---- title and settings -----------------------------------------------------------------

    def _update_title(self) -> None:
        self.setWindowTitle(f"{self.document_name()}[*] — briefpack")
        self.setWindowModified(not self.stack.isClean())

    def _restore_layout(self) -> None:
        geometry = self.settings.value("window/geometry")
        state = self.settings.value("window/state")
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)
        share = self.settings.value("window/previewShare")
        try:
            self._saved_share = float(share) if share is not None else None
        except (TypeError, ValueError):
            self._saved_share = None

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Keep the preview's share of the width: a wider window gives it room as well."""
        old = event.oldSize().width()
        share = self._preview_share_now(old) if old > 0 else None
        super().resizeEvent(event)
        if (
            share is not None
            and self.preview_dock.isVisible()
            and not self.preview_dock.isFloating()
        ):
            self._set_preview_width(share)

    def _preview_share_now(self, window_width: int) -> float | None:
        if not self.preview_dock.isVisible() or self.preview_dock.isFloating():
            return None
        return self.preview_dock.width() / max(1, window_width)

    def _set_preview_width(self, share: float) -> None:
        share = min(0.7, max(0.2, share))
        self.resizeDocks(
            [self.preview_dock], [round(self.width() * share)], Qt.Orientation.Horizontal
        )

    def first_layout(self) -> None:
        """Widths on a first start (or the share the user left last time)."""
        width = self.width()
        narrow = width < NARROW_WINDOW
        share = self.__dict__.get("_saved_share") or (
            PREVIEW_SHARE_NARROW if narrow else PREVIEW_SHARE
        )
        outline = (
            min(OUTLINE_WIDTH, round(width * OUTLINE_SHARE_NARROW)) if narrow else OUTLINE_WIDTH
        )
        self.resizeDocks([self.outline_dock], [outline], Qt.Orientation.Horizontal)
        self._set_preview_width(share)

    def _save_layout(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        share = self._preview_share_now(self.width())
        if share is not None:
            self.settings.setValue("window/previewShare", round(share, 3))
        self.settings.sync()

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
            self._size_at_show = self.size()
            self.first_layout()
            # The window manager adds its frame some time after show: keep the status bar
            # on screen once the frame is known.
            for delay in FIT_CHECKS_MS:
                QTimer.singleShot(delay, self.fit_on_screen)
            # The keyboard starts in the outline: Enter opens the selected section.
            QTimer.singleShot(0, lambda: self.outline.setFocus(Qt.FocusReason.OtherFocusReason))
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
        self.threat_ui.start_feed_check_if_enabled()  # opt-in; does something once only
        if not self.checks.started:
            self.checks.start()

    def install_library(self) -> None:
        """Fill the Library dock and add what goes with it, once."""
        if self.__dict__.get("_library_installed", True):
            return
        self._library_installed = True
        from briefpack.gui.library_wiring import install_library

        install_library(self)

    def __getattr__(self, name: str) -> object:
        # Only reached for attributes not set yet: the library's are made on first use.
        if name in LIBRARY_ATTRIBUTES and not self.__dict__.get("_library_installed", True):
            self.install_library()
            return getattr(self, name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def quit_app(self) -> None:
        """File ▸ Quit: close every window (each asks about its unsaved changes)."""
        QApplication.closeAllWindows()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.jobs.busy:  # the job's own dialog is up: it ends first
            self.statusBar().showMessage("Wait for the running job to finish, or cancel it", 6000)
            event.ignore()
            return
        if not self.maybe_save():
            event.ignore()
            return
        if self.autosaver is not None:  # closed on purpose: no recovery file needed
            self.autosaver.close()
        self._save_layout()
        self.preview.renderer.timer.stop()
        self.checks.timer.stop()
        self.preview.renderer.wait(10_000)
        self.jobs.wait(10.0)  # a cancelled export may still be finishing its step
        event.accept()
