"""The content library: files, the user's items, sharing, and sections that came from it."""

from __future__ import annotations

import json
import os
import shutil
import string
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from packs import pack_data

from briefpack.document.checks import check_pack
from briefpack.document.freshness import library_findings
from briefpack.model.conflicts import ConflictError
from briefpack.model.errors import BriefpackError, PackFormatError
from briefpack.model.library import (
    CATEGORIES,
    KEY_FIGURES_TITLE,
    Library,
    LibraryError,
    LibraryItem,
    all_items,
    builtin_library,
    compare_libraries,
    edit_user_item,
    find_item,
    insert_item,
    item_from_section,
    library_from_bytes,
    library_to_bytes,
    load_library,
    merge_library,
    origin_status,
    refresh_from_origin,
    remove_user_item,
    save_user_library,
    search_items,
    section_from_item,
    user_library,
)
from briefpack.model.library_import import load_shared_library, refuse_unless_ordinary
from briefpack.model.packfile import pack_from_data
from briefpack.model.plain import item_lines, markdown_lines, section_plain_lines
from briefpack.model.sections import CalloutSection, StatisticsSection, StatItem, TextSection

DAY = date(2026, 11, 21)


def make_item(item_id: str, body: str = "Call 0800 789 321", **kw) -> LibraryItem:
    fields = {"name": item_id.title(), "category": "advice", "updated": date(2026, 1, 5)}
    fields.update(kw)
    return LibraryItem(id=item_id, section=TextSection(title="Report it", body=body), **fields)


def library_file(tmp_path: Path, items: list[dict], name: str = "lib.json") -> Path:
    path = tmp_path / name
    data = {"format": "briefpack/library", "version": 1, "items": items}
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def item_data(item_id: str = "a", **kw) -> dict:
    data = {
        "id": item_id,
        "name": "An item",
        "category": "advice",
        "tags": ["x"],
        "updated": "2026-01-05",
        "section": {"kind": "text", "body": "Some advice."},
    }
    data.update(kw)
    return data


# ---- files --------------------------------------------------------------------------------


def test_library_file_round_trips_through_bytes(tmp_path):
    lib = Library(items=[make_item("user.one", tags=["a", "b"], reviewed=DAY)])
    path = tmp_path / "lib.json"
    path.write_bytes(library_to_bytes(lib))
    assert load_library(path) == lib


@pytest.mark.parametrize(
    ("items", "where", "problem"),
    [
        ([item_data("a"), item_data("b"), item_data("c", category="gossip")], "items[2].category",
         "'threat'"),
        ([item_data("a", name=None)], "items[0].name", "input should be a valid string"),
        ([{k: v for k, v in item_data().items() if k != "updated"}], "items[0].updated",
         "field required"),
        ([item_data("Bad Id")], "items[0].id", "should match pattern"),
        ([item_data("a"), item_data("a")], "items[1].id", "used by an earlier item"),
        ([item_data("a", section={"kind": "text"})], "items[0].section.body", "field required"),
    ],
)  # fmt: skip
def test_bad_library_files_name_file_and_field(tmp_path, items, where, problem):
    path = library_file(tmp_path, items)
    with pytest.raises(PackFormatError) as err:
        load_library(path)
    assert err.value.message.startswith(f"{path}: {where}: ")
    assert problem in err.value.message
    assert "\n" not in err.value.message


def test_a_pack_is_not_a_library(tmp_path):
    path = tmp_path / "p.bpack"
    path.write_text(json.dumps(pack_data()), encoding="utf-8")
    with pytest.raises(PackFormatError, match="format: expected 'briefpack/library'"):
        load_library(path)


ids = st.from_regex(r"[a-z0-9][a-z0-9._-]{0,30}", fullmatch=True)
names = st.text(min_size=1, max_size=40).filter(str.strip)
tags = st.lists(st.text(string.ascii_letters + "éü- ", min_size=1, max_size=12), max_size=4)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(ids, names, tags), max_size=5, unique_by=lambda t: t[0]))
def test_ids_names_and_tags_survive_file_bytes(rows):
    lib = Library(items=[make_item(i, name=n, tags=t) for i, n, t in rows])
    back = library_from_bytes(library_to_bytes(lib))
    assert [(i.id, i.name, i.tags) for i in back.items] == rows
    assert back == lib


