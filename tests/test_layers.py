"""The layer contracts (pyproject.toml) hold, and plain layers do not pull in Qt."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_linter_contracts_hold():
    lint = Path(sys.executable).with_name("lint-imports")
    out = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "broken" not in out.stdout.split("Contracts:")[-1].lower().replace("0 broken", "")


def test_rendering_does_not_import_qt_or_docx_for_pdf():
    code = (
        "import sys, briefpack.render.pdf, briefpack.document.compose;"
        "bad = [m for m in ('PySide6', 'docx') if m in sys.modules]; print(bad)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
