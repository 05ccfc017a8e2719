"""The threat badge, Settings ▸ Threat Level… and the opt-in MI5 feed check at start."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from briefpack.gui.threat_dialog import FEED_ON_START_KEY, ThreatLevelDialog, short_date
from briefpack.gui.threat_ui import ThreatBadge
from briefpack.model import threat_feed, threat_record
from briefpack.model.packfile import load_pack
from briefpack.model.resources import data_dir
from briefpack.model.threat import ThreatLevel
from briefpack.render.design.palette import STEP_FILLS

TODAY = date.today()


@pytest.fixture
def win(qtbot, settings, example_copy):
    """The main window with the example pack (SEVERE since 29 August 2014, NI SUBSTANTIAL)
    and the threat UI installed; not shown, so no preview is rendered."""
    from briefpack.gui.mainwindow import MainWindow

    window = MainWindow(settings, load_pack(example_copy))
    window.files.ask_save_changes = lambda: QMessageBox.StandardButton.Discard
    qtbot.addWidget(window)
    return window


def ui_of(window):
    return window.threat_ui


def no_dialog_open() -> bool:
    return not any(
        isinstance(w, (QDialog, QMessageBox)) and w.isVisible()
        for w in QApplication.topLevelWidgets()
    )


# ---- the badge ---------------------------------------------------------------------------------


def test_badge_shows_the_recorded_level_its_date_and_the_records_age(win):
    badge = ui_of(win).badge
    assert win.statusBar().findChild(ThreatBadge) is badge
    now = threat_record.current()
    confirmed = short_date(threat_record.BUILTIN_CONFIRMED)
    assert badge.text() == (
        f"Threat: {now.level.display_name} since {short_date(now.since)}"
        f" · record confirmed {confirmed}"
    )
    assert STEP_FILLS[now.level.rank] in badge.styleSheet()
    ireland = threat_record.current("northern_ireland")
    tip = badge.toolTip()
    assert f"Northern Ireland: {ireland.level.display_name} since" in tip
    assert ireland.source in tip and now.source in tip


def test_badge_follows_the_record_when_it_changes_outside_the_app(win, qtbot):
    badge = ui_of(win).badge
    since = TODAY - timedelta(days=1)
    # As `briefpack threat` on the command line would: the app only sees the file change.
    threat_record.add_user_change("national", "critical", since)
    qtbot.waitUntil(lambda: "CRITICAL" in badge.text(), timeout=5000)
    assert badge.text().startswith(f"Threat: CRITICAL since {short_date(since)}")
    assert STEP_FILLS[5] in badge.styleSheet()
    assert f"set by you on {TODAY.day}" in badge.toolTip()


def test_badge_with_a_damaged_record_shows_the_built_in_level_and_says_why(win, user_data_dir):
    (user_data_dir / threat_record.RECORD_FILE).write_text("{broken", encoding="utf-8")
    ui_of(win).refresh()
    badge = ui_of(win).badge
    builtin = threat_record.builtin_record().level_on(TODAY)
    assert badge.text().startswith(f"Threat: {builtin.level.display_name} since")
    assert "Your own entries cannot be read" in badge.toolTip()


# ---- the dialog --------------------------------------------------------------------------------


def choose(combo, level: str) -> None:
    combo.setCurrentIndex(combo.findData(level))


def test_dialog_records_a_change_then_applies_it_to_the_pack_as_one_undo_step(win, qtbot):
    ui = ui_of(win)
    dialog = ui.open_dialog()
    assert isinstance(dialog, ThreatLevelDialog) and dialog.isVisible()
    national, ireland = dialog.rows["national"], dialog.rows["northern_ireland"]
    assert national.level.currentData() == threat_record.current().level.value
    choose(national.level, "critical")
    assert national.since.value() == TODAY  # a new level starts today unless told otherwise
    choose(ireland.level, "low")
    ireland.since.edit.setText("1/12/2026")  # typed, not yet confirmed with Enter
    dialog.record_button.click()

    assert threat_record.current().level is ThreatLevel.CRITICAL
    assert threat_record.current().since == TODAY
    low = threat_record.level_on(date(2026, 12, 1), "northern_ireland")
    assert (low.level, low.since) == (ThreatLevel.LOW, date(2026, 12, 1))
    assert ui.badge.text().startswith(f"Threat: CRITICAL since {short_date(TODAY)}")
    table = dialog.tables["national"]
    assert table.item(0, 1).text() == "CRITICAL" and "set by you" in table.item(0, 2).text()
    assert "Recorded" in dialog.message.text()

    doc = win.doc
    before = doc.pack.threat.model_copy()
    count = doc.undo_stack.count()
    assert dialog.apply_button.isEnabled()
    dialog.apply_button.click()
    threat = doc.pack.threat
    assert (threat.level, threat.since, threat.northern_ireland) == ("critical", TODAY, "low")
    assert doc.undo_stack.count() == count + 1  # one step, not three
    assert not dialog.apply_button.isEnabled()
    assert win.panes.pack_settings.threat.level.currentData() == "critical"
    doc.undo_stack.undo()
    assert doc.pack.threat == before
    doc.undo_stack.redo()
    assert doc.pack.threat.level == "critical"


def test_recording_nothing_new_writes_nothing(win):
    dialog = ui_of(win).open_dialog()
    dialog.record_button.click()
    assert "Nothing to record" in dialog.message.text()
    assert not threat_record.user_record_path().exists()


def test_a_date_that_is_not_a_date_is_not_recorded(win):
    dialog = ui_of(win).open_dialog()
    choose(dialog.rows["national"].level, "low")
    dialog.rows["national"].since.edit.setText("the 45th of Smarch")
    dialog.record_button.click()
    assert "Correct the date" in dialog.message.text()
    assert not threat_record.user_record_path().exists()


def test_applying_keeps_a_pack_that_prints_no_northern_ireland_level(win):
    win.doc.edit_field(("threat",), "northern_ireland", None)
    threat_record.add_user_change("national", "moderate", TODAY)
    dialog = ui_of(win).open_dialog()
    assert dialog.apply_to_pack()
    threat = win.doc.pack.threat
    assert threat.level == "moderate" and threat.northern_ireland is None


def test_the_dialog_says_when_the_record_cannot_be_written(win, user_data_dir):
    dialog = ui_of(win).open_dialog()
    (user_data_dir / threat_record.RECORD_FILE).write_text("[]", encoding="utf-8")
    choose(dialog.rows["national"].level, "low")
    dialog.record_button.click()
    assert dialog.message.text().startswith("Not recorded")
    assert "not a record of threat levels" in dialog.message.text()
    assert not any(isinstance(w, QMessageBox) for w in QApplication.topLevelWidgets())


# ---- new packs in the app ------------------------------------------------------------------------


def test_new_packs_in_the_app_take_the_recorded_level(win):
    from briefpack.gui.window_files import default_pack

    threat_record.add_user_change("national", "low", TODAY - timedelta(days=3))
    assert (default_pack().threat.level, default_pack().threat.since) == (
        "low",
        TODAY - timedelta(days=3),
    )
    for template in sorted(data_dir("templates").glob("*.bpack")):
        assert win.templates.new_from_template(template)
        assert win.doc.pack.threat.level == "low", template.name


# ---- the MI5 feed at start ------------------------------------------------------------------


def reading(national: str, ireland: str = "substantial") -> threat_feed.FeedReading:
    return threat_feed.FeedReading(
        ThreatLevel(national), ThreatLevel(ireland), None, threat_feed.DEFAULT_FEED_URL
    )


def test_the_feed_check_is_off_by_default(win, monkeypatch):
    monkeypatch.setattr(threat_feed, "read_feed", lambda *a, **k: pytest.fail("read the feed"))
    assert not ui_of(win).start_feed_check_if_enabled()
    dialog = ui_of(win).open_dialog()
    assert not dialog.feed_box.isChecked()
    dialog.feed_box.setChecked(True)
    assert win.settings.value(FEED_ON_START_KEY) in (True, "true")


def test_the_check_at_start_happens_once(win, qtbot, monkeypatch):
    win.settings.setValue(FEED_ON_START_KEY, True)
    calls: list[int] = []

    def counted(*_args, **_kwargs):
        calls.append(1)
        return reading(threat_record.current().level.value)

    monkeypatch.setattr(threat_feed, "read_feed", counted)
    ui = ui_of(win)
    assert ui.start_feed_check_if_enabled()
    qtbot.waitUntil(lambda: not ui.feed.running() and bool(calls), timeout=5000)
    assert not ui.start_feed_check_if_enabled()  # a second "start" is not a second check
    assert calls == [1]


def test_the_feed_is_read_off_the_ui_thread_and_the_ui_keeps_answering(win, qtbot, monkeypatch):
    win.settings.setValue(FEED_ON_START_KEY, True)
    release = threading.Event()
    threads: dict[str, threading.Thread] = {}
    recorded_on: list[threading.Thread] = []

    def slow_feed(*_args, **_kwargs):
        threads["read"] = threading.current_thread()
        release.wait(10)  # the network taking its time
        return reading("critical")

    real_record = threat_feed.record_reading

    def record_on_thread(*args, **kwargs):
        recorded_on.append(threading.current_thread())
        return real_record(*args, **kwargs)

    monkeypatch.setattr(threat_feed, "read_feed", slow_feed)
    monkeypatch.setattr(threat_feed, "record_reading", record_on_thread)
    ui = ui_of(win)
    assert ui.start_feed_check_if_enabled()
    assert win.statusBar().currentMessage().startswith("Checking the MI5")
    ticks: list[int] = []
    timer = QTimer(interval=20)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    qtbot.waitUntil(lambda: len(ticks) >= 5, timeout=3000)  # answering while the read waits
    timer.stop()
    assert "read" in threads and ui.feed.running()
    release.set()
    qtbot.waitUntil(lambda: not ui.feed.running() and "CRITICAL" in ui.badge.text(), timeout=5000)
    assert threads["read"] is not threading.main_thread()
    assert recorded_on == [threading.main_thread()]  # the record is written on the UI thread
    assert win.statusBar().currentMessage() == "MI5 feed: new level recorded — National CRITICAL"
    assert threat_record.current().level is ThreatLevel.CRITICAL
    assert threat_record.last_feed_read() == TODAY


def test_a_feed_that_agrees_is_one_line_and_records_the_day_it_was_read(win, qtbot, monkeypatch):
    win.settings.setValue(FEED_ON_START_KEY, "true")  # as an INI file gives it back
    level = threat_record.current().level.value
    ireland = threat_record.current("northern_ireland").level.value
    monkeypatch.setattr(threat_feed, "read_feed", lambda *a, **k: reading(level, ireland))
    ui = ui_of(win)
    assert ui.start_feed_check_if_enabled()
    qtbot.waitUntil(lambda: "MI5 feed checked" in win.statusBar().currentMessage(), timeout=5000)
    assert win.statusBar().currentMessage() == (
        f"MI5 feed checked: national level {level.upper()}, as recorded"
    )
    assert f"MI5 feed last read on {TODAY.day}" in ui.badge.toolTip()


@pytest.mark.parametrize(
    "failure, line",
    [
        (
            threat_feed.FeedError(
                "the site cannot be found; check the network connection and the address",
                file=threat_feed.DEFAULT_FEED_URL,
            ),
            "MI5 feed not checked: the site cannot be found; check the network connection "
            "and the address",
        ),
        (
            ValueError("bad\nthing"),
            "MI5 feed not checked: an unexpected error (ValueError: bad thing)",
        ),
    ],
)
def test_a_feed_failure_is_one_status_line_never_a_dialog(win, qtbot, monkeypatch, failure, line):
    win.settings.setValue(FEED_ON_START_KEY, True)

    def failing(*_args, **_kwargs):
        raise failure

    monkeypatch.setattr(threat_feed, "read_feed", failing)
    ui = ui_of(win)
    before = ui.badge.text()
    assert ui.start_feed_check_if_enabled()
    qtbot.waitUntil(lambda: "not checked" in win.statusBar().currentMessage(), timeout=5000)
    assert win.statusBar().currentMessage() == line
    assert no_dialog_open()
    assert ui.badge.text() == before and not threat_record.user_record_path().exists()
