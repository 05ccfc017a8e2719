"""Edit ▸ Find: a bar under the section editor that finds words anywhere in the pack.

Typing searches (model/search.py) and shows the first match from the selected section on;
Enter goes to the next match and Shift+Enter to the previous one, wrapping round. Each match
selects its section in the outline (or raises Pack settings) and marks the words in their
field while the typing stays in the find box; Esc closes the bar and puts the cursor on
the match. Markdown fields are searched in the text the rich editor shows, read by Qt itself
(or in the Markdown source while the user edits that), so every match can be shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import (
    QAction,
    QKeyEvent,
    QKeySequence,
    QPalette,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableView,
    QTextEdit,
    QToolButton,
    QWidget,
)

from briefpack.gui.richtext import read_markdown

# model.search (and the markdown-it it reads Markdown with) is imported at the first search:
# the bar starts hidden, and loading them would only delay the window's first frame.
if TYPE_CHECKING:
    from briefpack.gui.document import PackDocument
    from briefpack.gui.window_panes import Panes
    from briefpack.model.search import Hit

TextBox = QTextEdit | QPlainTextEdit
SHOWN_CACHE_LIMIT = 400  # Markdown fields remembered as Qt shows them


def utf16_length(text: str) -> int:
    """Qt counts positions in UTF-16 units: a character beyond U+FFFF takes two."""
    return len(text.encode("utf-16-le")) // 2


def rich_shown_text(markdown: str) -> str:
    """The text the rich editor shows for `markdown`, one line per paragraph (Qt's reading)."""
    doc = QTextDocument()
    read_markdown(doc, markdown)
    lines: list[str] = []
    block = doc.begin()
    while block.isValid():
        lines.append(block.text())
        block = block.next()
    return "\n".join(lines)


def document_position(doc: QTextDocument, shown: str, index: int) -> int:
    """Where character `index` of `shown` (blocks joined by newlines) is in `doc`."""
    line = shown.count("\n", 0, index)
    line_start = shown.rfind("\n", 0, index) + 1
    block = doc.findBlockByNumber(line)
    if not block.isValid():
        return doc.characterCount() - 1
    return block.position() + utf16_length(shown[line_start:index])


class _FindField(QLineEdit):
    """The search box: Enter next, Shift+Enter previous, Esc closes the bar."""

    def __init__(self, bar: FindBar) -> None:
        super().__init__()
        self.bar = bar

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if mods & Qt.KeyboardModifier.ShiftModifier:
                self.bar.find_previous()
            else:
                self.bar.find_next()
            return
        if key == Qt.Key.Key_Escape:
            self.bar.close_bar()
            return
        super().keyPressEvent(event)


class FindBar(QWidget):
    """The find bar of one main window (see install_find)."""

    def __init__(self, window: QWidget, doc: PackDocument, panes: Panes) -> None:
        super().__init__()
        self.window_, self.doc, self.panes = window, doc, panes
        self.setObjectName("find_bar")
        self.hits: list[Hit] = []
        self.index = -1
        self._stale = False  # the pack changed since the hits were counted
        self._shown_cache: dict[str, str] = {}
        self._marked: list[TextBox] = []  # text boxes showing a found-words mark
        self._selected_in: QWidget | None = None  # the field the match shown is selected in

        self.field = _FindField(self)
        self.field.setObjectName("find_field")
        self.field.setPlaceholderText("Find in this pack")
        self.field.setClearButtonEnabled(True)
        self.field.setMinimumWidth(100)
        self.previous_button = _button("Previous", "The match before this one (Shift+Enter)")
        self.next_button = _button("Next", "The next match (Enter)")
        self.match_case = QCheckBox("Match case")
        self.count_label = QLabel()
        self.count_label.setObjectName("find_count")
        self.close_button = QToolButton()
        self.close_button.setText("✕")
        self.close_button.setToolTip("Close the find bar (Esc)")
        self.close_button.setAutoRaise(True)
        self.match_case.setFocusPolicy(Qt.FocusPolicy.TabFocus)

        row = QHBoxLayout(self)
        row.setContentsMargins(0, 4, 0, 0)
        row.addWidget(self.field, 1)
        row.addWidget(self.previous_button)
        row.addWidget(self.next_button)
        row.addWidget(self.count_label)
        row.addWidget(self.match_case)
        row.addWidget(self.close_button)

        self.field.textChanged.connect(lambda _t: self.search())
        self.match_case.toggled.connect(lambda _on: self.search())
        self.next_button.clicked.connect(self.find_next)
        self.previous_button.clicked.connect(self.find_previous)
        self.close_button.clicked.connect(self.close_bar)
        doc.changed.connect(self._pack_changed)
        doc.packReset.connect(self._pack_reset)
        self._build_actions()
        self.hide()

    def _build_actions(self) -> None:
        win = self.window_
        self.find_action = QAction("&Find…", win)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.setStatusTip("Find words anywhere in the pack")
        self.find_action.triggered.connect(self.open)
        self.find_next_action = QAction("Find &Next", win)
        self.find_next_action.setShortcuts(
            QKeySequence.keyBindings(QKeySequence.StandardKey.FindNext)
        )
        self.find_next_action.triggered.connect(self.find_next)
        self.find_previous_action = QAction("Find Pre&vious", win)
        self.find_previous_action.setShortcuts(
            QKeySequence.keyBindings(QKeySequence.StandardKey.FindPrevious)
        )
        self.find_previous_action.triggered.connect(self.find_previous)
        # Shortcuts work before (and whether or not) the actions are put in a menu.
        for action in (self.find_action, self.find_next_action, self.find_previous_action):
            win.addAction(action)

    def event(self, event: QEvent) -> bool:
        """Esc anywhere in the bar is the bar's: the editor it sits in has its own Esc."""
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Esc on the bar's buttons closes it too."""
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
            return
        super().keyPressEvent(event)

    # ---- opening and closing ----------------------------------------------------------------

    def open(self) -> None:
        """Show the bar with the search box focused, holding the selected words if any."""
        selected = _selected_text(QApplication.focusWidget())
        self.show()
        if selected and selected != self.field.text():
            self.field.setText(selected)  # which searches
        else:
            self.search()  # from the section selected now
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def close_bar(self) -> None:
        """Hide the bar; the cursor goes to the match shown, with its words selected."""
        hit = self.current_hit()
        self._clear_marks()
        self._selected_in = None
        self.hide()
        if hit is not None:
            self._show_hit(hit, focus=True)

    def current_hit(self) -> Hit | None:
        return self.hits[self.index] if 0 <= self.index < len(self.hits) else None

    # ---- searching --------------------------------------------------------------------------

    def _shown_markdown(self, markdown: str) -> str:
        if self.panes.editor.plain_markdown:  # the user sees (and edits) the source
            return markdown
        shown = self._shown_cache.get(markdown)
        if shown is None:
            if len(self._shown_cache) > SHOWN_CACHE_LIMIT:
                self._shown_cache.clear()
            shown = self._shown_cache[markdown] = rich_shown_text(markdown)
        return shown

    def _count(self) -> list[Hit]:
        text = self.field.text()
        if not text:
            return []
        from briefpack.model.search import find_in_pack

        return find_in_pack(
            self.doc.pack,
            text,
            case_sensitive=self.match_case.isChecked(),
            shown_markdown=self._shown_markdown,
        )

    def search(self) -> None:
        """Count the matches afresh and show the first from the selected section on."""
        self.hits = self._count()
        self._stale = False
        row = self.panes.outline.current_row()
        start = next(
            (i for i, hit in enumerate(self.hits) if _row_of(hit) >= row),
            0,
        )
        self._go(start if self.hits else -1)

    def _pack_changed(self) -> None:
        # Edits move the words; count again at the next step (not on every key typed).
        self._stale = True

    def _pack_reset(self) -> None:
        self._clear_marks()
        self._selected_in = None
        self.hits, self.index, self._stale = [], -1, True
        self._update_label()

    def _recount(self) -> bool:
        """After an edit: count again. True when the match shown is still there."""
        old = self.current_hit()
        self.hits = self._count()
        self._stale = False
        if old in self.hits:
            self.index = self.hits.index(old)
            return True
        # The words shown are gone (or changed): the match that followed them is now at
        # their place in the list.
        self.index = min(self.index, len(self.hits)) - 1 if self.hits else -1
        return False

    def find_next(self) -> None:
        self._step(+1)

    def find_previous(self) -> None:
        self._step(-1)

    def _step(self, step: int) -> None:
        if self.isHidden():
            self.show()
            self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not self.field.text():
            self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return
        if self._stale:
            still_there = self._recount()
            if not still_there and step < 0:
                self.index += 1  # the one before the gone match is the one now before it
        if not self.hits:
            self._go(-1)
            return
        self._go((self.index + step) % len(self.hits))

    def _go(self, index: int) -> None:
        self.index = index
        self._update_label()
        hit = self.current_hit()
        self._unselect()
        if hit is not None:
            self._selected_in = self._show_hit(hit, focus=False)

    def _update_label(self) -> None:
        count = len(self.hits)
        if not self.field.text():
            self.count_label.setText("")
        elif count == 0:
            self.count_label.setText("No matches")
        else:
            self.count_label.setText(f"{self.index + 1} of {count}")

    # ---- showing a match --------------------------------------------------------------------

    def _show_hit(self, hit: Hit, *, focus: bool) -> QWidget | None:
        """Show the match's section (or Pack settings) and select its words; the field."""
        win = self.panes
        if hit.section is None:
            win.settings_dock.show()
            win.settings_dock.raise_()
            widget = getattr(win.pack_settings, hit.field, None)
            if not isinstance(widget, QLineEdit):
                return None
            win.pack_settings.ensureWidgetVisible(widget)
            return _select_in_line(widget, hit, focus, *self._wanted())
        win.outline.select_row(hit.section)
        editor = win.editor.current_editor
        if editor is None:
            return None
        if hit.target[0] == "item":
            return _select_cell(getattr(editor, "items", None), hit, focus)
        field = next(
            (f for f in editor.markdown_fields if f.objectName() == f"{hit.field}_field"), None
        )
        if field is not None:
            shown = self._shown_markdown(field.markdown)
            return self._select_in_text(field.editor, shown, hit, focus)
        widget = getattr(editor, hit.field, None)
        if not isinstance(widget, QLineEdit):
            return None
        return _select_in_line(widget, hit, focus, *self._wanted())

    def _wanted(self) -> tuple[str, bool]:
        """The words searched for, and whether their case must match."""
        return self.field.text(), self.match_case.isChecked()

    def _select_in_text(self, box: TextBox, shown: str, hit: Hit, focus: bool) -> TextBox | None:
        doc = box.document()
        cursor = QTextCursor(doc)
        cursor.setPosition(document_position(doc, shown, hit.start))
        cursor.setPosition(document_position(doc, shown, hit.end), QTextCursor.MoveMode.KeepAnchor)
        text, case = self._wanted()
        if not _same_words(cursor.selectedText(), text, case):
            # The box holds text typed since the field was last read: find it there.
            cursor = _nth_match(doc, text, hit.occurrence, case)
        if cursor.isNull():
            return None
        box.setTextCursor(cursor)
        box.ensureCursorVisible()
        if focus:
            box.setFocus(Qt.FocusReason.OtherFocusReason)
            return box
        # Without the focus a text box draws its selection in the inactive colours, which
        # some styles make faint or leave out: mark the words in the active ones.
        mark = QTextEdit.ExtraSelection()
        mark.cursor = cursor
        mark.format = QTextCharFormat()
        mark.format.setBackground(box.palette().color(QPalette.ColorRole.Highlight))
        mark.format.setForeground(box.palette().color(QPalette.ColorRole.HighlightedText))
        box.setExtraSelections([mark])
        self._marked.append(box)
        return box

    def _clear_marks(self) -> None:
        for box in self._marked:
            box.setExtraSelections([])
        self._marked.clear()

    def _unselect(self) -> None:
        """Take the selection off the match shown before: one match is marked at a time."""
        self._clear_marks()
        widget, self._selected_in = self._selected_in, None
        if isinstance(widget, QLineEdit):
            widget.deselect()
        elif isinstance(widget, QTextEdit | QPlainTextEdit):
            cursor = widget.textCursor()
            cursor.clearSelection()
            widget.setTextCursor(cursor)


# ---- helpers ------------------------------------------------------------------------------------


def _row_of(hit: Hit) -> int:
    return -1 if hit.section is None else hit.section


def _selected_text(widget: QWidget | None) -> str:
    """The words selected in `widget` (first line only), or ""."""
    if isinstance(widget, QLineEdit) and widget.objectName() != "find_field":
        text = widget.selectedText()
    elif isinstance(widget, QTextEdit | QPlainTextEdit):
        text = widget.textCursor().selectedText()
    else:
        return ""
    for separator in ("\u2029", "\u2028", "\n"):
        text = text.split(separator, 1)[0]
    return text.strip()


def _same_words(found: str, wanted: str, case_sensitive: bool) -> bool:
    from briefpack.model.search import NBSP, fold_case

    found, wanted = found.replace(NBSP, " "), wanted.replace(NBSP, " ")
    return found == wanted if case_sensitive else fold_case(found) == fold_case(wanted)


def _nth_match(doc: QTextDocument, text: str, occurrence: int, case_sensitive: bool) -> QTextCursor:
    flags = (
        QTextDocument.FindFlag.FindCaseSensitively if case_sensitive else QTextDocument.FindFlag(0)
    )
    cursor = doc.find(text, 0, flags)
    for _ in range(occurrence):
        if cursor.isNull():
            break
        cursor = doc.find(text, cursor, flags)
    return cursor


def _select_in_line(
    widget: QLineEdit, hit: Hit, focus: bool, needle: str, case_sensitive: bool
) -> QLineEdit | None:
    from briefpack.model.search import NBSP, find_all

    text = widget.text()
    begin = hit.start
    if not _same_words(text[begin : hit.end], needle, case_sensitive):
        # The box holds text typed since the field was last read: find it there.
        starts = find_all(
            text.replace(NBSP, " "), needle.replace(NBSP, " "), case_sensitive=case_sensitive
        )
        if hit.occurrence >= len(starts):
            return None
        begin = starts[hit.occurrence]
    start = utf16_length(text[:begin])
    length = utf16_length(text[begin : begin + len(needle)])
    if focus:
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
    widget.setSelection(start, length)
    return widget


def _button(text: str, tip: str) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setToolTip(tip)
    button.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a click leaves the typing where it is
    return button


def _select_cell(items: QWidget | None, hit: Hit, focus: bool) -> QTableView | None:
    """Select the row's cell: the table shows the words whole, not as selected text."""
    table = getattr(items, "table", None)
    if not isinstance(table, QTableView):
        return None
    model = table.model()
    columns = [name for name, _header, _tip in getattr(model, "columns", [])]
    if hit.field not in columns:
        return None
    index = model.index(hit.target[2], columns.index(hit.field))
    table.setCurrentIndex(index)
    table.scrollTo(index)
    if focus:
        table.setFocus(Qt.FocusReason.OtherFocusReason)
    return table


def install_find(window: QWidget, doc: PackDocument, panes: Panes) -> FindBar:
    """Put a find bar under the section editor and make its actions (Ctrl+F, F3, Shift+F3)
    work in `window`; the Edit menu may show bar.find_action, find_next_action and
    find_previous_action."""
    bar = FindBar(window, doc, panes)
    panes.editor.layout().addWidget(bar)
    return bar
