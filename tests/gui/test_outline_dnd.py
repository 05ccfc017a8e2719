"""Dragging sections in the outline: the marker shows the gap a drop lands in, and the drop
lands in the gap under the pointer at the moment of the drop (even with no move before it).

The events go to the outline's viewport as QDrag would send them (see test_build_example);
QDrag's own event loop is left out: under the offscreen platform it ends at once.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QDragEnterEvent, QDragLeaveEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from briefpack.gui.document import PackDocument
from briefpack.gui.outline import OutlineView, SectionsModel
from briefpack.model.packfile import load_pack

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "protective-security-update.bpack"
MOVE = Qt.DropAction.MoveAction
BUTTONS, MODS = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier


@pytest.fixture
def outline(qtbot) -> OutlineView:
    doc = PackDocument(load_pack(EXAMPLE))
    view = OutlineView(SectionsModel(doc))
    view.doc = doc  # kept alive with the view
    qtbot.addWidget(view)
    view.resize(360, 600)  # every row visible
    view.show()
    qtbot.waitExposed(view)
    return view


def ids(view: OutlineView) -> list[str]:
    return [s.id or s.kind for s in view.doc.pack.sections]


def row_rect(view: OutlineView, row: int):
    return view.visualRect(view.model().index(row, 0))


def upper(view: OutlineView, row: int) -> QPoint:
    rect = row_rect(view, row)
    return QPoint(rect.center().x(), rect.top() + 2)


def lower(view: OutlineView, row: int) -> QPoint:
    rect = row_rect(view, row)
    return QPoint(rect.center().x(), rect.bottom() - 2)


def gap_before(view: OutlineView, row: int) -> QPoint:
    """A point in the spacing between row-1 and row, on no row at all."""
    rect = row_rect(view, row)
    point = QPoint(rect.center().x(), rect.top() - 1)
    assert not view.indexAt(point).isValid()
    return point


def drag_events(view: OutlineView, source: int, mime=None):
    mime = mime if mime is not None else view.model().mimeData([view.model().index(source)])
    viewport = view.viewport()

    def send(kind, at: QPoint):
        event = kind(QPointF(at), MOVE, mime, BUTTONS, MODS)
        QApplication.sendEvent(viewport, event)
        return event

    return send


@pytest.mark.parametrize(
    ("where", "row", "marker"),
    [(upper, 3, 3), (lower, 3, 4), (gap_before, 5, 5), (upper, 0, 0), (lower, 9, 10)],
)
def test_the_marker_shows_the_gap_under_the_pointer(outline, where, row, marker):
    send = drag_events(outline, 0)
    assert send(QDragEnterEvent, upper(outline, 0)).isAccepted()
    move = send(QDragMoveEvent, where(outline, row))
    assert move.isAccepted()
    assert outline.drop_marker_row == marker


def test_the_marker_follows_the_pointer_and_goes_on_leave(outline):
    send = drag_events(outline, 1)
    send(QDragEnterEvent, upper(outline, 1))
    seen = []
    for row in (3, 4, 5, 6):
        send(QDragMoveEvent, lower(outline, row))
        seen.append(outline.drop_marker_row)
    assert seen == [4, 5, 6, 7]
    QApplication.sendEvent(outline.viewport(), QDragLeaveEvent())
    assert outline.drop_marker_row is None


def test_the_marker_is_drawn_in_the_gap(outline, qtbot):
    send = drag_events(outline, 0)
    send(QDragEnterEvent, upper(outline, 0))
    send(QDragMoveEvent, upper(outline, 4))
    image = outline.viewport().grab().toImage()
    y = outline.marker_y(4)
    assert row_rect(outline, 3).bottom() < y < row_rect(outline, 4).top()
    highlight = outline.palette().color(outline.palette().ColorRole.Highlight)
    assert QColor(image.pixel(outline.viewport().width() // 2, y)) == highlight
    send(QDropEvent, upper(outline, 4))
    image = outline.viewport().grab().toImage()
    assert QColor(image.pixel(outline.viewport().width() // 2, y)) != highlight


@pytest.mark.parametrize(
    ("where", "row", "dest"),
    [
        (gap_before, 5, 4),  # Qt sent such drops to the end of the list
        (gap_before, 9, 8),
        (upper, 6, 5),
        (lower, 6, 6),
        (lower, 9, 9),
    ],
)
def test_a_drop_with_no_move_before_it_lands_where_dropped(outline, where, row, dest):
    before = ids(outline)
    send = drag_events(outline, 0)
    send(QDragEnterEvent, upper(outline, 0))  # then straight to the drop: no move there
    drop = send(QDropEvent, where(outline, row))
    moved = before.pop(0)
    before.insert(dest, moved)
    assert ids(outline) == before
    assert drop.isAccepted()
    assert outline.drop_marker_row is None


def test_a_drop_below_the_last_row_lands_at_the_end(outline):
    send = drag_events(outline, 2)
    send(QDragEnterEvent, upper(outline, 2))
    last = row_rect(outline, 9)
    send(QDropEvent, QPoint(last.center().x(), last.bottom() + 40))
    assert ids(outline)[-1] == "hotline"


def test_a_dropped_move_is_one_undo_step(outline):
    before = ids(outline)
    send = drag_events(outline, 7)
    send(QDragEnterEvent, upper(outline, 7))
    send(QDragMoveEvent, gap_before(outline, 2))
    send(QDropEvent, gap_before(outline, 2))
    assert ids(outline)[2] == before[7]
    assert outline.doc.undo_stack.count() == 1
    outline.doc.undo_stack.undo()
    assert ids(outline) == before


def test_rows_from_another_window_are_refused_without_a_marker(outline):
    other = SectionsModel(PackDocument(load_pack(EXAMPLE)))
    mime = other.mimeData([other.index(0)])
    before = ids(outline)
    send = drag_events(outline, 0, mime)
    send(QDragEnterEvent, upper(outline, 3))
    move = send(QDragMoveEvent, upper(outline, 3))
    assert not move.isAccepted()
    assert outline.drop_marker_row is None
    send(QDropEvent, upper(outline, 3))
    assert ids(outline) == before


def test_every_pixel_height_drops_into_the_nearest_gap(outline):
    """Top to bottom the drop row never goes back, and it is the gap nearest the pointer."""
    count = outline.model().rowCount()
    previous = 0
    for y in range(outline.viewport().height()):
        row = outline.drop_row_at(QPoint(10, y))
        assert previous <= row <= count
        previous = row
        distances = [abs(outline.marker_y(gap) - y) for gap in range(count + 1)]
        assert abs(outline.marker_y(row) - y) <= min(distances) + 1


def test_the_marker_follows_rows_scrolled_under_a_still_pointer(outline, qtbot):
    outline.resize(360, 120)  # room for a few rows: the rest scroll
    qtbot.waitUntil(lambda: outline.verticalScrollBar().maximum() > 0)
    pointer = QPoint(10, outline.viewport().height() - 5)
    outline.track_drop(pointer)
    first = outline.drop_marker_row
    outline.verticalScrollBar().setValue(outline.verticalScrollBar().maximum())
    assert outline.drop_marker_row == outline.drop_row_at(pointer) > first
    outline.clear_drop_marker()
    assert outline.drop_marker_row is None


def test_the_library_can_show_the_same_marker(outline):
    outline.show_drop_marker(0)
    assert outline.drop_marker_row == 0
    assert outline.track_drop(lower(outline, 2)) == 3
    assert outline.drop_marker_row == 3
    outline.clear_drop_marker()
    assert outline.drop_marker_row is None
