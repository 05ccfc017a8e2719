"""Update figures: every statistic of the library and the open pack, the oldest first, and a
form to give the selected one a newer value, date and source.

A library figure is updated in the library (model.figures.update_figure keeps the old value
in the item's history; a built-in item becomes the officer's own copy), and the sections of
this pack that came from that item are then offered the update as one undoable step. A
figure that lives only in the pack is changed in the pack, also as one undoable step.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QFont,
    QResizeEvent,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from briefpack.gui.commands import RefreshFromOriginCommand
from briefpack.gui.date_field import DateField
from briefpack.gui.document import PackDocument
from briefpack.model.dates import long_date
from briefpack.model.errors import BriefpackError
from briefpack.model.figures import FigureRow, figures, sections_from, update_figure
from briefpack.model.library import LibraryItem, all_items, user_library
from briefpack.model.review import MAX_FIGURE_AGE_MONTHS, figure_is_old
from briefpack.model.sections import check_url

COLUMNS = ("As of", "Value", "Label", "Source", "Web address", "Where")
AS_OF, VALUE, LABEL, SOURCE, URL, WHERE = range(len(COLUMNS))
OLD_COLOUR = QColor("#b00020")
LINK_COLOUR = QColor("#0b57d0")
RowKey = tuple[str | None, int | None, int | None, int | None]


def row_key(row: FigureRow) -> RowKey:
    """What stays the same about a row across a reload: its place in the pack, else its
    place in the library."""
    if row.in_pack:
        return (None, None, row.section, row.row)
    return (row.item_id, row.item_row, None, None)


def _cell(text: str, tip: str = "") -> QStandardItem:
    cell = QStandardItem(text)
    cell.setEditable(False)
    cell.setToolTip(tip or text)
    return cell


class FiguresView(QDialog):
    """The Update figures dialog. `libraryChanged` is emitted after the library is saved."""

    libraryChanged = Signal()

    def __init__(self, doc: PackDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Update figures")
        self.doc = doc
        self.rows: list[FigureRow] = []
        self.offered: list[int] = []  # pack sections offered the update just made
        self.offered_item: LibraryItem | None = None
        intro = QLabel(
            "Every statistic in the library and in this pack, the oldest first. Select one, "
            "type its new value, the date it refers to and its source, then press Update."
        )
        intro.setWordWrap(True)
        self.find_edit = QLineEdit()
        self.find_edit.setPlaceholderText("Show only figures mentioning these words")
        self.find_edit.setClearButtonEnabled(True)
        self.find_edit.textChanged.connect(self._filter)
        find_row = QHBoxLayout()
        find_row.addWidget(QLabel("Find:"))
        find_row.addWidget(self.find_edit, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(find_row)
        layout.addWidget(self._make_table(), 1)
        layout.addWidget(self._make_form())
        layout.addWidget(self._make_offer())
        self.status = QLabel()
        self.status.setObjectName("figures_status")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        # The pack may change while the dialog is open (typing, undo): list it again then.
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(200)
        self.timer.timeout.connect(self.reload)
        doc.changed.connect(self.timer.start)
        doc.packReset.connect(self._pack_reset)
        self.reload()

    # ---- building -------------------------------------------------------------------------

    def _make_table(self) -> QTableView:
        self.model = QStandardItemModel(0, len(COLUMNS), self)
        self.model.setHorizontalHeaderLabels(list(COLUMNS))
        table = self.table = QTableView()
        table.setObjectName("figures_table")
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.verticalHeader().hide()
        table.setAlternatingRowColors(True)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(LABEL, QHeaderView.ResizeMode.Stretch)
        table.setColumnWidth(AS_OF, 130)
        table.setColumnWidth(VALUE, 70)
        table.selectionModel().currentRowChanged.connect(self._row_changed)
        table.clicked.connect(self._clicked)
        return table

    def _make_form(self) -> QGroupBox:
        box = QGroupBox("New value for the selected figure")
        self.figure_label = QLabel("Select a figure in the list.")
        self.figure_label.setWordWrap(True)
        self.value_edit = QLineEdit()
        self.value_edit.setPlaceholderText("e.g. 3,629")
        self.as_of_edit = DateField()
        self.source_edit = QLineEdit()
        self.source_edit.setPlaceholderText("who published the figure")
        self.url_edit = QLineEdit()
        self.url_edit.setPlaceholderText("https://… where the figure is published (optional)")
        self.update_button = QPushButton("Update")
        self.update_button.setDefault(True)
        self.update_button.clicked.connect(self.update_selected)
        values = QHBoxLayout()
        values.addWidget(self.value_edit, 1)
        values.addWidget(QLabel("as of"))
        values.addWidget(self.as_of_edit)
        values.addStretch(1)
        values.addWidget(self.update_button)
        form = QFormLayout(box)
        form.addRow("Figure:", self.figure_label)
        form.addRow("New value:", values)
        form.addRow("Source:", self.source_edit)
        form.addRow("Web address:", self.url_edit)
        return box

    def _make_offer(self) -> QFrame:
        bar = self.offer_bar = QFrame()
        bar.setObjectName("figures_offer")
        bar.setStyleSheet(
            "#figures_offer { background: #fff4ce; border: 1px solid #e0b400; border-radius: 3px; }"
        )
        self.offer_label = QLabel()
        self.offer_label.setWordWrap(True)
        self.offer_button = QPushButton()
        self.offer_button.clicked.connect(self.update_sections)
        row = QHBoxLayout(bar)
        row.setContentsMargins(8, 4, 8, 4)
        row.addWidget(self.offer_label, 1)
        row.addWidget(self.offer_button)
        bar.hide()
        return bar

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        QTimer.singleShot(0, self._fit_columns)  # once the table has its new width

    def _fit_columns(self) -> None:
        """Share the width so the label keeps the most of it on a small screen too."""
        rest = max(0, self.table.viewport().width() - 200)
        for column, share in ((SOURCE, 0.22), (URL, 0.16), (WHERE, 0.24)):
            self.table.setColumnWidth(column, int(rest * share))

    # ---- showing --------------------------------------------------------------------------

    def reload(self, select: RowKey | None = None) -> None:
        """List the figures again, keeping (or setting) the selected one."""
        self.timer.stop()
        current = self.selected_row()
        keep = select or (row_key(current) if current is not None else None)
        try:
            items = all_items()
        except BriefpackError as exc:  # a damaged user library: the pack's figures still show
            self._say(f"Your library cannot be read: {exc.message}", error=True)
            items = []
        self.rows = figures(items, self.doc.pack)
        self.model.removeRows(0, self.model.rowCount())
        today = date.today()
        for row in self.rows:
            self.model.appendRow(self._cells(row, today))
        self._filter(self.find_edit.text())
        keys = [row_key(row) for row in self.rows]
        if keep in keys:
            self.table.selectRow(keys.index(keep))
        else:
            self._row_changed(self.table.currentIndex())

    def _cells(self, row: FigureRow, today: date) -> list[QStandardItem]:
        dated = _cell(long_date(row.as_of) if row.as_of else "no date")
        if figure_is_old(row.as_of, today):  # as the Checks panel: shown in red
            dated.setForeground(OLD_COLOUR)
            dated.setToolTip(
                f"More than {MAX_FIGURE_AGE_MONTHS} months old, or undated: look it up"
            )
        link = _cell(row.source_url or "", row.source_url or "No web address given")
        if row.source_url:
            link.setForeground(LINK_COLOUR)
            font = QFont()
            font.setUnderline(True)
            link.setFont(font)
            link.setToolTip(f"Open {row.source_url}")
        return [
            dated,
            _cell(row.value),
            _cell(row.label),
            _cell(row.source or "", row.source or "No source given"),
            link,
            _cell(row.where),
        ]

    def _filter(self, text: str) -> None:
        """Hide the rows that lack any of the typed words (in any case)."""
        words = text.casefold().split()
        for n, row in enumerate(self.rows):
            seen = " ".join((row.value, row.label, row.source or "", row.where)).casefold()
            self.table.setRowHidden(n, not all(word in seen for word in words))
        current = self.table.currentIndex()
        if current.isValid() and self.table.isRowHidden(current.row()):
            self.table.setCurrentIndex(QModelIndex())  # never update a figure out of sight

    def visible_rows(self) -> list[FigureRow]:
        return [row for n, row in enumerate(self.rows) if not self.table.isRowHidden(n)]

    def selected_row(self) -> FigureRow | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row()):
            return None
        return self.rows[index.row()] if 0 <= index.row() < len(self.rows) else None

    def _row_changed(self, index: QModelIndex) -> None:
        row = self.rows[index.row()] if index.isValid() and index.row() < len(self.rows) else None
        self.update_button.setEnabled(row is not None)
        if row is None:
            self.figure_label.setText("Select a figure in the list.")
            return
        self.figure_label.setText(f"{row.label} — {row.where}")
        self.value_edit.setText(row.value)
        self.as_of_edit.set_value(row.as_of or date.today())
        self.source_edit.setText(row.source or "")
        self.url_edit.setText(row.source_url or "")

    def _clicked(self, index: QModelIndex) -> None:
        if index.column() == URL and 0 <= index.row() < len(self.rows):
            url = self.rows[index.row()].source_url
            if url:
                self.open_url(url)

    def open_url(self, url: str) -> None:
        """Open the figure's web address in the browser (tests replace this)."""
        QDesktopServices.openUrl(QUrl.fromUserInput(url))

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status.setStyleSheet("color: #b00020;" if error else "")
        self.status.setText(text)

    def _pack_reset(self) -> None:
        self._hide_offer()
        self.reload()

    # ---- updating -------------------------------------------------------------------------

    def update_selected(self) -> bool:
        """Give the selected figure the form's value, date, source and address."""
        row = self.selected_row()
        form = self._form_values()
        if row is None or form is None:
            return False
        self._hide_offer()
        if row.from_library:
            return self._update_library(row, *form)
        return self._update_pack(row, *form)

    def _form_values(self) -> tuple[str, date, str, str] | None:
        """(value, as of, source, address) as typed, or None with the problem shown."""
        if not self.as_of_edit.commit():
            self._say(f"As of: {self.as_of_edit.error()}", error=True)
            return None
        value = self.value_edit.text().strip()
        if not value:
            self._say("Type the new figure.", error=True)
            return None
        url = self.url_edit.text().strip()
        try:
            check_url(url or None)
        except ValueError as exc:
            self._say(f"Web address: {exc}", error=True)
            return None
        if self.as_of_edit.value() > date.today():
            self._say("As of: the date is after today.", error=True)
            return None
        return value, self.as_of_edit.value(), self.source_edit.text().strip(), url

    def _update_library(
        self, row: FigureRow, value: str, as_of: date, source: str, url: str
    ) -> bool:
        assert row.item_id is not None
        try:
            lib = user_library()
            before = lib.model_copy(deep=True)
            item = update_figure(lib, row.item_id, row.item_row, value, as_of, source, url)
        except BriefpackError as exc:
            self._say(f"Cannot update the library: {exc.message}", error=True)
            return False
        if lib == before:
            self._say("Nothing to change: the figure already says that.")
            return True
        self.libraryChanged.emit()
        copy = " (now your own copy of the built-in item)" if item.supersedes else ""
        self._say(f"Updated “{item.name}” in your library{copy}; the old figure is kept.")
        self._offer(item)
        self.reload(row_key(row) if row.in_pack else (item.id, row.item_row, None, None))
        return True

    def _offer(self, item: LibraryItem) -> None:
        """Offer the pack's sections that came from `item` the update, if there are any."""
        try:
            self.offered = sections_from(self.doc.pack, item, all_items())
        except BriefpackError:
            self.offered = []
        if not self.offered:
            return
        count = len(self.offered)
        sections = "section" if count == 1 else "sections"
        numbers = ", ".join(str(n + 1) for n in self.offered)
        self.offered_item = item
        self.offer_label.setText(
            f"{count} {sections} of this pack came from “{item.name}” ({sections} {numbers})."
        )
        self.offer_button.setText(f"Update {count} {sections} in this pack")
        self.offer_bar.show()

    def _hide_offer(self) -> None:
        self.offered, self.offered_item = [], None
        self.offer_bar.hide()

    def update_sections(self) -> bool:
        """Refresh every offered section from the library, as one undoable step."""
        rows, item = self.offered, self.offered_item
        if not rows or item is None:
            return False
        stack = self.doc.undo_stack
        stack.beginMacro(f"Update figures from “{item.name}”")
        try:
            for index in rows:
                stack.push(RefreshFromOriginCommand(self.doc, index))
        except BriefpackError as exc:
            stack.endMacro()
            stack.undo()  # none of it, rather than some
            self._say(f"Cannot update the pack: {exc.message}", error=True)
            return False
        stack.endMacro()
        self._hide_offer()
        sections = "section" if len(rows) == 1 else "sections"
        self._say(f"Updated {len(rows)} {sections} of this pack; Edit ▸ Undo puts them back.")
        self.reload()
        return True

    def _update_pack(self, row: FigureRow, value: str, as_of: date, source: str, url: str) -> bool:
        """Change a figure that lives only in the pack, as one undoable step."""
        assert row.section is not None and row.row is not None
        target = ("item", row.section, row.row)
        wanted = {"value": value, "as_of": as_of, "source": source or None, "source_url": url}
        stat = self.doc.target_object(target)
        changes = {k: v for k, v in wanted.items() if getattr(stat, k) != (v or None)}
        if not changes:
            self._say("Nothing to change: the figure already says that.")
            return True
        stack = self.doc.undo_stack
        stack.beginMacro(f"Update figure “{row.label[:40]}”")
        done = all(self.doc.edit_field(target, name, new) for name, new in changes.items())
        stack.endMacro()
        if not done:
            stack.undo()
            self._say("Cannot update the figure in the pack.", error=True)
            return False
        self._say(f"Updated the figure in section {row.section + 1} of this pack.")
        self.reload(row_key(row))
        return True


def open_figures_view(
    doc: PackDocument, parent: QWidget, existing: FiguresView | None = None
) -> FiguresView:
    """Show the Update figures dialog for `doc`: one at a time, so `existing` (if any) is
    reloaded and brought to the front; else a new one, sized to the screen."""
    if existing is not None:
        existing.reload()
        existing.show()
        existing.raise_()
        existing.activateWindow()
        return existing
    view = FiguresView(doc, parent)
    screen = parent.screen().availableGeometry()
    view.resize(min(1280, screen.width() - 60), min(720, screen.height() - 80))
    view.show()
    return view
