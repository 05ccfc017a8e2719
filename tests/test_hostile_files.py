"""Hostile files a pack or brand may name, refused through the CLI by the file gate.

Each case is a file in tests/hostile/ (gate-*). A refusal is exit 2 and one line naming
the file and the place, no traceback, no output, and nothing left running. (A child that
hangs is stopped by subprocess's 60 s limit and fails the test; bench/ has the timings.)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from briefpack.cli import EXIT_BAD_INPUT, main

HOSTILE = Path(__file__).parent / "hostile"

# pack -> what its one line must say (the place is sections[1].path in each)
IMAGE_CASES = {
    "gate-image-ptmx.bpack": "/dev/ptmx is a device",
    "gate-image-zero.bpack": "/dev/zero is a device",
    "gate-image-fifo.bpack": "gate-fifo.png is a pipe (FIFO)",
    "gate-image-truncated-png.bpack": "gate-truncated.png is not a complete PNG picture",
    "gate-image-truncated-jpeg.bpack": "gate-truncated.jpg is not a complete JPEG picture",
}
# Cases that could block forever on the old code run in a child process with a timeout.
BLOCKING = {"gate-image-ptmx.bpack", "gate-image-zero.bpack", "gate-image-fifo.bpack"}
OUTSIDE = {"gate-image-ptmx.bpack", "gate-image-zero.bpack"}  # named by absolute path

# brand id -> (the file it names, what the one line must say)
BRAND_CASES = {
    "gate-brand-eps-logo": ("gate-eps-logo.png", "it looks like PostScript"),
    "gate-brand-144mpx-logo": ("gate-144mpx-logo.png", "far too many pixels (12,000 × 12,000)"),
    "gate-brand-pixel-bomb-logo": ("gate-pixel-bomb-logo.png", "far too many pixels"),
    "gate-brand-truncated-logo": ("gate-truncated-logo.png", "is not a complete PNG picture"),
    "gate-brand-not-image-logo": ("gate-not-image-logo.png", "only PNG, JPEG or GIF"),
    "gate-brand-bogus-font": ("gate-not-a-font.ttf", "gate-not-a-font.ttf is not a font"),
}


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """The image packs and their pictures in a folder of their own, with the FIFO made."""
    folder = tmp_path / "packs"
    folder.mkdir()
    for name in [*IMAGE_CASES, "gate-truncated.png", "gate-truncated.jpg"]:
        shutil.copy(HOSTILE / name, folder / name)
    os.mkfifo(folder / "gate-fifo.png")
    return folder


@pytest.fixture
def brands(user_data_dir: Path) -> Path:
    """The hostile brands installed in the user's brands folder, with the files they name."""
    folder = user_data_dir / "brands"
    folder.mkdir(parents=True, exist_ok=True)
    for brand_id, (payload, _said) in BRAND_CASES.items():
        shutil.copy(HOSTILE / f"{brand_id}.json", folder)
        shutil.copy(HOSTILE / payload, folder)
    return folder


@pytest.fixture
def fake_gs(tmp_path: Path) -> tuple[Path, Path]:
    """A `gs` first on PATH that leaves a mark and hangs, as Ghostscript did on `{ } loop`."""
    folder = tmp_path / "bin"
    folder.mkdir()
    mark = tmp_path / "gs-ran"
    script = folder / "gs"
    script.write_text(f"#!/bin/sh\ntouch '{mark}'\nexec sleep 60\n")
    script.chmod(0o755)
    return folder, mark