# ---- built-in and user items --------------------------------------------------------------


def test_builtin_items_are_builtin_and_in_known_categories():
    items = builtin_library().items
    assert all(i.builtin and i.id.startswith("builtin.") for i in items)
    assert {i.category for i in items} <= set(CATEGORIES)
    assert len({i.id for i in items}) == len(items)


def test_user_library_is_empty_until_saved_and_then_follows_builtins(user_data_dir):
    assert user_library().items == []
    save_user_library(Library(items=[make_item("user.mine")]))
    assert (user_data_dir / "library.json").is_file()
    assert [i.id for i in all_items()][-1] == "user.mine"
    assert find_item("user.mine").name == "User.Mine"
    assert find_item("user.nothing") is None


def test_builtin_items_cannot_be_saved_changed_or_removed():
    lib = Library(items=[make_item("builtin.advice.x")])
    with pytest.raises(LibraryError, match="built-in"):
        save_user_library(lib)
    with pytest.raises(LibraryError, match="built-in"):
        remove_user_item(lib, "builtin.advice.x")


def test_item_from_section_copies_and_names_it():
    section = CalloutSection(title="Report it", body="Call", origin="old", id="hotline")
    item = item_from_section(section, "Hotline call-out", "call-outs", [" Hotline", "x", "hotline"],
                             today=DAY, taken={"user.hotline-call-out"})  # fmt: skip
    assert item.id == "user.hotline-call-out-2"
    assert item.tags == ["hotline", "x"]
    assert (item.updated, item.reviewed) == (DAY, DAY)
    assert item.section.origin is None and section.origin == "old"
    with pytest.raises(LibraryError, match="category"):
        item_from_section(section, "x", "gossip", [])
    with pytest.raises(LibraryError, match="name"):
        item_from_section(section, "  ", "advice", [])


def test_edit_changes_fields_and_dates_a_new_section():
    lib = Library(items=[make_item("user.a")])
    old = edit_user_item(lib, "user.a", today=DAY, name="Renamed", tags=["B", "b"])
    assert old.name == "User.A" and lib.items[0].name == "Renamed"
    assert lib.items[0].tags == ["b"] and lib.items[0].updated == date(2026, 1, 5)
    edit_user_item(lib, "user.a", today=DAY, section=TextSection(body="New"))
    assert lib.items[0].updated == DAY
    with pytest.raises(LibraryError, match="no item"):
        edit_user_item(lib, "user.zzz", name="x")


def test_search_matches_every_word_in_name_tags_category_or_text():
    items = [
        make_item("user.a", name="Hotline", tags=["reporting"]),
        make_item("user.b", body="Look out for **unattended** bags"),
        make_item("user.c", category="quotes"),
    ]
    assert [i.id for i in search_items(items, "HOTLINE reporting")] == ["user.a"]
    assert [i.id for i in search_items(items, "unattended")] == ["user.b"]
    assert [i.id for i in search_items(items, "quotes")] == ["user.c"]
    assert search_items(items, "hotline unattended") == []
    assert len(search_items(items, "")) == 3


# ---- sections from the library ------------------------------------------------------------


def a_pack():
    return pack_from_data(
        pack_data(
            {"kind": "text", "id": "intro", "body": "Hello"},
            {
                "kind": "statistics",
                "id": "figs",
                "items": [{"id": "calls", "value": "1", "label": "x"}],
            },
        )
    )


def test_insert_gives_fresh_ids_marks_origin_and_applies_threat():
    pack = a_pack()
    stats = StatisticsSection(
        id="figs", title="Figures", items=[StatItem(id="calls", value="32", label="calls")]
    )
    item = LibraryItem(id="user.s", name="S", category="threat", updated=DAY, section=stats,
                       threat={"level": "critical"})  # fmt: skip
    at = insert_item(pack, 1, item)
    inserted = pack.sections[at]
    assert at == 1 and inserted.id == "figs_2" and inserted.items[0].id == "calls_2"
    assert (inserted.origin, inserted.origin_updated) == ("user.s", DAY)
    assert pack.threat.level == "critical"
    assert item.section.id == "figs"  # the item itself is untouched


