"""Reading a date an officer types: every way they write one, and nothing else, ever."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from briefpack.model.dates import DateTextError, long_date, parse_user_date
from briefpack.model.errors import BriefpackError

DEC_3 = date(2026, 12, 3)
# Years are four digits; strftime("%Y") writes years before 1000 without padding on Linux.
DATES = st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31))


@pytest.mark.parametrize(
    "text",
    [
        "3 December 2026",
        "3 Dec 2026",
        "3 Dec. 2026",
        "3rd December 2026",
        "3 december, 2026",
        "  3   DECEMBER   2026 ",
        "December 3, 2026",
        "Dec 3 2026",
        "3/12/2026",
        "03/12/2026",
        "3 / 12 / 2026",
        "3.12.2026",
        "03-12-2026",
        "2026-12-03",
        "2026/12/3",
        "Thursday 3 December 2026",
        "Thu, 3 Dec 2026",
    ],
)
def test_every_usual_way_of_writing_3_december_2026(text):
    assert parse_user_date(text) == DEC_3


def test_numbers_are_read_day_first_as_in_the_uk():
    assert parse_user_date("4/3/2026") == date(2026, 3, 4)
    assert parse_user_date("12/1/2026") == date(2026, 1, 12)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31/2/2026", "“31/2/2026” is not a date: February has 28 days in 2026"),
        ("29/2/2025", "February has 28 days in 2025"),
        ("31 April 2026", "April has 30 days"),
        ("0/4/2026", "there is no day 0"),
        ("3/13/2026", "there is no month 13"),
        ("12/25/2026", "there is no month 25 (the day comes first: 25/12/2026)"),
        ("3/12/26", "write the year in full, e.g. 2026"),
        ("3 December 26", "write the year in full"),
        ("3/12/0999", "the year must be between 1000 and 9999"),
        ("3/12/20261", "the year must be between 1000 and 9999"),
        ("3 Decmber 2026", "“Decmber” is not a month"),
        ("3 December", "add the year"),
        ("3/12", "add the year"),
        ("Monday 3 December 2026", "3 December 2026 is a Thursday, not a Monday"),
        ("3/12.2026", "cannot read it"),
        ("next Tuesday", "cannot read it; write it as 3 December 2026, 3/12/2026 or 2026-12-03"),
        ("", "Type a date"),
        ("   ", "Type a date"),
        ("٣/١٢/٢٠٢٦", "cannot read it"),  # Arabic-Indic digits are not read as 0-9
    ],
)
def test_anything_else_is_refused_with_a_reason(text, message):
    with pytest.raises(DateTextError) as caught:
        parse_user_date(text)
    assert message in str(caught.value)


def test_the_error_is_a_briefpack_error_and_a_value_error():
    with pytest.raises(BriefpackError):
        parse_user_date("31/2/2026")
    with pytest.raises(ValueError):
        parse_user_date("31/2/2026")


def test_a_long_bad_text_is_shortened_in_the_message():
    with pytest.raises(DateTextError) as caught:
        parse_user_date("x" * 500)
    assert len(str(caught.value)) < 160


# ---- properties --------------------------------------------------------------------------


@given(DATES)
def test_the_ways_briefpack_and_computers_write_a_date_read_back(d):
    assert parse_user_date(long_date(d)) == d
    assert parse_user_date(d.isoformat()) == d
    assert parse_user_date(d.strftime("%d/%m/%Y")) == d
    assert parse_user_date(f"{d.day}.{d.month}.{d.year}") == d
    assert parse_user_date(d.strftime("%B %d, %Y")) == d
    assert parse_user_date(d.strftime("%a %d %b %Y")) == d


@given(
    day=st.integers(0, 40),
    month=st.integers(0, 14),
    year=st.integers(0, 12000),
    sep=st.sampled_from("/.-"),
)
def test_numbers_give_that_very_date_or_a_reason(day, month, year, sep):
    text = f"{day}{sep}{month}{sep}{year}"
    try:
        expected = date(year, month, day) if 1000 <= year <= 9999 else None
    except ValueError:
        expected = None
    if expected is None:
        with pytest.raises(DateTextError, match="is not a date"):
            parse_user_date(text)
    else:
        assert parse_user_date(text) == expected


_NUMBERS = re.compile(r"\d+", re.ASCII)
_MONTH_NAMES = [long_date(date(2000, m, 1)).split()[1].lower() for m in range(1, 13)]


def _agrees_with(found: date, text: str) -> bool:
    """Whether the text really says `found`: its year, day and month are all written there."""
    numbers = [int(n) for n in _NUMBERS.findall(text)]
    words = re.findall(r"[a-z]+", text.lower(), re.ASCII)
    month_named = any(
        len(w) >= 3 and _MONTH_NAMES[found.month - 1].startswith(w.replace("sept", "sep"))
        for w in words
    )
    return (
        found.year in numbers
        and found.day in numbers
        and (found.month in numbers or month_named)
        and f"{found.year:04d}" in text
    )


DATE_ALPHABET = st.sampled_from(list("0123456789 /.-,thsndrTHSNDR") + _MONTH_NAMES + ["thu"])


@given(st.one_of(st.text(max_size=40), st.lists(DATE_ALPHABET, max_size=12).map("".join)))
@example("3 Dec 2026")
@example("2026-02-30")
@example("Thursday 3 Dec 2026")
def test_random_text_gives_the_date_it_says_or_the_documented_error(text):
    try:
        found = parse_user_date(text)
    except DateTextError as exc:
        assert "date" in str(exc)
        return
    assert _agrees_with(found, text), (text, found)
    # and reading what briefpack prints gives the same date back
    assert parse_user_date(long_date(found)) == found
