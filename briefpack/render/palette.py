"""Colours and type sizes both writers share (no output library imported here)."""

from __future__ import annotations

from dataclasses import dataclass

from briefpack.model.brand import Brand

RGB = tuple[float, float, float]  # sRGB channels, 0 to 1

# Threat-scale fills darken step by step so the scale still reads as a ramp on a
# greyscale printer (grey values ≈ 226, 215, 174, 118, 61); the names carry the meaning.
STEP_FILLS = {1: "D4EDD0", 2: "F5DC6E", 3: "F0A23C", 4: "D9532B", 5: "8E1B1B"}
STEP_INK = {1: "000000", 2: "000000", 3: "000000", 4: "FFFFFF", 5: "FFFFFF"}

# The design's fixed sizes (title, big figures, page furniture) are drawn for this body size
# and grow or shrink with the brand's.
DESIGN_BODY = 10.5
# A brand with a body this large is a large-print brand: no text below LARGE_PRINT_FLOOR and
# text on the fixed threat-scale colours at least LARGE_PRINT_CONTRAST (WCAG AAA).
LARGE_PRINT_BODY = 14.0
LARGE_PRINT_FLOOR = 12.0
LARGE_PRINT_CONTRAST = 7.0


def is_large_print(brand: Brand) -> bool:
    """Large print: no text below LARGE_PRINT_FLOOR, threat-scale text at AAA contrast."""
    return brand.body_size >= LARGE_PRINT_BODY


@dataclass(frozen=True)
class TypeScale:
    """Turns a size from the design (at DESIGN_BODY) into the brand's size, with a floor."""

    body: float = DESIGN_BODY
    floor: float = 0.0

    @classmethod
    def of(cls, brand: Brand) -> TypeScale:
        return cls.for_body(brand.body_size)

    @classmethod
    def for_body(cls, body_size: float) -> TypeScale:
        return cls(body_size, LARGE_PRINT_FLOOR if body_size >= LARGE_PRINT_BODY else 0.0)

    def __call__(self, design_size: float) -> float:
        """A fixed design size, scaled to the body size and never below the floor."""
        return max(design_size * (self.body / DESIGN_BODY), self.floor)

    def at_least(self, size: float) -> float:
        """A size already derived from the body size, kept at or above the floor."""
        return max(size, self.floor)


def hex_rgb(hex_colour: str) -> RGB:
    """'RRGGBB' or '#RRGGBB' as sRGB channels."""
    value = hex_colour.lstrip("#")
    return tuple(int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def rgb_hex(rgb: RGB) -> str:
    """sRGB channels as 'RRGGBB', truncated the way reportlab's Color.hexval() does."""
    return "".join(f"{int(channel * 255) & 255:02X}" for channel in rgb)


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


def step_colours(minimum: float) -> tuple[dict[int, RGB], dict[int, RGB]]:
    """Threat-scale fills and inks; a fill darkens or lightens until its ink reaches minimum."""
    fills, inks = {}, {}
    for rank, fill_hex in STEP_FILLS.items():
        ink, start = hex_rgb(STEP_INK[rank]), hex_rgb(fill_hex)
        toward = (0.0, 0.0, 0.0) if relative_luminance(ink) > 0.5 else (1.0, 1.0, 1.0)
        fill, step = start, 0.0
        while contrast_ratio(fill, ink) < minimum and step < 1.0:
            step += 0.05
            fill = tuple(a + (b - a) * step for a, b in zip(start, toward, strict=True))  # type: ignore[assignment]
        fills[rank], inks[rank] = fill, ink
    return fills, inks


def step_fills_hex(body_size: float) -> dict[int, str]:
    """Threat-scale fills as 'RRGGBB' for the DOCX writer, adjusted for large print."""
    if body_size < LARGE_PRINT_BODY:
        return dict(STEP_FILLS)
    fills, _ = step_colours(LARGE_PRINT_CONTRAST)
    return {rank: rgb_hex(fill) for rank, fill in fills.items()}