def figures_item(item_id="user.figs", title=None, *rows):
    rows = rows or (StatItem(id="calls", value="32", label="hotline calls", as_of=DAY),)
    section = StatisticsSection(id="hotline_calls", title=title, items=list(rows))
    return LibraryItem(
        id=item_id, name="Figures", category="statistics", updated=DAY, section=section
    )


def test_statistics_join_the_selected_statistics_section():
    pack = a_pack()
    target = pack.sections[1]
    before = target.model_dump()
    at = insert_item(pack, 1, figures_item(), into=1)
    assert at == 1 and len(pack.sections) == 2
    grown = pack.sections[1]
    assert [(r.id, r.value) for r in grown.items] == [("calls", "1"), ("calls_2", "32")]
    assert (grown.id, grown.title, grown.origin) == ("figs", None, None)  # still the user's
    # An extended copy took its place: the old section, untouched, can be put back on undo.
    assert grown is not target and target.model_dump() == before


def test_statistics_without_a_statistics_section_selected_get_a_key_figures_section():
    pack = a_pack()
    at = insert_item(pack, 1, figures_item(), into=0)  # a text section is selected
    section = pack.sections[at]
    assert at == 1 and len(pack.sections) == 3 and section.title == KEY_FIGURES_TITLE
    assert [r.id for r in section.items] == ["calls_2"]
    # a container for figures now, not a copy of the item: "Update from library" would
    # take the heading and any added rows away
    assert section.origin is None


def test_a_grouped_statistics_set_keeps_its_own_title_and_origin():
    pack = a_pack()
    rows = (StatItem(value="1", label="a"), StatItem(value="2", label="b"))
    at = insert_item(pack, 2, figures_item("user.set", "The threat in numbers", *rows))
    section = pack.sections[at]
    assert section.title == "The threat in numbers" and len(section.items) == 2
    assert section.origin == "user.set"  # a copy of the item, so updates can follow it
    same = figures_item("user.set", "The threat in numbers", *rows)
    assert not origin_status(section, [same]).changed


def test_other_items_go_after_a_selected_statistics_section_as_before():
    pack = a_pack()
    at = insert_item(pack, 2, make_item("user.a"), into=1)
    assert at == 2 and pack.sections[2].origin == "user.a" and len(pack.sections[1].items) == 1


def test_a_figure_keeps_its_id_beside_a_section_of_that_id():
    # Section ids and statistic ids are separate: the figure keeps the id that
    # {{ stats.hotline_calls }} placeholders name (it became 'hotline_calls_2' before).
    pack = a_pack()
    row = StatItem(id="hotline_calls", value="32", label="calls")
    at = insert_item(pack, 2, figures_item("user.one", None, row))
    assert pack.sections[at].id == pack.sections[at].items[0].id == "hotline_calls"


def test_item_lines_say_it_in_plain_words():
    hotline = builtin_library().get("builtin.statistics.hotline-calls")
    [line] = item_lines(hotline)
    assert line == (
        "32 — calls to the confidential Anti-Terrorist Hotline, on average per day · "
        "Source: Counter Terrorism Policing, update to CSSC Industry Sector Leads · "
        "as of 1 August 2016"
    )
    severe = item_lines(builtin_library().get("builtin.threat.national-severe"))
    assert severe[0] == "Sets the national threat level to SEVERE"
    links = item_lines(builtin_library().get("builtin.contacts.report-it"))
    assert "Confidential Anti-Terrorist Hotline · 0800 789 321" in links[1]
    prose = section_plain_lines(
        TextSection(title="Run", body="**Run** to [safety](https://x.uk).\n\n- *Hide*\n- Tell")
    )
    assert prose == ["Run", "Run to safety.", "• Hide", "• Tell"]
    for item in builtin_library().items:  # never the file's field names
        assert not any(
            word in line for line in item_lines(item) for word in ("items[", "as_of", "kind:")
        )


