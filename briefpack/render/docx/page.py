"""The DOCX page: size and margins, the header (marking, brand band), the footer (rule,
footer line, page number fields, marking) and the document's properties.

Places come from the design's page geometry (render/design/page.py), the same as the
PDF's. Word has no absolute positions for these: it stacks the header's lines down from
`header distance` and the footer's up from `footer distance`, so `word_places` works out
those distances and the spaces between the lines that put each baseline where the design
wants it, from the fonts' ascent.
"""

from __future__ import annotations

import io
import string
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache

from docx.document import Document as WordDocument
from docx.section import Section
from docx.shared import Emu, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from briefpack.document import nodes as n
from briefpack.model.brand import Brand
from briefpack.model.errors import BriefpackError
from briefpack.render.brand_files import brand_file_of, brand_logo
from briefpack.render.design import Design
from briefpack.render.design.fitting import fit_one_line, footer_line
from briefpack.render.design.page import PageGeometry
from briefpack.render.docx import ooxml as x
from briefpack.render.docx.custom_props import set_custom_properties
from briefpack.render.docx.flow import NO_BORDERS, gap
from briefpack.render.docx.styles import STYLE
from briefpack.render.docx.units import EMU_PER_TWIP, eighths, emu, points, twips
from briefpack.render.raster.pictures import BrandMeasure

LIBRARY_REVISION_PROPERTY = "BriefpackLibraryRevision"  # File ▸ Properties ▸ Custom in Word

ASCENT = 0.905  # Arial's / Liberation Sans' ascent in em: a line's baseline below its top
_PAGE_FIELDS = {"page": "PAGE", "pages": "NUMPAGES"}


@dataclass(frozen=True)
class WordPlaces:
    """Word's distances (points) that put the furniture where the design's geometry does."""

    header_distance: float  # the page's top edge to the top marking's line
    marking_after: float  # below the top marking's line: brings the band to its place
    footer_distance: float  # the page's bottom edge to the bottom marking's line
    footer_after: float  # between the footer line and the bottom marking's line
    rule_space: int  # between the footer line's top and the rule above it (whole points)


def word_places(design: Design, page: PageGeometry) -> WordPlaces:
    """Where Word must start and space the header's and footer's lines (the same on every
    page size: the furniture is placed from the top and bottom edges)."""
    s = design.styles
    marking, footer = s.marking, s.footer
    header_distance = page.marking_baseline - ASCENT * marking.size
    marking_after = page.band_top - header_distance - marking.leading
    bottom_marking_top = page.bottom_marking_baseline(marking.size) + ASCENT * marking.size
    footer_top = page.footer_baseline_from_bottom + ASCENT * footer.size
    rule_space = round(page.footer_rule_from_bottom - footer_top)
    footer_after = footer_top - footer.leading - bottom_marking_top
    return WordPlaces(
        header_distance=max(header_distance, 0),
        marking_after=max(marking_after, 0),
        footer_distance=max(bottom_marking_top - marking.leading, 0),
        footer_after=max(footer_after, 0),
        rule_space=max(rule_space, 0),
    )


def set_up_page(section: Section, page: PageGeometry, places: WordPlaces) -> int:
    """Page size and margins; returns the text width in twips."""
    width, height = twips(page.width), twips(page.height)
    section.page_width, section.page_height = emu(width), emu(height)
    section.left_margin = section.right_margin = emu(twips(page.margin))
    section.top_margin = emu(twips(page.frame_top))
    section.bottom_margin = emu(twips(page.frame_bottom_from_bottom))
    section.header_distance = emu(twips(places.header_distance))
    section.footer_distance = emu(twips(places.footer_distance))
    section.gutter = Emu(0)
    return width - 2 * twips(page.margin)


def text_height(section: Section) -> int:
    return round((section.page_height - section.top_margin - section.bottom_margin) / EMU_PER_TWIP)


def header(
    section: Section, furniture: n.Furniture, design: Design, page: PageGeometry, brand: Brand
) -> None:
    """The marking centred at the top, then the brand band across the whole page."""
    head = section.header
    head.is_linked_to_previous = False
    marking = head.paragraphs[0]
    marking._p.style = STYLE.marking
    # With no marking the empty line still takes its height, so the band never moves.
    if furniture.marking:
        marking.add_run(furniture.marking)
    page_width = round(section.page_width / EMU_PER_TWIP)
    band = head.add_table(1, 2, emu(page_width))
    _band(band, furniture, design, page, brand)
    gap(head.add_paragraph(), 1)  # a story ends with a paragraph, not a table


