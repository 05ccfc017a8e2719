"""`briefpack` with no command: start the desktop app."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from briefpack import __version__
from briefpack.gui.mainwindow import APP_NAME, MainWindow


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


def run_app(argv: list[str]) -> int:
    """Open the main window: with a pack file, that pack; else a new pack."""
    app = application()
    window = MainWindow()
    if argv:
        window.open_file(Path(argv[0]))
    window.show()
    return app.exec()
