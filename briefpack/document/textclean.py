"""Characters no output format can hold: found per field, reported, and removed.

XML (DOCX) cannot hold C0 controls other than tab and line ends, U+FFFE/U+FFFF
or lone surrogates (python-docx raises and leaves an empty paragraph behind);
in a PDF they print as boxes. Both renderers draw a tree cleaned here, and
`character_problems` tells the officer, field by field, what will be removed, and
where a character of the file could not be read (U+FFFD, put there on loading).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from typing import Any

from briefpack.model.jsonfile import REPLACEMENT
from briefpack.model.pack import Pack

# C0 controls but tab/newline/CR, DEL and the C1 controls, lone surrogates, and
# the Unicode non-characters (U+FDD0–U+FDEF and the last two of every plane).
_NONCHARACTERS = "\ufdd0-\ufdef\ufffe\uffff" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17)
)
UNSAFE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff{_NONCHARACTERS}]")

# Fields that are never printed, so their characters need no report.
_NOT_PRINTED = frozenset({"id", "origin", "kind", "style", "format", "version"})
META_TEXT_FIELDS = ("title", "subtitle", "audience", "author")


# Line and page breaks pasted from Word (vertical tab, form feed, NEL) keep their meaning.
_AS_NEWLINE = {"\x0b": "\n", "\x0c": "\n", "\x85": "\n"}


def clean_text(text: str) -> str:
    """`text` with line ends made "\\n", pasted breaks as "\\n", all else of UNSAFE removed."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return UNSAFE.sub(_replacement, text)


def _replacement(match: re.Match[str]) -> str:
    return _AS_NEWLINE.get(match.group(), "")


def unsafe_characters(text: str) -> list[str]:
    """The distinct characters of `text` that clean_text removes, in order of appearance."""
    return list(dict.fromkeys(UNSAFE.findall(text)))


def describe(char: str) -> str:
    """'control character', 'lone surrogate' or 'non-character': what kind of character it is."""
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        return "lone surrogate"
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return "control character"
    return "non-character"


def text_fields(pack: Pack) -> Iterator[tuple[int | None, str, str]]:
    """(section index or None, where, text) for every printed text field of the pack."""
    for name in META_TEXT_FIELDS:
        value = getattr(pack.meta, name)
        if value:
            yield None, f"meta.{name}", value
    for i, section in enumerate(pack.sections):
        for where, value in _fields_of(section, f"sections[{i}]"):
            yield i, where, value


def _fields_of(obj: Any, at: str) -> Iterator[tuple[str, str]]:
    for name in type(obj).model_fields:
        if name in _NOT_PRINTED:
            continue
        value = getattr(obj, name)
        if isinstance(value, str) and value:
            yield f"{at}.{name}", value
        elif isinstance(value, list):
            for row, item in enumerate(value):
                yield from _fields_of(item, f"{at}.{name}[{row}]")


# What model.jsonfile puts where the file held a character it could not read (a lone
# surrogate): printed as it is, so the officer should know and retype the character.
UNREADABLE_MESSAGE = (
    f"holds {REPLACEMENT} (U+FFFD): a character in the file could not be read; retype it"
)


def character_problems(pack: Pack) -> Iterator[tuple[int | None, str, str]]:
    """(section index or None, where, message) for each field holding characters to remove,
    or the mark of one that could not be read."""
    for section, where, text in text_fields(pack):
        found = unsafe_characters(text)
        parts = [UNREADABLE_MESSAGE] if REPLACEMENT in text else []
        if found:
            parts.append(_message(found))
        if parts:
            yield section, where, "; ".join(parts)


SHOWN = 20


def _message(found: list[str]) -> str:
    """e.g. 'control characters U+0007, U+001B will be removed; control character U+000B …'."""
    parts = []
    for action, chars in (
        ("will be removed", [c for c in found if c not in _AS_NEWLINE]),
        ("will become a line break", [c for c in found if c in _AS_NEWLINE]),
    ):
        for kind in dict.fromkeys(describe(c) for c in chars):
            mine = [c for c in chars if describe(c) == kind]
            codes = ", ".join(f"U+{ord(c):04X}" for c in mine[:SHOWN])
            more = f" and {len(mine) - SHOWN} more" if len(mine) > SHOWN else ""
            plural = "s" if len(mine) > 1 else ""
            parts.append(f"{kind}{plural} {codes}{more} {action}")
    return "; ".join(parts)


def clean_tree(node: Any) -> Any:
    """A document tree (any frozen dataclasses, tuples, str) with clean_text on every string.

    Unchanged parts are returned as they are, so a clean tree costs one scan.
    """
    if isinstance(node, str):
        return clean_text(node) if UNSAFE.search(node) or "\r" in node else node
    if isinstance(node, tuple):
        cleaned = tuple(clean_tree(item) for item in node)
        return node if all(a is b for a, b in zip(cleaned, node, strict=True)) else cleaned
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        changes = {}
        for field in dataclasses.fields(node):
            value = getattr(node, field.name)
            if isinstance(value, str | tuple) or dataclasses.is_dataclass(value):
                cleaned = clean_tree(value)
                if cleaned is not value:
                    changes[field.name] = cleaned
        return dataclasses.replace(node, **changes) if changes else node
    return node
