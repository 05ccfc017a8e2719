"""Key figures: listing them oldest first, giving a library figure a newer value (history kept,
built-ins copied), and the optional `source_url` of a statistic."""

from __future__ import annotations

import json
from datetime import date

import pytest
from packs import EXAMPLE, pack_data

from briefpack.document.compose import compose
from briefpack.model.errors import PackFormatError
from briefpack.model.figures import figures, sections_from, update_figure
from briefpack.model.library import (
    Library,
    LibraryError,
    LibraryItem,
    all_items,
    builtin_library,
    find_item,
    insert_item,
    load_library,
    origin_status,
    refresh_from_origin,
    save_user_library,
    user_library,
    user_library_path,
)
from briefpack.model.packfile import load_pack, pack_from_data, pack_to_bytes
from briefpack.model.sections import StatisticsSection, StatItem, TextSection

DAY = date(2026, 3, 2)
HOTLINE = "builtin.statistics.hotline-calls"
GROUP = "builtin.statistics.public-contribution-per-day"


def stat(value: str, label: str, as_of: str | None = None, **kw) -> dict:
    return {"value": value, "label": label} | ({"as_of": as_of} if as_of else {}) | kw


def stats_item(item_id: str, *rows: StatItem, title: str | None = "Figures") -> LibraryItem:
    section = StatisticsSection(title=title, items=list(rows))
    return LibraryItem(
        id=item_id, name=item_id.title(), category="statistics", updated=date(2026, 1, 5),
        section=section,
    )  # fmt: skip


def saved_library(*items: LibraryItem) -> Library:
    lib = Library(items=list(items))
    save_user_library(lib)
    return user_library()


# ---- update_figure ------------------------------------------------------------------------


def test_update_keeps_the_old_figure_and_a_pack_section_from_the_item_takes_the_new_one():
    old = StatItem(id="calls", value="32", label="calls a day", source="CTP",
                   as_of=date(2016, 8, 1))  # fmt: skip
    lib = saved_library(stats_item("user.figs", old))
    pack = pack_from_data(pack_data())
    insert_item(pack, 0, find_item("user.figs"))
    assert pack.sections[0].origin == "user.figs"

    item = update_figure(lib, "user.figs", "calls", "41", date(2026, 2, 1),
                         source_url="https://www.gov.uk/calls", today=DAY)  # fmt: skip

    [past] = item.history
    assert (past.value, past.as_of, past.source, past.replaced) == (
        "32", date(2016, 8, 1), "CTP", DAY,
    )  # fmt: skip
    saved = load_library(user_library_path()).get("user.figs")
    assert saved == item and saved.updated == DAY
    [now] = saved.section.items
    assert (now.value, now.as_of, now.source, now.source_url) == (
        "41", date(2026, 2, 1), "CTP", "https://www.gov.uk/calls",
    )  # fmt: skip
    assert origin_status(pack.sections[0]).changed
    assert sections_from(pack, saved, all_items()) == [0]
    refresh_from_origin(pack, 0)
    [figure] = pack.sections[0].items
    assert (figure.value, figure.as_of) == ("41", date(2026, 2, 1))
    assert not origin_status(pack.sections[0]).changed


def test_a_second_update_adds_to_the_history_oldest_first():
    lib = saved_library(stats_item("user.figs", StatItem(value="1", label="x")))
    update_figure(lib, "user.figs", None, "2", date(2026, 1, 1), today=DAY)
    item = update_figure(lib, "user.figs", 0, "3", date(2026, 2, 1), today=DAY)
    assert [p.value for p in item.history] == ["1", "2"]
    assert item.section.items[0].value == "3"


def test_updating_a_builtin_makes_a_user_copy_that_stands_in_for_it():
    pack = pack_from_data(pack_data())
    insert_item(pack, 0, find_item(GROUP))  # a titled group keeps its origin
    assert pack.sections[0].origin == GROUP

    item = update_figure(user_library(), GROUP, "hotline_calls", "41", date(2026, 2, 1), today=DAY)

    assert item.id == "user.statistics.public-contribution-per-day"
    assert item.supersedes == GROUP and not item.builtin
    assert builtin_library().get(GROUP).section.items[1].value == "32"  # untouched
    assert [i.id for i in user_library().items] == [item.id]
    assert find_item(GROUP) == item
    assert GROUP not in {i.id for i in all_items()}
    # The pack that used the built-in is offered the update, and takes it.
    assert origin_status(pack.sections[0]).changed
    assert sections_from(pack, item, all_items()) == [0]
    refresh_from_origin(pack, 0)
    assert pack.sections[0].items[1].value == "41"
    assert pack.sections[0].origin == item.id
    # Updating the built-in's id again changes the same copy.
    again = update_figure(user_library(), GROUP, 1, "42", date(2026, 3, 1), today=DAY)
    assert again.id == item.id and [p.value for p in again.history] == ["32", "41"]
    assert len(user_library().items) == 1


def test_the_user_copy_takes_a_free_id():
    taken = stats_item("user.statistics.hotline-calls", StatItem(value="9", label="mine"))
    lib = saved_library(taken)
    item = update_figure(lib, HOTLINE, None, "41", date(2026, 2, 1), today=DAY)
    assert item.id == "user.statistics.hotline-calls-2" and item.supersedes == HOTLINE


def test_an_update_that_changes_nothing_saves_nothing():
    item = update_figure(user_library(), HOTLINE, None, "32", date(2016, 8, 1), today=DAY)
    assert item.id == HOTLINE and not item.history
    assert not user_library_path().exists()


