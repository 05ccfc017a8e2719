"""The threat level in the main window: a status-bar badge, Settings ▸ Threat Level…, and an
opt-in read of the MI5 feed at start.

- The badge (a permanent widget on the right of the status bar) shows the national level in
  force today and how fresh the record is: "Threat: SUBSTANTIAL since 9 Feb 2022 · record
  confirmed 3 Dec 2026", on the threat scale's colour of that level (the same colours the
  handout prints, from render/design/palette.py). Its tooltip gives both regions with the source
  of each; a click opens the dialog. It follows the record: after the dialog or the feed
  writes it, and when another program (briefpack's command line) changes the file.
- The MI5 feed is read at start only when the officer turned that on (QSettings key
  "threat/checkFeedOnStart", off by default: briefpack works fully offline). The read runs
  on a plain Python thread, never the UI thread; its result comes back through a queued
  signal of FeedCheck, a QObject living on the UI thread (no QObject is made in the
  worker). What it found, or why it failed, is one line in the status bar: never a dialog.

`install_threat_ui(window, doc, settings)` adds all this to a main window and returns the
ThreatUi, the window's handle on it.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QFileSystemWatcher, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QToolButton, QWidget

from briefpack.gui.threat_dialog import (
    REGION_NAMES,
    RecordState,
    ThreatLevelDialog,
    feed_check_enabled,
    short_date,
    source_text,
)
from briefpack.model.dates import long_date
from briefpack.model.errors import BriefpackError
from briefpack.model.threat_record import LevelChange, user_record_path
from briefpack.render.design.palette import STEP_FILLS, STEP_INK

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings

    from briefpack.gui.document import PackDocument

LOG = logging.getLogger(__name__)
STATUS_MS = 15_000  # long enough to read a line about the feed
WATCH_SETTLE_MS = 300  # a save is a write then a rename: read the file once it is done


class ThreatBadge(QToolButton):
    """The national level in force today and the record's age, on the level's colour."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("threat_badge")
        self.setAutoRaise(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the menu item is the keyboard's way in
        self.state: RecordState | None = None
        self.refresh()

    def refresh(self, today: date | None = None) -> None:
        today = today or date.today()
        self.state = state = RecordState.load()
        national = state.current("national", today)
        if national is None:
            self.setText("Threat: not known for today")
            self.setStyleSheet("")
        else:
            self.setText(
                f"Threat: {national.level.display_name} since {short_date(national.since)}"
                f" · record confirmed {short_date(state.confirmed())}"
            )
            rank = national.level.rank
            self.setStyleSheet(
                f"QToolButton#threat_badge {{ background: #{STEP_FILLS[rank]}; "
                f"color: #{STEP_INK[rank]}; border: none; border-radius: 3px; "
                "padding: 1px 8px; margin: 1px 2px; }"
            )
        self.setToolTip(badge_tooltip(state, today))
        self.setAccessibleName(self.text())
        self.setAccessibleDescription(self.toolTip())


def badge_tooltip(state: RecordState, today: date) -> str:
    """Both regions with their source, the record's age, and what a click does."""
    lines = []
    for region, name in REGION_NAMES.items():
        change = state.current(region, today)
        if change is None:
            lines.append(f"{name}: not known for today")
        else:
            lines.append(
                f"{name}: {change.level.display_name} since {long_date(change.since)}"
                f" ({source_text(change)})"
            )
    lines.append(f"Built-in history confirmed on {long_date(state.record.confirmed)}")
    if state.feed_read is not None:
        lines.append(f"MI5 feed last read on {long_date(state.feed_read)}")
    if state.problem:
        lines.append(f"Your own entries cannot be read: {state.problem}")
    lines.append("Click to record a change (Settings ▸ Threat Level…)")
    return "\n".join(lines)


# ---- reading the MI5 feed off the UI thread ----------------------------------------------------


class FeedCheck(QObject):
    """Reads the MI5 feed on a worker thread and records what it says on the UI thread.

    `finished` carries one line for the status bar and whether the record changed.
    """

    finished = Signal(str, bool)
    _delivered = Signal(object)  # emitted by the worker: a FeedReading or the exception

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.thread: threading.Thread | None = None
        self._delivered.connect(self._on_delivered, Qt.ConnectionType.QueuedConnection)

    def running(self) -> bool:
        return self.thread is not None and self.thread.is_alive()

    def start(self) -> bool:
        """Start reading the feed; False when a read is already under way."""
        if self.running():
            return False
        from briefpack.model import threat_feed  # imported here, on the UI thread

        self.thread = threading.Thread(
            target=self._read, args=(threat_feed,), name="briefpack-mi5-feed", daemon=True
        )
        self.thread.start()
        return True

    def _read(self, threat_feed: object) -> None:
        # The worker: network and parsing only. No QObject is made here, none is touched but
        # this signal, which Qt queues to the UI thread.
        try:
            result: object = threat_feed.read_feed()  # type: ignore[attr-defined]
        except Exception as exc:  # every failure goes back as one status line
            result = exc
        # RuntimeError: the window closed while the feed was read, so there is nobody to tell.
        with contextlib.suppress(RuntimeError):
            self._delivered.emit(result)

    @Slot(object)
    def _on_delivered(self, result: object) -> None:
        if isinstance(result, BaseException):
            self.finished.emit(failure_line(result), False)
            return
        from briefpack.model.threat_feed import record_reading

        try:
            added = record_reading(result, date.today())  # type: ignore[arg-type]
        except BriefpackError as exc:
            self.finished.emit(f"MI5 feed read but not recorded: {exc.message}", False)
            return
        self.finished.emit(reading_line(result, added), bool(added))


def failure_line(exc: BaseException) -> str:
    """Why the feed could not be checked, on one line."""
    if isinstance(exc, BriefpackError):
        why = exc.problem  # the feed's address is long and always the same: left out
    else:
        LOG.warning("reading the MI5 threat level feed failed", exc_info=exc)
        why = f"an unexpected error ({type(exc).__name__}: {exc})"
    return " ".join(f"MI5 feed not checked: {why}".split())


def reading_line(reading: object, added: list[LevelChange]) -> str:
    """What the feed said, on one line."""
    if added:
        parts = [f"{REGION_NAMES[c.region]} {c.level.display_name}" for c in added]
        return f"MI5 feed: new level recorded — {', '.join(parts)}"
    level = getattr(reading, "national", None)
    if level is None:
        return "MI5 feed checked: no change"
    return f"MI5 feed checked: national level {level.display_name}, as recorded"


# ---- putting it into the window ----------------------------------------------------------------


class ThreatUi(QObject):
    """The badge, the dialog's action and the feed check of one main window."""

    recordChanged = Signal()

    def __init__(self, window: QMainWindow, doc: PackDocument, settings: QSettings) -> None:
        super().__init__(window)
        self.window, self.doc, self.settings = window, doc, settings
        self.badge = ThreatBadge()
        self.badge.clicked.connect(self.open_dialog)
        window.statusBar().addPermanentWidget(self.badge)
        self.dialog_action = QAction("Threat &Level…", window)
        self.dialog_action.setObjectName("threat_level_action")
        self.dialog_action.setStatusTip(
            "Record a change of the UK threat level, see the record, check the MI5 feed"
        )
        self.dialog_action.triggered.connect(self.open_dialog)
        self.dialog: ThreatLevelDialog | None = None
        self.feed = FeedCheck(self)
        self._start_check_done = False
        self.feed.finished.connect(self._feed_finished)
        self.recordChanged.connect(self.refresh)
        # The command line may change the record while the app is open.
        self.watcher = QFileSystemWatcher(self)
        self.settle = QTimer(self, singleShot=True, interval=WATCH_SETTLE_MS)
        self.settle.timeout.connect(self.refresh)
        self.watcher.directoryChanged.connect(lambda _path: self.settle.start())
        self._watch()

    def refresh(self) -> None:
        """Show the record as it is now, in the badge and in the dialog if it is open."""
        self.badge.refresh()
        if self.dialog is not None:
            self.dialog.refresh()
        self._watch()

    def _watch(self) -> None:
        folder = user_record_path().parent
        if folder.is_dir() and str(folder) not in self.watcher.directories():
            self.watcher.addPath(str(folder))

    def open_dialog(self) -> ThreatLevelDialog:
        """Settings ▸ Threat Level…: one dialog per window, brought to the front if open."""
        if self.dialog is None:
            dialog = ThreatLevelDialog(self.doc, self.settings, self.window)
            dialog.recordChanged.connect(self.badge.refresh)
            dialog.finished.connect(self._dialog_closed)
            self.dialog = dialog
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        return self.dialog

    def _dialog_closed(self, _result: int) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None

    def start_feed_check_if_enabled(self) -> bool:
        """Read the MI5 feed in the background if the officer turned that on; True if started.
        Only the first call does anything: it is the check "when briefpack starts"."""
        if self._start_check_done:
            return False
        self._start_check_done = True
        if not feed_check_enabled(self.settings):
            return False
        started = self.feed.start()
        if started:
            self.window.statusBar().showMessage("Checking the MI5 threat level feed…", STATUS_MS)
        return started

    def _feed_finished(self, line: str, changed: bool) -> None:
        self.window.statusBar().showMessage(line, STATUS_MS)
        self.recordChanged.emit()  # the day the feed was read is part of the record too


def install_threat_ui(window: QMainWindow, doc: PackDocument, settings: QSettings) -> ThreatUi:
    """Add the threat badge to `window`'s status bar; the ThreatUi returned holds the
    Settings ▸ Threat Level… action (`dialog_action`) and `start_feed_check_if_enabled()`."""
    return ThreatUi(window, doc, settings)
