"""Checks of sections that came from the library: changed, unreviewed or vanished items."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from briefpack.document.findings import Finding
from briefpack.model.dates import long_date
from briefpack.model.errors import BriefpackError
from briefpack.model.library import LibraryItem, OriginStatus, all_items, origin_status
from briefpack.model.pack import Pack
from briefpack.model.review import REVIEW_MONTHS, last_checked, review_due


def library_findings(
    pack: Pack,
    today: date,
    review_months: int = REVIEW_MONTHS,
    items: Iterable[LibraryItem] | None = None,
) -> list[Finding]:
    """One warning per library-sourced section whose item changed, went unreviewed for more
    than `review_months`, or no longer exists (`items`: the library, by default all of it)."""
    if not any(section.origin for section in pack.sections):
        return []  # the library is not even read for a pack that uses none of it
    try:
        known = list(all_items() if items is None else items)
    except BriefpackError as exc:  # a damaged library file must not stop the other checks
        return [Finding(None, "library", "warning", f"the library cannot be read: {exc.message}")]
    findings: list[Finding] = []
    for index, section in enumerate(pack.sections):
        status = origin_status(section, known)
        if status is not None:
            findings.extend(_status_findings(index, status, today, review_months))
    return findings


def force_changed(item: LibraryItem) -> str | None:
    """For a force library item: "the force library changed 'X' on D (message)", from its
    last publication in the synced copy (its `updated` date when that cannot be read)."""
    if not item.force:
        return None
    from briefpack.model.force_history import last_change  # reads git only for force items

    entry = last_change(item.id)
    when = long_date(entry.commit.when.date() if entry else item.updated)
    why = f" ({entry.commit.subject})" if entry and entry.commit.subject else ""
    return (
        f"the force library changed {item.name!r} on {when}{why}; "
        "update the section from the library to take the change"
    )


def _status_findings(
    index: int, status: OriginStatus, today: date, review_months: int
) -> Iterator[Finding]:
    where = f"sections[{index}].origin"
    item = status.item
    if item is None:
        yield Finding(
            index,
            where,
            "warning",
            f"library item {status.origin} no longer exists",
            group="library-missing",
            group_text="{count} sections came from library items that no longer exist",
        )
        return
    name = f"{item.name!r} ({item.id})"
    if status.changed:
        yield Finding(
            index,
            where,
            "warning",
            force_changed(item)
            or f"section came from library item {name} which has changed since it was inserted",
            group="library-changed",
            group_text="{count} sections came from library items that have changed since",
        )
    checked = last_checked(item)
    if review_due(item, today, review_months):
        what = "reviewed" if item.reviewed else "changed (never reviewed)"
        yield Finding(
            index,
            where,
            "warning",
            f"library item {name} was last {what} on {long_date(checked)}, "
            f"more than {review_months} months ago",
            group=f"library-review:{review_months}",
            group_text=f"{{count}} library items not reviewed for more than {review_months} months",
        )
