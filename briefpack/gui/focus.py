"""Keyboard focus that follows what the user sees.

Qt 6 keeps the dock widgets of a tab group "visible" and moves the ones behind other tabs
off screen, so its Tab chain walks into them: typing then edits a field nobody can see.
Here Tab and Shift+Tab visit only widgets on screen, area by area in reading order (left
column top to bottom, then the editor, then the preview), and within an area top to
bottom, left to right. A key typed into a widget that has gone out of sight (its dock tab
was switched away) is not delivered: focus moves to what is in front instead.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDockWidget, QMainWindow, QWidget

ROW_OVERLAP = 0.5  # widgets overlapping this much vertically are on one row
# Lists, tables, text areas and the preview show where the keyboard is with a clear ring;
# line edits, boxes and buttons get theirs from the style.
FOCUS_RING = """
QListView:focus, QTreeView:focus, QTableView:focus, QTextEdit:focus,
QPlainTextEdit:focus, QPdfView:focus {
    border: 2px solid palette(highlight);
}
"""


def dock_of(widget: QWidget) -> QDockWidget | None:
    parent: QWidget | None = widget
    while parent is not None and not isinstance(parent, QDockWidget):
        parent = parent.parentWidget()
    return parent


def dock_in_front(dock: QDockWidget) -> bool:
    """False for a closed dock and for one behind another tab of its group."""
    return dock.isVisible() and not dock.visibleRegion().isEmpty()


def on_screen(widget: QWidget) -> bool:
    """The user can see the widget (scrolled out of view still counts: Tab scrolls to it)."""
    if not widget.isVisible() or not widget.isEnabled():
        return False
    dock = dock_of(widget)
    return dock is None or dock_in_front(dock)


def _takes_tab(widget: QWidget) -> bool:
    return bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus) and widget.focusProxy() is None


class FocusChain(QObject):
    """Tab order and the guard against typing into hidden widgets, for one main window."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    # ---- the order -----------------------------------------------------------------------

    def area_of(self, widget: QWidget) -> QWidget:
        """The dock or the central widget that holds `widget` (a dock tab bar is its own)."""
        dock = dock_of(widget)
        if dock is not None:
            return dock
        central = self.window.centralWidget()
        return central if central is not None and central.isAncestorOf(widget) else widget

    def stops(self) -> list[QWidget]:
        """Every Tab stop the user can see, in reading order."""
        found: list[QWidget] = []
        widget = self.window.nextInFocusChain()
        while widget is not None and widget is not self.window and len(found) < 2000:
            if widget.window() is self.window and _takes_tab(widget) and on_screen(widget):
                found.append(widget)
            widget = widget.nextInFocusChain()
        areas: dict[int, list[QWidget]] = {}
        keys: dict[int, tuple[int, int]] = {}
        for w in found:
            area = self.area_of(w)
            areas.setdefault(id(area), []).append(w)
            corner = area.mapTo(self.window, area.rect().topLeft())
            keys[id(area)] = (corner.x() // 40, corner.y())
        ordered: list[QWidget] = []
        for key in sorted(areas, key=lambda k: keys[k]):
            ordered.extend(self._reading_order(areas[key]))
        return ordered

    def _reading_order(self, widgets: list[QWidget]) -> list[QWidget]:
        boxes = [(w, w.mapTo(self.window, w.rect().topLeft()), max(1, w.height())) for w in widgets]
        boxes.sort(key=lambda b: b[1].y())
        rows: list[list[tuple[QWidget, int, int, int]]] = []
        for w, corner, height in boxes:
            row = rows[-1] if rows else None
            if row and corner.y() < row[0][2] + row[0][3] * ROW_OVERLAP:
                row.append((w, corner.x(), corner.y(), height))
            else:
                rows.append([(w, corner.x(), corner.y(), height)])
        return [w for row in rows for w, *_ in sorted(row, key=lambda b: b[1])]

    def move(self, forward: bool) -> bool:
        """Focus the next (or previous) stop; False when there is none to go to."""
        stops = self.stops()
        if not stops:
            return False
        current = QApplication.focusWidget()
        index = next(
            (i for i, w in enumerate(stops) if current is not None and w.isAncestorOf(current)),
            -1,
        )
        index = next((i for i, w in enumerate(stops) if w is current), index)
        step = 1 if forward else -1
        target = stops[(index + step) % len(stops)] if index >= 0 else stops[0 if forward else -1]
        reason = Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason
        target.setFocus(reason)
        return True

    def first_stop_in(self, area: QWidget) -> QWidget | None:
        """The first Tab stop inside `area` (after it is shown), or None."""
        QApplication.processEvents()  # a dock just raised is placed on the next loop turn
        return next((w for w in self.stops() if area.isAncestorOf(w)), None)

    def next_area(self, forward: bool) -> None:
        """F6: the first stop of the next area (pane) in reading order."""
        stops = self.stops()
        if not stops:
            return
        areas: list[QWidget] = []
        for w in stops:
            area = self.area_of(w)
            if area not in areas:
                areas.append(area)
        current = QApplication.focusWidget()
        here = self.area_of(current) if current is not None else None
        index = areas.index(here) if here in areas else -1
        target = areas[(index + (1 if forward else -1)) % len(areas)]
        first = next(w for w in stops if self.area_of(w) is target)
        first.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # ---- the guard -----------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() not in (QEvent.Type.KeyPress, QEvent.Type.InputMethod):
            return False
        if not isinstance(watched, QWidget) or watched.window() is not self.window:
            return False
        if on_screen(watched):
            return False
        # A key for a widget out of sight (its dock tab was switched away): never let it
        # edit that widget; the keyboard goes to what is in front instead.
        self.rescue_focus()
        if isinstance(event, QKeyEvent) and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            self.move(event.key() == Qt.Key.Key_Tab)
        return True

    def rescue_focus(self, near: QWidget | None = None) -> None:
        """Put focus on something in sight: the first stop of `near`'s area, else the first."""
        stops = self.stops()
        if not stops:
            self.window.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        if near is not None:
            for w in stops:
                if near.isAncestorOf(w):
                    w.setFocus(Qt.FocusReason.OtherFocusReason)
                    return
        stops[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def watch_dock(self, dock: QDockWidget) -> None:
        """When `dock` goes behind another tab while holding focus, move focus to the front."""
        dock.visibilityChanged.connect(lambda visible, d=dock: self._dock_visibility(d, visible))

    def _dock_visibility(self, dock: QDockWidget, visible: bool) -> None:
        focus = QApplication.focusWidget()
        if visible or focus is None or not dock.isAncestorOf(focus):
            return
        front = next(
            (
                d
                for d in self.window.tabifiedDockWidgets(dock)
                if d.isVisible() and not d.visibleRegion().isEmpty()
            ),
            None,
        )
        self.rescue_focus(front)
