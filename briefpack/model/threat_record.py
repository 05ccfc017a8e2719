"""The record of UK threat levels: which level was in force on which day, and since when.

Two regions are kept apart: the national level ("national", set by JTAC) and the level
for Northern Ireland-related terrorism in Northern Ireland ("northern_ireland", set by MI5).

The shape, kept small on purpose so the command line and a reader of the MI5 feed can
build on it:

- `LevelChange(region, level, since, source, origin)`: from `since` on, `level` was in force
  in `region` until the next change of that region. `source` is a few words on where the
  change is known from ("written ministerial statement", "set by you"); `origin` says who
  put it in the record: "builtin" (shipped with briefpack), "user" (entered by the
  officer) or "feed" (read from the MI5 feed).
- `ThreatRecord(changes, confirmed)`: every entry of both regions, sorted by date (on the
  same day a feed entry beats a built-in one and a user entry beats both), and the day the
  built-in history was last confirmed against the published record (`BUILTIN_CONFIRMED`).
  A change after that day can only come from the user or the feed. `history(region)` is
  the region's real changes (an entry that repeats the level in force is no change), and
  `level_on(day, region)` the one of them in force on that day.
- `record()` is the built-in history merged with the user's own entries, which live in
  user_dir()/threat.json:

      {"format": "briefpack/threat-record", "version": 1,
       "changes": [{"region": "national", "level": "severe", "since": "2026-06-01",
                    "source": "set by you", "origin": "user"}]}

  (`origin` may be "user" or "feed"; "user" when left out.) Two optional fields were
  added later, still version 1 (a file without them reads as before, and an older
  briefpack keeps them when it saves, as it keeps every field it does not know):

  - `"recorded": "2026-12-03"` on an entry: the day it was written, so the record can say
    "set by you on 3 December 2026" or "MI5 feed read on 3 December 2026";
  - `"feed_read": "2026-12-03"` at the top: the last day the MI5 threat level feed was read
    successfully (whether or not it changed anything).

  The file is only ever written whole, with storage.atomic_write; a damaged one is refused
  with a message that names the file and the field, never half read.
- The MI5 feed (read by model.threat_feed) adds entries through `feed_changes(...)`, which
  says which entries make the record agree with a reading, and `add_feed_changes(...)`,
  which saves them with the day the feed was read; `last_feed_read()` gives that day.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError

from briefpack.model.base import Model
from briefpack.model.dates import long_date
from briefpack.model.errors import NewerVersionError, PackFormatError
from briefpack.model.jsonfile import dump_json, read_json, validation_error
from briefpack.model.locking import locked
from briefpack.model.storage import atomic_write
from briefpack.model.threat import ThreatLevel

Region = Literal["national", "northern_ireland"]
REGIONS: tuple[Region, ...] = ("national", "northern_ireland")
Origin = Literal["builtin", "user", "feed"]
# On the same day, the later in this order wins: the officer's own word is the last one.
_ORIGIN_RANK: dict[str, int] = {"builtin": 0, "feed": 1, "user": 2}

RECORD_FORMAT = "briefpack/threat-record"
RECORD_VERSION = 1
RECORD_FILE = "threat.json"
USER_SOURCE = "set by you"
FEED_SOURCE = "MI5 threat level feed read on {day}"

# The day the built-in history below was last checked against the published record.
BUILTIN_CONFIRMED = date(2026, 12, 3)


@dataclass(frozen=True)
class LevelChange:
    """From `since` on, `level` was in force in `region` (until that region's next change)."""

    region: Region
    level: ThreatLevel
    since: date
    source: str
    origin: Origin = "builtin"
    # The day a user or feed entry was written (None for built-ins and older files). Not
    # part of equality: the same change recorded on another day is the same change.
    recorded: date | None = field(default=None, compare=False)


@dataclass(frozen=True)
class ThreatRecord:
    """Every known change of both regions, sorted by date, and when the built-ins were checked."""

    changes: tuple[LevelChange, ...]
    confirmed: date = BUILTIN_CONFIRMED

    def history(self, region: Region = "national") -> tuple[LevelChange, ...]:
        """The real changes of one region, oldest first.

        An entry dated the same day as an earlier one replaces it (so a user's entry beats a
        built-in one), and an entry repeating the level already in force changes nothing and
        is left out: the level's since-date stays the day it really changed.
        """
        out: list[LevelChange] = []
        for change in (c for c in self.changes if c.region == region):
            if out and out[-1].since == change.since:
                out.pop()
            if out and out[-1].level == change.level:
                continue
            out.append(change)
        return tuple(out)

    def level_on(self, day: date, region: Region = "national") -> LevelChange | None:
        """The change in force on `day`, or None before the region's record starts."""
        changes = self.history(region)
        at = bisect_right([c.since for c in changes], day)
        return changes[at - 1] if at else None


def _builtin(region: Region, since: str, level: ThreatLevel, source: str) -> LevelChange:
    return LevelChange(region, level, date.fromisoformat(since), source)


_S = ThreatLevel
# From public statements and reporting; each date is the day the new level took effect.
BUILTIN_CHANGES: tuple[LevelChange, ...] = (
    _builtin("national", "2014-08-29", _S.SEVERE, "public statement: raised from SUBSTANTIAL"),
    _builtin(
        "national", "2017-05-23", _S.CRITICAL, "public statement after the Manchester Arena attack"
    ),
    _builtin("national", "2017-05-27", _S.SEVERE, "public statement: lowered from CRITICAL"),
    _builtin(
        "national", "2017-09-15", _S.CRITICAL, "public statement after the Parsons Green attack"
    ),
    _builtin("national", "2017-09-17", _S.SEVERE, "public statement: lowered from CRITICAL"),
    _builtin("national", "2019-11-04", _S.SUBSTANTIAL, "public statement: lowered"),
    _builtin(
        "national",
        "2020-11-03",
        _S.SEVERE,
        "public statement after the attacks in France and Austria",
    ),
    _builtin("national", "2021-02-08", _S.SUBSTANTIAL, "written ministerial statement"),
    _builtin(
        "national",
        "2021-11-15",
        _S.SEVERE,
        "public statement after the Liverpool Women's Hospital explosion",
    ),
    _builtin("national", "2022-02-09", _S.SUBSTANTIAL, "written ministerial statement"),
    # The sources give only the year in which SEVERE was first published for Northern
    # Ireland, so the record counts it from the last day of 2010: on every day it answers
    # for, SEVERE was certainly in force.
    _builtin(
        "northern_ireland",
        "2010-12-31",
        _S.SEVERE,
        "in force from 2010 (the sources give no day; counted from the end of 2010)",
    ),
    _builtin("northern_ireland", "2022-03-22", _S.SUBSTANTIAL, "public statement: lowered"),
    _builtin("northern_ireland", "2023-03-28", _S.SEVERE, "public statement: raised"),
    _builtin(
        "northern_ireland",
        "2024-03-06",
        _S.SUBSTANTIAL,
        "statement of the Secretary of State for Northern Ireland",
    ),
)


def merged(*extra: LevelChange, builtin: tuple[LevelChange, ...] = BUILTIN_CHANGES) -> ThreatRecord:
    """A record of the built-in changes and `extra` ones, sorted by date then origin."""
    ordered = sorted((*builtin, *extra), key=lambda c: (c.since, _ORIGIN_RANK[c.origin]))
    return ThreatRecord(tuple(ordered), BUILTIN_CONFIRMED)


# ---- the user's own entries ---------------------------------------------------------------


class _StoredChange(Model):
    region: Region
    level: ThreatLevel
    since: date
    source: str = USER_SOURCE
    origin: Literal["user", "feed"] = "user"
    recorded: date | None = None


class _StoredRecord(Model):
    format: Literal["briefpack/threat-record"] = RECORD_FORMAT
    version: int = RECORD_VERSION
    changes: list[_StoredChange] = Field(default_factory=list)
    feed_read: date | None = None


def user_record_path() -> Path:
    """Where the officer's own entries are kept: user_dir()/threat.json."""
    from briefpack.model.userdata import user_dir  # userdata imports the pack models

    return user_dir() / RECORD_FILE


def _load_stored(path: Path) -> _StoredRecord:
    if not path.exists():
        # The defaults need no validation; skipping it spares building pydantic's validator
        # at the desktop app's start (every start without entries of the officer's own).
        return _StoredRecord.model_construct()
    data = read_json(path)
    if not isinstance(data, dict):
        raise PackFormatError("not a record of threat levels (expected an object)", file=path)
    version = data.get("version")
    if isinstance(version, int) and version > RECORD_VERSION:
        raise NewerVersionError(
            f"this file is format version {version}, written by a newer briefpack; this "
            f"briefpack reads up to version {RECORD_VERSION} — please update briefpack",
            file=path,
            where="version",
        )
    try:
        return _StoredRecord.model_validate_json(json.dumps(data), strict=True)
    except ValidationError as exc:
        raise validation_error(exc, path) from exc


def _as_change(stored: _StoredChange) -> LevelChange:
    return LevelChange(
        stored.region, stored.level, stored.since, stored.source, stored.origin, stored.recorded
    )


def _save(target: Path, stored: _StoredRecord) -> None:
    stored.changes = sorted(stored.changes, key=lambda c: (c.since, c.region))
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, dump_json(stored.model_dump(mode="json")))


