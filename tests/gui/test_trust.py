"""The app an officer can trust: no dialog outlives its job, typing never edits a hidden
widget, the keyboard moves between outline and editor, layouts hold at every size."""

from __future__ import annotations

import json
import threading

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QSpinBox,
)

from briefpack.gui import jobs


def visible_progress() -> list[QProgressDialog]:
    return [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QProgressDialog) and w.isVisible()
    ]


def close_modal_soon(qtbot, clicks: list[str], button: str | None = None) -> None:
    """When a modal box opens, note its text and press `button` (or Escape)."""

    def close() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(50, close)
            return
        clicks.append(box.text() + "\n" + box.informativeText())
        if button is None:
            box.reject()
        else:
            next(b for b in box.buttons() if b.text() == button).click()

    QTimer.singleShot(50, close)


def break_first_section(window) -> None:
    window.panes.outline.select_row(0)
    title = window.panes.editor.current_editor.title
    title.setText("Intro {{ nonsense }}")
    title.textEdited.emit(title.text())


# ---- 1. a failed export never locks the app ------------------------------------------------


def test_a_fast_failing_export_leaves_no_progress_dialog_behind(
    window, tmp_path, qtbot, monkeypatch
):
    break_first_section(window)
    monkeypatch.setattr(window.output, "blocking_problems", lambda: [])  # let it reach the render
    messages: list[str] = []
    close_modal_soon(qtbot, messages)
    assert not window.output.export_to(tmp_path / "x.pdf", "pdf")
    assert messages and "nonsense" in messages[0]
    qtbot.wait(jobs.PROGRESS_AFTER_MS * 2)  # the old delayed dialog opened ~0.3 s later
    assert visible_progress() == []
    assert QApplication.activeModalWidget() is None
    assert window.menu_actions["export_pdf"].isEnabled()


def test_export_with_errors_is_refused_before_the_file_dialog(window, qtbot, monkeypatch):
    break_first_section(window)
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: asked.append(a) or ("", ""))
    window.panes.outline.select_row(4)
    messages: list[str] = []
    close_modal_soon(qtbot, messages, "Show Section")
    window.menu_actions["export_pdf"].trigger()
    assert asked == []
    assert "Section 1" in messages[0] and "heading" in messages[0] and "nonsense" in messages[0]
    assert window.panes.outline.current_row() == 0  # "Show Section" took the user there
    assert window.focusWidget() is window.panes.editor.current_editor.title
    assert QApplication.activeModalWidget() is None


def test_print_with_errors_is_refused_too(window, qtbot):
    break_first_section(window)
    messages: list[str] = []
    close_modal_soon(qtbot, messages)
    window.menu_actions["print"].trigger()
    assert messages and "nonsense" in messages[0] and "before it can be printed" in messages[0]
    assert visible_progress() == [] and QApplication.activeModalWidget() is None


def test_a_job_reports_only_after_its_dialog_is_gone(window, qtbot):
    # The job runs until the test has looked, after the dialog's delay: no race with the clock.
    seen, looked = [], threading.Event()

    def slow(progress: jobs.Progress) -> str:
        progress.stage("Working…")
        looked.wait(60)
        return "done"

    def look() -> None:
        seen.append(bool(visible_progress()))
        looked.set()

    QTimer.singleShot(jobs.PROGRESS_AFTER_MS + 150, look)
    outcome = window.jobs.run("Test", "Starting…", slow)
    assert outcome.value == "done" and seen == [True]
    assert visible_progress() == [] and window.jobs.progress is None
    assert not window.jobs.busy


def test_a_second_job_while_one_runs_is_refused_not_stacked(window, qtbot):
    results, tried = [], threading.Event()

    def try_inner() -> None:
        results.append(window.jobs.run("Inner", "…", lambda _q: 1))
        tried.set()

    QTimer.singleShot(100, try_inner)
    outer = window.jobs.run("Outer", "…", lambda _p: tried.wait(60) and 2)
    assert outer.value == 2
    assert results and results[0].refused


# ---- 2. typing never edits a widget the user cannot see ------------------------------------


