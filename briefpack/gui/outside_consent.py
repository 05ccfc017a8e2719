"""The app's one question about pictures outside the pack's folder.

A pack from a colleague could name any picture the officer can read (an absolute path, `../`,
or a link beside the pack) and so copy it into a handout. Such pictures are read only after
a yes, asked once per pack when it is opened (and again before an export or print if it was
declined), and remembered for that pack and those files (model/outside.py). A picture the
officer chooses in the image editor's file dialog is their own choice: no question.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget

from briefpack.model import outside

if TYPE_CHECKING:
    from briefpack.gui.document import PackDocument

SHOWN_FILES = 8


class OutsideConsent(QObject):
    """Asks, records and forgets the officer's yes for the open pack's outside pictures."""

    def __init__(self, window: QWidget, doc: PackDocument) -> None:
        super().__init__(window)
        self.window, self.doc = window, doc
        self.box: QMessageBox | None = None  # the question while it is open
        # How a blocking yes/no is asked (tests replace it): the files → allowed?
        self.ask_blocking: Callable[[list[Path]], bool] = self._ask_blocking
        doc.packReset.connect(self.pack_opened)
        doc.pathChanged.connect(self.remember)

    # ---- what is waiting for a yes ---------------------------------------------------------

    def pending(self) -> list[Path]:
        """The pictures outside the folder this pack names and the officer has not allowed."""
        found = outside.outside_images(self.doc.pack, self.doc.base_dir)
        files = dict.fromkeys(file for _row, _path, file in found)
        return [f for f in files if f not in self.doc.allowed_outside]

    def allow(self, files: list[Path]) -> None:
        """Yes to these files: remembered for this pack; the preview and Checks redo."""
        self.doc.allowed_outside.update(files)
        self.remember()
        self.doc.changed.emit()

    def remember(self) -> None:
        self.doc.remember_allowed_outside()

    # ---- asking ----------------------------------------------------------------------------

    def pack_opened(self) -> None:
        """After a pack is opened: take any earlier yes, then ask about the rest, once."""
        if self.doc.path is not None:
            self.doc.allowed_outside.update(outside.allowed_for(self.doc.path))
        if self.pending():
            # The next loop turn, so the window shows the opened pack behind the question.
            QTimer.singleShot(0, self.ask_without_waiting)

    def ask_without_waiting(self) -> None:
        files = self.pending()
        if not files or self.box is not None:
            return
        box, allow = self._question(files)
        self.box = box
        box.finished.connect(lambda _result: self._answered(box, allow, files))
        box.open()

    def _answered(self, box: QMessageBox, allow: QAbstractButton, files: list[Path]) -> None:
        if box.clickedButton() is allow:
            self.allow(files)
        self.box = None
        box.deleteLater()

    def ensure_allowed(self) -> bool:
        """Before an export or print: ask (and wait) if anything is still waiting for a yes.
        True when nothing outside is left unread."""
        files = self.pending()
        if not files:
            return True
        if self.box is not None:  # the opening question is still up: answer it first
            self.box.raise_()
            return False
        if self.ask_blocking(files):
            self.allow(files)
            return True
        return False

    def _ask_blocking(self, files: list[Path]) -> bool:
        box, allow = self._question(files)
        box.exec()
        allowed = box.clickedButton() is allow
        box.deleteLater()
        return allowed

    def _question(self, files: list[Path]) -> tuple[QMessageBox, QAbstractButton]:
        count = len(files)
        pictures = "a picture" if count == 1 else f"{count} pictures"
        box = QMessageBox(self.window)
        box.setObjectName("outside_files_question")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Pictures outside the pack's folder")
        box.setText(f"This pack uses {pictures} from outside its own folder.")
        shown = "\n".join(f"• {f}" for f in files[:SHOWN_FILES])
        more = f"\n… and {count - SHOWN_FILES} more" if count > SHOWN_FILES else ""
        box.setInformativeText(
            f"{shown}{more}\n\nA pack from someone else could use this to copy pictures from "
            "your computer into a handout. Allow it only if you expect these pictures in "
            "this pack. Until then they are left out and the pack cannot be exported."
        )
        allow = box.addButton("Allow These Pictures", QMessageBox.ButtonRole.AcceptRole)
        keep_out = box.addButton("Don't Allow", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep_out)  # Enter or Esc never says yes by accident
        box.setEscapeButton(keep_out)
        return box, allow


def install_outside_consent(window: QWidget, doc: PackDocument) -> OutsideConsent:
    return OutsideConsent(window, doc)
