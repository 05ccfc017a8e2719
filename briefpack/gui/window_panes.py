"""The main window's panes and docks, built once and handed to the features that use them.

The section editor is the central widget; the outline (with its toolbar), pack settings,
history, checks and the Library sit in docks on the left, the preview on the right. The
Library dock starts empty: its panel is put in just after the first paint (library_wiring).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QToolBar, QUndoView, QVBoxLayout, QWidget

from briefpack.gui.checks_panel import ChecksPanel
from briefpack.gui.document import PackDocument
from briefpack.gui.editor_panel import EditorPanel
from briefpack.gui.editors import PackSettings
from briefpack.gui.outline import OutlineView, SectionsModel
from briefpack.gui.preview import PreviewPanel


@dataclass(frozen=True)
class Panes:
    """Every pane of one main window and the dock that holds it."""

    editor: EditorPanel
    sections_model: SectionsModel
    outline: OutlineView
    outline_toolbar: QToolBar
    pack_settings: PackSettings
    history: QUndoView
    preview: PreviewPanel
    checks: ChecksPanel
    outline_dock: QDockWidget
    settings_dock: QDockWidget
    history_dock: QDockWidget
    checks_dock: QDockWidget
    library_dock: QDockWidget
    preview_dock: QDockWidget

    def docks(self) -> tuple[QDockWidget, ...]:
        """The docks in the order the View menu lists them."""
        return (
            self.outline_dock,
            self.settings_dock,
            self.history_dock,
            self.checks_dock,
            self.library_dock,
            self.preview_dock,
        )


def build_panes(window: QMainWindow, doc: PackDocument) -> Panes:
    """Make the panes of `window` for `doc` and put them in their places."""
    # Each pane is made just before its dock (the order widgets join the window).
    editor = EditorPanel(doc)
    window.setCentralWidget(editor)
    sections_model = SectionsModel(doc, window)
    outline = OutlineView(sections_model)
    toolbar = QToolBar()
    toolbar.setObjectName("outline_toolbar")
    outline_dock = _dock(window, "Outline", "outline_dock", _outline_box(toolbar, outline))
    pack_settings = PackSettings(doc)
    settings_dock = _dock(window, "Pack settings", "settings_dock", pack_settings)
    history = QUndoView(doc.undo_stack)
    history.setEmptyLabel("Opened")
    history_dock = _dock(window, "History", "history_dock", history)
    preview = PreviewPanel(doc)
    preview_dock = _dock(window, "Preview", "preview_dock", preview)
    checks = ChecksPanel(doc)
    checks_dock = _dock(window, "Checks", "checks_dock", checks)
    panes = Panes(
        editor=editor,
        sections_model=sections_model,
        outline=outline,
        outline_toolbar=toolbar,
        pack_settings=pack_settings,
        history=history,
        preview=preview,
        checks=checks,
        outline_dock=outline_dock,
        settings_dock=settings_dock,
        history_dock=history_dock,
        checks_dock=checks_dock,
        # Filled just after the first paint (library_wiring); here from the start so that a
        # saved layout places it like any other dock.
        library_dock=_dock(window, "Library", "library_dock", QWidget()),
        preview_dock=preview_dock,
    )
    _arrange(window, panes)
    return panes


def _outline_box(toolbar: QToolBar, outline: OutlineView) -> QWidget:
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(0)
    column.addWidget(toolbar)
    column.addWidget(outline, 1)
    return box


def _dock(window: QMainWindow, title: str, name: str, widget: QWidget) -> QDockWidget:
    dock = QDockWidget(title, window)
    dock.setObjectName(name)  # saveState/restoreState find docks by these names
    dock.setWidget(widget)
    return dock


def _arrange(window: QMainWindow, panes: Panes) -> None:
    """Outline above a tab set (settings, history, checks, library) on the left; preview on
    the right; pack settings in front."""
    left, right = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
    window.addDockWidget(left, panes.outline_dock)
    window.addDockWidget(left, panes.settings_dock)
    window.tabifyDockWidget(panes.settings_dock, panes.history_dock)
    window.tabifyDockWidget(panes.history_dock, panes.checks_dock)
    window.tabifyDockWidget(panes.checks_dock, panes.library_dock)
    panes.settings_dock.raise_()
    window.addDockWidget(right, panes.preview_dock)
    window.resizeDocks(
        [panes.outline_dock, panes.settings_dock], [420, 480], Qt.Orientation.Vertical
    )
