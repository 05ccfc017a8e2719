"""The design spec as one style sheet for the web page: every size, space and colour is the
design's (render/design/), written in points, so a printed page matches the PDF's measures.

What only a screen needs is decided here and nowhere else: where the page folds to a single
column and how much gutter a phone keeps. The threat scale's fills are the design's own ramp
darkened, by the design's rule, until their names reach WCAG AA contrast as body-sized text
on a screen must (axe-core checks it).
"""

from __future__ import annotations

import re
from functools import lru_cache

from briefpack.model.brand import Brand
from briefpack.model.colour import AA_TEXT_CONTRAST
from briefpack.render.design import Design
from briefpack.render.design.blocks import Padding
from briefpack.render.design.page import PageGeometry
from briefpack.render.design.palette import contrast_ratio, hex_rgb, rgb_hex, step_colours
from briefpack.render.design.styles import TextStyle
from briefpack.render.design.typography import word_font_name

NARROW_PX = 600  # below this width the page is one column
PHONE_GUTTER = 12  # points: the page's side margins on a phone, in place of the page's
PHONE_PX = 390  # the narrow phone the page is drawn for (CSS pixels across)
# The chart is laid out twice: at the page's text width (screens, print) and at a phone's
# column, so that its words stay the size of the PDF's rather than shrink to a third.
PHONE_COLUMN = PHONE_PX * 0.75 - 2 * PHONE_GUTTER
FALLBACK_FONTS = ("Arial", "Helvetica")  # found on every desktop and phone, then the generic
_FONT_NAME = re.compile(r"[^A-Za-z0-9 ._-]")  # a family name that cannot break out of CSS
# Depths of nested lists that get their own bullet and number rules; deeper ones inherit.
LIST_DEPTHS = 6
NUMBER_STYLES = {"decimal": "decimal", "lowerLetter": "lower-alpha", "lowerRoman": "lower-roman"}


def pt(value: float) -> str:
    """A length in points, as short as it can be written: 10.5 → '10.5pt'."""
    return f"{round(value, 2):g}pt"


def hex_css(colour: str) -> str:
    """'17375E' → '#17375E'."""
    return f"#{colour.lstrip('#').upper()}"


def box(pad: Padding) -> str:
    return " ".join(pt(side) for side in (pad.top, pad.right, pad.bottom, pad.left))


def font_stack(brand: Brand) -> str:
    """The brand's family, the one an editor is asked for, then safe fallbacks. The brand
    file is not trusted to hold CSS: names keep only letters, digits and a few marks."""
    seen: list[str] = []
    for name in (brand.fonts.family, word_font_name(brand), *FALLBACK_FONTS):
        clean = " ".join(_FONT_NAME.sub("", name).split())
        if clean and clean not in seen:
            seen.append(clean)
    return ",".join(f"'{name}'" for name in seen) + ",sans-serif"


def style_class(name: str) -> str:
    """The class of the elements set in the design's text style `name` ("body" → "t-body")."""
    return f"t-{name}"


def step_fills(design: Design) -> tuple[str, ...]:
    """The threat scale's fills, each at least as dark (or light) as its name needs for AA."""
    fills, _inks = step_colours(AA_TEXT_CONTRAST)
    return tuple(
        _further_from_ink(design.palette.step_fill(rank), rgb_hex(fills[rank]), design, rank)
        for rank in sorted(fills)
    )


def _further_from_ink(brand_fill: str, aa_fill: str, design: Design, rank: int) -> str:
    """A large-print fill (AAA) already meets AA: keep whichever contrasts more."""
    ink = hex_rgb(design.palette.step_ink(rank))
    return max(brand_fill, aa_fill, key=lambda fill: contrast_ratio(hex_rgb(fill), ink))


@lru_cache(maxsize=16)
def stylesheet(design: Design, page: PageGeometry, fonts: str) -> str:
    """The page's whole style sheet: screen, phone and print."""
    parts = [
        _base(design, page, fonts),
        _text_styles(design),
        _furniture(design, page),
        _lists(design),
        _boxes(design),
        _threat_scale(design),
        _statistics(design),
        _links_and_pictures(design),
        _narrow(design),
        _print(page),
    ]
    return "\n".join(parts)


