"""File > Save as Template: one dialog for the name, the description and where it goes.

"My templates" (the default) saves into the officer's own folder, where New from Template
lists it; "A file…" saves anywhere, e.g. to share with a colleague. An empty name is refused
in the dialog, and a name already used in My templates is said plainly: the Save button
becomes Replace, next to a button that picks a free name instead. Nothing is overwritten
without the officer pressing Replace.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from briefpack.model.pack import Pack
from briefpack.model.packfile import save_pack
from briefpack.model.template_store import TemplateInfo, list_templates, save_user_template
from briefpack.model.templates import pack_to_template
from briefpack.model.userdata import slug, user_templates_dir

TEMPLATE_FILTER = "briefpack templates (*.bpack);;All files (*)"
ERROR_STYLE = "color: #a4262c;"
WARNING_STYLE = "color: #7a4d00;"


@dataclass(frozen=True)
class SaveTemplateChoice:
    """What the officer chose: destination None means My templates, else that file;
    `replaces` is the officer's own template they agreed to overwrite (My templates only)."""

    name: str
    description: str
    destination: Path | None = None
    replaces: Path | None = None


def my_templates_file(name: str) -> Path:
    """The file save_user_template writes for a template called `name`."""
    return user_templates_dir() / f"{slug(name, 'template')}.bpack"


def save_chosen_template(pack: Pack, choice: SaveTemplateChoice) -> Path:
    """Save `pack` as the template the officer described; raises BriefpackError if it cannot."""
    template = pack_to_template(pack, choice.name, choice.description)
    if choice.destination is not None:
        return save_pack(template, choice.destination)
    if choice.replaces is not None:  # the one they agreed to replace, wherever it is
        return save_pack(template, choice.replaces)
    return save_user_template(template)


def clash_in_my_templates(name: str, templates: list[TemplateInfo]) -> TemplateInfo | None:
    """The officer's own template that saving `name` into My templates would replace."""
    wanted, target = name.strip().casefold(), my_templates_file(name.strip())
    for info in templates:
        # Built-in and force templates are never replaced: saving makes one of the officer's.
        if not info.read_only and (info.name.casefold() == wanted or info.path == target):
            return info
    if target.exists():  # a file not listed (unreadable, or added since): still never lost
        return TemplateInfo(target.stem, "", target, builtin=False)
    return None


def builtin_named(name: str, templates: list[TemplateInfo]) -> TemplateInfo | None:
    wanted = name.strip().casefold()
    return next((t for t in templates if t.builtin and t.name.casefold() == wanted), None)


def free_name(name: str, templates: list[TemplateInfo]) -> str:
    """`name (2)`, `name (3)`… the first that clashes with none of the officer's templates."""
    number = 2
    while clash_in_my_templates(f"{name} ({number})", templates) is not None:
        number += 1
    return f"{name} ({number})"