def test_tab_from_the_outline_skips_the_hidden_pack_settings(window, qtbot):
    title = window.doc.pack.meta.title
    window.panes.checks_dock.raise_()
    qtbot.wait(50)
    window.panes.outline.select_row(2)
    window.panes.outline.setFocus()
    for _ in range(2):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    focus = QApplication.focusWidget()
    assert not window.panes.settings_dock.isAncestorOf(focus)
    qtbot.keyClicks(focus, "Q")
    assert window.doc.pack.meta.title == title


def test_every_tab_stop_is_on_screen_and_in_reading_order(window, qtbot):
    window.panes.checks_dock.raise_()
    qtbot.wait(50)
    stops = window.focus_chain.stops()
    assert stops and not any(window.panes.settings_dock.isAncestorOf(w) for w in stops)
    assert stops[0] is window.panes.outline
    columns = [window.focus_chain.area_of(w).mapTo(window, w.rect().topLeft()).x() for w in stops]
    assert columns == sorted(columns) or columns.index(max(columns)) == len(columns) - 1
    assert stops[-1] is window.panes.preview.view


def test_a_key_for_a_field_that_went_out_of_sight_is_not_typed(window, qtbot):
    title = window.doc.pack.meta.title
    window.panes.settings_dock.raise_()
    qtbot.wait(50)
    field = window.panes.pack_settings.title
    field.setFocus()
    window.panes.history_dock.raise_()  # the Pack settings tab goes behind History
    qtbot.wait(50)
    qtbot.keyClicks(field, "Q")
    assert window.doc.pack.meta.title == title
    assert not window.panes.settings_dock.isAncestorOf(QApplication.focusWidget())


def test_enter_or_f2_in_the_outline_goes_to_the_first_field_and_esc_comes_back(window, qtbot):
    window.panes.outline.select_row(0)
    window.panes.outline.setFocus()
    qtbot.keyClick(window.panes.outline, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is window.panes.editor.current_editor.title
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert QApplication.focusWidget() is window.panes.outline
    qtbot.keyClick(window.panes.outline, Qt.Key.Key_F2)
    assert QApplication.focusWidget() is window.panes.editor.current_editor.title


def test_after_insert_the_new_sections_first_field_has_focus(window, qtbot):
    window.panes.outline.select_row(1)
    window.panes.outline.setFocus()
    qtbot.keyClick(window.panes.outline, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)  # quote
    assert window.doc.pack.sections[2].kind == "quote"
    editor = window.panes.editor.current_editor
    assert editor.kind == "quote"
    assert editor.isAncestorOf(QApplication.focusWidget())
    assert QApplication.focusWidget() is editor.body_field.editor


def test_focus_rings_are_styled_for_lists_and_text_areas(window):
    sheet = window.styleSheet()
    assert "QListView:focus" in sheet and "QTextEdit:focus" in sheet


# ---- 7, 8. layout and defaults -------------------------------------------------------------


def test_text_editor_hint_and_id_have_height_on_first_show(window, qtbot):
    for width, height in ((1500, 950), (1024, 700), (1920, 1080)):
        window.resize(width, height)
        window.panes.outline.select_row(0)
        qtbot.wait(50)
        editor = window.panes.editor.current_editor
        hint = editor.findChild(QLabel, "hint")
        assert hint.height() >= hint.fontMetrics().lineSpacing(), (width, hint.height())
        assert editor.id_edit.height() >= editor.id_edit.sizeHint().height() - 2


def test_the_preview_grows_with_the_window(window, qtbot):
    window.resize(1024, 700)
    qtbot.wait(50)
    small = window.panes.preview_dock.width()
    window.resize(1920, 1080)
    qtbot.wait(50)
    large = window.panes.preview_dock.width()
    assert large > small * 1.5
    assert 0.3 < large / window.width() < 0.6


def test_save_as_proposes_the_title_in_the_last_folder(window, tmp_path, monkeypatch):
    window.doc.reset(window.doc.pack, None)
    folder = tmp_path / "packs"
    folder.mkdir()
    window.files.remember_folder(folder / "x.bpack")
    offered = []
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda _w, _t, start, _f: offered.append(start) or ("", "")
    )
    window.files.save_as()
    assert offered == [str(folder / "Counter Terrorism Protective Security Update.bpack")]


