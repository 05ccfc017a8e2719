"""What every part of the HTML walk shares: the context, text as escaped markup, links, and
the dispatch on node type.

User text reaches the page only through `text()` and `attr()` (html.escape), so nothing a
user types becomes markup; a link is live only for the schemes render/design/links.py allows.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass, replace

from briefpack.document import nodes as n
from briefpack.render.blocks import dispatch_table
from briefpack.render.design import Design
from briefpack.render.design.links import is_clickable
from briefpack.render.html.css import style_class

HIGHEST_HEADING = 6  # HTML has h1 to h6


def text(value: str) -> str:
    """Words as HTML text."""
    return html.escape(value, quote=False)


def attr(value: str) -> str:
    """A value for a double-quoted attribute."""
    return html.escape(value, quote=True)


def lines(value: str) -> str:
    """A plain text field whose line breaks are kept (a note, a caption)."""
    return "<br>".join(text(line) for line in value.split("\n"))


@dataclass(frozen=True)
class Context:
    """Where blocks are being written: the design's text style for paragraphs, list depth."""

    style: str = "body"
    list_depth: int = 0

    def nested(self, style: str) -> Context:
        return replace(self, style=style)


class WalkerBase:
    """Turns nodes into HTML; one instance per render (it tracks the heading levels)."""

    def __init__(self, design: Design) -> None:
        self.design = design
        self.look = design.blocks
        self.last_heading = 0  # the level of the last <hN> written: none yet
        self._dispatch = dispatch_table(self)

    def blocks(self, blocks: Iterable[n.Block], ctx: Context) -> str:
        return "".join(self._dispatch[type(block)](block, ctx) for block in blocks)

    def heading_level(self, wanted: int) -> int:
        """`wanted`, or one below the last heading if that would skip a level."""
        level = min(wanted, self.last_heading + 1, HIGHEST_HEADING)
        self.last_heading = level
        return level

    def para(self, body: str, style: str, tag: str = "p") -> str:
        return f'<{tag} class="{style_class(style)}">{body}</{tag}>'

    # ---- inline -------------------------------------------------------------

    def inline(self, inlines: Iterable[n.Inline]) -> str:
        return "".join(self._inline(node) for node in inlines)

    def _inline(self, node: n.Inline) -> str:
        if isinstance(node, n.Text):
            out = lines(node.text)
            if node.italic:
                out = f"<em>{out}</em>"
            if node.bold:
                out = f"<strong>{out}</strong>"
            return out
        if isinstance(node, n.LineBreak):
            return "<br>"
        inner = self.inline(node.children)
        return self.link(node.url, inner) if inner else ""

    def link(self, url: str, inner: str) -> str:
        """A live link around escaped markup; any other scheme stays plain text."""
        if not is_clickable(url):
            return inner
        return f'<a href="{attr(url)}">{inner}</a>'
