"""Shared fixtures."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from needs import missing_tool, need_programs
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
