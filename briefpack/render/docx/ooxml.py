"""Low-level WordprocessingML helpers for what python-docx has no API for.

Hyperlinks, fields, list numbering, borders, shading, alt text. Every helper
inserts children in the order the OOXML schema lays down: Word treats
out-of-order children as a damaged file and offers to "repair" it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

# XML 1.0 cannot hold most C0 controls, U+FFFE/U+FFFF or lone surrogates, and lxml raises
# on them: compose removes them from the whole tree once (textclean.clean_tree), so every
# string that reaches these helpers is already safe for WordprocessingML.

# ---- schema order ------------------------------------------------------------------


def _rank(*tags: str) -> dict[str, int]:
    return {qn(tag): i for i, tag in enumerate(tags)}


PPR = _rank(
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr",
    "w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs",
    "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
    "w:pPrChange",
)  # fmt: skip
RPR = _rank(
    "w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps",
    "w:strike", "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint",
    "w:noProof", "w:snapToGrid", "w:vanish", "w:webHidden", "w:color", "w:spacing",
    "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect",
    "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang",
    "w:eastAsianLayout", "w:specVanish", "w:oMath",
)  # fmt: skip
TCPR = _rank(
    "w:cnfStyle", "w:tcW", "w:gridSpan", "w:hMerge", "w:vMerge", "w:tcBorders", "w:shd",
    "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark",
)  # fmt: skip
TBLPR = _rank(
    "w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd",
    "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption",
    "w:tblDescription",
)  # fmt: skip
SECTPR = _rank(
    "w:headerReference", "w:footerReference", "w:footnotePr", "w:endnotePr", "w:type",
    "w:pgSz", "w:pgMar", "w:paperSrc", "w:pgBorders", "w:lnNumType", "w:pgNumType",
    "w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection",
    "w:bidi", "w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange",
)  # fmt: skip
BORDER_SIDES = ("top", "left", "bottom", "right", "insideH", "insideV")


def element(tag: str, attrs: Mapping[str, object] | None = None) -> BaseOxmlElement:
    """A new `w:` element; attribute names without a prefix are taken as `w:`."""
    node = OxmlElement(tag)
    for name, value in (attrs or {}).items():
        node.set(qn(name if ":" in name else f"w:{name}"), str(value))
    return node


def put(
    parent: BaseOxmlElement,
    child: BaseOxmlElement,
    rank: Mapping[str, int],
) -> BaseOxmlElement:
    """Insert `child` at its schema position in `parent`, replacing any of the same tag."""
    old = parent.find(child.tag)
    if old is not None:
        parent.replace(old, child)
        return child
    mine = rank[child.tag]
    for i, sibling in enumerate(parent):
        if rank.get(sibling.tag, -1) > mine:
            parent.insert(i, child)
            return child
    parent.append(child)
    return child


def set_prop(
    parent: BaseOxmlElement,
    tag: str,
    rank: Mapping[str, int],
    attrs: Mapping[str, object] | None = None,
) -> BaseOxmlElement:
    return put(parent, element(tag, attrs), rank)


def ppr(paragraph: Paragraph) -> BaseOxmlElement:
    return paragraph._p.get_or_add_pPr()


# ---- fonts ---------------------------------------------------------------------------


def font_element(family: str) -> BaseOxmlElement:
    """rFonts naming `family` for every script slot, and no theme font.

    Theme attributes (asciiTheme …) win over named fonts in Word, and the
    default theme's fonts are Calibri and Cambria; leaving them in would make
    headings Cambria on any machine.
    """
    return element(
        "w:rFonts",
        {"ascii": family, "hAnsi": family, "eastAsia": family, "cs": family},
    )


def set_fonts(rpr_el: BaseOxmlElement, family: str) -> None:
    put(rpr_el, font_element(family), RPR)


_DRAWINGML = "http://schemas.openxmlformats.org/drawingml/2006/main"


def theme_with_fonts(blob: bytes, family: str) -> bytes:
    """The theme part with `family` as its heading and body (latin) font.

    Parsed and set through lxml, so the name is escaped as any attribute is.
    """
    root = etree.fromstring(blob, etree.XMLParser(resolve_entities=False, no_network=True))
    for slot in ("majorFont", "minorFont"):
        for latin in root.iter(f"{{{_DRAWINGML}}}{slot}"):
            for face in latin.iterchildren(f"{{{_DRAWINGML}}}latin"):
                face.set("typeface", family)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# ---- paragraph properties ---------------------------------------------------------


@dataclass(frozen=True)
class Border:
    """A border line: `size` in eighths of a point, `space` in points."""

    colour: str  # "RRGGBB"
    size: int = 8
    space: int = 0
    style: str = "single"


def _border_set(tag: str, sides: Mapping[str, Border | None]) -> BaseOxmlElement:
    box = element(tag)
    for side in BORDER_SIDES:
        if side not in sides:
            continue
        line = sides[side]
        attrs = (
            {"val": "nil"}
            if line is None
            else {"val": line.style, "sz": line.size, "space": line.space, "color": line.colour}
        )
        box.append(element(f"w:{side}", attrs))
    return box


def paragraph_borders(pPr: BaseOxmlElement, **sides: Border | None) -> None:
    put(pPr, _border_set("w:pBdr", sides), PPR)


def shading(fill: str) -> BaseOxmlElement:
    return element("w:shd", {"val": "clear", "color": "auto", "fill": fill})


def tab_stops(pPr: BaseOxmlElement, stops: Iterable[tuple[str, int]]) -> None:
    """Tab stops as (alignment, position in twips)."""
    tabs = element("w:tabs")
    for align, pos in stops:
        tabs.append(element("w:tab", {"val": align, "pos": pos}))
    put(pPr, tabs, PPR)


def spacing(
    pPr: BaseOxmlElement,
    *,
    before: int | None = None,
    after: int | None = None,
    line: int | None = None,
    rule: str | None = None,
) -> None:
    """Update w:spacing in place (twips; `line` in 240ths of a line unless rule is exact)."""
    node = pPr.find(qn("w:spacing"))
    if node is None:
        node = set_prop(pPr, "w:spacing", PPR)
    for name, value in (("before", before), ("after", after), ("line", line), ("lineRule", rule)):
        if value is not None:
            node.set(qn(f"w:{name}"), str(value))


def keep_next(pPr: BaseOxmlElement) -> None:
    if pPr.find(qn("w:keepNext")) is None:
        set_prop(pPr, "w:keepNext", PPR)


def numbering(pPr: BaseOxmlElement, num_id: int, level: int) -> None:
    num = element("w:numPr")
    num.append(element("w:ilvl", {"val": level}))
    num.append(element("w:numId", {"val": num_id}))
    put(pPr, num, PPR)


def page_break_run(paragraph: Paragraph) -> None:
    run = paragraph._p.add_r()
    run.append(element("w:br", {"type": "page"}))


@dataclass(frozen=True)
class ListLevel:
    """One level of a list definition: its number format or bullet, indent and look."""

    fmt: str  # "decimal", "lowerLetter", "lowerRoman", "bullet"
    text: str  # "%1." or the bullet character
    indent: int  # twips from the margin to the text
    hanging: int  # twips the number hangs out to the left
    style: str | None = None  # paragraph style id linked to this level
    font: str | None = None
    colour: str | None = None
    size: float | None = None  # points


def abstract_num(abstract_id: int, nsid: int, levels: Iterable[ListLevel]) -> BaseOxmlElement:
    """A w:abstractNum with the given levels (lvl children in schema order)."""
    node = element("w:abstractNum", {"abstractNumId": abstract_id})
    node.append(element("w:nsid", {"val": f"{nsid:08X}"}))
    node.append(element("w:multiLevelType", {"val": "multilevel"}))
    for ilvl, level in enumerate(levels):
        lvl = element("w:lvl", {"ilvl": ilvl})
        lvl.append(element("w:start", {"val": 1}))
        lvl.append(element("w:numFmt", {"val": level.fmt}))
        if level.style:
            lvl.append(element("w:pStyle", {"val": level.style}))
        lvl.append(element("w:lvlText", {"val": level.text}))
        lvl.append(element("w:lvlJc", {"val": "left"}))
        pPr = element("w:pPr")
        tabs = element("w:tabs")
        tabs.append(element("w:tab", {"val": "num", "pos": level.indent}))
        pPr.append(tabs)
        pPr.append(element("w:ind", {"left": level.indent, "hanging": level.hanging}))
        lvl.append(pPr)
        rPr = element("w:rPr")
        if level.font:
            rPr.append(
                element(
                    "w:rFonts",
                    {"ascii": level.font, "hAnsi": level.font, "cs": level.font, "hint": "default"},
                )
            )
        if level.colour:
            rPr.append(element("w:color", {"val": level.colour}))
        if level.size:
            half_points = round(level.size * 2)
            rPr.append(element("w:sz", {"val": half_points}))
            rPr.append(element("w:szCs", {"val": half_points}))
        if len(rPr):
            lvl.append(rPr)
        node.append(lvl)
    return node


def num(num_id: int, abstract_id: int) -> BaseOxmlElement:
    node = element("w:num", {"numId": num_id})
    node.append(element("w:abstractNumId", {"val": abstract_id}))
    return node


# ---- hyperlinks and fields -----------------------------------------------------------


class ExternalLinks:
    """The rIds of one part's hyperlink relationships, found and added in constant time.

    python-docx's `relate_to` scans every relationship of the part for a match
    and again for a free rId on each call: quadratic in a long document. This
    keeps the same result (an existing link to the same address is reused; a
    new one takes the lowest free "rIdN") with an index and a moving pointer.
    Relationships are never removed while a document is written, so the
    pointer only moves forward.
    """

    def __init__(self, part) -> None:
        self._rels = part.rels
        self._known: dict[str, str] = {}
        for r_id, rel in self._rels.items():
            if rel.is_external and rel.reltype == RT.HYPERLINK:
                self._known.setdefault(rel.target_ref, r_id)
        self._next = 1

    def r_id(self, url: str) -> str:
        r_id = self._known.get(url)
        if r_id is None:
            while f"rId{self._next}" in self._rels:
                self._next += 1
            r_id = f"rId{self._next}"
            self._rels.add_relationship(RT.HYPERLINK, url, r_id, is_external=True)
            self._known[url] = r_id
        return r_id


def add_hyperlink(
    paragraph: Paragraph, url: str, links: ExternalLinks | None = None
) -> BaseOxmlElement:
    """An empty w:hyperlink at the end of `paragraph`, targeting `url` externally.

    Fill it with `link_run`. The relationship lives in the paragraph's own part,
    so links in headers and cells work too; `links`, if given, must index that part.
    """
    if links is not None:
        r_id = links.r_id(url)
    else:
        r_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = element("w:hyperlink", {"r:id": r_id, "history": 1})
    paragraph._p.append(link)
    return link


def link_run(link: BaseOxmlElement, paragraph: Paragraph, text: str) -> Run:
    """A run inside `link`, as a python-docx Run so bold/italic work as usual."""
    r = OxmlElement("w:r")
    link.append(r)
    run = Run(r, paragraph)
    run.text = text
    return run


def add_field(paragraph: Paragraph, instruction: str, shown: str = "1") -> list[Run]:
    """A complex field (e.g. PAGE, NUMPAGES) with `shown` as its cached result.

    fldChar runs rather than fldSimple: both Word and LibreOffice update them
    on layout, and the result text has a run of its own to format.
    """
    runs = []
    for part in ("begin", "instr", "separate", "result", "end"):
        run = paragraph.add_run()
        if part == "instr":
            instr = element("w:instrText", {"xml:space": "preserve"})
            instr.text = f" {instruction} "
            run._r.append(instr)
        elif part == "result":
            run.text = shown
        else:
            run._r.append(element("w:fldChar", {"fldCharType": part}))
        runs.append(run)
    return runs


# ---- tables --------------------------------------------------------------------------


def table_props(
    tbl: BaseOxmlElement,
    width: int,
    *,
    borders: Mapping[str, Border | None] | None = None,
    cell_margins: tuple[int, int, int, int] | None = None,
) -> None:
    """Fixed layout, width in twips, no indent; borders and default cell margins."""
    tblPr = tbl.tblPr
    set_prop(tblPr, "w:tblW", TBLPR, {"w": width, "type": "dxa"})
    set_prop(tblPr, "w:tblInd", TBLPR, {"w": 0, "type": "dxa"})
    set_prop(tblPr, "w:tblLayout", TBLPR, {"type": "fixed"})
    style = tblPr.find(qn("w:tblStyle"))
    if style is not None:
        tblPr.remove(style)
    layout_only(tblPr)
    if borders is not None:
        put(tblPr, _border_set("w:tblBorders", borders), TBLPR)
    if cell_margins is not None:
        put(tblPr, margins_element("w:tblCellMar", cell_margins), TBLPR)


# Table style options all off (w:val is the same as a bit mask, for Word 2007): no
# "header row" or "first column" ticked, no banding.
_LAYOUT_LOOK = {"val": "0600", "firstRow": 0, "lastRow": 0, "firstColumn": 0,
                "lastColumn": 0, "noHBand": 1, "noVBand": 1}  # fmt: skip


def layout_only(tblPr: BaseOxmlElement) -> None:
    """Mark a table as one that lays blocks out and has no header row.

    WordprocessingML has no "layout table" flag; what it has is the table style options,
    whose "Header Row" box python-docx ticks on every new table, and the header-row mark
    (w:tblHeader) that Word and screen readers take as column headers. A box, a grid of
    tiles or a row of links has no column headers, so neither is set: a screen reader
    reads such a table cell by cell, as the page shows it, and names no headers.
    """
    set_prop(tblPr, "w:tblLook", TBLPR, _LAYOUT_LOOK)


def margins_element(tag: str, margins: tuple[int, int, int, int]) -> BaseOxmlElement:
    """Cell margins (top, left, bottom, right) in twips."""
    box = element(tag)
    for side, value in zip(("top", "left", "bottom", "right"), margins, strict=True):
        box.append(element(f"w:{side}", {"w": value, "type": "dxa"}))
    return box


def column_widths(tbl: BaseOxmlElement, widths: list[int]) -> None:
    """Set w:gridCol and every cell's w:tcW (Word reads one, LibreOffice the other)."""
    for col, width in zip(tbl.tblGrid.gridCol_lst, widths, strict=True):
        col.set(qn("w:w"), str(width))
    for tr in tbl.tr_lst:
        for tc, width in zip(tr.tc_lst, widths, strict=False):
            set_prop(tc.get_or_add_tcPr(), "w:tcW", TCPR, {"w": width, "type": "dxa"})


