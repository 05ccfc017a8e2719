"""Page geometry: the page, its margins, the brand band, the footer and the markings.

Lengths in points, measured from the page's edges, written in millimetres. Both writers
lay the body text into the same frame (so they paginate alike) and put the furniture at
the same places: the DOCX writer only converts these for Word's header and footer model.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefpack.render.design.units import mm

# A4 in millimetres; US Letter is 8.5 × 11 inches.
PAGE_SIZES = {"A4": (mm(210), mm(297)), "LETTER": (612.0, 792.0)}


@dataclass(frozen=True)
class PageGeometry:
    """Where everything outside the body text sits. Heights are from the page's top edge
    unless named `…_from_bottom`."""

    width: float
    height: float
    margin: float = mm(18)  # left and right, for the text and the furniture alike
    # The top: marking, then the brand band with the logo and the running header.
    marking_baseline: float = mm(7.5)  # the top marking's baseline
    band_top: float = mm(11)  # the band starts below the top marking
    band_height: float = mm(17)
    logo_height: float = mm(12.5)
    logo_gap: float = mm(4)  # between the logo and the running header
    frame_top: float = mm(11) + mm(17) + mm(7)  # the body text starts 7 mm below the band
    # The foot: the frame ends, a hairline, the footer line and page number, the marking.
    frame_bottom_from_bottom: float = mm(23)
    footer_rule_from_bottom: float = mm(17)
    footer_rule_width: float = 0.6
    footer_baseline_from_bottom: float = mm(13)
    footer_gap: float = mm(6)  # between the footer line and the page number
    # The bottom marking's baseline sits this far from the edge, less 0.7 of its size.
    marking_bottom_from_bottom: float = mm(7.5)

    @classmethod
    def of(cls, page_size: str) -> PageGeometry:
        """The geometry for "A4" or "Letter" (any case); anything else is A4."""
        width, height = PAGE_SIZES.get(page_size.upper(), PAGE_SIZES["A4"])
        return cls(width, height)

    @property
    def frame_width(self) -> float:
        return self.width - 2 * self.margin

    @property
    def frame_height(self) -> float:
        return self.height - self.frame_top - self.frame_bottom_from_bottom

    def bottom_marking_baseline(self, marking_size: float) -> float:
        """The bottom marking's baseline, from the bottom edge (its capitals end near 7.5 mm)."""
        return self.marking_bottom_from_bottom - marking_size * 0.7

    def band_baseline(self, text_size: float) -> float:
        """The running header's baseline, from the band's bottom edge: centred in the band."""
        return self.band_height / 2 - text_size * 0.35
