"""What the content commands share: the --on-conflict option and its hint, subcommand
groups, import result lines, and the age after which an item or figure is flagged."""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING

from briefpack.model.dates import months_between
from briefpack.model.errors import BriefpackError

if TYPE_CHECKING:
    from briefpack.model.conflicts import ConflictError, ImportResult

REVIEW_MONTHS = 12


def conflict_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--on-conflict",
        choices=("keep-both", "replace", "skip"),
        help="what to do with items that differ from yours (default: none; when there are "
        "any, nothing is imported and you are asked to choose)",
    )


CONFLICT_HINT = "choose --on-conflict keep-both, replace or skip"


def with_hint(exc: ConflictError) -> BriefpackError:
    """The model's conflict with the option that answers it (the model names none)."""
    return BriefpackError(f"{exc.conflict}; nothing imported — {CONFLICT_HINT}", file=exc.file)


def subcommands(parser: argparse.ArgumentParser, name: str) -> argparse._SubParsersAction:
    return parser.add_subparsers(dest=f"{name}_command", metavar="ACTION", title="actions")


def not_reviewed_lately(reviewed: date | None, today: date) -> bool:
    return reviewed is None or months_between(reviewed, today) > REVIEW_MONTHS


def result_line(what: str, result: ImportResult) -> str:
    from briefpack.cli.paths import shown

    where = f" ({shown(result.path)})" if result.path else ""
    return f"{result.status}: {what} {result.name!r} {result.action}{where}"
