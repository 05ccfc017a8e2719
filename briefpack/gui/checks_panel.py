"""The Checks dock: what briefpack.document.checks finds in the pack, errors first, then
warnings, then hints (gentle suggestions, such as a long sentence), repeats of one kind
folded into one row that opens to show them. Each severity has its own icon, and its word
in the row's tooltip and in what a screen reader says of the row.

Selecting a row (a click, or the arrow keys) asks for its section to be shown; opening it
(double-click, Enter) asks for the field itself, so the officer can fix it straight away.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from briefpack.document.findings import (
    SEVERITY_WORDS,
    Finding,
    FindingGroup,
    finding_location,
    finding_place,
    group_findings,
)
from briefpack.gui.document import PackDocument
from briefpack.gui.preview import DEBOUNCE_MS
from briefpack.model.pack import Pack
from briefpack.services.validate import pack_findings

FINDING_ROLE = Qt.ItemDataRole.UserRole  # the Finding (a group's row: its first member)
GROUP_ROLE = Qt.ItemDataRole.UserRole + 1  # the FindingGroup a row of several stands for
KEY_ROLE = Qt.ItemDataRole.UserRole + 2  # what keeps a row current across a re-check
NO_PROBLEMS = "No problems found"
PACK_LEVEL = -1  # sectionOpened's row for a finding about the pack as a whole
TOOLTIP_MEMBERS = 12
# A hint (a gentle suggestion) looks unlike a warning: the information icon, not the triangle.
SEVERITY_ICONS = {
    "error": QStyle.StandardPixmap.SP_MessageBoxCritical,
    "warning": QStyle.StandardPixmap.SP_MessageBoxWarning,
    "hint": QStyle.StandardPixmap.SP_MessageBoxInformation,
}


class WrappingDelegate(QStyledItemDelegate):
    """Rows as tall as their text wrapped to the tree's width (QTreeView sizes rows for one
    line even with word wrap on)."""

    def __init__(self, tree: QTreeWidget) -> None:
        super().__init__(tree)
        self.tree = tree

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        hint = super().sizeHint(option, index)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        depth = 1 + (1 if index.parent().isValid() else 0)
        margin = 4 * self.tree.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin)
        width = self.tree.viewport().width() - self.tree.indentation() * depth
        width -= opt.decorationSize.width() + margin + 8
        flags = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft
        text = opt.fontMetrics.boundingRect(QRect(0, 0, max(width, 60), 10_000), flags, opt.text)
        return QSize(hint.width(), max(hint.height(), text.height() + 6))


class FindingsTree(QTreeWidget):
    """The findings; Enter opens a finding (or a group, which then shows its members)."""

    opened = Signal(QTreeWidgetItem)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("checks_tree")
        self.setHeaderHidden(True)
        self.setColumnCount(1)
        self.setWordWrap(True)
        self.setUniformRowHeights(False)
        self.setAlternatingRowColors(True)
        self.setAnimated(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Wrapped to the dock's width rather than scrolled sideways.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setAccessibleName("Checks")
        self.setItemDelegate(WrappingDelegate(self))
        self.itemDoubleClicked.connect(self._double_clicked)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.scheduleDelayedItemsLayout()  # rows re-measure their wrapped text

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Handled here, not through `activated`: some styles activate on a single click,
        # and a single click must only select.
        item = self.currentItem()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and item is not None:
            if item.childCount():
                item.setExpanded(not item.isExpanded())
            else:
                self.opened.emit(item)
            event.accept()
            return
        super().keyPressEvent(event)

    def _double_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        if not item.childCount():  # a group's row opens and closes on a double-click
            self.opened.emit(item)


class ChecksPanel(QWidget):
    """Lists findings, re-checked once edits pause.

    sectionSelected(row): a finding in section `row` became current; show that section.
    sectionOpened(row, where): a finding was opened; show section `row` (PACK_LEVEL, -1, for
    the pack's own settings) and put the cursor in its field `where` ('sections[3].title').
    findingOpened(finding): the same, with the Finding itself (for MainWindow.open_finding).
    sectionActivated(row): as sectionOpened, for sections only (the older signal).
    """

    sectionSelected = Signal(int)
    sectionOpened = Signal(int, str)
    findingOpened = Signal(object)
    sectionActivated = Signal(int)

    def __init__(self, doc: PackDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.findings: list[Finding] = []
        self.groups: list[FindingGroup] = []
        self.tree = FindingsTree()
        self.tree.currentItemChanged.connect(lambda item, _old: self._selected(item))
        self.tree.itemClicked.connect(lambda item, _col: self._selected(item))
        self.tree.opened.connect(self._opened)
        self.setFocusProxy(self.tree)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree)
        # The same pause as the preview: re-check once the user stops typing.
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.refresh)
        doc.changed.connect(self._changed)
        # Nothing is checked until start(): the window paints first, the preview renders.
        self.started = False
        self.glyph_findings: list[Finding] = []
        self._shown: list[tuple[str, ...]] = []

    def start(self) -> None:
        """Check now (on the next loop turn) and after every pause in editing."""
        self.started = True
        self.timer.start(0)

    def _changed(self) -> None:
        if self.started:
            self.timer.start(DEBOUNCE_MS)

    def set_glyph_findings(self, findings: list[Finding]) -> None:
        """What the latest preview found no font for (the preview has the fonts loaded)."""
        if findings != self.glyph_findings:
            self.glyph_findings = findings
            if self.started:
                self.refresh()

    # ---- filling the tree -------------------------------------------------------------------

    def refresh(self) -> None:
        self.timer.stop()
        pack = self.doc.pack
        base_dir, _source, allowed = self.doc.files()
        self.findings = pack_findings(
            pack, base_dir, date.today(), allow_outside=allowed, glyphs=self.glyph_findings
        )
        self.groups = group_findings(self.findings)
        shown = [self._row_texts(pack, group) for group in self.groups]
        if shown == self._shown and self.tree.topLevelItemCount():
            return  # the same rows: keep the tree as it is (its scroll, what is open)
        self._shown = shown
        self._fill(pack)

    def _fill(self, pack: Pack) -> None:
        current = self.tree.currentItem()
        keep = current.data(0, KEY_ROLE) if current is not None else None
        opened = {
            item.data(0, KEY_ROLE)
            for item in self._top_items()
            if item.isExpanded() and item.data(0, KEY_ROLE)
        }
        # A rebuild is not the user moving: no sectionSelected from it.
        self.tree.blockSignals(True)
        try:
            self.tree.clear()
            for group in self.groups:
                self.tree.addTopLevelItem(self._group_item(pack, group))
            if not self.groups:
                empty = QTreeWidgetItem([NO_PROBLEMS])
                empty.setFlags(Qt.ItemFlag.NoItemFlags)
                self.tree.addTopLevelItem(empty)
            for item in self._top_items():
                item.setExpanded(item.data(0, KEY_ROLE) in opened and item.childCount() > 0)
            self._restore_current(keep)
        finally:
            self.tree.blockSignals(False)

    def _top_items(self) -> list[QTreeWidgetItem]:
        return [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]

    def _restore_current(self, key: object) -> None:
        if key is None:
            return
        for top in self._top_items():
            for item in [top, *(top.child(i) for i in range(top.childCount()))]:
                if item.data(0, KEY_ROLE) == key:
                    top.setExpanded(top.isExpanded() or item is not top)
                    self.tree.setCurrentItem(item)
                    return

    def _group_item(self, pack: Pack, group: FindingGroup) -> QTreeWidgetItem:
        if len(group.members) == 1:
            return self._finding_item(pack, group.first, with_place=True)
        texts = self._row_texts(pack, group)
        item = QTreeWidgetItem([texts[0]])
        self._mark_severity(item, group.severity, texts[0])
        item.setData(0, FINDING_ROLE, group.first)
        item.setData(0, GROUP_ROLE, group)
        item.setData(0, KEY_ROLE, f"group:{group.severity}:{group.first.group}")
        places = [finding_location(pack, f) for f in group.members[:TOOLTIP_MEMBERS]]
        more = len(group.members) - len(places)
        item.setToolTip(
            0, "\n".join([texts[0], *places, *([f"… and {more} more"] if more > 0 else [])])
        )
        same_place = len({f.section for f in group.members}) == 1
        for finding in group.members:
            item.addChild(self._finding_item(pack, finding, with_place=not same_place))
        return item

    def _finding_item(self, pack: Pack, finding: Finding, *, with_place: bool) -> QTreeWidgetItem:
        text = _sentence(finding.message)
        if with_place:
            text = f"{finding_place(pack, finding)}: {finding.message}"
        item = QTreeWidgetItem([text])
        self._mark_severity(item, finding.severity, text)
        item.setData(0, FINDING_ROLE, finding)
        item.setData(0, KEY_ROLE, f"finding:{finding.where}:{finding.message}")
        severity = severity_word(finding.severity)
        item.setToolTip(
            0, f"{severity} — {finding_location(pack, finding)}:\n{_sentence(finding.message)}"
        )
        return item

    @staticmethod
    def _row_texts(pack: Pack, group: FindingGroup) -> tuple[str, ...]:
        """The words a group's rows show: its own, then its members' (to see a change)."""
        places = {finding_place(pack, f) for f in group.members}
        own = _sentence(group.summary)
        if len(places) == 1:
            own = f"{places.pop()}: {group.summary}"
        return (own, *(f"{f.where} {f.message}" for f in group.members))

    def _mark_severity(self, item: QTreeWidgetItem, severity: str, text: str) -> None:
        """The severity's icon, and its word for a screen reader (an icon says nothing)."""
        item.setIcon(0, self._icon(severity))
        item.setData(0, Qt.ItemDataRole.AccessibleTextRole, f"{severity_word(severity)}: {text}")

    def _icon(self, severity: str) -> QIcon:
        return self.style().standardIcon(SEVERITY_ICONS.get(severity, SEVERITY_ICONS["warning"]))

    # ---- selecting and opening ----------------------------------------------------------------

    def _selected(self, item: QTreeWidgetItem | None) -> None:
        finding = item.data(0, FINDING_ROLE) if item is not None else None
        if isinstance(finding, Finding) and finding.section is not None:
            self.sectionSelected.emit(finding.section)

    def _opened(self, item: QTreeWidgetItem) -> None:
        finding = item.data(0, FINDING_ROLE)
        if not isinstance(finding, Finding):
            return
        self.findingOpened.emit(finding)
        if finding.section is None:
            self.sectionOpened.emit(PACK_LEVEL, finding.where)
            return
        self.sectionOpened.emit(finding.section, finding.where)
        self.sectionActivated.emit(finding.section)

    def current_finding(self) -> Finding | None:
        item = self.tree.currentItem()
        finding = item.data(0, FINDING_ROLE) if item is not None else None
        return finding if isinstance(finding, Finding) else None


def severity_word(severity: str) -> str:
    """'Error', 'Warning' or 'Hint' (an unknown severity reads as a warning)."""
    return SEVERITY_WORDS.get(severity, SEVERITY_WORDS["warning"])


def _sentence(text: str) -> str:
    """The message as a row starts it: with a capital letter."""
    return text[:1].upper() + text[1:]
