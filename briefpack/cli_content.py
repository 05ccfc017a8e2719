"""Command line for the content library, templates and brands (`briefpack library|templates|
brands|new`). Registered by cli.build_parser; every command returns an exit code."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from briefpack.model.dates import long_date, months_between
from briefpack.model.errors import BriefpackError

if TYPE_CHECKING:
    from briefpack.model.conflicts import ConflictError
    from briefpack.model.figures import FigureRow
    from briefpack.model.library import Library, LibraryItem
    from briefpack.model.pack import Pack
    from briefpack.model.userdata import ImportResult

EXIT_OK, EXIT_BAD_INPUT = 0, 2
REVIEW_MONTHS = 12


def register_content_commands(sub: argparse._SubParsersAction) -> None:
    """Add the library, templates, brands and new commands to the main parser."""
    _register_library(sub)
    _register_templates(sub)
    _register_brands(sub)
    _register_new(sub)


def _conflict_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--on-conflict",
        choices=("keep-both", "replace", "skip"),
        help="what to do with items that differ from yours (asked for when there are any)",
    )


CONFLICT_HINT = "choose --on-conflict keep-both, replace or skip"


def _with_hint(exc: ConflictError) -> BriefpackError:
    """The model's conflict with the option that answers it (the model names none)."""
    return BriefpackError(f"{exc.conflict}; nothing imported — {CONFLICT_HINT}", file=exc.file)


def _subcommands(parser: argparse.ArgumentParser, name: str) -> argparse._SubParsersAction:
    return parser.add_subparsers(dest=f"{name}_command", metavar="ACTION")


# ---- library ------------------------------------------------------------------------------


def _register_library(sub: argparse._SubParsersAction) -> None:
    library = sub.add_parser("library", help="list, add, export and import library items")
    library.set_defaults(run=cmd_library_list, category=None, search=None)
    actions = _subcommands(library, "library")

    listing = actions.add_parser("list", help="list items (id, category, name, reviewed)")
    listing.add_argument("--category", help="only this category")
    listing.add_argument("--search", metavar="TEXT", help="only items mentioning TEXT")
    listing.set_defaults(run=cmd_library_list)

    add = actions.add_parser("add", help="add a section of a pack to your library")
    add.add_argument("pack", type=Path)
    add.add_argument(
        "--section", required=True, help="section number (1 is the first) or section id"
    )
    add.add_argument("--name", required=True)
    add.add_argument("--category", required=True, help="threat, statistics, advice, …")
    add.add_argument("--tags", default="", help="comma-separated, e.g. hotline,reporting")
    add.add_argument("--source", help="where the facts come from")
    add.set_defaults(run=cmd_library_add)

    remove = actions.add_parser("remove", help="remove one of your items")
    remove.add_argument("id")
    remove.set_defaults(run=cmd_library_remove)

    export = actions.add_parser("export", help="write items to a library file")
    export.add_argument("-o", "--output", type=Path, required=True)
    export.add_argument("--ids", nargs="+", metavar="ID", help="only these items")
    export.add_argument("--builtin", action="store_true", help="include built-in items")
    export.set_defaults(run=cmd_library_export)

    imp = actions.add_parser("import", help="add a colleague's library file to yours")
    imp.add_argument("file", type=Path)
    _conflict_option(imp)
    imp.set_defaults(run=cmd_library_import)
    _register_figures(actions)


def cmd_library_list(args: argparse.Namespace) -> int:
    from briefpack.model.library import CATEGORIES, all_items, search_items

    items = all_items()
    if args.category:
        if args.category not in CATEGORIES:
            raise BriefpackError(
                f"unknown category {args.category!r} (categories: {', '.join(CATEGORIES)})",
                where="--category",
            )
        items = [i for i in items if i.category == args.category]
    if args.search:
        items = search_items(items, args.search)
    today = date.today()
    stale = {item.id for item in items if _not_reviewed_lately(item.reviewed, today)}
    for item in items:
        mark = "!" if item.id in stale else " "
        shown = long_date(item.reviewed) if item.reviewed else "never"
        print(f"{mark} {item.id:<44} {item.category:<10} {item.name}  (reviewed {shown})")
    print(f"{len(items)} items; {len(stale)} marked ! not reviewed in {REVIEW_MONTHS} months")
    return EXIT_OK


