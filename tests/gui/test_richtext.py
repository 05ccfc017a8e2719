"""The rich text editor for Markdown fields: round trips, formatting keys, undo, plain mode."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from briefpack.gui.richtext import MarkdownField, normalise

ROOT = Path(__file__).resolve().parents[2]
CTRL = Qt.KeyboardModifier.ControlModifier


def markdown_fields() -> list[tuple[str, str]]:
    """Every Markdown field of the example and template packs, named for the test id."""
    found = []
    for file in sorted([*ROOT.glob("examples/*.bpack"), *ROOT.glob("templates/*.bpack")]):
        data = json.loads(file.read_text(encoding="utf-8"))
        for i, section in enumerate(data["sections"]):
            for field in ("body", "note"):
                if section.get(field):
                    found.append((f"{file.parent.name}/{file.stem}[{i}].{field}", section[field]))
    return found


FIELDS = markdown_fields()


def test_there_are_fields_to_check():
    assert len(FIELDS) >= 16


@pytest.mark.parametrize("text", [t for _n, t in FIELDS], ids=[n for n, _t in FIELDS])
def test_shipped_markdown_survives_the_editor(qtbot, text):
    field = MarkdownField()
    qtbot.addWidget(field)
    edits = []
    field.edited.connect(edits.append)
    field.set_markdown(text)
    assert edits == [] and field.markdown == text  # loading never writes back
    assert normalise(text) == text  # and a round trip through the document is exact


@pytest.mark.parametrize(
    "text",
    [
        "{% if threat.level == 'critical' %}Act now.{% endif %} {{ stats.a_b.value }} *x*",
        "5 * 3 and a [link **bold**](https://example.org) and ***both***",
        "1. one\n2. two\n\n- a\n   - nested\n- b",
        "## Heading\n\n# not a heading\n\n\\- not a list",
    ],
)
def test_normalising_is_idempotent_and_keeps_placeholders(text):
    once = normalise(text)
    assert normalise(once) == once
    for placeholder in ("{% if threat.level == 'critical' %}", "{{ stats.a_b.value }}"):
        if placeholder in text:
            assert placeholder in once


@pytest.mark.parametrize(
    ("text", "kept", "blocks"),
    [
        ("Call 999\\\nor 0800 789 321", "Call 999\\\nor 0800 789 321", 1),
        ("Call 999  \nor 0800 789 321", "Call 999\\\nor 0800 789 321", 1),  # one spelling
        ("- Run\\\n  to safety\n- Hide", "- Run\\\n  to safety\n- Hide", 2),
        ("**first\\\nsecond** line", "**first\\\nsecond** line", 1),
        ("a path C:\\\\\nwraps", "a path C:\\\\ wraps", 1),  # an escaped backslash
        ("ends here  \n- a list", "ends here\n\n- a list", 2),  # a new block: no break
    ],
)
def test_a_hard_line_break_stays_inside_its_paragraph(qtbot, text, kept, blocks):
    field = MarkdownField()
    qtbot.addWidget(field)
    field.set_markdown(text)
    assert field.rich.document().blockCount() == blocks
    assert normalise(text) == kept and normalise(kept) == kept


def test_bold_italic_lists_and_link_from_the_keyboard(qtbot, monkeypatch):
    field = MarkdownField()
    qtbot.addWidget(field)
    edits = []
    field.edited.connect(edits.append)
    field.show()  # shortcuts work in a shown window, as in the app
    field.activateWindow()
    qtbot.waitActive(field)
    rich = field.rich
    rich.setFocus()
    qtbot.keyClicks(rich, "Call ")
    qtbot.keyClick(rich, Qt.Key.Key_B, CTRL)
    qtbot.keyClicks(rich, "999")
    qtbot.keyClick(rich, Qt.Key.Key_B, CTRL)
    qtbot.keyClicks(rich, " now ")
    qtbot.keyClick(rich, Qt.Key.Key_I, CTRL)
    qtbot.keyClicks(rich, "please")
    qtbot.keyClick(rich, Qt.Key.Key_I, CTRL)
    assert field.markdown == "Call **999** now *please*"
    qtbot.keyClick(rich, Qt.Key.Key_Return)
    qtbot.keyClicks(rich, "first")
    field.bullets_action.trigger()
    qtbot.keyClick(rich, Qt.Key.Key_Return)
    qtbot.keyClicks(rich, "second")
    assert field.markdown.endswith("\n\n- first\n- second")
    field.numbers_action.trigger()  # the list becomes numbered
    assert field.markdown.endswith("\n\n1. first\n2. second")
    monkeypatch.setattr(field, "ask_link_target", lambda current: "https://www.gov.uk/ACT")
    qtbot.keyClick(rich, Qt.Key.Key_K, CTRL)  # the word under the cursor becomes the link
    assert field.markdown.endswith("2. [second](https://www.gov.uk/ACT)")
    assert edits[-1] == field.markdown


def test_plain_markdown_mode_edits_the_source(qtbot):
    field = MarkdownField()
    qtbot.addWidget(field)
    field.set_markdown("Some **bold** words")
    field.plain_action.trigger()
    assert field.plain_mode and field.plain.toPlainText() == "Some **bold** words"
    assert not field.bold_action.isEnabled()
    field.plain.moveCursor(field.plain.textCursor().MoveOperation.End)
    qtbot.keyClicks(field.plain, " \\*kept\\*")
    field.plain_action.trigger()
    assert field.markdown == "Some **bold** words \\*kept\\*"
    assert field.rich.toPlainText() == "Some bold words *kept*"


def test_typing_in_a_rich_field_is_one_undo_command(window, qtbot):
    window.panes.outline.select_row(2)
    editor = window.panes.editor.current_editor
    assert editor.kind == "callout"
    section = window.doc.pack.sections[2]
    before = section.body
    editor.body.moveCursor(editor.body.textCursor().MoveOperation.End)
    qtbot.keyClicks(editor.body, " Or text 999.")
    assert section.body == before + " Or text 999."
    assert window.stack.count() == 1
    qtbot.keyClick(editor.body, Qt.Key.Key_Z, CTRL)  # the pack's undo, not the widget's
    assert section.body == before
    assert editor.body_field.markdown == before
