"""Dates as the handout prints them ('1 August 2016') and as an officer may type them."""

from __future__ import annotations

import calendar
import re
from datetime import date

from briefpack.model.errors import BriefpackError

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
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

EXAMPLES = "3 December 2026, 3/12/2026 or 2026-12-03"


def long_date(d: date) -> str:
    """'1 August 2016' — no leading zero, English month names whatever the locale."""
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def months_between(earlier: date, later: date) -> int:
    """Whole calendar months from `earlier` to `later` (negative if reversed)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if later.day < earlier.day:
        months -= 1
    return months


# ---- reading a typed date ---------------------------------------------------------------


class DateTextError(BriefpackError, ValueError):
    """Typed text that is not a date; the message says why, in words an officer uses."""


_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_MONTH = r"(?P<month>\d{1,2})"
_YEAR = r"(?P<year>\d+)"
_WORD = r"(?P<word>[a-z]+)\.?"  # a month's name, read by _name_number
_SEP = r"\s*(?P<sep>[/.-])\s*"  # the same separator must come twice: (?P=sep)
_SAME_SEP = r"\s*(?P=sep)\s*"
_FORM_TEXTS = {
    # 3/12/2026, 03.12.2026, 3-12-2026: day first, as in the UK
    "numeric": rf"{_DAY}{_SEP}{_MONTH}{_SAME_SEP}{_YEAR}",
    # 2026-12-03, 2026/12/03: four digits first are always year, month, day
    "iso": rf"(?P<year>\d{{4}}){_SEP}{_MONTH}{_SAME_SEP}(?P<day>\d{{1,2}})",
    # 3 December 2026, 3rd Dec. 2026, 3 December, 2026
    "day month": rf"{_DAY}\s*{_WORD},?\s*{_YEAR}",
    # December 3, 2026 and Dec 3rd 2026
    "month day": rf"{_WORD}\s*{_DAY},?\s*{_YEAR}",
}
# re.ASCII: only 0-9 are digits, so a date is never read out of other scripts' digits.
_FORMS = [(form, re.compile(text, re.ASCII | re.I)) for form, text in _FORM_TEXTS.items()]
# "3 December", "Dec 3rd", "3/12": a date without its year
_NO_YEAR = re.compile(r"\d{1,2}(st|nd|rd|th)?\s*[a-z]+\.?|[a-z]+\.?\s*\d{1,2}(st|nd|rd|th)?"
                      r"|\d{1,2}\s*[/.-]\s*\d{1,2}", re.ASCII | re.I)  # fmt: skip
_WEEKDAY_PREFIX = re.compile(r"(?P<weekday>[a-z]+)\.?,?\s+(?=\S)", re.ASCII | re.I)


def parse_user_date(text: str) -> date:
    """The date in `text` as typed by a person, or DateTextError saying what is wrong.

    Reads "3 December 2026", "3 Dec 2026", "December 3, 2026", "3/12/2026", "03/12/2026",
    "3.12.2026" (day first, as in the UK) and "2026-12-03", optionally after the day of
    the week ("Thursday 3 December 2026", which must then be right). Years are written in
    full: "3/12/26" is refused rather than guessed, and so is any day the month lacks.
    """
    cleaned = " ".join(text.split())
    if not cleaned:
        raise DateTextError(f"Type a date, e.g. {EXAMPLES}")
    weekday, rest = _split_weekday(cleaned)
    for form, pattern in _FORMS:
        match = pattern.fullmatch(rest)
        if match is not None:
            found = _date_of(form, match.groupdict(), text)
            _check_weekday(found, weekday, text)
            return found
    if _NO_YEAR.fullmatch(rest):
        raise _not_a_date(text, "add the year, e.g. 3 December 2026")
    raise _not_a_date(text, f"briefpack cannot read it; write it as {EXAMPLES}")


def _split_weekday(text: str) -> tuple[int | None, str]:
    """'thursday 3 december 2026' → (3, '3 december 2026'); text without one is left as is."""
    match = _WEEKDAY_PREFIX.match(text)
    if match is not None:
        number = _name_number(match.group("weekday"), _WEEKDAYS)
        if number is not None:
            return number, text[match.end() :]
    return None, text


def _name_number(word: str, names: list[str]) -> int | None:
    """Index of the name that `word` spells or starts with (three letters at least)."""
    word = word.lower()
    if len(word) < 3:
        return None
    for i, name in enumerate(names):
        if name.lower().startswith(word) or (word == "sept" and name == "September"):
            return i
    return None


def _date_of(form: str, parts: dict[str, str | None], text: str) -> date:
    day, year_digits = int(parts["day"] or 0), parts["year"] or ""
    if form in ("numeric", "iso"):
        month = int(parts["month"] or 0)
    else:
        word = parts["word"] or ""
        number = _name_number(word, _MONTHS)
        if number is None:
            raise _not_a_date(text, f"“{word}” is not a month")
        month = number + 1
    year = _year(year_digits, text)
    return _checked(day, month, year, text, day_first=form == "numeric")


def _year(digits: str, text: str) -> int:
    if len(digits) <= 2:  # "26" may mean 1926 or 2026: ask rather than guess
        raise _not_a_date(text, "write the year in full, e.g. 2026")
    if len(digits) != 4 or int(digits) < 1000:
        raise _not_a_date(text, "the year must be between 1000 and 9999")
    return int(digits)


def _checked(day: int, month: int, year: int, text: str, *, day_first: bool) -> date:
    if not 1 <= month <= 12:
        hint = ""
        if day_first and 1 <= day <= 12 and month <= 31:
            hint = f" (the day comes first: {month}/{day}/{year})"
        raise _not_a_date(text, f"there is no month {month}{hint}")
    if day == 0:
        raise _not_a_date(text, "there is no day 0")
    days = calendar.monthrange(year, month)[1]
    if day > days:
        in_year = f" in {year}" if month == 2 else ""
        raise _not_a_date(text, f"{_MONTHS[month - 1]} has {days} days{in_year}")
    return date(year, month, day)


def _check_weekday(found: date, weekday: int | None, text: str) -> None:
    if weekday is not None and found.weekday() != weekday:
        actual = _WEEKDAYS[found.weekday()]
        raise _not_a_date(text, f"{long_date(found)} is a {actual}, not a {_WEEKDAYS[weekday]}")


def _not_a_date(text: str, why: str) -> DateTextError:
    shown = " ".join(text.split())
    if len(shown) > 40:
        shown = shown[:39] + "…"
    return DateTextError(f"“{shown}” is not a date: {why}")
