"""Table editor for the items of a statistics or links section."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QStyle,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from briefpack.gui.document import PackDocument
from briefpack.model.dates import DateTextError, long_date, parse_user_date
from briefpack.model.editing import describe_location
from briefpack.model.sections import LinksSection, StatisticsSection

Index = QModelIndex | QPersistentModelIndex

COLUMNS: dict[str, list[tuple[str, str, str]]] = {
    # field, header, hint shown as tooltip (widths: FIT_TO_CONTENT, WEIGHTS)
    "statistics": [
        ("value", "Value", "The figure as printed, e.g. 3,629"),
        ("label", "Label", "What the figure counts"),
        ("source", "Source", "Where the figure comes from (optional)"),
        ("as_of", "As of", "The date of the figure, e.g. 1 August 2016 or 1/8/2016 (optional)"),
        ("id", "Id", "A name to use the figure in text as {{ stats.ID.value }} (optional)"),
    ],
    "links": [
        ("label", "Label", "The name of the website or service"),
        ("url", "Web address", "e.g. www.gov.uk/ACT or https://… (optional)"),
        ("phone", "Phone", "A phone number (optional)"),
        ("note", "Note", "A line about it (optional)"),
    ],
}


# Columns of short values that must always show whole: each is as wide as its longest value.
FIT_TO_CONTENT = ("value", "as_of", "id", "phone")
# Share of the rest of the table's width each other column gets (their text wraps).
WEIGHTS = {
    "label": 2.6,
    "source": 2.0,
    "url": 2.4,
    "note": 1.8,
}
MIN_WRAPPED_CHARS = 20  # a wrapping column is never narrower than about this many letters


class ItemsModel(QAbstractTableModel):
    """Rows are the section's items; each cell edit is one undo command."""

    def __init__(self, doc: PackDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.section: StatisticsSection | LinksSection | None = None
        self.columns: list[tuple[str, str, str]] = []
        doc.itemsChanged.connect(self._items_changed)
        doc.fieldChanged.connect(self._field_changed)
        doc.packReset.connect(lambda: self.set_section(None))

    def set_section(self, section: StatisticsSection | LinksSection | None) -> None:
        self.beginResetModel()
        self.section = section
        self.columns = COLUMNS[section.kind] if section is not None else []
        self.endResetModel()

    @property
    def row(self) -> int:
        return self.doc.row_of(self.section) if self.section is not None else -1

    def _items_changed(self, section: object) -> None:
        if section is self.section:
            self.beginResetModel()
            self.endResetModel()

    def _field_changed(self, obj: object, field: str) -> None:
        if self.section is None:
            return
        for r, item in enumerate(self.section.items):
            if item is obj:
                for c, (name, _h, _t) in enumerate(self.columns):
                    if name == field:
                        index = self.index(r, c)
                        self.dataChanged.emit(index, index)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.section is None else len(self.section.items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.columns[section][1]
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.columns[section][2]
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self.section is None or not index.isValid():
            return None
        item = self.section.items[index.row()]
        field, _header, hint = self.columns[index.column()]
        value = getattr(item, field)
        if role == Qt.ItemDataRole.DisplayRole:
            if isinstance(value, date):
                return long_date(value)
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.EditRole:
            if isinstance(value, date):
                return long_date(value)  # edited as shown; any usual form is read back
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.ToolTipRole:
            return hint
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if self.section is None or not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        field = self.columns[index.column()][0]
        text = "" if value is None else str(value).strip()
        target = ("item", self.row, index.row())
        if field == "as_of" and text:  # typed in any usual form; empty means "not set"
            try:
                day = parse_user_date(text)
            except DateTextError as exc:
                self._refuse(index.row(), field, exc.message)
                return False
            return self.doc.edit_field(target, field, day)
        return self.doc.edit_field(target, field, text)

    def _refuse(self, item_row: int, field: str, message: str) -> None:
        """Say in the status bar why a cell kept its value, naming the cell."""
        place = describe_location(self.doc.pack, f"sections[{self.row}].items[{item_row}].{field}")
        self.doc.editRejected.emit(f"{place[:1].upper()}{place[1:]}: {message}")


class ItemsEditor(QWidget):
    """The table with Add, Remove, Up and Down buttons."""

    def __init__(self, doc: PackDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.model = ItemsModel(doc, self)
        self.table = _WeightedTable(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setWordWrap(True)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.model.modelReset.connect(self.table.fit_columns)
        self.model.dataChanged.connect(lambda *_: self.table.fit_columns())  # a longer value

        # Short labels (full words in the tooltips) so the row fits a narrow editor column.
        self.add_button = QPushButton("Add", self)
        self.remove_button = QPushButton("Remove", self)
        self.up_button = QToolButton(self)
        self.up_button.setText("▲")
        self.down_button = QToolButton(self)
        self.down_button.setText("▼")
        for button, tip in (
            (self.add_button, "Add a row after the selected one"),
            (self.remove_button, "Remove the selected row"),
            (self.up_button, "Move the selected row up"),
            (self.down_button, "Move the selected row down"),
        ):
            button.setToolTip(tip)
            button.setAccessibleName(tip)
        self.add_button.clicked.connect(self.add_row)
        self.remove_button.clicked.connect(self.remove_row)
        self.up_button.clicked.connect(lambda: self.move_row(-1))
        self.down_button.clicked.connect(lambda: self.move_row(+1))

        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def set_section(self, section: StatisticsSection | LinksSection | None) -> None:
        self.model.set_section(section)

    def selected_row(self) -> int:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else -1

    def select(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(row, 0))

    def add_row(self) -> None:
        if self.model.section is None:
            return
        current = self.selected_row()
        row = current + 1 if current >= 0 else self.model.rowCount()
        self.doc.edit_insert_item(self.model.row, row)
        self.select(row)

    def remove_row(self) -> None:
        row = self.selected_row()
        if self.model.section is not None and row >= 0:
            self.doc.edit_remove_item(self.model.row, row)
            self.select(min(row, self.model.rowCount() - 1))

    def move_row(self, step: int) -> None:
        row = self.selected_row()
        moved = self.model.section is not None and row >= 0
        if moved and self.doc.edit_move_item(self.model.row, row, row + step):
            self.select(row + step)


class _WeightedTable(QTableView):
    """Short-value columns as wide as their longest value; the rest share the width left by
    WEIGHTS. When that is too little the table scrolls sideways rather than cut values."""

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_columns()

    def fit_columns(self) -> None:
        model = self.model()
        if not isinstance(model, ItemsModel) or not model.columns:
            return
        needed = [self._needed_width(model, c) for c in range(len(model.columns))]
        fields = [field for field, _h, _t in model.columns]
        shared = [c for c, field in enumerate(fields) if field not in FIT_TO_CONTENT]
        room = self.viewport().width() - sum(
            needed[c] for c in range(len(fields)) if c not in shared
        )
        total_weight = sum(WEIGHTS.get(fields[c], 1.5) for c in shared) or 1.0
        for c, width in enumerate(needed):
            if c in shared:
                width = max(width, int(room * WEIGHTS.get(fields[c], 1.5) / total_weight))
            self.setColumnWidth(c, width)

    def _needed_width(self, model: ItemsModel, column: int) -> int:
        """The header's width and, for a short-value column, its longest value's; for a
        wrapping column, its longest word's (a word that does not fit is cut, not wrapped)."""
        metrics = self.fontMetrics()
        padding = 2 * self.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 12
        header = model.headerData(column, Qt.Orientation.Horizontal)
        width = self.horizontalHeader().fontMetrics().horizontalAdvance(str(header)) + 16
        whole = model.columns[column][0] in FIT_TO_CONTENT
        if not whole:
            width = max(width, metrics.averageCharWidth() * MIN_WRAPPED_CHARS)
        for row in range(model.rowCount()):
            text = str(model.index(row, column).data() or "")
            for part in [text] if whole else text.split():
                width = max(width, metrics.horizontalAdvance(part) + padding)
        return width
