"""Markdown in text fields → document nodes, parsed by markdown-it-py."""

from __future__ import annotations

from functools import cache

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from briefpack.document.nodes import (
    Block,
    Heading,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    ListItem,
    Paragraph,
    Text,
)
from briefpack.model.sections import ALLOWED_URL_SCHEMES


@cache
def markdown_parser() -> MarkdownIt:
    # commonmark without raw HTML: a '<b>' typed by an officer is text, not markup.
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    return md.disable(["html_block", "html_inline", "image"])


def parse_blocks(source: str) -> tuple[Block, ...]:
    tree = SyntaxTreeNode(markdown_parser().parse(source))
    return tuple(b for child in tree.children for b in _block(child))


def parse_inlines(source: str) -> tuple[Inline, ...]:
    """A one-line field (a title, a label) with emphasis but no blocks."""
    blocks = parse_blocks(source)
    out: list[Inline] = []
    for block in blocks:
        if out:
            out.append(Text(" "))
        out.extend(block.inlines if isinstance(block, Paragraph | Heading) else [])
    return tuple(out)


def safe_url(url: str) -> str | None:
    """Full URL for a link target, or None for a scheme we never print as a link."""
    text = url.strip()
    if text.lower().startswith(ALLOWED_URL_SCHEMES):
        return text
    if text.lower().startswith("www."):
        return "https://" + text
    return None


def _block(node: SyntaxTreeNode) -> list[Block]:
    kind = node.type
    if kind == "paragraph":
        return [Paragraph(_inlines(node.children[0]))]
    if kind == "heading":
        level = min(int(node.tag[1]) + 1, 3)
        return [Heading(level, _inlines(node.children[0]))]
    if kind in ("bullet_list", "ordered_list"):
        return [_list(node)]
    if kind in ("code_block", "fence"):
        return [Paragraph(_lines_as_inlines(node.content.rstrip("\n")))]
    if kind == "blockquote":
        return [b for child in node.children for b in _block(child)]
    return []  # hr and anything else carries no text


def _list(node: SyntaxTreeNode) -> ListBlock:
    items = tuple(
        ListItem(tuple(b for c in item.children for b in _block(c))) for item in node.children
    )
    start = int(node.attrs.get("start", 1)) if node.type == "ordered_list" else 1
    return ListBlock(ordered=node.type == "ordered_list", items=items, start=start)


def _lines_as_inlines(text: str) -> tuple[Inline, ...]:
    out: list[Inline] = []
    for i, line in enumerate(text.split("\n")):
        if i:
            out.append(LineBreak())
        out.append(Text(line))
    return tuple(out)


def _inlines(
    inline: SyntaxTreeNode, bold: bool = False, italic: bool = False
) -> tuple[Inline, ...]:
    out: list[Inline] = []
    for child in inline.children:
        out.extend(_inline(child, bold, italic))
    return _merge(out)


def _inline(node: SyntaxTreeNode, bold: bool, italic: bool) -> list[Inline]:
    kind = node.type
    if kind in ("text", "code_inline"):
        return [Text(node.content, bold, italic)]
    if kind == "softbreak":
        return [Text(" ", bold, italic)]
    if kind == "hardbreak":
        return [LineBreak()]
    if kind == "strong":
        return list(_inlines(node, True, italic))
    if kind == "em":
        return list(_inlines(node, bold, True))
    if kind == "link":
        children = _inlines(node, bold, italic)
        url = safe_url(str(node.attrs.get("href", "")))
        return [Link(url, children)] if url else list(children)
    return [Text(node.content, bold, italic)] if node.content else []


def _merge(nodes: list[Inline]) -> tuple[Inline, ...]:
    """Join neighbouring text runs of the same style (fewer, longer runs render faster)."""
    out: list[Inline] = []
    for node in nodes:
        prev = out[-1] if out else None
        if (
            isinstance(node, Text)
            and isinstance(prev, Text)
            and (prev.bold, prev.italic) == (node.bold, node.italic)
        ):
            out[-1] = Text(prev.text + node.text, node.bold, node.italic)
        else:
            out.append(node)
    return tuple(out)
