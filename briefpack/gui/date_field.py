"""A date field that reads a date the way an officer types it, or offers a calendar.

QDateEdit edits a date section by section in one fixed format, so typing "3/12/2026" into
"d MMMM yyyy" gives nonsense or a different date. DateField is a line edit instead: it
shows "3 December 2026", and on Enter or leaving the field reads whatever was typed with
model.dates.parse_user_date. Text that is not a date gets a red frame and a line saying
why, and the last good date is kept (Esc puts its text back); a calendar button beside
the text picks a date with the mouse. For callers written for QDateEdit it offers the
same `date()`, `setDate()` and `dateChanged`.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QEvent, QObject, QPoint, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QKeyEvent, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QCalendarWidget,
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from briefpack.model.dates import DateTextError, long_date, parse_user_date

ERROR_COLOUR = "#C8102E"  # the brand's alert red; also readable on the dark Fusion palette
# The longest date the field shows, to size it: no date is cut off, none leaves a gap.
WIDEST_DATE = "30 September 2026"


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class DateField(QWidget):
    """A date typed in any usual form or picked from a calendar; shown as "3 December 2026".

    `dateChanged` is emitted whenever the held date changes (typed and accepted, picked,
    or set by code, as QDateEdit does); `invalidText` with the reason when typed text is
    refused. The held date never changes to anything but a date the officer wrote.
    """

    dateChanged = Signal(QDate)
    invalidText = Signal(str)

    def __init__(self, value: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._value = value or date.today()
        self._error = ""
        self.edit = QLineEdit(long_date(self._value), self)
        self.edit.setObjectName("date_text")
        self.edit.setPlaceholderText("e.g. 3 December 2026")
        self.edit.setToolTip(_HINT)
        self.edit.setAccessibleName("Date")
        self.edit.setMinimumWidth(self.edit.fontMetrics().horizontalAdvance(WIDEST_DATE) + 16)
        self.edit.editingFinished.connect(self.commit)
        self.edit.installEventFilter(self)
        self.button = QToolButton(self)
        self.button.setObjectName("date_calendar")
        self.button.setIcon(calendar_icon())
        self.button.setToolTip("Choose the date on a calendar (Alt+Down)")
        self.button.setAccessibleName("Choose the date on a calendar")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes field to field
        self.button.clicked.connect(self.show_calendar)
        self.message = QLabel(self)
        self.message.setObjectName("date_error")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.message.hide()
        self.popup: _CalendarPopup | None = None
        self._layout()
        self.setFocusProxy(self.edit)

    def _layout(self) -> None:
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(2)
        grid.setVerticalSpacing(2)
        grid.addWidget(self.edit, 0, 0)
        grid.addWidget(self.button, 0, 1)
        grid.addWidget(self.message, 1, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        # As wide as a date needs, not the whole form: the message wraps within that width.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    # ---- the QDateEdit-like interface -----------------------------------------------------

    def date(self) -> QDate:
        return _qdate(self._value)

    def setDate(self, value: QDate | date) -> None:  # QDateEdit's name
        self.set_value(_pydate(value) if isinstance(value, QDate) else value)

    # ---- in Python terms ---------------------------------------------------------------------

    def value(self) -> date:
        return self._value

    def set_value(self, value: date) -> None:
        """Hold and show `value`; any refused text and its message go."""
        changed = value != self._value
        self._value = value
        self._show_good()
        if changed:
            self.dateChanged.emit(_qdate(value))

    def error(self) -> str:
        """Why the text in the field is not taken; "" when it shows the held date."""
        return self._error

    # ---- typing ---------------------------------------------------------------------------

    def commit(self) -> bool:
        """Read the typed text: take it if it is a date, else say why and keep the old date."""
        text = self.edit.text()
        if text == long_date(self._value):
            self._show_good()
            return True
        try:
            value = parse_user_date(text)
        except DateTextError as exc:
            self._show_error(exc.message)
            return False
        self.set_value(value)
        return True

    def revert(self) -> None:
        """Esc: the held date's text again, and no error."""
        self._show_good()
        self.edit.selectAll()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Escape and self._has_unsaved_text():
                self.revert()
                return True  # consumed: Esc here must not also close a dialog
            alt_down = event.key() == Qt.Key.Key_Down and bool(
                event.modifiers() & Qt.KeyboardModifier.AltModifier
            )
            if alt_down or event.key() == Qt.Key.Key_F4:
                self.show_calendar()
                return True
        return super().eventFilter(watched, event)

    def _has_unsaved_text(self) -> bool:
        return bool(self._error) or self.edit.text() != long_date(self._value)

    def _show_good(self) -> None:
        self._error = ""
        text = long_date(self._value)
        if self.edit.text() != text:
            self.edit.setText(text)
            if not self.edit.hasFocus():
                self.edit.setCursorPosition(0)
        self.edit.setStyleSheet("")
        self.edit.setToolTip(_HINT)
        self.message.hide()

    def _show_error(self, message: str) -> None:
        self._error = message
        self.edit.setStyleSheet(
            f"QLineEdit {{ border: 2px solid {ERROR_COLOUR}; border-radius: 3px; padding: 1px; }}"
        )
        self.edit.setToolTip(
            f"{message}\nThe date stays {long_date(self._value)}; Esc puts it back."
        )
        self.message.setText(message)
        self.message.show()
        self.invalidText.emit(message)

    # ---- the calendar -------------------------------------------------------------------------

    def show_calendar(self) -> None:
        if not self.isEnabled():
            return
        if self.popup is None:
            self.popup = _CalendarPopup(self)
            self.popup.picked.connect(self._picked)
        self.popup.calendar.setSelectedDate(self.date())
        self.popup.show_below(self.edit)

    def _picked(self, value: QDate) -> None:
        self.set_value(_pydate(value))
        self.edit.setFocus()


