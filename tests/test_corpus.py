"""Every file in tests/corpus/ is refused by the CLI with one clear line, and left as it was."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from briefpack.cli import EXIT_BAD_INPUT, main
from briefpack.model.jsonfile import MAX_FILE_BYTES

CORPUS = Path(__file__).parent / "corpus"
GENERATED = {"huge.bpack"}  # made by a fixture, not committed
HUGE_BYTES = 100 * 1024 * 1024


def corpus_table() -> dict[str, str]:
    """file -> expected message fragment, from the table in corpus/README.md."""
    rows = {}
    for line in (CORPUS / "README.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0].endswith(".bpack"):
            rows[cells[0]] = cells[2]
    return rows


TABLE = corpus_table()


def folder_hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def huge_file(tmp_path_factory) -> Path:
    """A 100 MB file that starts like a pack; sparse, so it costs no real disk."""
    path = tmp_path_factory.mktemp("huge") / "huge.bpack"
    with path.open("wb") as fh:
        fh.write(b'{"format": "briefpack/pack", "version": 1, "padding": "')
        fh.truncate(HUGE_BYTES)
    return path


def case_path(name: str, huge_file: Path) -> Path:
    return huge_file if name in GENERATED else CORPUS / name


def test_table_and_folder_agree() -> None:
    committed = {p.name for p in CORPUS.glob("*.bpack")}
    assert committed | GENERATED == set(TABLE)
    assert len(TABLE) >= 25


@pytest.mark.parametrize("command", ["validate", "render"])
@pytest.mark.parametrize("name", sorted(TABLE))
def test_bad_file_gives_one_line_and_changes_nothing(
    name: str, command: str, huge_file: Path, tmp_path: Path, capsys
) -> None:
    path = case_path(name, huge_file)
    before = folder_hashes(path.parent)
    args = [command, str(path)]
    if command == "render":
        args += ["-o", str(tmp_path / "out.pdf"), "--format", "both"]
    status = main(args)
    out, err = capsys.readouterr()
    assert status == EXIT_BAD_INPUT, err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"{path}: ")
    assert TABLE[name] in lines[0]
    assert "Traceback" not in err and out == ""
    assert folder_hashes(path.parent) == before
    assert list(tmp_path.iterdir()) == []  # no output, not even a temp file


def test_huge_file_is_refused_by_its_size_without_reading_it(huge_file: Path) -> None:
    from briefpack.model.errors import PackFormatError
    from briefpack.model.jsonfile import read_json

    assert huge_file.stat().st_size > MAX_FILE_BYTES
    before = bytes_read()
    with pytest.raises(PackFormatError, match="at most 20 MB"):
        read_json(huge_file)
    assert bytes_read() - before < 1024 * 1024  # reading it first would be 20 MB and more


def bytes_read() -> int:
    """What this process has read so far, in bytes, as Linux counts it."""
    io_counts = Path("/proc/self/io")
    if not io_counts.exists():
        pytest.skip("needs Linux's /proc/self/io")
    counts = dict(line.split(": ") for line in io_counts.read_text().splitlines())
    return int(counts["rchar"])


@pytest.mark.parametrize(
    "name", ["binary.bpack", "deep-nesting.bpack", "placeholder-escape.bpack", "image-bomb.bpack"]
)
def test_real_process_prints_one_line_and_exits_2(name: str, tmp_path: Path) -> None:
    path = CORPUS / name
    before = folder_hashes(CORPUS)
    result = subprocess.run(
        [sys.executable, "-m", "briefpack", "render", str(path), "-o", str(tmp_path / "x.pdf")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == EXIT_BAD_INPUT
    assert result.stderr.count("\n") == 1 and result.stderr.startswith(f"{path}: ")
    assert TABLE[name] in result.stderr
    assert folder_hashes(CORPUS) == before and list(tmp_path.iterdir()) == []


def test_utf8_bom_is_accepted(tmp_path: Path, example_path: Path, capsys) -> None:
    """A byte-order mark before UTF-8 (as Windows Notepad writes) is harmless: not an error."""
    path = tmp_path / "bom.bpack"
    path.write_bytes(b"\xef\xbb\xbf" + example_path.read_bytes())
    assert main(["validate", str(path)]) == 0
    assert "ok (" in capsys.readouterr().out
