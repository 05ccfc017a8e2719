"""The Force Library dialog's History tab: who published what, when and why — the same
publications `briefpack library history [ITEM]` prints, newest first, filtered to one item.

The view only shows entries it is given (the dialog reads them as a job, since walking a
long history can take a while on a slow drive). Filtering is done here, on the entries
already read, so choosing an item never reads the repository again.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from briefpack.model.dates import long_date
from briefpack.model.force_history import HistoryEntry, changes_text, touched_names

ALL_ITEMS = "All items"


class ForceHistoryView(QWidget):
    """An "Item:" chooser above the list of publications, and a line saying how many."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: list[HistoryEntry] = []
        self.item = QComboBox()
        self.item.setObjectName("force_history_item")
        self.item.setAccessibleName("Show publications of")
        # Item ids can be long (force.<name>): the chooser grows with the dialog instead.
        self.item.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.item.setMinimumContentsLength(24)
        self.item.currentIndexChanged.connect(lambda _i: self._fill())
        self.list = QListWidget()
        self.list.setObjectName("force_history_list")
        self.list.setAccessibleName("Publications, newest first")
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setSpacing(2)  # publications of three lines each stay apart
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.note = QLabel()
        self.note.setObjectName("force_history_note")
        self.note.setWordWrap(True)
        self._lay_out()

    def _lay_out(self) -> None:
        row = QHBoxLayout()
        label = QLabel("&Item:")
        label.setBuddy(self.item)
        row.addWidget(label)
        row.addWidget(self.item, 1)
        column = QVBoxLayout(self)
        column.addLayout(row)
        column.addWidget(self.list, 1)
        column.addWidget(self.note)

    # ---- what is shown ----------------------------------------------------------------------

    def show_entries(self, entries: list[HistoryEntry]) -> None:
        """Show `entries` (newest first), keeping the item chosen when it is still there."""
        chosen = self.chosen()
        self.entries = entries
        self.item.blockSignals(True)  # one fill below, not one per item added
        self.item.clear()
        self.item.addItem(ALL_ITEMS, None)
        for name in touched_names(entries):
            self.item.addItem(name, name)
        found = self.item.findData(chosen) if chosen else 0
        self.item.setCurrentIndex(max(found, 0))
        self.item.blockSignals(False)
        self._fill()

    def show_problem(self, text: str) -> None:
        """No history to show: say why where the list would be."""
        self.entries = []
        self.item.blockSignals(True)
        self.item.clear()
        self.item.addItem(ALL_ITEMS, None)
        self.item.blockSignals(False)
        self.list.clear()
        self.note.setText(text)

    def choose(self, name: str | None) -> bool:
        """Show only publications touching `name` (None: all); False if none touched it."""
        index = self.item.findData(name) if name else 0
        if index < 0:
            return False
        self.item.setCurrentIndex(index)
        return True

    def chosen(self) -> str | None:
        return self.item.currentData()

    def shown(self) -> list[HistoryEntry]:
        name = self.chosen()
        return [e for e in self.entries if name is None or e.touches(name)]

    def _fill(self) -> None:
        self.list.clear()
        shown = self.shown()
        for entry in shown:
            self.list.addItem(_row(entry))
        if shown:
            self.list.setCurrentRow(0)  # the keyboard starts on the newest
        name = self.chosen()
        touching = f" touching {name}" if name else ""
        self.note.setText(f"{_publications(len(shown))}{touching}.")


def _row(entry: HistoryEntry) -> QListWidgetItem:
    """Three lines a sighted user scans; one sentence a screen reader reads."""
    commit = entry.commit
    when = f"{long_date(commit.when.date())} at {commit.when:%H:%M}"
    changes = changes_text(entry.added, entry.changed, entry.removed)
    row = QListWidgetItem(f"{commit.short}   {commit.author}   {when}\n{commit.subject}\n{changes}")
    row.setData(
        Qt.ItemDataRole.AccessibleTextRole,
        f"{commit.subject}. Published by {commit.author} on {when}: {changes}. "
        f"Commit {commit.short}.",
    )
    row.setToolTip(commit.message.strip())  # the whole message, trailers included
    return row


def _publications(count: int) -> str:
    return f"{count} publication{'' if count == 1 else 's'}"
