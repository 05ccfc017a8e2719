"""A section as 'field: value' lines: what a person compares between two versions of it.

Used to tell whether a pack's section still says what its library item says, and to show
the difference (library.origin_status), and to search library items by their text.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from briefpack.model.sections import Section

# Fields that say where a section is or came from, not what it says.
_PLACE_FIELDS = frozenset({"id", "origin", "origin_updated"})


def section_lines(section: Section) -> list[str]:
    """The section's content as 'field: value' lines (Markdown split at line breaks), ids
    left out: what a person would compare."""
    return list(_lines(section.model_dump(mode="json"), ""))


def _lines(value: Any, at: str) -> Iterator[str]:
    if isinstance(value, dict):
        for key, inner in value.items():
            if key not in _PLACE_FIELDS:
                yield from _lines(inner, f"{at}.{key}" if at else key)
    elif isinstance(value, list):
        for row, inner in enumerate(value):
            yield from _lines(inner, f"{at}[{row}]")
    elif isinstance(value, str) and "\n" in value:
        yield f"{at}:"
        yield from (f"  {line}" for line in value.split("\n"))
    else:
        yield f"{at}: {value}"
