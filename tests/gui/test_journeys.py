"""Journeys across the window: the preview follows the outline, an edit reaches the preview,
a render error shows and clears."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader
from PySide6.QtCore import QModelIndex


def preview_text(win) -> str:
    pdf = win.panes.preview.pdf
    text = " ".join(pdf.getAllText(p).text() for p in range(pdf.pageCount()))
    return re.sub(r"\s+", " ", text)


def bookmarks(pdf_bytes: bytes) -> dict[str, tuple[int, float]]:
    """Heading bookmarks of the rendered PDF: title -> (page index, points from the top)."""
    reader = PdfReader(io.BytesIO(pdf_bytes))
    height = float(reader.pages[0].mediabox.height)
    found = {}

    def walk(entries):
        for entry in entries:
            if isinstance(entry, list):
                walk(entry)
            else:
                found[entry.title] = (
                    reader.get_destination_page_number(entry),
                    height - float(entry.top),
                )

    walk(reader.outline)
    return found


def test_section_places_agree_with_the_pdf_bookmarks(window):
    places = window.panes.preview.renderer.last_places
    sections = window.doc.pack.sections
    assert len(places) == len(sections) and all(places)
    marks = bookmarks(window.panes.preview.pdf_bytes)
    checked = 0
    for section, place in zip(sections, places, strict=True):
        if getattr(section, "title", None) in marks and section.kind == "text":
            page, top = marks[section.title]
            assert place.page == page and abs(place.top - top) < 24, section.title
            checked += 1
    assert checked >= 4
    tops = [(p.page, p.top) for p in places]
    assert tops == sorted(tops)  # sections start in print order


def test_selecting_a_section_scrolls_the_preview_to_it(window, qtbot):
    view = window.panes.preview.view
    # The offscreen screen is small and the preview dock narrow: zoom to actual size.
    view.setZoomMode(view.ZoomMode.Custom)
    view.setZoomFactor(1.0)
    qtbot.wait(10)
    bar = view.verticalScrollBar()
    places = window.panes.preview.renderer.last_places
    last = len(places) - 1
    window.panes.outline.select_row(last)
    assert view.pageNavigator().currentPage() == places[last].page
    far = bar.value()
    assert far > 0
    window.panes.outline.select_row(0)
    assert bar.value() < far and view.pageNavigator().currentPage() == places[0].page
    # Two sections on one page: the later one scrolls further down the page.
    same_page = [i for i in range(1, len(places)) if places[i].page == places[i - 1].page]
    row = same_page[-1]
    window.panes.outline.select_row(row - 1)
    upper = bar.value()
    window.panes.outline.select_row(row)
    assert bar.value() > upper


def test_places_follow_a_reorder(window, qtbot):
    first = window.panes.preview.renderer.last_places[0]
    window.panes.sections_model.moveRows(QModelIndex(), 0, 1, QModelIndex(), 4)
    qtbot.waitUntil(lambda: not window.panes.preview.renderer.busy, timeout=20_000)
    assert window.panes.preview.renderer.last_places[3].page >= first.page
    assert window.panes.preview.renderer.last_places[3] != first


def test_a_rich_text_edit_reaches_the_preview(window, qtbot):
    window.panes.outline.select_row(0)
    body = window.panes.editor.current_editor.body
    body.moveCursor(body.textCursor().MoveOperation.End)
    qtbot.keyClicks(body, " Zebracrossing")
    qtbot.waitUntil(lambda: "Zebracrossing" in preview_text(window), timeout=10_000)
    assert window.doc.pack.sections[0].body.endswith(" Zebracrossing")


def test_a_render_error_in_rich_text_shows_and_recovers(window, qtbot):
    window.panes.outline.select_row(0)
    field = window.panes.editor.current_editor.body_field
    body = field.rich
    body.moveCursor(body.textCursor().MoveOperation.End)
    qtbot.keyClicks(body, " {{ nope }}")
    qtbot.waitUntil(lambda: "nope" in window.panes.preview.error_text, timeout=10_000)
    assert window.panes.preview.error_text.startswith("Section 1 “Introduction” (Text), text")
    for _ in range(len(" {{ nope }}")):
        qtbot.keyClick(body, "\b")
    qtbot.waitUntil(lambda: window.panes.preview.error_text == "", timeout=10_000)
    # Typing and deleting merged into one step, which cancelled out: nothing to undo.
    assert window.doc.pack.sections[0].body == field.markdown
    assert window.stack.count() == 0 and not window.isWindowModified()
