"""The Update figures dialog: every figure oldest first; updating a library figure and then
the pack's sections from it in one undo step; a pack-only figure changed in the pack."""

from __future__ import annotations

from datetime import date

import pytest

from briefpack.gui.document import PackDocument
from briefpack.gui.figures_view import URL, FiguresView
from briefpack.model.library import find_item, insert_item, user_library
from briefpack.model.packfile import pack_from_data

GROUP = "builtin.statistics.public-contribution-per-day"


def pack_with_group() -> PackDocument:
    """A pack holding a statistics section from the built-in group (origin kept) and one
    undated figure of its own."""
    data = {
        "format": "briefpack/pack",
        "version": 1,
        "meta": {"title": "Update", "date": "2016-08-01"},
        "threat": {"level": "severe"},
        "sections": [
            {"kind": "text", "body": "Intro"},
            {"kind": "statistics", "title": "Ours", "items": [{"value": "5", "label": "ours"}]},
        ],
    }
    pack = pack_from_data(data)
    insert_item(pack, 1, find_item(GROUP))
    return PackDocument(pack)


@pytest.fixture
def view(qtbot):
    doc = pack_with_group()
    dialog = FiguresView(doc)
    qtbot.addWidget(dialog)
    return dialog


def select(view: FiguresView, **wanted) -> int:
    n = next(
        n for n, row in enumerate(view.rows) if all(getattr(row, k) == v for k, v in wanted.items())
    )
    view.table.selectRow(n)
    return n


def fill(view: FiguresView, value: str, as_of: str, source: str | None = None) -> None:
    view.value_edit.setText(value)
    view.as_of_edit.edit.setText(as_of)
    if source is not None:
        view.source_edit.setText(source)


def test_rows_are_oldest_first_undated_first_library_and_pack(view):
    dates = [row.as_of for row in view.rows]
    assert dates == sorted(dates, key=lambda d: (d is not None, d or date.min))
    assert view.rows[0].label == "ours" and view.rows[0].where == "Section 3 of this pack"
    assert view.model.item(0, 0).text() == "no date"
    assert any(r.where == "Section 2 of this pack (from the library)" for r in view.rows)
    assert any(r.where.startswith("Library: ") for r in view.rows)
    assert view.model.rowCount() == len(view.rows)


def test_update_a_library_figure_then_the_pack_in_one_undo_step(view, qtbot):
    doc = view.doc
    before = doc.pack.sections[1].model_copy(deep=True)
    select(view, item_id=GROUP, stat_id="hotline_calls", section=None)
    fill(view, "41", "5 January 2026")
    assert view.update_selected()

    [item] = user_library().items
    assert item.supersedes == GROUP and item.section.items[1].value == "41"
    assert [p.value for p in item.history] == ["32"]
    assert doc.undo_stack.count() == 0  # the library changed, the pack not yet
    assert not view.offer_bar.isHidden()
    assert view.offer_button.text() == "Update 1 section in this pack"
    assert view.selected_row().item_id == item.id  # the copy's row stays selected

    assert view.update_sections()
    assert doc.undo_stack.count() == 1
    figure = doc.pack.sections[1].items[1]
    assert (figure.value, figure.as_of) == ("41", date(2026, 1, 5))
    assert view.offer_bar.isHidden()
    shown = [r for r in view.rows if r.section == 1 and r.row == 1]
    assert [r.value for r in shown] == ["41"]

    doc.undo_stack.undo()
    assert doc.pack.sections[1] == before
    assert user_library().items[0].section.items[1].value == "41"  # the library keeps it


def test_a_pack_row_from_the_library_updates_the_library_item(view):
    select(view, section=1, stat_id="hotline_calls")
    fill(view, "41", "5/1/2026")
    assert view.update_selected()
    assert user_library().items[0].section.items[1].value == "41"
    assert view.offer_button.text() == "Update 1 section in this pack"
    assert view.selected_row().section == 1  # still the pack's row


def test_a_pack_only_figure_is_changed_in_the_pack_in_one_undo_step(view):
    doc = view.doc
    select(view, label="ours")
    fill(view, "6", "1 March 2026", source="Home Office")
    view.url_edit.setText("www.gov.uk/ours")
    assert view.update_selected()
    ours = doc.pack.sections[2].items[0]
    assert (ours.value, ours.as_of, ours.source, ours.source_url) == (
        "6",
        date(2026, 3, 1),
        "Home Office",
        "www.gov.uk/ours",
    )
    assert doc.undo_stack.count() == 1 and user_library().items == []
    assert view.selected_row().label == "ours"
    doc.undo_stack.undo()
    ours = doc.pack.sections[2].items[0]
    assert (ours.value, ours.as_of, ours.source, ours.source_url) == ("5", None, None, None)


@pytest.mark.parametrize(
    ("value", "as_of", "url", "said"),
    [
        ("", "1 March 2026", "", "Type the new figure."),
        ("6", "31 February 2026", "", "As of:"),
        ("6", "1 March 2026", "javascript:alert(1)", "Web address:"),
    ],
)
def test_bad_input_is_said_and_changes_nothing(view, value, as_of, url, said):
    select(view, label="ours")
    fill(view, value, as_of)
    view.url_edit.setText(url)
    assert not view.update_selected()
    assert view.status.text().startswith(said)
    assert view.doc.undo_stack.count() == 0 and user_library().items == []


def test_clicking_a_web_address_opens_it(view, qtbot):
    opened: list[str] = []
    view.open_url = opened.append
    select(view, label="ours")
    fill(view, "6", "1 March 2026")
    view.url_edit.setText("https://www.gov.uk/ours")
    view.update_selected()
    n = next(n for n, r in enumerate(view.rows) if r.label == "ours")
    view.table.clicked.emit(view.model.index(n, URL))
    assert opened == ["https://www.gov.uk/ours"]


def test_find_shows_only_matching_figures_and_drops_a_hidden_selection(view):
    select(view, label="ours")
    view.find_edit.setText("HOTLINE")
    shown = view.visible_rows()
    assert shown and all("hotline" in r.label.casefold() for r in shown)
    assert view.selected_row() is None and not view.update_button.isEnabled()


def test_the_list_follows_edits_of_the_pack(view, qtbot):
    view.doc.edit_field(("item", 2, 0), "value", "7")
    qtbot.waitUntil(lambda: any(r.label == "ours" and r.value == "7" for r in view.rows))


def test_open_figures_view_from_the_window(window, qtbot):
    view = window.library.open_figures()
    assert view.isVisible() and view.doc is window.doc
    assert window.library.open_figures() is view
    assert any(r.where.startswith("Section ") for r in view.rows)


def test_library_menu_opens_the_figures_view(window):
    window.library.figures_action.trigger()
    view = window.library.figures_view
    assert isinstance(view, FiguresView) and view.isVisible()
    view.close()
