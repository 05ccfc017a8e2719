"""Rich text editing for Markdown fields: a QTextEdit with a small toolbar.

Qt reads the Markdown (QTextDocument.setMarkdown), but its own writer wraps lines at 80
columns, which would split placeholders such as ``{{ stats.x.value }}``. So `to_markdown`
writes the document back itself, in the one plain form briefpack's files use: paragraphs
separated by a blank line, ``- `` and ``1. `` lists, ``**bold**``, ``*italic*`` and
``[text](url)``. The field is written back only when the user changes it, so loading a pack
never rewrites its text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QFont,
    QKeyEvent,
    QKeySequence,
    QTextBlock,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextDocumentFragment,
    QTextListFormat,
)
from PySide6.QtWidgets import (
    QInputDialog,
    QLineEdit,
    QPlainTextEdit,
    QStackedWidget,
    QTextEdit,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from briefpack.gui.binding import _UNDO_KEYS

DIALECT = QTextDocument.MarkdownFeature.MarkdownDialectCommonMark
LINE_SEPARATOR = "\u2028"  # how QTextDocument keeps a hard line break inside a paragraph
_ESCAPE_INLINE = re.compile(r"([\\`*\[\]])")
# Qt's Markdown reader makes a hard line break (a backslash or two spaces at a line's end)
# a new paragraph. It is marked with a noncharacter first (pack text never holds one:
# textclean removes them) and turned into Qt's in-paragraph line break after reading.
_BREAK_MARK = "\ufdef"  # not U+FDD0/FDD1: Qt marks frames with those
_HARD_BREAK = re.compile(
    r"(?:(?<!\\)((?:\\\\)*)\\| {2,})\n[ \t]*"
    r"(?=\S)(?![-+*>#]\s|\d+[.)]\s)"  # a line that starts a new block ends the paragraph
)
_BLOCK_START = re.compile(r"^(\s*)([#>+-]|\d+[.)])(?=\s|$)")


# ---- QTextDocument -> Markdown ------------------------------------------------------------


@dataclass(frozen=True)
class _Run:
    text: str
    bold: bool
    italic: bool
    href: str


def _runs(block: QTextBlock) -> list[_Run]:
    """The block's text in pieces of one look, neighbours of the same look merged."""
    runs: list[_Run] = []
    it = block.begin()
    while not it.atEnd():
        fragment = it.fragment()
        if fragment.isValid():
            fmt = fragment.charFormat()
            run = _Run(
                fragment.text(),
                fmt.fontWeight() >= QFont.Weight.DemiBold,
                fmt.fontItalic(),
                fmt.anchorHref() if fmt.isAnchor() else "",
            )
            last = runs[-1] if runs else None
            if last and (last.bold, last.italic, last.href) == (run.bold, run.italic, run.href):
                runs[-1] = _Run(last.text + run.text, run.bold, run.italic, run.href)
            else:
                runs.append(run)
        it += 1
    return runs


def _escape(text: str) -> str:
    text = _ESCAPE_INLINE.sub(r"\\\1", text)
    return text.replace(LINE_SEPARATOR, "\\\n")


def _styled(run: _Run) -> str:
    """One run with its emphasis; spaces stay outside the markers (CommonMark needs that)."""
    core = run.text.strip(" ")
    if not core or not (run.bold or run.italic):
        return _escape(run.text)
    lead = run.text[: len(run.text) - len(run.text.lstrip(" "))]
    trail = run.text[len(run.text.rstrip(" ")) :]
    marker = ("**" if run.bold else "") + ("*" if run.italic else "")
    return f"{lead}{marker}{_escape(core)}{marker}{trail}"


