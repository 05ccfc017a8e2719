"""Units of the design: every length is in points (1/72 inch); the page thinks in millimetres."""

from __future__ import annotations

# As reportlab computes its `mm` (inch / 2.54 * 0.1), so lengths written in millimetres here
# are the very floats the PDF used before the design spec existed.
PT_PER_MM = 72.0 / 2.54 * 0.1


def mm(value: float) -> float:
    """Millimetres in points."""
    return value * PT_PER_MM
