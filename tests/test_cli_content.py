"""`briefpack library|templates|brands|new` and validate's age options: exit codes, lines."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from packs import pack_data

from briefpack import cli
from briefpack.model.library import Library, LibraryItem, save_user_library, user_library
from briefpack.model.packfile import load_pack
from briefpack.model.sections import TextSection


def run(capsys, *args: str) -> tuple[int, list[str], str]:
    code = cli.main(list(args))
    out = capsys.readouterr()
    return code, out.out.splitlines(), out.err.strip()


def write_pack(folder: Path, *sections: dict) -> Path:
    path = folder / "p.bpack"
    path.write_text(json.dumps(pack_data(*sections)), encoding="utf-8")
    return path


def write_library(path: Path, items: list[dict]) -> Path:
    data = {"format": "briefpack/library", "version": 1, "items": items}
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def entry(item_id: str, body: str = "Text", **kw) -> dict:
    return {
        "id": item_id,
        "name": f"Item {item_id}",
        "category": "advice",
        "tags": [],
        "updated": "2026-01-05",
        "section": {"kind": "text", "body": body},
    } | kw


# ---- library ------------------------------------------------------------------------------


def test_add_list_export_remove(tmp_path, capsys, user_data_dir):
    callout = {"kind": "callout", "id": "hot", "title": "Report", "body": "Call"}
    pack = write_pack(tmp_path, {"kind": "text", "id": "intro", "body": "Hi"}, callout)
    add = ["library", "add", str(pack), "--section", "2", "--name", "Hotline"]
    code, lines, _ = run(capsys, *add, "--category", "call-outs", "--tags", "A, b")
    assert code == 0 and lines == ["added user.hotline (call-outs): Hotline"]
    [item] = user_library().items
    assert (item.section.title, item.tags) == ("Report", ["a", "b"])

    assert run(capsys, "library", "add", str(pack), "--section", "intro", "--name", "Intro",
               "--category", "advice")[0] == 0  # fmt: skip
    code, lines, _ = run(capsys, "library", "list", "--search", "hotline")
    assert code == 0
    assert [line[2:].split()[0] for line in lines[:-1] if "user." in line] == ["user.hotline"]
    code, lines, _ = run(capsys, "library", "list", "--category", "call-outs")
    assert all(" call-outs " in line for line in lines[:-1])

    out = tmp_path / "mine.json"
    assert run(capsys, "library", "export", "-o", str(out))[1] == [f"wrote 2 items to {out}"]
    assert run(capsys, "library", "remove", "user.intro")[1] == ["removed user.intro: Intro"]
    assert [i.id for i in user_library().items] == ["user.hotline"]
    exported = json.loads(out.read_text(encoding="utf-8"))
    assert [i["id"] for i in exported["items"]] == ["user.hotline", "user.intro"]


def test_list_marks_items_not_reviewed_in_twelve_months(capsys):
    today = date.today()
    save_user_library(
        Library(
            items=[
                LibraryItem(id="user.old", name="Old", category="advice", updated=today,
                            reviewed=today - timedelta(days=400), section=TextSection(body="x")),
                LibraryItem(id="user.new", name="New", category="advice", updated=today,
                            reviewed=today, section=TextSection(body="x")),
            ]
        )
    )  # fmt: skip
    _, lines, _ = run(capsys, "library", "list", "--search", "user.")
    marks = {line[2:].split()[0]: line.startswith("!") for line in lines if "user." in line}
    assert marks == {"user.old": True, "user.new": False}
    assert lines[-1] == "2 items; 1 marked ! not reviewed in 12 months"


def test_import_shows_plan_and_needs_a_choice_for_changed_items(tmp_path, capsys):
    save_user_library(Library(items=[LibraryItem.model_validate(entry("user.a"))]))
    theirs = write_library(tmp_path / "t.json", [entry("user.a", "Theirs"), entry("user.b")])
    code, lines, err = run(capsys, "library", "import", str(theirs))
    assert code == 2
    assert lines == [
        "new:     user.b  Item user.b",
        "changed: user.a  Item user.a  (yours: Item user.a, 2026-01-05)",
    ]
    assert err == (f"{theirs}: 1 item differs from yours; nothing imported — "
                   "choose --on-conflict keep-both, replace or skip")  # fmt: skip
    assert [i.id for i in user_library().items] == ["user.a"]

    code, lines, _ = run(capsys, "library", "import", str(theirs), "--on-conflict", "replace")
    assert code == 0 and lines[-1] == "imported 1 new, 1 replaced, 0 already the same"
    assert [(i.id, i.section.body) for i in user_library().items] == [
        ("user.a", "Theirs"),
        ("user.b", "Text"),
    ]
    code, lines, _ = run(capsys, "library", "import", str(theirs))
    assert code == 0 and lines[-1] == "imported 0 new, 2 already the same"


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        ([entry("a"), entry("b"), entry("c", category="gossip")],
         "lib.json: items[2].category: input should be 'threat', 'statistics', 'advice', "
         "'quotes', 'call-outs' or 'contacts', found 'gossip'"),
        ([{k: v for k, v in entry("a").items() if k != "name"}],
         "lib.json: items[0].name: field required"),
    ],
)  # fmt: skip
def test_bad_library_file_is_one_line_naming_file_and_field(tmp_path, capsys, items, expected):
    path = write_library(tmp_path / "lib.json", items)
    code, lines, err = run(capsys, "library", "import", str(path))
    assert code == 2 and lines == []
    assert err == str(tmp_path / expected)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["library", "remove", "builtin.x"], "builtin.x is a built-in item"),
        (["library", "remove", "user.none"], "no item 'user.none' in your library"),
        (["library", "list", "--category", "gossip"], "--category: unknown category 'gossip'"),
        (["library", "export", "-o", "x.json", "--ids", "user.none"], "--ids: no library item"),
        (["templates", "export", "no such", "-o", "x.bpack"], "no template called 'no such'"),
        (["brands", "export", "nobrand", "-o", "x.json"], "no brand called 'nobrand'"),
    ],
)
def test_bad_requests_exit_2_with_one_line(tmp_path, capsys, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, *args)
    assert code == 2 and message in err and "\n" not in err
    assert not (tmp_path / "x.json").exists() and not (tmp_path / "x.bpack").exists()


def test_library_add_bad_section_number(tmp_path, capsys):
    pack = write_pack(tmp_path, {"kind": "text", "body": "Hi"})
    code, _, err = run(capsys, "library", "add", str(pack), "--section", "3", "--name", "x",
                       "--category", "advice")  # fmt: skip
    assert code == 2 and err == f"{pack}: --section: no section 3 (the pack has 1 section)"


# ---- templates, new, brands ---------------------------------------------------------------


def test_new_from_template_refuses_to_overwrite_without_force(tmp_path, capsys):
    out = tmp_path / "new.bpack"
    code, lines, _ = run(capsys, "new", "--template", "protective security update", "-o", str(out))
    assert code == 0 and re.match(rf"wrote {re.escape(str(out))} \(\d+ sections, dated ", lines[0])
    pack = load_pack(out)
    assert pack.format == "briefpack/pack" and pack.meta.date == date.today()
    out.write_text("keep me", encoding="utf-8")
    code, _, err = run(capsys, "new", "--template", "protective security update", "-o", str(out))
    assert code == 2 and "already exists" in err and "--force" in err
    assert out.read_text(encoding="utf-8") == "keep me"
    assert run(capsys, "new", "-o", str(out), "--force")[0] == 0
    assert load_pack(out).meta.date == date.today()


def test_templates_list_import_export(tmp_path, capsys):
    code, lines, _ = run(capsys, "templates")
    assert code == 0 and lines and all("[built-in]" in line for line in lines)
    out = tmp_path / "t.bpack"
    assert run(capsys, "templates", "export", "Protective Security Update", "-o", str(out))[0] == 0
    data = json.loads(out.read_text(encoding="utf-8")) | {"name": "Mine"}
    out.write_text(json.dumps(data), encoding="utf-8")
    code, lines, _ = run(capsys, "templates", "import", str(out))
    assert code == 0 and lines[0].startswith("new: template 'Mine' added")
    data["description"] = "Changed."
    out.write_text(json.dumps(data), encoding="utf-8")
    code, _, err = run(capsys, "templates", "import", str(out))
    assert code == 2 and "choose --on-conflict" in err
    code, lines, _ = run(capsys, "templates", "import", str(out), "--on-conflict", "keep-both")
    assert code == 0 and "'Mine (imported)' kept both" in lines[0]
    _, lines, _ = run(capsys, "templates", "list")
    assert [line.split("  [")[0] for line in lines if "[user]" in line] == [
        "Mine (imported)",
        "Mine",
    ]


def test_brands_list_export_import(tmp_path, capsys, user_data_dir):
    code, lines, _ = run(capsys, "brands")
    assert code == 0 and "default  Neutral blue  [built-in]" in lines
    out = tmp_path / "b.json"
    assert run(capsys, "brands", "export", "default", "-o", str(out))[0] == 0
    assert (tmp_path / "shield-logo.png").is_file()
    data = json.loads(out.read_text(encoding="utf-8")) | {"id": "acme", "name": "Acme"}
    out.write_text(json.dumps(data), encoding="utf-8")
    code, lines, _ = run(capsys, "brands", "import", str(out))
    assert code == 0 and lines[0].startswith("new: brand 'acme' added")
    # Copied into the brand's own folder under the name briefpack gives it.
    assert (user_data_dir / "brands" / "acme" / "logo.png").is_file()
    assert "acme  Acme  [user]" in run(capsys, "brands", "list")[1]


# ---- validate -----------------------------------------------------------------------------


def test_validate_age_options(tmp_path, capsys):
    old = (date.today() - timedelta(days=500)).isoformat()
    save_user_library(Library(items=[LibraryItem.model_validate(entry("user.a", reviewed=old))]))
    section = {"kind": "text", "body": "Text", "origin": "user.a", "origin_updated": "2026-01-05"}
    stats = {"kind": "statistics", "items": [{"value": "1", "label": "x", "as_of": old}]}
    pack = write_pack(tmp_path, section, stats)
    _, lines, _ = run(capsys, "validate", str(pack))
    assert any("library item 'Item user.a' (user.a) was last reviewed" in line for line in lines)
    assert any("more than 12 months ago" in line and "statistic" in line for line in lines)
    _, lines, _ = run(capsys, "validate", str(pack), "--review-months", "24",
                      "--max-age-months", "24")  # fmt: skip
    assert not any("months ago" in line for line in lines)


# ---- library figures ----------------------------------------------------------------------

HOTLINE = "builtin.statistics.hotline-calls"


def test_library_figures_lists_oldest_first_with_where_and_how_to_update(tmp_path, capsys):
    stats = {"kind": "statistics", "items": [{"value": "9", "label": "undated figure"}]}
    pack = write_pack(tmp_path, stats)
    code, lines, _ = run(capsys, "library", "figures", "--pack", str(pack))
    assert code == 0
    assert lines[0].split() == ["as", "of", "value", "label", "|", "source", "|", "web", "address",
                                "|", "where"]  # fmt: skip
    assert lines[1].startswith("!undated") and lines[1].endswith("| Section 1 of this pack")
    assert "undated figure | no source | no address" in lines[1]
    hotline = next(line for line in lines if f"update with {HOTLINE}:hotline_calls" in line)
    assert hotline.startswith("!1 August 2016") and " 32  calls to the confidential" in hotline
    assert lines[-1].endswith("undated or more than 12 months old")
    assert lines[-1].startswith(f"{len(lines) - 2} figures;")


def test_library_figures_update_copies_the_builtin_and_keeps_history(capsys, user_data_dir):
    code, lines, err = run(capsys, "library", "figures", "--update", f"{HOTLINE}:hotline_calls",
                           "--value", "41", "--as-of", "5/1/2026",
                           "--source-url", "https://www.gov.uk/calls")  # fmt: skip
    assert (code, err) == (0, "")
    assert lines == [
        f"updated user.statistics.hotline-calls (your copy of {HOTLINE}): calls to the "
        "confidential Anti-Terrorist Hotline, on average per day: 32 (1 August 2016) → 41 "
        "(5 January 2026)"
    ]
    [item] = user_library().items
    assert item.supersedes == HOTLINE and [p.value for p in item.history] == ["32"]
    assert item.section.items[0].source_url == "https://www.gov.uk/calls"
    listing = run(capsys, "library", "figures")[1]
    assert any("41  calls" in line and "https://www.gov.uk/calls" in line for line in listing)
    assert not any(f"{HOTLINE}:" in line for line in listing)  # the copy stands in for it
    # A row number picks the figure too; the same values again change nothing.
    code, lines, _ = run(capsys, "library", "figures", "--update", f"{HOTLINE}:1",
                         "--value", "41", "--as-of", "2026-01-05")  # fmt: skip
    assert code == 0 and lines[0].endswith("the figure already says that; nothing changed")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--value", "3"], "--value: only used with --update ITEM_ID[:STAT_ID]"),
        (["--update", HOTLINE, "--as-of", "2026-01-01"], "--value: give the new figure"),
        (["--update", HOTLINE, "--value", "3"], "--as-of: give the date"),
        (["--update", HOTLINE, "--value", "3", "--as-of", "5/1/26"], "--as-of: “5/1/26”"),
        (["--update", "builtin.nope", "--value", "3", "--as-of", "2026-01-01"],
         "--update: no library item 'builtin.nope'"),
        (["--update", "builtin.statistics.public-contribution-per-day", "--value", "3",
          "--as-of", "2026-01-01"], "--update: library item builtin.statistics.public-"),
        (["--update", f"{HOTLINE}:9", "--value", "3", "--as-of", "2026-01-01"],
         "--update: library item builtin.statistics.hotline-calls has no figure 9"),
        (["--update", HOTLINE, "--value", " ", "--as-of", "2026-01-01"], "--value: type"),
        (["--update", HOTLINE, "--value", "3", "--as-of", "2026-01-01", "--source-url",
          "javascript:alert(1)"], "--source-url: links may only be web addresses"),
        (["--update", HOTLINE, "--value", "3", "--as-of", "2999-01-01"], "--as-of: the as-of"),
    ],
)  # fmt: skip
def test_library_figures_bad_input_exits_2_naming_the_option(capsys, args, message):
    code, lines, err = run(capsys, "library", "figures", *args)
    assert code == 2 and lines == [] and len(err.splitlines()) == 1
    assert err.startswith(message)
    assert user_library().items == []


# ---- wording: counts, short paths ---------------------------------------------------------


def test_new_says_1_section(tmp_path, capsys, monkeypatch):
    """Before: "1 sections"."""
    monkeypatch.chdir(tmp_path)
    code, lines, _ = run(capsys, "new", "-o", "one.bpack")
    assert code == 0 and lines[0].startswith("wrote one.bpack (1 section, dated ")
    code, lines, _ = run(capsys, "new", "-o", ".")
    assert code == 2  # a folder: not "already exists; add --force"


def test_counts_are_singular_for_one(tmp_path, capsys, monkeypatch, user_data_dir):
    monkeypatch.chdir(tmp_path)
    save_user_library(Library(items=[LibraryItem.model_validate(entry("user.a"))]))
    code, lines, _ = run(capsys, "library", "list", "--search", "Item user.a")
    assert code == 0 and lines[-1].startswith("1 item; 1 marked !")
    code, lines, _ = run(capsys, "library", "export", "-o", str(tmp_path / "mine.json"))
    assert code == 0 and lines == ["wrote 1 item to mine.json"]
    pack = write_pack(tmp_path, {"kind": "text", "body": "Hi"})
    code, lines, _ = run(capsys, "validate", str(pack))
    assert lines[-1] == "p.bpack: ok (1 section)"


def test_templates_list_shows_no_installed_paths(tmp_path, capsys, monkeypatch, user_data_dir):
    """Built-in templates are "built-in", not a long site-packages path; yours are shown
    short, so that one of the same name as a built-in can be given by its path."""
    monkeypatch.chdir(user_data_dir)
    out = tmp_path / "t.bpack"
    assert run(capsys, "templates", "export", "Protective Security Update", "-o", str(out))[0] == 0
    data = json.loads(out.read_text(encoding="utf-8")) | {"name": "Mine"}
    out.write_text(json.dumps(data), encoding="utf-8")
    code, lines, _ = run(capsys, "templates", "import", str(out))
    assert code == 0 and lines[0].endswith("(templates/mine.bpack)")
    code, lines, _ = run(capsys, "templates")
    assert code == 0
    builtin = [line for line in lines if "[built-in]" in line]
    assert builtin and not any("/" in line.split("]  ", 1)[0] for line in builtin)
    assert not any("site-packages" in line or ".bpack)" in line for line in builtin)
    mine = [line for line in lines if "[user]" in line]
    assert len(mine) == 1 and mine[0].endswith("  (templates/mine.bpack)")