def inline_markdown(block: QTextBlock) -> str:
    """The Markdown of one paragraph or list item, without its list marker."""
    out: list[str] = []
    runs = _runs(block)
    if block.blockFormat().headingLevel():  # Qt shows headings bold: that is not emphasis
        runs = [_Run(run.text, False, run.italic, run.href) for run in runs]
    i = 0
    while i < len(runs):
        href = runs[i].href
        j = i
        while j < len(runs) and runs[j].href == href:
            j += 1
        inner = "".join(_styled(run) for run in runs[i:j])
        out.append(f"[{inner}]({href})" if href else inner)
        i = j
    text = "".join(out)
    # A paragraph must not start like a heading, quote or list item it is not.
    return _BLOCK_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text, count=1)


def to_markdown(doc: QTextDocument) -> str:
    """The document as briefpack Markdown (see the module docstring)."""
    chunks: list[str] = []  # paragraphs and whole lists, joined by blank lines
    current_list: object | None = None
    prev_indent = 0
    block = doc.begin()
    while block.isValid():
        text = inline_markdown(block)
        text_list = block.textList()
        if text_list is None:
            current_list = None
            level = block.blockFormat().headingLevel()
            if text.strip():
                chunks.append(f"{'#' * level} {text}" if level else text)
        else:
            fmt = text_list.format()
            numbered = fmt.style() in (
                QTextListFormat.Style.ListDecimal,
                QTextListFormat.Style.ListLowerAlpha,
                QTextListFormat.Style.ListUpperAlpha,
                QTextListFormat.Style.ListLowerRoman,
                QTextListFormat.Style.ListUpperRoman,
            )
            start = fmt.start() if numbered else 1
            marker = f"{text_list.itemNumber(block) + start}. " if numbered else "- "
            indent = "   " * max(0, fmt.indent() - 1)
            # A line after a hard break stays inside the item: indent it under the text.
            text = text.replace("\\\n", "\\\n" + " " * len(indent + marker))
            line = f"{indent}{marker}{text}"
            nested = max(fmt.indent(), prev_indent) > 1
            if current_list is not None and (text_list == current_list or nested):
                chunks[-1] += "\n" + line
            else:
                chunks.append(line)
            current_list, prev_indent = text_list, fmt.indent()
        block = block.next()
    return "\n\n".join(chunks)


def normalise(markdown: str) -> str:
    """What `markdown` becomes after a trip through the rich text editor."""
    doc = QTextDocument()
    read_markdown(doc, markdown)
    return to_markdown(doc)


def read_markdown(doc: QTextDocument, markdown: str) -> None:
    """setMarkdown, keeping hard line breaks inside their paragraph."""
    marked = _HARD_BREAK.sub(lambda m: (m.group(1) or "") + _BREAK_MARK, markdown)
    doc.setMarkdown(marked, DIALECT)
    if marked == markdown:
        return
    cursor = doc.find(_BREAK_MARK)
    while not cursor.isNull():
        cursor.insertText(LINE_SEPARATOR)
        cursor = doc.find(_BREAK_MARK, cursor)


# ---- the widget ---------------------------------------------------------------------------


class _RichEdit(QTextEdit):
    """A QTextEdit that pastes Markdown (text/markdown) as formatted text.

    The formatting keys also work when no shortcut reaches the field's actions (a window
    that is not the active one): `key_actions` maps a key sequence to what it does.
    """

    def __init__(self) -> None:
        super().__init__()
        self.key_actions: dict[str, QAction] = {}

    def keyPressEvent(self, event: QKeyEvent) -> None:
        pressed = QKeySequence(event.keyCombination()).toString()
        action = self.key_actions.get(pressed)
        if action is not None and action.isEnabled():
            action.trigger()
            return
        super().keyPressEvent(event)

    def insertFromMimeData(self, source: QMimeData) -> None:
        if source.hasFormat("text/markdown"):
            doc = QTextDocument()
            read_markdown(doc, bytes(source.data("text/markdown").data()).decode())
            self.textCursor().insertFragment(QTextDocumentFragment(doc))
            return
        super().insertFromMimeData(source)