def user_changes(path: Path | None = None) -> tuple[LevelChange, ...]:
    """The entries in the user's file (none when there is no file); BriefpackError if damaged."""
    stored = _load_stored(path or user_record_path())
    return tuple(_as_change(c) for c in stored.changes)


def add_user_change(
    region: Region,
    level: ThreatLevel | str,
    since: date,
    source: str = USER_SOURCE,
    *,
    path: Path | None = None,
    recorded: date | None = None,
) -> LevelChange:
    """Record that `level` is in force in `region` from `since`; saved at once, atomically.

    An entry of the user's for the same region and day is replaced, not kept twice.
    `recorded` is the day it is entered (today when not given).
    """
    return add_user_changes([(region, level, since)], source, path=path, recorded=recorded)[0]


def add_user_changes(
    changes: Iterable[tuple[Region, ThreatLevel | str, date]],
    source: str = USER_SOURCE,
    *,
    path: Path | None = None,
    recorded: date | None = None,
) -> list[LevelChange]:
    """Record several (region, level, since) entries, as add_user_change does, in one
    atomic save: the national and Northern Ireland levels set together land together, and
    a crash between them cannot leave half of the change in the file."""
    target = path or user_record_path()
    entries = [
        _StoredChange(
            region=_known_region(region),
            level=ThreatLevel(level),
            since=since,
            source=source,
            recorded=recorded or date.today(),
        )
        for region, level, since in changes
    ]
    with locked(target):  # a feed check saving at the same moment must not undo this
        stored = _load_stored(target)
        for entry in entries:
            stored.changes = [
                c for c in stored.changes if (c.region, c.since) != (entry.region, entry.since)
            ]
            stored.changes.append(entry)
        _save(target, stored)
    return [_as_change(entry) for entry in entries]


