"""Python's cycle collector runs on the UI thread only.

The collector may run in whichever thread happens to allocate. When it frees a cycle that
holds a Qt object (a widget and a lambda connected to its signal, say) in a worker thread,
that object is deleted off its own thread, which can crash the app. So automatic
collection is switched off while the app runs and a timer on the UI thread collects, with
the same thresholds Python would use.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


class MainThreadCollector(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        self.was_enabled = gc.isenabled()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.collect)
        self.timer.start(INTERVAL_MS)

    def collect(self) -> None:
        """Collect the generations whose counts passed their thresholds, as Python would."""
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > self.thresholds[generation]:
                gc.collect(generation)
                return

    def stop(self) -> None:
        """Back to Python's own collection (tests, or the app shutting down)."""
        self.timer.stop()
        if self.was_enabled:
            gc.enable()


@contextmanager
def collection_paused() -> Iterator[None]:
    """Automatic collection off for the block, then as it was.

    For loading the app's modules: they allocate much and free next to nothing, so the
    collector, run after every 700 new objects, would only walk them again and again."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
