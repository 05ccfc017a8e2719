"""Update from library: a banner above the section editor when the section's library item
has changed since it was inserted, with "Show changes" and "Update"."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from briefpack.document.freshness import force_changed
from briefpack.gui.commands import RefreshFromOriginCommand
from briefpack.gui.document import PackDocument
from briefpack.gui.preview import DEBOUNCE_MS
from briefpack.model.errors import BriefpackError
from briefpack.model.library import OriginStatus, origin_status

CHANGED_TEXT = "The library item has changed since you inserted it."


class DiffDialog(QDialog):
    """The unified diff from the section in the pack to the library item, read-only."""

    def __init__(self, diff: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Changes in the library item")
        self.text = QPlainTextEdit(diff or "No differences in the text (only the date changed).")
        self.text.setReadOnly(True)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Lines starting “-” are in your pack, “+” in the library:"))
        layout.addWidget(self.text, 1)
        layout.addWidget(close)
        self.resize(720, 460)


class OriginBanner(QFrame):
    """Shown above the editor for a section whose library item changed or vanished."""

    def __init__(
        self, doc: PackDocument, current_row: Callable[[], int], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.doc, self.current_row = doc, current_row
        self.status: OriginStatus | None = None
        self.setObjectName("origin_banner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#origin_banner { background: #fff4ce; border: 1px solid #e0b400; border-radius: 3px; }"
        )
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.show_button = QPushButton("Show changes")
        self.show_button.clicked.connect(self.show_changes)
        self.update_button = QPushButton("Update")
        self.update_button.setToolTip("Replace the section with the library item (undoable)")
        self.update_button.clicked.connect(self.update_section)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.show_button)
        layout.addWidget(self.update_button)
        # Comparing reads the user's library from disk: wait until edits pause.
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.refresh)
        doc.changed.connect(self.timer.start)
        self.hide()

    def refresh(self) -> None:
        self.timer.stop()
        row = self.current_row()
        sections = self.doc.pack.sections
        try:
            status = origin_status(sections[row]) if 0 <= row < len(sections) else None
        except BriefpackError as exc:  # a damaged user library: say so, offer nothing
            self._show(None, f"The library cannot be read: {exc.message}")
            return
        if status is None or not (status.changed or status.missing):
            self.status = None
            self.hide()
        elif status.missing:
            self._show(
                None,
                f"This section came from library item {status.origin}, which no longer exists.",
            )
        else:
            assert status.item is not None
            force = force_changed(status.item)  # says who changed it, when and why
            self._show(
                status, _sentence(force) if force else f"{CHANGED_TEXT} ({status.item.name})"
            )

    def _show(self, status: OriginStatus | None, text: str) -> None:
        self.status = status
        self.label.setText(text)
        self.show_button.setVisible(status is not None)
        self.update_button.setVisible(status is not None)
        self.show()

    def show_changes(self) -> None:
        if self.status is not None:
            self.show_diff(self.status.diff)

    def show_diff(self, diff: str) -> None:
        """Show the diff text (tests replace this)."""
        DiffDialog(diff, self).exec()

    def update_section(self) -> bool:
        """Refresh the selected section from its library item, as one undoable command."""
        row = self.current_row()
        try:
            command = RefreshFromOriginCommand(self.doc, row)
        except BriefpackError as exc:
            self.label.setText(f"Cannot update: {exc.message}")
            return False
        self.doc.undo_stack.push(command)
        self.refresh()
        return True


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + "."
