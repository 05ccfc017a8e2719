"""Dates as the handout prints them: '1 August 2016'."""

from __future__ import annotations

from datetime import date

_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def long_date(d: date) -> str:
    """'1 August 2016' — no leading zero, English month names whatever the locale."""
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def months_between(earlier: date, later: date) -> int:
    """Whole calendar months from `earlier` to `later` (negative if reversed)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if later.day < earlier.day:
        months -= 1
    return months
