"""Settings ▸ Threat Level…: record a change of the UK threat levels, see the record, and
bring the open pack up to date.

New packs take their threat level from briefpack's record of levels (the built-in history
merged with the officer's own entries, model/threat_record.py). When JTAC or MI5 change a
level after briefpack was released, the officer records it here; the record's history of
both regions is shown below, with where each entry comes from. Recording never touches the
open pack by itself: a button then offers to set the pack's level to the recorded one, as
one undoable step. The dialog also holds the opt-in to read the MI5 feed at start.

The few helpers the status-bar badge shares (RecordState, short_date, source_text) are
here too, so the badge and the dialog always describe the record the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from briefpack.gui.date_field import ERROR_COLOUR, DateField
from briefpack.gui.document import PackDocument
from briefpack.model import editing, threat_record
from briefpack.model.dates import long_date
from briefpack.model.editing import THREAT
from briefpack.model.errors import BriefpackError
from briefpack.model.pack import Threat
from briefpack.model.threat import ThreatLevel
from briefpack.model.threat_record import LevelChange, Region, ThreatRecord

FEED_ON_START_KEY = "threat/checkFeedOnStart"
REGION_NAMES: dict[Region, str] = {
    "national": "National",
    "northern_ireland": "Northern Ireland",
}
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
DONE_COLOUR = "#1B6E3A"  # a green that reads on white and on the dark Fusion palette
TABLE_ROWS_SHOWN = 6
_MNEMONIC_LABELS: dict[Region, str] = {
    "national": "&National level",
    "northern_ireland": "Northern &Ireland level",
}


# ---- the record as the window shows it --------------------------------------------------------


def short_date(day: date) -> str:
    """ "9 Feb 2022": for the status bar, where "9 February 2022" takes too much room."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def source_text(change: LevelChange) -> str:
    """Where an entry comes from, with the day the officer entered it when known."""
    if change.origin == "user" and change.recorded is not None:
        return f"{change.source} on {long_date(change.recorded)}"
    return change.source


@dataclass(frozen=True)
class RecordState:
    """The record as it can be read now; `problem` says why the officer's own entries are
    left out (their file is damaged), else it is ""."""

    record: ThreatRecord
    feed_read: date | None
    problem: str = ""

    @classmethod
    def load(cls) -> RecordState:
        try:
            return cls(threat_record.record(), threat_record.last_feed_read())
        except BriefpackError as exc:
            return cls(threat_record.builtin_record(), None, exc.message)

    def confirmed(self) -> date:
        """The last day the record was known to be right: the built-in history's check, the
        last successful read of the feed, or the last entry the officer or the feed made."""
        days = [self.record.confirmed, *([self.feed_read] if self.feed_read else [])]
        days += [c.recorded for c in self.record.changes if c.recorded is not None]
        return max(days)

    def current(self, region: Region, today: date) -> LevelChange | None:
        return self.record.level_on(today, region)


def pack_threat_text(threat: Threat) -> str:
    """ "SEVERE since 29 August 2014, Northern Ireland SUBSTANTIAL": what a pack shows."""
    text = threat.level.display_name
    if threat.since is not None:
        text += f" since {long_date(threat.since)}"
    if threat.northern_ireland is not None:
        text += f", Northern Ireland {threat.northern_ireland.display_name}"
    return text


def threat_to_apply(pack_threat: Threat, record_threat: Threat) -> Threat:
    """The record's level and date for the pack; its Northern Ireland level too, unless the
    pack does not print one (a choice the officer made, kept)."""
    northern = record_threat.northern_ireland if pack_threat.northern_ireland else None
    return Threat(level=record_threat.level, since=record_threat.since, northern_ireland=northern)


def apply_threat(doc: PackDocument, threat: Threat) -> bool:
    """Set the pack's threat block to `threat` as one undo step; False when it already is."""
    fields = ("level", "since", "northern_ireland")
    changed = [f for f in fields if getattr(doc.pack.threat, f) != getattr(threat, f)]
    if not changed:
        return False
    text = f"Set threat level to {threat.level.display_name}"
    if threat.since is not None:
        text += f" since {long_date(threat.since)}"
    stack = doc.undo_stack
    stack.beginMacro(f"{text} (from the record of levels)")
    try:
        for name in changed:
            doc.edit_field(THREAT, name, getattr(threat, name))
    finally:
        stack.endMacro()
    return True


