"""Accessibility checks before a pack goes out, for the Checks panel and `briefpack validate`.

What a reader with a screen reader, low vision or little time meets in the handout:

- a picture whose alt text says nothing (none, "image", a file name);
- a heading that skips a level, at the field where the officer wrote it;
- link text that does not say where it goes ("click here", a long bare web address);
- brand colours with too little contrast for text (WCAG AA, 4.5:1), in exactly the pairs
  the design draws text in;
- sentences over 25 words in advice: a gentle hint (GOV.UK's plain-English guidance).

Markdown is read with the parser the handout is printed with (document/markdown.py), so
what is checked is what prints. Warnings and hints only: none of this stops an export.
No Qt.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from pathlib import PurePosixPath, PureWindowsPath

from markdown_it.tree import SyntaxTreeNode

from briefpack.document.findings import Finding
from briefpack.document.markdown import markdown_parser, safe_url
from briefpack.model.brand import Brand, find_brand
from briefpack.model.colour import AA_TEXT_CONTRAST, contrast_ratio, hex_rgb
from briefpack.model.errors import BriefpackError
from briefpack.model.pack import Pack
from briefpack.model.sections import (
    CalloutSection,
    ImageSection,
    LinksSection,
    QuoteSection,
    SectionBase,
    TextSection,
    ThreatLevelSection,
)

# The Markdown fields of each kind (docs/pack-format.md), and which of them are advice in the
# officer's own words: a quotation is someone else's, not theirs to shorten.
MARKDOWN_FIELDS: dict[type[SectionBase], tuple[str, ...]] = {
    TextSection: ("body",),
    ThreatLevelSection: ("note",),
    CalloutSection: ("body",),
    QuoteSection: ("body",),
}
ADVICE_KINDS = (TextSection, ThreatLevelSection, CalloutSection)

# GOV.UK's plain-English guidance: sentences of 25 words or fewer are easier to read.
LONG_SENTENCE_WORDS = 25

# ---- alt text ------------------------------------------------------------------------------

# Alt texts that name the kind of thing, not what it shows ("a photo." included).
MEANINGLESS_ALT = frozenset(
    {"image", "picture", "photo", "photograph", "logo", "graphic", "img", "pic", "icon"}
)
IMAGE_SUFFIXES = (
    ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp", ".svg", ".heic"
)  # fmt: skip
_ALT_GROUP = "image-alt"
_ALT_GROUP_TEXT = "{count} images have no alt text that says what they show"


def alt_findings(section: ImageSection, index: int) -> Iterator[Finding]:
    """At most one warning for the picture's alt text: missing, a word for "picture", or its
    file's name. A screen reader reads that out instead of what the picture shows."""
    alt = " ".join(section.alt.split())
    problem = _alt_problem(alt, section.path)
    if problem:
        yield Finding(
            index,
            f"sections[{index}].alt",
            "warning",
            problem,
            group=_ALT_GROUP,
            group_text=_ALT_GROUP_TEXT,
        )


def _alt_problem(alt: str, path: str) -> str:
    if not alt:
        return "image has no alt text: say what the picture shows"
    shown = _quoted(alt)
    if _plain_words(alt) in MEANINGLESS_ALT:
        return f"alt text {shown} does not say what the picture shows: describe the picture"
    if _is_file_name(alt, path):
        return f"alt text {shown} is a file name: say what the picture shows"
    return ""


def _plain_words(text: str) -> str:
    """'A photo.' → 'photo': lower case, no punctuation, no leading article."""
    words = re.sub(r"[^\w\s]", " ", text.casefold()).split()
    if len(words) > 1 and words[0] in ("a", "an", "the"):
        words = words[1:]
    return " ".join(words)


def _is_file_name(alt: str, path: str) -> bool:
    """'IMG_0042.jpg', or the picture's own file name with or without its suffix."""
    text = alt.casefold()
    if text.endswith(IMAGE_SUFFIXES):
        return True
    # A pack written on Windows may hold back slashes: either kind of path names the file.
    names = {p.name.casefold() for p in (PurePosixPath(path), PureWindowsPath(path))}
    stems = {p.stem.casefold() for p in (PurePosixPath(path), PureWindowsPath(path))}
    return text in (names | stems) - {""}


# ---- headings ------------------------------------------------------------------------------


def heading_findings(tree: SyntaxTreeNode, index: int, where: str) -> Iterator[Finding]:
    """Headings written deeper than one level below the one before them in the field.

    The section's own heading counts as level 1, so "## Heading" (the sub-heading the pack
    format documents) and "# Heading" may open a field; compose then keeps the printed
    levels in step (HeadingLevels), but what was written is reported where it was written,
    for the officer to put right.
    """
    previous = 1
    for node in tree.walk():
        if node.type != "heading":
            continue
        level = int(node.tag[1:])
        if level > previous + 1:
            yield Finding(
                index,
                where,
                "warning",
                _skip_message(_inline_text(node), previous, level),
                group="a11y:heading-skip",
                group_text="{count} headings skip a level",
            )
        previous = level


