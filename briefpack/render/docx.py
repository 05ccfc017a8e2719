"""Render a Document to DOCX with python-docx: one walk over the node tree.

The output is meant to be edited further in Word, so it is built from real
styles (Title, Heading 1-3, List Number, List Bullet, Quote, Caption and named
custom ones such as "Callout Title" and "Statistic Value"), real PAGE and
NUMPAGES fields, real hyperlinks and alt text on every picture.

Layout follows the PDF renderer's measurements (margins, band, type sizes,
leading, spacing) so that both paginate alike. Two differences are allowed
for: Word adds a paragraph's space before to the previous one's space after,
where reportlab takes the larger of the two, so heading spaces are reduced;
and Word's line spacing is a multiple of the font's own line height
(about 1.15 em for Arial), so the PDF's leading is divided by that.

Speed: styles, numbering and theme are set up once per brand into a template
kept as bytes (`_template`); each render opens that and only writes content.

Words: the tree comes from compose finished and cleaned (no control characters, which
XML cannot hold); every word written here is the tree's, none is made up.
"""

from __future__ import annotations

import hashlib
import io
import string
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

import docx
from docx.document import Document as WordDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.image.exceptions import UnrecognizedImageError
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.numbering import CT_Num
from docx.oxml.shape import CT_Inline
from docx.oxml.table import CT_Tbl
from docx.oxml.text.paragraph import CT_P
from docx.section import Section
from docx.shared import Emu, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from briefpack.document import nodes as n
from briefpack.model.brand import Brand
from briefpack.model.errors import BriefpackError
from briefpack.model.filegate import IMAGE_FORMATS
from briefpack.render import docx_xml as x
from briefpack.render import palette
from briefpack.render.images import (
    ChartStyle,
    bar_chart_pngs,
    brand_file_of,
    brand_logo,
    has_qr,
    qr_png,
    text_width_pt,
)

# The sizes and threat-scale fills the PDF uses, large print included.
from briefpack.render.palette import TypeScale, step_fills_hex

__all__ = ["render_docx"]

# ---- page geometry (the PDF renderer's numbers, see pdf_page.py) ---------------------

TWIPS_PER_MM = 1440 / 25.4
EMU_PER_TWIP = 635


def mm(value: float) -> int:
    """Millimetres in twips (1/20 pt), Word's unit for page and table geometry."""
    return round(value * TWIPS_PER_MM)


def pt(value: float) -> int:
    return round(value * 20)


def emu(twips: int) -> Emu:
    return Emu(twips * EMU_PER_TWIP)


PAGE_SIZES = {"A4": (mm(210), mm(297)), "LETTER": (12240, 15840)}
MARGIN = mm(18)
FRAME_TOP = mm(35)  # the band ends 28 mm from the top; body text starts 7 mm lower
FRAME_BOTTOM = mm(21)
HEADER_FROM_EDGE = mm(4.3)  # puts the top marking's baseline 7.5 mm from the edge
FOOTER_FROM_EDGE = mm(3.6)  # puts the bottom marking's baseline ~5 mm from the edge
BAND_HEIGHT = mm(17)
LOGO_HEIGHT = mm(12.5)
FOOTER_SIZE = 8.5
FOOTER_MIN_SIZE = 7.5  # a long footer shrinks to this, then is cut with "…"
FOOTER_GAP_PT = 17  # 6 mm between the footer text and the page number, as in the PDF
MARKING_SIZE = 10
RULE = "C9D1DA"  # hairlines: footer rule, lines between link rows

SAFE_SCHEMES = ("http://", "https://", "mailto:", "tel:")
STAT_COLUMNS = 3
TILE_GAP = mm(4)
QR_SIZE = mm(20)

# The PDF's threat-scale fills: they darken step by step, so the ramp still
# reads on a greyscale printer; the names and the marker carry the meaning.
STEP_FILLS, STEP_INK = palette.STEP_FILLS, palette.STEP_INK

SINGLE_LINE = 1.149  # Arial's / Liberation Sans' line height in em (ascent + descent + gap)


# ---- brand look and styles -------------------------------------------------------------


@dataclass(frozen=True)
class Look:
    """What the styles take from the brand, hashable so the template can be cached."""

    family: str
    body_size: float
    primary: str  # "RRGGBB"
    accent: str
    text: str
    muted: str
    panel: str

    @classmethod
    def of(cls, brand: Brand) -> Look:
        return cls(
            family=x.word_font_name(brand),  # refused with one line if XML cannot hold it
            body_size=brand.body_size,
            primary=x.hex_colour(brand.primary),
            accent=x.hex_colour(brand.accent),
            text=x.hex_colour(brand.text),
            muted=x.hex_colour(brand.muted),
            panel=x.hex_colour(brand.panel),
        )

    @property
    def body_after(self) -> float:
        return self.body_size * 0.65

    @property
    def scale(self) -> TypeScale:
        return TypeScale.for_body(self.body_size)


class STYLE:
    """Style ids used in the body (names as Word shows them are in `_specs`)."""

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
    kicker, threat_level, threat_meaning = "PanelKicker", "ThreatLevel", "ThreatMeaning"
    threat_since, threat_scale, threat_scale_note = "ThreatSince", "ThreatScale", "ThreatScaleNote"
    link_label, link_text, link_note, qr = "LinkLabel", "LinkText", "LinkNote", "QRCode"
    gap = "Spacer"
    marking, band, footer = "Marking", "HeaderBand", "Footer"
    hyperlink = "Hyperlink"
    # numbering: one definition for numbered lists, one for bullets
    ordered_abstract_id, bullet_abstract_id = 1, 2
    ordered_num_id, bullet_num_id = 1, 2


LIST_INDENT = 357  # twips per level: the PDF's 1.7 × 10.5 pt


@dataclass(frozen=True)
class _Spec:
    """One style as the PDF styles describe it: sizes and spaces in points."""

    name: str
    based_on: str | None = "Normal"
    size: float | None = None
    leading: float | None = None  # baseline to baseline; None: single spacing
    before: float | None = None
    after: float | None = None
    bold: bool | None = None
    italic: bool | None = None
    colour: str | None = None  # "RRGGBB"
    align: str | None = None
    keep_next: bool = False
    keep_lines: bool = False
    caps: bool = False
    left: int | None = None  # twips
    right: int | None = None
    border_left: x.Border | None = None
    outline: int | None = None
    exact: bool = False  # leading is an exact line height (only where no pictures go)
    single: bool = False  # single spacing: Word multiplies a picture's line height too
    character: bool = False
    gallery: bool = True  # show in Word's style gallery


