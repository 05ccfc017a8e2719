"""`briefpack` (the app) where no window can open: one line and exit 2, never Qt's abort.

Before: with no display, or a library Qt's xcb plugin needs missing, Qt printed its
misleading xcb message and aborted the process (SIGABRT, exit 134). Now cli/display.py
decides before Qt is loaded. These run the real `briefpack` in a child process with a
cleared environment, where the behaviour is about the process.
"""

from __future__ import annotations

import importlib.abc
import os
import shutil
import socket
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefpack import cli
from briefpack.cli import display
from briefpack.cli.display import (
    NO_DISPLAY,
    LibraryProbe,
    debian_package,
    display_problem,
    missing_in_ldd_output,
    platforms_to_check,
)

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 is Linux's")


def bare_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """A machine with no desktop session: no DISPLAY, WAYLAND_DISPLAY or QT_QPA_PLATFORM."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path / "home"),
        "XDG_STATE_HOME": str(tmp_path / "state"),  # where an internal error would be logged
        "BRIEFPACK_USER_DIR": str(tmp_path / "user"),
        **extra,
    }


def run_app(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "briefpack", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def fake_x_server() -> Iterator[str]:
    """A DISPLAY that answers (a listening socket where an X server's would be); nothing
    behind it speaks X, so Qt reaching it would hang, not open a window."""
    for number in range(4100, 4200):
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            server.bind(f"\0/tmp/.X11-unix/X{number}")
        except OSError:
            server.close()
            continue
        server.listen(8)
        try:
            yield f":{number}"
        finally:
            server.close()
        return
    pytest.skip("no free display number")


def free_display() -> str:
    """A display number nothing listens on."""
    for number in range(4300, 4400):
        if display.x_server_answers(f":{number}") is False:
            return f":{number}"
    pytest.skip("no unused display number")


# ---- the child process ----------------------------------------------------------------------


@linux_only
@pytest.mark.parametrize("args", [[], ["examples/protective-security-update.bpack"], ["open"]])
def test_no_display_is_one_line_and_exit_2(tmp_path, args):
    result = run_app(bare_env(tmp_path), *args)
    assert result.returncode == 2, result.stderr[-500:]  # Qt's abort was -6 (shell: 134)
    assert result.stderr == f"briefpack: {NO_DISPLAY}\n"
    assert result.stdout == ""
    assert not (tmp_path / "state").exists()  # not an internal error: nothing logged


@linux_only
def test_a_display_nobody_answers_on_is_named(tmp_path):
    number = free_display()
    result = run_app(bare_env(tmp_path, DISPLAY=number))
    assert result.returncode == 2
    assert result.stderr == (
        f"briefpack: no display: nothing answers on DISPLAY={number} (is the X server "
        "running?); or use `briefpack render PACK`\n"
    )


def xcb_plugin() -> Path:
    plugins = display.plugin_files("xcb", {})
    if not plugins or shutil.which("ldd") is None:
        pytest.skip("needs PySide6's xcb plugin and ldd")
    return plugins[0]


def pyside_without(library: bytes, folder: Path) -> Path:
    """A PySide6 package in `folder` that is the installed one (its __init__ runs the real
    one's, its modules come from the real folder), but whose xcb plugin needs `library`
    renamed to one no system has: as PySide6 looks on a machine without that library."""
    real = xcb_plugin().parents[3]  # …/PySide6/Qt/plugins/platforms/libqxcb.so
    package = folder / "PySide6"
    platforms = package / "Qt" / "plugins" / "platforms"
    platforms.mkdir(parents=True)
    data = (real / "Qt" / "plugins" / "platforms" / "libqxcb.so").read_bytes()
    assert library + b"\0" in data
    renamed = library.replace(b"cursor", b"cursoq")
    (platforms / "libqxcb.so").write_bytes(data.replace(library + b"\0", renamed + b"\0"))
    init = real / "__init__.py"
    (package / "__init__.py").write_text(
        f"__path__.append({str(real)!r})\n"
        f"exec(compile(open({str(init)!r}).read(), {str(init)!r}, 'exec'))\n",
        encoding="utf-8",
    )
    return folder


@linux_only
def test_a_missing_qt_library_is_named_with_its_package(tmp_path, fake_x_server):
    """Before, Qt aborted here (or with this fake X server, waited for it for ever)."""
    fake = pyside_without(b"libxcb-cursor.so.0", tmp_path / "site")
    env = bare_env(tmp_path, DISPLAY=fake_x_server, PYTHONPATH=str(fake))
    result = run_app(env)
    assert result.returncode == 2, result.stderr[-500:]
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "qt.qpa" not in result.stderr
    assert lines[0].startswith(
        "briefpack: cannot open a window: Qt needs libxcb-cursoq.so.0, not installed here; "
    )
    assert lines[0].endswith("libxcb-cursoq0")  # the apt line, or the package to look for


@linux_only
def test_the_installed_plugin_has_its_libraries_here(fake_x_server):
    """As the tests open windows here, the real plugin's libraries are all present; the
    probe must not refuse it (Qt's own libQt6* and ICU are found through its RUNPATH)."""
    xcb_plugin()
    assert LibraryProbe({"DISPLAY": fake_x_server}).missing() == []


# ---- in this process --------------------------------------------------------------------------


class _QtLibraryMissing(importlib.abc.MetaPathFinder):
    """Importing the app fails as PySide6 does when libEGL is not installed."""

    def find_spec(self, name, path=None, target=None):
        if name == "briefpack.gui.app":
            raise ImportError("libEGL.so.1: cannot open shared object file: No such file")
        return None


@linux_only
def test_a_library_qt_itself_needs_is_named_when_the_import_fails(
    monkeypatch, capsys, fake_x_server
):
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.setenv("DISPLAY", fake_x_server)
    monkeypatch.delitem(sys.modules, "briefpack.gui.app", raising=False)
    monkeypatch.setattr(sys, "meta_path", [_QtLibraryMissing(), *sys.meta_path])
    monkeypatch.setattr("briefpack.services.preview.prestart", lambda: None)
    monkeypatch.setattr(display.LibraryProbe, "missing", lambda self: [])
    assert cli.main([]) == 2
    err = capsys.readouterr().err
    assert err.startswith("briefpack: cannot open a window: Qt needs libEGL.so.1, not installed")
    assert err.rstrip().endswith("libegl1") and err.count("\n") == 1


def test_offscreen_for_the_tests_is_not_checked(monkeypatch, capsys, tmp_path):
    """QT_QPA_PLATFORM=offscreen (the GUI tests) opens the app with no display at all."""
    import types

    opened: list[list[str]] = []
    fake_app = types.ModuleType("briefpack.gui.app")
    fake_app.run_app = lambda argv: opened.append(argv) or 0  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "briefpack.gui.app", fake_app)
    monkeypatch.setattr("briefpack.services.preview.prestart", lambda: None)
    for name in ("DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert cli.main([]) == 0 and opened == [[]]
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(
    ("env", "platforms"),
    [
        ({}, ["xcb"]),
        ({"DISPLAY": ":0"}, ["xcb"]),
        ({"WAYLAND_DISPLAY": "wayland-0"}, ["wayland", "xcb"]),
        ({"QT_QPA_PLATFORM": "offscreen"}, []),
        ({"QT_QPA_PLATFORM": "xcb:nograb"}, ["xcb"]),
        ({"QT_QPA_PLATFORM": "wayland;xcb"}, ["wayland", "xcb"]),
        ({"QT_QPA_PLATFORM": "vnc"}, []),
        ({"QT_QPA_PLATFORM": "wayland;offscreen"}, []),  # offscreen always works
    ],
)
@linux_only
def test_the_platforms_checked_are_those_qt_would_try(env, platforms):
    assert platforms_to_check(env) == platforms


@linux_only
def test_wayland_alone_is_a_display(tmp_path):
    runtime = tmp_path / "run"
    runtime.mkdir()
    assert display_problem({}) == NO_DISPLAY
    assert display_problem({"WAYLAND_DISPLAY": f"wayland-{uuid.uuid4().hex}"}) is None
    assert display_problem({"QT_QPA_PLATFORM": "wayland", "XDG_RUNTIME_DIR": str(runtime)}) == (
        NO_DISPLAY
    )
    (runtime / "wayland-0").touch()  # Qt's default socket name
    assert display_problem({"QT_QPA_PLATFORM": "wayland", "XDG_RUNTIME_DIR": str(runtime)}) is None


@pytest.mark.parametrize(
    ("soname", "package"),
    [
        ("libxcb-cursor.so.0", "libxcb-cursor0"),
        ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
        ("libX11-xcb.so.1", "libx11-xcb1"),
        ("libEGL.so.1", "libegl1"),
        ("libdbus-1.so.3", "libdbus-1-3"),
        ("libglib-2.0.so.0", "libglib2.0-0"),
        ("libxcb-render-util.so.0", "libxcb-render-util0"),
    ],
)
def test_the_debian_package_of_a_library(soname, package):
    """As tools/setup.sh's apt line names them."""
    assert debian_package(soname) == package


def test_ldd_output_is_read_and_qts_own_libraries_left_out(tmp_path):
    plugin = tmp_path / "plugins" / "platforms" / "libqxcb.so"
    text = (
        "\tlinux-vdso.so.1 (0x00007ffd)\n"
        "\tlibQt6XcbQpa.so.6 => not found\n"
        "\tlibGL.so.1 => /lib/x86_64-linux-gnu/libGL.so.1 (0x00007f09)\n"
        "\tlibxcb-cursor.so.0 => not found\n"
        "\tlibxkbcommon-x11.so.0 => not found\n"
        "\tlibxcb-cursor.so.0 => not found\n"
    )
    assert missing_in_ldd_output(text, plugin) == ["libxcb-cursor.so.0", "libxkbcommon-x11.so.0"]
