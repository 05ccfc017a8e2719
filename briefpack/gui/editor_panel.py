"""The middle of the window: a heading naming the selected section, and the form for its kind.

Each form sits in a scroll area, so at any window size every field keeps its height (the
window scrolls rather than squeezing a field to nothing). `focus_field` puts the keyboard
in a field named the way Checks and errors name places ("sections[2].items[0].as_of").
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from briefpack.gui.document import PackDocument
from briefpack.gui.editors import EDITOR_TYPES, PackSettings, SectionEditor
from briefpack.gui.icons import kind_icon
from briefpack.gui.richtext import MarkdownField
from briefpack.model.editing import KIND_LABELS
from briefpack.model.sections import Section

_PLACE = re.compile(r"(?:sections\[\d+\]\.)?(?:items\[(?P<row>\d+)\]\.)?(?P<field>\w+)$")
# Places in Pack settings: the widget attribute for each field.
SETTINGS_FIELDS = {
    "meta.title": "title",
    "meta.subtitle": "subtitle",
    "meta.audience": "audience",
    "meta.date": "date",
    "meta.author": "author",
    "meta.marking": "marking",
    "meta.brand": "brand",
    "meta.page_size": "page_size",
}
THREAT_FIELDS = {"threat.level": "level", "threat.since": "since", "threat.northern_ireland": "ni"}


def takes_typing(widget: QWidget) -> bool:
    return (
        bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
        and widget.isEnabled()
        and widget.isVisibleTo(widget.window())
        and widget.focusProxy() is None
    )


def first_field(form: QWidget) -> QWidget | None:
    """The field at the top left of `form` that takes the keyboard."""
    fields = [w for w in form.findChildren(QWidget) if takes_typing(w)]
    if not fields:
        return None
    return min(
        fields,
        key=lambda w: (
            w.mapTo(form, w.rect().topLeft()).y(),
            w.mapTo(form, w.rect().topLeft()).x(),
        ),
    )


def field_widget(editor: SectionEditor, where: str) -> QWidget | None:
    """The widget editing the field at `where` in this section's form, or None."""
    match = _PLACE.search(where or "")
    if match is None:
        return None
    name = match.group("field")
    items = getattr(editor, "items", None)
    if match.group("row") is not None and items is not None:
        table = items.table
        columns = [field for field, _h, _t in items.model.columns]
        row = int(match.group("row"))
        column = columns.index(name) if name in columns else 0
        if row < items.model.rowCount():
            table.setCurrentIndex(items.model.index(row, column))
        return table
    markdown = editor.findChild(MarkdownField, f"{name}_field")
    if markdown is not None:
        return markdown.editor
    widget = getattr(editor, "id_edit" if name == "id" else name, None)
    return widget if isinstance(widget, QWidget) else None


def _put_focus(widget: QWidget) -> bool:
    if not takes_typing(widget):
        return False
    widget.setFocus(Qt.FocusReason.ShortcutFocusReason)
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    if parent is not None:
        parent.ensureWidgetVisible(widget)
    return True


def focus_pack_setting(settings: PackSettings, where: str) -> bool:
    """Put the keyboard in the Pack settings field at `where` ("meta.title", "threat.since")."""
    name = SETTINGS_FIELDS.get(where)
    widget = getattr(settings, name, None) if name else None
    if widget is None and where in THREAT_FIELDS:
        widget = getattr(settings.threat, THREAT_FIELDS[where], None)
    widget = widget if isinstance(widget, QWidget) else settings.title
    return _put_focus(widget)


class EditorPanel(QWidget):
    """A heading naming the selected section, and the form for its kind."""

    def __init__(self, doc: PackDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.heading = QLabel()
        self.heading.setObjectName("editor_heading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.heading.setFont(font)
        self.icon = QLabel()
        self.stack = QStackedWidget()
        self.empty = QLabel("Select a section in the outline, or add one from the Insert menu.")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.stack.addWidget(self.empty)
        # Each kind's form is built the first time a section of that kind is shown, so the
        # window paints without building eight forms it may never need.
        self.editors: dict[str, SectionEditor] = {}
        self.scrollers: dict[str, QScrollArea] = {}
        self.plain_markdown = False
        top = QHBoxLayout()
        top.addWidget(self.icon)
        top.addWidget(self.heading, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)
        self.section: Section | None = None
        doc.sectionsInserted.connect(lambda _r: self._update_heading())
        doc.sectionsRemoved.connect(lambda _r: self._update_heading())
        doc.sectionsMoved.connect(lambda _s, _d: self._update_heading())
        self.show_section(None)

    @property
    def markdown_fields(self) -> list[MarkdownField]:
        return [f for editor in self.editors.values() for f in editor.markdown_fields]

    def set_plain_markdown(self, on: bool) -> None:
        """One choice for every text field: rich text, or the Markdown source."""
        self.plain_markdown = on
        for field in self.markdown_fields:
            field.set_plain_mode(on)

    def editor_for(self, kind: str) -> SectionEditor:
        """The form for sections of `kind`, built on first use."""
        editor = self.editors.get(kind)
        if editor is None:
            editor = EDITOR_TYPES[kind](self.doc)
            editor.setObjectName(f"editor_{kind}")
            for field in editor.markdown_fields:
                field.set_plain_mode(self.plain_markdown)
                field.plainModeChanged.connect(self.set_plain_markdown)
            self.editors[kind] = editor
            self.scrollers[kind] = scroller = QScrollArea()
            scroller.setObjectName(f"scroll_{kind}")
            scroller.setFrameShape(QFrame.Shape.NoFrame)
            scroller.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # its fields take the keyboard
            scroller.setWidgetResizable(True)
            scroller.setWidget(editor)
            self.stack.addWidget(scroller)
        return editor

    @property
    def current_editor(self) -> SectionEditor | None:
        widget = self.stack.currentWidget()
        if isinstance(widget, QScrollArea):
            widget = widget.widget()
        return widget if isinstance(widget, SectionEditor) else None

    def show_section(self, section: Section | None) -> None:
        self.section = section
        for editor in self.editors.values():
            if editor.section is not None and editor.section is not section:
                editor.show_section(None)
        if section is None:
            self.stack.setCurrentWidget(self.empty)
        else:
            editor = self.editor_for(section.kind)
            editor.show_section(section)
            self.stack.setCurrentWidget(self.scrollers[section.kind])
        self._update_heading()

    def focus_field(self, where: str = "") -> bool:
        """Put the keyboard in the field at `where`, else the form's first field."""
        editor = self.current_editor
        if editor is None:
            return False
        widget = field_widget(editor, where) if where else None
        if widget is not None and _put_focus(widget):
            if isinstance(widget, QAbstractItemView):
                widget.scrollTo(widget.currentIndex())
            return True
        first = first_field(editor)
        return first is not None and _put_focus(first)

    def _update_heading(self) -> None:
        section = self.section
        row = self.doc.row_of(section) if section is not None else -1
        if section is None or row < 0:
            self.heading.setText("No section selected")
            self.icon.clear()
            return
        count = len(self.doc.pack.sections)
        self.heading.setText(f"{KIND_LABELS[section.kind]} — section {row + 1} of {count}")
        self.icon.setPixmap(kind_icon(section.kind).pixmap(24, 24))
