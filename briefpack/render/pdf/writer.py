"""Render a Document to PDF with reportlab platypus: one walk over the node tree.

The walker dispatches on node type to the block writers beside this module; the design
spec (render/design/) says how everything looks, and the tree comes from compose finished
and cleaned: every word here is the tree's, none is made up.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from reportlab import rl_config
from reportlab.platypus import Flowable, Frame, PageTemplate
from reportlab.platypus.doctemplate import LayoutError

from briefpack.document import nodes as n
from briefpack.render.design import design_for
from briefpack.render.design.page import PageGeometry
from briefpack.render.pdf.anchors import SectionPlaces
from briefpack.render.pdf.base import Context
from briefpack.render.pdf.boxes import BoxBlocks
from briefpack.render.pdf.fonts import PdfFonts, fonts_for
from briefpack.render.pdf.lean import FinishedFile
from briefpack.render.pdf.links import LinkBlocks
from briefpack.render.pdf.page import PageCountCanvas, PageLook, draw_furniture
from briefpack.render.pdf.stats import StatBlocks
from briefpack.render.pdf.story import (
    StreamedStory,
    keep_headings_with_next,
    one_break_at_a_time,
    one_line_room,
)
from briefpack.render.pdf.text_blocks import TextBlocks
from briefpack.render.places import Place

__all__ = ["layout_problem", "render_pdf", "render_pdf_with_places"]

# Binary (Flate-only) streams: ASCII85 on top makes files a quarter larger and,
# without reportlab's C accelerator, costs several ms a render.
rl_config.useA85 = 0


class Walker(TextBlocks, BoxBlocks, StatBlocks, LinkBlocks):
    """The PDF writer's walk: one method per node type (render/blocks.py)."""


def render_pdf(doc: n.Document, *, invariant: bool = False, tagged: bool = True) -> bytes:
    """The document as PDF bytes. invariant=True gives byte-identical output for equal input.

    Tagged (PDF/UA-1) unless tagged=False: then the pages draw exactly the same marks, but
    the file has no structure tree, marked content, ParentTree, /StructParents, /MarkInfo or
    PDF/UA metadata. Only for measuring what tagging costs (bench/render.py); nothing in the
    app or the command line asks for it."""
    return _render(doc, invariant, None, tagged)


def render_pdf_with_places(
    doc: n.Document, *, invariant: bool = False
) -> tuple[bytes, list[Place | None]]:
    """The PDF and where each section starts on its pages (the preview scrolls there): one
    place per section (see n.SectionStart), None for a section that drew nothing."""
    places = SectionPlaces(doc.blocks)
    return _render(doc, invariant, places), places.places


def layout_problem(doc: n.Document) -> str | None:
    """Lay `doc` out exactly as render_pdf does and throw the bytes away: None if it lays
    out, else one line saying why (for `briefpack validate`, so "ok" means it renders)."""
    try:
        render_pdf(doc)
    except LayoutError as exc:
        lines = str(exc).strip().splitlines()
        return f"the PDF cannot be laid out ({lines[0][:200] if lines else 'no room'})"
    return None


def _render(
    doc: n.Document, invariant: bool, places: SectionPlaces | None, tagged: bool = True
) -> bytes:
    fonts = fonts_for(doc.brand)
    design = design_for(doc.brand)
    page = design.page(doc.furniture.page_size)
    walker = Walker(fonts, design, page.frame_height, places)
    if doc.furniture.marking:  # drawn on page 1 before anything else, read first
        walker.tags.marking = walker.tags.add("P")
    body = walker.styles.body
    # Walked as layout asks for it (story.py): a long handout never holds all its flowables.
    story = keep_headings_with_next(walker.stream(doc.blocks, Context(body, page.frame_width)))
    story = one_break_at_a_time(story)

    out = FinishedFile()  # reportlab's save hands it the whole file, kept without a copy
    look = PageLook(one_line_room(doc.furniture), fonts, design, page, doc.brand.logo_path)
    template = _doc_template(out, doc.furniture, page, fonts, invariant, story)
    if places is not None:
        places.watch(template)
    frame = Frame(
        page.margin, page.frame_bottom_from_bottom, page.frame_width, page.frame_height,
        0, 0, 0, 0, id="body",
    )  # fmt: skip
    template.addPageTemplates(
        [PageTemplate("page", [frame], onPage=lambda canv, _doc: draw_furniture(canv, look))]
    )
    # Untagged: the walk still builds its tree, but a canvas without a tagger marks nothing
    # and writes no structure (tagging.py, page.py), so the pages draw the same marks.
    tagger = walker.tags if tagged else None
    template.build_streamed(canvasmaker=partial(PageCountCanvas, look=look, tagger=tagger))
    return out.getvalue()


def _doc_template(
    out: FinishedFile,
    furniture: n.Furniture,
    page: PageGeometry,
    fonts: PdfFonts,
    invariant: bool,
    story: Iterator[Flowable],
) -> StreamedStory:
    return StreamedStory(
        out,
        story=story,
        pagesize=(page.width, page.height),
        leftMargin=page.margin,
        rightMargin=page.margin,
        topMargin=page.frame_top,
        bottomMargin=page.frame_bottom_from_bottom,
        title=furniture.title,
        author=furniture.author,
        subject=furniture.subject,
        keywords=list(furniture.keywords),
        creator="briefpack",
        producer="briefpack (ReportLab)",
        lang=furniture.language or "en-GB",
        invariant=1 if invariant else 0,
        displayDocTitle=1,
        # Without this the page preamble names Helvetica, a font we never embed.
        initialFontName=fonts.regular,
        initialFontSize=10,
        initialLeading=12,
    )
