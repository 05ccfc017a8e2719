"""The high-contrast large-print brand, checked from the PDF it produces.

Sizes and colours are read back from the page content streams (pypdf visitors): each piece
of visible text with its effective size, its fill colour, and the colour of the last filled
shape drawn under it (white paper if none).
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from datetime import date

import pytest
from packs import EXAMPLE
from pypdf import PdfReader

from briefpack.document.compose import compose
from briefpack.model.brand import find_brand
from briefpack.model.packfile import load_pack
from briefpack.model.resources import data_dir
from briefpack.model.templates import with_current_threat
from briefpack.render import render

BRAND = "high-contrast"
MIN_BODY = 14.0
MIN_SIZE = 12.0
MIN_CONTRAST = 7.0
WHITE = (1.0, 1.0, 1.0)
INVISIBLE = 3  # text render mode used for alt text over images


@dataclass(frozen=True)
class TextRun:
    text: str
    size: float
    colour: tuple[float, float, float]
    background: tuple[float, float, float]
    page: int


@dataclass(frozen=True)
class FilledBox:
    x0: float
    y0: float
    x1: float
    y1: float
    colour: tuple[float, float, float]

    def holds(self, x: float, y: float) -> bool:
        return self.x0 <= x <= self.x1 and self.y0 <= y <= self.y1


def multiply(m: list[float], n: list[float]) -> list[float]:
    """PDF matrix product m x n, as 6-element lists."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return [a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s,
            e * p + f * r + t, e * q + f * s + u]  # fmt: skip


def apply(m: list[float], x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def colour_of(operator: bytes, args: list) -> tuple[float, float, float] | None:
    """The fill colour a g / rg / k operator sets, as RGB; None for other operators."""
    if operator not in (b"rg", b"g", b"k"):
        return None
    values = [float(a) for a in args]
    if operator == b"rg":
        return tuple(values)  # type: ignore[return-value]
    if operator == b"g":
        return (values[0],) * 3
    c, m, y, k = values
    return ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))


