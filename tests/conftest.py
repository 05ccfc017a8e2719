"""Shared fixtures."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import NoReturn

import pytest
from packs import EXAMPLE


@pytest.fixture
def example_path() -> Path:
    return EXAMPLE


@pytest.fixture(autouse=True)
def user_data_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Every test gets its own empty user folder; the real one is never touched."""
    folder = tmp_path_factory.mktemp("user-data")
    monkeypatch.setenv("BRIEFPACK_USER_DIR", str(folder))
    return folder


def tools_are_required() -> bool:
    """Under CI (or BRIEFPACK_REQUIRE_TOOLS=1, as tools/setup-and-test.sh sets) a missing
    outside program fails the tests that need it: a bare runner must not pass by skipping."""
    flags = (os.environ.get("BRIEFPACK_REQUIRE_TOOLS", ""), os.environ.get("CI", ""))
    return any(flag.strip().lower() not in ("", "0", "false", "no") for flag in flags)


def missing_tool(message: str) -> NoReturn:
    """Skip the test, or fail it where the tools are required."""
    if tools_are_required():
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def need_programs(*names: str, what: str) -> dict[str, str]:
    """The programs' paths; when one is missing, skip the test, or fail it when required."""
    found = {name: shutil.which(name) for name in names}
    missing = [name for name, path in found.items() if path is None]
    if missing:
        missing_tool(
            f"needs {what} ({', '.join(missing)}): bash tools/setup-and-test.sh installs it"
        )
    return {name: str(path) for name, path in found.items()}


@pytest.fixture(scope="session")
def pyinstaller() -> str:
    """PyInstaller in this venv, which builds the desktop bundle."""
    found = shutil.which("pyinstaller", path=str(Path(sys.executable).parent))
    if found is None:
        missing_tool("needs PyInstaller: bash tools/build-app.sh installs it")
    return found


@pytest.fixture
def soffice() -> str:
    """LibreOffice's soffice, to check the DOCX as another word processor lays it out."""
    return need_programs("soffice", what="LibreOffice")["soffice"]


@pytest.fixture
def x_programs() -> dict[str, str]:
    """Xvfb, a window manager and the X tools that drive the real app on a real display."""
    return need_programs("Xvfb", "openbox", "xdotool", "xwininfo", what="an X display")
