"""`briefpack` with no command: start the desktop app."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from briefpack import __version__
from briefpack.gui.gc_guard import MainThreadCollector, collection_paused

# The window's modules load without the cycle collector's rounds (about 15 ms of a start).
with collection_paused():
    from briefpack.gui.mainwindow import APP_NAME, MainWindow
    from briefpack.gui.recovery import enable_autosave, offer_recovery
    from briefpack.gui.window_files import BUNDLE_SUFFIX, read_pack_file
    from briefpack.model.errors import BriefpackError

if TYPE_CHECKING:
    from briefpack.model.pack import Pack

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


def new_window(pack: Pack | None = None) -> MainWindow:
    """A main window that autosaves its unsaved work, kept alive until the app ends; it
    starts with `pack` (None: a new pack from the default template)."""
    window = MainWindow(pack=pack)
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


def _read_first(path: Path | None) -> Pack | None:
    """The pack in the plain pack file the app opens with; None for no file, a bundle (a job
    unpacks it) or a file that cannot be read (open_file reads it again and says why)."""
    if path is None or path.suffix.lower() == BUNDLE_SUFFIX:
        return None
    try:
        return read_pack_file(path)
    except BriefpackError:
        return None


def run_app(argv: list[str]) -> int:
    """Open the main window (a pack file that cannot be opened is reported, and a new pack
    shown instead), offer to restore work a crash left unsaved, and with no file given open
    the template gallery (or, if turned off, the default template's new pack)."""
    app = application()
    path = Path(argv[0]) if argv else None
    first = _read_first(path)
    # Built around the file's pack, the window never makes the default pack it would only
    # replace (a template read, the threat record, and pydantic's validators built).
    window = new_window(first)
    opened = path is not None and window.files.open_file(path, first)
    window.show()
    restored = offer_recovery(window, _show_new_window)
    if not argv and not opened and window not in restored and wants_gallery(window):
        QTimer.singleShot(0, lambda: start_from_gallery(window))
    try:
        return app.exec()
    finally:
        _windows.clear()
