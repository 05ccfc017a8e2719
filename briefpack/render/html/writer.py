"""Render a Document as one self-contained web page: one walk over the node tree.

Everything is in the one file: the style sheet (from the design spec, render/design/), the
logo and pictures as data: URIs, the chart and QR codes as inline SVG. There is no script,
and a Content-Security-Policy tells the browser to fetch nothing, so the page makes no
request of any kind however it is opened. Every word is the tree's.
"""

from __future__ import annotations

from briefpack.document import nodes as n
from briefpack.render.design import design_for
from briefpack.render.html.base import Context, attr, text
from briefpack.render.html.boxes import BoxBlocks
from briefpack.render.html.css import font_stack, stylesheet
from briefpack.render.html.links import LinkBlocks
from briefpack.render.html.measure import FontMeasure
from briefpack.render.html.page import footer, header
from briefpack.render.html.stats import StatBlocks
from briefpack.render.html.text_blocks import TextBlocks

__all__ = ["render_html"]

# Pictures only from the page itself; styles only its own; nothing else at all.
POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"


class Walker(TextBlocks, BoxBlocks, StatBlocks, LinkBlocks):
    """The HTML writer's walk: one method per node type (render/blocks.py)."""


def render_html(doc: n.Document, *, invariant: bool = False) -> bytes:
    """The document as the UTF-8 bytes of one .html file. The output depends only on the
    document (no dates or ids are made up), so `invariant` changes nothing."""
    design = design_for(doc.brand)
    page = design.page(doc.furniture.page_size)
    walker = Walker(design)
    walker.chart_width = page.frame_width
    walker.measure = FontMeasure(doc.brand)
    body = walker.blocks(doc.blocks, Context())
    css = stylesheet(design, page, font_stack(doc.brand))
    furniture = doc.furniture
    parts = [
        f'<!DOCTYPE html>\n<html lang="{attr(furniture.language or "en-GB")}">\n<head>\n'
        '<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{text(furniture.title)}</title>\n",
        _meta(furniture),
        f'<style>\n{css}\n</style>\n</head>\n<body>\n<div class="sheet">\n',
        header(furniture, doc.brand),
        f"\n<main>\n{body}\n</main>\n",
        footer(furniture),
        "\n</div>\n</body>\n</html>\n",
    ]
    return "".join(parts).encode("utf-8")


def _meta(furniture: n.Furniture) -> str:
    named = {
        "author": furniture.author,
        "description": furniture.subject,
        "keywords": ", ".join(furniture.keywords),
        "generator": "briefpack",
        # The force library commit the export was made with (model/force_revision.py).
        "briefpack-library-revision": furniture.library_revision,
    }
    return "".join(
        f'<meta name="{name}" content="{attr(value)}">\n' for name, value in named.items() if value
    )