def test_origin_status_reports_changes_with_a_diff():
    item = make_item("user.a", body="Call 0800 789 321\nAny time")
    section = section_from_item(item)
    assert origin_status(TextSection(body="x")) is None
    same = origin_status(section, [item])
    assert not same.changed and same.diff == ""

    newer = item.model_copy(update={"updated": date(2026, 6, 1)})
    assert origin_status(section, [newer]).changed  # dated later, even with the same text

    section.body = "Call 0800 789 321\nDaytime only"
    status = origin_status(section, [item])
    assert status.changed
    assert "-  Daytime only\n" in status.diff and "+  Any time\n" in status.diff
    assert status.diff.startswith("--- section in the pack\n+++ library item user.a")

    gone = origin_status(section, [])
    assert gone.missing and gone.origin == "user.a"


def test_refresh_replaces_the_section_and_keeps_its_id():
    save_user_library(Library(items=[make_item("user.a", body="New text", updated=DAY)]))
    pack = a_pack()
    old_item = make_item("user.a", body="Old text")
    insert_item(pack, 0, old_item)
    pack.sections[0].id = "mine"
    old = refresh_from_origin(pack, 0)
    assert old.body == "Old text"
    fresh = pack.sections[0]
    assert (fresh.body, fresh.id, fresh.origin_updated) == ("New text", "mine", DAY)
    assert not origin_status(fresh).changed
    with pytest.raises(LibraryError, match="did not come from the library"):
        refresh_from_origin(pack, 1)


# ---- freshness checks ---------------------------------------------------------------------


def test_freshness_findings_with_a_fixed_today():
    items = [
        make_item("user.fresh", reviewed=date(2026, 3, 1)),
        make_item("user.old", reviewed=date(2025, 9, 30)),
        make_item("user.changed", reviewed=date(2026, 3, 1)),
    ]
    pack = a_pack()
    for item in items:
        insert_item(pack, len(pack.sections), item)
    pack.sections[-1].body = "edited in the pack"
    insert_item(pack, len(pack.sections), make_item("user.gone"))
    found = library_findings(pack, DAY, items=items)
    messages = {(f.section, f.message) for f in found}
    assert messages == {
        (3, "library item 'User.Old' (user.old) was last reviewed on 30 September 2025, "
            "more than 12 months ago"),
        (4, "section came from library item 'User.Changed' (user.changed) which has changed "
            "since it was inserted"),
        (5, "library item user.gone no longer exists"),
    }  # fmt: skip
    assert all(f.where == f"sections[{f.section}].origin" for f in found)
    longer = library_findings(pack, DAY, review_months=14, items=items)
    assert not any("reviewed" in f.message for f in longer)


def test_check_pack_includes_library_findings(tmp_path):
    pack = a_pack()
    insert_item(pack, 0, make_item("user.gone"))
    found = check_pack(pack, tmp_path, DAY)
    assert any(f.message == "library item user.gone no longer exists" for f in found)


def test_a_damaged_user_library_is_one_finding_not_a_crash(user_data_dir, tmp_path):
    (user_data_dir / "library.json").write_text("{", encoding="utf-8")
    pack = a_pack()
    pack.sections[0].origin = "user.a"
    [finding] = library_findings(pack, DAY)
    assert "library.json: not valid JSON" in finding.message


# ---- sharing ------------------------------------------------------------------------------


def test_compare_sorts_new_changed_and_same_and_copies_changed_builtins():
    builtins = [make_item("builtin.advice.x"), make_item("builtin.advice.y")]
    ours = Library(items=[make_item("user.a"), make_item("user.b")])
    theirs = Library(
        items=[
            make_item("user.a"),
            make_item("user.b", body="different"),
            make_item("user.c"),
            make_item("builtin.advice.x"),
            make_item("builtin.advice.y", body="their version"),
        ]
    )
    plan = compare_libraries(ours, theirs, builtins=builtins)
    assert [i.id for i in plan.same] == ["user.a", "builtin.advice.x"]
    assert [(a.id, b.section.body) for a, b in plan.changed] == [("user.b", "different")]
    assert [i.id for i in plan.new] == ["user.c", "user.advice.y"]
    assert plan.new[1].section.body == "their version"


