"""Typing a date gives that date or a visible reason, never another date: the date field,
its binding to the pack (pack date, threat level date since) and the statistics "As of" cells."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QCheckBox, QLineEdit, QTableView, QWidget

from briefpack.gui.binding import Binder
from briefpack.gui.date_field import ERROR_COLOUR, DateField
from briefpack.gui.document import PackDocument
from briefpack.gui.items import ItemsEditor
from briefpack.model.editing import META, THREAT
from briefpack.model.packfile import load_pack

DEC_3 = date(2026, 12, 3)


def type_into(qtbot, field: DateField, text: str, key=Qt.Key.Key_Return) -> None:
    """Select all, type `text`, then press `key` (Enter commits, Escape reverts)."""
    field.edit.setFocus()
    field.edit.selectAll()
    qtbot.keyClicks(field.edit, text)
    qtbot.keyClick(field.edit, key)


@pytest.fixture
def field(qtbot):
    holder = QWidget()
    qtbot.addWidget(holder)
    widget = DateField(date(2016, 8, 1), holder)
    other = QLineEdit(holder)  # somewhere for the focus to go
    other.move(0, 80)
    holder.show()
    qtbot.waitExposed(holder)
    widget.other = other
    yield widget  # (a yield keeps `holder`, and so the field, alive for the test)


@pytest.mark.parametrize(
    "text",
    ["3/12/2026", "03/12/2026", "3.12.2026", "2026-12-03", "3 Dec 2026", "December 3, 2026"],
)
def test_typed_forms_give_that_date_shown_in_words(qtbot, field, text):
    with qtbot.waitSignal(field.dateChanged) as changed:
        type_into(qtbot, field, text)
    assert changed.args == [QDate(2026, 12, 3)]
    assert field.value() == DEC_3 and field.date() == QDate(2026, 12, 3)
    assert field.edit.text() == "3 December 2026" and field.error() == ""


def test_bad_text_shows_why_and_keeps_the_last_good_date(qtbot, field):
    with qtbot.assertNotEmitted(field.dateChanged), qtbot.waitSignal(field.invalidText) as bad:
        type_into(qtbot, field, "31/2/2026")
    message = "“31/2/2026” is not a date: February has 28 days in 2026"
    assert bad.args == [message]
    assert field.value() == date(2016, 8, 1)
    assert field.edit.text() == "31/2/2026"  # left to be corrected, not thrown away
    assert field.error() == message
    assert field.message.isVisible() and field.message.text() == message
    assert ERROR_COLOUR in field.edit.styleSheet()
    assert message in field.edit.toolTip()
    # Esc puts the held date back and clears the error
    qtbot.keyClick(field.edit, Qt.Key.Key_Escape)
    assert field.edit.text() == "1 August 2016" and field.error() == ""
    assert not field.message.isVisible() and field.edit.styleSheet() == ""


def test_leaving_the_field_commits_what_was_typed(qtbot, field):
    field.edit.setFocus()
    field.edit.selectAll()
    qtbot.keyClicks(field.edit, "2026-12-03")
    field.other.setFocus()
    qtbot.waitUntil(lambda: field.value() == DEC_3)
    assert field.edit.text() == "3 December 2026"


def test_esc_with_nothing_to_undo_is_left_for_the_dialog(qtbot, field):
    field.edit.setFocus()
    assert field.eventFilter(field.edit, _key(Qt.Key.Key_Escape)) is False


def _key(key):
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent

    return QKeyEvent(QEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier)


def test_the_calendar_picks_a_date(qtbot, field):
    field.show_calendar()
    popup = field.popup
    assert popup is not None and popup.isVisible()
    assert popup.calendar.selectedDate() == QDate(2016, 8, 1)
    view = popup.calendar.findChild(QTableView)
    popup.calendar.setSelectedDate(QDate(2026, 12, 3))
    with qtbot.waitSignal(field.dateChanged):
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert field.value() == DEC_3 and not popup.isVisible()
    assert field.edit.text() == "3 December 2026"


def test_setting_a_date_from_code_clears_a_refused_text(qtbot, field):
    type_into(qtbot, field, "next week")
    assert field.error()
    field.setDate(QDate(2026, 12, 3))
    assert field.error() == "" and field.edit.text() == "3 December 2026"


# ---- bound to the pack ----------------------------------------------------------------------


@pytest.fixture
def doc(example_copy):
    return PackDocument(load_pack(example_copy), example_copy)


def test_binder_date_binds_a_date_field_both_ways(qtbot, doc):
    holder = QWidget()
    qtbot.addWidget(holder)
    binder = Binder(doc, lambda: META, holder)
    widget = binder.date(DateField(parent=holder), "date")
    binder.refresh()
    assert widget.edit.text() == "1 August 2016"
    rejected = []
    doc.editRejected.connect(rejected.append)

    type_into(qtbot, widget, "3/12/2026")
    assert doc.pack.meta.date == DEC_3
    type_into(qtbot, widget, "31/2/2026")
    assert doc.pack.meta.date == DEC_3  # unchanged
    assert rejected == ["Date: “31/2/2026” is not a date: February has 28 days in 2026"]
    doc.undo_stack.undo()
    assert doc.pack.meta.date == date(2016, 8, 1)
    assert widget.edit.text() == "1 August 2016" and widget.error() == ""


def test_an_optional_date_follows_its_checkbox(qtbot, doc):
    holder = QWidget()
    qtbot.addWidget(holder)
    binder = Binder(doc, lambda: THREAT, holder)
    known = QCheckBox("Since", holder)
    widget = binder.date(DateField(parent=holder), "since", known)
    binder.refresh()
    assert known.isChecked() and widget.isEnabled()
    assert widget.value() == doc.pack.threat.since
    holder.show()
    type_into(qtbot, widget, "29 August 2014")
    known.click()
    assert doc.pack.threat.since is None and not widget.isEnabled()
    known.click()
    assert doc.pack.threat.since == date(2014, 8, 29) and widget.isEnabled()
    type_into(qtbot, widget, "1/8/2016")
    assert doc.pack.threat.since == date(2016, 8, 1)


def test_the_pack_settings_date_reads_typed_dates(window, qtbot):
    field = window.panes.pack_settings.date
    assert isinstance(field, DateField)
    type_into(qtbot, field, "3/12/2026")
    assert window.doc.pack.meta.date == DEC_3
    type_into(qtbot, field, "3/12/26")
    assert window.doc.pack.meta.date == DEC_3
    assert "write the year in full" in window.statusBar().currentMessage()
    assert field.message.isVisible()


# ---- the statistics table's "As of" column ----------------------------------------------------


def _stats_row(doc) -> int:
    return next(i for i, s in enumerate(doc.pack.sections) if s.kind == "statistics")


def test_as_of_cells_read_typed_dates_and_refuse_others(qtbot, doc):
    editor = ItemsEditor(doc)
    qtbot.addWidget(editor)
    row = _stats_row(doc)
    editor.set_section(doc.pack.sections[row])
    model = editor.model
    as_of = next(c for c, (f, _h, _t) in enumerate(model.columns) if f == "as_of")
    item = doc.pack.sections[row].items[0]
    rejected = []
    doc.editRejected.connect(rejected.append)

    assert model.setData(model.index(0, as_of), "3/12/2026")
    assert item.as_of == DEC_3 and model.index(0, as_of).data() == "3 December 2026"
    assert model.index(0, as_of).data(Qt.ItemDataRole.EditRole) == "3 December 2026"
    assert model.setData(model.index(0, as_of), "2026-12-04") and item.as_of == date(2026, 12, 4)
    assert not model.setData(model.index(0, as_of), "31/2/2026")
    assert item.as_of == date(2026, 12, 4)
    assert rejected and rejected[-1].endswith(
        "row 1, as-of date: “31/2/2026” is not a date: February has 28 days in 2026"
    )
    assert model.setData(model.index(0, as_of), "  ") and item.as_of is None


def test_value_column_shows_its_longest_value_whole(qtbot, doc):
    editor = ItemsEditor(doc)
    qtbot.addWidget(editor)
    row = _stats_row(doc)
    doc.pack.sections[row].items[0].value = "£12,345,678 a year"
    editor.set_section(doc.pack.sections[row])
    editor.resize(420, 300)
    editor.show()
    qtbot.waitExposed(editor)
    table = editor.table
    metrics = table.fontMetrics()
    for c, (field, _h, _t) in enumerate(editor.model.columns):
        if field in ("value", "as_of", "id"):
            longest = max(
                metrics.horizontalAdvance(str(editor.model.index(r, c).data() or ""))
                for r in range(editor.model.rowCount())
            )
            assert table.columnWidth(c) >= longest + 6, field
    # Too narrow for all of it: the table scrolls sideways instead of cutting values.
    assert table.horizontalScrollBar().maximum() > 0
    # Wide enough: no scrolling, and the columns fill the width.
    editor.resize(1400, 300)
    qtbot.waitUntil(lambda: table.horizontalScrollBar().maximum() == 0)
