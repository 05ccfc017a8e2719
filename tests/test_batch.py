"""`briefpack render PACK... [--brand ID ...]`: a batch in one process (issue 16, point 2).

Through the real command line in a child process, as an officer runs it: several packs into
a folder or beside each, one pack in three brands, a bad pack among good ones (the others
written, exit 2, the same line a single render gives, a closing line naming it), outputs
that would share a file and `-o FILE` refused before anything renders, a progress line only
on a terminal, and no process left behind, also after Ctrl+C. The pool itself, the names of
the files and the path without fork are tests/test_batch_pool.py's.
"""

from __future__ import annotations

import json
import os
import pty
import select
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from packs import EXAMPLE, pack_data
from readback import pdf_text

from briefpack.model.brand import find_brand
from briefpack.model.brand_store import save_user_brand
from briefpack.model.storage import TEMP_PREFIX
from tests.test_hostile_out import processes_with

NEEDS_PROC = pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs /proc")
SANDBOXED = {"kind": "text", "body": "For {{ pack.audience | lower }}."}  # uses the helper


def run(*args: str, cwd: Path | None = None) -> tuple[subprocess.CompletedProcess[str], str]:
    """`briefpack ARGS` in a child process whose environment carries a marker of its own."""
    marker = uuid.uuid4().hex
    env = {**os.environ, "BRIEFPACK_BATCH_TEST": marker}
    out = subprocess.run(
        [sys.executable, "-m", "briefpack", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
    )
    return out, f"BRIEFPACK_BATCH_TEST={marker}"


def write_pack(path: Path, *sections: dict, **meta: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    body = sections or ({"kind": "text", "body": "Hello."},)
    path.write_text(json.dumps(pack_data(*body, **meta)), encoding="utf-8")
    return path


def example_copy(path: Path) -> Path:
    """The example pack with a placeholder the sandbox helper fills in: a slow, real job."""
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["sections"].append(SANDBOXED)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def wrote(out: subprocess.CompletedProcess[str]) -> set[str]:
    return {line.removeprefix("wrote ") for line in out.stdout.splitlines()}


def test_several_packs_into_a_new_folder(tmp_path) -> None:
    for name in ("a", "b", "c"):
        write_pack(tmp_path / f"{name}.bpack", SANDBOXED)
    packs = ["a.bpack", "b.bpack", "c.bpack"]
    out, marker = run("render", *packs, "-o", "out/", "--format", "both", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stderr == ""  # no progress line when standard error is not a terminal
    expected = {f"out/{name}.{ext}" for name in "abc" for ext in ("pdf", "docx")}
    assert wrote(out) == expected
    for name in "abc":
        assert (tmp_path / "out" / f"{name}.pdf").read_bytes().startswith(b"%PDF")
        assert (tmp_path / "out" / f"{name}.docx").read_bytes().startswith(b"PK")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.bpack", "b.bpack", "c.bpack", "out"]
    time.sleep(0.2)
    assert processes_with(marker) == []  # the workers and their sandbox helpers are gone


def test_without_o_each_pack_s_files_go_beside_it(tmp_path) -> None:
    first = write_pack(tmp_path / "north" / "update.bpack")
    second = write_pack(tmp_path / "south" / "update.bpack")
    out, _ = run("render", str(first), str(second))
    assert out.returncode == 0, out.stderr
    assert wrote(out) == {str(first.with_suffix(".pdf")), str(second.with_suffix(".pdf"))}


def test_one_pack_in_three_brands(tmp_path) -> None:
    own = find_brand("default").model_copy(
        update={"id": "north-force", "name": "North Force", "footer_text": "North Force Protect"}
    )
    save_user_brand(own)  # the officer's own brand, in this test's user folder
    pack = write_pack(tmp_path / "update.bpack")
    brands = ["default", "high-contrast", "north-force"]
    out, _ = run("render", "update.bpack", *(f"--brand={b}" for b in brands), cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert wrote(out) == {f"update-{brand}.pdf" for brand in brands}
    texts = {b: pdf_text((tmp_path / f"update-{b}.pdf").read_bytes()) for b in brands}
    assert "North Force Protect" in texts["north-force"]
    assert not any("North Force" in texts[b] for b in ("default", "high-contrast"))
    assert json.loads(pack.read_text())["meta"].get("brand") is None  # the pack is unchanged


def test_one_brand_keeps_the_single_name(tmp_path) -> None:
    write_pack(tmp_path / "update.bpack")
    out, _ = run("render", "update.bpack", "--brand", "high-contrast", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout == "wrote update.pdf\n"


def test_an_unknown_brand_is_refused_before_anything_renders(tmp_path) -> None:
    write_pack(tmp_path / "update.bpack")
    out, _ = run("render", "update.bpack", "--brand", "default", "--brand", "nope", cwd=tmp_path)
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr.startswith("--brand nope: no brand called 'nope' (known brands: ")
    assert out.stderr.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["update.bpack"]


def bad_packs(tmp_path: Path) -> dict[str, Path]:
    """A malformed pack, a missing one, one whose picture is outside its folder, one whose
    brand does not exist: each with the line a single render gives for it."""
    malformed = tmp_path / "malformed.bpack"
    malformed.write_text('{"format": "briefpack/pack", "version": 1, "meta": {', encoding="utf-8")
    (tmp_path / "secret.png").write_bytes(b"not read")
    outside = write_pack(
        tmp_path / "inner" / "outside.bpack", {"kind": "image", "path": "../secret.png", "alt": "x"}
    )
    no_brand = write_pack(tmp_path / "no-brand.bpack", brand="no-such-brand")
    return {
        "malformed": malformed,
        "missing": tmp_path / "missing.bpack",
        "outside": outside,
        "no-brand": no_brand,
    }


@pytest.mark.parametrize("kind", ["malformed", "missing", "outside", "no-brand"])
def test_a_bad_pack_in_the_middle_is_named_and_the_rest_render(tmp_path, kind) -> None:
    bad = bad_packs(tmp_path)[kind]
    single, _ = run("render", str(bad))
    assert single.returncode == 2 and single.stderr.count("\n") == 1
    first = write_pack(tmp_path / "first.bpack")
    last = write_pack(tmp_path / "last.bpack")
    out, _ = run("render", str(first), str(bad), str(last))
    assert out.returncode == 2
    assert wrote(out) == {str(first.with_suffix(".pdf")), str(last.with_suffix(".pdf"))}
    lines = out.stderr.splitlines()
    assert lines == [single.stderr.rstrip("\n"), f"1 of 3 packs failed: {bad}"]
    assert "Traceback" not in out.stderr
    assert not bad.with_suffix(".pdf").exists()


def test_the_closing_line_lists_every_failure_in_order(tmp_path) -> None:
    names = ["a", "b", "c", "d"]
    for name in names:
        write_pack(tmp_path / f"{name}.bpack")
    (tmp_path / "b.bpack").write_text("{", encoding="utf-8")
    out, _ = run("render", *(f"{n}.bpack" for n in names), "x.bpack", cwd=tmp_path)
    assert out.returncode == 2
    assert out.stderr.splitlines()[-1] == "2 of 5 packs failed: b.bpack, x.bpack"
    assert wrote(out) == {"a.pdf", "c.pdf", "d.pdf"}


def test_all_failing_into_a_new_folder_leaves_no_folder(tmp_path) -> None:
    out, _ = run("render", "x.bpack", "y.bpack", "-o", "out/", cwd=tmp_path)
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr.splitlines()[-1] == "2 of 2 packs failed: x.bpack, y.bpack"
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ["north/update.bpack", "south/update.bpack", "-o", "out/"],
            "out/update.pdf: would be written for both north/update.bpack and "
            "south/update.bpack; nothing was rendered",
        ),
        (["north/update.bpack", "north/update.bpack"], "north/update.bpack is given twice"),
        (
            ["north/update.bpack", "--brand", "default", "--brand", "default"],
            "north/update.bpack in brand default is given twice",
        ),
    ],
)
def test_two_outputs_on_one_file_are_refused_before_anything_renders(tmp_path, args, said):
    for folder in ("north", "south"):
        write_pack(tmp_path / folder / "update.bpack")
    before = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*"))
    out, _ = run("render", *args, cwd=tmp_path)
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr.count("\n") == 1 and said in out.stderr, out.stderr
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")) == before


@pytest.mark.parametrize("extra", [["a.bpack"], ["--brand", "default", "--brand", "high-contrast"]])
def test_o_naming_a_file_with_several_outputs_is_refused(tmp_path, extra) -> None:
    write_pack(tmp_path / "a.bpack")
    write_pack(tmp_path / "b.bpack")
    out, _ = run("render", "b.bpack", *extra, "-o", "all.pdf", cwd=tmp_path)
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr == (
        "several files are written, so -o must name a folder, not the file all.pdf; "
        "end it with / to make a folder\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.bpack", "b.bpack"]


# ---- on a terminal --------------------------------------------------------------------------


def run_on_a_terminal(args: list[str], cwd: Path) -> tuple[int, str, str]:
    """`briefpack ARGS` with standard error on a pseudo-terminal: (exit, stdout, stderr)."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "briefpack", *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=follower,
        env={**os.environ, "COLUMNS": "200"},
    )
    os.close(follower)
    seen = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal's other side has closed
            break
        if not chunk:
            break
        seen += chunk
    os.close(leader)
    stdout = proc.stdout.read().decode() if proc.stdout else ""
    return proc.wait(timeout=60), stdout, seen.decode()


def test_progress_line_on_a_terminal_is_rewritten_and_cleared(tmp_path) -> None:
    for name in ("a", "b", "c"):
        write_pack(tmp_path / f"{name}.bpack")
    code, stdout, stderr = run_on_a_terminal(["render", "a.bpack", "b.bpack", "c.bpack"], tmp_path)
    assert code == 0
    assert sorted(stdout.splitlines()) == ["wrote a.pdf", "wrote b.pdf", "wrote c.pdf"]
    for number in (1, 2, 3):
        assert f"\r[{number}/3] rendering " in stderr
    assert "\n" not in stderr.replace("\r\n", "")  # one line, rewritten in place
    assert stderr.endswith("\r\x1b[K")  # cleared at the end


# ---- stopping -------------------------------------------------------------------------------


def wait_for_first_file(folder: Path, proc: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while not any(p.suffix == ".pdf" for p in folder.glob("*")) and time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.02)


@NEEDS_PROC
@pytest.mark.parametrize("whole_group", [False, True], ids=["parent-only", "terminal"])
def test_ctrl_c_stops_every_worker_and_leaves_nothing_half_written(tmp_path, whole_group):
    """Ctrl+C on a terminal reaches the whole group; `kill -INT` reaches the parent alone."""
    packs = [str(example_copy(tmp_path / f"p{i:02}.bpack")) for i in range(16)]
    marker = f"BRIEFPACK_BATCH_TEST={uuid.uuid4().hex}"
    proc = subprocess.Popen(
        [sys.executable, "-m", "briefpack", "render", *packs, "--format", "both", "-o", "out/"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "BRIEFPACK_BATCH_TEST": marker.split("=")[1]},
        start_new_session=True,  # its own group, as a terminal gives each command
        # Ctrl+C handled as a terminal's command starts: whatever the test runner did with
        # SIGINT, an ignored one would be inherited.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        wait_for_first_file(tmp_path / "out", proc)  # midway through the jobs
        assert len(processes_with(marker)) >= 3  # the parent, two workers, their helpers
        if whole_group:
            os.killpg(proc.pid, signal.SIGINT)
        else:
            os.kill(proc.pid, signal.SIGINT)
        _stdout, stderr = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr
    time.sleep(0.3)
    assert processes_with(marker) == []
    out = tmp_path / "out"
    leftovers = [p.name for p in out.iterdir() if p.name.startswith(TEMP_PREFIX)]
    assert leftovers == []
    assert len(list(out.iterdir())) < 32  # it did stop before the end