class MarkdownField(QWidget):
    """A Markdown text field edited as rich text, or as plain Markdown when toggled.

    `set_markdown` loads a value (never signals); `edited` carries the field's new Markdown
    after each change the user makes.
    """

    edited = Signal(str)
    plainModeChanged = Signal(bool)

    def __init__(self, min_lines: int = 6, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._markdown = ""
        self._loading = False
        self.rich = _RichEdit()
        self.rich.setObjectName("rich_text")
        self.plain = QPlainTextEdit()
        self.plain.setObjectName("plain_markdown")
        for edit in (self.rich, self.plain):
            edit.setUndoRedoEnabled(False)  # one history: the pack's (Ctrl+Z goes there)
            edit.installEventFilter(_UNDO_KEYS)
            edit.setTabChangesFocus(True)
            edit.setMinimumHeight(edit.fontMetrics().lineSpacing() * min_lines + 12)
        self.rich.setAcceptRichText(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.rich)
        self.stack.addWidget(self.plain)
        self.toolbar = QToolBar()
        self.toolbar.setObjectName("markdown_toolbar")
        self._build_actions()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.stack, 1)
        self.rich.textChanged.connect(self._rich_changed)
        self.plain.textChanged.connect(self._plain_changed)
        self.rich.currentCharFormatChanged.connect(self._show_format)

    # ---- toolbar ----------------------------------------------------------------------------

    def _action(self, text: str, tip: str, slot, shortcut: str = "") -> QAction:
        action = QAction(text, self)
        action.setToolTip(f"{tip} ({shortcut})" if shortcut else tip)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
            self.rich.key_actions[QKeySequence(shortcut).toString()] = action
        action.triggered.connect(slot)
        self.toolbar.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.bold_action = self._action("B", "Bold", self.toggle_bold, "Ctrl+B")
        self.bold_action.setCheckable(True)
        font = self.bold_action.font()
        font.setBold(True)
        self.bold_action.setFont(font)
        self.italic_action = self._action("I", "Italic", self.toggle_italic, "Ctrl+I")
        self.italic_action.setCheckable(True)
        font = self.italic_action.font()
        font.setItalic(True)
        self.italic_action.setFont(font)
        self.bullets_action = self._action("• List", "Bulleted list", self.toggle_bullets)
        self.numbers_action = self._action("1. List", "Numbered list", self.toggle_numbers)
        self.link_action = self._action(
            "Link…", "Make the selected words a link", self.ask_link, "Ctrl+K"
        )
        self.toolbar.addSeparator()
        self.plain_action = QAction("Plain Markdown", self)
        self.plain_action.setCheckable(True)
        self.plain_action.setToolTip("Edit the Markdown source instead of formatted text")
        self.plain_action.toggled.connect(self.set_plain_mode)
        self.toolbar.addAction(self.plain_action)
        self._format_actions = [
            self.bold_action,
            self.italic_action,
            self.bullets_action,
            self.numbers_action,
            self.link_action,
        ]

    def _show_format(self, fmt: QTextCharFormat) -> None:
        self.bold_action.setChecked(fmt.fontWeight() >= QFont.Weight.DemiBold)
        self.italic_action.setChecked(fmt.fontItalic())

    # ---- value ------------------------------------------------------------------------------

    @property
    def markdown(self) -> str:
        return self._markdown

    @property
    def plain_mode(self) -> bool:
        return self.plain_action.isChecked()

    @property
    def editor(self) -> QTextEdit | QPlainTextEdit:
        """The text widget in use now."""
        return self.plain if self.plain_mode else self.rich

    def set_markdown(self, markdown: str) -> None:
        """Show `markdown` (from the pack); does nothing when it is what the field holds."""
        if markdown == self._markdown and self.editor.document().characterCount() > 1:
            return
        self._markdown = markdown
        self._load_editor()

    def _load_editor(self) -> None:
        self._loading = True
        try:
            if self.plain_mode:
                if self.plain.toPlainText() != self._markdown:
                    position = self.plain.textCursor().position()
                    self.plain.setPlainText(self._markdown)
                    cursor = self.plain.textCursor()
                    cursor.setPosition(min(position, len(self._markdown)))
                    self.plain.setTextCursor(cursor)
            else:
                position = self.rich.textCursor().position()
                read_markdown(self.rich.document(), self._markdown)
                cursor = self.rich.textCursor()
                cursor.setPosition(min(position, self.rich.document().characterCount() - 1))
                self.rich.setTextCursor(cursor)
        finally:
            self._loading = False

    def set_plain_mode(self, on: bool) -> None:
        if self.plain_action.isChecked() != on:
            self.plain_action.setChecked(on)  # comes back here through toggled
            return
        if (self.stack.currentWidget() is self.plain) == on:
            return  # already showing it (the other fields following this one's choice)
        self.stack.setCurrentWidget(self.plain if on else self.rich)
        for action in self._format_actions:
            action.setEnabled(not on)
        self._load_editor()
        self.plainModeChanged.emit(on)

    def _rich_changed(self) -> None:
        if not self._loading and not self.plain_mode:
            self._user_changed(to_markdown(self.rich.document()))

    def _plain_changed(self) -> None:
        if not self._loading and self.plain_mode:
            self._user_changed(self.plain.toPlainText())

    def _user_changed(self, markdown: str) -> None:
        if markdown != self._markdown:
            self._markdown = markdown
            self.edited.emit(markdown)

    # ---- formatting -------------------------------------------------------------------------

    def toggle_bold(self) -> None:
        fmt = QTextCharFormat()
        bold = self.rich.fontWeight() < QFont.Weight.DemiBold
        fmt.setFontWeight(QFont.Weight.Bold if bold else QFont.Weight.Normal)
        self.rich.mergeCurrentCharFormat(fmt)
        self.bold_action.setChecked(bold)

    def toggle_italic(self) -> None:
        fmt = QTextCharFormat()
        italic = not self.rich.fontItalic()
        fmt.setFontItalic(italic)
        self.rich.mergeCurrentCharFormat(fmt)
        self.italic_action.setChecked(italic)

    def toggle_bullets(self) -> None:
        self._toggle_list(QTextListFormat.Style.ListDisc)

    def toggle_numbers(self) -> None:
        self._toggle_list(QTextListFormat.Style.ListDecimal)

    def _toggle_list(self, style: QTextListFormat.Style) -> None:
        cursor = self.rich.textCursor()
        current = cursor.currentList()
        cursor.beginEditBlock()
        if current is not None and current.format().style() == style:
            # Take the paragraph out of the list again.
            block = cursor.block()
            current.remove(block)
            fmt = block.blockFormat()
            fmt.setIndent(0)
            cursor.setBlockFormat(fmt)
        elif current is not None:  # a bullet list becomes numbered, or the other way
            fmt = current.format()
            fmt.setStyle(style)
            current.setFormat(fmt)
        else:
            fmt = QTextListFormat()
            fmt.setStyle(style)
            cursor.createList(fmt)
        cursor.endEditBlock()

    def ask_link_target(self, current: str) -> str | None:
        """The web address for a link, or None when cancelled (tests replace this)."""
        url, ok = QInputDialog.getText(
            self, "Link", "Web address:", QLineEdit.EchoMode.Normal, current or "https://"
        )
        return url.strip() if ok else None

    def ask_link(self) -> None:
        cursor = self.rich.textCursor()
        if not cursor.hasSelection():
            cursor.select(QTextCursor.SelectionType.WordUnderCursor)
        current = cursor.charFormat().anchorHref()
        url = self.ask_link_target(current)
        if url is None:
            return
        self.set_link(cursor, url)

    def set_link(self, cursor: QTextCursor, url: str) -> None:
        """Make the cursor's selection a link to `url` ("" removes the link)."""
        fmt = QTextCharFormat()
        fmt.setAnchor(bool(url))
        fmt.setAnchorHref(url)
        fmt.setFontUnderline(bool(url))
        if url:
            fmt.setForeground(self.palette().link())
        else:
            fmt.clearForeground()
        cursor.mergeCharFormat(fmt)
        self.rich.setTextCursor(cursor)
