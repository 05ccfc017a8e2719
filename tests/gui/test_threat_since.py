"""Changing the national threat level asks which date since goes with it: one undo step."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import QApplication

from briefpack.gui import threat_since
from briefpack.gui.document import PackDocument
from briefpack.gui.editors import ThreatFields
from briefpack.gui.threat_since import SinceAnswer, ThreatSinceDialog
from briefpack.model.editing import META
from briefpack.model.packfile import load_pack

TODAY = date(2026, 12, 3)


@pytest.fixture(autouse=True)
def own_record(tmp_path, monkeypatch):
    """The built-in record only (no entries from the machine's user folder), no preset."""
    monkeypatch.setenv("BRIEFPACK_USER_DIR", str(tmp_path / "user"))
    monkeypatch.delenv(threat_since.ANSWER_ENV, raising=False)


@pytest.fixture
def asked(monkeypatch):
    """Answers the question with whatever the test puts in `answers`; records the questions."""
    calls: list[tuple] = []
    answers: list[SinceAnswer | None] = []

    def fake(parent, level_name, old_since, record_since):
        calls.append((level_name, old_since, record_since))
        return answers.pop(0)

    monkeypatch.setattr(threat_since, "ask_since", fake)
    return calls, answers


@pytest.fixture
def doc(qtbot, example_copy):
    """The example pack (SEVERE since 29 August 2014), re-dated 3 December 2026."""
    document = PackDocument(load_pack(example_copy), example_copy)
    document.edit_field(META, "date", TODAY)
    document.undo_stack.clear()
    return document


@pytest.fixture
def two_fields(qtbot, doc):
    """The threat fields twice, as in Pack settings and in the threat level section editor."""
    first, second = ThreatFields(doc), ThreatFields(doc)
    for widget in (first, second):
        qtbot.addWidget(widget)
    return first, second


def choose(combo, value) -> None:
    combo.setCurrentIndex(combo.findData(value))


# ---- the dialog ---------------------------------------------------------------------------


def dialog(qtbot, old=date(2014, 8, 29), record=date(2022, 2, 9)) -> ThreatSinceDialog:
    window = ThreatSinceDialog("SUBSTANTIAL", old, record, today=TODAY)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_the_dialog_offers_the_four_dates(qtbot):
    window = dialog(qtbot)
    assert window.findChild(object, "since_question").text() == "<b>SUBSTANTIAL since when?</b>"
    assert window.keep.text() == "Keep 29 August 2014"
    assert window.today_choice.text() == "Today, 3 December 2026"
    assert window.record.text() == "9 February 2022, the date the record gives"
    assert window.pick.text() == "Pick a date:"
    assert window.record.isChecked()  # the record's date is the default
    window.keep.click()
    assert window.answer() == SinceAnswer("keep", date(2014, 8, 29))
    window.today_choice.click()
    assert window.answer() == SinceAnswer("today", TODAY)
    window.date_edit.setDate(QDate(2026, 11, 21))  # touching the date picks it
    assert window.pick.isChecked()
    assert window.answer() == SinceAnswer("pick", date(2026, 11, 21))


def test_without_a_record_date_today_is_the_default_and_blank_can_be_kept(qtbot):
    window = dialog(qtbot, old=None, record=None)
    assert window.record is None
    assert window.today_choice.isChecked()
    assert window.keep.text() == "Keep it blank (no date printed)"
    window.keep.click()
    assert window.answer() == SinceAnswer("keep", None)


def test_enter_takes_the_default_and_escape_cancels(qtbot):
    window = dialog(qtbot)
    with qtbot.waitSignal(window.accepted):
        qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Return)
    assert window.answer() == SinceAnswer("record", date(2022, 2, 9))
    other = dialog(qtbot)
    with qtbot.waitSignal(other.rejected):
        qtbot.keyClick(other.focusWidget(), Qt.Key.Key_Escape)


def test_enter_in_the_date_field_takes_the_date_picked(qtbot):
    window = dialog(qtbot)
    window.date_edit.setFocus()
    window.date_edit.setDate(QDate(2026, 11, 21))
    with qtbot.waitSignal(window.accepted):
        qtbot.keyClick(window.date_edit, Qt.Key.Key_Return)
    assert window.answer() == SinceAnswer("pick", date(2026, 11, 21))


@pytest.mark.parametrize(
    ("key", "expected"), [(Qt.Key.Key_Return, "record"), (Qt.Key.Key_Escape, None)]
)
def test_ask_since_shows_the_dialog_modally(qtbot, key, expected):
    seen = []

    def press() -> None:
        modal = QApplication.activeModalWidget()
        seen.append(modal)
        qtbot.keyClick(modal.focusWidget(), key)

    QTimer.singleShot(0, press)
    answer = threat_since.ask_since(None, "SUBSTANTIAL", date(2014, 8, 29), date(2022, 2, 9))
    assert isinstance(seen[0], ThreatSinceDialog)
    assert (answer.choice if answer else None) == expected


