"""`--allow-outside-files` and `.bpackz` bundles through the command line (issue 18 point 4).

A picture outside the pack's folder (a full path, `../`, or a link in the folder leading
out) is refused by render, validate and bundle in one line naming the pack and the section,
with nothing written, unless the officer passes --allow-outside-files. A bundle is opened
into a private folder, but messages name the bundle and output goes beside it; a bad bundle
is one line with nothing extracted. Refusals run the real `briefpack` in a child process
(exit 2, one line, no traceback, nothing left running; a child that hangs is stopped by
subprocess's 60 s limit), as tests/test_hostile_files.py does.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import types
import zipfile
from pathlib import Path

import pytest

from briefpack.cli import EXIT_BAD_INPUT, EXIT_OK, main
from briefpack.model.bundle import write_bundle
from briefpack.model.cache import cache_dir
from tests.packs import pack_data
from tests.test_bundle import HOSTILE, HOSTILE_BUNDLES, PNG
from tests.test_hostile_files import assert_one_line, run_cli

WAYS_OUT = ("absolute", "dotdot", "link")


def make_outside_pack(tmp_path: Path, how: str) -> Path:
    """A pack in a folder of its own whose picture lies outside it, reached `how`."""
    secret = tmp_path / "elsewhere" / "secret.png"
    secret.parent.mkdir(exist_ok=True)
    secret.write_bytes(PNG)
    folder = tmp_path / how
    folder.mkdir()
    path = {"absolute": str(secret), "dotdot": "../elsewhere/secret.png", "link": "logo.png"}
    if how == "link":
        (folder / "logo.png").symlink_to(secret)  # as a zip or tar from a colleague keeps it
    data = pack_data(
        {"kind": "text", "body": "Hello."}, {"kind": "image", "path": path[how], "alt": "Logo"}
    )
    pack = folder / "brief.bpack"
    pack.write_text(json.dumps(data), encoding="utf-8")
    return pack


def holds_the_test_picture(pdf: Path) -> bool:
    """Whether the PDF embeds the 1 × 1 test picture (the brand's logo is far wider)."""
    return re.search(rb"/Subtype /Image\s+/Type /XObject /Width 1\s", pdf.read_bytes()) is not None


def user_env(tmp_path: Path) -> dict[str, str]:
    return {"BRIEFPACK_USER_DIR": str(tmp_path / "user")}


# ---- pictures outside the pack's folder ----------------------------------------------------


@pytest.mark.parametrize("command", ["render", "validate", "bundle"])
@pytest.mark.parametrize("how", WAYS_OUT)
def test_an_outside_picture_is_refused_in_one_line_with_nothing_written(tmp_path, how, command):
    pack = make_outside_pack(tmp_path, how)
    before = sorted(p.name for p in pack.parent.iterdir())
    args = [command, str(pack)] + (["--format", "both"] if command == "render" else [])
    result, alive = run_cli(args, user_env(tmp_path))
    assert result.returncode == EXIT_BAD_INPUT, result.stderr
    action = "put in the bundle" if command == "bundle" else "read"
    assert_one_line(
        result.stderr,
        f"{pack}: sections[1].path: ",
        f"is outside the pack's folder, so it is not {action}; move the picture beside the "
        "pack, or pass --allow-outside-files if you trust it",
    )
    assert result.stdout == "" and alive == []
    assert sorted(p.name for p in pack.parent.iterdir()) == before


@pytest.mark.parametrize("how", WAYS_OUT)
def test_the_flag_lets_render_and_validate_read_it(tmp_path, how, capsys):
    pack = make_outside_pack(tmp_path, how)
    assert main(["validate", str(pack), "--allow-outside-files"]) == EXIT_OK
    assert f"{pack}: ok (2 sections)" in capsys.readouterr().out
    assert main(["render", str(pack), "--allow-outside-files"]) == EXIT_OK
    assert holds_the_test_picture(pack.with_suffix(".pdf")), "the picture from outside is in it"


@pytest.mark.parametrize("how", WAYS_OUT)
def test_the_flag_lets_bundle_copy_it_in_under_an_inside_name(tmp_path, how, capsys):
    pack = make_outside_pack(tmp_path, how)
    out = tmp_path / "sent.bpackz"
    assert main(["bundle", str(pack), "-o", str(out), "--allow-outside-files"]) == EXIT_OK
    said = capsys.readouterr().out.strip()
    assert said == f"wrote {out} (with 1 picture from outside the pack's folder)"
    with zipfile.ZipFile(out) as zf:
        assert sorted(zf.namelist()) == ["images/01-" + Path(pack_image(pack)).name, "pack.bpack"]
        sections = json.loads(zf.read("pack.bpack"))["sections"]
        assert sections[1]["path"].startswith("images/01-")
        assert zf.read(sections[1]["path"]) == PNG


def pack_image(pack: Path) -> str:
    return json.loads(pack.read_text(encoding="utf-8"))["sections"][1]["path"]


def test_the_help_says_what_the_flag_does(capsys):
    for command in ("render", "validate", "bundle"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        text = " ".join(capsys.readouterr().out.split())
        assert "--allow-outside-files" in text and "outside its own folder" in text
        assert ("copy pictures" if command == "bundle" else "read pictures") in text


# ---- opening a .bpackz -------------------------------------------------------------------


@pytest.fixture
def good_bundle(tmp_path: Path) -> Path:
    """A bundle of a pack with a picture, alone in a folder of its own."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "logo.png").write_bytes(PNG)
    data = pack_data(
        {"kind": "text", "body": "Hello."}, {"kind": "image", "path": "logo.png", "alt": "Logo"}
    )
    (src / "brief.bpack").write_text(json.dumps(data), encoding="utf-8")
    folder = tmp_path / "inbox"
    folder.mkdir()
    return write_bundle(src / "brief.bpack", folder / "from-colleague.bpackz")


def test_render_of_a_bundle_writes_beside_the_bundle(good_bundle, capsys):
    assert main(["render", str(good_bundle), "--format", "both"]) == EXIT_OK
    out = capsys.readouterr().out
    pdf, docx = good_bundle.with_suffix(".pdf"), good_bundle.with_suffix(".docx")
    assert out.splitlines() == [f"wrote {pdf}", f"wrote {docx}"]
    assert holds_the_test_picture(pdf)
    assert sorted(p.name for p in good_bundle.parent.iterdir()) == [
        "from-colleague.bpackz",
        "from-colleague.docx",
        "from-colleague.pdf",
    ]
    bundles = cache_dir() / "bundles"
    assert not list(bundles.rglob("*.pdf")) and not list(bundles.rglob("*.docx"))


def test_validate_of_a_bundle_names_the_bundle_never_the_private_folder(good_bundle, capsys):
    assert main(["validate", str(good_bundle)]) == EXIT_OK
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert lines[-1] == f"{good_bundle}: ok (2 sections)"
    assert all(line.startswith(f"{good_bundle}: ") for line in lines)
    assert str(cache_dir()) not in captured.out + captured.err


def test_an_error_inside_a_bundle_names_the_bundle(tmp_path, capsys):
    """A placeholder naming nothing, in a bundle: the line names the .bpackz and the field."""
    data = pack_data({"kind": "text", "body": "{{ nobody }}"})
    bundle = tmp_path / "typo.bpackz"
    with zipfile.ZipFile(bundle, "w") as zf:
        zf.writestr("pack.bpack", json.dumps(data))
    assert main(["render", str(bundle)]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert err.startswith(f"{bundle}: sections[0].body: ") and "nobody" in err
    assert str(cache_dir()) not in err and not bundle.with_suffix(".pdf").exists()


def test_a_bundle_whose_pack_reaches_outside_is_refused_unless_allowed(tmp_path, capsys):
    bundle = tmp_path / "zip-outside-picture.bpackz"
    shutil.copy(HOSTILE / bundle.name, bundle)
    result, alive = run_cli(["render", str(bundle)], user_env(tmp_path))
    assert result.returncode == EXIT_BAD_INPUT and alive == []
    assert_one_line(
        result.stderr,
        f"{bundle}: sections[1].path: ",
        "the picture ../../../outside.png is outside the bundle, so it is not read; ask for a "
        "bundle that holds it, or pass --allow-outside-files if you trust it",
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["user", bundle.name]  # no PDF
    # Allowed, it is looked for outside (and is not there): still one line, naming the bundle.
    assert main(["validate", str(bundle), "--allow-outside-files"]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert err.startswith(f"{bundle}: sections[1].path: ") and "not found" in err


@pytest.mark.parametrize("name", sorted(HOSTILE_BUNDLES))
def test_render_refuses_a_bad_bundle_in_one_line_with_nothing_extracted(tmp_path, name):
    bundle = tmp_path / "inbox" / name
    bundle.parent.mkdir()
    shutil.copy(HOSTILE / name, bundle)
    result, alive = run_cli(["render", str(bundle), "--format", "both"], user_env(tmp_path))
    assert result.returncode == EXIT_BAD_INPUT, result.stderr
    assert_one_line(result.stderr, f"{bundle}: ", HOSTILE_BUNDLES[name])
    assert result.stdout == "" and alive == []
    assert [p.name for p in bundle.parent.iterdir()] == [name]
    assert not (tmp_path / "user" / "cache" / "bundles").exists()


@pytest.mark.parametrize("name", sorted(HOSTILE_BUNDLES))
def test_validate_refuses_a_bad_bundle_in_one_line_with_nothing_extracted(tmp_path, name, capsys):
    bundle = tmp_path / name
    shutil.copy(HOSTILE / name, bundle)
    assert main(["validate", str(bundle)]) == EXIT_BAD_INPUT
    captured = capsys.readouterr()
    assert_one_line(captured.err, f"{bundle}: ", HOSTILE_BUNDLES[name])
    assert captured.out == "" and not (cache_dir() / "bundles").exists()


@pytest.mark.parametrize("command", ["render", "validate"])
def test_a_fifo_named_as_a_bundle_is_refused_at_once(tmp_path, command):
    """The first bundle reader read the whole path, which blocks for ever on a FIFO."""
    fifo = tmp_path / "waiting.bpackz"
    os.mkfifo(fifo)
    result, alive = run_cli([command, str(fifo)], user_env(tmp_path))
    assert result.returncode == EXIT_BAD_INPUT
    assert_one_line(result.stderr, f"{fifo} is a pipe (FIFO)", "not an ordinary file")
    assert alive == []


def test_briefpack_with_a_bundle_opens_the_app_with_that_path_unchanged(monkeypatch, tmp_path):
    opened: list[list[str]] = []
    fake_app = types.ModuleType("briefpack.gui.app")
    fake_app.run_app = lambda argv: opened.append(argv) or 0  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "briefpack.gui.app", fake_app)
    monkeypatch.setattr("briefpack.services.preview.prestart", lambda: None)
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")  # no display needed, as in the GUI tests
    bundle = str(tmp_path / "From Colleague.BPACKZ")
    assert main([bundle]) == EXIT_OK
    assert main(["open", bundle]) == EXIT_OK
    assert opened == [[bundle], [bundle]]


def test_the_line_says_how_many_more_pictures_are_outside(tmp_path, capsys):
    pack = make_outside_pack(tmp_path, "dotdot")
    data = json.loads(pack.read_text(encoding="utf-8"))
    data["sections"].append({"kind": "image", "path": "/elsewhere/other.png", "alt": "Other"})
    pack.write_text(json.dumps(data), encoding="utf-8")
    assert main(["validate", str(pack)]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert err.startswith(f"{pack}: sections[1].path: the picture ../elsewhere/secret.png is ")
    assert "outside the pack's folder (and 1 more), so it is not read" in err
