"""The design's style sheet as Word styles: the same looks, under the names Word shows.

Each Word style carries only what differs from the style it is based on, so an officer who
changes Normal in Word sees the change follow through. Two conversions are Word's own:
Word adds a paragraph's space before to the previous one's space after, where the design
(and reportlab) take the larger of the two, so a heading's space before is reduced by the
body's space after; and Word's line spacing is a multiple of the font's own line height
(SINGLE_LINE ems for Arial and Liberation Sans), so the design's leading is divided by it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from briefpack.render.design import Design
from briefpack.render.design.styles import TextStyle
from briefpack.render.docx import ooxml as x
from briefpack.render.docx.units import eighths, twips

SINGLE_LINE = 1.149  # Arial's / Liberation Sans' line height in em (ascent + descent + gap)
AUTO = 240  # Word's "single" line spacing, in 240ths of a line


class STYLE:
    """Style ids used in the body (names as Word shows them are in `word_styles`)."""

    normal = "Normal"
    title, subtitle, byline = "Title", "Subtitle", "Byline"
    headings = ("Heading1", "Heading2", "Heading3")
    list_number = ("ListNumber", "ListNumber2", "ListNumber3")
    list_bullet = ("ListBullet", "ListBullet2", "ListBullet3")
    list_continue = ("ListContinue", "ListContinue2", "ListContinue3")
    quote, quote_attribution = "Quote", "QuoteAttribution"
    figure, caption = "Figure", "Caption"
    callout_title, callout_text, callout_info = "CalloutTitle", "CalloutText", "CalloutInfoText"
    stat_value, stat_label, stat_source = "StatisticValue", "StatisticLabel", "StatisticSource"
    table_header, stat_figure, table_figure = "TableHeader", "StatisticFigure", "TableFigure"
    kicker, threat_level, threat_meaning = "PanelKicker", "ThreatLevel", "ThreatMeaning"
    threat_since, threat_scale, threat_scale_note = "ThreatSince", "ThreatScale", "ThreatScaleNote"
    threat_scale_marker = "ThreatScaleMarker"
    link_label, link_text, link_note, qr = "LinkLabel", "LinkText", "LinkNote", "QRCode"
    gap = "Spacer"
    marking, band, footer = "Marking", "HeaderBand", "Footer"
    hyperlink = "Hyperlink"
    # numbering: one definition for numbered lists, one for bullets
    ordered_abstract_id, bullet_abstract_id = 1, 2
    ordered_num_id, bullet_num_id = 1, 2


@dataclass(frozen=True)
class WordStyle:
    """One Word style: sizes and spaces in points, None where the base style's hold."""

    name: str
    based_on: str | None = "Normal"
    size: float | None = None
    line: int | None = None  # in 240ths of a line (or twips when exact)
    before: float | None = None
    after: float | None = None
    bold: bool | None = None
    italic: bool | None = None
    colour: str | None = None  # "RRGGBB"
    align: str | None = None
    keep_next: bool = False
    keep_lines: bool = False
    left: int | None = None  # twips
    right: int | None = None
    border_left: x.Border | None = None
    outline: int | None = None
    exact: bool = False  # `line` is an exact height in twips (only where no pictures go)
    single: bool = False  # single spacing: Word multiplies a picture's line height too
    character: bool = False
    underline: bool = False
    gallery: bool = True  # show in Word's style gallery


# Word styles that are a record of the design's style sheet as it is: (Word's name, record).
PLAIN_STYLES = (
    ("Caption", "caption"),
    ("Callout Title", "callout_title"),
    ("Callout Text", "callout_alert"),
    ("Panel Kicker", "kicker"),
    ("Threat Level", "threat_name"),
    ("Threat Meaning", "threat_meaning"),
    ("Threat Since", "threat_since"),
    ("Threat Scale", "scale_step"),
    ("Threat Scale Note", "scale_meaning"),
    ("Statistic Value", "stat_value"),
    ("Statistic Label", "stat_label"),
    ("Statistic Source", "stat_source"),
    ("Link Label", "link_label"),
    ("Link Text", "link_line"),
    ("Link Note", "link_note"),
)


def line_of(record: TextStyle) -> int:
    """The record's leading as Word's "auto" line spacing."""
    return round(AUTO * record.leading / (record.size * SINGLE_LINE))


