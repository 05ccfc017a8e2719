"""Autosave of unsaved work to recovery files, and the offer to restore it after a crash.

The pack is turned into bytes on the UI thread (it is only changed there) and written by one
background thread, so a slow disk never stalls typing. Writes and removals share that thread,
so they happen in the order they were asked for.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from briefpack.model.errors import BriefpackError
from briefpack.model.packfile import load_pack, pack_to_bytes
from briefpack.model.recovery import (
    Recovery,
    list_recoveries,
    new_recovery_id,
    remove_recovery,
    write_recovery,
)

if TYPE_CHECKING:
    from briefpack.gui.document import PackDocument
    from briefpack.gui.mainwindow import MainWindow

SECONDS_ENV = "BRIEFPACK_AUTOSAVE_SECONDS"
SECONDS_KEY = "autosave/seconds"
DEFAULT_SECONDS = 60.0
# Test hook: "restore", "discard" or "keep" answers the restore prompt for every file.
ANSWER_ENV = "BRIEFPACK_RECOVERY_ANSWER"
RESTORE, DISCARD = "restore", "discard"


def autosave_seconds(settings: QSettings, override: float | None = None) -> float:
    """The autosave interval: the argument, else the env variable, else the setting, else 60."""
    for value in (override, os.environ.get(SECONDS_ENV), settings.value(SECONDS_KEY)):
        try:
            seconds = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            continue
        if seconds > 0:
            return seconds
    return DEFAULT_SECONDS


class Autosaver(QObject):
    """Keeps one recovery file for the document while it has unsaved changes."""

    failed = Signal(str)  # emitted from the writer thread; queued to the UI thread

    def __init__(
        self,
        doc: PackDocument,
        settings: QSettings,
        *,
        seconds: float | None = None,
        folder: Path | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.doc = doc
        self.folder = folder
        self.rec_id = new_recovery_id()
        self.last_ui_ms = 0.0  # time the last autosave spent on the UI thread
        self._last: bytes | None = None
        self._has_file = False
        self._closed = False
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="briefpack-autosave")
        self.timer = QTimer(self)
        self.timer.setInterval(round(autosave_seconds(settings, seconds) * 1000))
        self.timer.timeout.connect(self.autosave_now)
        self.timer.start()
        # A structural change is saved at once, after the undo command has finished.
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.setInterval(0)
        self._soon.timeout.connect(self.autosave_now)
        for signal in (doc.sectionsInserted, doc.sectionsRemoved):
            signal.connect(self._soon.start)
        doc.sectionsMoved.connect(self._soon.start)
        doc.undo_stack.cleanChanged.connect(self._clean_changed)
        doc.packReset.connect(self._pack_reset)
        self.failed.connect(self._write_failed)

    def autosave_now(self) -> bool:
        """Write the pack if it has unsaved changes not yet written; True when it wrote."""
        if self._closed:
            return False
        if self.doc.undo_stack.isClean():
            self.forget()
            return False
        start = time.perf_counter()
        data = pack_to_bytes(self.doc.pack)
        if data == self._last:
            return False
        self._last = data
        self._has_file = True
        self._submit(
            write_recovery,
            self.rec_id,
            data,
            original=self.doc.path,
            title=self.doc.pack.meta.title,
            folder=self.folder,
            files_dir=self.doc.files_dir,
        )
        self.last_ui_ms = (time.perf_counter() - start) * 1000
        return True

    def forget(self) -> None:
        """Remove this document's recovery file: its work was saved or thrown away."""
        self._last = None
        if self._has_file:
            self._has_file = False
            self._submit(remove_recovery, self.rec_id, self.folder)

    def adopt(self, rec_id: str) -> None:
        """Carry on a restored recovery file under its id, now marked as ours."""
        self.rec_id = rec_id
        self._has_file = True
        self._last = None
        self.autosave_now()

    def flush(self) -> None:
        """Wait until every write and removal asked for so far is done."""
        if not self._closed:
            self._writer.submit(lambda: None).result()

    def _submit(self, work: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        if not self._closed:
            self._writer.submit(work, *args, **kwargs).add_done_callback(self._write_done)

    def close(self) -> None:
        """A clean close: stop, remove the recovery file, finish writing."""
        self.timer.stop()
        self._soon.stop()
        self.forget()
        self._closed = True
        self._writer.shutdown(wait=True)

    def _write_done(self, future: Future[Any]) -> None:
        exc = future.exception()
        if exc is not None:
            message = exc.message if isinstance(exc, BriefpackError) else str(exc)
            self.failed.emit(message)

    def _write_failed(self, _message: str) -> None:
        self._last = None  # try again next time

    def _clean_changed(self, clean: bool) -> None:
        if clean:
            self.forget()

    def _pack_reset(self) -> None:
        self.forget()
        self.rec_id = new_recovery_id()


def enable_autosave(
    window: MainWindow, *, seconds: float | None = None, folder: Path | None = None
) -> Autosaver:
    """Give the window an autosaver (a child of the window, so window_autosaver finds it);
    its failures show in the status bar, and a window closed on purpose removes its file."""
    autosaver = Autosaver(
        window.doc, window.settings, seconds=seconds, folder=folder, parent=window
    )
    autosaver.failed.connect(window.statusBar().showMessage)
    window.closing.connect(autosaver.close)
    return autosaver


def window_autosaver(window: QObject) -> Autosaver | None:
    """The autosaver enable_autosave gave `window` (the latest, if it was given two)."""
    found = window.findChildren(Autosaver)
    return found[-1] if found else None


# ---- restoring after a crash ---------------------------------------------------------------


class RestoreDialog(QDialog):
    """Lists unsaved packs left by a crash; restore or discard the ticked ones."""

    def __init__(self, entries: list[Recovery], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore unsaved work")
        self.decisions: dict[str, str] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel("briefpack closed unexpectedly. These packs had changes that were not saved:")
        )
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Title", "Original file", "Last autosaved"])
        self.tree.setRootIsDecorated(False)
        for entry in entries:
            original = str(entry.original) if entry.original else "(never saved)"
            when = entry.saved_at.strftime("%d %b %Y %H:%M")
            item = QTreeWidgetItem([entry.title, original, when])
            item.setData(0, Qt.ItemDataRole.UserRole, entry.id)
            item.setCheckState(0, Qt.CheckState.Checked)
            self.tree.addTopLevelItem(item)
        for column in range(3):
            self.tree.resizeColumnToContents(column)
        layout.addWidget(self.tree)
        buttons = QDialogButtonBox()
        restore = buttons.addButton("Restore", QDialogButtonBox.ButtonRole.AcceptRole)
        discard = buttons.addButton("Discard", QDialogButtonBox.ButtonRole.DestructiveRole)
        later = buttons.addButton("Decide Later", QDialogButtonBox.ButtonRole.RejectRole)
        restore.setToolTip("Open the ticked packs with their unsaved changes")
        discard.setToolTip("Delete the unsaved changes of the ticked packs")
        later.setToolTip("Keep them; you will be asked again next time")
        restore.clicked.connect(lambda: self._decide(RESTORE))
        discard.clicked.connect(lambda: self._decide(DISCARD))
        later.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(720, 300)

    def _decide(self, decision: str) -> None:
        for row in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(row)
            if item.checkState(0) == Qt.CheckState.Checked:
                self.decisions[item.data(0, Qt.ItemDataRole.UserRole)] = decision
        self.accept()


def choose_recoveries(parent: QWidget | None, entries: list[Recovery]) -> dict[str, str]:
    """Recovery id -> "restore" or "discard"; ids left out are kept for next time."""
    answer = os.environ.get(ANSWER_ENV, "")
    if answer in (RESTORE, DISCARD):
        return {entry.id: answer for entry in entries}
    if answer == "keep":
        return {}
    dialog = RestoreDialog(entries, parent)
    dialog.exec()
    return dialog.decisions


def offer_recovery(
    window: MainWindow,
    new_window: Callable[[], MainWindow],
    folder: Path | None = None,
) -> list[MainWindow]:
    """Offer what a crash left behind; return the windows showing restored packs."""
    entries = list_recoveries(folder)
    if not entries:
        return []
    decisions = choose_recoveries(window, entries)
    restored: list[MainWindow] = []
    for entry in entries:
        decision = decisions.get(entry.id)
        if decision == DISCARD:
            remove_recovery(entry.id, folder)
        elif decision == RESTORE:
            target = window if not restored and _is_untouched(window) else new_window()
            if restore_into(target, entry, folder):
                restored.append(target)
    return restored


def _is_untouched(window: MainWindow) -> bool:
    return window.doc.path is None and window.stack.isClean() and window.stack.count() == 0


def restore_into(window: MainWindow, entry: Recovery, folder: Path | None = None) -> bool:
    """Show the recovered pack as modified, under its original file (not saved over it yet)."""
    try:
        pack = load_pack(entry.pack_file)
    except BriefpackError as exc:
        window.feedback.show_error("Cannot restore the unsaved pack", exc.message)
        return False
    files_dir = entry.files_dir if entry.files_dir and entry.files_dir.is_dir() else None
    window.files.show_pack(pack, entry.original, files_dir)
    window.stack.resetClean()  # unsaved until the user saves
    autosaver = window_autosaver(window)
    if autosaver is not None:
        autosaver.adopt(entry.id)
    else:
        remove_recovery(entry.id, folder)
    name = entry.original.name if entry.original else "the new pack"
    window.statusBar().showMessage(f"Restored unsaved changes to {name}; not saved yet", 10000)
    return True
