"""Two-way links between editor widgets and one field of the pack.

A widget edit calls PackDocument.edit_field (which validates and pushes an undo command);
a change in the pack (including undo and redo) puts the new value back in the widget.
Typing in a text field is merged into one undo command per field.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QLineEdit,
    QPlainTextEdit,
)

from briefpack.gui.date_field import DateField
from briefpack.gui.document import PackDocument
from briefpack.model.editing import FIELD_WORDS, Target


class _UndoKeysToApp(QObject):
    """Lets Ctrl+Z / Ctrl+Shift+Z in a text field reach the pack's undo stack.

    Text widgets keep their own little undo history and claim those keys first; for an
    editor of a pack there must be one history, so the keys go to the Edit menu instead.
    """

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and (
                event.matches(QKeySequence.StandardKey.Undo)
                or event.matches(QKeySequence.StandardKey.Redo)
            )
        ):
            event.ignore()
            return True
        return False


_UNDO_KEYS = _UndoKeysToApp()


class _StartShownOnLeave(QObject):
    """A line edit left by Tab shows the start of its text again, not where typing ended
    ("…unter Terrorism Protective" for "Counter Terrorism Protective Security Update")."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut and isinstance(watched, QLineEdit):
            watched.setCursorPosition(0)
        return False


_START_SHOWN = _StartShownOnLeave()


def qdate(value: date | None) -> QDate:
    return QDate(value.year, value.month, value.day) if value else QDate()


def pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _field_words(field: str) -> str:
    """The field as the status bar names it: "Date", "Threat level date"."""
    words = {"since": "threat level date"}.get(field) or FIELD_WORDS.get(field, field)
    words = words.replace("_", " ")
    return words[:1].upper() + words[1:]


class Binder(QObject):
    """Binds widgets to fields of one pack object, found afresh on every edit.

    `target` returns where the object is now (for the undo command) or None when the
    editor shows nothing; `current` returns the object itself.
    """

    def __init__(
        self,
        doc: PackDocument,
        target: Callable[[], Target | None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.doc = doc
        self._target = target
        self._loaders: dict[str, list[Callable[[Any], None]]] = {}
        self._loading = False
        doc.fieldChanged.connect(self._on_field_changed)

    def current(self) -> Any:
        target = self._target()
        return self.doc.target_object(target) if target is not None else None

    def refresh(self) -> None:
        """Load every bound widget from the pack (when the editor shows another object)."""
        obj = self.current()
        if obj is None:
            return
        for field, loaders in self._loaders.items():
            for load in loaders:
                self._load(load, getattr(obj, field))

    def _on_field_changed(self, obj: object, field: str) -> None:
        if field in self._loaders and obj is self.current():
            for load in self._loaders[field]:
                self._load(load, getattr(obj, field))

    def _load(self, load: Callable[[Any], None], value: Any) -> None:
        self._loading = True
        try:
            load(value)
        finally:
            self._loading = False

    def _edit(self, field: str, value: Any, *, merge: bool = False) -> None:
        if self._loading:
            return
        target = self._target()
        if target is not None:
            self.doc.edit_field(target, field, value, merge=merge)

    def _add(self, field: str, load: Callable[[Any], None]) -> None:
        self._loaders.setdefault(field, []).append(load)

    def on(self, field: str, callback: Callable[[Any], None]) -> None:
        """Call `callback(value)` whenever the field's value is loaded or changes."""
        self._add(field, callback)

    # ---- widget kinds -----------------------------------------------------------------------

    def line(self, widget: QLineEdit, field: str) -> QLineEdit:
        widget.installEventFilter(_UNDO_KEYS)
        widget.installEventFilter(_START_SHOWN)
        widget.textEdited.connect(lambda text: self._edit(field, text, merge=True))

        def load(value: Any) -> None:
            text = "" if value is None else str(value)
            if widget.text() != text:
                widget.setText(text)
                if not widget.hasFocus():
                    widget.setCursorPosition(0)  # show the start of long text, not its end

        self._add(field, load)
        return widget

    def plain(self, widget: QPlainTextEdit, field: str) -> QPlainTextEdit:
        widget.setUndoRedoEnabled(False)
        widget.installEventFilter(_UNDO_KEYS)
        widget.textChanged.connect(lambda: self._edit(field, widget.toPlainText(), merge=True))

        def load(value: Any) -> None:
            text = value or ""
            if widget.toPlainText() == text:
                return
            position = widget.textCursor().position()
            widget.setPlainText(text)
            cursor = widget.textCursor()
            cursor.setPosition(min(position, len(text)))
            cursor.movePosition(QTextCursor.MoveOperation.NoMove)
            widget.setTextCursor(cursor)

        self._add(field, load)
        return widget

    def check(self, widget: QCheckBox, field: str) -> QCheckBox:
        widget.toggled.connect(lambda on: self._edit(field, on if on else None))
        self._add(field, lambda value: widget.setChecked(bool(value)))
        return widget

    def combo(self, widget: QComboBox, field: str) -> QComboBox:
        """Items carry their field value as item data (None for "not set")."""
        widget.currentIndexChanged.connect(lambda i: self._edit(field, widget.itemData(i)))

        def load(value: Any) -> None:
            stored = value.value if hasattr(value, "value") else value
            index = widget.findData(stored)
            if index < 0:  # a value the list does not offer (e.g. an unknown brand): show it
                widget.addItem(f"{stored} (not installed)", stored)
                index = widget.count() - 1
            widget.setCurrentIndex(index)

        self._add(field, load)
        return widget

    def date(self, widget: DateField, field: str, enabled: QCheckBox | None = None) -> DateField:
        """A date typed in any usual way or picked from a calendar; with `enabled`, an optional
        one (unchecked means "not set"). (Not QDateEdit: typing "3/12/2026" into it gives
        another date.)"""
        field_widget = widget

        def edited(value: QDate) -> None:
            if enabled is None or enabled.isChecked():
                self._edit(field, pydate(value))  # one undo step per accepted date

        field_widget.dateChanged.connect(edited)
        field_widget.invalidText.connect(
            lambda message: self.doc.editRejected.emit(f"{_field_words(field)}: {message}")
        )
        if enabled is not None:

            def toggled(on: bool) -> None:
                field_widget.setEnabled(on)
                self._edit(field, field_widget.value() if on else None)

            enabled.toggled.connect(toggled)

        def load(value: Any) -> None:
            if enabled is not None:
                enabled.setChecked(value is not None)
                field_widget.setEnabled(value is not None)
            if value is not None:
                field_widget.set_value(value)  # also drops refused text: the pack's date wins

        self._add(field, load)
        return field_widget

    def number(self, widget: QDoubleSpinBox, field: str) -> QDoubleSpinBox:
        """A number where the spin box's minimum means "not set" (its special value text)."""
        widget.valueChanged.connect(
            lambda v: self._edit(field, None if v <= widget.minimum() else v, merge=True)
        )
        self._add(
            field, lambda value: widget.setValue(widget.minimum() if value is None else value)
        )
        return widget
