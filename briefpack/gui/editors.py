"""One form per section kind, the pack settings panel, and the threat level fields.

The panel that shows the selected section's form is gui/editor_panel.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from briefpack.gui import threat_since
from briefpack.gui.binding import Binder
from briefpack.gui.date_field import DateField
from briefpack.gui.document import PackDocument
from briefpack.gui.items import ItemsEditor
from briefpack.gui.richtext import MarkdownField
from briefpack.model.brand import list_brands
from briefpack.model.editing import META, THREAT, Target, image_path_for
from briefpack.model.pack import MARKINGS
from briefpack.model.sections import SECTION_KINDS, Section
from briefpack.model.threat import ThreatLevel

MARKDOWN_HINT = (
    "Ctrl+B bold, Ctrl+I italic, Ctrl+K link; the list buttons make bullet or numbered lists. "
    "In Plain Markdown: **bold**, *italic*, lines starting “- ” or “1. ”, [text](https://…). "
    "Placeholders such as {{ threat.name }}, {{ pack.date }} or {{ stats.ID.value }} are "
    "filled in."
)
MARKING_CHOICES = {
    "": "None — no handling marking",
    "OFFICIAL": "OFFICIAL",
    "OFFICIAL-SENSITIVE": "OFFICIAL-SENSITIVE",
}
assert set(MARKING_CHOICES) == set(MARKINGS)


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setObjectName("hint")
    label.setStyleSheet("color: palette(placeholder-text); font-size: 90%;")
    return label


def _level_combo(with_none: str | None = None) -> QComboBox:
    combo = QComboBox()
    if with_none is not None:
        combo.addItem(with_none, None)
    for level in ThreatLevel:
        combo.addItem(level.display_name, level.value)
    return combo


def _meaning_text(value: Any) -> str:
    """The official meaning, as shown beside the level chosen."""
    if value is None:
        return "Not printed in the handout"
    level = ThreatLevel(value)
    return f"Level {level.rank} of 5: {level.meaning[:1].upper()}{level.meaning[1:]}."


class ThreatFields(QWidget):
    """The pack's threat level: national level, date since, Northern Ireland level."""

    def __init__(self, doc: PackDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.binder = Binder(doc, lambda: THREAT, self)
        # Not a plain bound combo: a new national level asks which date since goes with it.
        self.level = _level_combo()
        self.level.setObjectName("threat_level")
        self.binder.on("level", self._show_level)
        self.level.currentIndexChanged.connect(self._level_chosen)
        self.level_meaning = QLabel()
        self.since_known = QCheckBox("Since")
        self.since = self.binder.date(DateField(), "since", self.since_known)
        self.ni = self.binder.combo(_level_combo("Not shown"), "northern_ireland")
        self.ni.setObjectName("ni_level")
        self.ni_meaning = QLabel()
        for label in (self.level_meaning, self.ni_meaning):
            label.setWordWrap(True)
            label.setObjectName("threat_meaning")
        self.binder.on("level", lambda v: self.level_meaning.setText(_meaning_text(v)))
        self.binder.on("northern_ireland", lambda v: self.ni_meaning.setText(_meaning_text(v)))

        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("National level", self.level)
        form.addRow("", self.level_meaning)
        form.addRow(self.since_known, self.since)
        form.addRow("Northern Ireland", self.ni)
        form.addRow("", self.ni_meaning)
        self.binder.refresh()
        doc.packReset.connect(self.binder.refresh)

    def _show_level(self, value: Any) -> None:
        """Show the pack's level without it counting as the officer choosing one."""
        blocked = self.level.blockSignals(True)
        try:
            self.level.setCurrentIndex(self.level.findData(ThreatLevel(value).value))
        finally:
            self.level.blockSignals(blocked)

    def _level_chosen(self, index: int) -> None:
        # Ask for the date since, then set both as one undo step; on Cancel show the old level.
        if not threat_since.change_national_level(self.doc, self, self.level.itemData(index)):
            self._show_level(self.doc.pack.threat.level)


def _pair(widget: QWidget, beside: QWidget) -> QWidget:
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(widget)
    row.addWidget(beside, 1)
    return box


class PackSettings(QScrollArea):
    """Title, subtitle, audience, date, author, marking, brand, page size, threat level."""

    def __init__(self, doc: PackDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # its fields take the keyboard
        self.setObjectName("pack_settings")
        body = QWidget()
        b = self.binder = Binder(doc, lambda: META, self)
        self.title = b.line(QLineEdit(), "title")
        self.subtitle = b.line(QLineEdit(), "subtitle")
        self.audience = b.line(QLineEdit(), "audience")
        self.date = b.date(DateField(), "date")
        self.author = b.line(QLineEdit(), "author")
        self.marking = QComboBox()
        for value, text in MARKING_CHOICES.items():
            self.marking.addItem(text, value)
        b.combo(self.marking, "marking")
        self.brand = QComboBox()
        for brand in list_brands():
            self.brand.addItem(brand.name, brand.id)
        b.combo(self.brand, "brand")
        self.page_size = QComboBox()
        for size in ("A4", "Letter"):
            self.page_size.addItem(size, size)
        b.combo(self.page_size, "page_size")

        form = QFormLayout()
        form.addRow("Title", self.title)
        form.addRow("Subtitle", self.subtitle)
        form.addRow("Audience", self.audience)
        form.addRow("Date", self.date)
        form.addRow("Author", self.author)
        form.addRow("Marking", self.marking)
        form.addRow("Brand", self.brand)
        form.addRow("Page size", self.page_size)
        threat_box = QGroupBox("Threat level")
        self.threat = ThreatFields(doc)
        QVBoxLayout(threat_box).addWidget(self.threat)
        layout = QVBoxLayout(body)
        layout.addLayout(form)
        layout.addWidget(threat_box)
        layout.addStretch(1)
        self.setWidget(body)
        b.refresh()
        doc.packReset.connect(b.refresh)


# ---- section editors ----------------------------------------------------------------------


class SectionEditor(QWidget):
    """The form for one kind; shows whichever section of that kind is selected."""

    kind = ""

    def __init__(self, doc: PackDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.section: Section | None = None
        self.markdown_fields: list[MarkdownField] = []
        self.binder = Binder(doc, self.target, self)
        self.form = QFormLayout(self)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.build()
        self.id_edit = self.binder.line(QLineEdit(), "id")
        self.id_edit.setObjectName("section_id")
        self.id_edit.setPlaceholderText(
            "(optional) a short name that stays the same, e.g. key_figures"
        )
        self.form.addRow("Id", self.id_edit)

    def target(self) -> Target | None:
        if self.section is None:
            return None
        row = self.doc.row_of(self.section)
        return ("section", row) if row >= 0 else None

    def build(self) -> None:
        raise NotImplementedError

    def markdown(self, field: str, min_lines: int) -> MarkdownField:
        """A rich text field bound to a Markdown field; typing merges into one undo step."""
        widget = MarkdownField(min_lines)
        widget.setObjectName(f"{field}_field")
        self.binder.on(field, lambda value: widget.set_markdown(value or ""))
        widget.edited.connect(lambda text: self._edit_markdown(field, text))
        self.markdown_fields.append(widget)
        return widget

    def _edit_markdown(self, field: str, text: str) -> None:
        target = self.target()
        if target is not None:
            self.doc.edit_field(target, field, text, merge=True)

    def show_section(self, section: Section | None) -> None:
        self.section = section
        self.binder.refresh()


class TextEditor(SectionEditor):
    kind = "text"

    def build(self) -> None:
        self.title = self.binder.line(QLineEdit(), "title")
        self.title.setPlaceholderText("(no heading)")
        self.body_field = self.markdown("body", 12)
        self.body = self.body_field.rich
        self.form.addRow("Heading", self.title)
        self.form.addRow("Text", self.body_field)
        self.form.addRow("", _hint(MARKDOWN_HINT))


class ThreatLevelEditor(SectionEditor):
    kind = "threat_level"

    def build(self) -> None:
        self.title = self.binder.line(QLineEdit(), "title")
        self.title.setPlaceholderText("Current UK threat level")
        self.note_field = self.markdown("note", 5)
        self.note = self.note_field.rich
        threat_box = QGroupBox("The pack's threat level (also in Pack settings)")
        QVBoxLayout(threat_box).addWidget(ThreatFields(self.doc))
        self.form.addRow("Heading", self.title)
        self.form.addRow(threat_box)
        self.form.addRow("Note", self.note_field)
        self.form.addRow("", _hint(MARKDOWN_HINT))


class CalloutEditor(SectionEditor):
    kind = "callout"

    def build(self) -> None:
        self.title = self.binder.line(QLineEdit(), "title")
        self.body_field = self.markdown("body", 6)
        self.body = self.body_field.rich
        self.style_combo = QComboBox()
        self.style_combo.addItem("Alert (accent colour)", "alert")
        self.style_combo.addItem("Information (brand colour)", "info")
        self.style_combo.addItem("Default (alert)", None)
        self.binder.combo(self.style_combo, "style")
        self.form.addRow("Heading", self.title)
        self.form.addRow("Text", self.body_field)
        self.form.addRow("Style", self.style_combo)
        self.form.addRow("", _hint(MARKDOWN_HINT))


class QuoteEditor(SectionEditor):
    kind = "quote"

    def build(self) -> None:
        self.body_field = self.markdown("body", 6)
        self.body = self.body_field.rich
        self.speaker = self.binder.line(QLineEdit(), "speaker")
        self.role = self.binder.line(QLineEdit(), "role")
        self.role.setPlaceholderText("(optional)")
        self.form.addRow("Quotation", self.body_field)
        self.form.addRow("Speaker", self.speaker)
        self.form.addRow("Role", self.role)


class StatisticsEditor(SectionEditor):
    kind = "statistics"

    def build(self) -> None:
        self.title = self.binder.line(QLineEdit(), "title")
        self.title.setPlaceholderText("(no heading)")
        self.chart = self.binder.check(QCheckBox("Also draw a bar chart"), "chart")
        self.items = ItemsEditor(self.doc)
        self.items.setObjectName("statistics_items")
        self.form.addRow("Heading", self.title)
        self.form.addRow("", self.chart)
        self.form.addRow(self.items)
        self.form.addRow(
            _hint(
                "Double-click a cell to edit it. Give a figure an id in the pack file to use "
                "it in text as {{ stats.ID.value }}."
            )
        )

    def show_section(self, section: Section | None) -> None:
        super().show_section(section)
        self.items.set_section(section)  # type: ignore[arg-type]


class LinksEditor(SectionEditor):
    kind = "links"

    def build(self) -> None:
        self.title = self.binder.line(QLineEdit(), "title")
        self.title.setPlaceholderText("(no heading)")
        self.qr = self.binder.check(QCheckBox("Print a QR code beside each web address"), "qr")
        self.items = ItemsEditor(self.doc)
        self.items.setObjectName("links_items")
        self.form.addRow("Heading", self.title)
        self.form.addRow("", self.qr)
        self.form.addRow(self.items)

    def show_section(self, section: Section | None) -> None:
        super().show_section(section)
        self.items.set_section(section)  # type: ignore[arg-type]


class ImageEditor(SectionEditor):
    kind = "image"

    def build(self) -> None:
        self.path = self.binder.line(QLineEdit(), "path")
        self.path.setPlaceholderText("a PNG or JPEG file")
        browse = QPushButton("Choose…")
        browse.clicked.connect(self.choose_file)
        self.alt = self.binder.line(QLineEdit(), "alt")
        self.alt.setPlaceholderText("Describe the picture for people who cannot see it")
        self.alt_warning = QLabel("Alt text is required: say what the picture shows.")
        self.alt_warning.setStyleSheet("color: #B00020;")
        self.binder.on("alt", lambda v: self.alt_warning.setVisible(not (v or "").strip()))
        self.caption = self.binder.line(QLineEdit(), "caption")
        self.caption.setPlaceholderText("(optional)")
        self.width_mm = QDoubleSpinBox()
        self.width_mm.setRange(0, 500)
        self.width_mm.setDecimals(0)
        self.width_mm.setSuffix(" mm")
        self.width_mm.setSpecialValueText("Automatic")
        self.binder.number(self.width_mm, "width_mm")
        self.form.addRow("File", _pair(self.path, browse))
        self.form.addRow("Alt text", self.alt)
        self.form.addRow("", self.alt_warning)
        self.form.addRow("Caption", self.caption)
        self.form.addRow("Width", self.width_mm)

    def choose_file(self) -> None:
        start = str(self.doc.base_dir)
        file, _ = QFileDialog.getOpenFileName(
            self, "Choose a picture", start, "Images (*.png *.jpg *.jpeg)"
        )
        if file:
            self.set_file(file)

    def set_file(self, file: str | Path) -> None:
        target = self.target()
        if target is not None:
            pack_dir = self.doc.path.resolve().parent if self.doc.path else None
            # The officer chose this file: no question about it being outside the folder.
            self.doc.allow_chosen_file(Path(file))
            self.doc.edit_field(target, "path", image_path_for(file, pack_dir))


class PageBreakEditor(SectionEditor):
    kind = "page_break"

    def build(self) -> None:
        self.form.addRow(_hint("A page break: the next section starts on a new page."))


EDITOR_TYPES: dict[str, type[SectionEditor]] = {
    cls.kind: cls
    for cls in (
        TextEditor,
        ThreatLevelEditor,
        CalloutEditor,
        QuoteEditor,
        StatisticsEditor,
        LinksEditor,
        ImageEditor,
        PageBreakEditor,
    )
}
assert set(EDITOR_TYPES) == set(SECTION_KINDS)
