"""Build the example pack from an empty one through the window's own widgets, then save it,
undo and redo everything, reopen it and export it."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QMimeData, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox

from briefpack.model import editing
from briefpack.model.packfile import load_pack, pack_to_bytes

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "protective-security-update.bpack"

CTRL = Qt.KeyboardModifier.ControlModifier
STAT_COLUMNS = ["value", "label", "source", "as_of", "id"]
LINK_COLUMNS = ["label", "url", "phone", "note"]


# ---- doing things the way a user does ---------------------------------------------------------


def type_text(qtbot, widget, text: str) -> None:
    """Type `text`; what a keyboard cannot type (“, –) is pasted with Ctrl+V instead."""
    if text.isascii():
        qtbot.keyClicks(widget, text)
    else:
        QApplication.clipboard().setText(text)
        qtbot.keyClick(widget, Qt.Key.Key_V, CTRL)


def type_into(qtbot, widget: QLineEdit, text: str) -> None:
    """Select what the line holds and type over it."""
    widget.setFocus()
    widget.selectAll()
    if text:
        type_text(qtbot, widget, text)
    else:
        qtbot.keyClick(widget, Qt.Key.Key_Backspace)


def paste_markdown(qtbot, field, text: str) -> None:
    """Copy Markdown (as another editor would put it on the clipboard) and Ctrl+V it."""
    mime = QMimeData()
    mime.setData("text/markdown", text.encode())
    mime.setText(text)
    QApplication.clipboard().setMimeData(mime)
    field.rich.setFocus()
    qtbot.keyClick(field.rich, Qt.Key.Key_V, CTRL)


def choose(combo, value) -> None:
    """Pick the entry carrying `value`, as a click in the drop-down list does."""
    combo.setCurrentIndex(combo.findData(value))


def set_date(edit, iso: str) -> None:
    day = date.fromisoformat(iso)
    edit.setDate(QDate(day.year, day.month, day.day))


def insert(window, kind: str):
    window.menu_actions[f"insert_{kind}"].trigger()
    editor = window.panes.editor.current_editor
    assert editor.kind == kind
    return editor


def fill_table(qtbot, items_editor, rows: list[dict], columns: list[str]) -> None:
    """Type every cell: select it, type (which opens the cell's editor), press Enter."""
    table = items_editor.table
    for row, values in enumerate(rows):
        if row >= items_editor.model.rowCount():
            items_editor.add_button.click()
        for column, field in enumerate(columns):
            text = values.get(field)
            if text is None:
                continue
            index = items_editor.model.index(row, column)
            table.setCurrentIndex(index)
            table.edit(index)
            cell = table.indexWidget(index)  # the cell's open editor
            assert isinstance(cell, QLineEdit)
            cell.selectAll()
            type_text(qtbot, cell, str(text))
            qtbot.keyClick(cell, Qt.Key.Key_Return)
            QApplication.processEvents()  # Qt commits the cell a moment after Enter
            assert table.indexWidget(index) is None  # the cell's editor closed again


def fill_section(qtbot, window, data: dict) -> None:
    """Insert a section of the example's kind and type its content into the editor."""
    editor = insert(window, data["kind"])
    kind = data["kind"]
    if "title" in data and kind != "quote":
        type_into(qtbot, editor.title, data["title"])
    if kind == "text":
        paste_markdown(qtbot, editor.body_field, data["body"])
    elif kind == "threat_level":
        paste_markdown(qtbot, editor.note_field, data["note"])
    elif kind == "callout":
        type_callout(qtbot, editor.body_field.rich, data["body"])
        choose(editor.style_combo, data.get("style"))
    elif kind == "quote":
        editor.body_field.plain_action.trigger()  # "Plain Markdown": every text field follows
        plain = editor.body_field.plain
        plain.setFocus()
        type_text(qtbot, plain, data["body"])
        editor.body_field.plain_action.trigger()
        type_into(qtbot, editor.speaker, data["speaker"])
        type_into(qtbot, editor.role, data.get("role", ""))
    elif kind == "statistics":
        if data.get("chart"):
            editor.chart.click()
        fill_table(qtbot, editor.items, data["items"], STAT_COLUMNS)
    elif kind == "links":
        if data.get("qr"):
            editor.qr.click()
        fill_table(qtbot, editor.items, data["items"], LINK_COLUMNS)
    if data.get("id"):
        type_into(qtbot, editor.id_edit, data["id"])


def type_callout(qtbot, rich, body: str) -> None:
    """Type the call-out with the keyboard: Ctrl+B around the bold first paragraph."""
    first, *rest = body.split("\n\n")
    assert first.startswith("**") and first.endswith("**")
    rich.setFocus()
    qtbot.keyClick(rich, Qt.Key.Key_B, CTRL)
    qtbot.keyClicks(rich, first.strip("*"))
    qtbot.keyClick(rich, Qt.Key.Key_B, CTRL)
    for paragraph in rest:
        qtbot.keyClick(rich, Qt.Key.Key_Return)
        qtbot.keyClicks(rich, paragraph)


def fill_settings(qtbot, window, meta: dict, threat: dict) -> None:
    settings = window.panes.pack_settings
    for field in ("title", "subtitle", "audience", "author"):
        type_into(qtbot, getattr(settings, field), meta.get(field, ""))
    set_date(settings.date, meta["date"])
    choose(settings.marking, meta["marking"])
    choose(settings.brand, meta["brand"])
    choose(settings.page_size, meta["page_size"])
    fields = settings.threat
    choose(fields.level, threat["level"])
    # A new pack starts with the record's level and its date since, so the box is ticked.
    assert fields.since_known.isChecked()
    set_date(fields.since, threat["since"])
    choose(fields.ni, threat["northern_ireland"])


def drag_row(view, source: int, target: int) -> None:
    """Drag row `source` and drop it on the top edge of row `target`.

    The drag carries what the view's own QDrag would (the model's mime data for the row);
    the enter, move and drop events go to the outline's viewport at the drop point, and
    the view works out where the row goes. Only QDrag's own event loop is left out: under
    the offscreen platform it ends at once.
    """
    model = view.model()
    mime = model.mimeData([model.index(source)])
    rect = view.visualRect(model.index(target))
    at = QPointF(rect.center().x(), rect.top() + 1)
    move = Qt.DropAction.MoveAction
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    viewport = view.viewport()
    enter = QDragEnterEvent(at, move, mime, buttons, mods)
    QApplication.sendEvent(viewport, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(viewport, QDragMoveEvent(at, move, mime, buttons, mods))
    QApplication.sendEvent(viewport, QDropEvent(at, move, mime, buttons, mods))


# ---- the journey ------------------------------------------------------------------------------


@pytest.fixture
def empty_window(qtbot, settings):
    from briefpack.gui.mainwindow import MainWindow

    pack = editing.new_pack(today=date(2020, 1, 1))
    pack.sections.clear()
    win = MainWindow(settings, pack)
    win.files.ask_save_changes = lambda: QMessageBox.StandardButton.Discard
    qtbot.addWidget(win)
    win.show()
    yield win
    QApplication.clipboard().clear()  # the clipboard owns pasted data: let go of it in time


def test_build_the_example_through_the_ui(empty_window, qtbot, tmp_path):
    window = empty_window
    expected = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    empty = pack_to_bytes(window.doc.pack)

    fill_settings(qtbot, window, expected["meta"], expected["threat"])
    sections = expected["sections"]
    moved = next(i for i, s in enumerate(sections) if s.get("id") == "stay_safe")
    # Every section in order, but one left to the end and dragged into place afterwards.
    for data in [*sections[:moved], *sections[moved + 1 :], sections[moved]]:
        fill_section(qtbot, window, data)
    last = len(sections) - 1
    drag_row(window.panes.outline, last, moved)
    assert window.doc.pack.sections[moved].id == "stay_safe"

    saved = tmp_path / "built.bpack"
    assert window.files.save_to(saved)
    got = json.loads(saved.read_text(encoding="utf-8"))
    for made, wanted in zip(got["sections"], expected["sections"], strict=True):
        assert made == wanted  # one section at a time: a failure shows which
    assert got == expected

    built = pack_to_bytes(window.doc.pack)
    steps = window.stack.count()
    while window.stack.canUndo():
        window.menu_actions["undo"].trigger()
    assert pack_to_bytes(window.doc.pack) == empty
    while window.stack.canRedo():
        window.menu_actions["redo"].trigger()
    assert pack_to_bytes(window.doc.pack) == built and window.stack.count() == steps

    # Reopen what was saved, export both formats and read them back.
    assert window.files.open_file(saved)
    assert load_pack(saved) == window.doc.pack
    read_back_exports(window, tmp_path)


def read_back_exports(window, tmp_path) -> None:
    import docx
    from pypdf import PdfReader

    pdf_path, docx_path = tmp_path / "built.pdf", tmp_path / "built.docx"
    assert window.output.export_to(pdf_path, "pdf")
    assert window.output.export_to(docx_path, "docx")
    reader = PdfReader(io.BytesIO(pdf_path.read_bytes()))
    pdf_text = " ".join(page.extract_text() for page in reader.pages)
    docx_text = " ".join(p.text for p in docx.Document(str(docx_path)).paragraphs)
    for text in (pdf_text, docx_text):
        assert "Communities defeat terrorism" in text
        assert "Stay Safe" in text
        assert "{{" not in text  # placeholders were filled in
    titles = [entry.title for entry in reader.outline if not isinstance(entry, list)]
    assert titles == ["Counter Terrorism Protective Security Update"]