# ---- the dialog ---------------------------------------------------------------------------


class _RegionRow:
    """One region's level and date since, as typed in "Record a change"."""

    def __init__(self, region: Region) -> None:
        self.region = region
        self.level = QComboBox()
        self.level.setObjectName(f"record_{region}_level")
        self.level.setAccessibleName(f"{REGION_NAMES[region]} threat level")
        for level in ThreatLevel:
            self.level.addItem(level.display_name, level.value)
        self.since = DateField()
        self.since.setObjectName(f"record_{region}_since")
        self.since.edit.setAccessibleName(f"{REGION_NAMES[region]} level in force since")
        self.recorded: LevelChange | None = None
        # A new level most often starts today: the old level's date would be wrong for it.
        self.level.currentIndexChanged.connect(self._level_changed)

    def show(self, change: LevelChange | None, today: date) -> None:
        self.recorded = change
        blocked = self.level.blockSignals(True)
        try:
            level = change.level if change is not None else ThreatLevel.SUBSTANTIAL
            self.level.setCurrentIndex(self.level.findData(level.value))
        finally:
            self.level.blockSignals(blocked)
        self.since.set_value(change.since if change is not None else today)

    def chosen(self) -> tuple[ThreatLevel, date]:
        return ThreatLevel(self.level.currentData()), self.since.value()

    def differs(self) -> bool:
        level, since = self.chosen()
        return self.recorded is None or (level, since) != (self.recorded.level, self.recorded.since)

    def _level_changed(self, _index: int) -> None:
        if self.recorded is None:
            return
        level = ThreatLevel(self.level.currentData())
        if level == self.recorded.level:
            self.since.set_value(self.recorded.since)
        elif self.since.value() == self.recorded.since:
            self.since.set_value(date.today())


