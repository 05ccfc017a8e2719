"""Checks of a pack before it goes out: problems compose would refuse, and things to review.

check_pack runs every check (this module's own, and those of a11y_checks, freshness,
layout_checks and threat_checks); what a finding is, and how findings are sorted, grouped
and worded, is in findings.py, which every check builds on. No Qt here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from briefpack.document.a11y_checks import a11y_findings
from briefpack.document.context import placeholder_context
from briefpack.document.findings import Finding, sort_findings
from briefpack.document.freshness import library_findings
from briefpack.document.layout_checks import layout_findings
from briefpack.document.placeholders import expand
from briefpack.document.textclean import character_problems
from briefpack.document.threat_checks import threat_findings
from briefpack.model import filegate, outside
from briefpack.model.dates import long_date, months_between
from briefpack.model.errors import ComposeError
from briefpack.model.outside import AllowOutside
from briefpack.model.pack import Pack
from briefpack.model.review import MAX_FIGURE_AGE_MONTHS, REVIEW_MONTHS
from briefpack.model.sections import ImageSection, StatisticsSection, StatItem

# Fields that hold no wording of their own and so are never expanded as placeholders.
_NOT_TEXT = frozenset({"id", "origin", "kind", "path", "url", "style"})


def check_pack(
    pack: Pack,
    base_dir: str | Path,
    today: date,
    *,
    max_age_months: int = MAX_FIGURE_AGE_MONTHS,
    review_months: int = REVIEW_MONTHS,
    allow_outside: AllowOutside = False,
    placeholders_filled: bool = False,
) -> list[Finding]:
    """Everything worth a look in `pack`: errors first, then in the order the pack lists it.

    `placeholders_filled` says the caller has just composed the pack without error, so its
    placeholders are not filled in a second time (which would spend the pack's budget twice).
    """
    findings = [*_check_meta(pack), *threat_findings(pack, today)]
    if not placeholders_filled:
        findings.extend(_check_placeholders(pack, today))
    findings.extend(Finding(i, where, "warning", msg) for i, where, msg in character_problems(pack))
    for i, section in enumerate(pack.sections):
        if isinstance(section, StatisticsSection):
            findings.extend(_check_statistics(section, i, today, max_age_months))
        elif isinstance(section, ImageSection):
            findings.extend(_check_image(section, i, Path(base_dir), allow_outside))
    findings.extend(_check_repeated_figures(pack))
    findings.extend(a11y_findings(pack))  # alt text, headings, links, contrast, long sentences
    findings.extend(library_findings(pack, today, review_months))
    findings.extend(layout_findings(pack))
    return sort_findings(findings)


def _check_meta(pack: Pack) -> Iterator[Finding]:
    if pack.meta.marking == "":
        yield Finding(None, "meta.marking", "warning", "no protective marking chosen")
    since = pack.threat.since
    if since is None:
        yield Finding(None, "threat.since", "warning", "threat level has no date")
    elif since > pack.meta.date:
        yield Finding(
            None,
            "threat.since",
            "warning",
            f"threat level date ({long_date(since)}) is after the pack's date "
            f"({long_date(pack.meta.date)})",
        )


def _text_fields(obj: Any, at: str) -> Iterator[tuple[str, str]]:
    """(where, text) for every string field of a section or item, items included."""
    for name in type(obj).model_fields:
        if name in _NOT_TEXT:
            continue
        value = getattr(obj, name)
        if isinstance(value, str):
            yield f"{at}.{name}", value
        elif isinstance(value, list):
            for row, item in enumerate(value):
                yield from _text_fields(item, f"{at}.{name}[{row}]")


def _check_placeholders(pack: Pack, today: date) -> Iterator[Finding]:
    context = placeholder_context(pack, today)
    for i, section in enumerate(pack.sections):
        for where, text in _text_fields(section, f"sections[{i}]"):
            try:
                expand(text, context, where)
            except ComposeError as exc:
                yield Finding(
                    i,
                    where,
                    "error",
                    exc.problem,
                    group="placeholder",
                    group_text="{count} placeholders cannot be filled in",
                )


def _check_statistics(
    section: StatisticsSection, index: int, today: date, max_age_months: int
) -> Iterator[Finding]:
    """Old and undated figures, grouped by source and date: each group is one thing to look
    up again ("8 statistics from Counter Terrorism Policing dated 1 August 2016 …")."""
    for row, item in enumerate(section.items):
        where = f"sections[{index}].items[{row}].as_of"
        name = item.label or item.value or f"statistic {row + 1}"
        source = " ".join((item.source or "").split())
        # group_text is a format string: braces in a source are its own text, not a field.
        shown = source.replace("{", "{{").replace("}", "}}")
        from_source = f" from {shown}" if source else ""
        if item.as_of is None:
            yield Finding(
                index,
                where,
                "warning",
                f"statistic {name!r} has no 'as of' date",
                group=f"statistic-undated:{source.casefold()}",
                group_text=f"{{count}} statistics{from_source} have no 'as of' date",
            )
        elif months_between(item.as_of, today) > max_age_months:
            dated = long_date(item.as_of)
            yield Finding(
                index,
                where,
                "warning",
                f"statistic {name!r} is dated {dated}, more than {max_age_months} months ago",
                group=f"statistic-old:{item.as_of.isoformat()}:{source.casefold()}",
                group_text=f"{{count}} statistics{from_source}{',' if source else ''} dated "
                f"{dated}, more than {max_age_months} months ago",
            )


def _check_image(
    section: ImageSection, index: int, base_dir: Path, allow_outside: AllowOutside
) -> Iterator[Finding]:
    """The picture's file: chosen, inside the pack's folder (or allowed), and a picture.
    (Its alt text is a11y_checks' to judge.)"""
    at = f"sections[{index}]"
    if not section.path.strip():
        yield Finding(index, f"{at}.path", "error", "no image file chosen")
        return
    file = outside.image_file(base_dir, section.path)
    if not outside.is_inside(base_dir, file) and not outside.is_allowed(file, allow_outside):
        yield Finding(
            index,
            f"{at}.path",
            "error",
            outside.outside_message(section.path),
            group="image-outside",
            group_text="{count} pictures are outside the pack's folder",
        )
        return
    problem = filegate.kind_problem(file, section.path)
    if problem:
        yield Finding(
            index,
            f"{at}.path",
            "error",
            problem,
            group="image-missing",
            group_text="{count} image files not found",
        )


# ---- the same figure twice ----------------------------------------------------------------

Figure = tuple[int, int, StatItem]  # (section, row, the statistic)


def _check_repeated_figures(pack: Pack) -> Iterator[Finding]:
    """One warning per figure shown more than once with different values or as-of dates
    ("hotline calls: 32 in section 3, 41 in section 8"). The same figure: the same id, or
    the same label whatever its case and spacing."""
    figures = [
        (i, row, item)
        for i, section in enumerate(pack.sections)
        if isinstance(section, StatisticsSection)
        for row, item in enumerate(section.items)
    ]
    for same in _same_figures(figures):
        values = {_plain_value(item.value) for _i, _r, item in same}
        dates = {item.as_of for _i, _r, item in same if item.as_of is not None}
        if len(values) > 1 or len(dates) > 1:
            yield _repeat_finding(same, show_dates=len(dates) > 1)


def _same_figures(figures: list[Figure]) -> list[list[Figure]]:
    """The figures in sets of two or more that share an id or a label (transitively)."""
    parent = list(range(len(figures)))

    def root(n: int) -> int:
        while parent[n] != n:
            n = parent[n]
        return n

    first: dict[str, int] = {}
    for n, (_i, _r, item) in enumerate(figures):
        label = " ".join(item.label.casefold().split())
        keys = ([f"id:{item.id}"] if item.id else []) + ([f"label:{label}"] if label else [])
        for key in keys:
            if key in first:
                parent[root(n)] = root(first[key])
            else:
                first[key] = n
    sets: dict[int, list[Figure]] = {}
    for n, figure in enumerate(figures):
        sets.setdefault(root(n), []).append(figure)
    return [members for members in sets.values() if len(members) > 1]


def _plain_value(value: str) -> str:
    """'3,629' and '3629 ' are the same value; '3,629' and '3,639' are not."""
    return re.sub(r"(?<=\d),(?=\d{3})", "", "".join(value.casefold().split()))


def _repeat_finding(same: list[Figure], *, show_dates: bool) -> Finding:
    index, row, item = same[0]
    name = item.label or item.id or item.value
    shown = []
    for i, _r, figure in same:
        dated = f" (as of {long_date(figure.as_of)})" if show_dates and figure.as_of else ""
        shown.append(f"{figure.value}{dated} in section {i + 1}")
    field_name = "value" if len({_plain_value(f.value) for *_, f in same}) > 1 else "as_of"
    return Finding(
        index,
        f"sections[{index}].items[{row}].{field_name}",
        "warning",
        f"statistic {name!r} is given differently: {', '.join(shown)}",
        group="statistic-repeated",
        group_text="{count} statistics are given differently in different places",
    )