def _specs(look: Look) -> list[_Spec]:
    s, after = look.body_size, look.body_after
    quote_size = s + 0.5
    scale, small = look.scale, look.scale.at_least  # as in pdf_styles.make_styles

    def heading(name: str, size: float, colour: str, before: float, space_after: float, level: int):
        # Word adds space before to the previous space after; reportlab takes the larger.
        return _Spec(
            name, size=size, leading=size * 1.22, before=max(before - after, 0),
            after=space_after, bold=True, colour=colour, keep_next=True, keep_lines=True,
            outline=level,
        )  # fmt: skip

    return [
        _Spec("Normal", None, size=s, leading=s * 1.38, before=0, after=after, colour=look.text),
        _Spec("Title", size=scale(24), leading=scale(28.5), after=4, bold=True,
              colour=look.primary, keep_next=True),
        _Spec("Subtitle", size=scale(14), leading=scale(18), after=2, italic=False,
              colour=look.muted, keep_next=True),
        _Spec("Byline", size=small(s - 0.5), leading=s * 1.3, after=0, colour=look.muted,
              keep_next=True),
        heading("Heading 1", s + 5, look.primary, s * 1.3, s * 0.5, 0),
        heading("Heading 2", s + 2.5, look.primary, s * 1.0, s * 0.35, 1),
        heading("Heading 3", s + 1, look.text, s * 0.8, s * 0.25, 2),
        *(_Spec(f"List Number{suffix}", after=s * 0.3) for suffix in ("", " 2", " 3")),
        *(_Spec(f"List Bullet{suffix}", after=s * 0.3) for suffix in ("", " 2", " 3")),
        *(
            _Spec(f"List Continue{suffix}", after=s * 0.3, left=LIST_INDENT * (i + 1))
            for i, suffix in enumerate(("", " 2", " 3"))
        ),
        # The PDF indents the quote 6 mm, draws a 3 pt bar and pads the text 10 pt.
        _Spec("Quote", size=quote_size, leading=quote_size * 1.4, after=s * 0.5, italic=True,
              colour=look.text, left=mm(6) + pt(13), right=pt(4),
              border_left=x.Border(look.accent, size=24, space=10)),
        _Spec("Quote Attribution", "Quote", size=small(s - 0.5), leading=s * 1.38, italic=False,
              colour=look.muted, after=after * 1.4),
        _Spec("Figure", after=0, align="center", single=True),
        _Spec("Caption", size=small(s - 1.5), leading=small(s - 1.5) * 1.3, before=3, after=0,
              bold=False, italic=True, colour=look.muted, align="center"),
        _Spec("Callout Title", size=s + 3, leading=(s + 3) * 1.2, after=0, bold=True,
              colour="FFFFFF", align="center", keep_next=True),
        _Spec("Callout Text", size=s + 2, leading=(s + 2) * 1.3, after=s * 0.4, align="center"),
        _Spec("Callout Info Text", "Callout Text", size=s, leading=s * 1.38, after=s * 0.45,
              align="left"),
        _Spec("Panel Kicker", size=small(s - 1.5), leading=s * 1.1, after=1, bold=True,
              colour=look.muted, caps=True, keep_next=True),
        _Spec("Threat Level", size=scale(28), leading=scale(32), after=2, bold=True,
              colour=look.primary, keep_next=True),
        _Spec("Threat Meaning", size=s + 2, leading=(s + 2) * 1.3, after=1, keep_next=True),
        _Spec("Threat Since", size=small(s - 0.5), leading=s * 1.38, after=2, colour=look.muted,
              keep_next=True),
        _Spec("Threat Scale", size=scale(8.5), after=0, bold=True, align="center", caps=True),
        _Spec("Threat Scale Note", size=scale(7), leading=scale(7) * 1.2, after=0, align="center"),
        _Spec("Statistic Value", size=scale(22), leading=scale(25), after=2, bold=True,
              colour=look.primary),
        _Spec("Statistic Label", leading=s * 1.25, after=3),
        _Spec("Statistic Source", size=small(s - 2.5), leading=small(s - 2.5) * 1.3, after=0,
              colour=look.muted),
        _Spec("Link Label", after=1, bold=True),
        _Spec("Link Text", after=1),
        _Spec("Link Note", size=small(s - 1), leading=small(s - 1) * 1.3, after=0,
              colour=look.muted),
        _Spec("QR Code", after=0, align="right", single=True, gallery=False),
        _Spec("Spacer", size=1, leading=1, before=0, after=0, exact=True, gallery=False),
        _Spec("Header", size=scale(FOOTER_SIZE), after=0, colour=look.muted, gallery=False),
        _Spec("Footer", size=scale(FOOTER_SIZE), after=8.8, colour=look.muted, gallery=False),
        # The space below the marking brings the band's top to 11 mm, as in the PDF.
        _Spec("Marking", "Header", size=scale(MARKING_SIZE), after=5.1, bold=True, colour="000000",
              align="center", gallery=False),
        _Spec("Header Band", "Header", size=scale(13), after=0, bold=True, colour="FFFFFF",
              single=True, gallery=False),
        _Spec("Hyperlink", None, colour=look.primary, character=True, gallery=False),
    ]  # fmt: skip


# ---- the template: styles, numbering, theme and settings, once per brand ---------------

_THEME_FONT_ATTRS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")
_THEME_COLOUR_ATTRS = (
    "themeColor",
    "themeShade",
    "themeTint",
    "themeFill",
    "themeFillShade",
    "themeFillTint",
)
_KEEP_TABLE_STYLES = {"TableNormal", "TableGrid"}
_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def build_template(look: Look) -> bytes:
    """python-docx's default document restyled for the brand, as .docx bytes."""
    word = docx.Document()
    _drop_unused_parts(word)
    styles = word.styles.element
    _defaults(styles, look)
    _detheme(styles, look.family)
    for spec in _specs(look):
        _apply(word, spec, look)
    _numbering(word, look)
    _settings(word)
    _theme_fonts(word, look.family)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _drop_unused_parts(word: WordDocument) -> None:
    """Parts of the default template that would contradict the styles or the content.

    stylesWithEffects is a second, Calibri-based copy of the styles for Word 2010;
    the thumbnail shows a blank page; app.xml names "Microsoft Macintosh Word";
    customXml is unused. Parts no relationship reaches are not saved.
    """
    part = word.part
    for r_id, rel in list(part.rels.items()):
        if rel.reltype in (_STYLES_WITH_EFFECTS, RT.CUSTOM_XML):
            del part.rels[r_id]
    package_rels = part.package.rels
    for r_id, rel in list(package_rels.items()):
        if rel.reltype in (RT.THUMBNAIL, RT.EXTENDED_PROPERTIES):
            del package_rels[r_id]
    # A hundred-odd unused table styles: slower to load and save, never used here.
    for style in styles_of_type(word.styles.element, "table"):
        if style.get(qn("w:styleId")) not in _KEEP_TABLE_STYLES:
            style.getparent().remove(style)


def styles_of_type(styles, kind: str):
    return [el for el in styles.iterchildren(qn("w:style")) if el.get(qn("w:type")) == kind]


def _defaults(styles, look: Look) -> None:
    """docDefaults: the brand font in every script slot, body size, British English."""
    rPr = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    for child in list(rPr):
        rPr.remove(child)
    half_points = round(look.body_size * 2)
    for tag, attrs in (
        ("w:sz", {"val": half_points}),
        ("w:szCs", {"val": half_points}),
        ("w:lang", {"val": "en-GB", "eastAsia": "en-GB", "bidi": "ar-SA"}),
    ):
        x.set_prop(rPr, tag, x.RPR, attrs)
    x.set_fonts(rPr, look.family)
    pPr = styles.find(f"{qn('w:docDefaults')}/{qn('w:pPrDefault')}/{qn('w:pPr')}")
    for child in list(pPr):
        pPr.remove(child)
    x.spacing(pPr, after=0, line=240, rule="auto")