def _skip_message(text: str, previous: int, level: int) -> str:
    title = _quoted(text) if text.strip() else "with no words"
    wanted = previous + 1
    return (
        f"heading {title} jumps from level {previous} to level {level}: make it a level "
        f"{wanted} heading ({'#' * wanted}) so that no level is skipped"
    )


# ---- links ---------------------------------------------------------------------------------

# Link text that says nothing out of context (a screen reader's list of links has none).
VAGUE_LINK_TEXT = frozenset(
    {
        "here", "click here", "click", "click this link", "this link", "link", "more",
        "read more", "more info", "more information", "find out more", "learn more",
        "this", "this page", "website", "web page",
    }
)  # fmt: skip
# A web address as link text is fine on paper when it is short and readable ("gov.uk/ACT"):
# the reader types it. One with "https://", a query, or longer than this is read out
# character by character and is hard to type: say where it goes instead.
LONGEST_READABLE_ADDRESS = 40
_ADDRESS = re.compile(r"(?:https?://|www\.)\S+|[\w-]+(?:\.[\w-]+)+(?:[/:?#]\S*)?", re.IGNORECASE)
_LINK_GROUP_TEXT = "{count} links do not say where they go"


def link_findings(tree: SyntaxTreeNode, index: int, where: str) -> Iterator[Finding]:
    """Links (those that print as links) whose text does not say where they go."""
    for node in tree.walk():
        if node.type != "link" or safe_url(str(node.attrs.get("href", ""))) is None:
            continue
        problem = link_text_problem(" ".join(_inline_text(node).split()))
        if problem:
            yield Finding(
                index, where, "warning", problem, group="a11y:link", group_text=_LINK_GROUP_TEXT
            )


def link_text_problem(text: str) -> str:
    """Why a link's text does not say where it goes, or "" when it does."""
    if not text:
        return "a link has no text: say where it goes"
    if _plain_words(text) in VAGUE_LINK_TEXT:
        return f"link text {_quoted(text)} does not say where it goes: name what it opens"
    if _is_hard_address(text):
        return (
            f"link text {_quoted(text)} is only a web address: say where it goes (a short "
            "address without https:// may stay beside it for readers on paper)"
        )
    return ""


def _is_hard_address(text: str) -> bool:
    if not _ADDRESS.fullmatch(text) or "@" in text:  # an email address is what people need
        return False
    return (
        "://" in text
        or len(text) > LONGEST_READABLE_ADDRESS
        or any(mark in text for mark in "?=&%#")
    )


def link_label_findings(section: LinksSection, index: int) -> Iterator[Finding]:
    """Key websites: the name beside the address is what says where it goes, so it must not
    be "click here" (the address itself is shown on purpose, for readers on paper)."""
    for row, item in enumerate(section.items):
        label = " ".join(item.label.split())
        if label and _plain_words(label) in VAGUE_LINK_TEXT:
            yield Finding(
                index,
                f"sections[{index}].items[{row}].label",
                "warning",
                f"link name {_quoted(label)} does not say where it goes: name what it opens",
                group="a11y:link",
                group_text=_LINK_GROUP_TEXT,
            )


# ---- long sentences ------------------------------------------------------------------------

# A sentence ends at . ! ? or … (closing quotes and brackets after it), or at a line break.
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+|\s*\n\s*")
_PLACEHOLDER = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_QUOTED_WORDS, _QUOTED_CHARS = 8, 50  # of a long sentence, quoted to find it by


def sentence_findings(tree: SyntaxTreeNode, index: int, where: str) -> Iterator[Finding]:
    """A hint for each sentence over LONG_SENTENCE_WORDS words in the field's paragraphs
    (list items included; headings are not sentences)."""
    for node in tree.walk():
        if node.type != "paragraph":
            continue
        for sentence in _SENTENCE_END.split(_inline_text(node, hard_break="\n")):
            count = word_count(sentence)
            if count > LONG_SENTENCE_WORDS:
                yield Finding(
                    index,
                    where,
                    "hint",
                    f"the sentence {_opening(sentence)} has {count} words: sentences of "
                    f"{LONG_SENTENCE_WORDS} words or fewer are easier to read, so think "
                    "about splitting it",
                    group="a11y:long-sentence",
                    group_text=f"{{count}} sentences are longer than {LONG_SENTENCE_WORDS} "
                    "words: shorter ones are easier to read",
                )


def word_count(sentence: str) -> int:
    """Words as a reader meets them: a placeholder is one word ("{{ pack.date }}"), a
    {% tag %} none, and a dash or bullet standing alone no word at all."""
    text = _PLACEHOLDER.sub(lambda m: " x " if m.group().startswith("{{") else " ", sentence)
    return sum(1 for token in text.split() if re.search(r"\w", token))


