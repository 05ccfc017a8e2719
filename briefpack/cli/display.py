"""Can the desktop app open a window here? Decided before Qt is loaded, because Qt cannot say
so itself: without a display, or with one of the system libraries its platform plugin needs
missing, it prints a misleading xcb message and aborts the process (SIGABRT, exit 134).

Two checks, both without loading Qt into this process:

* `display_problem(env)`: is there a display for a platform Qt would use (DISPLAY for X11,
  WAYLAND_DISPLAY for Wayland), and does a local X server answer on it? Instant.
* `LibraryProbe`: `ldd` on the platform plugin's files, in child processes started before
  Qt is imported and read after, so their ~20 ms overlap the import instead of adding to it.

Qt told to use another platform (QT_QPA_PLATFORM=offscreen for tests, vnc, eglfs …) and
systems other than Linux are not checked: Qt's own message is right there.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import re
import shutil
import socket
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

NO_DISPLAY = "no display: set DISPLAY or WAYLAND_DISPLAY, or use `briefpack render PACK`"
# The platforms checked here, and the plugin file each loads (newest Qt's name first).
PLUGIN_FILES = {
    "xcb": ("libqxcb.so",),
    "wayland": ("libqwayland.so", "libqwayland-generic.so"),
    "wayland-egl": ("libqwayland-egl.so", "libqwayland.so"),
    "wayland-generic": ("libqwayland-generic.so", "libqwayland.so"),
}
PROBE_SECONDS = 5.0  # ldd takes ~20 ms; a hung one must not keep the app from starting
_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found", re.MULTILINE)
_LIBRARY_NAME = re.compile(r"(lib[\w+.-]*?\.so[\d.]*)")
# Debian package names that the soname rule (debian_package) does not give.
_PACKAGES = {"libglib-2.0.so.0": "libglib2.0-0", "libgthread-2.0.so.0": "libglib2.0-0"}


def platforms_to_check(env: Mapping[str, str]) -> list[str]:
    """The platforms Qt will try, or [] when it is told to use one not checked here."""
    if not sys.platform.startswith("linux"):
        return []
    chosen = env.get("QT_QPA_PLATFORM", "").strip()
    if not chosen:  # Qt's default: Wayland in a Wayland session, else X11
        return ["wayland", "xcb"] if env.get("WAYLAND_DISPLAY") else ["xcb"]
    names = [part.split(":")[0].strip().lower() for part in chosen.split(";") if part.strip()]
    return names if all(name in PLUGIN_FILES for name in names) else []


def display_problem(env: Mapping[str, str]) -> str | None:
    """Why no window can be opened on any display here (one line), or None."""
    platforms = platforms_to_check(env)
    if not platforms or usable_platforms(env, platforms):
        return None
    display = env.get("DISPLAY", "")
    if display and "xcb" in platforms:
        return (
            f"no display: nothing answers on DISPLAY={display} (is the X server running?); "
            "or use `briefpack render PACK`"
        )
    return NO_DISPLAY


def usable_platforms(env: Mapping[str, str], platforms: list[str]) -> list[str]:
    """Those of `platforms` with a display to open windows on."""
    usable = []
    for name in platforms:
        if name == "xcb":
            display = env.get("DISPLAY", "")
            if display and x_server_answers(display) is not False:
                usable.append(name)
        elif env.get("WAYLAND_DISPLAY") or _default_wayland_socket(env):
            usable.append(name)
    return usable


def _default_wayland_socket(env: Mapping[str, str]) -> bool:
    runtime = env.get("XDG_RUNTIME_DIR", "")
    return bool(runtime) and Path(runtime, "wayland-0").exists()


def x_server_answers(display: str) -> bool | None:
    """True or False for a display on this computer (":0", "unix:0", "localhost:10.0");
    None when it cannot be told quickly (another host), so the app is not held back."""
    match = re.fullmatch(r"(?P<host>[^:/]*):(?P<number>\d+)(?:\.\d+)?", display.strip())
    if match is None:
        return None
    host, number = match["host"], int(match["number"])
    if host in ("", "unix"):
        path = f"/tmp/.X11-unix/X{number}"
        # Linux X servers also listen on an abstract socket of the same name.
        return _connects(socket.AF_UNIX, "\0" + path) or _connects(socket.AF_UNIX, path)
    if host in ("localhost", "127.0.0.1"):  # ssh -X forwards to localhost:6010 …
        try:
            socket.create_connection((host, 6000 + number), timeout=1.0).close()
        except OSError:
            return False
        return True
    return None


def _connects(family: socket.AddressFamily, address: str) -> bool:
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.settimeout(1.0)
        try:
            probe.connect(address)
        except OSError:
            return False
    return True


# ---- the plugin's libraries ---------------------------------------------------------------


def plugin_files(platform: str, env: Mapping[str, str]) -> list[Path]:
    """Every file Qt may load for `platform` (it falls back from one that fails to load to
    the next), found without importing PySide6."""
    folders = [Path(p) for p in env.get("QT_QPA_PLATFORM_PLUGIN_PATH", "").split(os.pathsep) if p]
    folders += [Path(p, "platforms") for p in env.get("QT_PLUGIN_PATH", "").split(os.pathsep) if p]
    folders += [package / "Qt" / "plugins" / "platforms" for package in _pyside_folders()]
    names = PLUGIN_FILES.get(platform, ())
    found = [folder / name for folder in folders for name in names if (folder / name).is_file()]
    return list(dict.fromkeys(found))


def _pyside_folders() -> list[Path]:
    with contextlib.suppress(ImportError, ValueError):
        spec = importlib.util.find_spec("PySide6")  # finds the package; runs none of it
        if spec is not None and spec.submodule_search_locations:
            return [Path(p) for p in spec.submodule_search_locations]
    return []


class LibraryProbe:
    """`ldd` on each platform's plugin files, running in children while Qt is imported.
    Missing libraries are reported only when every file misses some: one that loads is
    enough for Qt."""

    def __init__(self, env: Mapping[str, str]) -> None:
        self._children: list[tuple[Path, subprocess.Popen[str]]] = []
        ldd = shutil.which("ldd")
        if ldd is None:
            return
        platforms = usable_platforms(env, platforms_to_check(env))
        for plugin in (file for name in platforms for file in plugin_files(name, env)):
            with contextlib.suppress(OSError):
                child = subprocess.Popen(
                    [ldd, str(plugin)],
                    stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL,
                    stdin=subprocess.DEVNULL,
                    text=True,
                    env={**os.environ, "LC_ALL": "C"},  # LD_LIBRARY_PATH counts too
                )
                self._children.append((plugin, child))

    def missing(self) -> list[str]:
        """The libraries the first plugin file misses, if every file misses some; else []."""
        found: list[list[str]] = []
        for plugin, child in self._children:
            try:
                out, _ = child.communicate(timeout=PROBE_SECONDS)
            except subprocess.TimeoutExpired:
                child.kill()
                child.communicate()
                return []  # cannot tell: let Qt try
            if child.returncode != 0:
                return []  # not a library ldd can read here: let Qt try
            found.append(missing_in_ldd_output(out, plugin))
        return found[0] if found and all(found) else []


def missing_in_ldd_output(text: str, plugin: Path) -> list[str]:
    """The libraries ldd says are not found, except those shipped with Qt itself (a bundle
    loads them from its own folder, where a separate ldd does not look)."""
    names = [n for n in dict.fromkeys(_NOT_FOUND.findall(text)) if not n.startswith("libQt6")]
    if not names:
        return []
    shipped = {p.name for p in plugin.parent.parent.parent.glob("lib/*")}
    if getattr(sys, "frozen", False):
        shipped |= {p.name for p in Path(sys.executable).parent.rglob("*.so*")}
    return [name for name in names if name not in shipped]


def library_named_in(error: ImportError) -> list[str]:
    """'libEGL.so.1' from "libEGL.so.1: cannot open shared object file", or []."""
    match = _LIBRARY_NAME.search(str(error))
    return [match.group(1)] if match else []


def missing_libraries_line(missing: list[str]) -> str:
    """One line naming what is missing and the command that installs it."""
    libraries = ", ".join(missing)
    packages = " ".join(dict.fromkeys(debian_package(name) for name in missing))
    if shutil.which("apt-get"):
        how = f"install with: sudo apt-get install {packages}"
    else:
        how = f"install with your system's package manager (on Debian: {packages})"
    return f"cannot open a window: Qt needs {libraries}, not installed here; {how}"


def debian_package(soname: str) -> str:
    """Debian's package for a library: libxcb-cursor.so.0 → libxcb-cursor0, and a name
    ending in a digit takes a hyphen (libxkbcommon-x11.so.0 → libxkbcommon-x11-0)."""
    if soname in _PACKAGES:
        return _PACKAGES[soname]
    name, _, version = soname.partition(".so")
    version = version.lstrip(".").split(".")[0]
    name = name.lower()
    return f"{name}-{version}" if name[-1:].isdigit() else f"{name}{version}"