def leftovers(tag: str) -> list[int]:
    """Processes still alive that were started by a run marked with `tag`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
        except OSError:
            continue
        if f"BRIEFPACK_TEST_TAG={tag}".encode() in environ.split(b"\0"):
            found.append(int(entry.name))
    return found


def run_cli(args: list[str], env_extra: dict[str, str], path_first: Path | None = None):
    """The real `briefpack` in a child process; returns (result, leftover pids)."""
    tag = uuid.uuid4().hex
    env = {**os.environ, **env_extra, "BRIEFPACK_TEST_TAG": tag}
    if path_first is not None:
        env["PATH"] = f"{path_first}{os.pathsep}{env.get('PATH', '')}"
    result = subprocess.run(
        [sys.executable, "-m", "briefpack", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    return result, leftovers(tag)


def assert_one_line(err: str, starts: str | tuple[str, ...], said: str) -> None:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(starts), err
    assert said in lines[0], err
    assert "Traceback" not in err and "internal error" not in err


# ---- image sections ------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["validate", "render"])
@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_a_device_or_fifo_given_as_the_pack_is_refused_promptly(tmp_path, kind, command):
    if kind == "fifo":
        pack = tmp_path / "colleague.bpack"
        os.mkfifo(pack)
        said = "this is a pipe (FIFO), not a briefpack file"
    else:
        pack, said = Path("/dev/ptmx"), "this is a device, not a briefpack file"
    args = [command, str(pack)]
    if command == "render":
        args += ["-o", str(tmp_path / "x.pdf")]
    result, alive = run_cli(args, {"BRIEFPACK_USER_DIR": str(tmp_path / "user")})
    assert result.returncode == EXIT_BAD_INPUT, result.stderr
    assert_one_line(result.stderr, f"{pack}: ", said)
    assert not (tmp_path / "x.pdf").exists() and alive == []


@pytest.mark.parametrize("command", ["validate", "render"])
@pytest.mark.parametrize("name", sorted(BLOCKING))
def test_a_device_or_fifo_as_an_image_is_refused_promptly(work, tmp_path, name, command):
    pack, out = work / name, tmp_path / "out"
    out.mkdir()
    args = [command, str(pack)]
    if command == "render":
        args += ["-o", str(out / "x.pdf"), "--format", "both"]
    env = {"BRIEFPACK_USER_DIR": str(tmp_path / "user")}
    if name in OUTSIDE:  # a device is outside the pack's folder: refused for that first
        result, alive = run_cli(args, env)
        assert result.returncode == EXIT_BAD_INPUT, result.stderr
        assert_one_line(result.stderr, f"{pack}: sections[1].path: ", "outside the pack's folder")
        assert alive == []
        args.append("--allow-outside-files")  # and with a yes, the file gate refuses it
    result, alive = run_cli(args, env)
    assert result.returncode == EXIT_BAD_INPUT, result.stderr
    assert_one_line(result.stderr, f"{pack}: sections[1].path: ", IMAGE_CASES[name])
    assert result.stdout == "" and list(out.iterdir()) == [] and alive == []


@pytest.mark.parametrize("command", ["validate", "render"])
@pytest.mark.parametrize("name", sorted(set(IMAGE_CASES) - BLOCKING))
def test_a_truncated_picture_is_refused_with_one_line(work, tmp_path, name, command, capsys):
    pack, out = work / name, tmp_path / "out"
    out.mkdir()
    args = [command, str(pack)]
    if command == "render":
        args += ["-o", str(out / "x.pdf"), "--format", "both"]
    assert main(args) == EXIT_BAD_INPUT
    captured = capsys.readouterr()
    assert_one_line(captured.err, f"{pack}: sections[1].path: ", IMAGE_CASES[name])
    assert captured.out == "" and list(out.iterdir()) == []


# ---- brand logos and fonts -----------------------------------------------------------------


def brand_line_starts(brands: Path, brand_id: str) -> tuple[str, ...]:
    """How the one line must begin: the brand's file and the place in it."""
    payload = BRAND_CASES[brand_id][0]
    place = "fonts.regular" if payload.endswith(".ttf") else "logo"
    return (f"{brands / brand_id}.json: {place}: ",)


