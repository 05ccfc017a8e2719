"""`briefpack` with no command: start the desktop app."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from briefpack import __version__
from briefpack.gui.mainwindow import APP_NAME, MainWindow
from briefpack.gui.recovery import enable_autosave, offer_recovery

_windows: list[MainWindow] = []


def application(argv: list[str] | None = None) -> QApplication:
    """The QApplication, created once, named so QSettings finds the user's settings."""
    app = QApplication.instance()
    if app is None:
        app = QApplication([sys.argv[0] if sys.argv else APP_NAME, *(argv or [])])
    assert isinstance(app, QApplication)
    app.setOrganizationName(APP_NAME)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName("briefpack")
    app.setApplicationVersion(__version__)
    return app


def new_window() -> MainWindow:
    """A main window that autosaves its unsaved work, kept alive until the app ends."""
    window = MainWindow()
    enable_autosave(window)
    _windows.append(window)
    return window


def _show_new_window() -> MainWindow:
    window = new_window()
    window.show()
    return window


def run_app(argv: list[str]) -> int:
    """Open the main window (a pack file that cannot be opened is reported, and a new pack
    shown instead), then offer to restore work a crash left unsaved."""
    app = application()
    window = new_window()
    if argv:
        window.open_file(Path(argv[0]))
    window.show()
    offer_recovery(window, _show_new_window)
    try:
        return app.exec()
    finally:
        _windows.clear()
