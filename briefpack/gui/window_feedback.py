"""How the window's features tell the officer what happened: a status-bar line, or an
error box for what failed (tests replace show_error to read the message)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMainWindow, QMessageBox

from briefpack.model.editing import error_text
from briefpack.model.errors import BriefpackError

if TYPE_CHECKING:
    from briefpack.gui.document import PackDocument
    from briefpack.gui.jobs import Outcome


class Feedback:
    """The status bar and error boxes of one main window."""

    def __init__(self, window: QMainWindow, doc: PackDocument) -> None:
        self.window, self.doc = window, doc

    def status(self, text: str, ms: int = 4000) -> None:
        self.window.statusBar().showMessage(text, ms)

    def show_error(self, title: str, message: str) -> None:
        QMessageBox.critical(self.window, title, message)

    def report_failure(self, outcome: Outcome, title: str) -> bool:
        """False (after telling the officer) when a job failed or could not start."""
        if outcome.refused:
            self.status("Still busy with the last job: try again", 6000)
            return False
        error = outcome.error
        if error is None:
            return True
        if isinstance(error, BriefpackError):
            message = error_text(error, self.doc.pack, self.doc.path)
        else:  # a renderer bug: say so, keep the window
            message = f"internal error: {type(error).__name__}: {error}"
        self.show_error(title, message)
        return False
