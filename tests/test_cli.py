"""The command line: exit codes, one-line errors, no half-written output."""

from __future__ import annotations

import argparse
import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from packs import EXAMPLE, pack_data

from briefpack import cli
from briefpack.cli import errors
from briefpack.cli.paths import shown
from briefpack.model import storage


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "briefpack", *args], capture_output=True, text=True, cwd=cwd
    )


def write_pack(folder: Path, data: dict) -> Path:
    path = folder / "p.bpack"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_version():
    out = run("--version")
    assert out.returncode == 0 and out.stdout.startswith("briefpack ")


def test_render_both_formats(tmp_path):
    pack = write_pack(tmp_path, pack_data({"kind": "text", "title": "Hello", "body": "World"}))
    out = run("render", str(pack), "--format", "both")
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "p.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / "p.docx").read_bytes().startswith(b"PK")


def test_render_output_name_sets_format(tmp_path):
    pack = write_pack(tmp_path, pack_data())
    assert run("render", str(pack), "-o", str(tmp_path / "x.docx")).returncode == 0
    assert (tmp_path / "x.docx").exists() and not (tmp_path / "x.pdf").exists()


def test_validate_example():
    out = run("validate", str(EXAMPLE))
    assert out.returncode == 0, out.stderr
    assert "ok" in out.stdout


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            pack_data({"kind": "statistics", "items": [{"label": "x"}]}),
            "p.bpack: sections[0].items[0].value: field required",
        ),
        (pack_data({"kind": "text", "body": "{{ nope }}"}), "p.bpack: sections[0].body: unknown"),
        ({**pack_data(), "version": 9}, "p.bpack: version: this file is format version 9"),
    ],
)
def test_bad_input_exit_2_one_line_no_output(tmp_path, data, expected):
    write_pack(tmp_path, data)
    out = run("render", "p.bpack", "--format", "both", cwd=tmp_path)
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(expected), out.stderr
    assert "Traceback" not in out.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.bpack"]


def test_missing_file_is_bad_input(tmp_path):
    out = run("validate", str(tmp_path / "none.bpack"))
    assert out.returncode == 2 and "none.bpack" in out.stderr


def test_internal_error_exit_1_with_log(tmp_path, monkeypatch, capsys):
    pack = write_pack(tmp_path, pack_data())
    log = tmp_path / "log" / "briefpack.log"
    log.parent.mkdir()
    monkeypatch.setattr(errors, "log_file", lambda: log)

    def explode(*_a, **_k):
        raise RuntimeError("boom")

    monkeypatch.setattr("briefpack.render.render", explode)
    assert cli.main(["render", str(pack)]) == 1
    err = capsys.readouterr().err
    assert "internal error" in err and str(log) in err
    assert "RuntimeError: boom" in log.read_text()
    assert not (tmp_path / "p.pdf").exists()


# ---- output into a pipe that closes early ---------------------------------------------------


def run_into_closed_pipe(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`briefpack ARGS | head -0`: the reader has gone before the first line is written."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    env = {
        **os.environ,
        "BRIEFPACK_USER_DIR": str(tmp_path / "user"),
        "XDG_STATE_HOME": str(tmp_path / "state"),  # the log of internal errors
        "HOME": str(tmp_path / "home"),
    }
    try:
        return subprocess.run(
            [sys.executable, "-m", "briefpack", *args],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            timeout=60,
        )
    finally:
        os.close(write_end)


@pytest.mark.parametrize("args", [["library", "list"], ["--help"], ["templates"], ["threat"]])
def test_a_reader_that_goes_early_ends_the_command_quietly(tmp_path, args):
    """Before: "internal error: BrokenPipeError", exit 1, and a traceback in the log."""
    result = run_into_closed_pipe(tmp_path, *args)
    assert result.returncode in (0, 141)
    assert result.stderr == ""
    assert not (tmp_path / "state").exists()  # nothing logged


def test_an_import_is_still_done_when_its_reader_goes(tmp_path):
    """The plan lines went into a closed pipe; the import they describe still happens."""
    library = tmp_path / "lib.json"
    item = {"id": "user.a", "name": "A", "category": "advice", "tags": [],
            "updated": "2026-01-05", "section": {"kind": "text", "body": "Hi"}}  # fmt: skip
    library.write_text(
        json.dumps({"format": "briefpack/library", "version": 1, "items": [item]}), "utf-8"
    )
    result = run_into_closed_pipe(tmp_path, "library", "import", str(library))
    assert result.returncode == 0 and result.stderr == ""
    saved = json.loads((tmp_path / "user" / "library.json").read_text("utf-8"))
    assert [i["id"] for i in saved["items"]] == ["user.a"]


# ---- the first word: a command, a file to open, or neither ------------------------------------


def test_a_missing_file_is_named_not_an_invalid_choice(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["nope"]) == 2
    err = capsys.readouterr().err
    assert err == "no such file: nope (`briefpack --help` lists the commands)\n"
    (tmp_path / "folder").mkdir()
    assert cli.main(["folder"]) == 2
    assert capsys.readouterr().err.startswith("folder: is a folder; give a pack file")