def from_record(
    name: str, record: TextStyle, base: TextStyle | None, based_on: str | None = "Normal", **word
) -> WordStyle:
    """A Word style holding what `record` changes from `base` (everything when None)."""

    def changed(value, attr: str):
        if base is None:  # Word's own defaults need not be written
            return None if value in (False, "left") else value
        return None if value == getattr(base, attr) else value

    line = line_of(record)
    return WordStyle(
        name,
        based_on,
        size=changed(record.size, "size"),
        line=None if base is not None and line == line_of(base) else line,
        before=changed(record.before, "before"),
        after=changed(record.after, "after"),
        bold=changed(record.bold, "bold"),
        italic=changed(record.italic, "italic"),
        colour=changed(record.colour, "colour"),
        align=changed(record.align, "align"),
        keep_next=record.keep_with_next,
        **word,
    )


def list_indent(design: Design) -> int:
    """Twips per list level: the design's indent at the body size (one numbering
    definition serves the whole document)."""
    return twips(design.styles.body.size * design.blocks.lists.indent_em)


def word_styles(design: Design, footer_after: float, marking_after: float) -> list[WordStyle]:
    """Every style the DOCX uses, from the design's style sheet. `footer_after` and
    `marking_after` place the footer's lines and the band (see page.py)."""
    s, look, tables = design.styles, design.blocks, design.tables
    body = s.body
    indent = list_indent(design)
    quote_pad = look.quote_padding

    def styled(name: str, record: TextStyle, **word) -> WordStyle:
        return from_record(name, record, body, **word)

    def heading(name: str, record: TextStyle, level: int) -> WordStyle:
        # Word adds space before to the previous space after; the design takes the larger.
        record = _with(record, before=max(record.before - body.after, 0))
        return styled(name, record, keep_lines=True, outline=level)

    levels = ("", " 2", " 3")
    return [
        from_record("Normal", _with(body, before=0), None, None),
        styled("Title", s.title),
        styled("Subtitle", s.subtitle),
        styled("Byline", s.byline),
        heading("Heading 1", s.h1, 0),
        heading("Heading 2", s.h2, 1),
        heading("Heading 3", s.h3, 2),
        *(styled(f"List Number{suffix}", s.list_body) for suffix in levels),
        *(styled(f"List Bullet{suffix}", s.list_body) for suffix in levels),
        *(
            styled(f"List Continue{suffix}", s.list_body, left=indent * (i + 1))
            for i, suffix in enumerate(levels)
        ),
        # The design indents the quote, draws a bar and pads the text beside it.
        styled("Quote", s.quote, left=twips(look.quote_indent + look.quote_bar + quote_pad.left),
               right=twips(quote_pad.right),
               border_left=x.Border(design.palette.accent, size=eighths(look.quote_bar),
                                    space=round(quote_pad.left))),
        from_record("Quote Attribution", s.attribution, s.quote, "Quote"),
        WordStyle("Figure", after=0, align="center", single=True),
        *(styled(name, getattr(s, record)) for name, record in PLAIN_STYLES),
        from_record("Callout Info Text", s.callout_info, s.callout_alert, "Callout Text"),
        styled("Table Header", tables.header),
        from_record("Statistic Figure", tables.value, s.stat_value, "Statistic Value"),
        from_record("Table Figure", tables.figure, s.stat_label, "Statistic Label"),
        styled("Threat Scale Marker", s.scale_marker, gallery=False),
        WordStyle("QR Code", after=0, align="right", single=True, gallery=False),
        WordStyle("Spacer", size=1, line=twips(1), before=0, after=0, exact=True, gallery=False),
        styled("Header", s.footer, gallery=False),
        styled("Footer", _with(s.footer, after=footer_after), gallery=False),
        from_record("Marking", _with(s.marking, after=marking_after), s.footer, "Header",
                    gallery=False),
        from_record("Header Band", s.band, s.footer, "Header", single=True, gallery=False),
        WordStyle("Hyperlink", None, colour=design.palette.primary, character=True,
                  underline=True, gallery=False),
    ]  # fmt: skip


def _with(record: TextStyle, **changes) -> TextStyle:
    return replace(record, **changes)