def _not_reviewed_lately(reviewed: date | None, today: date) -> bool:
    return reviewed is None or months_between(reviewed, today) > REVIEW_MONTHS


def cmd_library_add(args: argparse.Namespace) -> int:
    from briefpack.model.library import (
        add_user_item,
        item_from_section,
        save_user_library,
        user_library,
        user_library_lock,
    )
    from briefpack.model.packfile import load_pack

    pack = load_pack(args.pack)
    index = _section_index(pack, args.section, args.pack)
    with user_library_lock():  # another add running at the same time must not be lost
        lib = user_library()
        item = item_from_section(
            pack.sections[index], args.name, args.category, args.tags.split(","), args.source
        )
        add_user_item(lib, item)
        save_user_library(lib)
    print(f"added {item.id} ({item.category}): {item.name}")
    return EXIT_OK


def _section_index(pack: Pack, wanted: str, path: Path) -> int:
    """A 1-based section number or a section id, as an index into pack.sections."""
    count = len(pack.sections)
    if wanted.isdigit():
        number = int(wanted)
        if 1 <= number <= count:
            return number - 1
        raise BriefpackError(
            f"no section {number} (the pack has {count} sections)", file=path, where="--section"
        )
    for index, section in enumerate(pack.sections):
        if section.id == wanted:
            return index
    raise BriefpackError(f"no section with id {wanted!r}", file=path, where="--section")


def cmd_library_remove(args: argparse.Namespace) -> int:
    from briefpack.model.library import (
        remove_user_item,
        save_user_library,
        user_library,
        user_library_lock,
    )

    with user_library_lock():
        lib = user_library()
        item = remove_user_item(lib, args.id)
        save_user_library(lib)
    print(f"removed {item.id}: {item.name}")
    return EXIT_OK


def cmd_library_export(args: argparse.Namespace) -> int:
    from briefpack.model.library import (
        Library,
        builtin_library,
        library_to_bytes,
        user_library,
    )
    from briefpack.model.storage import atomic_write

    mine = user_library().items
    pool = [*builtin_library().items, *mine] if args.builtin or args.ids else mine
    if args.ids:
        by_id = {i.id: i for i in pool}
        unknown = [i for i in args.ids if i not in by_id]
        if unknown:
            raise BriefpackError(f"no library item {unknown[0]!r}", where="--ids")
        chosen = [by_id[i] for i in dict.fromkeys(args.ids)]
    else:
        chosen = pool
    atomic_write(args.output, library_to_bytes(Library(items=chosen)))
    print(f"wrote {len(chosen)} items to {args.output}")
    return EXIT_OK


def cmd_library_import(args: argparse.Namespace) -> int:
    from briefpack.model.library import user_library_lock
    from briefpack.model.library_import import load_shared_library

    # Refuses a FIFO or device given as the file, and items naming such pictures, full
    # paths or "..": one line naming the file and the item, nothing imported.
    incoming = load_shared_library(args.file)
    with user_library_lock():  # compare and save against the same library
        return _import_library(args, incoming)


