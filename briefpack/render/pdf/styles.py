"""The design's style sheet and palette as reportlab ParagraphStyles and colours."""

from __future__ import annotations

from functools import lru_cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from briefpack.render.design import Design
from briefpack.render.design.palette import Palette
from briefpack.render.design.styles import TextStyle
from briefpack.render.design.typography import TypeScale
from briefpack.render.pdf.fonts import PdfFonts

ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}


@lru_cache(maxsize=64)
def colour(hex_colour: str) -> colors.Color:
    """A design colour ('RRGGBB') as reportlab's."""
    return colors.HexColor(f"#{hex_colour}")


class Colours:
    """The design's palette as reportlab colours: `colours.primary` is the palette's primary."""

    def __init__(self, palette: Palette) -> None:
        self._palette = palette

    def __getattr__(self, name: str) -> colors.Color:
        return colour(getattr(self.__dict__["_palette"], name))


class Styles:
    """One ParagraphStyle per record of the design's style sheet, by the same names
    (`styles.kicker`, `styles.heading(2)`), and the type scale for sizes drawn directly."""

    def __init__(self, design: Design, fonts: PdfFonts) -> None:
        self.scale: TypeScale = design.scale
        self._styles = {
            name: paragraph_style(f"bp-{name}", record, fonts)
            for name, record in design.styles.named().items()
        }

    def __getattr__(self, name: str) -> ParagraphStyle:
        try:
            return self.__dict__["_styles"][name]
        except KeyError:
            raise AttributeError(name) from None

    def heading(self, level: int) -> ParagraphStyle:
        return {1: self.h1, 2: self.h2}.get(level, self.h3)


def paragraph_style(name: str, record: TextStyle, fonts: PdfFonts) -> ParagraphStyle:
    return ParagraphStyle(
        name,
        fontName=fonts.for_style(record.bold, record.italic),
        fontSize=record.size,
        leading=record.leading,
        textColor=colour(record.colour),
        spaceBefore=record.before,
        spaceAfter=record.after,
        alignment=ALIGN[record.align],
        keepWithNext=1 if record.keep_with_next else 0,
        # Links and fallback runs rely on these being the family's regular face.
        bulletFontName=fonts.regular,
    )
