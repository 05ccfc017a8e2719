"""Edit ▸ Find (gui/find_bar.py): a bar under the editor that finds words anywhere in the
pack, shows each match in its section's field, steps with Enter / Shift+Enter, wraps
round, and closes with Esc leaving the cursor on the match."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextEdit

from briefpack.gui.find_bar import (
    document_position,
    rich_shown_text,
    utf16_length,
)
from briefpack.gui.richtext import read_markdown
from briefpack.model.search import NBSP, find_in_pack, shown_blocks

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def bar(window, qtbot):
    window.activateWindow()
    qtbot.waitActive(window)
    return window.find_bar


def rich_hits(window, text, **kw):
    return find_in_pack(window.doc.pack, text, shown_markdown=rich_shown_text, **kw)


def search(bar, qtbot, text: str) -> None:
    bar.find_action.trigger()
    qtbot.waitUntil(bar.field.hasFocus)
    bar.field.setText(text)


def marked_text(box: QTextEdit) -> str:
    marks = box.extraSelections()  # held: the cursors live as long as the list
    assert len(marks) == 1
    return marks[0].cursor.selectedText()


def marked_at(box: QTextEdit) -> int:
    marks = box.extraSelections()
    return marks[0].cursor.selectionStart()


def test_the_bar_sits_under_the_editor_with_word_processor_keys(window, bar):
    assert bar.isHidden()
    assert window.panes.editor.isAncestorOf(bar)
    assert bar.find_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Find)
    assert QKeySequence("F3") in bar.find_next_action.shortcuts()
    assert QKeySequence("Shift+F3") in bar.find_previous_action.shortcuts()
    assert {bar.find_action, bar.find_next_action, bar.find_previous_action} <= set(
        window.actions()
    )


def test_typing_finds_and_marks_the_words_in_their_section(window, bar, qtbot):
    search(bar, qtbot, "police")
    hits = rich_hits(window, "police")
    assert bar.count_label.text() == f"1 of {len(hits)}"
    first = hits[0]
    assert window.panes.outline.current_row() == first.section
    box = window.panes.editor.current_editor.body  # the rich text of the section's body
    assert marked_text(box).lower() == "police"
    assert bar.field.hasFocus()  # the typing stays in the find box


def test_the_first_match_shown_is_in_the_selected_section_or_after_it(window, bar, qtbot):
    window.panes.outline.select_row(4)
    search(bar, qtbot, "police")
    hits = rich_hits(window, "police")
    expected = next(i for i, h in enumerate(hits) if h.section is not None and h.section >= 4)
    assert bar.index == expected > 0
    assert bar.count_label.text() == f"{expected + 1} of {len(hits)}"


def test_the_mark_is_drawn_in_the_selection_colours_without_focus(window, bar, qtbot):
    search(bar, qtbot, "imminent")
    box = window.panes.editor.current_editor.body
    assert not box.hasFocus()
    marks = box.extraSelections()
    highlight = box.palette().color(box.palette().ColorRole.Highlight)
    assert marks[0].format.background().color() == highlight


def test_enter_steps_through_every_match_and_wraps(window, bar, qtbot):
    search(bar, qtbot, "hotline")
    total = len(rich_hits(window, "hotline"))
    assert total >= 3
    seen = [bar.index]
    for _ in range(total):
        qtbot.keyClick(bar.field, Qt.Key.Key_Return)
        seen.append(bar.index)
    assert seen == [*range(total), 0]
    assert bar.count_label.text() == f"1 of {total}"
    qtbot.keyClick(bar.field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert bar.count_label.text() == f"{total} of {total}"


def test_one_match_is_marked_at_a_time(window, bar, qtbot):
    window.panes.outline.select_row(0)
    search(bar, qtbot, "the")
    box = window.panes.editor.current_editor.body
    assert marked_text(box).lower() == "the"
    first = marked_at(box)
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert window.panes.editor.current_editor.body is box  # "the" is in the same text again
    assert marked_at(box) > first
    assert box.textCursor().selectionStart() == marked_at(box)  # the old one let go


def test_a_match_in_pack_settings_raises_that_dock_and_selects_there(window, bar, qtbot):
    window.panes.history_dock.raise_()
    search(bar, qtbot, "Sector Leads")
    hits = rich_hits(window, "Sector Leads")
    settings_hit = next(i for i, h in enumerate(hits) if h.section is None)
    while bar.index != settings_hit:
        bar.find_next()
    field = getattr(window.panes.pack_settings, hits[settings_hit].field)
    assert field.selectedText() == "Sector Leads"
    assert not window.panes.settings_dock.visibleRegion().isEmpty()


def test_esc_closes_the_bar_with_the_cursor_on_the_match(window, bar, qtbot):
    search(bar, qtbot, "imminent")
    box = window.panes.editor.current_editor.body
    qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    assert bar.isHidden()
    qtbot.waitUntil(box.hasFocus)
    assert box.textCursor().selectedText() == "imminent"
    assert box.extraSelections() == []
    assert window.doc.undo_stack.count() == 0  # finding never edits


def test_ctrl_f_offers_the_selected_words(window, bar, qtbot):
    window.panes.outline.select_row(0)
    title = window.panes.editor.current_editor.title
    title.setFocus()
    qtbot.waitUntil(title.hasFocus)
    title.setSelection(0, 5)
    bar.find_action.trigger()
    assert bar.field.text() == title.text()[:5]
    assert bar.field.hasFocus() and bar.field.selectedText() == bar.field.text()


def test_a_match_in_a_table_row_selects_its_cell(window, bar, qtbot):
    search(bar, qtbot, "Prevent Tragedies")
    hit = next(h for h in rich_hits(window, "Prevent Tragedies") if h.target[0] == "item")
    while bar.current_hit() != hit:
        bar.find_next()
    table = window.panes.editor.current_editor.items.table
    index = table.currentIndex()
    assert (index.row(), table.model().columns[index.column()][0]) == (hit.target[2], hit.field)


def test_plain_markdown_mode_searches_the_source(window, bar, qtbot):
    search(bar, qtbot, "**")
    assert bar.count_label.text() == "No matches"
    window.panes.editor.set_plain_markdown(True)
    bar.search()
    assert bar.hits
    box = window.panes.editor.current_editor.body_field.plain
    assert marked_text(box) == "**"


def test_matches_are_counted_again_after_an_edit(window, bar, qtbot):
    search(bar, qtbot, "zebra crossing")
    assert bar.count_label.text() == "No matches"
    window.doc.edit_field(("meta",), "subtitle", "A zebra crossing update")
    bar.find_next()
    assert bar.count_label.text() == "1 of 1"
    assert window.panes.pack_settings.subtitle.selectedText() == "zebra crossing"


def test_a_word_after_an_emoji_is_selected_exactly(window, bar, qtbot):
    window.doc.edit_field(("section", 0), "title", "📣 Stay alert")
    window.doc.edit_field(("section", 0), "body", "😀 **bold** 👍 Stay alert please")
    window.panes.outline.select_row(1)
    search(bar, qtbot, "stay alert")
    window.panes.outline.select_row(0)
    bar.search()
    assert window.panes.editor.current_editor.title.selectedText() == "Stay alert"
    bar.find_next()
    assert marked_text(window.panes.editor.current_editor.body) == "Stay alert"


# ---- the text searched is the text shown --------------------------------------------------------


def _corpus_markdown() -> list[str]:
    found: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("body", "note") and isinstance(value, str):
                    found.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    files = [*ROOT.glob("examples/*.bpack"), *ROOT.glob("templates/*.bpack")]
    files += [*ROOT.glob("assets/**/*.json"), *ROOT.glob("tests/corpus/**/*.bpack")]
    for file in files:
        try:
            walk(json.loads(file.read_text(encoding="utf-8")))
        except (ValueError, UnicodeDecodeError, RecursionError):
            continue
    return found


def test_the_model_reads_real_text_as_the_rich_editor_shows_it(qapp):
    corpus = _corpus_markdown()
    assert len(corpus) > 20
    for markdown in corpus:
        qt_lines = [line for line in rich_shown_text(markdown).split("\n") if line.strip()]
        assert [b for b in shown_blocks(markdown) if b.strip()] == qt_lines, markdown


piece = st.one_of(
    st.text(st.characters(codec="utf-8", categories=("L", "N", "Zs", "So")), max_size=8),
    st.sampled_from(["**", "*", "\n\n", "\n- ", "[", "](https://x.example)", "  \n", "😀"]),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pieces=st.lists(piece, max_size=12), data=st.data())
def test_every_match_lands_on_its_words_in_the_rich_editor(qapp, pieces, data):
    markdown = "".join(pieces)
    shown = rich_shown_text(markdown)
    if not shown.strip():
        return
    start = data.draw(st.integers(0, len(shown) - 1))
    needle = shown[start : start + data.draw(st.integers(1, 6))].split("\n")[0]
    if not needle:
        return
    doc = QTextDocument()
    read_markdown(doc, markdown)
    pack = _pack_with_body(markdown)
    hits = find_in_pack(pack, needle, case_sensitive=True, shown_markdown=rich_shown_text)
    hits = [hit for hit in hits if hit.field == "body"]
    assert hits
    for hit in hits:
        cursor = QTextCursor(doc)
        cursor.setPosition(document_position(doc, shown, hit.start))
        cursor.setPosition(document_position(doc, shown, hit.end), QTextCursor.MoveMode.KeepAnchor)
        # Finding takes a non-breaking space for a space (model/search.py), both ways.
        assert same_spaces(cursor.selectedText()) == same_spaces(needle)
        assert cursor.selectionEnd() - cursor.selectionStart() == utf16_length(needle)


def same_spaces(text: str) -> str:
    return text.replace(NBSP, " ")


def _pack_with_body(markdown: str):
    from briefpack.model import Pack
    from tests.packs import pack_data

    return Pack.model_validate(pack_data({"kind": "text", "body": markdown}))


def test_esc_after_an_edit_still_selects_the_words_found(window, bar, qtbot):
    window.doc.edit_field(("meta",), "subtitle", "A zebra crossing")
    search(bar, qtbot, "zebra")
    assert window.panes.pack_settings.subtitle.selectedText() == "zebra"
    window.doc.edit_field(("meta",), "subtitle", "Longer words, then a zebra crossing")
    qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    subtitle = window.panes.pack_settings.subtitle
    qtbot.waitUntil(subtitle.hasFocus)
    assert subtitle.selectedText() == "zebra"


def test_a_non_breaking_space_finds_a_space_in_the_rich_editor(qapp):
    """The case hypothesis found: the needle is a non-breaking space, the text has both."""
    markdown = "\xa0 0"
    shown = rich_shown_text(markdown)
    hits = find_in_pack(
        _pack_with_body(markdown), NBSP, case_sensitive=True, shown_markdown=rich_shown_text
    )
    assert [(h.start, h.end) for h in hits if h.field == "body"] == [(0, 1), (1, 2)]
    assert shown[0] == NBSP and shown[1] == " "
