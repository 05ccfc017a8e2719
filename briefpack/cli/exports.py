"""`briefpack exports [--since DATE]`: the export log as a table, the audit trail of what
went to which meeting (model/export_log.py writes it; every export, from the command line
or the app, adds a line per file).

Oldest first, newest last, as the log is written: the latest exports stay on screen above
the prompt. Titles and audiences longer than a column are cut (…); the log itself keeps
every word, and the full commit and pack hash.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from briefpack.cli.errors import EXIT_OK, one_line
from briefpack.cli.wording import counted
from briefpack.model.userdata import EXPORT_LOG

if TYPE_CHECKING:
    from briefpack.model.export_log import ExportRecord

WIDEST_TEXT = 48  # characters of a title or an audience shown before it is cut
HASH_SHOWN = 10  # hex digits of the pack's sha256: plenty to tell packs apart by eye
HEADINGS = ("WHEN", "FORMAT", "MARKING", "LIBRARY", "PACK", "AUDIENCE", "TITLE", "FILE")


def register_exports_command(sub: argparse._SubParsersAction) -> None:
    exports = sub.add_parser(
        "exports",
        help="list the files exported: what went to which meeting",
        description="List every file exported, from the command line or the app, oldest "
        "first and newest last: when, the format, the marking, the force library revision "
        "it was made with, the pack (the start of its SHA-256), the audience, the title and "
        f"the file. The full record is the export log, <user folder>/{EXPORT_LOG}, one JSON "
        "object per line.",
    )
    exports.add_argument(
        "--since",
        metavar="DATE",
        help="only exports made on or after this day, e.g. 2026-12-03 or "
        '"3 December 2026" (default: every export recorded)',
    )
    exports.set_defaults(run=cmd_exports)


def cmd_exports(args: argparse.Namespace) -> int:
    from briefpack.model.dates import long_date
    from briefpack.model.export_log import read_log

    day = since_day(args.since)
    start = datetime.combine(day, time.min).astimezone() if day else None  # local midnight
    reading = read_log(start)
    if reading.skipped:
        warn_skipped(reading.skipped)
    if not reading.records:
        print(f"no exports recorded since {long_date(day)}" if day else "no exports recorded yet")
        return EXIT_OK
    for line in table([row(record) for record in reading.records]):
        print(one_line(line))
    total = counted(len(reading.records), "export")
    print(f"{total} since {long_date(day)}" if day else total)
    return EXIT_OK


def warn_skipped(count: int) -> None:
    """Say, on standard error, that lines of the log could not be read (and were left out)."""
    print(
        f"warning: export log: {counted(count, 'line')} could not be read, left out (a line "
        "cut short is an export interrupted as it was being recorded)",
        file=sys.stderr,
    )


def since_day(text: str | None) -> date | None:
    """The day --since names (None when not given); a clear error (exit 2) when it is not
    a date."""
    from briefpack.model.dates import DateTextError, parse_user_date
    from briefpack.model.errors import BriefpackError

    if text is None:
        return None
    try:
        return parse_user_date(text)
    except DateTextError as exc:
        raise BriefpackError(exc.problem, where="--since") from None


def row(record: ExportRecord) -> tuple[str, ...]:
    """A record's cells, in the order of HEADINGS."""
    from briefpack.cli.paths import shown
    from briefpack.model.force_revision import short_revision

    return (
        f"{record.when.astimezone():%Y-%m-%d %H:%M}",  # in this computer's time zone
        record.format,
        record.marking or "-",
        short_revision(record.library_revision),
        record.pack_sha256[:HASH_SHOWN],
        _cut(record.audience) or "-",
        _cut(record.title),
        shown(record.file),  # relative to here, or ~/…, where it can be
    )


def table(rows: list[tuple[str, ...]]) -> list[str]:
    """The headings and rows in columns two spaces apart; the last column is not padded."""
    widths = [max(len(cells[i]) for cells in [HEADINGS, *rows]) for i in range(len(HEADINGS))]
    return [
        "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip()
        for cells in [HEADINGS, *rows]
    ]


def _cut(text: str) -> str:
    words = " ".join(text.split())
    return words if len(words) <= WIDEST_TEXT else words[: WIDEST_TEXT - 1].rstrip() + "…"
