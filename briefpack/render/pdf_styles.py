"""Paragraph styles for the PDF, derived from the brand (colours, body size, fonts)."""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle

from briefpack.model.brand import Brand
from briefpack.render.palette import (
    LARGE_PRINT_CONTRAST,
    TypeScale,
    is_large_print,
    step_colours,
)
from briefpack.render.pdf_fonts import PdfFonts


@dataclass(frozen=True)
class Palette:
    primary: colors.Color
    accent: colors.Color
    text: colors.Color
    muted: colors.Color
    panel: colors.Color
    rule: colors.Color  # hairlines between list-like rows
    step_fills: dict[int, colors.Color]  # threat scale, by rank 1-5
    step_inks: dict[int, colors.Color]

    @classmethod
    def of(cls, brand: Brand) -> Palette:
        fills, inks = step_colours(LARGE_PRINT_CONTRAST if is_large_print(brand) else 0.0)
        return cls(
            primary=colors.HexColor(brand.primary),
            accent=colors.HexColor(brand.accent),
            text=colors.HexColor(brand.text),
            muted=colors.HexColor(brand.muted),
            panel=colors.HexColor(brand.panel),
            rule=colors.HexColor("#C9D1DA"),
            step_fills={rank: colors.Color(*rgb) for rank, rgb in fills.items()},
            step_inks={rank: colors.Color(*rgb) for rank, rgb in inks.items()},
        )


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    list_body: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    byline: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    kicker: ParagraphStyle  # small bold label above a panel
    threat_name: ParagraphStyle
    threat_meaning: ParagraphStyle
    threat_small: ParagraphStyle
    stat_value: ParagraphStyle
    stat_label: ParagraphStyle
    stat_source: ParagraphStyle
    callout_title: ParagraphStyle
    callout_alert: ParagraphStyle
    callout_info: ParagraphStyle
    quote: ParagraphStyle
    attribution: ParagraphStyle
    link_label: ParagraphStyle
    link_line: ParagraphStyle
    link_note: ParagraphStyle
    caption: ParagraphStyle
    scale: TypeScale = field(default_factory=TypeScale)  # for sizes drawn outside the styles

    def heading(self, level: int) -> ParagraphStyle:
        return {1: self.h1, 2: self.h2}.get(level, self.h3)


def make_styles(brand: Brand, fonts: PdfFonts, palette: Palette) -> Styles:
    size = brand.body_size
    scale = TypeScale.of(brand)
    small = scale.at_least  # sizes below the body size, floored for large print
    body = ParagraphStyle(
        "bp-body",
        fontName=fonts.regular,
        fontSize=size,
        leading=size * 1.38,
        textColor=palette.text,
        spaceAfter=size * 0.65,
        # Links and fallback runs rely on these being the family's regular face.
        bulletFontName=fonts.regular,
    )

    def derive(name: str, **kw) -> ParagraphStyle:
        return ParagraphStyle(f"bp-{name}", parent=body, **kw)

    def heading(name: str, font_size: float, colour, before: float, after: float):
        return derive(
            name,
            fontName=fonts.bold,
            fontSize=font_size,
            leading=font_size * 1.22,
            textColor=colour,
            spaceBefore=before,
            spaceAfter=after,
            keepWithNext=1,
        )

    return Styles(
        body=body,
        list_body=derive("list", spaceAfter=size * 0.3),
        title=derive(
            "title", fontName=fonts.bold, fontSize=scale(24), leading=scale(28.5),
            textColor=palette.primary,
            spaceAfter=4,
        ),
        subtitle=derive("subtitle", fontSize=scale(14), leading=scale(18), textColor=palette.muted,
                        spaceAfter=2),
        byline=derive("byline", fontSize=small(size - 0.5), leading=size * 1.3,
                      textColor=palette.muted),
        h1=heading("h1", size + 5, palette.primary, size * 1.3, size * 0.5),
        h2=heading("h2", size + 2.5, palette.primary, size * 1.0, size * 0.35),
        h3=heading("h3", size + 1, palette.text, size * 0.8, size * 0.25),
        kicker=derive(
            "kicker", fontName=fonts.bold, fontSize=small(size - 1.5), leading=size * 1.1,
            textColor=palette.muted, spaceAfter=1,
        ),
        threat_name=derive(
            "threat-name", fontName=fonts.bold, fontSize=scale(28), leading=scale(32),
            textColor=palette.primary, spaceAfter=2,
        ),
        threat_meaning=derive("threat-meaning", fontSize=size + 2, leading=(size + 2) * 1.3,
                              spaceAfter=1),
        threat_small=derive("threat-small", fontSize=small(size - 0.5), textColor=palette.muted,
                            spaceAfter=2),
        stat_value=derive(
            "stat-value", fontName=fonts.bold, fontSize=scale(22), leading=scale(25),
            textColor=palette.primary, spaceAfter=2,
        ),
        stat_label=derive("stat-label", leading=size * 1.25, spaceAfter=3),
        stat_source=derive(
            "stat-source", fontSize=small(size - 2.5), leading=small(size - 2.5) * 1.3,
            textColor=palette.muted, spaceAfter=0,
        ),
        callout_title=derive(
            "callout-title", fontName=fonts.bold, fontSize=size + 3, leading=(size + 3) * 1.2,
            textColor=colors.white, alignment=TA_CENTER, spaceAfter=0,
        ),
        callout_alert=derive(
            "callout-alert", fontSize=size + 2, leading=(size + 2) * 1.3, alignment=TA_CENTER,
            spaceAfter=size * 0.4,
        ),
        callout_info=derive("callout-info", spaceAfter=size * 0.45),
        quote=derive(
            "quote", fontName=fonts.italic, fontSize=size + 0.5, leading=(size + 0.5) * 1.4,
            spaceAfter=size * 0.5,
        ),
        attribution=derive(
            "attribution", fontSize=small(size - 0.5), textColor=palette.muted, spaceAfter=0,
        ),
        link_label=derive("link-label", fontName=fonts.bold, spaceAfter=1),
        link_line=derive("link-line", spaceAfter=1),
        link_note=derive("link-note", fontSize=small(size - 1), leading=small(size - 1) * 1.3,
                         textColor=palette.muted, spaceAfter=0),
        caption=derive(
            "caption", fontName=fonts.italic, fontSize=small(size - 1.5),
            leading=small(size - 1.5) * 1.3,
            textColor=palette.muted, alignment=TA_CENTER, spaceBefore=3,
        ),
        scale=scale,
    )  # fmt: skip