def _text_styles(design: Design) -> str:
    return "\n".join(
        f".{style_class(name)}{{{_text(style)}}}" for name, style in design.styles.named().items()
    )


def _text(style: TextStyle) -> str:
    return (
        f"font-size:{pt(style.size)};line-height:{pt(style.leading)};"
        f"color:{hex_css(style.colour)};font-weight:{'bold' if style.bold else 'normal'};"
        f"font-style:{'italic' if style.italic else 'normal'};text-align:{style.align};"
        f"margin:{pt(style.before)} 0 {pt(style.after)}"
    )


def _base(design: Design, page: PageGeometry, fonts: str) -> str:
    palette, body = design.palette, design.styles.body
    return (
        ":root{color-scheme:light}\n*{box-sizing:border-box}\n"
        f"body{{margin:0;background:#{palette.white};color:{hex_css(body.colour)};"
        f"font-family:{fonts};font-size:{pt(body.size)};line-height:{pt(body.leading)}}}\n"
        f".sheet{{max-width:{pt(page.width)};margin:0 auto}}\n"
        f"main{{padding:{pt(page.frame_top - page.band_top - page.band_height)} "
        f"{pt(page.margin)} 0}}\n"
        f"a{{color:{hex_css(palette.primary)};text-decoration:underline}}\n"
        "strong{font-weight:bold}em{font-style:italic}\n"
        "h1,h2,h3,h4,h5,h6{font-family:inherit}\n"
        ".nowrap{white-space:nowrap}\n.page-break{display:none}\n"
        ".sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;"
        "overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}"
    )


def _furniture(design: Design, page: PageGeometry) -> str:
    palette, styles = design.palette, design.styles
    marking_room = page.band_top
    footer_gap = page.frame_bottom_from_bottom - page.footer_rule_from_bottom
    footer_drop = page.footer_rule_from_bottom - page.footer_baseline_from_bottom
    return (
        f".marking{{height:{pt(marking_room)};display:flex;align-items:center;"
        "justify-content:center}\n.marking p{margin:0}\n"
        f".band{{background:{hex_css(palette.primary)};min-height:{pt(page.band_height)};"
        f"display:flex;align-items:center;gap:{pt(page.logo_gap)};padding:0 {pt(page.margin)}}}\n"
        f".band img{{height:{pt(page.logo_height)};width:auto;display:block}}\n"
        ".band p{margin:0;min-width:0;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}\n"
        f"footer{{margin:{pt(footer_gap)} {pt(page.margin)} 0}}\n"
        f".footer-line{{border-top:{pt(page.footer_rule_width)} solid {hex_css(palette.rule)};"
        f"padding-top:{pt(footer_drop - styles.footer.leading * 0.7)}}}\n"
        ".footer-line p{margin:0}\n"
        f".title-block{{border-bottom:{pt(design.blocks.title_rule)} solid "
        f"{hex_css(palette.accent)};padding-bottom:{pt(design.blocks.title_rule_before)};"
        f"margin-bottom:{pt(design.blocks.title_rule_after)}}}"
    )


def _lists(design: Design) -> str:
    look, body, accent = design.blocks.lists, design.styles.body, design.palette.accent
    rules = [
        f"ul,ol{{margin:0 0 {pt(body.after)};padding-left:{look.indent_em:g}em}}",
        "li ul,li ol{margin:0}",
    ]
    for depth in range(LIST_DEPTHS):
        bullet = look.bullet(depth).replace("\\", "\\\\").replace('"', '\\"')
        number = NUMBER_STYLES.get(look.number_format(depth), "decimal")
        rules.append(f'ul.d{depth}{{list-style-type:"{bullet}\\a0\\a0"}}')
        rules.append(f"ol.d{depth}{{list-style-type:{number}}}")
    top = f"{look.top_bullet_scale:g}em"
    rules.append(f"ul.d0>li::marker{{color:{hex_css(accent)};font-size:{top}}}")
    return "\n".join(rules)


