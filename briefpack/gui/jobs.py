"""One owner for every long-running action of a window (export, print, save, templates).

A job is a plain function run in a worker thread. Its owner, the window's JobRunner, shows a
progress dialog only when the job takes a while, offers Cancel, and closes the dialog (and
stops the timer that would show it) *before* the caller is told the outcome. So no progress
dialog can ever outlive its job or open on top of the message that reports the result.

The worker thread holds only plain Python objects: results come back through a signal of
the runner, which lives on the UI thread. (A QObject made for each job and collected by
Python in the worker thread crashed the app.)
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

PROGRESS_AFTER_MS = 300  # quick jobs finish before any dialog flashes up


@dataclass
class Outcome:
    """How a job ended: its value, or the exception it raised, or cancelled by the user."""

    value: Any = None
    error: BaseException | None = None
    cancelled: bool = False
    refused: bool = False  # another job was running: this one never started
    seconds: float = 0.0


@dataclass
class Progress:
    """What a job gets to report its stage and to ask whether the user cancelled."""

    stage: Callable[[str], None]
    cancelled: Callable[[], bool] = field(default=lambda: False)


class JobRunner(QObject):
    """Runs one job at a time for `window`, waiting for it while the UI keeps running."""

    busyChanged = Signal(bool)
    _stage = Signal(int, str)
    _finished = Signal(int, object)

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.progress: QProgressDialog | None = None  # the dialog of the running job, if any
        self.last_seconds = 0.0
        self._number = 0
        self._loop: QEventLoop | None = None
        self._outcome: Outcome | None = None
        self._threads: list[threading.Thread] = []
        self._stage.connect(self._show_stage, Qt.ConnectionType.QueuedConnection)
        self._finished.connect(self._job_finished, Qt.ConnectionType.QueuedConnection)

    @property
    def busy(self) -> bool:
        return self._loop is not None

    def run(
        self, title: str, label: str, work: Callable[[Progress], Any], *, cancel: bool = True
    ) -> Outcome:
        """Run `work(progress)` in a worker thread and wait for it; never raises its errors."""
        if self.busy:
            return Outcome(refused=True)
        self._number += 1
        number, cancelled = self._number, threading.Event()
        self._outcome = None
        self._loop = QEventLoop(self)
        progress, show_later = self._progress_dialog(title, label, cancel)
        progress.canceled.connect(cancelled.set)
        progress.canceled.connect(lambda: self._job_finished(number, Outcome(cancelled=True)))
        self.busyChanged.emit(True)
        start = time.perf_counter()
        thread = threading.Thread(
            target=self._work, args=(number, work, cancelled), name=f"job-{number}", daemon=True
        )
        self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        try:
            thread.start()
            if self._outcome is None:
                self._loop.exec()
        finally:
            # The dialog goes first, whatever happened: nothing may show it again later.
            show_later.stop()
            progress.canceled.disconnect()
            progress.hide()
            progress.deleteLater()
            self.progress = None
            self._loop = None
            self.last_seconds = time.perf_counter() - start
            self.busyChanged.emit(False)
        outcome = self._outcome or Outcome(cancelled=True)
        outcome.seconds = self.last_seconds
        return outcome

    def _work(self, number: int, work: Callable[[Progress], Any], cancelled: threading.Event):
        progress = Progress(lambda text: self._stage.emit(number, text), cancelled.is_set)
        try:
            outcome = Outcome(value=work(progress))
        except Exception as exc:  # reported to the caller on the UI thread
            outcome = Outcome(error=exc)
        outcome.cancelled = cancelled.is_set()
        self._finished.emit(number, outcome)

    def _job_finished(self, number: int, outcome: Outcome) -> None:
        if number != self._number or self._outcome is not None:
            return  # a job cancelled earlier finishing now, or a second report
        self._outcome = outcome
        if self._loop is not None:
            self._loop.quit()

    def _show_stage(self, number: int, text: str) -> None:
        if number == self._number and self.progress is not None:
            self.progress.setLabelText(text)

    def _progress_dialog(
        self, title: str, label: str, cancel: bool
    ) -> tuple[QProgressDialog, QTimer]:
        progress = QProgressDialog(label, "Cancel" if cancel else "", 0, 0, self.window)
        progress.setWindowTitle(title)
        progress.setObjectName("job_progress")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setAutoReset(False)
        progress.setAutoClose(False)
        progress.setMinimumDuration(24 * 3600 * 1000)  # never by itself: show_later decides
        if not cancel:
            progress.setCancelButton(None)
        progress.hide()
        show_later = QTimer(self)
        show_later.setSingleShot(True)
        show_later.timeout.connect(lambda: self._show(progress))
        show_later.start(PROGRESS_AFTER_MS)
        self.progress = progress
        return progress, show_later

    def _show(self, progress: QProgressDialog) -> None:
        if self.progress is progress and self._outcome is None:
            progress.show()

    def wait(self, seconds: float = 30.0) -> bool:
        """Wait for worker threads still running (a cancelled job finishing its step)."""
        deadline = time.monotonic() + seconds
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        return not any(t.is_alive() for t in self._threads)
