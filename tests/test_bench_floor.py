"""The floor scripts bench/process.py measures briefpack against (issue 16, point 1) still
write the handout, and by hand: reportlab or python-docx alone, nothing of briefpack. No
timing here: bench/process.py prints the figures."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pypdf
import pytest

FLOOR = Path(__file__).resolve().parents[1] / "bench" / "floor"

# Runs a floor script as `python script OUT` would, then lists what it loaded.
PROBE = """
import json, runpy, sys
script, out = sys.argv[1], sys.argv[2]
sys.argv = [script, out]
sys.path.insert(0, str(__import__("pathlib").Path(script).parent))
runpy.run_path(script, run_name="__main__")
print(json.dumps(sorted(sys.modules)))
"""


def run_floor(script: str, out: Path) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(FLOOR / script), str(out)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout.splitlines()[-1])


@pytest.mark.parametrize(
    ("script", "suffix", "library", "other"),
    [
        ("pdf_handout.py", ".pdf", "reportlab", "docx"),
        ("docx_handout.py", ".docx", "docx", "reportlab"),
    ],
)
def test_a_floor_writes_the_handout_with_its_library_alone(
    tmp_path, script, suffix, library, other
):
    out = tmp_path / f"floor{suffix}"
    modules = run_floor(script, out)
    assert library in modules and other not in modules
    assert not any(name == "briefpack" or name.startswith("briefpack.") for name in modules)
    text = handout_text(out.read_bytes(), suffix)
    for words in (
        "Counter Terrorism Protective Security Update",
        "SEVERE",
        "3,629",
        "If you suspect it, report it",
        "Key websites",
        "Stay Safe",
    ):
        assert words in text, words


def handout_text(data: bytes, suffix: str) -> str:
    if suffix == ".pdf":
        reader = pypdf.PdfReader(io.BytesIO(data))
        assert len(reader.pages) >= 4
        return " ".join(page.extract_text() for page in reader.pages)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert sum(name.startswith("word/media/") for name in archive.namelist()) >= 6
        return archive.read("word/document.xml").decode()
