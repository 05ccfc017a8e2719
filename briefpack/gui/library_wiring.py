"""The Library feature of a main window: the Library dock's panel, the drop target on the
outline, the update-from-library banner above the section editor, the Library and Settings
menus, and the dialogs they open (Update figures, Force library, Brands).

All of it is installed once, just after the window's first paint or at first use
(`ensure_installed`), so it never delays the first frame; its parts are read through the
feature's handle (`window.library.panel`, `.banner`…), each installing it if need be.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu, QVBoxLayout, QWidget

# The panel, the drop target and the library they read are imported when installed, so
# loading them does not delay the first frame either.
if TYPE_CHECKING:
    from briefpack.gui.brand_editor import BrandEditor
    from briefpack.gui.document import PackDocument
    from briefpack.gui.figures_view import FiguresView
    from briefpack.gui.force_dialog import ForceLibraryDialog
    from briefpack.gui.jobs import JobRunner
    from briefpack.gui.library_drop import LibraryDropTarget
    from briefpack.gui.library_panel import LibraryPanel
    from briefpack.gui.origin import OriginBanner
    from briefpack.gui.window_panes import Panes


@dataclass(frozen=True)
class _Installed:
    panel: LibraryPanel
    drop: LibraryDropTarget
    banner: OriginBanner
    menu: QMenu
    settings_menu: QMenu
    figures_action: QAction
    brands_action: QAction


class LibraryFeature:
    """The window's handle on its Library dock and what goes with it."""

    def __init__(
        self,
        window: QMainWindow,
        doc: PackDocument,
        panes: Panes,
        jobs: JobRunner,
        current_row: Callable[[], int],
        threat_action: QAction,
    ) -> None:
        self.window, self.doc, self.panes, self.jobs = window, doc, panes, jobs
        self.current_row, self.threat_action = current_row, threat_action
        self.brand_editor: BrandEditor | None = None  # the last one opened
        self.figures_view: FiguresView | None = None  # one at a time
        self.force_dialog: ForceLibraryDialog | None = None  # the last one opened
        self._parts: _Installed | None = None

    @property
    def installed(self) -> bool:
        return self._parts is not None

    def ensure_installed(self) -> LibraryFeature:
        """Fill the Library dock and add the banner and menus, the first time only."""
        if self._parts is None:
            self._parts = self._install()
        return self

    def _part(self) -> _Installed:
        self.ensure_installed()
        assert self._parts is not None
        return self._parts

    @property
    def panel(self) -> LibraryPanel:
        return self._part().panel

    @property
    def drop(self) -> LibraryDropTarget:
        return self._part().drop

    @property
    def banner(self) -> OriginBanner:
        return self._part().banner

    @property
    def menu(self) -> QMenu:
        return self._part().menu

    @property
    def settings_menu(self) -> QMenu:
        return self._part().settings_menu

    @property
    def figures_action(self) -> QAction:
        return self._part().figures_action

    @property
    def brands_action(self) -> QAction:
        return self._part().brands_action

    # ---- installing ------------------------------------------------------------------------

    def _install(self) -> _Installed:
        from briefpack.gui.library_drop import LibraryDropTarget
        from briefpack.gui.library_panel import LibraryPanel
        from briefpack.gui.origin import OriginBanner

        panes = self.panes
        panel = LibraryPanel(self.doc, self.current_row, jobs=self.jobs)
        placeholder = panes.library_dock.widget()
        panes.library_dock.setWidget(panel)
        if placeholder is not None:
            placeholder.deleteLater()
        drop = LibraryDropTarget(panes.outline, panel)
        banner = OriginBanner(self.doc, self.current_row)
        self._put_above_editor(banner)
        panes.outline.selectionModel().currentChanged.connect(lambda *_: banner.refresh())
        self.doc.packReset.connect(banner.refresh)
        panel.libraryChanged.connect(banner.refresh)
        menu, settings, figures, brands = self._add_menus(panel)
        return _Installed(panel, drop, banner, menu, settings, figures, brands)

    def _put_above_editor(self, banner: QWidget) -> None:
        """The banner sits above the section editor, inside the central area."""
        window = self.window
        editor = window.takeCentralWidget()
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(banner)
        column.addWidget(editor, 1)
        window.setCentralWidget(central)
        central.show()  # on a window already up, Qt would only show it on the next loop turn

    def _add_menus(self, panel: LibraryPanel) -> tuple[QMenu, QMenu, QAction, QAction]:
        """Library and Settings, just before View in the menu bar."""
        window = self.window
        bar = window.menuBar()
        before = next((a for a in bar.actions() if a.text() == "&View"), None)
        menu = QMenu("&Library", window)
        menu.addAction(panel.insert_action)
        menu.addAction(panel.add_section_action)
        menu.addSeparator()
        menu.addAction("&Import…", panel.import_dialog)
        menu.addAction("&Export…", panel.export_dialog)
        menu.addSeparator()
        figures = menu.addAction("Update &Figures…", self.open_figures)
        menu.addAction("Force &Library…", self.open_force_library)
        settings = QMenu("Se&ttings", window)
        brands = settings.addAction("&Brands…", self.open_brand_editor)
        settings.addAction(self.threat_action)
        for added in (menu, settings):
            bar.insertMenu(before, added) if before else bar.addMenu(added)
        return menu, settings, figures, brands

    # ---- the dialogs -----------------------------------------------------------------------

    def open_figures(self) -> FiguresView:
        """Library ▸ Update Figures…: after a library change the Library dock and the
        section's "changed in the library" banner refresh."""
        from briefpack.gui.figures_view import open_figures_view

        if self.figures_view is not None:
            return open_figures_view(self.doc, self.window, self.figures_view)
        view = open_figures_view(self.doc, self.window)
        parts = self._part()
        view.libraryChanged.connect(parts.panel.reload)
        view.libraryChanged.connect(parts.banner.refresh)
        self.figures_view = view
        return view

    def open_force_library(self) -> ForceLibraryDialog:
        """Library ▸ Force Library…: after a sync or publish the dock and the banner read
        the library again."""
        from briefpack.gui.force_dialog import ForceLibraryDialog

        # The window's settings (a test's own file in tests): "Approved by" is kept there.
        settings = getattr(self.window, "settings", None)
        dialog = ForceLibraryDialog(self.window, self.jobs, settings)
        parts = self._part()
        dialog.libraryChanged.connect(parts.panel.reload)
        dialog.libraryChanged.connect(parts.banner.refresh)
        self.force_dialog = dialog
        dialog.open()
        return dialog

    def open_brand_editor(self) -> BrandEditor:
        """Settings ▸ Brands…: a saved or imported brand is then offered in Pack settings."""
        from briefpack.gui.brand_editor import BrandEditor, refill_brand_combo

        editor = BrandEditor(self.doc, self.window)
        combo = self.panes.pack_settings.brand
        editor.brandsChanged.connect(lambda: refill_brand_combo(combo, self.doc.pack.meta.brand))
        self.brand_editor = editor
        editor.open()
        return editor
