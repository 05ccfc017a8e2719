"""Fitting words into their room: one-line texts shrunk then cut with "…", labels wrapped.

Each writer measures with its own library (reportlab's font metrics, or FreeType through
Pillow for the DOCX); the decisions — how far to shrink, where to cut, where to wrap — are
made here once, so both outputs cut and wrap the same words in the same places.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from briefpack.document.nodes import Furniture, StatTile

ELLIPSIS = "…"
_CUT_TRAILING = " ,;:·–—-"


class Measure(Protocol):
    def __call__(self, text: str, face: str, size: float) -> float:
        """How wide `text` is as one line, in points, in the brand's `face` ("regular",
        "bold" …) at `size` points."""
        ...


def shrink_to_fit(natural: float, size: float, room: float, minimum: float) -> float:
    """The size at which a text `natural` points wide at `size` fits `room`, never below
    `minimum` (then it may still not fit) and never above `size`."""
    if natural <= room:
        return size
    return max(minimum, size * room / natural)


def fit_one_line(
    text: str, measure: Measure, face: str, size: float, room: float, minimum: float
) -> tuple[str, float]:
    """A one-line text that fits its room: shrunk to a readable minimum, then cut with '…'.
    Returns the text and its size."""
    size = shrink_to_fit(measure(text, face, size), size, room, minimum)
    if measure(text, face, size) <= room:
        return text, size
    return shorten(text, lambda t: measure(t, face, size) <= room), size


def shorten(text: str, fits: Callable[[str], bool]) -> str:
    """The longest start of `text` that `fits` with '…' after it, cut between words when a
    word boundary is near (a single long word is cut inside it rather than dropped).

    Binary search: a 5,000-word title must not cost 5,000 width measurements of ever
    shorter strings on every page.
    """
    text = " ".join(text.split())
    low, high = 0, len(text)  # text[:low] + "…" is taken to fit; text[:high + 1] does not
    while low < high:
        middle = (low + high + 1) // 2
        if fits(_cut(text, middle)):
            low = middle
        else:
            high = middle - 1
    space = text.rfind(" ", 0, low + 1)
    return _cut(text, space if space > low // 2 else low)


def _cut(text: str, length: int) -> str:
    return text[:length].rstrip(_CUT_TRAILING) + ELLIPSIS


def footer_line(
    furniture: Furniture, measure: Measure, size: float, room: float, minimum: float
) -> tuple[str, float]:
    """The footer words and the date on one line in `room` points: shrunk to a readable
    minimum, then the words (never the date) cut with '…'. Returns the text and its size.
    A line that wrapped would push the page number under it."""
    full = furniture.footer_line()
    if not full:
        return "", size
    text, size = fit_one_line(full, measure, "regular", size, room, minimum)
    if text == full or not (furniture.footer_text.strip() and furniture.date.strip()):
        return text, size

    def fits(head: str) -> bool:
        return measure(furniture.footer_line(head), "regular", size) <= room

    return furniture.footer_line(shorten(furniture.footer_text, fits)), size


def source_lines(tile: StatTile, measure: Measure, size: float, room: float) -> tuple[str, ...]:
    """A tile's source on one line when it fits, else as two (the date whole on the
    second): an editor would otherwise break the date in two."""
    line = tile.source_line
    if not line or measure(line, "regular", size) <= room:
        return (line,) if line else ()
    return tile.source_lines or (line,)


def wrap_words(text: str, measure: Measure, face: str, size: float, width: float) -> list[str]:
    """Greedy word wrap to `width` points; a word wider than the width gets a line of its
    own. Whitespace runs, newlines included, count as one space. Each word is measured
    once and a line's width is the sum of its words and spaces (no kerning between words)."""
    space = measure(" ", face, size)
    lines: list[list[str]] = []
    used = 0.0
    for word in text.split():
        word_w = measure(word, face, size)
        if lines and used + space + word_w <= width:
            lines[-1].append(word)
            used += space + word_w
        else:
            lines.append([word])
            used = word_w
    return [" ".join(words) for words in lines] or [""]


def first_line(text: str, measure: Measure, face: str, size: float, width: float) -> str:
    """`text` cut to one line of `width`, ending "…" when it was longer."""
    lines = wrap_words(text, measure, face, size, width)
    return lines[0] + ELLIPSIS if len(lines) > 1 else " ".join(text.split())