@pytest.mark.parametrize("command", ["validate", "pdf", "docx"])
@pytest.mark.parametrize("brand_id", sorted(set(BRAND_CASES) - {"gate-brand-eps-logo"}))
def test_a_bad_brand_logo_or_font_is_refused_with_one_line(
    brands, tmp_path, brand_id, command, capsys
):
    pack = HOSTILE / f"{brand_id}.bpack"
    out = tmp_path / "out"
    out.mkdir()
    args = ["validate", str(pack)]
    if command != "validate":
        args = ["render", str(pack), "-o", str(out / f"x.{command}"), "--format", command]
    status = main(args)
    captured = capsys.readouterr()
    assert status == EXIT_BAD_INPUT, captured.err
    payload, said = BRAND_CASES[brand_id]
    starts = brand_line_starts(brands, brand_id)
    if command == "docx" and payload.endswith(".ttf"):
        # The DOCX meets the font first in a measurement, where only the file is known.
        starts += (f"{brands / payload}: brand font: ",)
    assert_one_line(captured.err, starts, said)
    assert captured.out == "" and list(out.iterdir()) == []


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_an_eps_logo_never_starts_ghostscript(brands, tmp_path, fake_gs, fmt, user_data_dir):
    """The 66-byte `{ } loop` EPS named logo.png: the old writers handed it to Pillow's EPS
    plugin, which ran gs, which never ended. Refused now before any decoder sees it."""
    gs_dir, mark = fake_gs
    pack, out = HOSTILE / "gate-brand-eps-logo.bpack", tmp_path / "out"
    out.mkdir()
    args = ["render", str(pack), "-o", str(out / f"x.{fmt}"), "--format", fmt]
    env = {"BRIEFPACK_USER_DIR": str(user_data_dir)}
    result, alive = run_cli(args, env, path_first=gs_dir)
    assert result.returncode == EXIT_BAD_INPUT, result.stderr
    starts = brand_line_starts(brands, "gate-brand-eps-logo")
    assert_one_line(result.stderr, starts, "it looks like PostScript")
    assert not mark.exists(), "Ghostscript was started"
    assert alive == [] and list(out.iterdir()) == []


def test_a_good_user_brand_logo_still_renders(user_data_dir, tmp_path, example_path):
    """The gate lets a real logo through: a user brand with a PNG logo renders both ways."""
    import json

    from briefpack.model.resources import asset

    folder = user_data_dir / "brands"
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(asset("brands", "shield-logo.png"), folder / "crest.png")
    brand = {"format": "briefpack/brand", "version": 1, "id": "gate-good", "name": "Good"}
    (folder / "gate-good.json").write_text(json.dumps(brand | {"logo": "crest.png"}))
    data = json.loads(example_path.read_text(encoding="utf-8"))
    data["meta"]["brand"] = "gate-good"
    pack = tmp_path / "good.bpack"
    pack.write_text(json.dumps(data), encoding="utf-8")
    assert main(["render", str(pack), "--format", "both"]) == 0
    assert pack.with_suffix(".pdf").stat().st_size > 0
    assert pack.with_suffix(".docx").stat().st_size > 0


# ---- the brand editor's logo thumbnail -----------------------------------------------------


def test_the_brand_editors_thumbnail_never_opens_a_fifo(tmp_path, monkeypatch):
    """Qt's QPixmap(path) would block on a FIFO chosen as a logo; the gate refuses it."""
    monkeypatch.setenv("QT_QPA_PLATFORM", os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    pytest.importorskip("PySide6")
    from PySide6.QtWidgets import QApplication

    from briefpack.gui.brand_editor import _logo_pixmap
    from briefpack.model.resources import asset

    _app = QApplication.instance() or QApplication(["test"])
    fifo = tmp_path / "logo.png"
    os.mkfifo(fifo)
    pixmap, problem = _logo_pixmap(fifo)  # would block for ever on the old code
    assert pixmap.isNull() and "is a pipe (FIFO)" in problem
    good, none = _logo_pixmap(asset("brands", "shield-logo.png"))
    assert not good.isNull() and none == ""
