"""The email's HTML as a browser draws it, at 700 px wide: a golden PNG (issue 14, point 5).

Headless Chromium screenshots the example's mail HTML (pictures inline, as the clipboard
carries them); the result is compared with tests/golden/email/example-700.png as the PDF's
pages are (tests/test_golden.py's tolerance). Without Chromium the test is skipped, saying
so, and fails where the tools are required (BRIEFPACK_REQUIRE_TOOLS=1, CI).

Regenerate after an intended change with
`UPDATE_GOLDEN=1 python -m pytest tests/test_email_golden.py`, and look at the new PNG before
committing it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from needs import missing_tool
from packs import EXAMPLE
from PIL import Image, ImageChops, ImageStat
from test_golden import TOLERANCE

from briefpack.document.compose import compose
from briefpack.model.packfile import load_pack
from briefpack.render.email import clipboard_parts

GOLDEN = Path(__file__).parent / "golden" / "email" / "example-700.png"
WIDTH, HEIGHT = 700, 5400  # the window: the example's message is about 5,070 px tall
STORED_SCALE = 2  # stored at half size: enough to see the layout, small to keep
BROWSERS = ("chromium", "chromium-browser", "google-chrome")


def _browser() -> str:
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    missing_tool("needs Chromium to draw the email's HTML: apt-get install chromium")


def screenshot(html: str, folder: Path) -> Image.Image:
    page, shot = folder / "mail.html", folder / "mail.png"
    page.write_text(html, encoding="utf-8")
    command = [
        _browser(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--hide-scrollbars", "--force-device-scale-factor=1",
        f"--user-data-dir={folder / 'profile'}",
        f"--window-size={WIDTH},{HEIGHT}", f"--screenshot={shot}", page.as_uri(),
    ]  # fmt: skip
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    with Image.open(shot) as image:
        return image.convert("RGB")


def stored_size(image: Image.Image) -> Image.Image:
    size = (image.width // STORED_SCALE, image.height // STORED_SCALE)
    return image.resize(size, Image.Resampling.LANCZOS)


def test_the_email_html_matches_its_golden_screenshot(tmp_path):
    doc = compose(load_pack(EXAMPLE), EXAMPLE.parent, today=date(2016, 8, 1))
    html, _plain = clipboard_parts(doc)
    shot = stored_size(screenshot(html, tmp_path))
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        # 256 colours: a third of the size, within a quarter of a level of the original.
        shot.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(GOLDEN, optimize=True)
        pytest.skip("golden email screenshot rewritten")
    golden = Image.open(GOLDEN).convert("RGB")
    assert shot.size == golden.size, "the screenshot's size changed"
    diff = ImageStat.Stat(ImageChops.difference(shot, golden)).mean
    assert max(diff) <= TOLERANCE, f"the email's look differs from {GOLDEN.name}: {diff}"
    # The message is not blank, and its band is the brand's colour.
    assert len(shot.getcolors(1 << 16) or []) > 50
    band = shot.getpixel((shot.width // 2 + 100, 80 // STORED_SCALE))
    assert band == (0x17, 0x37, 0x5E), band