@pytest.mark.parametrize(
    ("preset", "expected"),
    [
        ("keep", SinceAnswer("keep", date(2014, 8, 29))),
        ("record", SinceAnswer("record", date(2022, 2, 9))),
        ("cancel", None),
    ],
)
def test_a_preset_answer_asks_nothing(monkeypatch, preset, expected):
    monkeypatch.setenv(threat_since.ANSWER_ENV, preset)
    assert threat_since.ask_since(None, "X", date(2014, 8, 29), date(2022, 2, 9)) == expected


# ---- the threat fields --------------------------------------------------------------------


def test_a_new_level_and_its_date_are_one_undo_step(doc, two_fields, asked):
    calls, answers = asked
    settings, section = two_fields
    answers.append(SinceAnswer("record", date(2022, 2, 9)))
    choose(settings.level, "substantial")
    assert calls == [("SUBSTANTIAL", date(2014, 8, 29), date(2022, 2, 9))]
    threat = doc.pack.threat
    assert (threat.level.value, threat.since) == ("substantial", date(2022, 2, 9))
    assert section.level.currentData() == "substantial"
    assert section.since.date() == QDate(2022, 2, 9)
    assert "likely" in section.level_meaning.text()
    stack = doc.undo_stack
    assert stack.count() == 1
    assert stack.undoText() == "Set threat level to SUBSTANTIAL, since 9 February 2022"
    stack.undo()
    assert (threat.level.value, threat.since) == ("severe", date(2014, 8, 29))
    assert settings.level.currentData() == section.level.currentData() == "severe"
    assert settings.since.date() == QDate(2014, 8, 29)
    stack.redo()
    assert (threat.level.value, threat.since) == ("substantial", date(2022, 2, 9))
    assert calls == [("SUBSTANTIAL", date(2014, 8, 29), date(2022, 2, 9))]  # undo asks nothing


def test_the_record_date_is_offered_only_for_the_level_it_has_in_force(doc, two_fields, asked):
    calls, answers = asked
    answers.append(SinceAnswer("today", TODAY))
    choose(two_fields[1].level, "critical")  # from the section editor's copy
    assert calls == [("CRITICAL", date(2014, 8, 29), None)]
    assert (doc.pack.threat.level.value, doc.pack.threat.since) == ("critical", TODAY)
    assert two_fields[0].level.currentData() == "critical"


def test_cancel_changes_nothing(doc, two_fields, asked):
    _calls, answers = asked
    settings, section = two_fields
    answers.append(None)
    before = doc.pack.threat.model_dump()
    choose(settings.level, "low")
    assert doc.pack.threat.model_dump() == before
    assert settings.level.currentData() == section.level.currentData() == "severe"
    assert "highly likely" in settings.level_meaning.text()
    assert doc.undo_stack.count() == 0


def test_keeping_the_date_changes_only_the_level(doc, two_fields, asked):
    _calls, answers = asked
    answers.append(SinceAnswer("keep", date(2014, 8, 29)))
    choose(two_fields[0].level, "moderate")
    assert (doc.pack.threat.level.value, doc.pack.threat.since) == ("moderate", date(2014, 8, 29))
    assert doc.undo_stack.count() == 1
    assert doc.undo_stack.undoText() == "Set threat level to MODERATE"
    doc.undo_stack.undo()
    assert doc.pack.threat.level.value == "severe"


def test_a_level_with_no_date_yet_can_get_one(doc, two_fields, asked):
    _calls, answers = asked
    settings, _section = two_fields
    settings.since_known.click()
    assert doc.pack.threat.since is None
    answers.append(SinceAnswer("pick", date(2026, 11, 21)))
    choose(settings.level, "critical")
    assert doc.pack.threat.since == date(2026, 11, 21)
    assert settings.since_known.isChecked() and settings.since.isEnabled()
    doc.undo_stack.undo()
    assert doc.pack.threat.since is None and not settings.since_known.isChecked()


def test_the_northern_ireland_level_is_changed_without_a_question(doc, two_fields, asked):
    calls, _answers = asked
    settings, section = two_fields
    choose(settings.ni, "severe")
    assert calls == []
    assert doc.pack.threat.northern_ireland.value == "severe"
    assert section.ni.currentData() == "severe" and doc.undo_stack.count() == 1


def test_a_reloaded_pack_asks_nothing(doc, two_fields, asked, example_copy):
    calls, _answers = asked
    pack = load_pack(example_copy)
    pack.threat.level = "critical"
    doc.reset(pack, example_copy)
    assert two_fields[0].level.currentData() == "critical" and calls == []


def test_in_the_window_settings_and_section_editor_agree(window, asked):
    calls, answers = asked
    answers.append(SinceAnswer("today", date.today()))
    settings = window.panes.pack_settings.threat
    choose(settings.level, "critical")
    window.panes.outline.select_row(1)
    section = window.panes.editor.current_editor.findChild(ThreatFields)
    assert section.level.currentData() == "critical"
    assert window.doc.pack.threat.since == date.today()
    window.menu_actions["undo"].trigger()
    assert section.level.currentData() == settings.level.currentData() == "severe"
    assert window.doc.pack.threat.since == date(2014, 8, 29)
    assert len(calls) == 1
