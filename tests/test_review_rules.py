"""When content is due another look (model/review.py): one rule for the Library dock, the
Update figures dialog and the checks."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from briefpack.model.library import LibraryItem
from briefpack.model.review import (
    MAX_FIGURE_AGE_MONTHS,
    REVIEW_MONTHS,
    figure_is_old,
    last_checked,
    review_due,
)
from briefpack.model.sections import TextSection

DATES = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))


def item(updated: date, reviewed: date | None = None) -> LibraryItem:
    return LibraryItem(
        id="user.x",
        name="X",
        category="advice",
        updated=updated,
        reviewed=reviewed,
        section=TextSection(kind="text", body="Lock the door."),
    )


def test_a_review_is_due_after_twelve_whole_months():
    reviewed = item(date(2020, 1, 1), reviewed=date(2025, 3, 15))
    assert not review_due(reviewed, date(2026, 3, 15))  # exactly twelve months: not yet
    assert not review_due(reviewed, date(2026, 4, 14))
    assert review_due(reviewed, date(2026, 4, 15))  # thirteen whole months


def test_an_item_never_reviewed_counts_from_its_last_change():
    never = item(date(2025, 6, 1))
    assert last_checked(never) == date(2025, 6, 1)
    assert not review_due(never, date(2026, 6, 30))
    assert review_due(never, date(2026, 7, 1))
    # A review counts, not a later change: reviewed long ago, changed yesterday, still due.
    changed = item(date(2026, 6, 30), reviewed=date(2024, 1, 1))
    assert last_checked(changed) == date(2024, 1, 1) and review_due(changed, date(2026, 7, 1))


def test_the_number_of_months_can_be_given():
    old = item(date(2026, 1, 1))
    assert review_due(old, date(2026, 5, 1), months=3)
    assert not review_due(old, date(2026, 5, 1))


def test_a_figure_is_old_when_undated_or_over_twelve_months():
    assert figure_is_old(None, date(2026, 1, 1))
    assert not figure_is_old(date(2025, 1, 1), date(2026, 1, 1))
    assert figure_is_old(date(2025, 1, 1), date(2026, 2, 1))
    assert not figure_is_old(date(2025, 1, 1), date(2026, 2, 1), months=24)


@given(DATES, DATES, DATES)
def test_once_due_a_review_stays_due(checked, today, later):
    today, later = sorted((today, later))
    if review_due(item(checked, reviewed=checked), today):
        assert review_due(item(checked, reviewed=checked), later)


@given(DATES, DATES)
def test_library_items_and_figures_grow_old_together(checked, today):
    assert REVIEW_MONTHS == MAX_FIGURE_AGE_MONTHS  # the Checks panel says "12 months" of both
    assert review_due(item(checked, reviewed=checked), today) == figure_is_old(checked, today)
