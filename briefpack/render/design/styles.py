"""The style sheet: one record per kind of text, sizes and spaces in points, built from the
brand's body size and colours.

The PDF turns each record into a reportlab ParagraphStyle, the DOCX into a Word style of
the same look (render/pdf/styles.py, render/docx/styles.py). A space between two blocks is
the larger of the space after the one and the space before the next, as reportlab lays it
out; the DOCX writer converts for Word, which adds the two.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from briefpack.render.design.palette import Palette
from briefpack.render.design.typography import TypeScale

FACES = ("regular", "bold", "italic", "bold_italic")

# Leading (baseline to baseline) as a share of the size, for the usual kinds of text.
BODY_LEADING = 1.38
HEADING_LEADING = 1.22


@dataclass(frozen=True)
class TextStyle:
    """How one kind of text looks: sizes and spaces in points, colour as 'RRGGBB'."""

    size: float
    leading: float  # baseline to baseline
    colour: str
    face: str = "regular"  # one of FACES
    before: float = 0.0
    after: float = 0.0
    align: str = "left"  # "left", "center" or "right"
    keep_with_next: bool = False  # headings: never the last line on a page

    @property
    def bold(self) -> bool:
        return self.face in ("bold", "bold_italic")

    @property
    def italic(self) -> bool:
        return self.face in ("italic", "bold_italic")


@dataclass(frozen=True)
class StyleSheet:
    """Every kind of text a handout prints, the page furniture's included."""

    body: TextStyle
    list_body: TextStyle  # list items: the body, closer together
    title: TextStyle
    subtitle: TextStyle
    byline: TextStyle
    h1: TextStyle
    h2: TextStyle
    h3: TextStyle
    kicker: TextStyle  # the small bold label above a panel, as written (no capitals added)
    threat_name: TextStyle
    threat_meaning: TextStyle
    threat_since: TextStyle
    scale_step: TextStyle  # a step's name in its box on the threat scale
    scale_current: TextStyle  # the current step's name, larger
    scale_meaning: TextStyle  # the line or two under each box
    scale_marker: TextStyle  # the words over the current step, above its ▼
    stat_value: TextStyle
    stat_label: TextStyle
    stat_source: TextStyle
    callout_title: TextStyle
    callout_alert: TextStyle
    callout_info: TextStyle
    quote: TextStyle
    attribution: TextStyle
    link_label: TextStyle
    link_line: TextStyle
    link_note: TextStyle
    caption: TextStyle
    chart: TextStyle  # the bar chart's labels, figures and title
    marking: TextStyle  # OFFICIAL, at the top and the foot of every page
    band: TextStyle  # the running header, white on the brand band
    footer: TextStyle  # the footer line and the page number
    stat_value_min: float  # a figure too wide for its tile is set smaller, down to this
    band_min: float  # a long running header shrinks to this, then is cut with "…"
    footer_min: float  # likewise the footer line

    def heading(self, level: int) -> TextStyle:
        return {1: self.h1, 2: self.h2}.get(level, self.h3)

    def named(self) -> dict[str, TextStyle]:
        """Every text style by its field name."""
        return {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if isinstance(getattr(self, f.name), TextStyle)
        }


def style_sheet(body_size: float, palette: Palette) -> StyleSheet:
    """The style sheet for a brand's body size and palette (large print included)."""
    s = body_size
    scale = TypeScale.for_body(s)
    small = scale.at_least  # sizes below the body size, floored for large print
    body = TextStyle(s, s * BODY_LEADING, palette.text, after=s * 0.65)

    def like_body(**changes) -> TextStyle:
        return TextStyle(**{**_as_dict(body), **changes})

    def heading(size: float, colour: str, before: float, after: float) -> TextStyle:
        return like_body(size=size, leading=size * HEADING_LEADING, colour=colour, face="bold",
                         before=before, after=after, keep_with_next=True)  # fmt: skip

    def scaled(size: float, leading: float, **changes) -> TextStyle:
        return like_body(size=size, leading=leading, **changes)

    return StyleSheet(
        body=body,
        list_body=like_body(after=s * 0.3),
        title=scaled(scale(24), scale(28.5), face="bold", colour=palette.primary, after=4),
        subtitle=scaled(scale(14), scale(18), colour=palette.muted, after=2),
        byline=scaled(small(s - 0.5), s * 1.3, colour=palette.muted),
        h1=heading(s + 5, palette.primary, s * 1.3, s * 0.5),
        h2=heading(s + 2.5, palette.primary, s * 1.0, s * 0.35),
        h3=heading(s + 1, palette.text, s * 0.8, s * 0.25),
        kicker=scaled(small(s - 1.5), s * 1.1, face="bold", colour=palette.muted, after=1),
        threat_name=scaled(scale(28), scale(32), face="bold", colour=palette.primary, after=2),
        threat_meaning=scaled(s + 2, (s + 2) * 1.3, after=1),
        threat_since=scaled(small(s - 0.5), s * BODY_LEADING, colour=palette.muted, after=2),
        scale_step=scaled(scale(8.5), scale(8.5) * BODY_LEADING, face="bold", align="center",
                          after=0),
        scale_current=scaled(scale(11.5), scale(11.5) * BODY_LEADING, face="bold",
                             align="center", after=0),
        scale_meaning=scaled(scale(7), scale(7) * 1.2, align="center", after=0),
        scale_marker=scaled(scale(6.5), scale(6.5) * 1.2, face="bold", align="center", after=0),
        stat_value=scaled(scale(22), scale(25), face="bold", colour=palette.primary, after=2),
        stat_label=like_body(leading=s * 1.25, after=3),
        stat_source=scaled(small(s - 2.5), small(s - 2.5) * 1.3, colour=palette.muted, after=0),
        callout_title=scaled(s + 3, (s + 3) * 1.2, face="bold", colour=palette.white,
                             align="center", after=0),
        callout_alert=scaled(s + 2, (s + 2) * 1.3, align="center", after=s * 0.4),
        callout_info=like_body(after=s * 0.45),
        quote=scaled(s + 0.5, (s + 0.5) * 1.4, face="italic", after=s * 0.5),
        attribution=scaled(small(s - 0.5), s * BODY_LEADING, colour=palette.muted, after=0),
        link_label=like_body(face="bold", after=1),
        link_line=like_body(after=1),
        link_note=scaled(small(s - 1), small(s - 1) * 1.3, colour=palette.muted, after=0),
        caption=scaled(small(s - 1.5), small(s - 1.5) * 1.3, face="italic", colour=palette.muted,
                       align="center", before=3, after=0),
        chart=scaled(s - 1, (s - 1) * 1.2, after=0),
        # The furniture is drawn one line at a time; its leading is that of an editor's
        # single-spaced line of body text, for the DOCX's header and footer paragraphs.
        marking=scaled(scale(10), scale(10) * BODY_LEADING, face="bold", colour=palette.black,
                       align="center", after=0),
        band=scaled(scale(13), scale(13) * BODY_LEADING, face="bold", colour=palette.white,
                    after=0),
        footer=scaled(scale(8.5), scale(8.5) * BODY_LEADING, colour=palette.muted, after=0),
        stat_value_min=scale(11.0),
        band_min=scale(8),
        footer_min=scale(7.5),
    )  # fmt: skip


def _as_dict(style: TextStyle) -> dict:
    return {f.name: getattr(style, f.name) for f in fields(style)}
