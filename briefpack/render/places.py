"""Where a section starts in a PDF: a plain value, light enough to pass between processes."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Place:
    """A spot in the PDF: page index (0-based) and points down from the page's top edge."""

    page: int
    top: float
