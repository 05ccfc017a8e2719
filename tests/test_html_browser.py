"""The web page in a real browser (issue 14, points 1 and 5): axe-core, run in headless
Chromium, finds no accessibility violations on the example, every template and a pack with
every section kind; and screenshots of the example at a desktop's and a phone's width match
the golden PNGs in tests/golden/html/.

Needs Debian's chromium and axe-core from tools/axe (`npm ci --prefix tools/axe`); both are
installed by `bash tools/setup.sh --test`. Without them the tests skip, saying so, or fail
where the tools are required (CI, BRIEFPACK_REQUIRE_TOOLS=1).

Regenerate the golden PNGs after an intended change with
`UPDATE_GOLDEN=1 python -m pytest tests/test_html_browser.py` and look at them first.
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
from pathlib import Path

import pytest
from needs import missing_tool, need_programs
from PIL import Image, ImageChops, ImageStat
from test_golden import TOLERANCE
from test_html import TEMPLATES, every_kind_doc, example_doc, template_doc

from briefpack.document import nodes as n
from briefpack.render.html import render_html

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "tools" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
GOLDEN = Path(__file__).parent / "golden" / "html"
# (name, window width, window height): the window is taller than the page, so the whole
# page is in the shot; a page that grew past it differs from its golden PNG.
SHOTS = [("example-1000", 1000, 4500), ("example-390", 390, 6000)]
STORED_SCALE = 0.5  # compared and stored at half size: enough to see layout, small to keep
COLOURS = 256  # stored with a palette of this many colours: a third of the bytes
BROWSER_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars", "--force-device-scale-factor=1", "--mute-audio",
]  # fmt: skip
# Runs axe once the page has loaded and writes the violations into the page, where
# --dump-dom reads them (no driver, no extra Python package).
RUN_AXE = """<script>
axe.run(document).then(function (result) {
  var out = document.createElement('pre');
  out.id = 'axe-result';
  out.textContent = JSON.stringify(result.violations.map(function (v) {
    return {id: v.id, help: v.help, nodes: v.nodes.map(function (node) {
      return node.html.slice(0, 160) + ' :: ' + node.failureSummary; })};
  }));
  document.body.appendChild(out);
});
</script>"""
RESULT = re.compile(r'<pre id="axe-result">(.*?)</pre>', re.S)


@pytest.fixture(scope="module")
def chromium() -> str:
    return need_programs("chromium", what="Chromium (Debian's chromium)")["chromium"]


@pytest.fixture(scope="module")
def axe_script() -> str:
    if not AXE.is_file():
        missing_tool("needs axe-core in tools/axe: npm ci --prefix tools/axe")
    return AXE.read_text(encoding="utf-8")


def browse(chromium: str, page: Path, profile: Path, *args: str) -> str:
    """Run headless Chromium on a page with a fresh profile; its standard output."""
    done = subprocess.run(
        [chromium, *BROWSER_FLAGS, f"--user-data-dir={profile}", *args, page.as_uri()],
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    return done.stdout


def axe_violations(chromium: str, axe: str, data: bytes, folder: Path) -> list[dict]:
    """axe-core's violations on the page: a copy with axe inlined and its policy relaxed
    for that one script (the page itself runs nothing)."""
    page = data.decode("utf-8")
    page = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page, count=1)
    page = page.replace("</body>", f"<script>{axe}</script>{RUN_AXE}</body>", 1)
    copy = folder / "axe.html"
    copy.write_text(page, encoding="utf-8")
    dom = browse(chromium, copy, folder / "profile", "--virtual-time-budget=15000", "--dump-dom")
    found = RESULT.search(dom)
    assert found, "axe-core wrote no result into the page"
    return json.loads(html.unescape(found.group(1)))


CASES = ["example", *(p.stem for p in TEMPLATES), "every-kind"]


def _doc(case: str, folder: Path) -> n.Document:
    if case == "example":
        return example_doc()
    if case == "every-kind":
        return every_kind_doc(folder)
    return template_doc(next(p for p in TEMPLATES if p.stem == case))


@pytest.mark.parametrize("case", CASES)
def test_axe_finds_no_violations(case, chromium, axe_script, tmp_path):
    data = render_html(_doc(case, tmp_path))
    violations = axe_violations(chromium, axe_script, data, tmp_path)
    assert violations == [], json.dumps(violations, indent=1)


def test_axe_finds_a_violation_when_there_is_one(chromium, axe_script, tmp_path):
    """The check can fail: a picture without its text alternative is reported."""
    data = render_html(example_doc()).replace(b' alt="Neutral blue logo"', b"", 1)
    ids = [v["id"] for v in axe_violations(chromium, axe_script, data, tmp_path)]
    assert "image-alt" in ids


def screenshot(chromium: str, data: bytes, width: int, height: int, folder: Path) -> Image.Image:
    page = folder / "page.html"
    page.write_bytes(data)
    shot = folder / "shot.png"
    browse(chromium, page, folder / "profile", f"--window-size={width},{height}",
           f"--screenshot={shot}")  # fmt: skip
    assert shot.is_file(), "Chromium took no screenshot"
    with Image.open(shot) as image:
        size = (round(width * STORED_SCALE), round(height * STORED_SCALE))
        return image.convert("RGB").resize(size, Image.LANCZOS)


@pytest.mark.parametrize(("name", "width", "height"), SHOTS, ids=[s[0] for s in SHOTS])
def test_example_screenshots_match_golden(name, width, height, chromium, tmp_path):
    shot = screenshot(chromium, render_html(example_doc()), width, height, tmp_path)
    golden = GOLDEN / f"{name}.png"
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.mkdir(parents=True, exist_ok=True)
        _reduced(shot).save(golden, optimize=True)
        pytest.skip(f"{golden.name} rewritten")
    stored = Image.open(golden)
    assert shot.size == stored.size, f"{name}: size changed"
    # Reduced as the golden was: the same page gives the same palette, so only a change shows.
    shot = _reduced(shot).convert("RGB")
    diff = ImageStat.Stat(ImageChops.difference(shot, stored.convert("RGB"))).mean
    assert max(diff) <= TOLERANCE, f"{name} differs from {golden.name}: {diff}"


def _reduced(shot: Image.Image) -> Image.Image:
    return shot.quantize(COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