def _detheme(styles, family: str) -> None:
    """Replace theme fonts and theme colours everywhere in styles.xml.

    Theme attributes win over explicit ones in Word, and the default theme is
    Calibri/Cambria in Office blue.
    """
    for fonts in list(styles.iter(qn("w:rFonts"))):
        fonts.getparent().replace(fonts, x.font_element(family))
    for el in styles.iter():
        for attr in _THEME_COLOUR_ATTRS:
            el.attrib.pop(qn(f"w:{attr}"), None)


def _apply(word: WordDocument, spec: _Spec, look: Look) -> None:
    kind = WD_STYLE_TYPE.CHARACTER if spec.character else WD_STYLE_TYPE.PARAGRAPH
    try:
        style = word.styles[spec.name]
    except KeyError:
        style = word.styles.add_style(spec.name, kind)
    if spec.based_on:
        style.base_style = word.styles[spec.based_on]
    if spec.gallery:
        style.quick_style = True
        style.hidden = False
        style.unhide_when_used = False
    el = style.element
    for old in el.findall(qn("w:pPr")) + el.findall(qn("w:rPr")):
        el.remove(old)
    if not spec.character:
        _paragraph_props(el.get_or_add_pPr(), spec, look.body_size)
    _run_props(el.get_or_add_rPr(), spec, look)
    if spec.name == "Hyperlink":
        # A built-in style: marked custom, Word would keep a second "Hyperlink".
        el.attrib.pop(qn("w:customStyle"), None)
        style.unhide_when_used = True
    if spec.name.startswith("Heading"):
        style.next_paragraph_style = word.styles["Normal"]


def _paragraph_props(pPr, spec: _Spec, body_size: float) -> None:
    if spec.keep_next:
        x.keep_next(pPr)
    if spec.keep_lines:
        x.set_prop(pPr, "w:keepLines", x.PPR)
    if spec.border_left:
        x.paragraph_borders(pPr, left=spec.border_left)
    before = None if spec.before is None else pt(spec.before)
    after = None if spec.after is None else pt(spec.after)
    line, rule = None, None  # None: inherit the line spacing
    if spec.exact:
        line, rule = pt(spec.leading or 1), "exact"
    elif spec.single:
        line, rule = 240, "auto"
    elif spec.leading:
        line, rule = round(240 * spec.leading / ((spec.size or body_size) * SINGLE_LINE)), "auto"
    if (before, after, line) != (None, None, None):
        x.spacing(pPr, before=before, after=after, line=line, rule=rule)
    if spec.left is not None or spec.right is not None:
        x.set_prop(pPr, "w:ind", x.PPR, {"left": spec.left or 0, "right": spec.right or 0})
    if spec.align:
        x.set_prop(pPr, "w:jc", x.PPR, {"val": spec.align})
    if spec.outline is not None:
        x.set_prop(pPr, "w:outlineLvl", x.PPR, {"val": spec.outline})


def _run_props(rPr, spec: _Spec, look: Look) -> None:
    x.set_fonts(rPr, look.family)
    for tag, value in (
        ("b", spec.bold),
        ("bCs", spec.bold),
        ("i", spec.italic),
        ("iCs", spec.italic),
    ):
        if value is not None:
            x.set_prop(rPr, f"w:{tag}", x.RPR, None if value else {"val": 0})
    if spec.caps:
        x.set_prop(rPr, "w:caps", x.RPR)
    if spec.colour:
        x.set_prop(rPr, "w:color", x.RPR, {"val": spec.colour})
    if spec.size:
        half_points = round(spec.size * 2)
        x.set_prop(rPr, "w:sz", x.RPR, {"val": half_points})
        x.set_prop(rPr, "w:szCs", x.RPR, {"val": half_points})
    if spec.character and spec.name == "Hyperlink":
        x.set_prop(rPr, "w:u", x.RPR, {"val": "single"})


def _numbering(word: WordDocument, look: Look) -> None:
    """One multi-level definition for numbered lists and one for bullets, linked to
    the List Number / List Bullet styles (level n ↔ "List Number n+1")."""
    numbering = word.part.numbering_part.element
    for child in list(numbering):
        numbering.remove(child)
    ordered = [
        x.ListLevel(
            fmt=("decimal", "lowerLetter", "lowerRoman")[i % 3],
            text=f"%{i + 1}.",
            indent=LIST_INDENT * (i + 1),
            hanging=LIST_INDENT,
            style=STYLE.list_number[i] if i < 3 else None,
        )
        for i in range(9)
    ]
    bullets = [
        # ◆ in the accent colour as in the reference handout; Arial has no ◆, so
        # the bullet asks for Segoe UI Symbol (Windows) and falls back elsewhere.
        x.ListLevel("bullet", "◆", LIST_INDENT, LIST_INDENT, STYLE.list_bullet[0],
                    font="Segoe UI Symbol", colour=look.accent,
                    size=look.scale.at_least(look.body_size * 0.8)),
        *(
            x.ListLevel("bullet", "•" if i % 2 else "–", LIST_INDENT * (i + 1), LIST_INDENT,
                        STYLE.list_bullet[i] if i < 3 else None, font=look.family, colour=look.text)
            for i in range(1, 9)
        ),
    ]  # fmt: skip
    numbering.append(x.abstract_num(STYLE.ordered_abstract_id, 0x2A5B1C01, ordered))
    numbering.append(x.abstract_num(STYLE.bullet_abstract_id, 0x2A5B1C02, bullets))
    numbering.append(x.num(STYLE.ordered_num_id, STYLE.ordered_abstract_id))
    numbering.append(x.num(STYLE.bullet_num_id, STYLE.bullet_abstract_id))
    for level in range(3):
        for style_id, num_id in (
            (STYLE.list_number[level], STYLE.ordered_num_id),
            (STYLE.list_bullet[level], STYLE.bullet_num_id),
        ):
            style = word.styles.element.get_by_id(style_id)
            x.numbering(style.get_or_add_pPr(), num_id, level)


def _settings(word: WordDocument) -> None:
    """British English for the theme fonts; Word 2013+ layout (tables at the margin)."""
    settings = word.settings.element
    for proof in settings.findall(qn("w:proofState")):
        settings.remove(proof)  # "already checked" would hide spelling marks in Word
    for lang in settings.iter(qn("w:themeFontLang")):
        lang.set(qn("w:val"), "en-GB")
        lang.attrib.pop(qn("w:eastAsia"), None)
    for setting in settings.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")


def _theme_fonts(word: WordDocument, family: str) -> None:
    """The theme's heading and body fonts become the brand family too.

    Word offers "+Headings"/"+Body" (theme fonts) for anything new the officer
    types; without this they would still be Cambria and Calibri.
    """
    theme = word.part.part_related_by(RT.THEME)
    # Set through the XML library, never pasted into the bytes: "Gill Sans & Co" is a name.
    theme._blob = x.theme_with_fonts(theme.blob, family)  # python-docx keeps it as bytes


# ---- entry point -----------------------------------------------------------------------


