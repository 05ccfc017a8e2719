"""The Library dock: search, insert (double-click, Enter, drag), own items, import, export."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from briefpack.gui.library_panel import ImportDialog
from briefpack.model.library import (
    Library,
    item_from_section,
    library_to_bytes,
    load_library,
    save_user_library,
    user_library,
)
from briefpack.model.sections import CalloutSection

HOTLINE = "builtin.call-outs.report-it-hotline"


def show_library(window):
    window.panes.library_dock.show()
    window.panes.library_dock.raise_()
    QApplication.processEvents()
    return window.library.panel


def item_index(panel, item_id):
    panel.search.setText("")
    assert panel.select(item_id)
    index = panel.tree.currentIndex()
    panel.tree.scrollTo(index)
    QApplication.processEvents()
    return index


def test_search_filters_as_you_type(window, qtbot):
    panel = show_library(window)
    everything = panel.visible_ids()
    assert len(everything) == len(panel.model.items) > 20
    counts = []
    for letter in "hotline":
        qtbot.keyClicks(panel.search, letter)
        counts.append(len(panel.visible_ids()))
    shown = panel.visible_ids()
    assert HOTLINE in shown
    assert all("hotline" in panel.model.items[i].model_dump_json().lower() for i in shown)
    assert counts == sorted(counts, reverse=True) and counts[-1] < len(everything)
    # Categories with nothing matching are hidden (recursive filtering).
    assert panel.proxy.rowCount() < 6
    panel.search.clear()
    assert panel.visible_ids() == everything


def test_double_click_inserts_after_selected_section_and_undo_removes(window, qtbot):
    panel = show_library(window)
    window.panes.outline.select_row(1)
    before = [s.model_dump() for s in window.doc.pack.sections]
    index = item_index(panel, HOTLINE)
    pos = panel.tree.visualRect(index).center()
    # A double-click as the system sends it: press and release, then the double-click.
    qtbot.mouseClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseDClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    sections = window.doc.pack.sections
    assert len(sections) == len(before) + 1
    assert sections[2].origin == HOTLINE and sections[2].kind == "callout"
    assert window.panes.outline.current_row() == 2
    window.stack.undo()
    assert [s.model_dump() for s in window.doc.pack.sections] == before


def test_enter_inserts_the_selected_item(window, qtbot):
    panel = show_library(window)
    window.panes.outline.select_row(0)
    count = len(window.doc.pack.sections)
    item_index(panel, "builtin.quotes.rowley-thank-you")
    panel.tree.setFocus()
    qtbot.keyClick(panel.tree, Qt.Key.Key_Return)
    assert len(window.doc.pack.sections) == count + 1
    assert window.doc.pack.sections[1].origin == "builtin.quotes.rowley-thank-you"
    assert window.stack.count() == 1  # one undoable command
    window.stack.undo()
    assert len(window.doc.pack.sections) == count


def test_threat_item_sets_the_level_and_undo_restores_it_exactly(window):
    panel = show_library(window)
    threat = window.doc.pack.threat.model_dump()
    assert threat["level"] != "critical"
    assert panel.insert("builtin.threat.national-critical", 0)
    assert window.doc.pack.threat.level.value == "critical"
    assert window.panes.pack_settings.threat.level.currentData() == "critical"
    window.stack.undo()
    assert window.doc.pack.threat.model_dump() == threat
    assert window.doc.pack.sections[0].origin != "builtin.threat.national-critical"
    window.stack.redo()
    assert window.doc.pack.threat.level.value == "critical"


FIGURES_ROW = 5  # "The figures behind the partnership" in the example pack


def test_a_statistic_joins_the_selected_statistics_section_as_one_undo_step(window, qtbot):
    panel = show_library(window)
    window.panes.outline.select_row(FIGURES_ROW)
    section = window.doc.pack.sections[FIGURES_ROW]
    before = [s.model_dump() for s in window.doc.pack.sections]
    rows_before = len(section.items)
    item_index(panel, "builtin.statistics.plots-disrupted")
    panel.tree.setFocus()
    qtbot.keyClick(panel.tree, Qt.Key.Key_Return)
    sections = window.doc.pack.sections
    assert len(sections) == len(before)  # no new section
    grown = sections[FIGURES_ROW]
    assert len(grown.items) == rows_before + 1
    assert (grown.items[-1].id, grown.items[-1].value) == ("plots_disrupted", "7")
    assert grown.title == "The figures behind the partnership"
    # The outline shows where the figure went.
    assert window.panes.outline.current_row() == FIGURES_ROW
    assert window.stack.count() == 1
    window.stack.undo()
    assert [s.model_dump() for s in window.doc.pack.sections] == before
    assert window.doc.pack.sections[FIGURES_ROW] is section  # the very section put back
    window.stack.redo()
    assert window.doc.pack.sections[FIGURES_ROW].items[-1].id == "plots_disrupted"


def test_a_repeated_statistic_gets_a_fresh_id(window):
    panel = show_library(window)
    window.panes.outline.select_row(FIGURES_ROW)
    assert panel.insert("builtin.statistics.hotline-calls")
    ids = [row.id for row in window.doc.pack.sections[FIGURES_ROW].items]
    assert ids.count("hotline_calls") == 1 and ids[-1] == "hotline_calls_2"


def test_a_statistic_elsewhere_starts_a_key_figures_section(window):
    panel = show_library(window)
    window.panes.outline.select_row(1)  # the threat level
    before = [s.model_dump() for s in window.doc.pack.sections]
    assert panel.insert("builtin.statistics.plots-disrupted")
    new = window.doc.pack.sections[2]
    assert (new.kind, new.title, [r.id for r in new.items]) == (
        "statistics",
        "Key figures",
        ["plots_disrupted"],
    )
    assert window.panes.outline.current_row() == 2
    assert panel.insert("builtin.statistics.threat-in-numbers", 0)  # a set keeps its title
    assert window.doc.pack.sections[0].title == "The threat in numbers"
    window.stack.undo()
    window.stack.undo()
    assert [s.model_dump() for s in window.doc.pack.sections] == before


def drop_on_outline(window, mime, row, lower_half, action=Qt.DropAction.CopyAction):
    view = window.panes.outline
    rect = view.visualRect(view.model().index(row, 0))
    pos = QPoint(rect.center().x(), rect.bottom() - 1 if lower_half else rect.top() + 1)
    viewport = view.viewport()
    copy = action
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(pos.toPointF(), copy, mime, buttons, mods)
    QApplication.sendEvent(viewport, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(viewport, QDragMoveEvent(pos.toPointF(), copy, mime, buttons, mods))
    drop = QDropEvent(pos.toPointF(), copy, mime, buttons, mods)
    QApplication.sendEvent(viewport, drop)
    return drop.isAccepted()


@pytest.mark.parametrize(("row", "lower", "expected"), [(2, True, 3), (1, False, 1)])
def test_drag_from_panel_to_outline_inserts_at_drop_row(window, row, lower, expected):
    panel = show_library(window)
    window.panes.outline.select_row(0)
    count = len(window.doc.pack.sections)
    index = item_index(panel, HOTLINE)
    mime = panel.proxy.mimeData([index])  # what the tree hands to QDrag
    assert drop_on_outline(window, mime, row, lower)
    assert len(window.doc.pack.sections) == count + 1
    assert window.doc.pack.sections[expected].origin == HOTLINE
    window.stack.undo()
    assert len(window.doc.pack.sections) == count
    assert all(s.origin != HOTLINE for s in window.doc.pack.sections)


def test_a_section_move_drag_is_left_to_the_outline(window):
    from briefpack.gui.outline import ROW_MIME

    mime = window.panes.sections_model.mimeData([window.panes.sections_model.index(0)])
    assert mime.hasFormat(ROW_MIME)
    viewport = window.panes.outline.viewport()
    event = QDropEvent(
        QPoint(5, 5).toPointF(),
        Qt.DropAction.MoveAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    assert window.library.drop.eventFilter(viewport, event) is False  # the outline's own
    count = len(window.doc.pack.sections)
    panel = show_library(window)
    library_mime = panel.proxy.mimeData([item_index(panel, HOTLINE)])
    event = QDropEvent(
        QPoint(5, 5).toPointF(),
        Qt.DropAction.CopyAction,
        library_mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    assert window.library.drop.eventFilter(viewport, event) is True
    assert (
        window.doc.pack.sections[0].origin == HOTLINE and len(window.doc.pack.sections) == count + 1
    )


def test_add_section_to_library_survives_a_restart(window, qtbot, settings, user_data_dir):
    from briefpack.gui.mainwindow import MainWindow

    panel = show_library(window)
    window.panes.outline.select_row(2)
    section = window.doc.pack.sections[2]
    panel.ask_item_details = lambda *a, **k: ("Our team's box", "call-outs", ["Team", " local"])
    assert panel.add_current_section()
    assert (user_data_dir / "library.json").is_file()
    assert panel.selected_item().id == "user.our-team-s-box"
    window.close()

    again = MainWindow(settings)
    qtbot.addWidget(again)
    assert again.library.panel.select("user.our-team-s-box")
    item = again.library.panel.selected_item()
    assert item.tags == ["team", "local"] and item.category == "call-outs"
    assert item.section.model_dump(exclude={"origin", "origin_updated"}) == section.model_dump(
        exclude={"origin", "origin_updated"}
    )
    assert (
        again.library.panel.edit_action.isEnabled()
        and again.library.panel.delete_action.isEnabled()
    )


def test_edit_and_delete_own_items_builtins_read_only(window):
    panel = show_library(window)
    lib = Library(items=[item_from_section(CalloutSection(title="T", body="B"), "Mine", "advice")])
    save_user_library(lib)
    panel.reload("user.mine")
    panel.ask_item_details = lambda *a, **k: ("Mine renamed", "contacts", ["x"])
    assert panel.edit_selected()
    assert user_library().items[0].name == "Mine renamed"
    assert user_library().items[0].category == "contacts"
    panel.confirm_delete = lambda item: False
    assert not panel.delete_selected()
    panel.confirm_delete = lambda item: True
    assert panel.delete_selected()
    assert user_library().items == []
    panel.select(HOTLINE)
    assert not panel.edit_action.isEnabled() and not panel.delete_action.isEnabled()
    assert not panel.edit_selected() and not panel.delete_selected()


def write_libraries(tmp_path):
    ours = item_from_section(CalloutSection(title="Ours", body="a"), "Box", "call-outs", taken=())
    save_user_library(Library(items=[ours]))
    theirs = ours.model_copy(update={"name": "Box (their version)"}, deep=True)
    new = item_from_section(CalloutSection(title="New", body="b"), "Other", "advice", taken=())
    path = tmp_path / "colleague.json"
    path.write_bytes(library_to_bytes(Library(items=[theirs, new])))
    return path


@pytest.mark.parametrize(
    ("choice", "names"),
    [
        ("keep-both", {"Box", "Other", "Box (their version) (imported)"}),
        ("replace", {"Box (their version)", "Other"}),
        ("skip", {"Box", "Other"}),
    ],
)
def test_import_with_a_conflict(window, tmp_path, choice, names):
    panel = show_library(window)
    path = write_libraries(tmp_path)
    shown = []

    def through_the_dialog(plan):
        dialog = ImportDialog(plan, panel)
        shown.append((len(plan.new), len(plan.changed), len(plan.same)))
        dialog.set_choice(choice)
        return dialog.choice()

    panel.ask_import_choice = through_the_dialog
    assert panel.import_library(path)
    assert shown == [(1, 1, 0)]
    assert {i.name for i in user_library().items} == names
    assert set(panel.model.items) >= {i.id for i in user_library().items}


def test_import_cancelled_and_bad_file(window, tmp_path):
    panel = show_library(window)
    path = write_libraries(tmp_path)
    panel.ask_import_choice = lambda plan: None
    assert not panel.import_library(path)
    assert [i.name for i in user_library().items] == ["Box"]
    errors = []
    panel.show_error = lambda title, message: errors.append(message)
    bad = tmp_path / "bad.json"
    data = json.loads(path.read_text())
    data["items"][0]["category"] = "gossip"
    bad.write_text(json.dumps(data))
    assert not panel.import_library(bad)
    assert "bad.json" in errors[0] and "items[0].category" in errors[0]


def test_export_writes_the_users_items(window, tmp_path):
    panel = show_library(window)
    write_libraries(tmp_path)
    out = tmp_path / "out" / "mine.json"
    out.parent.mkdir()
    assert panel.export_library(out)
    assert [i.id for i in load_library(out).items] == [i.id for i in user_library().items]


def test_preview_shows_source_review_date_and_text(window):
    panel = show_library(window)
    panel.select(HOTLINE)
    text = panel.preview.text()
    item = panel.selected_item()
    assert item.source and item.source in text
    assert "Reviewed:" in text and "Built-in" in text
    assert "Call 0800 789 321" in text and "**" not in text and "body:" not in text
    stale = item.model_copy(update={"reviewed": item.reviewed.replace(year=2020)})
    from briefpack.gui.library_model import item_summary

    assert "over 12 months" in item_summary(stale) and "over 12 months" not in text


def test_a_first_start_shows_the_library_beside_checks_and_a_hidden_one_stays_hidden(
    qtbot, settings, example_copy
):
    from PySide6.QtWidgets import QMessageBox

    from briefpack.gui.library_panel import LibraryPanel
    from briefpack.gui.mainwindow import MainWindow

    def start() -> MainWindow:
        win = MainWindow(settings)
        win.files.ask_save_changes = lambda: QMessageBox.StandardButton.Discard
        qtbot.addWidget(win)
        assert win.files.open_file(example_copy)
        win.show()
        # The list itself arrives once the first preview is in.
        qtbot.waitUntil(
            lambda: isinstance(win.panes.library_dock.widget(), LibraryPanel), timeout=20_000
        )
        return win

    win = start()
    dock = win.panes.library_dock
    assert not dock.isHidden() and not dock.isFloating()
    assert win.panes.checks_dock in win.tabifiedDockWidgets(dock)
    assert dock.toggleViewAction().isChecked()
    dock.toggleViewAction().trigger()  # View ▸ Library off
    assert dock.isHidden()
    win.close()

    again = start()
    assert (
        again.panes.library_dock.isHidden()
        and not again.panes.library_dock.toggleViewAction().isChecked()
    )
    again.close()


def test_details_speak_plain_words_not_field_names(window):
    panel = show_library(window)
    panel.select("builtin.statistics.hotline-calls")
    text = panel.preview.text()
    assert "32 — calls to the confidential Anti-Terrorist Hotline" in text
    assert "as of 1 August 2016" in text
    for path_like in ("items[0]", "as_of", "value:", "label:", "kind:"):
        assert path_like not in text
    panel.select("builtin.contacts.report-it")
    assert "Confidential Anti-Terrorist Hotline · 0800 789 321" in panel.preview.text()
