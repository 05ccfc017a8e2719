"""Render a Document to DOCX with python-docx: one walk over the node tree.

The output is meant to be edited further in Word, so it is built from real
styles (Title, Heading 1-3, List Number, List Bullet, Quote, Caption and named
custom ones such as "Callout Title" and "Statistic Value"), real PAGE and
NUMPAGES fields, real hyperlinks and alt text on every picture.

How it looks is the design's (render/design/), the PDF's too, so both paginate alike;
styles.py and page.py convert where Word's model differs. The walker dispatches on node
type to the block writers beside this module.

Speed: styles, numbering and theme are set up once per look into a template kept as
bytes (`_template`, also in the user's cache); each render opens that and only writes
content.

Words: the tree comes from compose finished and cleaned (no control characters, which
XML cannot hold); every word written here is the tree's, none is made up.
"""

from __future__ import annotations

import io
from functools import lru_cache

import docx
from docx.document import Document as WordDocument
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from briefpack.document import nodes as n
from briefpack.model.cache import cached_bytes, code_stamp
from briefpack.render.design import design_for
from briefpack.render.design.typography import word_font_name
from briefpack.render.docx.boxes import BoxBlocks
from briefpack.render.docx.flow import Context, gap
from briefpack.render.docx.links import LinkBlocks
from briefpack.render.docx.page import (
    footer,
    header,
    properties,
    set_up_page,
    text_height,
    word_places,
)
from briefpack.render.docx.spill import BodySpill
from briefpack.render.docx.stats import StatBlocks
from briefpack.render.docx.template import WordLook, build_template
from briefpack.render.docx.text_blocks import TextBlocks

__all__ = ["render_docx"]


class Writer(TextBlocks, BoxBlocks, StatBlocks, LinkBlocks):
    """The DOCX writer's walk: one method per node type (render/blocks.py)."""


def render_docx(doc: n.Document) -> bytes:
    """The document as the bytes of a .docx file."""
    design = design_for(doc.brand)
    page = design.page(doc.furniture.page_size)
    places = word_places(design, page)
    look = WordLook(word_font_name(doc.brand), design, places.footer_after, places.marking_after)
    word = docx.Document(io.BytesIO(_template(look)))
    section = word.sections[0]
    text_width = set_up_page(section, page, places)
    writer = Writer(word, doc.brand, design, text_width, text_height(section))
    spill = BodySpill(word, writer.body)  # a long handout's written part leaves the tree
    writer.blocks(spill.feed(doc.blocks), writer.body, Context())
    _close_body(word)
    header(section, doc.furniture, design, page, doc.brand)
    footer(section, doc.furniture, design, page, doc.brand)
    properties(word, doc.furniture)
    return spill.save([section.header.part.element, section.footer.part.element])


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
        gap(Paragraph(last, word), 1)


# What the template is built by: python-docx's default document and these modules.
_TEMPLATE_CODE = (
    "docx",
    "briefpack.render.docx.template",
    "briefpack.render.docx.styles",
    "briefpack.render.docx.ooxml",
    "briefpack.render.docx.units",
)


@lru_cache(maxsize=8)
def _template(look: WordLook) -> bytes:
    """The styled template for `look`, from the user's cache when built before (the look's
    repr says all it is made from: the design, the font, the furniture's places)."""
    parts = ("docx-template", look, code_stamp(*_TEMPLATE_CODE))
    return cached_bytes("docx-template", lambda: build_template(look), parts, _is_zip)


def _is_zip(data: bytes) -> bool:
    return data.startswith(b"PK\x03\x04")
