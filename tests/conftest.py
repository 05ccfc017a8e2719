"""Shared fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest
from packs import EXAMPLE


@pytest.fixture
def example_path() -> Path:
    return EXAMPLE
