"""The desktop bundle (packaging/briefpack.spec, built with PyInstaller) runs on its own: its
program renders the example and opens the app's window on an X display, with the live
preview's helper process started from the bundle too.

Slow (the build takes about a minute): `pytest -m slow tests/test_app_bundle.py`; .ci/run
runs it. BRIEFPACK_BUNDLE=dist/briefpack/briefpack tests a bundle built already.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from packs import EXAMPLE, ROOT
from pypdf import PdfReader

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def bundle(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Path:
    """The bundle's program: the one named by BRIEFPACK_BUNDLE, or one built here."""
    given = os.environ.get("BRIEFPACK_BUNDLE")
    if given:
        return Path(given).resolve()
    pyinstaller = request.getfixturevalue("pyinstaller")  # skips (or fails under CI) without
    work = tmp_path_factory.mktemp("bundle")
    subprocess.run(
        [pyinstaller, "--noconfirm", "--log-level", "ERROR",
         "--distpath", str(work / "dist"), "--workpath", str(work / "build"),
         str(ROOT / "packaging" / "briefpack.spec")],
        check=True, cwd=ROOT, timeout=900,
    )  # fmt: skip
    return work / "dist" / "briefpack" / "briefpack"


def bundle_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """A bare environment: nothing from this venv or checkout can help the bundle along."""
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path / "home"),
        "LANG": "C.UTF-8",
        "BRIEFPACK_USER_DIR": str(tmp_path / "user"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    return {**env, **extra}


def test_the_bundle_renders_the_example(bundle: Path, tmp_path: Path):
    pack = Path(shutil.copy(EXAMPLE, tmp_path / "handout.bpack"))
    out = subprocess.run(
        [str(bundle), "render", str(pack), "--format", "both"],
        cwd=tmp_path, env=bundle_env(tmp_path), capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    text = " ".join(page.extract_text() for page in PdfReader(tmp_path / "handout.pdf").pages)
    assert "Key websites" in text and "{{" not in text  # placeholders filled in the bundle
    assert (tmp_path / "handout.docx").read_bytes().startswith(b"PK")


def test_the_bundle_runs_its_own_helpers_and_nothing_else(bundle: Path, tmp_path: Path):
    """briefpack starts its helpers as `sys.executable -m MODULE`: the bundle's program."""
    env = bundle_env(tmp_path)
    own = subprocess.run(
        [str(bundle), "-m", "briefpack", "--version"], env=env, capture_output=True, text=True
    )
    assert own.returncode == 0 and own.stdout.strip(), own.stderr
    other = subprocess.run([str(bundle), "-m", "os"], env=env, capture_output=True, text=True)
    assert other.returncode == 2 and "only briefpack's own helpers" in other.stderr


@pytest.fixture
def display(x_programs) -> Iterator[str]:
    """A fresh Xvfb display with a window manager (for focus and Ctrl+Q), stopped after."""
    read, write = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1500x950x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as pipe:
        name = f":{pipe.readline().strip()}"
    wm = subprocess.Popen(
        ["openbox", "--config-file", "/dev/null"],
        env={**os.environ, "DISPLAY": name},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield name
    finally:
        for process in (wm, xvfb):
            process.terminate()
            process.wait(10)


def window_line(display: str, title: str) -> str | None:
    """xwininfo's line for the top-level window whose title holds `title`, if it is mapped."""
    tree = subprocess.run(
        ["xwininfo", "-root", "-tree"],
        env={**os.environ, "DISPLAY": display}, capture_output=True, text=True, timeout=20,
    ).stdout  # fmt: skip
    return next((line for line in tree.splitlines() if title in line), None)


def processes_running(program: Path) -> list[str]:
    """Command lines of the processes running `program` (the app and its helpers)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and os.readlink(entry / "exe") == str(program):
                found.append((entry / "cmdline").read_bytes().replace(b"\0", b" ").decode())
        except OSError:
            continue
    return found


def wait_for(check, what: str, seconds: float = 60):
    """Poll `check` until it gives something; a hang fails here, nothing is timed."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    pytest.fail(f"never saw {what}")


def test_the_bundle_opens_its_window_with_the_live_preview(bundle: Path, display, tmp_path):
    pack = Path(shutil.copy(EXAMPLE, tmp_path / "handout.bpack"))
    env = bundle_env(tmp_path, DISPLAY=display, QT_QPA_PLATFORM="xcb")
    app = subprocess.Popen([str(bundle), str(pack)], env=env, stderr=subprocess.PIPE)
    try:
        line = wait_for(lambda: window_line(display, "handout.bpack — briefpack"), "the window")
        size = line.split(")")[-1].split()[0]  # xwininfo: ...  WIDTHxHEIGHT+X+Y
        width, height = (int(n) for n in size.split("+")[0].split("x"))
        assert width >= 800 and height >= 500, line
        # The preview's helper runs from the bundle's own program, started as `-m MODULE`.
        wait_for(
            lambda: [c for c in processes_running(bundle) if "-m briefpack.services.preview" in c],
            "the preview helper",
        )
        assert app.poll() is None  # still running: it did not abort after the first paint
        window = line.split()[0]
        subprocess.run(
            ["xdotool", "windowactivate", "--sync", window, "key", "--clearmodifiers", "ctrl+q"],
            env={**os.environ, "DISPLAY": display}, check=True, timeout=30,
        )  # fmt: skip
        _, err = app.communicate(timeout=60)
    finally:
        if app.poll() is None:
            app.kill()
            app.communicate()
    assert app.returncode == 0, err.decode(errors="replace")
    assert "Traceback" not in err.decode(errors="replace"), err.decode(errors="replace")
    wait_for(lambda: processes_running(bundle) == [], "the helpers stop with the app")
