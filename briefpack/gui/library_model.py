"""The library as a Qt tree: one row per category, its items below; a filter for the search box."""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import (
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QStandardItem, QStandardItemModel

from briefpack.gui.icons import kind_icon
from briefpack.model.dates import long_date
from briefpack.model.library import CATEGORIES, LibraryItem, search_items
from briefpack.model.plain import item_lines
from briefpack.model.review import REVIEW_MONTHS, review_due
from briefpack.model.sections import StatisticsSection

LIBRARY_MIME = "application/x-briefpack-library-item"
ItemIdRole = Qt.ItemDataRole.UserRole + 1
PREVIEW_LINES = 8  # a grouped statistics set shows all its figures
CATEGORY_LABELS = {
    "threat": "Threat level",
    "statistics": "Statistics",
    "advice": "Advice",
    "quotes": "Quotes",
    "call-outs": "Call-outs",
    "contacts": "Contacts",
}
assert set(CATEGORY_LABELS) == set(CATEGORIES)
Index = QModelIndex | QPersistentModelIndex


def overdue(item: LibraryItem, today: date | None = None) -> bool:
    """Due a review (model/review.py): not reviewed, or never reviewed and not changed, in
    the last REVIEW_MONTHS months."""
    return review_due(item, today or date.today())


def item_summary(item: LibraryItem, today: date | None = None) -> str:
    """HTML for the tooltip and details pane: what the item would add, in plain words (never
    the file's field names), then where it comes from and when it was reviewed."""
    owner = (
        "Built-in (read-only)"
        if item.builtin
        else "Force library (read-only; Edit makes your own copy)"
        if item.force
        else "Your library"
    )
    reviewed = long_date(item.reviewed) if item.reviewed else "never"
    if overdue(item, today):
        reviewed += f" <b style='color:#b00020'>⚠ over {REVIEW_MONTHS} months ago — check it</b>"
    lines = item_lines(item)
    shown = "<br>".join(html.escape(line) for line in lines[:PREVIEW_LINES])
    more = f"<br>… and {len(lines) - PREVIEW_LINES} more" if len(lines) > PREVIEW_LINES else ""
    tags = ", ".join(item.tags) or "none"
    # Statistics name their sources figure by figure: the item's own is then no news.
    source = (
        "" if _sources_shown(item) else f"Source: {html.escape(item.source or 'not given')}<br>"
    )
    return (
        f"<b>{html.escape(item.name)}</b><br>{shown}{more}"
        f"<p style='margin-top:6px'>"
        f"{owner} · {CATEGORY_LABELS[item.category]} · tags: {html.escape(tags)}<br>"
        f"{source}Reviewed: {reviewed}</p>"
    )


def _sources_shown(item: LibraryItem) -> bool:
    section = item.section
    return (
        isinstance(section, StatisticsSection)
        and bool(section.items)
        and all(row.source == item.source for row in section.items)
    )


class LibraryModel(QStandardItemModel):
    """Categories at the top level, items (the force's, built-in, then the user's) below."""

    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self.items: dict[str, LibraryItem] = {}

    def load(self, items: list[LibraryItem]) -> None:
        self.clear()
        self.items = {item.id: item for item in items}
        groups: dict[str, QStandardItem] = {}
        for category in CATEGORIES:
            group = QStandardItem(CATEGORY_LABELS[category])
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = group.font()
            font.setBold(True)
            group.setFont(font)
            groups[category] = group
            self.appendRow(group)
        for item in items:
            groups[item.category].appendRow(self._row(item))

    def _row(self, item: LibraryItem) -> QStandardItem:
        row = QStandardItem(kind_icon(item.section.kind), item.name)
        row.setData(item.id, ItemIdRole)
        row.setToolTip(item_summary(item))
        row.setFlags(
            Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
        )
        if not item.read_only:  # the officer's own items stand out from the approved content
            font = row.font()
            font.setItalic(True)
            row.setFont(font)
        # The force's approved items carry a marker, as `briefpack library list` shows them.
        row.setText(
            item.name + ("  [force]" if item.force else "") + ("  ⚠" if overdue(item) else "")
        )
        return row

    def item_at(self, index: Index) -> LibraryItem | None:
        item_id = index.data(ItemIdRole) if index.isValid() else None
        return self.items.get(item_id) if item_id else None

    def index_of(self, item_id: str) -> QModelIndex:
        for row in range(self.rowCount()):
            group = self.item(row)
            for child in range(group.rowCount()):
                if group.child(child).data(ItemIdRole) == item_id:
                    return group.child(child).index()
        return QModelIndex()

    # ---- drag to the outline ------------------------------------------------------------

    def mimeTypes(self) -> list[str]:
        return [LIBRARY_MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:
        mime = QMimeData()
        ids = [i.data(ItemIdRole) for i in indexes if i.isValid() and i.data(ItemIdRole)]
        if ids:
            mime.setData(LIBRARY_MIME, QByteArray(ids[0].encode()))
            mime.setText(self.items[ids[0]].name)
        return mime

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction


def item_id_from_mime(mime: QMimeData) -> str | None:
    if not mime.hasFormat(LIBRARY_MIME):
        return None
    return bytes(mime.data(LIBRARY_MIME).data()).decode() or None


class LibraryFilter(QSortFilterProxyModel):
    """Keeps items matching every word of the search (the model's search_items), and the
    categories holding them."""

    def __init__(self, source: LibraryModel, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self.library = source
        self.text = ""
        self.setSourceModel(source)
        self.setRecursiveFilteringEnabled(True)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self.text = text
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        index = self.library.index(source_row, 0, source_parent)
        item = self.library.item_at(index)
        if item is None:  # a category: shown when any item in it matches (recursive filter)
            return not self.text.strip()
        return bool(search_items([item], self.text))

    def item_at(self, index: Index) -> LibraryItem | None:
        return self.library.item_at(self.mapToSource(index))