@pytest.mark.parametrize(
    ("choice", "expected"),
    [
        ("skip", [("user.a", "A"), ("user.b", "mine")]),
        ("replace", [("user.a", "A"), ("user.b", "theirs")]),
        ("keep-both", [("user.a", "A"), ("user.b", "mine"), ("user.b-imported", "theirs")]),
    ],
)
def test_merge_choices(choice, expected):
    ours = Library(items=[make_item("user.a", body="A"), make_item("user.b", body="mine")])
    theirs = Library(items=[make_item("user.b", body="theirs")])
    plan = compare_libraries(ours, theirs, builtins=[])
    merged = merge_library(ours, plan, choice)
    assert [(i.id, i.section.body) for i in merged.items] == expected
    if choice == "keep-both":
        assert merged.items[-1].name == "User.B (imported)"
    assert [i.section.body for i in ours.items] == ["A", "mine"]  # ours is left alone


def test_merge_without_a_choice_refuses_only_when_something_changed():
    ours = Library(items=[make_item("user.a")])
    plan = compare_libraries(ours, Library(items=[make_item("user.a", body="B")]), builtins=[])
    with pytest.raises(ConflictError, match="keep both, replace or skip") as refused:
        merge_library(ours, plan)
    assert "--on-conflict" not in refused.value.message  # the model names no CLI option
    fine = compare_libraries(ours, Library(items=[make_item("user.z")]), builtins=[])
    assert [i.id for i in merge_library(ours, fine).items] == ["user.a", "user.z"]


def test_round_trip_between_two_user_folders(tmp_path, monkeypatch, user_data_dir):
    pack = a_pack()
    item = item_from_section(pack.sections[0], "Intro", "advice", ["welcome"], today=DAY)
    save_user_library(Library(items=[item, make_item("user.other", body="one")]))
    shared = tmp_path / "shared.json"
    shared.write_bytes(library_to_bytes(user_library()))

    colleague = tmp_path / "colleague"
    monkeypatch.setenv("BRIEFPACK_USER_DIR", str(colleague))
    save_user_library(Library(items=[make_item("user.other", body="two")]))
    plan = compare_libraries(user_library(), load_library(shared))
    assert [i.id for i in plan.new] == [item.id] and len(plan.changed) == 1
    save_user_library(merge_library(user_library(), plan, "keep-both"))
    mine = user_library()
    assert [(i.id, i.section.body) for i in mine.items] == [
        ("user.other", "two"),
        (item.id, "Hello"),
        ("user.other-imported", "one"),
    ]
    assert (user_data_dir / "library.json").read_bytes() == shared.read_bytes()


@given(st.text(max_size=200))
def test_markdown_lines_are_never_blank_and_never_longer_than_the_text(text):
    lines = markdown_lines(text)
    assert all(line and line == line.strip() for line in lines)
    assert len(lines) <= len([line for line in text.splitlines() if line.strip()])


@given(st.text(alphabet=string.ascii_letters + string.digits + " .,;:'!?\n", max_size=200))
def test_markdown_lines_keep_every_word_of_plain_text(text):
    assert " ".join(markdown_lines(text)).split() == text.split()


# ---- a colleague's library: pictures that could turn against the officer ------------------

HOSTILE = Path(__file__).parent / "hostile"
# hostile library -> what its one line says after "<file>: item user.cctv-still (“CCTV still”): "
HOSTILE_LIBRARIES = {
    "lib-image-ptmx.json": "its picture /dev/ptmx is named by a full path",
    "lib-image-absolute.json": "its picture /home/officer/Pictures/secret.png is named by a full",
    "lib-image-parent.json": "its picture ../../Pictures/secret.png leaves the pack's folder",
    "lib-image-fifo.json": "its picture lib-fifo.png is a pipe (FIFO), not an ordinary file",
}


