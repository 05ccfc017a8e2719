"""The command line: exit codes, one-line errors, no half-written output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from packs import EXAMPLE, pack_data

from briefpack import cli
from briefpack.cli import errors


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
