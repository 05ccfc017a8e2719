"""The Library dock wired into the main window: the panel, the drop target on the outline,
the update-from-library banner, and the Library and Settings menus (added just after the
window's first paint, or at first use)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMenu, QVBoxLayout, QWidget

from briefpack.gui.library_drop import LibraryDropTarget
from briefpack.gui.library_panel import LibraryPanel

if TYPE_CHECKING:
    from briefpack.gui.brand_editor import BrandEditor
    from briefpack.gui.mainwindow import MainWindow


def install_library(window: MainWindow) -> None:
    """Fill the Library dock; add the update-from-library banner and the Library and
    Settings menus to `window` (once, just after its first paint or at first use)."""
    from briefpack.gui.origin import OriginBanner

    panel = window.library = LibraryPanel(window.doc, window.current_row, jobs=window.jobs)
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
    menu.addSeparator()
    window.figures_action = menu.addAction("Update &Figures…", lambda: _open_figures(window))
    settings = window.settings_menu = QMenu("Se&ttings", window)
    window.brands_action = settings.addAction("&Brands…", lambda: open_brand_editor(window))
    settings.addAction(window.threat_ui.dialog_action)
    bar.insertMenu(before, menu) if before else bar.addMenu(menu)
    bar.insertMenu(before, settings) if before else bar.addMenu(settings)


def _open_figures(window: MainWindow) -> None:
    from briefpack.gui.figures_view import open_figures_view

    open_figures_view(window)


def open_brand_editor(window: MainWindow) -> BrandEditor:
    """Show the brand editor; a saved or imported brand is then offered in Pack settings."""
    from briefpack.gui.brand_editor import BrandEditor, refill_brand_combo

    editor = BrandEditor(window.doc, window)
    combo = window.pack_settings.brand
    editor.brandsChanged.connect(lambda: refill_brand_combo(combo, window.doc.pack.meta.brand))
    window.brand_editor = editor
    editor.open()
    return editor