class SaveTemplateDialog(QDialog):
    """Name, description and destination of a new template; `choice()` once accepted."""

    def __init__(
        self, parent: QWidget | None, title: str, templates: list[TemplateInfo] | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Save as template")
        self.templates = templates if templates is not None else list_templates()
        self.destination: Path | None = None  # the file picked for "A file…"
        self._build(title)
        self._refresh()

    def _build(self, title: str) -> None:
        self.name_edit = QLineEdit(title.strip(), self)
        self.name_edit.setAccessibleName("Template name")
        self.name_edit.textChanged.connect(self._refresh)
        self.description_edit = QPlainTextEdit(self)
        self.description_edit.setPlaceholderText(
            "What is this template for? It is shown in the New from Template gallery."
        )
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setAccessibleName("Description")
        lines = self.fontMetrics().lineSpacing()
        self.description_edit.setFixedHeight(lines * 5 + 12)

        self.mine_radio = QRadioButton("My templates (listed in New from Template)", self)
        self.file_radio = QRadioButton("A file…", self)
        self.mine_radio.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.mine_radio)
        group.addButton(self.file_radio)
        group.buttonToggled.connect(self._refresh)
        self.file_radio.clicked.connect(self._file_radio_clicked)
        self.file_edit = QLineEdit(self)
        self.file_edit.setReadOnly(True)
        self.file_edit.setPlaceholderText("No file chosen yet")
        self.file_edit.setAccessibleName("Template file")
        self.browse_button = QPushButton("Choose…", self)
        self.browse_button.setAutoDefault(False)
        self.browse_button.clicked.connect(self._browse)

        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.another_name_button = QPushButton("Choose another name", self)
        self.another_name_button.setAutoDefault(False)
        self.another_name_button.clicked.connect(self._use_another_name)

        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton("Save", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setDefault(True)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._save_pressed)
        self.buttons.rejected.connect(self.reject)
        self._lay_out()

    def _lay_out(self) -> None:
        file_row = QHBoxLayout()
        file_row.setContentsMargins(24, 0, 0, 0)  # under the radio button's text
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(self.browse_button)
        where = QVBoxLayout()
        where.addWidget(self.mine_radio)
        where.addWidget(self.file_radio)
        where.addLayout(file_row)
        form = QFormLayout()
        form.addRow("&Name:", self.name_edit)
        form.addRow("&Description:", self.description_edit)
        form.addRow("Save in:", where)
        message_row = QHBoxLayout()
        message_row.addWidget(self.message, 1)
        message_row.addWidget(self.another_name_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(message_row)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(540)
        self.name_edit.setFocus()
        self.name_edit.selectAll()

    # ---- state -----------------------------------------------------------------------------

    def name(self) -> str:
        return self.name_edit.text().strip()

    def to_my_templates(self) -> bool:
        return self.mine_radio.isChecked()

    def clash(self) -> TemplateInfo | None:
        if not self.to_my_templates() or not self.name():
            return None
        return clash_in_my_templates(self.name(), self.templates)

    def _refresh(self, *_: object) -> None:
        """Say what saving now would do; Save becomes Replace while a template would go."""
        to_file = not self.to_my_templates()
        self.file_edit.setEnabled(to_file)
        self.browse_button.setEnabled(to_file)
        clash = self.clash()
        self.save_button.setText("Replace" if clash else "Save")
        self.another_name_button.setVisible(clash is not None)
        if clash is not None:
            self._say(self._clash_text(clash), WARNING_STYLE)
        elif self.to_my_templates() and builtin_named(self.name(), self.templates):
            self._say(
                f"A built-in template is also called “{self.name()}”. Both will be listed; "
                "yours is marked “My template”.",
                "",
            )
        else:
            self._say("", "")

    def _clash_text(self, clash: TemplateInfo) -> str:
        if clash.name.casefold() == self.name().casefold():
            return (
                f"You already have a template called “{clash.name}” in My templates. "
                "Press Replace to overwrite it, or choose another name."
            )
        return (
            f"Your template “{clash.name}” is saved under the same file name and would be "
            "overwritten. Press Replace to overwrite it, or choose another name."
        )

    def _say(self, text: str, style: str) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(style)
        self.message.setVisible(bool(text))

    # ---- actions ---------------------------------------------------------------------------

    def _use_another_name(self) -> None:
        self.name_edit.setText(free_name(self.name(), self.templates))
        self.name_edit.setFocus()
        self.name_edit.selectAll()

    def pick_file(self) -> str:
        """A file chosen in a save dialog, or "" (tests replace this)."""
        start = self.destination or Path.home() / f"{slug(self.name(), 'template')}.bpack"
        file, _ = QFileDialog.getSaveFileName(self, "Save template as", str(start), TEMPLATE_FILTER)
        return file

    def _browse(self) -> None:
        file = self.pick_file()
        if not file:
            return
        path = Path(file)
        self.destination = path if path.suffix else path.with_suffix(".bpack")
        self.file_edit.setText(str(self.destination))
        self.file_radio.setChecked(True)
        self._refresh()

    def _file_radio_clicked(self) -> None:
        if self.destination is None:
            self._browse()

    def _save_pressed(self) -> None:
        if not self.name():
            self._say("Give the template a name.", ERROR_STYLE)
            self.name_edit.setFocus()
            return
        if not self.to_my_templates() and self.destination is None:
            self._say("Choose the file to save the template in (press Choose…).", ERROR_STYLE)
            self.browse_button.setFocus()
            return
        self.accept()

    def choice(self) -> SaveTemplateChoice:
        description = self.description_edit.toPlainText().strip()
        if not self.to_my_templates():
            return SaveTemplateChoice(self.name(), description, self.destination)
        clash = self.clash()
        return SaveTemplateChoice(self.name(), description, None, clash.path if clash else None)


def ask_template_details(parent: QWidget | None, title: str) -> SaveTemplateChoice | None:
    """Run the Save as Template dialog modally; None when cancelled."""
    dialog = SaveTemplateDialog(parent, title)
    try:
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.choice()
        return None
    finally:
        dialog.deleteLater()