def render_docx(doc: n.Document) -> bytes:
    """The document as the bytes of a .docx file."""
    look = Look.of(doc.brand)
    word = docx.Document(io.BytesIO(_template(look)))
    section = word.sections[0]
    text_width = _set_up_page(section, doc.furniture.page_size)
    writer = _Writer(word, doc.brand, look, text_width, _text_height(section))
    writer.blocks(doc.blocks, writer.body, _Context())
    _close_body(word)
    _header(section, doc.furniture, look, doc.brand)
    _footer(section, doc.furniture, doc.brand)
    _properties(word, doc.furniture)
    x.renumber_drawings([word.element, section.header.part.element, section.footer.part.element])
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _close_body(word: WordDocument) -> None:
    """The body must end with a paragraph; after a closing table, make it 1 pt high
    so it cannot spill onto a page of its own."""
    body = word.element.body
    last = body[-2] if len(body) > 1 else None  # body[-1] is the w:sectPr
    if last is None or last.tag != qn("w:p"):
        word.add_paragraph()
        return
    previous = last.getprevious()
    if previous is not None and previous.tag == qn("w:tbl"):
        _gap(Paragraph(last, word), 1)


@lru_cache(maxsize=8)
def _template(look: Look) -> bytes:
    return build_template(look)


# ---- page, header, footer, properties -------------------------------------------------


def _set_up_page(section: Section, page_size: str) -> int:
    """Page size and margins; returns the text width in twips."""
    width, height = PAGE_SIZES.get(page_size.upper(), PAGE_SIZES["A4"])
    section.page_width, section.page_height = emu(width), emu(height)
    section.left_margin = section.right_margin = emu(MARGIN)
    section.top_margin, section.bottom_margin = emu(FRAME_TOP), emu(FRAME_BOTTOM)
    section.header_distance, section.footer_distance = emu(HEADER_FROM_EDGE), emu(FOOTER_FROM_EDGE)
    section.gutter = Emu(0)
    return width - 2 * MARGIN


def _text_height(section: Section) -> int:
    return round((section.page_height - section.top_margin - section.bottom_margin) / EMU_PER_TWIP)


def _header(section: Section, furniture: n.Furniture, look: Look, brand: Brand) -> None:
    """The marking centred at the top, then the brand band across the whole page."""
    header = section.header
    header.is_linked_to_previous = False
    marking = header.paragraphs[0]
    marking._p.style = STYLE.marking
    # With no marking the empty line still takes its height, so the band never moves.
    if furniture.marking:
        marking.add_run(furniture.marking)
    page_width = round(section.page_width / EMU_PER_TWIP)
    band = header.add_table(1, 2, emu(page_width))
    _band(band, furniture, look, brand, page_width)
    _gap(header.add_paragraph(), 1)  # a story ends with a paragraph, not a table


def _band(table: Table, furniture: n.Furniture, look: Look, brand: Brand, page_width: int):
    """Logo and running header, white on the primary colour, bleeding to the page edges."""
    logo = _logo(brand)
    first = MARGIN + (round(LOGO_HEIGHT * logo[1]) + mm(4) if logo else 0)
    widths = [first, page_width - first]
    tbl = table._tbl
    x.table_props(tbl, page_width, borders=_NO_BORDERS, cell_margins=(0, 0, 0, 0))
    # A negative indent moves the table into the left margin, to the page edge.
    x.set_prop(tbl.tblPr, "w:tblInd", x.TBLPR, {"w": -MARGIN, "type": "dxa"})
    x.column_widths(tbl, widths)
    tbl.tr_lst[0].get_or_add_trPr().append(
        x.element("w:trHeight", {"val": BAND_HEIGHT, "hRule": "exact"})
    )
    logo_cell, text_cell = table.rows[0].cells
    x.cell_props(logo_cell._tc, fill=look.primary, margins=(0, MARGIN, 0, 0), valign="center")
    x.cell_props(text_cell._tc, fill=look.primary, margins=(0, 0, 0, MARGIN), valign="center")
    for cell in (logo_cell, text_cell):
        cell.paragraphs[0]._p.style = STYLE.band
    if logo:
        run = logo_cell.paragraphs[0].add_run()
        run.add_picture(io.BytesIO(logo[0]), height=emu(LOGO_HEIGHT))
        x.set_alt_text(run, furniture.logo_alt)
    text = " ".join(furniture.header_text.split())  # one line in the band
    if text:
        run = text_cell.paragraphs[0].add_run(text)
        scale = TypeScale.of(brand)
        band = scale(13)
        size = _fit(text, brand.font_path("bold"), band, (widths[1] - MARGIN) / 20, scale(8))
        if size != band:
            run.font.size = Pt(round(size * 2) / 2)


def _footer(section: Section, furniture: n.Furniture, brand: Brand) -> None:
    """A hairline, the footer line and the page number (with fields), then the marking."""
    footer = section.footer
    footer.is_linked_to_previous = False
    width = round((section.page_width - section.left_margin - section.right_margin) / EMU_PER_TWIP)
    info = footer.paragraphs[0]
    info._p.style = STYLE.footer
    pPr = x.ppr(info)
    x.paragraph_borders(pPr, top=x.Border(RULE, size=5, space=4))
    x.tab_stops(pPr, [("right", width)])
    scale = TypeScale.of(brand)
    font, size = brand.font_path("regular"), scale(FOOTER_SIZE)
    # Leave room at the right for the widest page number, as the PDF does.
    widest = furniture.widest_page_number()
    room = width / 20 - text_width_pt(widest, str(font), size) - FOOTER_GAP_PT
    left, fitted = _footer_line(furniture, font, size, room, scale(FOOTER_MIN_SIZE))
    if left:
        run = info.add_run(left)
        if fitted != size:
            run.font.size = Pt(round(fitted * 2) / 2)
    info.add_run("\t")
    _page_number(info, furniture.page_number)
    marking = footer.add_paragraph()
    marking._p.style = STYLE.marking
    x.spacing(x.ppr(marking), before=0, after=0)
    if furniture.marking:
        marking.add_run(furniture.marking)


_PAGE_FIELDS = {"page": "PAGE", "pages": "NUMPAGES"}


def _page_number(p: Paragraph, wording: str) -> None:
    """The furniture's page number wording ("Page {page} of {pages}") with Word fields in
    place of {page} and {pages}, so Word counts the pages as the officer edits."""
    for literal, name, _spec, _conversion in string.Formatter().parse(wording):
        if literal:
            p.add_run(literal)
        if name in _PAGE_FIELDS:
            x.add_field(p, _PAGE_FIELDS[name], "1")


def _footer_line(
    furniture: n.Furniture, font: Path, size: float, room_pt: float, minimum: float
) -> tuple[str, float]:
    """The footer line (its words and the date) beside the page number: shrunk to a readable
    minimum, then the words (never the date) cut with '…', as the PDF does. A line that
    wrapped would push the page number under it."""
    full = furniture.footer_line()
    if not full:
        return "", size
    size = _fit(full, font, size, room_pt, minimum)
    if text_width_pt(full, str(font), size) <= room_pt:
        return full, size
    if not furniture.footer_text.strip():  # the date alone: cut it rather than wrap
        return _shorten(full, lambda head: text_width_pt(head, str(font), size) <= room_pt), size

    def fits(head: str) -> bool:
        return text_width_pt(furniture.footer_line(head), str(font), size) <= room_pt

    words = " ".join(furniture.footer_text.split())
    return furniture.footer_line(_shorten(words, fits)), size


