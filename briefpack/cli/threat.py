"""Command line for the record of threat levels (`briefpack threat [set|check]`).

    briefpack threat                       the levels in force today, since when, and from where
    briefpack threat set LEVEL --since DATE [--ni LEVEL --ni-since DATE]
                                           record a change you know of
    briefpack threat check [--url URL]     read the MI5 threat level feed and record a change

Registered by briefpack.cli.build_parser. Exit status as for every briefpack command (see
cli/errors.py): 0 done; 2 when the input is bad or the feed cannot be read or understood (no
network, a web page instead of the feed, a broken answer), with one line on stderr naming the
argument or the address and the problem, and the record left as it was; 1 on an internal
error.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING

from briefpack.cli.errors import EXIT_OK
from briefpack.model.dates import DateTextError, long_date, parse_user_date
from briefpack.model.errors import BriefpackError
from briefpack.model.threat import ThreatLevel

if TYPE_CHECKING:  # the record and the feed load pydantic and urllib: only when used
    from briefpack.model.threat_feed import FeedReading
    from briefpack.model.threat_record import LevelChange, Region, ThreatRecord

REGION_NAMES: dict[Region, str] = {
    "national": "National threat level",
    "northern_ireland": "Northern Ireland-related terrorism in Northern Ireland",
}
SHORT_NAMES: dict[Region, str] = {"national": "national", "northern_ireland": "Northern Ireland"}


def register_threat_commands(sub: argparse._SubParsersAction) -> None:
    """Add `threat`, `threat set` and `threat check` to the main parser."""
    threat = sub.add_parser(
        "threat",
        help="the threat levels in force, and recording a change",
        description="The record of threat levels: with no ACTION, the levels in force today.",
    )
    threat.set_defaults(run=cmd_threat_show)
    actions = threat.add_subparsers(dest="threat_command", metavar="ACTION", title="actions")

    # LEVEL and the dates are read by the commands, not argparse, so a mistake is one line.
    setter = actions.add_parser("set", help="record a change of level you know of")
    setter.add_argument("level", metavar="LEVEL", help="low, moderate, substantial, severe …")
    setter.add_argument(
        "--since", metavar="DATE", help="the day it took effect, e.g. 2026-12-03 (required)"
    )
    setter.add_argument(
        "--ni", metavar="LEVEL", help="the Northern Ireland level as well (default: unchanged)"
    )
    setter.add_argument(
        "--ni-since",
        metavar="DATE",
        help="the day the Northern Ireland level took effect (required with --ni)",
    )
    setter.set_defaults(run=cmd_threat_set)

    check = actions.add_parser("check", help="read the MI5 threat level feed, record a change")
    check.add_argument("--url", help="the feed's address (default: MI5's)")
    # For tests and slow links; not advertised.
    check.add_argument("--timeout", type=float, help=argparse.SUPPRESS)
    check.set_defaults(run=cmd_threat_check)


# ---- briefpack threat ---------------------------------------------------------------------


def cmd_threat_show(args: argparse.Namespace) -> int:
    from briefpack.model import threat_record

    today = date.today()
    record = threat_record.record()
    for region in threat_record.REGIONS:
        change = record.level_on(today, region)
        if change is None:
            print(f"{REGION_NAMES[region]}: not in the record")
            continue
        level = change.level
        print(f"{REGION_NAMES[region]}: {level.display_name} ({level.meaning})")
        print(f"  since {long_date(change.since)}; {provenance(change, record)}")
    read = threat_record.last_feed_read()
    if read is None:
        print("MI5 feed: not read yet (`briefpack threat check` reads it)")
    else:
        print(f"MI5 feed last read on {long_date(read)}")
    return EXIT_OK


def provenance(change: LevelChange, record: ThreatRecord) -> str:
    """Where a level in the record comes from, in a few words."""
    if change.origin == "builtin":
        return f"built-in record confirmed on {long_date(record.confirmed)}"
    if change.origin == "feed":
        return (
            f"MI5 feed read on {long_date(change.recorded)}" if change.recorded else change.source
        )
    from briefpack.model.threat_record import USER_SOURCE

    said = "set by you" + (f" on {long_date(change.recorded)}" if change.recorded else "")
    return said if change.source == USER_SOURCE else f"{said} ({change.source})"


# ---- briefpack threat set -----------------------------------------------------------------


def cmd_threat_set(args: argparse.Namespace) -> int:
    from briefpack.model import threat_record

    today = date.today()
    wanted: list[tuple[Region, ThreatLevel, date]] = [
        ("national", read_level(args.level, "LEVEL"), read_since(args.since, "--since", today))
    ]
    if args.ni is not None or args.ni_since is not None:
        if args.ni is None:
            raise BriefpackError(
                "give the Northern Ireland level too, e.g. --ni severe", where="--ni"
            )
        ni_level = read_level(args.ni, "--ni")
        wanted.append(
            ("northern_ireland", ni_level, read_since(args.ni_since, "--ni-since", today))
        )
    before = threat_record.record()  # refuses a damaged file before anything is written
    # One save for both levels: a crash between two saves would leave half the change.
    threat_record.add_user_changes(wanted, recorded=today)
    for region, level, since in wanted:
        print(_recorded_line(region, level, since, before))
    return EXIT_OK


def read_level(text: str, where: str) -> ThreatLevel:
    """A level as typed, in any case; BriefpackError naming the argument otherwise."""
    try:
        return ThreatLevel(text.strip().lower())
    except ValueError:
        names = ", ".join(level.value for level in ThreatLevel)
        raise BriefpackError(
            f"“{text.strip()[:30]}” is not a threat level ({names})", where=where
        ) from None


def read_since(text: str | None, where: str, today: date) -> date:
    """The day a level took effect: 2026-12-03, 3 December 2026, 3/12/2026; not after today."""
    if text is None:
        raise BriefpackError(
            f"give the day the level took effect, e.g. {where} {today.isoformat()}", where=where
        )
    try:
        day = parse_user_date(text)
    except DateTextError as exc:
        raise BriefpackError(exc.problem, where=where) from None
    if day > today:
        raise BriefpackError(
            f"{long_date(day)} is after today; record a change once it has taken effect",
            where=where,
        )
    return day


def _recorded_line(region: Region, level: ThreatLevel, since: date, before: ThreatRecord) -> str:
    line = f"recorded: {SHORT_NAMES[region]} level {level.display_name} from {long_date(since)}"
    earlier = before.level_on(since, region)
    if earlier is not None and earlier.level == level and earlier.since < since:
        line += f" (already {level.display_name} since {long_date(earlier.since)}: no change)"
    return line


# ---- briefpack threat check ---------------------------------------------------------------


def cmd_threat_check(args: argparse.Namespace) -> int:
    from briefpack.model import threat_feed, threat_record

    url = args.url or threat_feed.DEFAULT_FEED_URL
    timeout = args.timeout if args.timeout and 0 < args.timeout <= 600 else threat_feed.FEED_TIMEOUT
    threat_record.record()  # a damaged record file is reported before the network is used
    reading = threat_feed.read_feed(url, timeout=timeout)
    today = date.today()
    print(_reading_line(reading))
    added = threat_feed.record_reading(reading, today)
    for change in added:
        print(
            f"recorded: {SHORT_NAMES[change.region]} level {change.level.display_name} "
            f"from {long_date(change.since)} (MI5 feed read on {long_date(today)})"
        )
    if not added:
        print(_unchanged_line(reading, threat_record.record(), today))
    return EXIT_OK


def _reading_line(reading: FeedReading) -> str:
    parts = [f"national {reading.national.display_name}"]
    ni = reading.northern_ireland
    parts.append(f"Northern Ireland {ni.display_name}" if ni else "Northern Ireland not given")
    day = reading.published_day()
    parts.append(f"published {long_date(day)}" if day else "no publication date")
    return f"MI5 feed ({reading.url}): {', '.join(parts)}"


def _unchanged_line(reading: FeedReading, record: ThreatRecord, today: date) -> str:
    """Nothing was added: the record agrees, or the officer's own entry of today differs."""
    levels: dict[Region, ThreatLevel | None] = {
        "national": reading.national,
        "northern_ireland": reading.northern_ireland,
    }
    for region, level in levels.items():
        in_force = record.level_on(today, region)
        if level is not None and in_force is not None and in_force.level != level:
            return (
                f"not recorded: your own entry of today keeps the {SHORT_NAMES[region]} level "
                f"at {in_force.level.display_name}; `briefpack threat set` changes it"
            )
    return "the record already has these levels: nothing changed"
