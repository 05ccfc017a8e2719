"""GUI tests run offscreen, with settings kept in a temporary file."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything loads Qt
os.environ.setdefault("BRIEFPACK_RECOVERY_ANSWER", "keep")  # no modal restore prompt
os.environ.setdefault("BRIEFPACK_THREAT_SINCE_ANSWER", "keep")  # no modal "since when?"

import shutil
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "protective-security-update.bpack"


@pytest.fixture
def settings(tmp_path):
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def example_copy(tmp_path) -> Path:
    """The example pack, copied so a test may save over it."""
    target = tmp_path / "pack" / EXAMPLE.name
    target.parent.mkdir()
    shutil.copy(EXAMPLE, target)
    return target


@pytest.fixture
def window(qtbot, settings, example_copy):
    """The main window with the example pack open and its first preview shown."""
    from PySide6.QtWidgets import QMessageBox

    from briefpack.gui.mainwindow import MainWindow

    win = MainWindow(settings)
    # pytest-qt closes the window after the test: discard the test's edits then, no prompt.
    win.files.ask_save_changes = lambda: QMessageBox.StandardButton.Discard
    qtbot.addWidget(win)
    assert win.files.open_file(example_copy)
    win.show()
    qtbot.waitUntil(
        lambda: not win.panes.preview.renderer.busy and win.panes.preview.pdf.pageCount() > 0,
        timeout=20_000,
    )
    return win


@pytest.fixture(autouse=True)
def collect_on_the_ui_thread(qapp):
    """As in the app: Python's cycle collector runs on the UI thread only (gui/gc_guard.py)."""
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    from briefpack.gui.gc_guard import MainThreadCollector

    collector = MainThreadCollector()
    yield
    collector.stop()
    collector.deleteLater()
    # pytest-qt closes the test's widgets with deleteLater, which Qt carries out only in a
    # later event loop: in the next test, whose timers and event filters would otherwise
    # still serve this test's windows. Delete them now, before the next test starts.
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
