"""`briefpack` with no command: start the desktop app."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from briefpack import __version__
from briefpack.gui.gc_guard import MainThreadCollector
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
    if app.findChild(MainThreadCollector) is None:
        MainThreadCollector(app)
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


def wants_gallery(window: MainWindow) -> bool:
    """The template gallery opens at start unless the user turned it off."""
    from briefpack.gui.template_gallery import gallery_at_startup

    return gallery_at_startup(window.settings)


def start_from_gallery(window: MainWindow) -> bool:
    """Let the user pick a template for the first pack; keep the default pack on Cancel."""
    path = window.templates.choose_template_file()
    return bool(path) and window.templates.new_from_template(Path(path))


def run_app(argv: list[str]) -> int:
    """Open the main window (a pack file that cannot be opened is reported, and a new pack
    shown instead), offer to restore work a crash left unsaved, and with no file given open
    the template gallery (or, if turned off, the default template's new pack)."""
    app = application()
    window = new_window()
    opened = bool(argv) and window.files.open_file(Path(argv[0]))
    window.show()
    restored = offer_recovery(window, _show_new_window)
    if not argv and not opened and window not in restored and wants_gallery(window):
        QTimer.singleShot(0, lambda: start_from_gallery(window))
    try:
        return app.exec()
    finally:
        _windows.clear()
