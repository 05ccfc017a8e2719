"""Long paragraphs cut into pieces reportlab lays out quickly, joined again as one."""

from __future__ import annotations

import re

from briefpack.document.nodes import Inline, LineBreak, Link, Text

# reportlab re-breaks the rest of a paragraph at every page split: one 1 MB
# paragraph takes minutes, the same text as 2 KB paragraphs a fraction of a second.
CHUNK_CHARS = 2000
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+")


def split_inlines(
    inlines: tuple[Inline, ...], limit: int = CHUNK_CHARS
) -> list[tuple[Inline, ...]]:
    """Inlines cut into runs of about `limit` characters, at a sentence or word where possible.

    Joined again the pieces hold exactly the original text: nothing is added,
    dropped or reordered, except a line break where a cut falls on one.
    """
    if sum(_length(node) for node in inlines) <= limit:
        return [inlines]
    chunks: list[tuple[Inline, ...]] = []
    current: list[Inline] = []
    size = 0
    for node in inlines:
        if isinstance(node, LineBreak) and size >= limit // 2:
            chunks.append(tuple(current))  # the paragraph break stands for the line break
            current, size = [], 0
            continue
        for piece in _pieces(node, limit):
            length = _length(piece)
            if current and size + length > limit:
                chunks.append(tuple(current))
                current, size = [], 0
            current.append(piece)
            size += length
    if current:
        chunks.append(tuple(current))
    return chunks


def _length(node: Inline) -> int:
    if isinstance(node, Text):
        return len(node.text)
    if isinstance(node, Link):
        return sum(_length(child) for child in node.children)
    return 1


def _pieces(node: Inline, limit: int) -> list[Inline]:
    """A node as pieces of at most `limit` characters (a long link stays a link per piece)."""
    if isinstance(node, Text) and len(node.text) > limit:
        return [Text(part, node.bold, node.italic) for part in cut_text(node.text, limit)]
    if isinstance(node, Link) and _length(node) > limit:
        return [Link(node.url, chunk) for chunk in split_inlines(node.children, limit)]
    return [node]


def cut_text(text: str, limit: int) -> list[str]:
    """Text in pieces of at most `limit` characters, cut after a sentence, else a space."""
    parts = []
    while len(text) > limit:
        window = text[:limit]
        cut = 0
        for match in _SENTENCE_END.finditer(window, limit // 2):
            cut = match.end()
        if not cut:
            space = max(window.rfind(" "), window.rfind("\n"))
            cut = space + 1 if space > limit // 4 else limit
        parts.append(text[:cut])
        text = text[cut:]
    parts.append(text)
    return parts
