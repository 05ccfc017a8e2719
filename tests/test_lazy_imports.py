"""A command loads what it needs and no more (issue 16, point 1): each is run in a fresh
process and the modules it loaded are listed. Time itself is bench/process.py's to measure;
these only keep the work the levers saved from creeping back.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from packs import EXAMPLE
from probes import BUILT_MODELS

# Runs a command in process (so nothing ends it early), then prints what it loaded and
# which of briefpack's models built their pydantic validators.
PROBE = (
    """
import json, sys
from briefpack.cli import main
code = main(sys.argv[1:])
"""
    + BUILT_MODELS
    + """
print(json.dumps({"code": code, "modules": sorted(sys.modules), "built": built}))
"""
)

HELP_PROBE = """
import json, sys
from briefpack.cli import main
try:
    main(["--help"])
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)))
"""


def probe(*args: str, user_dir: Path) -> dict:
    env = {**os.environ, "BRIEFPACK_USER_DIR": str(user_dir)}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], env=env, check=True, capture_output=True, text=True
    )
    return json.loads(done.stdout.splitlines()[-1])


def loaded(modules: list[str], package: str) -> bool:
    return any(name == package or name.startswith(package + ".") for name in modules)


@pytest.fixture(scope="module")
def renders(tmp_path_factory) -> dict[str, dict]:
    """Each format rendered twice with one cache folder; the second (warm) run's probe."""
    user = tmp_path_factory.mktemp("user")
    out = tmp_path_factory.mktemp("out")
    found = {}
    for fmt in ("pdf", "docx"):
        args = ("render", str(EXAMPLE), "--format", fmt, "-o", f"{out}/")
        probe(*args, user_dir=user)  # fills the cache
        found[fmt] = probe(*args, user_dir=user)
        assert found[fmt]["code"] == 0
    return found


def test_rendering_a_pdf_loads_no_docx_writer(renders):
    modules = renders["pdf"]["modules"]
    assert not loaded(modules, "docx")
    assert not loaded(modules, "briefpack.render.docx")
    assert loaded(modules, "reportlab")


def test_rendering_a_docx_loads_no_pdf_writer(renders):
    modules = renders["docx"]["modules"]
    assert not loaded(modules, "reportlab")
    assert not loaded(modules, "briefpack.render.pdf")
    assert loaded(modules, "docx")


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_a_warm_render_loads_no_qr_encoder_no_checks_and_builds_no_validators(renders, fmt):
    found = renders[fmt]
    for unused in (
        "segno",
        "jinja2",
        "briefpack.document.checks",
        "briefpack.document.layout_checks",
        "briefpack.services.batch",
    ):
        assert not loaded(found["modules"], unused), unused
    assert found["built"] == []  # the pack and brand were made by model/quick.py


def test_help_loads_no_models_and_no_writers():
    done = subprocess.run(
        [sys.executable, "-c", HELP_PROBE], check=True, capture_output=True, text=True
    )
    modules = json.loads(done.stdout.splitlines()[-1])
    for heavy in ("pydantic", "reportlab", "docx", "PIL", "markdown_it", "segno"):
        assert not loaded(modules, heavy), heavy


def test_a_render_ends_without_teardown_yet_says_everything_and_runs_exit_handlers(tmp_path):
    """cli.main leaves at once (os._exit) after a render that wrote its files: the lines it
    printed and the exit handlers' work must still reach the world."""
    script = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('exit handler ran'))\n"
        f"sys.argv = ['briefpack', 'render', {str(EXAMPLE)!r}, '-o', {str(tmp_path)!r} + '/']\n"
        "from briefpack.cli import main\n"
        "sys.exit(main())\n"
    )
    env = {**os.environ, "BRIEFPACK_USER_DIR": str(tmp_path / "user")}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        f"wrote {tmp_path / 'protective-security-update.pdf'}",
        "exit handler ran",
    ]
    assert (tmp_path / "protective-security-update.pdf").stat().st_size > 0