class PageWalker:
    """Follows fill colour, filled rectangles and text through one page's content stream."""

    PAINT = frozenset({b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"})

    def __init__(self, page_number: int):
        self.page = page_number
        self.fill = (0.0, 0.0, 0.0)
        self.stack: list[tuple[float, float, float]] = []
        self.pending: list[FilledBox] = []  # rectangles of the path being built
        self.boxes: list[FilledBox] = []
        self.render_mode = 0
        self.runs: list[TextRun] = []

    def before(self, operator: bytes, args: list, cm: list[float], tm: list[float]) -> None:
        colour = colour_of(operator, args)
        if colour is not None:
            self.fill = colour
        elif operator == b"q":
            self.stack.append(self.fill)
        elif operator == b"Q" and self.stack:
            self.fill = self.stack.pop()
        elif operator == b"Tr":
            self.render_mode = int(args[0])
        elif operator == b"re":
            self.pending.append(self._box(cm, *(float(a) for a in args)))
        elif operator in self.PAINT:
            self.boxes += [FilledBox(b.x0, b.y0, b.x1, b.y1, self.fill) for b in self.pending]
            self.pending = []
        elif operator in {b"n", b"S", b"s"}:
            self.pending = []

    def _box(self, cm: list[float], x: float, y: float, w: float, h: float) -> FilledBox:
        (ax, ay), (bx, by) = apply(cm, x, y), apply(cm, x + w, y + h)
        return FilledBox(min(ax, bx), min(ay, by), max(ax, bx), max(ay, by), self.fill)

    def text(self, text: str, cm: list[float], tm: list[float], font, font_size: float) -> None:
        if not text.strip() or self.render_mode == INVISIBLE:
            return
        matrix = multiply(tm, cm)
        size = font_size * math.hypot(matrix[2], matrix[3])
        # A point inside the first glyphs, a little above the baseline.
        x, y = apply(matrix, font_size * 0.3, font_size * 0.3)
        behind = [b.colour for b in self.boxes if b.holds(x, y)]
        self.runs.append(TextRun(text.strip(), size, self.fill, behind[-1] if behind else WHITE,
                                 self.page))  # fmt: skip


def text_runs(pdf: bytes) -> list[TextRun]:
    runs: list[TextRun] = []
    for number, page in enumerate(PdfReader(io.BytesIO(pdf)).pages, 1):
        walker = PageWalker(number)
        page.extract_text(visitor_operand_before=walker.before, visitor_text=walker.text)
        runs += walker.runs
    return runs


def luminance(rgb: tuple[float, float, float]) -> float:
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: tuple[float, float, float], two: tuple[float, float, float]) -> float:
    high, low = sorted((luminance(one), luminance(two)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def render_with_brand(path, brand_id: str) -> bytes:
    # A template has no threat level of its own: it is shown with the one in force that day.
    pack = with_current_threat(load_pack(path), date(2016, 8, 1))
    doc = compose(pack, path.parent, brand=find_brand(brand_id), today=date(2016, 8, 1))
    return render(doc, "pdf", invariant=True)


@pytest.fixture(scope="module")
def large_print_runs() -> list[TextRun]:
    runs = text_runs(render_with_brand(EXAMPLE, BRAND))
    for template in sorted(data_dir("templates").glob("*.bpack")):
        runs += text_runs(render_with_brand(template, BRAND))
    return runs


def test_brand_is_listed_with_a_large_body():
    brand = find_brand(BRAND)
    assert brand.name == "High contrast large print"
    assert brand.body_size >= MIN_BODY


def test_no_text_in_the_pdf_is_smaller_than_the_floor(large_print_runs):
    assert len(large_print_runs) > 100  # the walker really saw the text
    small = [(r.page, r.text[:30], round(r.size, 2)) for r in large_print_runs
             if r.size < MIN_SIZE - 0.01]  # fmt: skip
    assert not small, f"text below {MIN_SIZE} pt: {small[:10]}"


def test_body_text_is_set_at_the_body_size(large_print_runs):
    sizes = [round(r.size, 1) for r in large_print_runs]
    most_common = max(set(sizes), key=sizes.count)
    assert most_common >= MIN_BODY


def test_every_text_colour_reaches_aaa_contrast_against_its_background(large_print_runs):
    poor = [
        (r.page, r.text[:30], r.colour, r.background, round(contrast(r.colour, r.background), 2))
        for r in large_print_runs
        if contrast(r.colour, r.background) < MIN_CONTRAST
    ]
    assert not poor, f"text below {MIN_CONTRAST}:1 contrast: {poor[:10]}"


def test_the_walker_sees_text_on_coloured_panels(large_print_runs):
    """Guards the contrast test: it must find text on something other than white paper."""
    backgrounds = {r.background for r in large_print_runs}
    assert len(backgrounds - {WHITE}) >= 3


def test_default_brand_fails_the_large_print_checks():
    """The same checks catch small, low-contrast text (the default brand has both)."""
    runs = text_runs(render_with_brand(EXAMPLE, "default"))
    assert min(r.size for r in runs) < MIN_SIZE
    assert min(contrast(r.colour, r.background) for r in runs) < MIN_CONTRAST


def test_docx_styles_and_runs_follow_the_large_print_floor():
    import docx
    from docx.oxml.ns import qn

    pack = load_pack(EXAMPLE)
    doc = compose(pack, EXAMPLE.parent, brand=find_brand(BRAND), today=date(2016, 8, 1))
    word = docx.Document(io.BytesIO(render(doc, "docx", invariant=True)))
    section = word.sections[0]
    parts = [word.element, section.header._element, section.footer._element]
    used = {
        el.get(qn("w:val"))
        for part in parts
        for tag in ("w:pStyle", "w:rStyle")
        for el in part.iter(qn(tag))
    }
    styles = {s.style_id: s for s in word.styles}
    sizes = {sid: styles[sid].font.size.pt for sid in used if styles[sid].font.size}
    sizes.pop("Spacer", None)  # an empty 1 pt paragraph that only holds space, never text
    assert len(sizes) > 10 and styles["Normal"].font.size.pt >= MIN_BODY
    small = {sid: size for sid, size in sizes.items() if size < MIN_SIZE}
    assert not small, f"DOCX styles below {MIN_SIZE} pt: {small}"
    runs = [int(el.get(qn("w:val"))) / 2 for part in parts for el in part.iter(qn("w:sz"))]
    assert all(size >= MIN_SIZE for size in runs), sorted(runs)[:5]
