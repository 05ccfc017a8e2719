"""The desktop app's own journeys, through the real widgets (offscreen)."""

from __future__ import annotations

import re

from PySide6.QtCore import QModelIndex, QSettings, Qt, QTimer
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QMessageBox

from briefpack.model.packfile import load_pack, pack_to_bytes


def preview_text(win) -> str:
    pdf = win.panes.preview.pdf
    text = " ".join(pdf.getAllText(p).text() for p in range(pdf.pageCount()))
    return re.sub(r"\s+", " ", text)


def select(win, row):
    win.panes.outline.select_row(row)
    return win.panes.editor.current_editor


def test_typing_in_an_editor_is_one_undoable_command(window, qtbot):
    editor = select(window, 0)
    assert editor.kind == "text"
    title = editor.title
    title.setFocus()
    title.end(False)
    qtbot.keyClicks(title, " and purpose")
    section = window.doc.pack.sections[0]
    assert section.title == "Introduction and purpose"
    assert window.isWindowModified()
    assert window.stack.count() == 1  # typing merged into one command
    assert window.panes.sections_model.index(0).data() == "Introduction and purpose"

    window.menu_actions["undo"].trigger()
    assert section.title == "Introduction" and title.text() == "Introduction"
    assert not window.isWindowModified()
    window.menu_actions["redo"].trigger()
    assert section.title == "Introduction and purpose" and title.text() == section.title
    assert window.isWindowModified()

    # Ctrl+Z in the text field undoes through the pack's stack, not the field's own history.
    qtbot.keyClick(title, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert section.title == "Introduction" and not window.isWindowModified()


def test_body_typing_and_undo_view(window, qtbot):
    editor = select(window, 4)
    body = editor.body
    body.moveCursor(body.textCursor().MoveOperation.End)
    qtbot.keyClicks(body, " Extra words.")
    assert window.doc.pack.sections[4].body.endswith("Extra words.")
    assert window.stack.count() == 1
    assert window.stack.text(0) == "Edit text of section 5 (Text)"
    window.panes.history.setCurrentIndex(window.panes.history.model().index(0, 0))  # click "Opened"
    assert not window.doc.pack.sections[4].body.endswith("Extra words.")


def test_insert_move_duplicate_delete_with_undo(window):
    doc = window.doc
    before = pack_to_bytes(doc.pack)
    select(window, 2)
    window.menu_actions["insert_quote"].trigger()
    assert [s.kind for s in doc.pack.sections[2:4]] == ["callout", "quote"]
    assert (
        window.panes.outline.current_row() == 3
        and window.panes.editor.current_editor.kind == "quote"
    )
    window.panes.editor.current_editor.speaker.setText("x")  # programmatic: no edit
    assert doc.pack.sections[3].speaker == ""

    window.menu_actions["move_up"].trigger()
    assert [s.kind for s in doc.pack.sections[2:4]] == ["quote", "callout"]
    assert window.panes.outline.current_row() == 2

    window.menu_actions["duplicate"].trigger()
    assert [s.kind for s in doc.pack.sections[2:5]] == ["quote", "quote", "callout"]
    window.menu_actions["delete"].trigger()
    assert len(doc.pack.sections) == 11

    assert window.stack.count() == 4
    while window.stack.canUndo():
        window.menu_actions["undo"].trigger()
    assert pack_to_bytes(doc.pack) == before
    while window.stack.canRedo():
        window.menu_actions["redo"].trigger()
    assert [s.kind for s in doc.pack.sections[2:4]] == ["quote", "callout"]


def test_section_shortcuts(window, qtbot):
    doc = window.doc
    first, second = doc.pack.sections[0], doc.pack.sections[1]
    body = select(window, 1).note
    body.setFocus()
    qtbot.keyClick(
        body, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert doc.pack.sections[0] is second and window.panes.outline.current_row() == 0
    qtbot.keyClick(body, Qt.Key.Key_Delete)  # in a text field Delete edits text
    assert len(doc.pack.sections) == 10
    qtbot.keyClick(body, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)  # Insert > Call-out
    assert doc.pack.sections[1].kind == "callout" and window.panes.outline.current_row() == 1
    window.panes.outline.setFocus()
    qtbot.keyClick(window.panes.outline, Qt.Key.Key_Delete)  # in the outline it deletes the section
    assert len(doc.pack.sections) == 10 and doc.pack.sections[1] is first
    qtbot.keyClick(window.panes.outline, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert len(doc.pack.sections) == 11


def test_drag_reorder_goes_through_move_rows(window):
    model, doc = window.panes.sections_model, window.doc
    first = doc.pack.sections[0]
    # What QListView does for an internal drag of row 0 to just below row 2:
    assert model.moveRows(QModelIndex(), 0, 1, QModelIndex(), 3)
    assert doc.pack.sections[2] is first
    assert window.stack.undoText().startswith("Move")
    window.menu_actions["undo"].trigger()
    assert doc.pack.sections[0] is first
    # A drop that arrives as mime data (no moveRow from the view) is a move too.
    mime = model.mimeData([model.index(0)])
    model.dropMimeData(mime, Qt.DropAction.MoveAction, 2, 0, QModelIndex())
    assert doc.pack.sections[1] is first


def test_a_row_dragged_from_another_window_is_not_taken(window, qtbot, settings):
    from briefpack.gui.mainwindow import MainWindow

    other = MainWindow(settings)
    qtbot.addWidget(other)
    foreign = other.panes.sections_model.mimeData([other.panes.sections_model.index(0)])
    model, before = window.panes.sections_model, list(window.doc.pack.sections)
    move = Qt.DropAction.MoveAction
    assert not model.canDropMimeData(foreign, move, 2, 0, QModelIndex())
    assert not model.dropMimeData(foreign, move, 2, 0, QModelIndex())
    assert window.doc.pack.sections == before and window.stack.count() == 0
    own = model.mimeData([model.index(0)])
    assert model.canDropMimeData(own, move, 2, 0, QModelIndex())
    assert not model.canDropMimeData(own, Qt.DropAction.CopyAction, 2, 0, QModelIndex())


def test_statistics_table_rows_and_cells(window):
    editor = select(window, 5)
    assert editor.kind == "statistics"
    items = editor.items
    section = window.doc.pack.sections[5]
    count = len(section.items)
    items.select(0)
    items.add_button.click()
    assert len(section.items) == count + 1 and items.selected_row() == 1
    model = items.model
    assert model.setData(model.index(1, 0), "7")
    assert model.setData(model.index(1, 3), "2016-07-31")
    assert section.items[1].value == "7" and str(section.items[1].as_of) == "2016-07-31"
    assert model.index(1, 3).data() == "31 July 2016"
    assert model.setData(model.index(1, 3), "31/07/2016")  # UK day/month is read
    assert str(section.items[1].as_of) == "2016-07-31"
    assert not model.setData(model.index(1, 3), "31/02/2016")  # refused, said in the status bar
    assert "February has 29 days in 2016" in window.statusBar().currentMessage()
    items.down_button.click()
    assert section.items[2].value == "7"
    items.remove_button.click()
    assert len(section.items) == count
    for _ in range(5):
        window.menu_actions["undo"].trigger()
    assert len(section.items) == count and section.items[1].value != "7"


def test_threat_level_choice_shows_its_meaning(window):
    threat = window.panes.pack_settings.threat
    assert "highly likely" in threat.level_meaning.text()
    threat.level.setCurrentIndex(threat.level.findData("critical"))
    assert window.doc.pack.threat.level.value == "critical"
    assert "near future" in threat.level_meaning.text()
    # the threat level section's editor shows the same, kept in step
    section_threat = select(window, 1).findChild(type(threat))
    assert section_threat.level.currentData() == "critical"
    window.menu_actions["undo"].trigger()
    assert threat.level.currentData() == "severe" and section_threat.level.currentData() == "severe"
    threat.since_known.click()
    assert window.doc.pack.threat.since is None and not threat.since.isEnabled()
    threat.ni.setCurrentIndex(threat.ni.findData(None))
    assert window.doc.pack.threat.northern_ireland is None
    assert threat.ni_meaning.text() == "Not printed in the handout"


def test_links_qr_and_an_image_that_needs_alt_text(window, qtbot, example_copy):
    links = select(window, 9)
    section = window.doc.pack.sections[9]
    was = bool(section.qr)
    links.qr.click()
    assert bool(section.qr) is not was

    window.menu_actions["insert_image"].trigger()
    image = window.panes.editor.current_editor
    assert image.kind == "image" and image.alt_warning.isVisibleTo(image)
    picture = QImage(40, 20, QImage.Format.Format_RGB32)
    picture.fill(QColor("#17375E"))
    assert picture.save(str(example_copy.parent / "band.png"))
    image.set_file(example_copy.parent / "band.png")
    qtbot.keyClicks(image.alt, "A blue band")
    added = window.doc.pack.sections[10]
    assert added.path == "band.png" and added.alt == "A blue band"
    assert not image.alt_warning.isVisibleTo(image)
    qtbot.waitUntil(lambda: not window.panes.preview.renderer.busy, timeout=10_000)
    assert window.panes.preview.error_text == ""


def test_marking_none_is_an_explicit_choice(window):
    marking = window.panes.pack_settings.marking
    assert marking.itemText(marking.findData("")).startswith("None")
    marking.setCurrentIndex(marking.findData(""))
    assert window.doc.pack.meta.marking == ""


def test_save_and_reload_are_equal(window, tmp_path):
    select(window, 0).title.setText("Changed")
    window.panes.editor.current_editor.title.textEdited.emit("Changed")
    target = tmp_path / "saved.bpack"
    assert window.files.save_to(target)
    assert not window.isWindowModified()
    assert window.windowTitle().startswith("saved.bpack")
    again = load_pack(target)
    assert again == window.doc.pack
    assert pack_to_bytes(again) == pack_to_bytes(window.doc.pack)
    assert window.files.recent_files()[0] == str(target.resolve())


def test_preview_follows_an_edit(window, qtbot):
    assert "Introduction" in preview_text(window)
    body = select(window, 0).body
    body.moveCursor(body.textCursor().MoveOperation.End)
    qtbot.keyClicks(body, " Zebracrossing")
    qtbot.waitUntil(lambda: "Zebracrossing" in preview_text(window), timeout=10_000)
    assert window.panes.preview.status.text() == ""


def test_render_error_shows_and_recovers(window, qtbot):
    pages = window.panes.preview.pdf.pageCount()
    title = select(window, 0).title
    title.setText("Intro {{ nope }}")
    title.textEdited.emit(title.text())
    qtbot.waitUntil(lambda: "nope" in window.panes.preview.error_text, timeout=10_000)
    message = window.panes.preview.error_text
    assert message.startswith("Section 1 “Intro {{ nope }}” (Text), heading: "), message
    assert "nope" in window.panes.preview.error.text()  # and it is what the preview area shows
    assert window.panes.preview.pdf.pageCount() == pages  # the last good preview stays
    title.setText("Intro fixed")
    title.textEdited.emit(title.text())
    qtbot.waitUntil(lambda: window.panes.preview.error_text == "", timeout=10_000)
    qtbot.waitUntil(lambda: "Intro fixed" in preview_text(window), timeout=10_000)


def test_close_asks_to_save(window, monkeypatch):
    window.menu_actions["insert_page_break"].trigger()
    answers = iter([QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Discard])
    monkeypatch.setattr(window.files, "ask_save_changes", lambda: next(answers))
    assert not window.close() and window.isVisible()
    assert window.close() and not window.isVisible()


def test_export_pdf(window, tmp_path):
    target = tmp_path / "out.pdf"
    assert window.output.export_to(target, "pdf")
    assert target.read_bytes().startswith(b"%PDF")


def test_export_docx_only_then_imports_python_docx(window, tmp_path):
    import docx

    target = tmp_path / "out.docx"
    assert window.output.export_to(target, "docx")
    text = " ".join(p.text for p in docx.Document(str(target)).paragraphs)
    assert "Counter Terrorism Protective Security Update" in text


def test_the_window_and_its_preview_import_no_output_library(tmp_path, example_copy):
    """python-docx waits for a DOCX export; reportlab runs in the preview's helper process."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from PySide6.QtCore import QSettings\n"
        "from briefpack.gui.app import application\n"
        "from briefpack.gui.mainwindow import MainWindow\n"
        "app = application()\n"
        f"w = MainWindow(QSettings({str(tmp_path / 's.ini')!r}, QSettings.Format.IniFormat))\n"
        f"w.files.open_file(__import__('pathlib').Path({str(example_copy)!r}))\n"
        "w.panes.preview.renderer.render_now(); w.panes.preview.renderer.wait()\n"
        "app.processEvents()\n"
        "print(w.panes.preview.renderer.last_seconds > 0, 'docx' in sys.modules,"
        " 'reportlab' in sys.modules, w.panes.preview.pdf.pageCount() > 0)\n"
    )
    env = {**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert out.stdout.split() == ["True", "False", "False", "True"], out.stderr[-800:]


def test_run_app_opens_the_file_and_keeps_settings(qtbot, tmp_path, example_copy):
    from briefpack.gui.app import run_app

    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path))
    seen = {}

    def close_soon():
        windows = [w for w in QApplication.topLevelWidgets() if w.objectName() == "main_window"]
        win = next(w for w in windows if w.isVisible())
        seen["title"] = win.windowTitle()
        win.close()

    QTimer.singleShot(300, close_soon)
    assert run_app([str(example_copy)]) == 0
    assert seen["title"].startswith(example_copy.name)
    stored = QSettings()
    assert stored.value("window/geometry") is not None
    assert str(example_copy.resolve()) in (stored.value("recentFiles") or [])


def test_many_signals_do_not_exhaust_none_or_true():
    """PySide6 6.12 on CPython 3.11 drops a reference to True per emit() and to None per
    virtual returning None; briefpack.gui guards against the crash that follows."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from PySide6.QtCore import QObject, Signal\n"
        "n = sys.getrefcount(True) + 1000  # more emits than True has references\n"
        "import briefpack.gui\n"
        "class O(QObject):\n    s = Signal()\n"
        "o = O()\n"
        "for _ in range(n): o.s.emit()\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr[-500:]


def test_file_errors_name_the_file(window, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(window.feedback, "show_error", lambda title, message: shown.append(message))
    # a failed save offers Save As (tests/gui/test_save_errors.py): answer Cancel
    monkeypatch.setattr(
        window.files, "ask_save_as_instead", lambda message: bool(shown.append(message))
    )
    folder = tmp_path / "a-folder.bpack"
    folder.mkdir()
    assert not window.files.save_to(folder)
    broken = tmp_path / "broken.bpack"
    broken.write_text("{ not json", encoding="utf-8")
    assert not window.files.open_file(broken)
    assert str(folder) in shown[0] and str(broken) in shown[1], shown
    assert window.doc.path.name == "protective-security-update.bpack"  # still the open pack
