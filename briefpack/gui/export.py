"""Export off the UI thread: a progress dialog for long packs, Cancel, then "Open" or "Show".

The worker composes, renders, writes (atomically) and, when the render.verify module is
there, reads the file back to check it, before the export is reported as done.
"""

from __future__ import annotations

import importlib.util
import threading
import time
from pathlib import Path

from PySide6.QtCore import QEventLoop, QObject, QRunnable, Qt, QThreadPool, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from briefpack.model.editing import error_text
from briefpack.model.errors import BriefpackError
from briefpack.model.pack import Pack

PROGRESS_AFTER_MS = 300  # quick exports finish before any dialog flashes up
FORMAT_NAMES = {"pdf": "PDF", "docx": "DOCX"}


def verify_hook():
    """briefpack.render.verify.verify_export, if that module exists, else None."""
    if importlib.util.find_spec("briefpack.render.verify") is None:
        return None
    from briefpack.render import verify

    return getattr(verify, "verify_export", None)


def export_file(
    pack: Pack,
    base_dir: Path,
    source: Path | None,
    path: Path,
    fmt: str,
    stage=lambda _text: None,
    cancelled=lambda: False,
) -> bool:
    """Compose, render, write and check one export; False when cancelled before writing."""
    from briefpack.document.compose import compose
    from briefpack.model.storage import atomic_write
    from briefpack.render import render

    stage("Putting the handout together…")
    doc = compose(pack, base_dir, source=source)
    stage(f"Laying out the {FORMAT_NAMES.get(fmt, fmt)} pages…")
    data = render(doc, fmt)
    if cancelled():
        return False
    stage(f"Writing {path.name}…")
    atomic_write(path, data)
    verify = verify_hook()
    if verify is not None:
        stage(f"Checking {path.name}…")
        verify(path, fmt)
    return True


class _Signals(QObject):
    stage = Signal(str)
    done = Signal(bool)  # written (False: cancelled)
    failed = Signal(str)


class _ExportJob(QRunnable):
    def __init__(self, pack: Pack, base_dir: Path, source: Path | None, path: Path, fmt: str):
        super().__init__()
        self.pack, self.base_dir, self.source, self.path, self.fmt = (
            pack,
            base_dir,
            source,
            path,
            fmt,
        )
        self.signals = _Signals()
        self.cancel_event = threading.Event()

    def run(self) -> None:
        try:
            written = export_file(
                self.pack,
                self.base_dir,
                self.source,
                self.path,
                self.fmt,
                self.signals.stage.emit,
                self.cancel_event.is_set,
            )
        except BriefpackError as exc:
            self.signals.failed.emit(error_text(exc, self.pack, self.source))
        except Exception as exc:  # a renderer bug: say so, keep the window
            self.signals.failed.emit(f"internal error while exporting: {type(exc).__name__}: {exc}")
        else:
            self.signals.done.emit(written)


class _Waiter(QObject):
    """Collects the first outcome of one export and ends the wait for it."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.loop = QEventLoop(self)
        self.finished = False
        self.written = False
        self.error = ""

    def done(self, written: bool) -> None:
        self._finish(written=written)

    def failed(self, message: str) -> None:
        self._finish(error=message)

    def cancel(self) -> None:
        self._finish()

    def _finish(self, written: bool = False, error: str = "") -> None:
        if not self.finished:
            self.finished, self.written, self.error = True, written, error
        self.loop.quit()


class Exporter(QObject):
    """Runs one export at a time for a window, with a progress dialog when it takes a while."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.window = parent
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.progress: QProgressDialog | None = None
        self._jobs: set[_ExportJob] = set()
        self.last_error = ""
        self.last_seconds = 0.0

    def run(self, pack: Pack, base_dir: Path, source: Path | None, path: Path, fmt: str) -> bool:
        """Export and wait (the UI keeps running); True when the file is written and checked."""
        job = _ExportJob(pack.model_copy(deep=True), base_dir, source, path, fmt)
        job.setAutoDelete(False)  # kept in self._jobs until its thread is done with it
        waiter = _Waiter(self)
        job.signals.done.connect(waiter.done)
        job.signals.failed.connect(waiter.failed)
        job.signals.done.connect(lambda _w: self._jobs.discard(job))
        job.signals.failed.connect(lambda _m: self._jobs.discard(job))
        self._jobs.add(job)
        progress = self._progress_dialog(fmt)
        job.signals.stage.connect(progress.setLabelText)
        progress.canceled.connect(job.cancel_event.set)
        progress.canceled.connect(waiter.cancel)
        start = time.perf_counter()
        self.pool.start(job)
        waiter.loop.exec()
        self.last_seconds = time.perf_counter() - start
        progress.canceled.disconnect()
        progress.hide()
        progress.deleteLater()
        self.progress = None
        self.last_error = waiter.error
        waiter.deleteLater()
        return waiter.written

    def _progress_dialog(self, fmt: str) -> QProgressDialog:
        progress = QProgressDialog(
            f"Exporting {FORMAT_NAMES.get(fmt, fmt)}…", "Cancel", 0, 0, self.window
        )
        progress.setWindowTitle("Export")
        progress.setObjectName("export_progress")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setAutoReset(False)
        progress.setAutoClose(False)
        progress.setMinimumDuration(PROGRESS_AFTER_MS)
        # Our own timer: QProgressDialog shows itself only once a value is set after a while.
        show_later = QTimer(progress)
        show_later.setSingleShot(True)
        show_later.timeout.connect(progress.show)
        show_later.start(PROGRESS_AFTER_MS)
        progress.canceled.connect(show_later.stop)
        self.progress = progress
        return progress

    def wait(self, msecs: int = 30_000) -> bool:
        return self.pool.waitForDone(msecs)


def offer_to_open(parent: QWidget, path: Path) -> QMessageBox:
    """A non-blocking "Exported" box with Open and Show in Folder buttons."""
    box = QMessageBox(
        QMessageBox.Icon.Information,
        "Export finished",
        f"Saved {path.name}",
        QMessageBox.StandardButton.Close,
        parent,
    )
    box.setObjectName("export_done")
    box.setInformativeText(str(path.parent))
    open_button = box.addButton("Open", QMessageBox.ButtonRole.AcceptRole)
    folder_button = box.addButton("Show in Folder", QMessageBox.ButtonRole.ActionRole)
    box.setDefaultButton(open_button)
    open_button.clicked.connect(lambda: open_path(path))
    folder_button.clicked.connect(lambda: open_path(path.parent))
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def open_path(path: Path) -> bool:
    """Open a file or folder with the desktop's own application."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.resolve())))
