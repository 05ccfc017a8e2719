"""Imports of colleagues' brands, templates and library files stay data (issue 18, point 2).

Each case is a file under tests/hostile/ (imp-*), driven through the CLI: exit 2 and one
line for bad input, nothing of the user's replaced without a choice, built-ins never
shadowed, and concurrent writers of the library never losing an item.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefpack import cli
from briefpack.model.brand import find_brand, list_brands
from briefpack.model.conflicts import clean_name
from briefpack.model.errors import BriefpackError
from briefpack.model.library import user_library
from briefpack.model.resources import asset
from briefpack.model.template_store import list_templates
from briefpack.model.userdata import user_brands_dir

HOSTILE = Path(__file__).parent / "hostile"
ROOT = Path(__file__).parent.parent
BUILTIN_DEFAULT = json.loads(asset("brands", "default.json").read_text(encoding="utf-8"))


def run(capsys, *args: str | Path) -> tuple[int, list[str], list[str]]:
    code = cli.main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out.splitlines(), out.err.splitlines()


def refused(capsys, *args: str | Path) -> str:
    """Run a command that must be refused: exit 2, one line on stderr, no traceback."""
    code, _, err = run(capsys, *args)
    assert code == 2, err
    assert len(err) == 1 and "Traceback" not in err[0], err
    return err[0]


def copy_case(name: str, tmp_path: Path) -> Path:
    """A hostile case copied out of the tree, so nothing can write into tests/hostile."""
    source = HOSTILE / name
    target = tmp_path / name
    if source.is_dir():
        shutil.copytree(source, target)
        return target / "brand.json"
    shutil.copy(source, target)
    return target


def assert_default_is_the_builtin() -> None:
    default = find_brand("default")
    assert default.builtin and default.kind == "built-in"
    assert default.header_text == BUILTIN_DEFAULT.get("header_text")
    assert default.name == BUILTIN_DEFAULT["name"]


# ---- brands: files named by briefpack, built-ins never shadowed --------------------------


def test_a_logo_named_default_json_that_is_a_brand_file_is_refused(tmp_path, capsys):
    # Before: copied as brands/default.json, which then stood in for the built-in "default".
    brand = copy_case("imp-logo-default-json", tmp_path)
    line = refused(capsys, "brands", "import", brand)
    assert "default.json" in line and "not an image" in line
    assert_default_is_the_builtin()
    assert not user_brands_dir().exists() or not any(user_brands_dir().iterdir())


def test_a_real_picture_named_default_json_is_kept_as_logo_png(tmp_path, capsys):
    brand = copy_case("imp-png-named-default-json", tmp_path)
    code, lines, _ = run(capsys, "brands", "import", brand)
    assert code == 0 and lines == [
        f"new: brand 'nice3' added ({user_brands_dir() / 'nice3' / 'brand.json'})"
    ]
    mine = find_brand("nice3")
    assert mine.logo == "logo.png" and not mine.builtin
    files = sorted(p.name for p in (user_brands_dir() / "nice3").iterdir() if p.is_file())
    assert [f for f in files if not f.startswith(".")] == ["brand.json", "logo.png"]
    assert_default_is_the_builtin()


def test_a_brand_with_a_builtin_id_is_kept_as_a_renamed_copy(tmp_path, capsys):
    brand = copy_case("imp-brand-id-default.json", tmp_path)
    code, lines, _ = run(capsys, "brands", "import", brand)
    assert code == 0
    assert lines[0].startswith("builtin: brand 'default-imported' kept both as 'default-imported'")
    assert "a built-in brand has the id 'default'" in lines[0]
    assert_default_is_the_builtin()
    copy = find_brand("default-imported")
    assert copy.header_text.startswith("SEND PASSWORDS") and copy.kind == "yours"
    _, listed, _ = run(capsys, "brands", "list")
    assert "default  Neutral blue  [built-in]" in listed
    assert [b.id for b in list_brands()].count("default") == 1


def test_a_font_that_is_not_a_font_is_refused(tmp_path, capsys):
    brand = copy_case("imp-font-not-a-font", tmp_path)
    line = refused(capsys, "brands", "import", brand)
    assert "x.ttf" in line and "not a font" in line
    with pytest.raises(BriefpackError):
        find_brand("fonty")
    assert not (user_brands_dir() / "fonty").exists()  # nothing half-imported is left


def test_a_logo_that_is_a_link_is_refused(tmp_path, capsys):
    secret = tmp_path / "secret.png"
    secret.write_bytes(asset("brands", "shield-logo.png").read_bytes())
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "logo.png").symlink_to(secret)
    data = BRAND_DATA | {"id": "linked", "name": "Linked", "logo": "logo.png"}
    (shared / "brand.json").write_text(json.dumps(data), encoding="utf-8")
    line = refused(capsys, "brands", "import", shared / "brand.json")
    assert "logo.png" in line and "link" in line


def test_the_same_brand_twice_is_a_conflict_then_each_choice(tmp_path, capsys):
    shared = tmp_path / "b.json"
    shared.write_text(json.dumps(BRAND_DATA | {"id": "acme", "name": "Acme"}), "utf-8")
    assert run(capsys, "brands", "import", shared)[0] == 0
    shared.write_text(json.dumps(BRAND_DATA | {"id": "acme", "name": "Acme 2"}), "utf-8")
    line = refused(capsys, "brands", "import", shared)
    assert "your brand 'acme'" in line and line.endswith(
        "choose --on-conflict keep-both, replace or skip"
    )
    assert find_brand("acme").name == "Acme"
    assert run(capsys, "brands", "import", shared, "--on-conflict", "replace")[0] == 0
    assert find_brand("acme").name == "Acme 2"


BRAND_DATA = {k: v for k, v in BUILTIN_DEFAULT.items() if k != "logo"}


# ---- templates: same file name is a conflict; look-alike names refused ------------------


def test_a_template_with_the_same_file_name_is_a_conflict_not_a_silent_replace(tmp_path, capsys):
    ours = copy_case("imp-template-station-brief.bpack", tmp_path)
    theirs = copy_case("imp-template-station-brief-bang.bpack", tmp_path)
    code, lines, _ = run(capsys, "templates", "import", ours)
    assert code == 0 and lines[0].startswith("new: template 'Station Brief' added")
    mine = next(t for t in list_templates() if t.name == "Station Brief")
    before = mine.path.read_bytes()
    # Before: "new: template 'Station-Brief!' added" and the officer's file was replaced.
    line = refused(capsys, "templates", "import", theirs)
    assert "'Station-Brief!' would be saved over your template 'Station Brief'" in line
    assert "--on-conflict" in line
    assert mine.path.read_bytes() == before
    code, lines, _ = run(capsys, "templates", "import", theirs, "--on-conflict", "keep-both")
    assert code == 0 and "'Station-Brief! (imported)' kept both" in lines[0]
    names = {t.name for t in list_templates() if not t.builtin}
    assert names == {"Station Brief", "Station-Brief! (imported)"}
    assert mine.path.read_bytes() == before


def test_a_template_named_like_a_builtin_file_is_kept_as_a_copy(tmp_path, capsys):
    builtin = next(t for t in list_templates() if t.builtin)
    data = json.loads(builtin.path.read_text(encoding="utf-8"))
    shared = tmp_path / "t.bpack"
    # Same file name once slugged as the built-in, but a different name and content.
    shared.write_text(json.dumps(data | {"name": builtin.name.upper() + "!"}), "utf-8")
    code, lines, _ = run(capsys, "templates", "import", shared)
    assert code == 0 and lines[0].startswith("builtin: template ")
    assert "(imported)' (a built-in template has that name)" in lines[0]
    code, lines, _ = run(capsys, "new", "--template", builtin.name, "-o", tmp_path / "n.bpack")
    assert code == 0 and f"from the built-in template {builtin.name!r})" in lines[0]
    mine = next(t for t in list_templates() if not t.builtin)
    code, lines, _ = run(capsys, "new", "--template", mine.path, "-o", tmp_path / "m.bpack")
    assert code == 0 and f"from your template {mine.name!r})" in lines[0]


def test_a_cyrillic_look_alike_template_name_is_refused(tmp_path, capsys):
    shared = copy_case("imp-template-cyrillic-s.bpack", tmp_path)
    line = refused(capsys, "templates", "import", shared)
    assert "Cyrillic letter 'Ѕ'" in line
    assert not [t for t in list_templates() if not t.builtin]


def test_a_greek_look_alike_brand_name_is_refused(tmp_path, capsys):
    shared = tmp_path / "b.json"
    data = BRAND_DATA | {"id": "acme", "name": "Αcme Police"}  # Greek capital alpha
    shared.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    line = refused(capsys, "brands", "import", shared)
    assert "Greek letter 'Α'" in line


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("Station Brief", "Station Brief"),
        ("Ｓｔａｔｉｏｎ Brief", "Station Brief"),  # full-width letters normalised (NFKC)
        ("Café Brief", "Café Brief"),
        ("Брифинг", "Брифинг"),  # all Cyrillic: a real name, not a look-alike
    ],
)
def test_clean_name_keeps_honest_names(name, kept):
    assert clean_name(name, "template") == kept


@given(st.text(max_size=40))
def test_clean_name_either_refuses_in_one_line_or_returns_an_nfkc_name(text):
    try:
        out = clean_name(text, "template")
    except BriefpackError as exc:
        assert "\n" not in exc.message.replace(text, "")
        return
    assert out == clean_name(out, "template")  # idempotent


# ---- locking: concurrent writers of the library -----------------------------------------


def test_twenty_concurrent_library_adds_keep_all_twenty(tmp_path, user_data_dir):
    pack = tmp_path / "p.bpack"
    shutil.copy(ROOT / "examples" / "protective-security-update.bpack", pack)
    env = os.environ | {"BRIEFPACK_USER_DIR": str(user_data_dir)}
    command = [sys.executable, "-m", "briefpack", "library", "add", str(pack), "--section", "1"]
    # All 20 at once (the red team ran 10 pairs and kept 17 of 20).
    procs = [
        subprocess.Popen(
            [*command, "--name", f"Item {n}", "--category", "advice"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for n in range(20)
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err.decode()
    names = sorted(item.name for item in user_library().items)
    assert names == sorted(f"Item {n}" for n in range(20))