def _boxes(design: Design) -> str:
    look, palette = design.blocks, design.palette
    after = look.after
    return (
        f".panel{{background:{hex_css(palette.panel)};border-left:{pt(look.panel_stripe)} solid "
        f"{hex_css(palette.primary)};padding:{box(look.panel_padding)};"
        f"margin:0 0 {pt(after.panel)}}}\n"
        f".callout{{border:{pt(look.callout_border)} solid;margin:0 0 {pt(after.callout)}}}\n"
        f".callout.alert{{border-color:{hex_css(palette.accent)}}}\n"
        f".callout.info{{border-color:{hex_css(palette.primary)}}}\n"
        f".callout-title{{padding:{box(look.callout_title_padding)}}}\n"
        f".alert .callout-title{{background:{hex_css(palette.accent)}}}\n"
        f".info .callout-title{{background:{hex_css(palette.primary)}}}\n"
        f".callout-body{{padding:{box(look.callout_body_padding)}}}\n"
        f".info .callout-body{{background:{hex_css(palette.panel)}}}\n"
        ".callout-body>:last-child,.panel>:last-child,blockquote>:last-child{margin-bottom:0}\n"
        f"blockquote{{margin:0 0 {pt(after.quote)} {pt(look.quote_indent)};"
        f"border-left:{pt(look.quote_bar)} solid {hex_css(palette.accent)};"
        f"padding:{box(look.quote_padding)}}}"
    )


def _threat_scale(design: Design) -> str:
    look, styles, palette = design.threat_scale, design.styles, design.palette
    marker = styles.scale_marker
    rules = [
        f"ol.scale{{list-style:none;display:flex;gap:{pt(look.gap)};padding:"
        f"{pt(look.marker_height + look.grow)} 0 {pt(look.foot)};"
        f"margin:{pt(design.blocks.scale_gap)} 0}}",
        "ol.scale li{flex:1 1 0;min-width:0;position:relative}",
        f".scale .step{{height:{pt(look.box_height)};display:flex;align-items:center;"
        f"justify-content:center;padding:0 {pt(look.label_pad)};overflow-wrap:anywhere}}",
        f".scale .now .step{{height:{pt(look.box_height + 2 * look.grow)};"
        f"margin-top:{pt(-look.grow)};outline:{pt(look.outline)} solid {hex_css(palette.text)};"
        f"outline-offset:{pt(-look.outline)}}}",
        f".scale .meaning{{display:block;margin:{pt(look.meaning_gap)} 0 0;"
        f"padding:0 {pt(look.meaning_pad)}}}",
        ".scale .now .meaning{font-weight:bold}",
        f".scale .step>span{{{_text(styles.scale_step)}}}",
        f".scale .now .step>span{{{_text(styles.scale_current)}}}",
        # The marker: the tree's words over a triangle drawn with borders (no glyph to read).
        f".scale .marker{{position:absolute;left:0;right:0;bottom:100%;"
        f"margin:0 0 {pt(look.grow + look.marker_lift)};padding-bottom:"
        f"{pt(look.triangle_height + 1)}}}",
        f".scale .marker::after{{content:'';position:absolute;bottom:0;left:50%;"
        f"margin-left:{pt(-look.triangle_width / 2)};border:solid transparent;"
        f"border-width:{pt(look.triangle_height)} {pt(look.triangle_width / 2)} 0;"
        f"border-top-color:{hex_css(marker.colour)}}}",
    ]
    for rank, fill in enumerate(step_fills(design), 1):
        rules.append(f".scale .r{rank} .step{{background:#{fill}}}")
        rules.append(f".scale .r{rank} .step>span{{color:{hex_css(palette.step_ink(rank))}}}")
    return "\n".join(rules)