def _import_library(args: argparse.Namespace, incoming: Library) -> int:
    from briefpack.model.conflicts import ACTION_WORDS
    from briefpack.model.library import (
        compare_libraries,
        merge_library,
        save_user_library,
        user_library,
    )

    ours = user_library()
    plan = compare_libraries(ours, incoming)
    for item in plan.new:
        print(f"new:     {item.id}  {item.name}")
    for mine, theirs in plan.changed:
        print(f"changed: {theirs.id}  {theirs.name}  (yours: {mine.name}, {mine.updated})")
    for item in plan.same:
        print(f"same:    {item.id}  {item.name}")
    if plan.changed and args.on_conflict is None:
        print(
            f"{args.file}: {len(plan.changed)} item(s) differ from yours; nothing imported — "
            f"{CONFLICT_HINT}",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    if plan.new or (plan.changed and args.on_conflict != "skip"):
        save_user_library(merge_library(ours, plan, args.on_conflict))
    done = f", {len(plan.changed)} {ACTION_WORDS[args.on_conflict]}" if plan.changed else ""
    print(f"imported {len(plan.new)} new{done}, {len(plan.same)} already the same")
    return EXIT_OK


# ---- library figures ----------------------------------------------------------------------

# Where update_figure says a problem is, as the option that gave it.
_FIGURE_OPTIONS = {
    "item": "--update",
    "figure": "--update",
    "value": "--value",
    "as_of": "--as-of",
    "source_url": "--source-url",
}


def _register_figures(actions: argparse._SubParsersAction) -> None:
    figures = actions.add_parser(
        "figures", help="list every statistic, oldest first, or give one a newer value"
    )
    figures.add_argument("--pack", type=Path, help="also list the statistics of this pack")
    figures.add_argument(
        "--update", metavar="ITEM_ID[:STAT_ID]", help="the library figure to give a newer value"
    )
    figures.add_argument("--value", help="the new figure as printed, e.g. 3,629")
    figures.add_argument("--as-of", dest="as_of", metavar="DATE", help="the date it refers to")
    figures.add_argument("--source", help="where the new figure comes from (default: as before)")
    figures.add_argument("--source-url", dest="source_url", metavar="URL", help="its web address")
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
        mark = "!" if row.as_of is None or _not_reviewed_lately(row.as_of, today) else " "
        print(
            f"{mark}{dated:<17} {row.value:>9}  {row.label} | {row.source or 'no source'} | "
            f"{row.source_url or 'no address'} | {_figure_place(row)}"
        )
    old = sum(1 for row in rows if row.as_of is None or _not_reviewed_lately(row.as_of, today))
    print(f"{len(rows)} figures; {old} marked ! undated or more than {REVIEW_MONTHS} months old")
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


# ---- templates ----------------------------------------------------------------------------


def _register_templates(sub: argparse._SubParsersAction) -> None:
    templates = sub.add_parser("templates", help="list, import and export templates")
    templates.set_defaults(run=cmd_templates_list)
    actions = _subcommands(templates, "templates")
    listing = actions.add_parser("list", help="list built-in and your templates")
    listing.set_defaults(run=cmd_templates_list)
    imp = actions.add_parser("import", help="add a colleague's template file to yours")
    imp.add_argument("file", type=Path)
    _conflict_option(imp)
    imp.set_defaults(run=cmd_templates_import)
    export = actions.add_parser("export", help="write a template to a file")
    export.add_argument("name")
    export.add_argument("-o", "--output", type=Path, required=True)
    export.set_defaults(run=cmd_templates_export)


def cmd_templates_list(args: argparse.Namespace) -> int:
    from briefpack.model.userdata import list_templates

    problems: list[BriefpackError] = []
    for info in list_templates(problems):
        kind = "built-in" if info.builtin else "user"
        print(f"{info.name}  [{kind}]  {info.description}  ({info.path})")
    for problem in problems:
        print(f"skipped: {problem.message}", file=sys.stderr)
    return EXIT_OK


def cmd_templates_import(args: argparse.Namespace) -> int:
    from briefpack.model.library_import import refuse_unless_ordinary
    from briefpack.model.userdata import ConflictError, import_template

    refuse_unless_ordinary(args.file)  # a FIFO or device would block the reader
    try:
        result = import_template(args.file, args.on_conflict)
    except ConflictError as exc:
        raise _with_hint(exc) from exc
    print(_result_line("template", result))
    return EXIT_OK


def _result_line(what: str, result: ImportResult) -> str:
    where = f" ({result.path})" if result.path else ""
    return f"{result.status}: {what} {result.name!r} {result.action}{where}"


def cmd_templates_export(args: argparse.Namespace) -> int:
    from briefpack.model.userdata import export_template

    print(f"wrote {export_template(args.name, args.output)}")
    return EXIT_OK


# ---- brands -------------------------------------------------------------------------------


def _register_brands(sub: argparse._SubParsersAction) -> None:
    brands = sub.add_parser("brands", help="list, import and export brands")
    brands.set_defaults(run=cmd_brands_list)
    actions = _subcommands(brands, "brands")
    listing = actions.add_parser("list", help="list built-in and your brands")
    listing.set_defaults(run=cmd_brands_list)
    imp = actions.add_parser("import", help="add a brand file (and its logo) to yours")
    imp.add_argument("file", type=Path)
    _conflict_option(imp)
    imp.set_defaults(run=cmd_brands_import)
    export = actions.add_parser("export", help="write a brand file, its logo beside it")
    export.add_argument("id")
    export.add_argument("-o", "--output", type=Path, required=True)
    export.set_defaults(run=cmd_brands_export)


def cmd_brands_list(args: argparse.Namespace) -> int:
    from briefpack.model.brand import list_brands
    from briefpack.model.userdata import is_builtin_brand

    for brand in list_brands():
        kind = "built-in" if is_builtin_brand(brand) else "user"
        print(f"{brand.id}  {brand.name}  [{kind}]")
    return EXIT_OK


def cmd_brands_import(args: argparse.Namespace) -> int:
    from briefpack.model.library_import import refuse_unless_ordinary
    from briefpack.model.userdata import ConflictError, import_brand

    refuse_unless_ordinary(args.file)  # a FIFO or device would block the reader
    try:
        result = import_brand(args.file, args.on_conflict)
    except ConflictError as exc:
        raise _with_hint(exc) from exc
    print(_result_line("brand", result))
    return EXIT_OK


def cmd_brands_export(args: argparse.Namespace) -> int:
    from briefpack.model.userdata import export_brand

    print(f"wrote {export_brand(args.id, args.output)}")
    return EXIT_OK


# ---- new ----------------------------------------------------------------------------------


def _register_new(sub: argparse._SubParsersAction) -> None:
    new = sub.add_parser("new", help="start a pack from a template, dated today")
    new.add_argument("--template", help="template name or file (default: a minimal pack)")
    new.add_argument("-o", "--output", type=Path, required=True, help="the new .bpack file")
    new.add_argument("--force", action="store_true", help="overwrite an existing file")
    new.set_defaults(run=cmd_new)


def cmd_new(args: argparse.Namespace) -> int:
    from briefpack.model.editing import new_pack
    from briefpack.model.packfile import save_pack
    from briefpack.model.templates import template_to_pack
    from briefpack.model.userdata import describe_template, find_template, load_template_file

    if args.output.exists() and not args.force:
        raise BriefpackError(
            "the file already exists; choose another name or add --force to overwrite it",
            file=args.output,
        )
    origin = ""
    if args.template:
        found = find_template(args.template)
        template = load_template_file(found)
        pack = template_to_pack(template)
        origin = f", from {describe_template(found, template)}"  # built-in or the officer's
    else:
        pack = new_pack()
    save_pack(pack, args.output)
    dated = long_date(pack.meta.date)
    print(f"wrote {args.output} ({len(pack.sections)} sections, dated {dated}{origin})")
    # The level comes from the record of levels, not the template: say which one was used.
    threat = pack.threat
    since = f" since {long_date(threat.since)}" if threat.since else ""
    print(f"threat level {threat.level.display_name}{since} (from the record of threat levels)")
    return EXIT_OK
