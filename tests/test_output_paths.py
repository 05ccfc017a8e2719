"""Output paths: render and export never write through a link found at the target,
`--format both` writes both files or neither, and odd characters in a path are shown
escaped. The hostile files are tests/hostile/out-*."""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from packs import pack_data

from briefpack import cli
from briefpack.model import storage
from briefpack.model.errors import SaveError
from briefpack.model.storage import atomic_write, atomic_write_all, shown_path

HOSTILE = Path(__file__).parent / "hostile"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "briefpack", *args], capture_output=True, text=True, timeout=120
    )


def write_pack(folder: Path, name: str = "p.bpack") -> Path:
    path = folder / name
    path.write_text(json.dumps(pack_data({"kind": "text", "body": "Hello"})), encoding="utf-8")
    return path


@pytest.fixture
def linked_pack(tmp_path: Path) -> tuple[Path, Path]:
    """tests/hostile/out-link.* unpacked two folders down, its link aimed at a victim file."""
    folder = tmp_path / "mail" / "unzipped"
    folder.mkdir(parents=True)
    shutil.copy2(HOSTILE / "out-link.bpack", folder / "out-link.bpack")
    (folder / "out-link.pdf").symlink_to("../../victim-outside.txt")  # as the zip kept it
    victim = tmp_path / "victim-outside.txt"
    victim.write_text("the officer's own file\n")
    assert (folder / "out-link.pdf").resolve() == victim.resolve()
    return folder / "out-link.bpack", victim


def test_render_refuses_to_write_through_a_link_it_did_not_make(linked_pack) -> None:
    pack, victim = linked_pack
    out = run("render", str(pack))
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1 and "Traceback" not in out.stderr
    assert "out-link.pdf: is a link to '../../victim-outside.txt': not written" in out.stderr
    assert "remove the link or choose another name" in out.stderr
    assert victim.read_text() == "the officer's own file\n"  # before the fix: PDF bytes
    assert (pack.parent / "out-link.pdf").is_symlink()
    assert sorted(p.name for p in pack.parent.iterdir()) == ["out-link.bpack", "out-link.pdf"]


def test_format_both_writes_neither_when_one_target_is_a_link(linked_pack) -> None:
    pack, victim = linked_pack
    out = run("render", str(pack), "--format", "both")
    assert out.returncode == 2 and out.stderr.count("\n") == 1
    assert not (pack.parent / "out-link.docx").exists()
    assert victim.read_text() == "the officer's own file\n"


def test_a_dangling_link_is_refused_too(tmp_path: Path) -> None:
    pack = write_pack(tmp_path)
    (tmp_path / "p.pdf").symlink_to(tmp_path / "nowhere" / "made.pdf")
    (tmp_path / "nowhere").mkdir()
    assert cli.main(["render", str(pack)]) == 2
    assert not (tmp_path / "nowhere" / "made.pdf").exists()


def test_saves_still_follow_a_linked_pack(tmp_path: Path) -> None:
    """The officer's own linked pack file stays linked (docs/reliability.md)."""
    real = tmp_path / "real.bpack"
    real.write_bytes(b"old")
    link = tmp_path / "link.bpack"
    link.symlink_to(real)
    assert atomic_write(link, b"new") == real
    assert link.is_symlink() and real.read_bytes() == b"new"
    with pytest.raises(SaveError, match="is a link to"):
        atomic_write(link, b"newer", follow_links=False)
    assert real.read_bytes() == b"new"


def test_app_export_does_not_follow_a_link(tmp_path: Path, linked_pack) -> None:
    pytest.importorskip("PySide6")
    from briefpack.gui.export import export_file
    from briefpack.model.packfile import load_pack

    pack_file, victim = linked_pack
    pack = load_pack(pack_file)
    with pytest.raises(SaveError, match="is a link to"):
        files = (pack_file.parent, pack_file, frozenset())
        export_file(pack, files, pack_file.with_suffix(".pdf"), "pdf")
    assert victim.read_text() == "the officer's own file\n"


def old_pair(folder: Path) -> dict[Path, bytes]:
    files = {folder / "h.pdf": b"old pdf", folder / "h.docx": b"old docx"}
    for path, data in files.items():
        path.write_bytes(data)
    return files


