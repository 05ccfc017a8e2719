"""Word's units: the design's points as twips (1/20 pt) and EMUs."""

from __future__ import annotations

from docx.shared import Emu

TWIPS_PER_PT = 20
EMU_PER_TWIP = 635


def twips(points: float) -> int:
    """Points (the design's unit) in twips, Word's unit for page and table geometry."""
    return round(points * TWIPS_PER_PT)


def emu(twips_: int) -> Emu:
    return Emu(twips_ * EMU_PER_TWIP)


def half_points(points: float) -> int:
    """A font size as w:sz takes it."""
    return round(points * 2)


def points(twips_: float) -> float:
    """Twips in points."""
    return twips_ / TWIPS_PER_PT


def eighths(points_: float) -> int:
    """A border's width as Word takes it: eighths of a point."""
    return round(points_ * 8)