def _opening(sentence: str) -> str:
    """The sentence's first words, quoted and cut at a word: '"On {{ pack.date }} the…"'."""
    words = re.findall(r"\{\{.*?\}\}|\S+", sentence)
    shown: list[str] = []
    for word in words[:_QUOTED_WORDS]:
        if shown and len(" ".join([*shown, word])) > _QUOTED_CHARS:
            break
        shown.append(word)
    more = "…" if len(shown) < len(words) else ""
    return _quoted(" ".join(shown) + more, limit=_QUOTED_CHARS + 1)


# ---- brand colours -------------------------------------------------------------------------

WHITE = "#FFFFFF"
# Every pair of colours the design draws text in (render/design/styles.py and tables.py
# choose the text's colour; the writers' boxes its ground), with what is drawn so. Each has
# text of body size or smaller, so each needs AA's 4.5:1 (the 3:1 of large text is not
# enough). "white" is the page, or the white text on the band and call-out titles.
CONTRAST_PAIRS: tuple[tuple[str, str, str], ...] = (
    ("text", "white", "body text"),
    ("text", "panel", "text in the threat panel, tiles and info call-outs"),
    ("muted", "white", "captions, notes, attributions and the footer"),
    ("muted", "panel", "dates, sources and the panel title in shaded boxes"),
    ("primary", "white", "headings, figures and links"),
    ("primary", "panel", "figures and links in shaded boxes"),
    ("white", "primary", "the running header and info call-out titles"),
    ("white", "accent", "alert call-out titles"),
)


def contrast_findings(brand: Brand) -> Iterator[Finding]:
    """One warning per pair of the brand's colours under WCAG AA contrast for text."""
    for text, ground, what in CONTRAST_PAIRS:
        ratio = contrast_ratio(hex_rgb(_colour(brand, text)), hex_rgb(_colour(brand, ground)))
        if ratio < AA_TEXT_CONTRAST:
            shown = f"{_shown_ratio(ratio):.2f}"
            yield Finding(
                None,
                "meta.brand",
                "warning",
                f"brand {brand.id!r}: {what} ({_colour_words(brand, text)} on "
                f"{_colour_words(brand, ground)}) has contrast {shown}:1; WCAG AA needs "
                f"{AA_TEXT_CONTRAST}:1",
                group=f"a11y:contrast:{brand.id}",
                group_text=f"brand {_braced(brand.id)!r}: {{count}} pairs of its colours have "
                "too little contrast for text",
            )


def _shown_ratio(ratio: float) -> float:
    """Rounded to two places, but cut when rounding would reach the 4.5 it fails to reach
    (4.497 reads 4.49, not 4.50)."""
    rounded = round(ratio, 2)
    return math.floor(ratio * 100) / 100 if rounded >= AA_TEXT_CONTRAST else rounded


def _colour(brand: Brand, name: str) -> str:
    return WHITE if name == "white" else str(getattr(brand, name))


def _colour_words(brand: Brand, name: str) -> str:
    """'white', or the brand's field and its value: 'muted colour #777777'."""
    return "white" if name == "white" else f"{name} colour {_colour(brand, name).upper()}"


# ---- the whole pack ------------------------------------------------------------------------


def a11y_findings(pack: Pack, brand: Brand | None = None) -> list[Finding]:
    """Every accessibility finding in `pack`, in pack order; the brand's colours are those of
    `brand`, else the pack's brand (none when it cannot be found: compose says so)."""
    findings: list[Finding] = []
    for index, section in enumerate(pack.sections):
        findings.extend(section_findings(section, index))
    if brand is None:
        try:
            brand = find_brand(pack.meta.brand)
        except BriefpackError:
            brand = None
    if brand is not None:
        findings.extend(contrast_findings(brand))
    return findings


def section_findings(section: SectionBase, index: int) -> Iterator[Finding]:
    if isinstance(section, ImageSection):
        yield from alt_findings(section, index)
    elif isinstance(section, LinksSection):
        yield from link_label_findings(section, index)
    for name in MARKDOWN_FIELDS.get(type(section), ()):
        source = getattr(section, name) or ""
        if not source.strip():
            continue
        where = f"sections[{index}].{name}"
        tree = SyntaxTreeNode(markdown_parser().parse(source))
        yield from heading_findings(tree, index, where)
        yield from link_findings(tree, index, where)
        if isinstance(section, ADVICE_KINDS):
            yield from sentence_findings(tree, index, where)


# ---- words ---------------------------------------------------------------------------------


def _inline_text(node: SyntaxTreeNode, hard_break: str = " ") -> str:
    """The words of a heading, paragraph or link as printed: no Markdown marks."""
    kind = node.type
    if kind in ("text", "code_inline"):
        return node.content
    if kind == "softbreak":
        return " "
    if kind == "hardbreak":
        return hard_break
    return "".join(_inline_text(child, hard_break) for child in node.children)


def _quoted(text: str, limit: int = 60) -> str:
    """Text in double quotes for a message, cut with "…" when long."""
    text = " ".join(text.split())
    return f'"{text if len(text) <= limit else text[: limit - 1] + "…"}"'


def _braced(text: str) -> str:
    """Text for a group_text, which is a format string: its braces are its own."""
    return text.replace("{", "{{").replace("}", "}}")