class ThreatLevelDialog(QDialog):
    """Record a change, see the record of both regions, apply it to the open pack."""

    recordChanged = Signal()  # the officer recorded a change (the record file was written)

    def __init__(
        self,
        doc: PackDocument | None,
        settings: QSettings,
        parent: QWidget | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("threat_level_dialog")
        self.setWindowTitle("Threat Level")
        self.doc, self.settings = doc, settings
        self.today = today or date.today()
        self.state = RecordState.load()
        self.rows = {region: _RegionRow(region) for region in threat_record.REGIONS}
        self.record_button = QPushButton("&Record")
        self.record_button.setObjectName("record_change")
        self.record_button.clicked.connect(self.record_change)
        self.message = QLabel()
        self.message.setObjectName("threat_dialog_message")
        self.message.setWordWrap(True)
        self.tables = {region: self._history_table(region) for region in threat_record.REGIONS}
        self.record_note = QLabel()
        self.record_note.setWordWrap(True)
        self.pack_label = QLabel()
        self.pack_label.setWordWrap(True)
        self.apply_button = QPushButton("&Use the Recorded Level in the Open Pack")
        self.apply_button.setObjectName("apply_to_pack")
        self.apply_button.clicked.connect(self.apply_to_pack)
        self.feed_box = QCheckBox("Check the MI5 threat level feed when briefpack &starts")
        self.feed_box.setObjectName("check_feed_on_start")
        self.feed_box.setChecked(feed_check_enabled(settings))
        self.feed_box.toggled.connect(lambda on: settings.setValue(FEED_ON_START_KEY, on))
        self._lay_out()
        self.refresh(reset_fields=True)
        self._fit_screen()
        if doc is not None:
            doc.fieldChanged.connect(lambda *_: self._show_pack())
            doc.packReset.connect(self._show_pack)

    # ---- building ------------------------------------------------------------------------------

    def _history_table(self, region: Region) -> QTableWidget:
        table = QTableWidget(0, 3)
        table.setObjectName(f"history_{region}")
        table.setHorizontalHeaderLabels(["Since", "Level", "Source"])
        table.setAccessibleName(f"{REGION_NAMES[region]} threat level history")
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setWordWrap(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        table.setMaximumHeight(_table_height(table, TABLE_ROWS_SHOWN))
        return table

    def _lay_out(self) -> None:
        intro = QLabel(
            "New packs take the threat level in force from briefpack's record of levels. "
            "When JTAC or MI5 change a level, record the change here."
        )
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self._change_box())
        layout.addWidget(self._record_box(), 1)
        layout.addWidget(self._pack_box())
        layout.addWidget(self.feed_box)
        feed_note = QLabel(
            "Needs an internet connection. briefpack works fully without it: a failed check "
            "is one line in the status bar."
        )
        feed_note.setWordWrap(True)
        feed_note.setIndent(self.fontMetrics().horizontalAdvance("x") * 4)
        layout.addWidget(feed_note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        # On the intro, not the dialog: a minimum set on the dialog itself would stop its
        # layout from setting the dialog's minimum height, and rows would then overlap.
        intro.setMinimumWidth(self.fontMetrics().horizontalAdvance("x") * 76)

    def _fit_screen(self) -> None:
        """Open at the size the dialog asks for where the screen has room: Qt would cap it at
        two thirds of a small screen (1024 × 700), squeezing the wrapped text together."""
        hint = self.sizeHint()
        screen = self.screen()
        room = screen.availableGeometry().height() - 60 if screen is not None else hint.height()
        self.resize(hint.width(), max(self.minimumSizeHint().height(), min(hint.height(), room)))

    def _change_box(self) -> QGroupBox:
        box = QGroupBox("Record a change")
        grid = QGridLayout(box)
        for at, row in enumerate(self.rows.values()):
            label = QLabel(_MNEMONIC_LABELS[row.region])
            label.setBuddy(row.level)
            grid.addWidget(label, at, 0)
            grid.addWidget(row.level, at, 1)
            since = QLabel("in force since")
            since.setBuddy(row.since)
            grid.addWidget(since, at, 2, Qt.AlignmentFlag.AlignRight)
            grid.addWidget(row.since, at, 3)
        grid.setColumnStretch(4, 1)
        grid.addWidget(self.record_button, 0, 5)
        grid.addWidget(self.message, 2, 0, 1, 6)
        self.message.hide()
        return box

    def _record_box(self) -> QGroupBox:
        box = QGroupBox("The record")
        tabs = QTabWidget()
        for region, table in self.tables.items():
            tabs.addTab(table, REGION_NAMES[region])
        # A tab widget sizes by its pages' minimum size hints, which for a table is a sliver:
        # on a small screen (where Qt caps a dialog at 2/3 of it) keep a few rows in view.
        any_table = next(iter(self.tables.values()))
        tabs.setMinimumHeight(_table_height(any_table, 3) + tabs.tabBar().sizeHint().height())
        column = QVBoxLayout(box)
        column.addWidget(tabs, 1)
        column.addWidget(self.record_note)
        return box

    def _pack_box(self) -> QGroupBox:
        box = QGroupBox("The open pack")
        row = QHBoxLayout(box)
        row.addWidget(self.pack_label, 1)
        row.addWidget(self.apply_button)
        box.setVisible(self.doc is not None)
        return box

    # ---- showing the record ---------------------------------------------------------------------

    def refresh(self, reset_fields: bool = False) -> None:
        """Read the record again and show it; `reset_fields` also puts the record's current
        levels back in "Record a change" (not done while the officer may be typing there)."""
        self.state = RecordState.load()
        for region, table in self.tables.items():
            self._fill_table(table, self.state.record.history(region))
        if reset_fields:
            for region, row in self.rows.items():
                row.show(self.state.current(region, self.today), self.today)
        feed = (
            f"MI5 feed last read on {long_date(self.state.feed_read)}."
            if self.state.feed_read
            else "The MI5 feed has not been read."
        )
        note = f"Built-in history confirmed on {long_date(self.state.record.confirmed)}. {feed}"
        if self.state.problem:
            note = (
                "Your own entries cannot be read, so only the built-in history is shown: "
                f"{self.state.problem}"
            )
        self.record_note.setText(note)
        self.record_note.setStyleSheet(f"color: {ERROR_COLOUR};" if self.state.problem else "")
        self._show_pack()

    def _fill_table(self, table: QTableWidget, history: tuple[LevelChange, ...]) -> None:
        newest_first = list(reversed(history))
        table.setRowCount(len(newest_first))
        for row, change in enumerate(newest_first):
            cells = (long_date(change.since), change.level.display_name, source_text(change))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                table.setItem(row, column, item)

    def recorded_threat(self) -> Threat:
        """The threat block the record gives for today (as a new pack would get it)."""
        return editing.current_threat(self.today, self.state.record)

    def _show_pack(self) -> None:
        if self.doc is None:
            return
        pack_threat = self.doc.pack.threat
        wanted = threat_to_apply(pack_threat, self.recorded_threat())
        same = wanted == pack_threat
        text = f"The open pack shows {pack_threat_text(pack_threat)}."
        if not same:
            text += f" The record gives {pack_threat_text(wanted)}."
        self.pack_label.setText(text)
        self.apply_button.setEnabled(not same)

    # ---- what the buttons do ------------------------------------------------------------------

    def record_change(self) -> list[LevelChange]:
        """Record each region whose level or date differs from the record; saved at once."""
        if not all(row.since.commit() for row in self.rows.values()):
            self._say("Correct the date first: it is not a date briefpack can read.", error=True)
            return []
        pending = [row for row in self.rows.values() if row.differs()]
        if not pending:
            self._say("Nothing to record: these are the levels the record already holds.")
            return []
        added: list[LevelChange] = []
        problem = ""
        changes = [(row.region, *row.chosen()) for row in pending]
        try:  # one save: both levels land together or neither does
            added = threat_record.add_user_changes(changes)
        except BriefpackError as exc:  # the record file cannot be read or written
            problem = exc.message
        if added:
            self.refresh(reset_fields=True)
            self.recordChanged.emit()
        if problem:
            self._say(f"Not recorded — {problem}", error=True)
        else:
            self._say_recorded(added)
        return added

    def _say_recorded(self, added: list[LevelChange]) -> None:
        parts = [
            f"{REGION_NAMES[c.region]} {c.level.display_name} since {long_date(c.since)}"
            for c in added
        ]
        text = f"Recorded: {'; '.join(parts)}."
        if self.apply_button.isEnabled():
            text += " The open pack shows something else: the button below brings it up to date."
            self.apply_button.setFocus()
        self._say(text)

    def apply_to_pack(self) -> bool:
        """Set the open pack's threat level to the record's, as one undo step."""
        if self.doc is None:
            return False
        wanted = threat_to_apply(self.doc.pack.threat, self.recorded_threat())
        changed = apply_threat(self.doc, wanted)
        if changed:
            self._say(f"The open pack now shows {pack_threat_text(wanted)} (Edit ▸ Undo to undo).")
        self._show_pack()
        return changed

    def _say(self, text: str, error: bool = False) -> None:
        colour = ERROR_COLOUR if error else DONE_COLOUR
        self.message.setStyleSheet(f"color: {colour};")
        self.message.setText(text)
        self.message.show()


def _table_height(table: QTableWidget, rows: int) -> int:
    """The height that shows the header and `rows` rows."""
    row_height = table.verticalHeader().defaultSectionSize()
    return table.horizontalHeader().sizeHint().height() + rows * row_height + 2 * table.frameWidth()


def feed_check_enabled(settings: QSettings) -> bool:
    """Whether the officer asked for the MI5 feed to be read at start (off unless they did)."""
    value = settings.value(FEED_ON_START_KEY, False)
    if isinstance(value, str):  # INI files hand back "true" / "false"
        return value.strip().lower() in ("true", "1", "yes")
    return bool(value)
