"""Colour arithmetic that is the same wherever it is asked: WCAG 2 relative luminance and
contrast ratio.

Plain functions in the model layer, so that the design (render/design/palette.py darkening
the threat scale) and the checks (document/a11y_checks.py weighing a brand's colours) agree
on one formula. No output library here.
"""

from __future__ import annotations

RGB = tuple[float, float, float]  # sRGB channels, 0 to 1

# WCAG 2.x success criterion 1.4.3 (level AA): the least contrast for body-size text.
AA_TEXT_CONTRAST = 4.5


def hex_rgb(hex_colour: str) -> RGB:
    """'RRGGBB' or '#RRGGBB' as sRGB channels."""
    value = hex_colour.lstrip("#")
    return tuple(int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def relative_luminance(rgb: RGB) -> float:
    """WCAG 2 relative luminance of an sRGB colour."""

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(c) for c in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(one: RGB, two: RGB) -> float:
    """WCAG 2 contrast ratio, 1 to 21."""
    high, low = sorted((relative_luminance(one), relative_luminance(two)), reverse=True)
    return (high + 0.05) / (low + 0.05)