def _band(
    table: Table, furniture: n.Furniture, design: Design, page: PageGeometry, brand: Brand
) -> None:
    """Logo and running header, white on the primary colour, bleeding to the page edges."""
    page_width, primary = twips(page.width), design.palette.primary
    margin, logo_h = twips(page.margin), twips(page.logo_height)
    logo = _logo(brand)
    first = margin + (round(logo_h * logo[1]) + twips(page.logo_gap) if logo else 0)
    widths = [first, page_width - first]
    tbl = table._tbl
    x.table_props(tbl, page_width, borders=NO_BORDERS, cell_margins=(0, 0, 0, 0))
    # A negative indent moves the table into the left margin, to the page edge.
    x.set_prop(tbl.tblPr, "w:tblInd", x.TBLPR, {"w": -margin, "type": "dxa"})
    x.column_widths(tbl, widths)
    tbl.tr_lst[0].get_or_add_trPr().append(
        x.element("w:trHeight", {"val": twips(page.band_height), "hRule": "exact"})
    )
    logo_cell, text_cell = table.rows[0].cells
    x.cell_props(logo_cell._tc, fill=primary, margins=(0, margin, 0, 0), valign="center")
    x.cell_props(text_cell._tc, fill=primary, margins=(0, 0, 0, margin), valign="center")
    for cell in (logo_cell, text_cell):
        cell.paragraphs[0]._p.style = STYLE.band
    if logo:
        run = logo_cell.paragraphs[0].add_run()
        run.add_picture(io.BytesIO(logo[0]), height=emu(logo_h))
        x.set_alt_text(run, furniture.logo_alt, furniture.logo_alt)
    text = " ".join(furniture.header_text.split())  # one line in the band
    if text:
        style, room = design.styles.band, points(widths[1] - margin)
        text, size = fit_one_line(text, BrandMeasure(brand), style.face, style.size, room,
                                  design.styles.band_min)  # fmt: skip
        run = text_cell.paragraphs[0].add_run(text)
        if size != style.size:
            run.font.size = Pt(round(size * 2) / 2)


def footer(
    section: Section, furniture: n.Furniture, design: Design, page: PageGeometry, brand: Brand
) -> None:
    """A hairline, the footer line and the page number (with fields), then the marking."""
    places = word_places(design, page)
    foot = section.footer
    foot.is_linked_to_previous = False
    width = round((section.page_width - section.left_margin - section.right_margin) / EMU_PER_TWIP)
    info = foot.paragraphs[0]
    info._p.style = STYLE.footer
    pPr = x.ppr(info)
    rule = x.Border(design.palette.rule, size=eighths(page.footer_rule_width),
                    space=places.rule_space)  # fmt: skip
    x.paragraph_borders(pPr, top=rule)
    x.tab_stops(pPr, [("right", width)])
    style, measure = design.styles.footer, BrandMeasure(brand)
    # Leave room at the right for the widest page number, as the design says.
    widest = furniture.widest_page_number()
    room = points(width) - measure(widest, style.face, style.size) - page.footer_gap
    left, fitted = footer_line(furniture, measure, style.size, room, design.styles.footer_min)
    if left:
        run = info.add_run(left)
        if fitted != style.size:
            run.font.size = Pt(round(fitted * 2) / 2)
    info.add_run("\t")
    _page_number(info, furniture.page_number)
    marking = foot.add_paragraph()
    marking._p.style = STYLE.marking
    x.spacing(x.ppr(marking), before=0, after=0)
    if furniture.marking:
        marking.add_run(furniture.marking)


def _page_number(p: Paragraph, wording: str) -> None:
    """The furniture's page number wording ("Page {page} of {pages}") with Word fields in
    place of {page} and {pages}, so Word counts the pages as the officer edits."""
    for literal, name, _spec, _conversion in string.Formatter().parse(wording):
        if literal:
            p.add_run(literal)
        if name in _PAGE_FIELDS:
            x.add_field(p, _PAGE_FIELDS[name], "1")


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


def properties(word: WordDocument, furniture: n.Furniture) -> None:
    """Core properties: title, author, subject, keywords, language (Word caps each at 255);
    and a custom one, the force library revision the export was made with."""
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
    set_custom_properties(word, {LIBRARY_REVISION_PROPERTY: furniture.library_revision})