def _known_region(region: Region) -> Region:
    if region not in REGIONS:
        raise ValueError(f"unknown region {region!r}")
    return region


def add_feed_changes(
    changes: Iterable[tuple[Region, ThreatLevel | str, date]],
    read_on: date,
    *,
    path: Path | None = None,
) -> list[LevelChange]:
    """Record what the MI5 feed said on `read_on`, and that it was read: one atomic save.

    Each (region, level, since) becomes an entry of origin "feed"; an earlier feed entry for
    the same region and day is replaced, the user's own entries are kept (they win on their
    day). With no changes, only the day the feed was read is saved.
    """
    target = path or user_record_path()
    with locked(target):  # read and save as one step against other writers
        return _add_feed_changes(target, changes, read_on)


def _add_feed_changes(
    target: Path, changes: Iterable[tuple[Region, ThreatLevel | str, date]], read_on: date
) -> list[LevelChange]:
    stored = _load_stored(target)
    source = FEED_SOURCE.format(day=long_date(read_on))
    added: list[_StoredChange] = []
    for region, level, since in changes:
        if region not in REGIONS:
            raise ValueError(f"unknown region {region!r}")
        stored.changes = [c for c in stored.changes if not _same_feed_entry(c, region, since)]
        entry = _StoredChange(
            region=region,
            level=ThreatLevel(level),
            since=since,
            source=source,
            origin="feed",
            recorded=read_on,
        )
        stored.changes.append(entry)
        added.append(entry)
    stored.feed_read = read_on
    _save(target, stored)
    return [_as_change(entry) for entry in added]


