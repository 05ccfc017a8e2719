"""`briefpack library figures`: every statistic, oldest first, or one given a newer value."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from briefpack.cli.errors import EXIT_OK
from briefpack.cli.options import REVIEW_MONTHS, not_reviewed_lately
from briefpack.cli.wording import counted
from briefpack.model.dates import long_date
from briefpack.model.errors import BriefpackError

if TYPE_CHECKING:
    from briefpack.model.figures import FigureRow
    from briefpack.model.library import LibraryItem


# Where update_figure says a problem is, as the option that gave it.
_FIGURE_OPTIONS = {
    "item": "--update",
    "figure": "--update",
    "value": "--value",
    "as_of": "--as-of",
    "source_url": "--source-url",
}


def register_figures_command(actions: argparse._SubParsersAction) -> None:
    figures = actions.add_parser(
        "figures", help="list every statistic, oldest first, or give one a newer value"
    )
    figures.add_argument(
        "--pack", type=Path, help="also list the statistics of this pack (default: none)"
    )
    figures.add_argument(
        "--update",
        metavar="ITEM_ID[:STAT_ID]",
        help="the library figure to give a newer value (default: list them all instead)",
    )
    figures.add_argument(
        "--value", help="the new figure as printed, e.g. 3,629 (required with --update)"
    )
    figures.add_argument(
        "--as-of",
        dest="as_of",
        metavar="DATE",
        help="the date the new figure refers to (required with --update)",
    )
    figures.add_argument("--source", help="where the new figure comes from (default: as before)")
    figures.add_argument(
        "--source-url",
        dest="source_url",
        metavar="URL",
        help="the web address of its source (default: as before)",
    )
    figures.set_defaults(run=cmd_library_figures)


def cmd_library_figures(args: argparse.Namespace) -> int:
    if args.update is not None:
        return _update_library_figure(args)
    for name in ("value", "as_of", "source", "source_url"):
        if getattr(args, name) is not None:
            option = "--" + name.replace("_", "-")
            raise BriefpackError("only used with --update ITEM_ID[:STAT_ID]", where=option)
    return _list_figures(args.pack)


def _list_figures(pack_path: Path | None) -> int:
    from briefpack.model.figures import figures
    from briefpack.model.library import all_items
    from briefpack.model.packfile import load_pack

    pack = load_pack(pack_path) if pack_path is not None else None
    rows = figures(all_items(), pack)
    today = date.today()
    print(f"{'as of':<18} {'value':>9}  label | source | web address | where")
    for row in rows:
        dated = long_date(row.as_of) if row.as_of else "undated"
        mark = "!" if row.as_of is None or not_reviewed_lately(row.as_of, today) else " "
        print(
            f"{mark}{dated:<17} {row.value:>9}  {row.label} | {row.source or 'no source'} | "
            f"{row.source_url or 'no address'} | {_figure_place(row)}"
        )
    old = sum(1 for row in rows if row.as_of is None or not_reviewed_lately(row.as_of, today))
    marked = f"{old} marked ! undated or more than {REVIEW_MONTHS} months old"
    print(f"{counted(len(rows), 'figure')}; {marked}")
    return EXIT_OK


def _figure_place(row: FigureRow) -> str:
    """'Library: Hotline calls per day (update with builtin.x:hotline_calls)'."""
    if row.in_pack or row.item_row is None:
        return row.where
    return f"{row.where} (update with {row.item_id}:{row.stat_id or row.item_row + 1})"


def _update_library_figure(args: argparse.Namespace) -> int:
    from briefpack.model.dates import DateTextError, parse_user_date
    from briefpack.model.figures import update_figure
    from briefpack.model.library import find_item, user_library, user_library_lock

    item_id, _, wanted = args.update.strip().partition(":")
    if not item_id:
        raise BriefpackError("name a library item, e.g. builtin.x:stat_id", where="--update")
    if args.value is None:
        raise BriefpackError("give the new figure", where="--value")
    if args.as_of is None:
        raise BriefpackError("give the date the new figure refers to", where="--as-of")
    try:
        as_of = parse_user_date(args.as_of)
    except DateTextError as exc:
        raise BriefpackError(exc.problem, where="--as-of") from exc
    figure: int | str | None = wanted or None
    if wanted.isdigit():
        figure = int(wanted) - 1
    with user_library_lock():  # update_figure saves the library read here
        lib = user_library()
        mine = find_item(item_id, lib.items)  # a built-in not yet copied has no history
        before = len(mine.history or []) if mine is not None else 0
        try:
            item = update_figure(
                lib, item_id, figure, args.value, as_of, args.source, args.source_url
            )
        except BriefpackError as exc:
            where = _FIGURE_OPTIONS.get(exc.where, exc.where)
            raise BriefpackError(exc.problem, where=where) from exc
    print(_update_line(item, before))
    return EXIT_OK


def _update_line(item: LibraryItem, history_before: int) -> str:
    """'updated user.x (your copy of builtin.x): hotline calls: 32 (…) → 41 (…)'."""
    copy = f" (your copy of {item.supersedes})" if item.supersedes else ""
    history = item.history or []
    if len(history) == history_before:
        return f"{item.id}{copy}: the figure already says that; nothing changed"
    past = history[-1]
    stats = getattr(item.section, "items", [])
    now = next(s for s in stats if (s.id, s.label) == (past.id, past.label))
    was = f"{past.value} ({long_date(past.as_of) if past.as_of else 'undated'})"
    dated = long_date(now.as_of) if now.as_of else "undated"
    return f"updated {item.id}{copy}: {now.label}: {was} → {now.value} ({dated})"
