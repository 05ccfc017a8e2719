"""The main window, as a composition root: it builds the panes and the features that work on
them, wires them together and keeps each feature's handle. The work itself is in the
features:

- panes: outline, section editor, pack settings, history, checks, Library, preview
  (gui/window_panes.py)
- files: new, open, recent, save, bundles, close, the title bar (gui/window_files.py)
- output: export and print (gui/window_output.py); templates (gui/window_templates.py)
- sections: insert, duplicate, delete, move (gui/window_sections.py); navigation: the
  keyboard between panes (gui/window_navigation.py, with gui/focus.py)
- menu_actions: every action by name, from the table in gui/window_menus.py
- find_bar, threat_ui, outside_consent, library: Edit ▸ Find, the threat badge, the
  question about pictures outside the pack's folder, the Library dock and its menus
- startup: size, saved layout, the first paint and what waits for it (gui/window_startup.py)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Signal
from PySide6.QtGui import QCloseEvent, QPaintEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QMainWindow

from briefpack.gui.document import PackDocument
from briefpack.gui.find_bar import install_find
from briefpack.gui.focus import FOCUS_RING, FocusChain
from briefpack.gui.jobs import JobRunner
from briefpack.gui.library_wiring import LibraryFeature
from briefpack.gui.outside_consent import install_outside_consent
from briefpack.gui.threat_ui import install_threat_ui
from briefpack.gui.window_feedback import Feedback
from briefpack.gui.window_files import FileLifecycle, default_pack
from briefpack.gui.window_menus import WindowTargets, build_window_actions
from briefpack.gui.window_navigation import Navigation
from briefpack.gui.window_output import OutputFeature
from briefpack.gui.window_panes import build_panes
from briefpack.gui.window_sections import SectionFeature
from briefpack.gui.window_startup import Startup
from briefpack.gui.window_templates import TemplateFeature

if TYPE_CHECKING:
    from briefpack.model.pack import Pack

__all__ = ["APP_NAME", "MainWindow"]

APP_NAME = "briefpack"
CLOSE_WAIT_MS = 10_000  # a render or a cancelled export still finishing its step


class MainWindow(QMainWindow):
    """One pack in one window. `closing` is emitted when the window closes on purpose
    (after any question about unsaved changes), before it saves its layout."""

    closing = Signal()

    def __init__(self, settings: QSettings | None = None, pack: Pack | None = None) -> None:
        super().__init__()
        self.setObjectName("main_window")
        self.setDockNestingEnabled(True)
        self.setStyleSheet(FOCUS_RING)
        self.settings = settings or QSettings()
        self.doc = PackDocument(pack or default_pack(), None, self)
        self.stack = self.doc.undo_stack
        self.jobs = JobRunner(self)
        self.focus_chain = FocusChain(self)
        self.feedback = Feedback(self, self.doc)
        self.panes = build_panes(self, self.doc)
        self._build_features()
        self._wire()
        self.files.update_title()
        self.panes.outline.select_row(0)
        self.menu_actions.refresh()
        self.startup.default_size()
        self.startup.restore_layout()

    # ---- building --------------------------------------------------------------------------

    def _build_features(self) -> None:
        doc, panes, settings, jobs = self.doc, self.panes, self.settings, self.jobs
        self.find_bar = install_find(self, doc, panes)
        self.navigation = Navigation(panes, self.focus_chain)
        self.sections = SectionFeature(doc, panes, self.navigation)
        self.statusBar()
        self.threat_ui = install_threat_ui(self, doc, settings)
        self.outside_consent = install_outside_consent(self, doc)
        self.files = FileLifecycle(self, doc, settings, jobs, self.feedback, self.outside_consent)
        self.output = OutputFeature(
            self, doc, jobs, self.files, self.outside_consent, self.navigation.open_finding
        )
        self.templates = TemplateFeature(self, doc, settings, jobs, self.files)
        # The Library dock, its menus, the update-from-library banner and Brands… are put in
        # just after the first paint (or at first use), so they do not delay the window.
        self.library = LibraryFeature(
            self, doc, panes, jobs, self.sections.current_row, self.threat_ui.dialog_action
        )
        self.startup = Startup(self, panes, settings, self._start_extras)
        self.menu_actions = build_window_actions(
            WindowTargets(
                window=self,
                stack=self.stack,
                jobs=jobs,
                panes=panes,
                files=self.files,
                output=self.output,
                templates=self.templates,
                sections=self.sections,
                navigation=self.navigation,
                find_bar=self.find_bar,
            )
        )

    def _wire(self) -> None:
        panes, refresh = self.panes, self.menu_actions.refresh
        self.stack.indexChanged.connect(lambda _index: refresh())
        self.sections.selectionChanged.connect(refresh)
        self.jobs.busyChanged.connect(lambda _busy: refresh())
        # A click (or arrow key) in Checks shows the section; Enter or a double-click opens it.
        panes.checks.sectionSelected.connect(panes.outline.select_row)
        panes.checks.findingOpened.connect(self.navigation.open_finding)
        renderer = panes.preview.renderer
        renderer.rendered.connect(lambda *_: panes.checks.set_glyph_findings(renderer.last_glyphs))
        self.doc.editRejected.connect(lambda m: self.feedback.status(f"Not changed — {m}", 8000))
        self.files.packShown.connect(self.startup.preview_now_if_started)
        for dock in panes.docks():
            self.focus_chain.watch_dock(dock)

    def _start_extras(self) -> None:
        """What waits for the first preview: each part does something once only."""
        self.library.ensure_installed()
        self.threat_ui.start_feed_check_if_enabled()  # opt-in
        if not self.panes.checks.started:
            self.panes.checks.start()

    # ---- Qt's events -----------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.startup.on_show()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        self.startup.on_paint()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Keep the preview's share of the width: a wider window gives it room as well."""
        share = self.startup.share_before_resize(event)
        super().resizeEvent(event)
        self.startup.keep_share(share)

    def focusNextPrevChild(self, next: bool) -> bool:
        return self.focus_chain.move(next) or super().focusNextPrevChild(next)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.jobs.busy:  # the job's own dialog is up: it ends first
            self.feedback.status("Wait for the running job to finish, or cancel it", 6000)
            event.ignore()
            return
        if not self.files.maybe_save():
            event.ignore()
            return
        self.closing.emit()  # e.g. the autosaver removes its recovery file
        self.startup.save_layout()
        renderer = self.panes.preview.renderer
        renderer.timer.stop()
        self.panes.checks.timer.stop()
        renderer.wait(CLOSE_WAIT_MS)
        self.jobs.wait(CLOSE_WAIT_MS / 1000)
        event.accept()