def test_second_replace_failing_puts_the_first_back(tmp_path, monkeypatch) -> None:
    files = old_pair(tmp_path)
    real_replace = os.replace

    def replace(src, dst):
        if str(dst).endswith(".docx"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(storage.os, "replace", replace)
    with pytest.raises(SaveError, match="the disk is full"):
        atomic_write_all({p: b"new" for p in files}, follow_links=False)
    monkeypatch.undo()
    assert {p: p.read_bytes() for p in files} == files  # the old pair, not new PDF + old DOCX
    assert sorted(p.name for p in tmp_path.iterdir()) == ["h.docx", "h.pdf"]  # no temp files


def test_full_disk_on_the_second_file_writes_neither(tmp_path, monkeypatch) -> None:
    files = old_pair(tmp_path)
    real_write = storage._write_all

    def write_all(fd: int, data: bytes) -> None:
        if data == b"new docx":
            raise OSError(errno.ENOSPC, "No space left on device")
        real_write(fd, data)

    monkeypatch.setattr(storage, "_write_all", write_all)
    new = {tmp_path / "h.pdf": b"new pdf", tmp_path / "h.docx": b"new docx"}
    with pytest.raises(SaveError, match="the disk is full"):
        atomic_write_all(new, follow_links=False)
    assert {p: p.read_bytes() for p in files} == files
    assert sorted(p.name for p in tmp_path.iterdir()) == ["h.docx", "h.pdf"]


def test_new_pair_where_none_was_leaves_nothing_on_failure(tmp_path, monkeypatch) -> None:
    real_replace = os.replace

    def replace(src, dst):
        if str(dst).endswith(".docx"):
            raise OSError(errno.EIO, "I/O error")
        return real_replace(src, dst)

    monkeypatch.setattr(storage.os, "replace", replace)
    with pytest.raises(SaveError):
        atomic_write_all({tmp_path / "h.pdf": b"a", tmp_path / "h.docx": b"b"})
    assert list(tmp_path.iterdir()) == []


def test_format_both_through_the_cli_on_a_full_disk(tmp_path, monkeypatch, capsys) -> None:
    pack = write_pack(tmp_path)
    (tmp_path / "p.pdf").write_bytes(b"old pdf")
    (tmp_path / "p.docx").write_bytes(b"old docx")
    real_replace = os.replace

    def replace(src, dst):
        if str(dst).endswith(".docx"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(storage.os, "replace", replace)
    assert cli.main(["render", str(pack), "--format", "both"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "the disk is full" in err
    assert (tmp_path / "p.pdf").read_bytes() == b"old pdf"
    assert (tmp_path / "p.docx").read_bytes() == b"old docx"


def test_format_both_still_writes_both(tmp_path) -> None:
    pack = write_pack(tmp_path)
    (tmp_path / "p.pdf").write_bytes(b"old pdf")
    assert cli.main(["render", str(pack), "--format", "both"]) == 0
    assert (tmp_path / "p.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / "p.docx").read_bytes().startswith(b"PK")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.bpack", "p.docx", "p.pdf"]


@pytest.mark.parametrize("command", ["render", "validate"])
def test_nul_in_a_path_is_one_escaped_line(tmp_path, capsys, command) -> None:
    pack = write_pack(tmp_path)
    args = [command, str(pack), "-o", str(tmp_path / "a\0b.pdf")]
    if command == "validate":
        args = [command, str(tmp_path / "p\0.bpack")]
    assert cli.main(args) == 2
    err = capsys.readouterr().err
    assert "\0" not in err and "\\x00" in err and err.count("\n") == 1
    assert "cannot contain a NUL character" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.bpack"]


def test_escape_sequences_in_a_path_are_not_sent_to_the_terminal(tmp_path, capsys) -> None:
    assert cli.main(["validate", str(tmp_path / "x\x1b[31m\nred.bpack")]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\\x1b[31m\\nred.bpack" in err and err.count("\n") == 1


def test_shown_path() -> None:
    assert shown_path("out/brief.pdf") == "out/brief.pdf"
    assert shown_path("a\0b\tc\x7fd\x85é") == "a\\x00b\\tc\\x7fd\\x85é"
