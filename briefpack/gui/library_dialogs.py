"""The Library dock's dialogs: an item's name, category and tags; what an import would do."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from briefpack.gui.library_model import CATEGORY_LABELS
from briefpack.model.conflicts import OnConflict
from briefpack.model.library import CATEGORIES, ImportPlan, LibraryItem

__all__ = ["ConflictDialog", "ImportDialog", "ItemDetails", "ItemDetailsDialog"]

ItemDetails = tuple[str, str, list[str]]


class ItemDetailsDialog(QDialog):
    """Name, category and tags of a library item of the user's."""

    def __init__(
        self, title: str, name: str, category: str, tags: list[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.name = QLineEdit(name)
        self.category = QComboBox()
        for value in CATEGORIES:
            self.category.addItem(CATEGORY_LABELS[value], value)
        self.category.setCurrentIndex(max(0, self.category.findData(category)))
        self.tags = QLineEdit(", ".join(tags))
        self.tags.setPlaceholderText("comma-separated, e.g. hotline, reporting")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Name", self.name)
        form.addRow("Category", self.category)
        form.addRow("Tags", self.tags)
        form.addRow(buttons)
        self.resize(420, self.sizeHint().height())

    def details(self) -> ItemDetails:
        tags = [t for t in self.tags.text().split(",") if t.strip()]
        return self.name.text().strip(), str(self.category.currentData()), tags


class _ChoiceDialog(QDialog):
    """A summary above the three choices every import offers for what differs from yours."""

    CHOICES: tuple[tuple[OnConflict, str], ...] = (
        ("keep-both", "Keep both (the incoming item is added as “(imported)”)"),
        ("replace", "Replace mine with the incoming items"),
        ("skip", "Skip them (keep mine)"),
    )

    def _build(self, summary_html: str, box_title: str, show_choices: bool) -> None:
        layout = QVBoxLayout(self)
        summary = QLabel(summary_html)
        summary.setTextFormat(Qt.TextFormat.RichText)
        summary.setWordWrap(True)
        layout.addWidget(summary)
        self.buttons: dict[str, QRadioButton] = {}
        box = QGroupBox(box_title)
        inner = QVBoxLayout(box)
        for value, text in self.CHOICES:
            self.buttons[value] = button = QRadioButton(text)
            inner.addWidget(button)
        self.buttons["keep-both"].setChecked(True)
        box.setVisible(show_choices)
        layout.addWidget(box)
        ok = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok.button(QDialogButtonBox.StandardButton.Ok).setText("Import")
        ok.accepted.connect(self.accept)
        ok.rejected.connect(self.reject)
        layout.addWidget(ok)
        self.resize(480, self.sizeHint().height())

    def set_choice(self, value: OnConflict) -> None:
        self.buttons[value].setChecked(True)

    def choice(self) -> OnConflict:
        return next(value for value, _t in self.CHOICES if self.buttons[value].isChecked())


class ImportDialog(_ChoiceDialog):
    """What importing a library would do (new, changed, same) and, for changed items, a choice."""

    def __init__(self, plan: ImportPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import library")
        self._build(self._summary(plan), "Items that differ from yours", bool(plan.changed))

    @staticmethod
    def _summary(plan: ImportPlan) -> str:
        def names(items: list[LibraryItem]) -> str:
            return ", ".join(html.escape(i.name) for i in items[:8]) + (
                "…" if len(items) > 8 else ""
            )

        parts = [
            f"<b>New</b> ({len(plan.new)}): {names(plan.new) or '—'}",
            f"<b>Changed</b> ({len(plan.changed)}): "
            f"{names([theirs for _m, theirs in plan.changed]) or '—'}",
            f"<b>Same</b> ({len(plan.same)}): already in your library",
        ]
        return "<br>".join(parts)


class ConflictDialog(_ChoiceDialog):
    """One brand or template that differs from yours: the same three choices as a library."""

    CHOICES: tuple[tuple[OnConflict, str], ...] = (
        ("keep-both", "Keep both (the incoming one is added as “(imported)”)"),
        ("replace", "Replace mine with the incoming one"),
        ("skip", "Skip it (keep mine)"),
    )

    def __init__(self, title: str, conflict: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        said = html.escape(conflict[:1].upper() + conflict[1:])
        text = f"{said}.<br>Nothing is changed until you choose."
        self._build(text, "What to do", show_choices=True)