_HINT = "Type a date such as 3 December 2026, 3/12/2026 or 2026-12-03, or use the calendar."


class _CalendarPopup(QFrame):
    """A calendar that closes on a click outside it (a Qt popup window), Esc, or a pick."""

    picked = Signal(QDate)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("date_calendar_popup")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.calendar = QCalendarWidget(self)
        self.calendar.setGridVisible(True)
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)  # as UK calendars print
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.activated.connect(self._pick)  # Enter or double-click
        self.calendar.clicked.connect(self._pick)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 1)
        layout.addWidget(self.calendar)

    def _pick(self, value: QDate) -> None:
        self.hide()
        self.picked.emit(value)

    def show_below(self, anchor: QWidget) -> None:
        self.adjustSize()
        below = anchor.mapToGlobal(QPoint(0, anchor.height()))
        screen = anchor.screen().availableGeometry()
        x = min(below.x(), screen.right() - self.width())
        y = below.y() if below.y() + self.height() <= screen.bottom() else (
            anchor.mapToGlobal(QPoint(0, 0)).y() - self.height()
        )  # fmt: skip
        self.move(max(screen.left(), x), max(screen.top(), y))
        self.show()
        self.calendar.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.hide()
            return
        super().keyPressEvent(event)


def calendar_icon() -> QIcon:
    """A small painted calendar page (no image file to ship or theme)."""
    icon = QIcon()
    for size in (16, 24, 32):
        pixmap = QPixmap(QSize(size, size))
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        unit = size / 16
        page = QRectF(1.5 * unit, 2.5 * unit, 13 * unit, 12 * unit)
        painter.setPen(QPen(QColor("#46505A"), max(1.0, unit)))
        painter.setBrush(QColor("white"))
        painter.drawRoundedRect(page, unit, unit)
        painter.fillRect(QRectF(page.left(), page.top(), page.width(), 3.5 * unit), "#C8102E")
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#46505A"))
        for row in range(2):
            for col in range(3):
                cell = QRectF((3.5 + col * 3.5) * unit, (8 + row * 3) * unit, 2 * unit, 2 * unit)
                painter.drawRect(cell)
        painter.end()
        icon.addPixmap(pixmap)
    return icon