def _statistics(design: Design) -> str:
    look, palette = design.blocks, design.palette
    return (
        f"table.tiles{{display:block;margin:0 0 {pt(look.tile_gap + look.after.tiles)}}}\n"
        f".tiles tbody{{display:grid;grid-template-columns:repeat({look.stat_columns},1fr);"
        f"gap:{pt(look.tile_gap)}}}\n"
        f".tiles tr{{display:flex;flex-direction:column;background:{hex_css(palette.panel)};"
        f"border-top:{pt(look.tile_rule)} solid {hex_css(palette.primary)};"
        f"padding:{box(look.tile_padding)}}}\n"
        ".tiles th,.tiles td{display:block;padding:0}\n"
        ".tiles .t-stat_value{overflow-wrap:anywhere}\n"
        f"figure.chart{{margin:{pt(look.chart_before)} 0 {pt(look.after.chart)}}}\n"
        "figure.chart svg{display:block;width:100%;height:auto}\n"
        "figure.chart .narrow{display:none}"
    )


def _links_and_pictures(design: Design) -> str:
    look, palette = design.blocks, design.palette
    return (
        f"ul.links{{list-style:none;padding:0;margin:0 0 {pt(look.after.links)}}}\n"
        f"ul.links>li{{display:flex;justify-content:space-between;gap:{pt(look.qr_gap)};"
        f"padding:{box(look.link_padding)};border-bottom:{pt(look.link_rule)} solid "
        f"{hex_css(palette.rule)}}}\n"
        "ul.links>li:last-child{border-bottom:0}\n"
        ".links .entry{min-width:0;overflow-wrap:anywhere}\n"
        f".links .qr{{flex:none;width:{pt(look.qr_size)};height:{pt(look.qr_size)}}}\n"
        ".links .qr svg{display:block;width:100%;height:100%}\n"
        f"figure.picture{{margin:0 0 {pt(look.after.image)};text-align:center}}\n"
        "figure.picture img{max-width:100%;height:auto}"
    )


def _narrow(design: Design) -> str:
    """One column on a phone: tiles stacked, the scale as a list down the page."""
    look = design.threat_scale
    gutter = pt(PHONE_GUTTER)
    return (
        f"@media (max-width:{NARROW_PX - 0.02}px){{\n"
        f"main{{padding-left:{gutter};padding-right:{gutter}}}\n"
        f".band{{padding:0 {gutter}}}\nfooter{{margin-left:{gutter};margin-right:{gutter}}}\n"
        ".tiles tbody{grid-template-columns:1fr}\n"
        "figure.chart .wide{display:none}figure.chart .narrow{display:block}\n"
        f"blockquote{{margin-left:{pt(look.gap)}}}\n"
        f"ol.scale{{flex-direction:column;padding-top:0;gap:{pt(look.gap)}}}\n"
        "ol.scale li{display:grid;grid-template-columns:minmax(0,2fr) minmax(0,3fr);"
        f"align-items:center;column-gap:{pt(look.meaning_gap)}}}\n"
        ".scale .now .step{margin-top:0}\n"
        ".scale .meaning{margin:0;text-align:left}\n"
        ".scale .marker{position:relative;bottom:auto;grid-column:1/3;margin:0;padding:0 0 "
        f"{pt(look.triangle_height + 2)};text-align:left}}\n"
        ".scale .marker::after{left:1.5em}\n}"
    )


def _print(page: PageGeometry) -> str:
    """Printed: the page size and margins of the PDF, colours kept, blocks never split."""
    size = "letter" if page.width == 612.0 else "A4"
    return (
        "@media print{\n"
        f"@page{{size:{size};margin:{pt(page.band_top / 2)} 0}}\n"
        "html{-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
        ".sheet{max-width:none}\n"
        ".page-break{display:block;break-before:page}\n"
        "h1,h2,h3,h4{break-after:avoid}\n"
        ".panel,.callout,blockquote,figure,.tiles tr,ul.links>li,ol.scale,.title-block"
        "{break-inside:avoid}\n"
        "}"
    )
