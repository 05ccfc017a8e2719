"""The colours of a handout: the brand's five, the hairline grey and the threat-scale ramp.

Colours are 'RRGGBB' strings here; each writer turns them into its own colour objects. The
WCAG arithmetic (hex_rgb, relative_luminance, contrast_ratio) is model/colour.py's, decided
once where the accessibility checks use it too; those names stay importable from here.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefpack.model.brand import Brand
from briefpack.model.colour import RGB, contrast_ratio, hex_rgb, relative_luminance
from briefpack.render.design.typography import LARGE_PRINT_BODY, LARGE_PRINT_CONTRAST

# Threat-scale fills darken step by step so the scale still reads as a ramp on a
# greyscale printer (grey values ≈ 226, 215, 174, 118, 61); the names carry the meaning.
STEP_FILLS = {1: "D4EDD0", 2: "F5DC6E", 3: "F0A23C", 4: "D9532B", 5: "8E1B1B"}
STEP_INK = {1: "000000", 2: "000000", 3: "000000", 4: "FFFFFF", 5: "FFFFFF"}
RULE = "C9D1DA"  # hairlines: the footer rule, the lines between link entries
WHITE, BLACK = "FFFFFF", "000000"


@dataclass(frozen=True)
class Palette:
    """Every colour a writer paints with, as 'RRGGBB'."""

    primary: str
    accent: str
    text: str
    muted: str
    panel: str
    rule: str
    white: str
    black: str
    step_fills: tuple[str, ...]  # the threat scale's boxes, rank 1 to 5 at index 0 to 4
    step_inks: tuple[str, ...]  # the names written on them

    @classmethod
    def of(cls, brand: Brand) -> Palette:
        fills = step_fills_hex(brand.body_size)
        return cls(
            primary=hex_colour(brand.primary),
            accent=hex_colour(brand.accent),
            text=hex_colour(brand.text),
            muted=hex_colour(brand.muted),
            panel=hex_colour(brand.panel),
            rule=RULE,
            white=WHITE,
            black=BLACK,
            step_fills=tuple(fills[rank] for rank in sorted(fills)),
            step_inks=tuple(STEP_INK[rank] for rank in sorted(STEP_INK)),
        )

    def step_fill(self, rank: int) -> str:
        return self.step_fills[min(max(rank, 1), len(self.step_fills)) - 1]

    def step_ink(self, rank: int) -> str:
        return self.step_inks[min(max(rank, 1), len(self.step_inks)) - 1]


def hex_colour(colour: str) -> str:
    """'#17375e' → '17375E'."""
    return colour.lstrip("#").upper()


def rgb_hex(rgb: RGB) -> str:
    """sRGB channels as 'RRGGBB', truncated the way reportlab's Color.hexval() does."""
    return "".join(f"{int(channel * 255) & 255:02X}" for channel in rgb)


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
    """Threat-scale fills as 'RRGGBB', adjusted for large print (AAA contrast with the ink)."""
    if body_size < LARGE_PRINT_BODY:
        return dict(STEP_FILLS)
    fills, _ = step_colours(LARGE_PRINT_CONTRAST)
    return {rank: rgb_hex(fill) for rank, fill in fills.items()}
