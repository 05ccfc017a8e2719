"""What the mail HTML writer's parts share: the walk over blocks, inline text and links,
and the few table shapes a mail layout is made of."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from briefpack.document import nodes as n
from briefpack.model.brand import Brand
from briefpack.render.blocks import dispatch_table
from briefpack.render.design import Design, design_for
from briefpack.render.design.links import is_clickable
from briefpack.render.design.styles import TextStyle
from briefpack.render.email.css import CONTENT_WIDTH, attrs, colour, font_stack, text, text_css
from briefpack.render.email.pictures import Pictures


@dataclass(frozen=True)
class Ctx:
    """Where blocks are being written: the style of their paragraphs, the width they have
    (px) and how deep in lists they are."""

    style: TextStyle
    width: int = CONTENT_WIDTH
    depth: int = 0


def layout_table(body: str, **extra: str | int | None) -> str:
    """A table used for layout only: no borders or spacing of its own, and a role that
    tells screen readers it holds no data."""
    # A fixed layout lets a browser narrow the columns (and pictures) on a phone.
    table_attrs = {"role": "presentation", "width": "100%", "cellpadding": 0, "cellspacing": 0,
                   "border": 0, "style": "table-layout:fixed", **extra}  # fmt: skip
    return f"<table{attrs(**table_attrs)}>{body}</table>"


def spacer(height_px: int) -> str:
    """Vertical space that every client keeps: a cell of fixed height (Outlook ignores
    margins on tables)."""
    if height_px <= 0:
        return ""
    cell = attrs(height=height_px, style=f"height:{height_px}px;font-size:0;line-height:0")
    return layout_table(f"<tr><td{cell}>&nbsp;</td></tr>")


class HtmlBase:
    """Writes blocks as mail HTML; one instance per message."""

    def __init__(self, doc: n.Document, pictures: Pictures) -> None:
        self.doc = doc
        self.brand: Brand = doc.brand
        self.design: Design = design_for(doc.brand)
        self.styles = self.design.styles
        self.look = self.design.blocks
        self.palette = self.design.palette
        self.fonts = font_stack(doc.brand)
        self.pictures = pictures
        self._dispatch: dict[type, Callable[..., str]] = dispatch_table(self)

    def blocks(self, blocks: Iterable[n.Block], ctx: Ctx) -> str:
        return "".join(self._dispatch[type(block)](block, ctx) for block in blocks)

    def css(self, style: TextStyle, **extra) -> str:
        return text_css(style, self.fonts, **extra)

    def para(self, style: TextStyle, inner: str, *, tag: str = "p", **extra) -> str:
        """One paragraph of already-escaped HTML in a style of the design."""
        return f"<{tag}{attrs(style=self.css(style, **extra))}>{inner}</{tag}>"

    def words(self, style: TextStyle, words: str, **extra) -> str:
        """One paragraph of plain words; nothing when there are none."""
        return self.para(style, text(words), **extra) if words else ""

    # ---- inline ------------------------------------------------------------------------

    def inlines(self, inlines: Iterable[n.Inline], *, in_link: bool = False) -> str:
        out = []
        for node in inlines:
            if isinstance(node, n.Text):
                out.append(self._text_run(node))
            elif isinstance(node, n.LineBreak):
                out.append("<br>")
            elif not in_link and node.children and is_clickable(node.url):
                out.append(self.anchor(node.url, self.inlines(node.children, in_link=True)))
            else:  # an unsafe scheme or a link inside a link: keep the words only
                out.append(self.inlines(node.children, in_link=in_link))
        return "".join(out)

    def _text_run(self, node: n.Text) -> str:
        words = text(node.text).replace("\n", "<br>")
        if node.italic:
            words = f'<em style="font-style:italic">{words}</em>'
        if node.bold:
            words = f'<strong style="font-weight:bold">{words}</strong>'
        return words

    def anchor(self, url: str, inner: str) -> str:
        """A live link; callers pass only addresses `is_clickable` allows."""
        style = f"color:{colour(self.palette.primary)};text-decoration:underline"
        return f"<a{attrs(href=url, style=style)}>{inner}</a>"

    def link_words(self, url: str, shown: str) -> str:
        """An address as printed, live when its scheme is safe."""
        return self.anchor(url, text(shown)) if is_clickable(url) else text(shown)
