"""Counted words for the command line's lines: "1 section", "2 sections"."""

from __future__ import annotations


def counted(number: int, word: str, plural: str | None = None) -> str:
    """'1 section', '3 sections', '0 items'; `plural` for words not made with an s."""
    return f"{number} {word if number == 1 else plural or word + 's'}"