def image_item(path: str) -> dict:
    return item_data(
        "user.photo", name="Photo", section={"kind": "image", "path": path, "alt": "x"}
    )


@pytest.mark.parametrize(
    ("path", "said"),
    [
        ("/dev/ptmx", "/dev/ptmx is named by a full path"),
        ("C:\\Users\\me\\secret.png", "is named by a full path"),
        ("\\\\server\\share\\x.png", "is named by a full path"),
        ("../x.png", "leaves the pack's folder"),
        ("pictures/../../x.png", "leaves the pack's folder"),
        ("pictures\\..\\..\\x.png", "leaves the pack's folder"),
        ("here.fifo", "here.fifo is a pipe (FIFO), not an ordinary file"),
        ("folder", "folder is a folder, not an ordinary file"),
        ("bad\nname/../x.png", "bad\\nname/../x.png leaves"),  # one line, the newline escaped
    ],
)
def test_a_shared_library_naming_an_unsafe_picture_is_refused(tmp_path, path, said):
    os.mkfifo(tmp_path / "here.fifo")
    (tmp_path / "folder").mkdir()
    file = library_file(tmp_path, [item_data("a"), image_item(path)])
    with pytest.raises(LibraryError) as err:
        load_shared_library(file)
    message = err.value.message
    assert message.startswith(f"{file}: item user.photo (“Photo”): its picture ")
    assert said in message and message.endswith("; nothing imported")
    assert "\n" not in message


@pytest.mark.parametrize("path", ["photo.png", "pictures/photo.png", "present.png", ""])
def test_a_shared_library_naming_a_picture_in_the_packs_folder_is_accepted(tmp_path, path):
    (tmp_path / "present.png").write_bytes(b"not even a picture: the pack's checks say so")
    file = library_file(tmp_path, [image_item(path)])
    assert [i.section.path for i in load_shared_library(file).items] == [path]


def test_a_fifo_or_device_given_as_the_library_is_refused_without_waiting(tmp_path):
    fifo = tmp_path / "colleague.json"
    os.mkfifo(fifo)
    with pytest.raises(BriefpackError, match=r"colleague.json is a pipe \(FIFO\), not an ordi"):
        load_shared_library(fifo)
    with pytest.raises(BriefpackError, match="/dev/ptmx is a device"):
        refuse_unless_ordinary("/dev/ptmx")
    refuse_unless_ordinary(tmp_path / "missing.json")  # left to the reader, which names it


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """`briefpack ARGS` in a child process: the old code could wait on a FIFO for ever."""
    return subprocess.run(
        [sys.executable, "-m", "briefpack", *args],
        cwd=cwd, capture_output=True, text=True, timeout=60, env=os.environ.copy(),
    )  # fmt: skip


@pytest.mark.parametrize("name", sorted(HOSTILE_LIBRARIES))
def test_library_import_refuses_a_hostile_library_through_the_cli(tmp_path, user_data_dir, name):
    shutil.copy(HOSTILE / name, tmp_path / name)
    os.mkfifo(tmp_path / "lib-fifo.png")
    out = run_cli("library", "import", name, cwd=tmp_path)
    assert out.returncode == 2 and out.stdout == ""
    said = HOSTILE_LIBRARIES[name]
    assert out.stderr.startswith(f"{name}: item user.cctv-still (“CCTV still”): {said}")
    assert out.stderr.count("\n") == 1 and out.stderr.endswith("; nothing imported\n")
    assert not (user_data_dir / "library.json").exists()  # nor the ordinary item beside it


def test_library_import_of_a_fifo_is_one_line_at_once(tmp_path, user_data_dir):
    os.mkfifo(tmp_path / "colleague.json")
    out = run_cli("library", "import", "colleague.json", cwd=tmp_path)
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr == "colleague.json is a pipe (FIFO), not an ordinary file; choose a file\n"
    assert not (user_data_dir / "library.json").exists()
