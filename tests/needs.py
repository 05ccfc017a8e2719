"""Outside programs a test needs (LibreOffice, Chromium, an X display…): skip the test with
the reason when one is missing, or fail it where the tools are required (CI). A plain
module, so that test files in any folder can import it (conftest.py is not importable
by name once tests/gui/ has its own)."""

from __future__ import annotations

import os
import shutil
from typing import NoReturn

import pytest


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
