"""The question asked when the national threat level is changed: "SEVERE since when?"

The date printed beside the level belongs to the old level once the level changes, so the
officer is asked which date goes with the new one: keep the old date, today, the date the
record of levels gives for the new level (when it has that level in force), or a date of
their own. Cancel means no change at all.

`ask_since` is the one entry point; tests replace it (or set ANSWER_ENV) to answer without
a window.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from typing import Literal

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from briefpack.gui.date_field import DateField
from briefpack.gui.document import PackDocument
from briefpack.model import threat_record
from briefpack.model.dates import long_date
from briefpack.model.editing import THREAT
from briefpack.model.errors import BriefpackError
from briefpack.model.threat import ThreatLevel

Choice = Literal["keep", "today", "record", "pick"]
# Test hook: "keep", "today", "record" or "cancel" answers every question without a window.
ANSWER_ENV = "BRIEFPACK_THREAT_SINCE_ANSWER"


@dataclass(frozen=True)
class SinceAnswer:
    """What was chosen, and the date since that goes with the new level (None: no date)."""

    choice: Choice
    since: date | None


class ThreatSinceDialog(QDialog):
    """Keep <old date> / Today / <the record's date> / Pick a date; OK takes the one ticked."""

    def __init__(
        self,
        level_name: str,
        old_since: date | None,
        record_since: date | None,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("threat_since_dialog")
        self.setWindowTitle("Threat level date")
        self.old_since, self.record_since = old_since, record_since
        self.today = today or date.today()
        self.choices = QButtonGroup(self)
        self.keep = self._choice("keep", self._keep_text())
        self.today_choice = self._choice("today", f"Today, {long_date(self.today)}")
        self.record = (
            self._choice("record", f"{long_date(record_since)}, the date the record gives")
            if record_since is not None
            else None
        )
        self.pick = self._choice("pick", "Pick a date:")
        # Typed in any usual form ("3/12/2026", "3 December 2026") or picked from a calendar.
        self.date_edit = DateField(old_since or self.today)
        self.date_edit.setObjectName("since_pick")
        # Touching the date means "this one": the choice follows the field.
        self.date_edit.dateChanged.connect(lambda _d: self.pick.setChecked(True))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._lay_out(level_name)
        self.default_choice().setChecked(True)
        self.default_choice().setFocus()

    def _keep_text(self) -> str:
        if self.old_since is None:
            return "Keep it blank (no date printed)"
        return f"Keep {long_date(self.old_since)}"

    def _choice(self, name: str, text: str) -> QRadioButton:
        button = QRadioButton(text)
        button.setObjectName(f"since_{name}")
        self.choices.addButton(button)
        return button

    def _lay_out(self, level_name: str) -> None:
        question = QLabel(f"<b>{level_name} since when?</b>")
        question.setObjectName("since_question")
        why = QLabel(
            f"The handout prints the level with the date it came into force. Which date "
            f"goes with {level_name}?"
        )
        why.setWordWrap(True)
        grid = QGridLayout()
        rows = [self.keep, self.today_choice, *([self.record] if self.record else [])]
        for row, button in enumerate(rows):
            grid.addWidget(button, row, 0, 1, 2)
        grid.addWidget(self.pick, len(rows), 0)
        grid.addWidget(self.date_edit, len(rows), 1)
        grid.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("x") * 60)
        layout.addWidget(question)
        layout.addWidget(why)
        layout.addLayout(grid)
        layout.addWidget(self.buttons)

    def default_choice(self) -> QRadioButton:
        """The record's date when it has one (it is most often right), else today."""
        return self.record if self.record is not None else self.today_choice

    def answer(self) -> SinceAnswer:
        """What is ticked now, with its date."""
        if self.keep.isChecked():
            return SinceAnswer("keep", self.old_since)
        if self.record is not None and self.record.isChecked():
            return SinceAnswer("record", self.record_since)
        if self.pick.isChecked():
            self.date_edit.commit()  # text typed but not yet confirmed with Enter
            return SinceAnswer("pick", self.date_edit.value())
        return SinceAnswer("today", self.today)


def _answer_from_env(
    value: str, old_since: date | None, record_since: date | None
) -> SinceAnswer | None:
    if value == "cancel":
        return None
    if value == "record" and record_since is not None:
        return SinceAnswer("record", record_since)
    if value == "today":
        return SinceAnswer("today", date.today())
    return SinceAnswer("keep", old_since)


def ask_since(
    parent: QWidget | None,
    level_name: str,
    old_since: date | None,
    record_since: date | None,
) -> SinceAnswer | None:
    """Ask which date goes with the new level; None when the officer cancels."""
    preset = os.environ.get(ANSWER_ENV)
    if preset:
        return _answer_from_env(preset, old_since, record_since)
    dialog = ThreatSinceDialog(level_name, old_since, record_since, parent=parent)
    try:
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.answer() if accepted else None
    finally:
        dialog.deleteLater()


# ---- changing the level: the question, then one undo step ----------------------------------


def record_since_for(level: ThreatLevel, day: date) -> date | None:
    """The date the record gives for `level` when it has that level in force on `day`."""
    try:
        record = threat_record.record()
    except BriefpackError:  # the officer's own entries are damaged: the Checks dock says so
        record = threat_record.builtin_record()
    change = record.level_on(day, "national")
    return change.since if change is not None and change.level == level else None


def change_national_level(doc: PackDocument, parent: QWidget | None, value: str) -> bool:
    """Set the national level to `value` and its date since to the one the officer picks,
    as one undo step. False (and nothing changed) when they cancel or the level is the same.
    """
    threat = doc.pack.threat
    level = ThreatLevel(value)
    if level == threat.level:
        return False
    answer = ask_since(
        parent, level.display_name, threat.since, record_since_for(level, doc.pack.meta.date)
    )
    if answer is None:
        return False
    text = f"Set threat level to {level.display_name}"
    if answer.since != threat.since:
        text += f", since {long_date(answer.since)}" if answer.since else ", no date"
    stack = doc.undo_stack
    stack.beginMacro(text)
    try:
        changed = doc.edit_field(THREAT, "level", level.value)
        if changed and answer.since != threat.since:
            doc.edit_field(THREAT, "since", answer.since)
    finally:
        stack.endMacro()
    return changed
