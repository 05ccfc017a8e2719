"""When content is due another look: library items not reviewed lately, figures grown old.

One place for these rules, so the Library dock, the Update figures dialog and the command
line mark the same items (document/freshness.py and document/checks.py take the number of
months as a parameter, with these as the defaults).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from briefpack.model.dates import months_between

if TYPE_CHECKING:
    from briefpack.model.library import LibraryItem

REVIEW_MONTHS = 12  # a library item not reviewed for longer is due a review
MAX_FIGURE_AGE_MONTHS = 12  # a figure dated longer ago is old: look it up again


def last_checked(item: LibraryItem) -> date:
    """When someone last looked at the item: its review, else (never reviewed) its change."""
    return item.reviewed or item.updated


def review_due(item: LibraryItem, today: date, months: int = REVIEW_MONTHS) -> bool:
    """True when the item was last checked more than `months` whole months before `today`."""
    return months_between(last_checked(item), today) > months


def figure_is_old(as_of: date | None, today: date, months: int = MAX_FIGURE_AGE_MONTHS) -> bool:
    """True when a figure has no date, or is dated more than `months` whole months ago."""
    return as_of is None or months_between(as_of, today) > months