def test_help_says_how_to_open_the_app(capsys):
    with pytest.raises(SystemExit) as done:
        cli.main(["--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: briefpack [FILE.bpack]  ")
    assert "open the desktop app" in out.splitlines()[0]
    assert "invalid choice" not in out and "{render," not in out


def every_argument(parser: argparse.ArgumentParser, path: str = "briefpack"):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from every_argument(sub, f"{path} {name}")
        elif not isinstance(action, (argparse._HelpAction, argparse._VersionAction)):
            yield path, action


def test_every_option_has_help_with_its_default():
    """Before: `render --format` and `validate --max-age-months` had none."""
    checked = 0
    for path, action in every_argument(cli.build_parser()):
        if action.help == argparse.SUPPRESS:
            continue
        name = f"{path} {'/'.join(action.option_strings) or action.dest}"
        assert action.help, f"{name} has no help"
        takes_value = action.option_strings and action.nargs != 0
        if takes_value and not action.required:
            assert "(default: " in action.help or "(required" in action.help, name
        checked += 1
    assert checked > 40


def test_subcommand_usage_starts_with_the_command(capsys):
    with pytest.raises(SystemExit):
        cli.main(["render", "--help"])
    out = capsys.readouterr().out
    assert out.startswith("usage: briefpack render [-h]")  # not the top level's two lines
    assert "(default: as OUT's ending says, else pdf)" in " ".join(out.split())


# ---- -o naming a folder -------------------------------------------------------------------


@pytest.mark.parametrize("command", ["render", "bundle"])
@pytest.mark.parametrize("given", ["existing", "existing/", "new/"])
def test_o_naming_a_folder_writes_inside_it(tmp_path, monkeypatch, capsys, command, given):
    """Before: `render -o out/` wrote out.pdf beside the folder."""
    monkeypatch.chdir(tmp_path)
    write_pack(tmp_path, pack_data())
    (tmp_path / "existing").mkdir()
    assert cli.main([command, "p.bpack", "-o", given]) == 0, capsys.readouterr().err
    folder = given.rstrip("/")
    written = f"{folder}/p.{'pdf' if command == 'render' else 'bpackz'}"
    assert (tmp_path / written).is_file()
    assert capsys.readouterr().out.startswith(f"wrote {written}")
    assert {p.name for p in tmp_path.iterdir()} == {"p.bpack", "existing", folder}  # no p.pdf


def test_render_both_into_a_new_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    write_pack(tmp_path, pack_data())
    assert cli.main(["render", "p.bpack", "-o", "out/", "--format", "both"]) == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["p.docx", "p.pdf"]
    assert capsys.readouterr().out == "wrote out/p.pdf\nwrote out/p.docx\n"


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (
            "missing/deeper/",
            "missing/deeper/: cannot make this folder in missing, which does not exist",
        ),
        ("p.bpack/", "p.bpack/: is a file, not a folder; remove the / to write to it"),
    ],
)
@pytest.mark.parametrize("command", ["render", "bundle"])
def test_o_naming_a_folder_that_cannot_be(tmp_path, monkeypatch, capsys, command, given, message):
    monkeypatch.chdir(tmp_path)
    write_pack(tmp_path, pack_data())
    assert cli.main([command, "p.bpack", "-o", given]) == 2
    assert capsys.readouterr().err.startswith(message)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.bpack"]


def test_a_new_folder_is_not_left_behind_when_nothing_is_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_pack(tmp_path, pack_data({"kind": "text", "body": "{{ nope }}"}))
    assert cli.main(["render", "p.bpack", "-o", "out/"]) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.bpack"]


# ---- paths printed short --------------------------------------------------------------------


def test_paths_are_printed_relative_to_the_current_folder_or_home(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert shown(tmp_path / "out" / "p.pdf") == "out/p.pdf"
    assert shown("../typed/as/is.pdf") == "../typed/as/is.pdf"
    assert shown(tmp_path / "home" / "x.bpack") == "home/x.bpack"  # the current folder first
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    assert shown(tmp_path / "home" / "x.bpack") == "~/x.bpack"
    assert shown("/elsewhere/x\n.pdf") == "/elsewhere/x\\n.pdf"


# ---- a failed save names what happened --------------------------------------------------------


def test_a_first_save_that_fails_does_not_mention_a_previous_version(tmp_path, monkeypatch, capsys):
    """A read-only folder: there was no previous version to keep."""

    def read_only(*_args, **_kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(storage.tempfile, "mkstemp", read_only)
    out = tmp_path / "new.bpack"
    assert cli.main(["new", "-o", str(out)]) == 2
    reason = "you do not have permission to write there"
    assert capsys.readouterr().err == f"{out}: could not save ({reason}); nothing was written\n"
    out.write_text("keep me", encoding="utf-8")
    assert cli.main(["new", "-o", str(out), "--force"]) == 2
    assert capsys.readouterr().err == (
        f"{out}: could not save ({reason}); the previous version is unchanged\n"
    )
    assert out.read_text(encoding="utf-8") == "keep me"
