"""The DOCX template: styles, list numbering, theme and settings, set up once per look.

python-docx's default document, restyled from the design and kept as bytes (cached in
writer.py); each render opens it and only writes content.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import docx
from docx.document import Document as WordDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

from briefpack.render.design import Design
from briefpack.render.docx import ooxml as x
from briefpack.render.docx.styles import AUTO, STYLE, WordStyle, list_indent, word_styles
from briefpack.render.docx.units import half_points, twips

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
LIST_LEVELS = 9  # Word's


@dataclass(frozen=True)
class WordLook:
    """What the template is made from: hashable, so the template can be cached."""

    family: str  # the font Word is asked for
    design: Design
    footer_after: float  # see page.py: where the furniture's lines fall
    marking_after: float


def build_template(look: WordLook) -> bytes:
    """python-docx's default document restyled for the look, as .docx bytes."""
    word = docx.Document()
    _drop_unused_parts(word)
    styles = word.styles.element
    _defaults(styles, look)
    _detheme(styles, look.family)
    for spec in word_styles(look.design, look.footer_after, look.marking_after):
        _apply(word, spec, look.family)
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


def _defaults(styles, look: WordLook) -> None:
    """docDefaults: the brand font in every script slot, body size, British English."""
    rPr = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    for child in list(rPr):
        rPr.remove(child)
    size = half_points(look.design.styles.body.size)
    for tag, attrs in (
        ("w:sz", {"val": size}),
        ("w:szCs", {"val": size}),
        # British English for Latin and East Asian slots; right-to-left text (Arabic,
        # Urdu names) keeps Word's own default language for complex scripts.
        ("w:lang", {"val": "en-GB", "eastAsia": "en-GB", "bidi": "ar-SA"}),
    ):
        x.set_prop(rPr, tag, x.RPR, attrs)
    x.set_fonts(rPr, look.family)
    pPr = styles.find(f"{qn('w:docDefaults')}/{qn('w:pPrDefault')}/{qn('w:pPr')}")
    for child in list(pPr):
        pPr.remove(child)
    x.spacing(pPr, after=0, line=AUTO, rule="auto")


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


def _apply(word: WordDocument, spec: WordStyle, family: str) -> None:
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
        _paragraph_props(el.get_or_add_pPr(), spec)
    _run_props(el.get_or_add_rPr(), spec, family)
    if spec.name == "Hyperlink":
        # A built-in style: marked custom, Word would keep a second "Hyperlink".
        el.attrib.pop(qn("w:customStyle"), None)
        style.unhide_when_used = True
    if spec.name.startswith("Heading"):
        style.next_paragraph_style = word.styles["Normal"]


def _paragraph_props(pPr, spec: WordStyle) -> None:
    if spec.keep_next:
        x.keep_next(pPr)
    if spec.keep_lines:
        x.set_prop(pPr, "w:keepLines", x.PPR)
    if spec.border_left:
        x.paragraph_borders(pPr, left=spec.border_left)
    before = None if spec.before is None else twips(spec.before)
    after = None if spec.after is None else twips(spec.after)
    line, rule = None, None  # None: inherit the line spacing
    if spec.exact:
        line, rule = spec.line, "exact"
    elif spec.single:
        line, rule = AUTO, "auto"
    elif spec.line is not None:
        line, rule = spec.line, "auto"
    if (before, after, line) != (None, None, None):
        x.spacing(pPr, before=before, after=after, line=line, rule=rule)
    if spec.left is not None or spec.right is not None:
        x.set_prop(pPr, "w:ind", x.PPR, {"left": spec.left or 0, "right": spec.right or 0})
    if spec.align:
        x.set_prop(pPr, "w:jc", x.PPR, {"val": spec.align})
    if spec.outline is not None:
        x.set_prop(pPr, "w:outlineLvl", x.PPR, {"val": spec.outline})


def _run_props(rPr, spec: WordStyle, family: str) -> None:
    x.set_fonts(rPr, family)
    for tag, value in (
        ("b", spec.bold),
        ("bCs", spec.bold),
        ("i", spec.italic),
        ("iCs", spec.italic),
    ):
        if value is not None:
            x.set_prop(rPr, f"w:{tag}", x.RPR, None if value else {"val": 0})
    if spec.colour:
        x.set_prop(rPr, "w:color", x.RPR, {"val": spec.colour})
    if spec.size:
        x.set_prop(rPr, "w:sz", x.RPR, {"val": half_points(spec.size)})
        x.set_prop(rPr, "w:szCs", x.RPR, {"val": half_points(spec.size)})
    if spec.underline:
        x.set_prop(rPr, "w:u", x.RPR, {"val": "single"})


def _numbering(word: WordDocument, look: WordLook) -> None:
    """One multi-level definition for numbered lists and one for bullets, linked to
    the List Number / List Bullet styles (level n ↔ "List Number n+1"), as the design's
    ListLook has them."""
    design = look.design
    lists, palette, indent = design.blocks.lists, design.palette, list_indent(design)
    numbering = word.part.numbering_part.element
    for child in list(numbering):
        numbering.remove(child)
    ordered = [
        x.ListLevel(
            fmt=lists.number_format(i),
            text=f"%{i + 1}.",
            indent=indent * (i + 1),
            hanging=indent,
            style=STYLE.list_number[i] if i < 3 else None,
        )
        for i in range(LIST_LEVELS)
    ]
    top_size = design.scale.at_least(design.styles.body.size * lists.top_bullet_scale)
    bullets = [
        # The brand's font may have no ◆ (Arial has none): the top bullet asks for the
        # design's symbol font, and Word falls back from there elsewhere.
        x.ListLevel("bullet", lists.bullet(0), indent, indent, STYLE.list_bullet[0],
                    font=lists.symbol_font, colour=palette.accent, size=top_size),
        *(
            x.ListLevel("bullet", lists.bullet(i), indent * (i + 1), indent,
                        STYLE.list_bullet[i] if i < 3 else None, font=look.family,
                        colour=palette.text)
            for i in range(1, LIST_LEVELS)
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