def _same_feed_entry(stored: _StoredChange, region: Region, since: date) -> bool:
    return stored.origin == "feed" and stored.region == region and stored.since == since


def feed_changes(
    record: ThreatRecord,
    levels: dict[Region, ThreatLevel | None],
    published: date | None,
    today: date,
) -> list[tuple[Region, ThreatLevel, date]]:
    """The (region, level, since) entries that make `record` agree with the feed's `levels`
    on `today`: none for a region it already agrees on (or the feed does not give).

    An entry counts from `published` (the feed says the level has been in force since then;
    today when not given or later). When that would leave a later entry in force today it
    counts from today; when even that would not do (the user's own entry of today wins on
    its day), the region is left out.
    """
    first_day = min(published, today) if published is not None else today
    found: list[tuple[Region, ThreatLevel, date]] = []
    for region, level in levels.items():
        in_force = record.level_on(today, region)
        if level is None or (in_force is not None and in_force.level == level):
            continue
        for since in (first_day, today):
            trial = LevelChange(region, level, since, "MI5 threat level feed", "feed")
            in_force = merged(*record.changes, trial, builtin=()).level_on(today, region)
            if in_force is not None and in_force.level == level:
                found.append((region, level, since))
                break
    return found


def last_feed_read(path: Path | None = None) -> date | None:
    """The last day the MI5 feed was read successfully, or None if it never was."""
    return _load_stored(path or user_record_path()).feed_read


# ---- the questions callers ask --------------------------------------------------------------


def record(path: Path | None = None) -> ThreatRecord:
    """The built-in history merged with the user's entries (BriefpackError if their file is
    damaged: the caller decides whether to fall back to `builtin_record()`)."""
    return merged(*user_changes(path))


def builtin_record() -> ThreatRecord:
    """The history shipped with briefpack alone."""
    return merged()


def level_on(
    day: date, region: Region = "national", record: ThreatRecord | None = None
) -> LevelChange | None:
    """The change in force in `region` on `day` (its level and since-date), or None when the
    record starts later. `record` defaults to the merged record of record()."""
    return (record if record is not None else _merged_record()).level_on(day, region)


def current(
    region: Region = "national", record: ThreatRecord | None = None, today: date | None = None
) -> LevelChange | None:
    """The change in force today (or on `today`)."""
    return level_on(today or date.today(), region, record)


def history(
    region: Region = "national", record: ThreatRecord | None = None
) -> tuple[LevelChange, ...]:
    """Every change of one region, oldest first."""
    return (record if record is not None else _merged_record()).history(region)


def _merged_record() -> ThreatRecord:
    # The module-level function record() is shadowed by parameters called `record` above.
    return record()
