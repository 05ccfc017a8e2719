"""Checks of a pack before it goes out: problems compose would refuse, and things to review.

No Qt here: the command line prints these findings and the desktop app lists them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal

from briefpack.document.context import placeholder_context
from briefpack.document.placeholders import expand
from briefpack.document.textclean import character_problems
from briefpack.model.dates import long_date, months_between
from briefpack.model.errors import ComposeError
from briefpack.model.pack import Pack
from briefpack.model.sections import ImageSection, StatisticsSection

Severity = Literal["warning", "error"]

# Fields that hold no wording of their own and so are never expanded as placeholders.
_NOT_TEXT = frozenset({"id", "origin", "kind", "path", "url", "style"})


@dataclass(frozen=True)
class Finding:
    section: int | None
    where: str
    severity: Severity
    message: str


def check_pack(
    pack: Pack,
    base_dir: str | Path,
    today: date,
    *,
    max_age_months: int = 12,
    review_months: int = 12,
) -> list[Finding]:
    """Everything worth a look in `pack`, in the order the pack lists it."""
    # Imported here: freshness builds on this module's Finding.
    from briefpack.document.freshness import library_findings

    findings = [*_check_meta(pack)]
    findings.extend(_check_placeholders(pack, today))
    findings.extend(Finding(i, where, "warning", msg) for i, where, msg in character_problems(pack))
    for i, section in enumerate(pack.sections):
        if isinstance(section, StatisticsSection):
            findings.extend(_check_statistics(section, i, today, max_age_months))
        elif isinstance(section, ImageSection):
            findings.extend(_check_image(section, i, Path(base_dir)))
    findings.extend(library_findings(pack, today, review_months))
    return sorted(findings, key=lambda f: -1 if f.section is None else f.section)


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
                yield Finding(i, where, "error", exc.problem)


def _check_statistics(
    section: StatisticsSection, index: int, today: date, max_age_months: int
) -> Iterator[Finding]:
    for row, item in enumerate(section.items):
        where = f"sections[{index}].items[{row}].as_of"
        name = item.label or item.value or f"statistic {row + 1}"
        if item.as_of is None:
            yield Finding(index, where, "warning", f"statistic {name!r} has no 'as of' date")
        elif months_between(item.as_of, today) > max_age_months:
            yield Finding(
                index,
                where,
                "warning",
                f"statistic {name!r} is dated {long_date(item.as_of)}, "
                f"more than {max_age_months} months ago",
            )


def _check_image(section: ImageSection, index: int, base_dir: Path) -> Iterator[Finding]:
    at = f"sections[{index}]"
    if not section.alt.strip():
        yield Finding(index, f"{at}.alt", "warning", "image has no alt text")
    if not section.path.strip():
        yield Finding(index, f"{at}.path", "error", "no image file chosen")
    elif not (base_dir / section.path).is_file():
        yield Finding(index, f"{at}.path", "error", f"image file not found: {section.path}")
