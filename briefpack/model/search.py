"""Find words across a pack, in the text the editor shows (Edit ▸ Find).

Every field a user can see and type in is searched, in pack order: the pack settings
(title, subtitle, audience, author), then each section's fields in the order its form
shows them, statistics and links rows included. Ids, picture files and dates are not
searched. Markdown fields are searched in the text the rich editor shows: no stars, no
link addresses, one line per paragraph (the GUI passes Qt's own reading of the Markdown;
the markdown-it reading here agrees with it on real text). Positions count characters of
that text; each hit also carries its `occurrence`, the n-th hit in its field, so an editor
whose text has moved on since can still find the same words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from briefpack.model.pack import Pack
from briefpack.model.sections import Section

# Where a field lives, as the GUI names it: ("meta",), ("section", row), ("item", row, item).
Target = tuple[Any, ...]
META_FIELDS = ("title", "subtitle", "audience", "author")
# (field, is Markdown) per kind, in the order the section's form shows them.
SECTION_FIELDS: dict[str, tuple[tuple[str, bool], ...]] = {
    "text": (("title", False), ("body", True)),
    "threat_level": (("title", False), ("note", True)),
    "callout": (("title", False), ("body", True)),
    "quote": (("body", True), ("speaker", False), ("role", False)),
    "statistics": (("title", False),),
    "links": (("title", False),),
    "image": (("alt", False), ("caption", False)),
    "page_break": (),
}
ITEM_FIELDS: dict[str, tuple[str, ...]] = {
    "statistics": ("value", "label", "source"),
    "links": ("label", "url", "phone", "note"),
}
LINE_SEPARATOR = "\u2028"  # a hard line break, as the rich editor keeps it
NBSP = "\u00a0"
_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class Hit:
    """One match: where (`target`, `field`) and which characters [start, end) of the
    field's shown text (for Markdown fields: of `shown_text(markdown)`)."""

    section: int | None  # the section's row; None for the pack settings
    target: Target
    field: str
    start: int
    end: int
    occurrence: int  # 0 for the first hit in this field, 1 for the next…


@dataclass(frozen=True)
class SearchField:
    section: int | None
    target: Target
    field: str
    text: str
    markdown: bool


# ---- what is searched ------------------------------------------------------------------------


def search_fields(pack: Pack) -> Iterator[SearchField]:
    """Every user-visible text field of the pack, in pack order (empty ones left out)."""
    meta = pack.meta
    for name in META_FIELDS:
        value = getattr(meta, name)
        if value:
            yield SearchField(None, ("meta",), name, value, False)
    for row, section in enumerate(pack.sections):
        yield from _section_fields(row, section)


def _section_fields(row: int, section: Section) -> Iterator[SearchField]:
    for name, markdown in SECTION_FIELDS[section.kind]:
        value = getattr(section, name)
        if value:
            yield SearchField(row, ("section", row), name, value, markdown)
    for item_row, item in enumerate(getattr(section, "items", None) or []):
        for name in ITEM_FIELDS[section.kind]:
            value = getattr(item, name)
            if value:
                yield SearchField(row, ("item", row, item_row), name, str(value), False)


# ---- Markdown as the rich editor shows it ------------------------------------------------------


@cache
def _parser() -> MarkdownIt:
    # The rich editor reads CommonMark with raw HTML (Qt draws the tags, not their text).
    return MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})


def _inline_text(token: Token) -> str:
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append(LINE_SEPARATOR)
        # links, emphasis, images and inline HTML tags show no text of their own
    return "".join(parts)


def shown_blocks(markdown: str) -> list[str]:
    """The paragraphs, headings, list items and code lines the rich editor shows."""
    blocks: list[str] = []
    for token in _parser().parse(markdown):
        if token.type == "inline":
            blocks.append(_inline_text(token))
        elif token.type in ("fence", "code_block"):
            blocks.extend(token.content.rstrip("\n").split("\n"))
        elif token.type == "html_block":
            blocks.extend(line for line in _TAG.sub("", token.content).split("\n") if line)
    return blocks


def shown_text(markdown: str) -> str:
    """`shown_blocks` one per line: a search for one line of words never spans two."""
    return "\n".join(shown_blocks(markdown))


# ---- matching ----------------------------------------------------------------------------------


def fold_case(text: str) -> str:
    """Lower case, one character for one, so positions in it are positions in `text`."""
    return "".join(low if len(low := c.lower()) == 1 else c for c in text)


def find_all(haystack: str, needle: str, *, case_sensitive: bool = False) -> list[int]:
    """Start of every match, left to right, not overlapping (as a word processor steps)."""
    if not needle:
        return []
    if not case_sensitive:
        haystack, needle = fold_case(haystack), fold_case(needle)
    starts: list[int] = []
    at = haystack.find(needle)
    while at >= 0:
        starts.append(at)
        at = haystack.find(needle, at + len(needle))
    return starts


def find_in_pack(
    pack: Pack,
    text: str,
    *,
    case_sensitive: bool = False,
    shown_markdown: Callable[[str], str] = shown_text,
) -> list[Hit]:
    """Every match of `text` in the pack's visible text fields, in pack order.

    `shown_markdown` turns a Markdown field into the text its editor shows, one line per
    paragraph; the GUI passes Qt's own reading (or the source, when the user edits the
    Markdown itself) so that hits are counted in exactly the text on screen.
    """
    # The find box is one line; a no-break space looks like a space, so it finds one.
    needle = text.replace("\n", " ").replace(NBSP, " ")
    hits: list[Hit] = []
    for field in search_fields(pack):
        shown = shown_markdown(field.text) if field.markdown else field.text
        starts = find_all(shown.replace(NBSP, " "), needle, case_sensitive=case_sensitive)
        hits.extend(
            Hit(field.section, field.target, field.field, start, start + len(needle), n)
            for n, start in enumerate(starts)
        )
    return hits