@pytest.mark.parametrize(
    ("item_id", "figure", "value", "as_of", "url", "where"),
    [
        (HOTLINE, None, "  ", date(2026, 1, 1), None, "value"),
        (HOTLINE, None, "1", date(2026, 3, 3), None, "as_of"),
        (HOTLINE, None, "1", date(2026, 1, 1), "javascript:alert(1)", "source_url"),
        (GROUP, None, "1", date(2026, 1, 1), None, "figure"),
        (GROUP, "nope", "1", date(2026, 1, 1), None, "figure"),
        (GROUP, 8, "1", date(2026, 1, 1), None, "figure"),
        ("builtin.nothing", None, "1", date(2026, 1, 1), None, "item"),
        ("builtin.advice.report-suspicious", None, "1", date(2026, 1, 1), None, "item"),
    ],
)
def test_bad_updates_say_which_field_and_change_nothing(item_id, figure, value, as_of, url, where):
    lib = user_library()
    with pytest.raises(LibraryError) as caught:
        update_figure(lib, item_id, figure, value, as_of, source_url=url, today=DAY)
    assert caught.value.where == where
    assert lib.items == [] and not user_library_path().exists()


def test_history_and_supersedes_load_strictly():
    update_figure(user_library(), HOTLINE, None, "41", date(2026, 2, 1), today=DAY)
    data = json.loads(user_library_path().read_text(encoding="utf-8"))
    assert data["items"][0]["history"][0]["replaced"] == "2026-03-02"
    data["items"][0]["history"][0]["replaced"] = "March"
    user_library_path().write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(PackFormatError, match=r"items\[0\]\.history\[0\]\.replaced"):
        user_library()


def test_a_library_without_history_saves_without_it():
    lib = saved_library(stats_item("user.figs", StatItem(value="1", label="x")))
    text = user_library_path().read_text(encoding="utf-8")
    assert "history" not in text and "supersedes" not in text and "source_url" not in text
    assert lib.items[0].history is None


# ---- figures ------------------------------------------------------------------------------


def test_figures_lists_undated_first_then_oldest_library_before_pack():
    a = stats_item("user.a", StatItem(value="1", label="one", as_of=date(2020, 1, 1)),
                   StatItem(value="2", label="two"))  # fmt: skip
    b = stats_item("user.b", StatItem(value="3", label="three", as_of=date(2018, 5, 1)))
    text = LibraryItem(id="user.t", name="T", category="advice", updated=DAY,
                       section=TextSection(body="x"))  # fmt: skip
    pack = pack_from_data(
        pack_data(
            {"kind": "text", "body": "Intro"},
            {"kind": "statistics", "origin": "user.a", "items": [
                stat("1", "One", "2020-01-01"), stat("9", "added here", "2019-01-01")]},
            {"kind": "statistics", "items": [stat("5", "undated in pack")]},
        )
    )  # fmt: skip
    rows = figures([a, b, text], pack)
    assert [(r.value, r.where) for r in rows] == [
        ("2", "Library: User.A"),
        ("5", "Section 3 of this pack"),
        ("3", "Library: User.B"),
        ("9", "Section 2 of this pack"),
        ("1", "Library: User.A"),
        ("1", "Section 2 of this pack (from the library)"),
    ]
    from_lib = rows[-1]
    assert (from_lib.item_id, from_lib.item_row, from_lib.section, from_lib.row) == (
        "user.a", 0, 1, 0,
    )  # fmt: skip
    assert from_lib.in_pack and from_lib.from_library
    added = rows[3]
    assert (added.item_id, added.section, added.row) == (None, 1, 1)
    assert not added.from_library
    assert [r.value for r in figures([a, b])] == ["2", "3", "1"]


def test_every_builtin_and_example_figure_is_listed():
    pack = load_pack(EXAMPLE)
    rows = figures(builtin_library().items, pack)
    in_library = sum(
        len(i.section.items) for i in builtin_library().items if i.category == "statistics"
    )
    in_pack = sum(len(s.items) for s in pack.sections if isinstance(s, StatisticsSection))
    assert len(rows) == in_library + in_pack
    dates = [r.as_of for r in rows]
    assert dates == sorted(dates, key=lambda d: (d is not None, d or date.min))


# ---- source_url ---------------------------------------------------------------------------


def test_source_url_is_optional_and_round_trips():
    plain = pack_data({"kind": "statistics", "items": [stat("32", "calls", "2016-08-01")]})
    pack = pack_from_data(plain)
    assert pack.sections[0].items[0].source_url is None
    assert "source_url" not in pack_to_bytes(pack).decode()

    linked = json.loads(json.dumps(plain))
    linked["sections"][0]["items"][0]["source_url"] = "https://www.gov.uk/stats"
    again = pack_from_data(json.loads(pack_to_bytes(pack_from_data(linked))))
    assert again.sections[0].items[0].source_url == "https://www.gov.uk/stats"


def test_a_pack_without_source_url_composes_as_before():
    """The field is not printed: the document tree is the same with or without it."""
    plain = pack_data({"kind": "statistics", "items": [stat("32", "calls", "2016-08-01")]})
    linked = json.loads(json.dumps(plain))
    linked["sections"][0]["items"][0]["source_url"] = "https://www.gov.uk/stats"
    today = date(2016, 9, 1)
    assert compose(pack_from_data(plain), today=today) == compose(
        pack_from_data(linked), today=today
    )


def test_a_source_url_with_a_bad_scheme_is_refused_naming_the_field():
    data = pack_data(
        {"kind": "statistics", "items": [stat("1", "x", source_url="javascript:alert(1)")]}
    )
    with pytest.raises(PackFormatError, match=r"sections\[0\]\.items\[0\]\.source_url"):
        pack_from_data(data)
