"""Golden PNGs of the example's pages: a layout change shows up here to be reviewed.

Regenerate after an intended change with `UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py`
and look at the new PNGs before committing them.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from packs import EXAMPLE
from PIL import Image, ImageChops, ImageStat

from briefpack.document.compose import compose
from briefpack.model.packfile import load_pack
from briefpack.render import render

GOLDEN = Path(__file__).parent / "golden"
SCALE = 50 / 72  # 50 dpi: enough to see layout, small to store
# Mean absolute difference per channel (0-255) a page may drift before it counts as changed;
# anti-aliasing differs slightly between pdfium builds.
TOLERANCE = 1.5
MM = 50 / 25.4  # pixels per millimetre at that scale
# Page furniture is small beside a whole page (a different footer moves a page's mean by
# ~0.1), so the strips that hold it are compared on their own too: (name, top, bottom) in mm,
# negative from the bottom edge. See render/design/page.py for where each is drawn.
STRIPS = [("running header band", 11, 28), ("footer line", -17, -10)]


def example_pages() -> list[Image.Image]:
    pack = load_pack(EXAMPLE)
    pdf = render(compose(pack, EXAMPLE.parent, today=date(2016, 8, 1)), "pdf", invariant=True)
    doc = pdfium.PdfDocument(pdf)
    return [page.render(scale=SCALE).to_pil().convert("RGB") for page in doc]


def test_example_pages_match_golden():
    pages = example_pages()
    if os.environ.get("UPDATE_GOLDEN"):
        for old in GOLDEN.glob("example-p*.png"):
            old.unlink()
        for i, page in enumerate(pages, 1):
            page.save(GOLDEN / f"example-p{i}.png", optimize=True)
        pytest.skip("golden PNGs rewritten")
    stored = sorted(GOLDEN.glob("example-p*.png"), key=lambda p: int(p.stem.split("-p")[1]))
    assert len(pages) == len(stored), f"page count changed: {len(stored)} -> {len(pages)}"
    for i, (page, file) in enumerate(zip(pages, stored, strict=True), 1):
        golden = Image.open(file).convert("RGB")
        assert page.size == golden.size, f"page {i} size changed"
        diff = ImageStat.Stat(ImageChops.difference(page, golden)).mean
        assert max(diff) <= TOLERANCE, f"page {i} differs from {file.name}: {diff}"
        for name, top, bottom in STRIPS:
            box = _strip(page.size, top, bottom)
            diff = ImageStat.Stat(ImageChops.difference(page.crop(box), golden.crop(box))).mean
            assert max(diff) <= TOLERANCE, f"page {i}: the {name} differs from {file.name}"


def _strip(size: tuple[int, int], top_mm: float, bottom_mm: float) -> tuple[int, int, int, int]:
    """A full-width band of the page; negative millimetres count from the bottom edge."""
    width, height = size

    def row(mm: float) -> int:
        return round(height + mm * MM) if mm < 0 else round(mm * MM)

    return 0, row(top_mm), width, row(bottom_mm)