def _shorten(text: str, fits: Callable[[str], bool]) -> str:
    """The longest start of `text` that `fits` with '…' after it, cut between words when a
    boundary is near; a binary search, as pdf_page.shorten (kept apart so that writing a
    DOCX does not load reportlab)."""
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if fits(text[:middle].rstrip(" ,;:·–—-") + "…"):
            low = middle
        else:
            high = middle - 1
    space = text.rfind(" ", 0, low + 1)
    return text[: space if space > low // 2 else low].rstrip(" ,;:·–—-") + "…"


def _fit(text: str, font: Path, size: float, room_pt: float, minimum: float) -> float:
    """Shrink a one-line text until it fits its room (down to a readable minimum)."""
    natural = text_width_pt(text, str(font), size)
    return size if natural <= room_pt else max(minimum, size * room_pt / natural)


def _logo(brand: Brand) -> tuple[bytes, float] | None:
    """The brand logo's bytes and width/height ratio; None if it has none or it is missing.

    The logo is read through the file gate: one that is there but is not a whole PNG, JPEG
    or GIF of a sane size is refused in one line naming the brand file and "logo".
    """
    try:
        path = brand.logo_path
    except BriefpackError:
        return None  # a missing logo file should not stop the officer's document
    if path is None:
        return None
    try:  # keyed on the file's state: an edited logo is read again
        info = path.stat()
        key = (info.st_mtime_ns, info.st_size)
    except OSError:
        key = (0, 0)  # the gate reports it, in one line
    return _read_logo(str(path), str(brand_file_of(brand.folder, brand.id)), *key)


@lru_cache(maxsize=8)
def _read_logo(path: str, brand_file: str, _mtime_ns: int, _size: int) -> tuple[bytes, float]:
    logo = brand_logo(path, brand_file)
    width, height = logo.size
    return logo.data, width / height  # PNG, JPEG or GIF: Word takes them as they are


def _properties(word: WordDocument, furniture: n.Furniture) -> None:
    """Core properties: title, author, subject, keywords, language (Word caps each at 255)."""
    props = word.core_properties

    def clip(text: str) -> str:
        return " ".join(text.split())[:255]

    props.title = clip(furniture.title)
    props.subject = clip(furniture.subject)
    props.author = clip(furniture.author)
    props.last_modified_by = clip(furniture.author)
    props.keywords = clip("; ".join(furniture.keywords))
    props.language = clip(furniture.language or "en-GB")
    props.comments = ""
    props.revision = 1
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    props.created = props.modified = now


# ---- the walk --------------------------------------------------------------------------

_NO_BORDERS: dict[str, x.Border | None] = dict.fromkeys(x.BORDER_SIDES)


@dataclass(frozen=True)
class _Context:
    """Where blocks are being written: the style for plain paragraphs, the list depth."""

    style: str = STYLE.normal
    list_level: int = -1  # -1 outside lists, 0 in a top-level list, …


class _Flow:
    """Somewhere blocks can go: the document body or a table cell.

    A new cell already holds one empty paragraph; it is used for the first
    paragraph written, or removed if the cell starts with a table. `written`
    logs the paragraphs made here, for blocks that style their whole run.
    """

    def __init__(self, container: WordDocument | _Cell, width: int, fresh: Paragraph | None = None):
        self.container = container
        self.width = width  # twips available for content
        self._fresh = fresh
        self.written: list[Paragraph] = []
        self._end = _BodyEnd(container) if isinstance(container, WordDocument) else None

    @classmethod
    def cell(cls, cell: _Cell, width: int) -> _Flow:
        return cls(cell, width, cell.paragraphs[0])

    @property
    def is_cell(self) -> bool:
        return isinstance(self.container, _Cell)

    def paragraph(self, style: str = STYLE.normal) -> Paragraph:
        if self._fresh is not None:
            p, self._fresh = self._fresh, None
        elif self._end is not None:
            p = self._end.paragraph()
        else:
            p = self.container.add_paragraph()
        if style != STYLE.normal:
            p._p.style = style
        self.written.append(p)
        return p

    def table(self, rows: int, cols: int, gap_after: float) -> Table:
        """A table, then a small paragraph that makes the space after it.

        That paragraph also stops Word from merging two tables that follow each
        other, and is the paragraph a cell has to end with.
        """
        if isinstance(self.container, _Cell):
            if self._fresh is not None:
                self._fresh._p.getparent().remove(self._fresh._p)
                self._fresh = None
            table = self.container.add_table(rows, cols)  # adds the closing paragraph
            gap = Paragraph(table._tbl.getnext(), self.container)
        else:
            assert self._end is not None
            table = self._end.table(rows, cols)
            gap = self._end.paragraph()
        _gap(gap, gap_after)
        return table

    def last_paragraph(self) -> CT_P | None:
        if self.is_cell:
            paragraphs = self.container._tc.p_lst
            return paragraphs[-1] if paragraphs else None
        return self.written[-1]._p if self.written else None


class _BodyEnd:
    """Appends paragraphs and tables to the document body in constant time.

    python-docx's `Document.add_paragraph` and `add_table` look for the body's
    closing w:sectPr among all its children on every call, and `add_table` also
    reads the last section's width with an XPath over the whole document: both
    made a long render quadratic. The result here is the same elements in the
    same place (before the w:sectPr), with the sectPr and width looked up once.
    """

    def __init__(self, word: WordDocument):
        self._parent = word._body
        self._body = word.element.body
        self._sect_pr = self._body.sectPr
        self._width = word._block_width

    def _append(self, element) -> None:
        if self._sect_pr is not None:
            self._sect_pr.addprevious(element)
        else:
            self._body.append(element)

    def paragraph(self) -> Paragraph:
        p = OxmlElement("w:p")
        self._append(p)
        return Paragraph(p, self._parent)

    def table(self, rows: int, cols: int) -> Table:
        tbl = CT_Tbl.new_tbl(rows, cols, self._width)
        self._append(tbl)
        table = Table(tbl, self._parent)
        table.style = None  # as Document.add_table does: the default table style
        return table


def _gap(p: Paragraph, height_pt: float) -> None:
    """An empty paragraph exactly `height_pt` high: vertical space around tables."""
    p._p.style = STYLE.gap
    x.spacing(x.ppr(p), before=0, after=0, line=max(pt(height_pt), 20), rule="exact")


class _Writer:
    """Writes nodes into flows; one instance per render."""

    def __init__(
        self, word: WordDocument, brand: Brand, look: Look, text_width: int, text_height: int
    ):
        self.word = word
        self.brand = brand
        self.look = look
        self.body = _Flow(word, text_width)
        self.text_height = text_height
        self._numbering = word.part.numbering_part.element
        # Counters and indexes that python-docx would recompute by scanning the
        # whole document (or its numbering or relationships) on every call.
        self._num_ids = {int(num.numId) for num in self._numbering.num_lst}
        self._next_num_id = 1
        self._num_anchor = self._numbering.find(qn("w:numIdMacAtCleanup"))
        self._links = x.ExternalLinks(word.part)
        self._images: dict[str, tuple[str, object]] = {}
        self._shape_id = 0  # wp:docPr ids; renumber_drawings makes them document-wide
        self._source_size = next(s.size for s in _specs(look) if s.name == "Statistic Source")
        self._regular = str(brand.font_path("regular"))  # measured with, for the source lines
        self._dispatch: dict[type, Callable[[object, _Flow, _Context], None]] = {
            n.SectionStart: lambda _node, _flow, _ctx: None,  # Word needs no section places
            n.Title: self.title,
            n.Heading: self.heading,
            n.Paragraph: self.paragraph,
            n.ListBlock: self.list_block,
            n.ThreatPanel: self.threat_panel,
            n.StatGrid: self.stat_grid,
            n.Callout: self.callout,
            n.Quote: self.quote,
            n.Links: self.links,
            n.Image: self.image,
            n.PageBreak: self.page_break,
        }

    def blocks(self, blocks: Iterable[n.Block], flow: _Flow, ctx: _Context) -> None:
        previous = None
        for block in blocks:
            if isinstance(block, n.PageBreak) and isinstance(previous, n.PageBreak):
                continue  # a run of page breaks is one, as in the PDF (the Checks warn)
            if not isinstance(block, n.SectionStart):  # it takes no room between two breaks
                previous = block
            self._dispatch[type(block)](block, flow, ctx)

    # ---- inline ------------------------------------------------------------------------

    def inlines(
        self,
        p: Paragraph,
        inlines: Iterable[n.Inline],
        *,
        bold: bool = False,
        italic: bool = False,
        link=None,
    ) -> None:
        for node in inlines:
            if isinstance(node, n.Text):
                self.text(
                    p, node.text, bold=bold or node.bold, italic=italic or node.italic, link=link
                )
            elif isinstance(node, n.LineBreak):
                run = x.link_run(link, p, "") if link is not None else p.add_run()
                run.add_break()
            elif link is None and node.children and node.url.lower().startswith(SAFE_SCHEMES):
                target = x.add_hyperlink(p, node.url, self._links)
                self.inlines(p, node.children, bold=bold, italic=italic, link=target)
            else:  # an unsafe scheme or a link inside a link: keep the words only
                self.inlines(p, node.children, bold=bold, italic=italic, link=link)

    def text(
        self, p: Paragraph, text: str, *, bold: bool = False, italic: bool = False, link=None
    ) -> Run:
        if link is not None:
            run = x.link_run(link, p, text)
            run._r.style = STYLE.hyperlink
        else:
            run = p.add_run(text)
        if bold:
            run.bold = True
        if italic:
            run.italic = True
        return run

    def link(self, p: Paragraph, url: str, shown: str, *, bold: bool = False) -> None:
        if url.lower().startswith(SAFE_SCHEMES):
            self.text(p, shown, bold=bold, link=x.add_hyperlink(p, url, self._links))
        else:
            self.text(p, shown, bold=bold)

    def picture(self, run: Run, data: bytes, width: Emu, height: Emu) -> None:
        """`run.add_picture`, without its per-call scans of the document.

        python-docx numbers each picture by the largest id in the whole story
        (an XPath over every element) and finds its image part and relationship
        by scanning all of them; here the same image bytes map to the same
        (rId, image) once embedded, and the shape ids come from a counter
        (`renumber_drawings` rewrites them document-wide at the end anyway).
        """
        key = hashlib.sha1(data).hexdigest()
        found = self._images.get(key)
        if found is None:
            found = self.word.part.get_or_add_image(io.BytesIO(data))
            self._images[key] = found
        r_id, image = found
        cx, cy = image.scaled_dimensions(width, height)
        self._shape_id += 1
        run._r.add_drawing(CT_Inline.new_pic_inline(self._shape_id, r_id, image.filename, cx, cy))

    # ---- simple blocks -------------------------------------------------------------------

    def title(self, node: n.Title, flow: _Flow, ctx: _Context) -> None:
        last = flow.paragraph(STYLE.title)
        self.text(last, node.title)
        if node.subtitle:
            last = flow.paragraph(STYLE.subtitle)
            self.text(last, node.subtitle)
        if node.byline:
            last = flow.paragraph(STYLE.byline)
            self.text(last, node.byline)
        # The accent rule under the title block (the PDF's HRFlowable: 6 pt above, 10 below).
        pPr = x.ppr(last)
        x.paragraph_borders(pPr, bottom=x.Border(self.look.accent, size=12, space=6))
        x.spacing(pPr, after=pt(10))

    def heading(self, node: n.Heading, flow: _Flow, ctx: _Context) -> None:
        style = STYLE.headings[min(max(node.level, 1), 3) - 1]
        self.inlines(flow.paragraph(style), node.inlines)

    def paragraph(self, node: n.Paragraph, flow: _Flow, ctx: _Context) -> None:
        self.inlines(flow.paragraph(ctx.style), node.inlines)

    def page_break(self, node: n.PageBreak, flow: _Flow, ctx: _Context) -> None:
        if flow.is_cell:
            return  # a page break inside a box would only split the box
        p = flow.paragraph()
        _gap(p, 1)
        x.page_break_run(p)

    # ---- lists ---------------------------------------------------------------------------

    def list_block(self, node: n.ListBlock, flow: _Flow, ctx: _Context) -> None:
        level = min(ctx.list_level + 1, 8)
        if node.ordered:
            num_id = self._restarted_list(level, node.start)
            style = STYLE.list_number[min(level, 2)]
        else:
            num_id = STYLE.bullet_num_id
            style = STYLE.list_bullet[min(level, 2)]
        inner = replace(ctx, list_level=level)
        for item in node.items:
            self._list_item(item, flow, inner, style, num_id)
        last = flow.last_paragraph()
        if level == 0 and last is not None:
            # The list as a whole is followed by the body's space, not the items' tighter one.
            x.spacing(last.get_or_add_pPr(), after=pt(self.look.body_after))

    def _restarted_list(self, level: int, start: int) -> int:
        """A new w:num for one numbered list, so that every list counts from its own start.

        All numbered lists share the "List Number" definition; the startOverride
        is what makes Word and LibreOffice restart rather than carry on counting.
        """
        while self._next_num_id in self._num_ids:  # the lowest free id, as python-docx picks
            self._next_num_id += 1
        num_id = self._next_num_id
        self._num_ids.add(num_id)
        num = CT_Num.new(num_id, STYLE.ordered_abstract_id)
        if self._num_anchor is not None:
            self._num_anchor.addprevious(num)
        else:
            self._numbering.append(num)
        num.add_lvlOverride(ilvl=level).add_startOverride(max(start, 0))
        return int(num.numId)

    def _list_item(self, item: n.ListItem, flow: _Flow, ctx: _Context, style: str, num_id: int):
        first = flow.paragraph(style)
        x.numbering(x.ppr(first), num_id, ctx.list_level)
        blocks = list(item.blocks)
        if blocks and isinstance(blocks[0], n.Paragraph):
            self.inlines(first, blocks.pop(0).inlines)
        # Further paragraphs of the item line up with its text, unnumbered.
        self.blocks(blocks, flow, replace(ctx, style=STYLE.list_continue[min(ctx.list_level, 2)]))

    # ---- threat panel -----------------------------------------------------------------------

    def threat_panel(self, node: n.ThreatPanel, flow: _Flow, ctx: _Context) -> None:
        look = self.look
        cell = self._panel(flow, look.panel, stripe=look.primary, gap_after=look.body_after * 1.5)
        if node.title:
            self.text(cell.paragraph(STYLE.kicker), node.title)
        self.text(cell.paragraph(STYLE.threat_level), node.name)
        if node.meaning_line:
            self.inlines(cell.paragraph(STYLE.threat_meaning), node.meaning_line)
        if node.since_line:
            self.text(cell.paragraph(STYLE.threat_since), node.since_line)
        if node.scale:
            self._threat_scale(node.scale, cell)
        if node.ni_line:
            self.inlines(cell.paragraph(), node.ni_line)
        self.blocks(node.note, cell, _Context())
        _end_box(cell)

    def _threat_scale(self, steps: tuple[n.ThreatScaleStep, ...], cell: _Flow) -> None:
        """LOW … CRITICAL as a row of boxes; the current one bold, outlined and marked."""
        gap = pt(3)
        step_w = (cell.width - gap * (len(steps) - 1)) // len(steps)
        widths = [w for i in range(len(steps)) for w in ((gap, step_w) if i else (step_w,))]
        _gap(cell.paragraph(), 6)
        table = cell.table(2, len(widths), gap_after=6)
        tbl = table._tbl
        x.table_props(tbl, sum(widths), borders=_NO_BORDERS, cell_margins=(0, 0, 0, 0))
        x.column_widths(tbl, widths)
        boxes = tbl.tr_lst[0]
        boxes.get_or_add_trPr().append(x.element("w:trHeight", {"val": pt(30), "hRule": "atLeast"}))
        box_cells, meaning_cells = table.rows[0].cells, table.rows[1].cells
        for i, step in enumerate(steps):
            self._scale_step(step, box_cells[2 * i], meaning_cells[2 * i])
        for i in range(1, len(widths), 2):
            _gap(box_cells[i].paragraphs[0], 1)
            _gap(meaning_cells[i].paragraphs[0], 1)

    def _scale_step(self, step: n.ThreatScaleStep, box: _Cell, meaning: _Cell) -> None:
        borders = None
        if step.current:
            borders = dict.fromkeys(
                ("top", "left", "bottom", "right"), x.Border(self.look.text, size=20)
            )
        fill = step_fills_hex(self.look.body_size).get(step.rank, "D9D9D9")
        x.cell_props(box._tc, fill=fill, borders=borders, margins=(0, 40, 0, 40), valign="center")
        p = box.paragraphs[0]
        p._p.style = STYLE.threat_scale
        run = self.text(p, step.name)
        run.font.color.rgb = RGBColor.from_string(STEP_INK.get(step.rank, "000000"))
        if step.current:
            run.font.size = Pt(self.look.scale(11.5))
        x.cell_props(meaning._tc, margins=(pt(3), 20, 0, 20))
        p = meaning.paragraphs[0]
        p._p.style = STYLE.threat_scale_note
        if step.marker:
            # Words and a shape, so "current" never depends on colour alone. The ▲ points up
            # at the step's box (the PDF draws a ▼ above it): a shape, not wording.
            self.text(p, f"▲ {step.marker}", bold=True).add_break()
        self.text(p, step.meaning, bold=step.current)

    # ---- statistics -------------------------------------------------------------------------

    def stat_grid(self, node: n.StatGrid, flow: _Flow, ctx: _Context) -> None:
        """Tiles three to a row, then the chart: kept on one page where they fit."""
        chart = node.chart if node.chart and node.chart.bars else None
        if node.tiles:
            self._tiles(node.tiles, flow, with_chart=chart is not None)
        if chart is not None:
            self._chart(chart, flow)

    def _tiles(self, tiles: tuple[n.StatTile, ...], flow: _Flow, *, with_chart: bool) -> None:
        tile_w = (flow.width - TILE_GAP * (STAT_COLUMNS - 1)) // STAT_COLUMNS
        widths = [tile_w, TILE_GAP] * (STAT_COLUMNS - 1) + [tile_w]
        tile_rows = -(-len(tiles) // STAT_COLUMNS)
        gap_after = 8 if with_chart else self.look.body_after * 1.5
        table = flow.table(2 * tile_rows - 1, len(widths), gap_after=gap_after)
        tbl = table._tbl
        x.table_props(tbl, sum(widths), borders=_NO_BORDERS, cell_margins=(0, 0, 0, 0))
        x.column_widths(tbl, widths)
        for r, (row, tr) in enumerate(zip(table.rows, tbl.tr_lst, strict=True)):
            x.cant_split(tr)
            if r % 2:  # the gap between two rows of tiles
                tr.get_or_add_trPr().append(
                    x.element("w:trHeight", {"val": TILE_GAP, "hRule": "exact"})
                )
            for col, c in enumerate(row.cells):
                index = (r // 2) * STAT_COLUMNS + col // 2
                if r % 2 or col % 2 or index >= len(tiles):
                    _gap(c.paragraphs[0], 1)
                else:
                    self._tile(tiles[index], c, tile_w)
        _keep_rows_together(tbl, include_last=with_chart)
        if with_chart:
            x.keep_next(tbl.getnext().get_or_add_pPr())

    def _tile(self, tile: n.StatTile, cell: _Cell, width: int) -> None:
        look = self.look
        x.cell_props(
            cell._tc,
            fill=look.panel,
            borders={"top": x.Border(look.primary, size=20)},
            margins=(pt(8), pt(9), pt(9), pt(9)),
        )
        flow = _Flow.cell(cell, width - pt(18))
        self.text(flow.paragraph(STYLE.stat_value), tile.value)
        self.text(flow.paragraph(STYLE.stat_label), tile.label)
        for line in self._source_lines(tile, flow.width / 20):
            self.text(flow.paragraph(STYLE.stat_source), line)
        _end_box(flow)

    def _source_lines(self, tile: n.StatTile, room_pt: float) -> tuple[str, ...]:
        """The source line on one line when it fits, else as two (the date on its own),
        as the PDF does: Word would otherwise break the date in two."""
        line = tile.source_line
        if not line or text_width_pt(line, self._regular, self._source_size) <= room_pt:
            return (line,) if line else ()
        return tile.source_lines or (line,)

    def _chart(self, chart: n.BarChart, flow: _Flow) -> None:
        look = self.look
        style = ChartStyle(
            bar=f"#{look.primary}",
            ink=f"#{look.text}",
            muted=f"#{look.muted}",
            regular_font=str(self.brand.font_path("regular")),
            bold_font=str(self.brand.font_path("bold")),
            size_pt=look.body_size - 1,
        )
        # Taller than a page, Word would clip it: parts of whole rows, "… (continued)".
        room = self.text_height / 20 - look.body_after * 1.5 - 12
        for part, picture in bar_chart_pngs(chart, flow.width / 20, style, room):
            p = flow.paragraph(STYLE.figure)
            x.spacing(x.ppr(p), after=pt(look.body_after * 1.5))
            run = p.add_run()
            self.picture(run, picture.png, emu(pt(picture.width_pt)), emu(pt(picture.height_pt)))
            x.set_alt_text(run, part.alt)

    # ---- call-out and quote -------------------------------------------------------------------

    def callout(self, node: n.Callout, flow: _Flow, ctx: _Context) -> None:
        """A box in the accent (alert) or primary (info) colour with a solid title bar."""
        if not node.title and not node.blocks:
            return
        alert = node.style != "info"
        look = self.look
        colour = look.accent if alert else look.primary
        rows = int(bool(node.title)) + int(bool(node.blocks))
        table = flow.table(rows, 1, gap_after=look.body_after * 1.6)
        tbl = table._tbl
        line = x.Border(colour, size=16)
        box = {
            "top": line,
            "left": line,
            "bottom": line,
            "right": line,
            "insideH": None,
            "insideV": None,
        }
        x.table_props(tbl, flow.width, borders=box)
        x.column_widths(tbl, [flow.width])
        cells = [row.cells[0] for row in table.rows]
        inner = flow.width - pt(24)
        if node.title:
            title = cells.pop(0)
            x.cell_props(title._tc, fill=colour, margins=(pt(7), pt(12), pt(7), pt(12)))
            self.text(_Flow.cell(title, inner).paragraph(STYLE.callout_title), node.title)
        if node.blocks:
            body_cell = cells[0]
            fill = None if alert else look.panel
            x.cell_props(body_cell._tc, fill=fill, margins=(pt(9), pt(12), pt(7), pt(12)))
            body = _Flow.cell(body_cell, inner)
            self.blocks(
                node.blocks, body, _Context(STYLE.callout_text if alert else STYLE.callout_info)
            )
            _end_box(body)
        for tr in tbl.tr_lst:
            x.cant_split(tr)
        _keep_rows_together(tbl)

    def quote(self, node: n.Quote, flow: _Flow, ctx: _Context) -> None:
        """Quote-styled paragraphs (an accent bar at the left), then the attribution."""
        start = len(flow.written)
        self.blocks(node.blocks, flow, _Context(STYLE.quote))
        if node.attribution:
            self.text(flow.paragraph(STYLE.quote_attribution), node.attribution)
        written = flow.written[start:]
        for p in written[:-1]:  # a quote and its speaker stay together
            x.keep_next(x.ppr(p))
        if written and not node.attribution:
            x.spacing(x.ppr(written[-1]), after=pt(self.look.body_after * 1.4))

    # ---- links ---------------------------------------------------------------------------------

    def links(self, node: n.Links, flow: _Flow, ctx: _Context) -> None:
        """Label, address, phone and note per entry; a QR code beside each web address."""
        if not node.entries:
            return
        with_qr = any(has_qr(e) for e in node.entries)
        qr_col = QR_SIZE + pt(10) if with_qr else 0
        widths = [flow.width - qr_col, qr_col] if with_qr else [flow.width]
        table = flow.table(len(node.entries), len(widths), gap_after=self.look.body_after)
        tbl = table._tbl
        x.table_props(tbl, flow.width, borders=_NO_BORDERS, cell_margins=(pt(6), 0, pt(7), 0))
        x.column_widths(tbl, widths)
        # A rule under every entry but the last (not insideH, which LibreOffice
        # repeats at the top of a page when the table breaks).
        rule = {"bottom": x.Border(RULE, size=4)}
        last = len(node.entries) - 1
        for i, (entry, row, tr) in enumerate(
            zip(node.entries, table.rows, tbl.tr_lst, strict=True)
        ):
            x.cant_split(tr)
            cells = row.cells
            if i < last:
                for c in cells:
                    x.cell_props(c._tc, borders=rule)
            self._link_entry(entry, _Flow.cell(cells[0], widths[0]))
            if with_qr:
                self._qr(entry, cells[1])

    def _link_entry(self, entry: n.LinkEntry, cell: _Flow) -> None:
        self.text(cell.paragraph(STYLE.link_label), entry.label)
        if entry.url:
            self.link(cell.paragraph(STYLE.link_text), entry.url, entry.shown_url or entry.url)
        if entry.phone_line:
            self.inlines(cell.paragraph(STYLE.link_text), entry.phone_line)
        if entry.note:
            self.text(cell.paragraph(STYLE.link_note), entry.note)
        _end_box(cell)

    def _qr(self, entry: n.LinkEntry, cell: _Cell) -> None:
        p = cell.paragraphs[0]
        p._p.style = STYLE.qr
        if not has_qr(entry):
            return
        run = p.add_run()
        self.picture(run, qr_png(entry.url), emu(QR_SIZE), emu(QR_SIZE))
        x.set_alt_text(run, entry.qr_alt)

    # ---- images --------------------------------------------------------------------------------

    def image(self, node: n.Image, flow: _Flow, ctx: _Context) -> None:
        """The picture fitted to the text width and page height, centred, with its caption."""
        width, height = self._image_size(node, flow.width)
        p = flow.paragraph(STYLE.figure)
        run = p.add_run()
        try:
            self.picture(run, _word_image(node.data), emu(width), emu(height))
        except (UnrecognizedImageError, OSError, ValueError):
            self.text(p, node.stand_in, italic=True)  # unreadable: keep its words
        else:
            x.set_alt_text(run, node.alt)
        last = p
        if node.caption:
            x.keep_next(x.ppr(p))
            last = flow.paragraph(STYLE.caption)
            self.text(last, node.caption)
        x.spacing(x.ppr(last), after=pt(self.look.body_after))

    def _image_size(self, node: n.Image, text_width: int) -> tuple[int, int]:
        """Twips: width_mm, else the pixels at 96 dpi; never wider than the text or
        taller than the page leaves room for (the PDF's rule)."""
        natural = mm(node.width_mm) if node.width_mm else node.width_px * 15
        ratio = node.height_px / node.width_px if node.width_px and node.height_px else 1.0
        width = min(max(natural, 20), text_width)
        height = round(width * ratio)
        max_height = self.text_height - (pt(40) if node.caption else 0) - pt(12)
        if height > max_height:
            height = max_height
            width = max(round(height / ratio), 20)
        return width, height

    # ---- boxes ---------------------------------------------------------------------------------

    def _panel(self, flow: _Flow, fill: str, *, stripe: str, gap_after: float) -> _Flow:
        """A one-cell shaded panel with a thick stripe down its left, kept on one page."""
        table = flow.table(1, 1, gap_after=gap_after)
        tbl = table._tbl
        borders = {**_NO_BORDERS, "left": x.Border(stripe, size=32)}
        x.table_props(tbl, flow.width, borders=borders)
        x.column_widths(tbl, [flow.width])
        x.cant_split(tbl.tr_lst[0])
        cell = table.rows[0].cells[0]
        x.cell_props(cell._tc, fill=fill, margins=(pt(10), pt(12), pt(8), pt(12)))
        return _Flow.cell(cell, flow.width - pt(24))


# ---- helpers ----------------------------------------------------------------------------------


def _keep_rows_together(tbl, *, include_last: bool = False) -> None:
    """Keep-with-next on the paragraphs of each row: Word's way to keep a table on one page."""
    for tr in tbl.tr_lst if include_last else tbl.tr_lst[:-1]:
        for p in tr.iter(qn("w:p")):
            x.keep_next(p.get_or_add_pPr())


def _end_box(flow: _Flow) -> None:
    """No space after the last paragraph in a box: the cell's padding is the space."""
    last = flow.last_paragraph()
    if last is None:
        return
    pPr = last.get_or_add_pPr()
    if pPr.pStyle is None or pPr.pStyle.val != STYLE.gap:
        x.spacing(pPr, after=0)


def _word_image(data: bytes) -> bytes:
    """Bytes python-docx can embed: PNG, JPEG and GIF as they are, anything else as PNG."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" or data[:3] == b"\xff\xd8\xff" or data[:4] == b"GIF8":
        return data
    from PIL import Image as PILImage

    # Only the plugins the file gate allows: no other decoder ever sees a user's file.
    with PILImage.open(io.BytesIO(data), formats=list(IMAGE_FORMATS)) as img:
        out = io.BytesIO()
        img.save(out, format="PNG")
    return out.getvalue()
