"""Shared fixtures."""

from __future__ import annotations

from pathlib import Path

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