def cell_props(
    tc: BaseOxmlElement,
    *,
    fill: str | None = None,
    borders: Mapping[str, Border | None] | None = None,
    margins: tuple[int, int, int, int] | None = None,
    valign: str | None = None,
) -> None:
    tcPr = tc.get_or_add_tcPr()
    if borders is not None:
        put(tcPr, _border_set("w:tcBorders", borders), TCPR)
    if fill is not None:
        put(tcPr, shading(fill), TCPR)
    if margins is not None:
        put(tcPr, margins_element("w:tcMar", margins), TCPR)
    if valign is not None:
        set_prop(tcPr, "w:vAlign", TCPR, {"val": valign})


def cant_split(tr: BaseOxmlElement) -> None:
    """Keep a row on one page (trPr children are an unordered choice)."""
    trPr = tr.get_or_add_trPr()
    if trPr.find(qn("w:cantSplit")) is None:
        trPr.insert(0, element("w:cantSplit"))


# ---- pictures --------------------------------------------------------------------------


def set_alt_text(run: Run, alt: str, title: str) -> None:
    """Alt text on the picture(s) in `run`: `descr` (what Word's Alt Text shows and a
    screen reader says) and `title` (the picture's short name, the Title of Word's older
    Alt Text dialog), on wp:docPr and on the picture's own pic:cNvPr. A picture with no
    alt text is marked decorative, as the PDF and the web page treat it: a screen reader
    skips it rather than reading a made-up "Image".

    Also writes the inline's distances from text as Word does: without them
    LibreOffice pads the picture with its own default spacing.
    """
    descr = _one_line(alt)
    name = _one_line(title) or descr
    for inline in run._r.iter(qn("wp:inline")):
        for side in ("distT", "distB", "distL", "distR"):
            inline.set(side, "0")
    for props in (*run._r.iter(qn("wp:docPr")), *run._r.iter(qn("pic:cNvPr"))):
        props.set("descr", descr)
        props.set("title", name)
    if not descr:
        for doc_pr in run._r.iter(qn("wp:docPr")):
            doc_pr.append(_decorative_mark())


def _decorative_mark() -> BaseOxmlElement:
    """Word's "Mark as decorative" (Office 2019 and later), an extension of wp:docPr."""
    return parse_xml(
        f'<a:extLst {nsdecls("a")}><a:ext uri="{{C183D7F6-B498-43B3-948B-1728B52AA6E4}}">'
        '<adec:decorative xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/'
        'decorative" val="1"/></a:ext></a:extLst>'
    )


def _one_line(text: str) -> str:
    return " ".join(text.split())
