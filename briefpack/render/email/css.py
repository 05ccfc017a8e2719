"""The design spec as inline CSS for mail clients: sizes in px, colours as #RRGGBB.

Outlook on Windows lays mail out with Word's engine: it ignores <style> blocks, flex and
grid, and most box properties on anything but table cells. So every element carries its
whole look in a style attribute, boxes are table cells, and widths are also given as
attributes. Only properties mail clients agree on are used.
"""

from __future__ import annotations

import html
import re

from briefpack.model.brand import Brand
from briefpack.render.design.styles import TextStyle
from briefpack.render.design.typography import word_font_name

PX_PER_PT = 96 / 72
PX_PER_MM = 96 / 25.4
MAIL_WIDTH = 640  # px: the message's column, inside the 600–680 px mail clients show whole
GUTTER = 24  # px: space between the column's edge and the text
CONTENT_WIDTH = MAIL_WIDTH - 2 * GUTTER
_FONT_NAME = re.compile(r"[^A-Za-z0-9 ._-]")  # a family name that cannot break out of CSS


def px(points: float) -> int:
    """Points as whole CSS pixels (a 10.5 pt body is 14 px)."""
    return max(round(points * PX_PER_PT), 0)


def colour(hex_colour: str) -> str:
    """'17375E' → '#17375E'."""
    return f"#{hex_colour.lstrip('#').upper()}"


def font_stack(brand: Brand) -> str:
    """The brand's family, the one an editor is asked for, then safe fallbacks. Names are
    reduced to letters, digits and a few marks: the brand file is not trusted to hold CSS."""
    names = [brand.fonts.family, word_font_name(brand), "Arial", "Helvetica"]
    seen: list[str] = []
    for name in names:
        clean = " ".join(_FONT_NAME.sub("", name).split())
        if clean and clean not in seen:
            seen.append(clean)
    return ",".join(f"'{name}'" for name in seen) + ",sans-serif"


def declarations(**props: str | int | float | None) -> str:
    """'font-size:14px;color:#1A1A1A' from font_size="14px", color=…; None is left out."""
    return ";".join(
        f"{name.replace('_', '-')}:{value}" for name, value in props.items() if value is not None
    )


def text_css(style: TextStyle, fonts: str, *, after: float | None = None, **extra) -> str:
    """A text style of the design as declarations; margins from its spaces (the larger of
    the space after a block and before the next, as the design counts them)."""
    space_after = style.after if after is None else after
    props = {
        "margin": f"{px(style.before)}px 0 {px(space_after)}px 0",
        "font_family": fonts,
        "font_size": f"{px(style.size)}px",
        "line_height": f"{px(style.leading)}px",
        "mso_line_height_rule": "exactly",
        "color": colour(style.colour),
        "font_weight": "bold" if style.bold else "normal",
        "font_style": "italic" if style.italic else "normal",
        "text_align": style.align,
    }
    return declarations(**{**props, **extra})


def attrs(**values: str | int | None) -> str:
    """' width="640" style="…"' with every value escaped; None is left out. A trailing "_"
    is dropped from a name (class_ → class)."""
    return "".join(
        f' {name.rstrip("_").replace("_", "-")}="{html.escape(str(value), quote=True)}"'
        for name, value in values.items()
        if value is not None
    )


def text(value: str) -> str:
    """Words as HTML text."""
    return html.escape(value, quote=False)
