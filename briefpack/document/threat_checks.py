"""Checks of the pack's threat level against the record of levels (model.threat_record).

The record may be out of date (a change after its confirmed day is only there if the
officer or the feed added it), so a finding says what the record holds and how recent it
is, and leaves the officer to decide: it is a warning, never an error.
"""

from __future__ import annotations

from datetime import date, timedelta

from briefpack.document.findings import Finding
from briefpack.model import threat_record
from briefpack.model.dates import long_date
from briefpack.model.errors import BriefpackError
from briefpack.model.pack import Pack
from briefpack.model.threat import ThreatLevel
from briefpack.model.threat_record import LevelChange, Region, ThreatRecord

# After this long the built-in record is old enough that a mismatch may be the record's fault.
RECORD_STALE_AFTER = timedelta(days=182)
_REGION_WORDS = {"national": "", "northern_ireland": " in Northern Ireland"}
# The pack's `northern_ireland` level was, until the Home Secretary's written statement of
# 23 July 2019, the separate level for Great Britain from Northern Ireland-related
# terrorism, which the record does not hold; since then the only Northern Ireland-related
# level published is the one for Northern Ireland, which it does. Older packs are not
# compared, so a correct old handout is never flagged.
NI_LEVEL_COMPARED_FROM = date(2019, 7, 23)


def threat_findings(pack: Pack, today: date, record: ThreatRecord | None = None) -> list[Finding]:
    """Warnings where the pack's threat level or its date since disagree with the record.

    `record` defaults to the built-in record with the user's own entries; when their file
    cannot be read, the built-in record is used and a warning says so.
    """
    findings: list[Finding] = []
    if record is None:
        record, problem = _load_record()
        if problem is not None:
            findings.append(problem)
    findings.extend(_since_findings(pack, record))
    findings.extend(_level_findings(pack, today, record))
    return findings


def _load_record() -> tuple[ThreatRecord, Finding | None]:
    try:
        return threat_record.record(), None
    except BriefpackError as exc:
        problem = Finding(
            section=None,
            where="threat",
            severity="warning",
            message=f"your own threat level entries could not be read ({exc.message}); the pack is "
            "checked against the built-in record only",
        )
        return threat_record.builtin_record(), problem


def _since_findings(pack: Pack, record: ThreatRecord) -> list[Finding]:
    """The date since is earlier than the pack's level has been in force without a break."""
    since, level = pack.threat.since, ThreatLevel(pack.threat.level)
    then = record.level_on(since, "national") if since else None
    if since is None or then is None:
        return []  # no date, or one before the record starts: nothing to compare
    if since > _known_until(record, "national"):
        return []  # a change after the record was last confirmed cannot be in it
    now = record.level_on(pack.meta.date, "national")
    name = level.display_name
    if then.level != level:
        said = f"the record has {then.level.display_name} in force on {long_date(since)}"
    elif now is not None and now.level == level and now.since > since:
        said = f"the record has {name} in force on {long_date(since)}, but it changed after that"
    else:
        return []
    message = f"the date since does not fit the record: {said}; {_own_spell(record, level, pack)}"
    return [Finding(section=None, where="threat.since", severity="warning", message=message)]


def _known_until(record: ThreatRecord, region: Region) -> date:
    """The last day the record can speak for: when the built-ins were confirmed, or a later
    change the officer or the feed added (which tells the level before it too)."""
    added = [c.since for c in record.history(region) if c.origin != "builtin"]
    return max([record.confirmed, *added])


def _own_spell(record: ThreatRecord, level: ThreatLevel, pack: Pack) -> str:
    """When the record has the pack's level in force, as of the pack's date."""
    name, day = level.display_name, pack.meta.date
    history = record.history("national")
    spells = [(i, c) for i, c in enumerate(history) if c.level == level and c.since <= day]
    if not spells:
        return f"the record has no time at {name} up to {long_date(day)}"
    index, start = spells[-1]
    following = history[index + 1] if index + 1 < len(history) else None
    if following is None or following.since > day:
        return f"{name} has been in force since {long_date(start.since)}"
    end = following.since - timedelta(days=1)
    return f"{name} was last in force from {long_date(start.since)} to {long_date(end)}"


def _level_findings(pack: Pack, today: date, record: ThreatRecord) -> list[Finding]:
    """The pack's levels differ from those the record has in force on the pack's date."""
    threat = pack.threat
    wanted: list[tuple[Region, ThreatLevel | str | None, str]] = [
        ("national", threat.level, "threat.level")
    ]
    if pack.meta.date >= NI_LEVEL_COMPARED_FROM:
        wanted.append(("northern_ireland", threat.northern_ireland, "threat.northern_ireland"))
    findings = []
    for region, value, where in wanted:
        level = None if value is None else ThreatLevel(value)
        on_date = record.level_on(pack.meta.date, region) if level is not None else None
        if level is None or on_date is None or on_date.level == level:
            continue
        place = _REGION_WORDS[region]
        message = (
            f"the pack gives {level.display_name}{place}, but the record has "
            f"{on_date.level.display_name} in force{place} on {long_date(pack.meta.date)} "
            f"({_provenance(on_date, record)}){_check_hint(on_date, record, pack, today)}"
        )
        findings.append(Finding(section=None, where=where, severity="warning", message=message))
    return findings


def _provenance(change: LevelChange, record: ThreatRecord) -> str:
    if change.origin == "builtin":
        return f"built-in record confirmed {long_date(record.confirmed)}"
    return f"{change.source}, from {long_date(change.since)}"


def _check_hint(change: LevelChange, record: ThreatRecord, pack: Pack, today: date) -> str:
    """Asks for a look at the published level when the record may have missed a change."""
    if change.origin != "builtin":
        return ""
    if pack.meta.date > record.confirmed or today - record.confirmed > RECORD_STALE_AFTER:
        return "; a later change would not be in it, so check the level on the MI5 website"
    return ""