def test_a_reopened_pack_previews_from_page_one(window, example_copy, qtbot):
    bar = window.panes.preview.view.verticalScrollBar()
    bar.setValue(bar.maximum())
    assert window.files.open_file(example_copy)
    qtbot.waitUntil(lambda: not window.panes.preview.renderer.busy, timeout=20_000)
    qtbot.wait(100)
    assert bar.value() < bar.maximum() * 0.1


# ---- 9. Word habits ------------------------------------------------------------------------


def menu_texts(window, title: str) -> list[str]:
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == title)
    return [a.text().split("\t")[0] for a in menu.actions()]


def test_menus_have_what_a_word_user_looks_for(window):
    edit = menu_texts(window, "&Edit")
    assert {"Cu&t", "&Copy", "&Paste", "Select &All"} <= set(edit)
    assert any(t.replace("&", "").startswith("Find") for t in edit)
    assert window.find_bar.find_action.shortcut().matches(QKeySequence.StandardKey.Find)
    assert "&Close" in menu_texts(window, "&File")
    assert window.menu_actions["close"].shortcut().toString() == "Ctrl+W"
    view = menu_texts(window, "&View")
    assert "Zoom In" in view and "Zoom Out" in view


def test_edit_menu_copy_and_paste_reach_the_focused_field(window, qtbot):
    window.panes.outline.select_row(0)
    field = window.panes.editor.current_editor.title
    field.setFocus()
    field.selectAll()
    window.menu_actions["copy"].trigger()
    assert QGuiApplication.clipboard().text() == field.text()


def test_the_print_dialog_shows_copies_and_range_without_options(window, qtbot):
    from PySide6.QtPrintSupport import QPrinter

    from briefpack.gui.print_dialog import make_print_dialog

    printer = QPrinter()  # the dialog keeps only a pointer to it
    dialog = make_print_dialog(window, printer, 6)
    dialog.show()
    qtbot.wait(50)
    copies = dialog.findChild(QSpinBox, "copies")
    assert copies is not None and copies.isVisible()
    buttons = [b.text() for b in dialog.findChildren(QPushButton) if b.isVisible()]
    assert "&Options >>" not in buttons
    dialog.reject()


def test_close_asks_then_closes(window, qtbot):
    window.menu_actions["close"].trigger()
    assert not window.isVisible()


def test_saved_pack_keeps_title_through_save(window, example_copy):
    assert window.files.save_to(example_copy)
    assert json.loads(example_copy.read_text())["meta"]["title"] == window.doc.pack.meta.title


def test_first_start_opens_the_gallery_unless_turned_off(window, monkeypatch):
    from briefpack.gui import app
    from briefpack.model.resources import data_dir

    template = data_dir("templates") / "protective-security-update.bpack"
    assert app.wants_gallery(window)
    monkeypatch.setattr(window.templates, "choose_template_file", lambda: template)
    assert app.start_from_gallery(window)
    assert window.doc.path is None and window.windowTitle().startswith("Untitled")
    window.settings.setValue("startup/gallery", False)
    assert not app.wants_gallery(window)
    monkeypatch.setattr(window.templates, "choose_template_file", lambda: None)
    assert not app.start_from_gallery(window)  # Cancel keeps the default pack


def test_the_preview_keeps_following_the_section_across_resizes(window, qtbot):
    window.panes.outline.select_row(5)
    bar = window.panes.preview.view.verticalScrollBar()
    for width, height in ((1024, 700), (1920, 1080), (1500, 950)):
        window.resize(width, height)
        qtbot.wait(300)
        followed = bar.value()
        assert window.panes.preview.show_section(5)
        assert abs(bar.value() - followed) <= 2, (width, followed, bar.value())


def test_a_long_field_left_by_tab_shows_its_start(window, qtbot):
    window.panes.settings_dock.raise_()
    qtbot.wait(50)
    title = window.panes.pack_settings.title
    title.setFocus()
    title.end(False)
    title.clearFocus()  # focus moves on
    assert title.cursorPosition() == 0
