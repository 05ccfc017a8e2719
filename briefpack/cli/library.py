"""`briefpack library [list|add|remove|export|import|figures]`: the content library.

The force library's commands (publish, subscribe, sync, history) are in force_library.py.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from briefpack.cli.errors import EXIT_BAD_INPUT, EXIT_OK
from briefpack.cli.figures import register_figures_command
from briefpack.cli.force_library import register_force_commands, warn
from briefpack.cli.options import (
    CONFLICT_HINT,
    REVIEW_MONTHS,
    conflict_option,
    not_reviewed_lately,
    subcommands,
)
from briefpack.cli.paths import shown
from briefpack.cli.wording import counted
from briefpack.model.dates import long_date
from briefpack.model.errors import BriefpackError

if TYPE_CHECKING:
    from briefpack.model.library import Library
    from briefpack.model.pack import Pack


def register_library_commands(sub: argparse._SubParsersAction) -> None:
    library = sub.add_parser(
        "library",
        help="list, add, export and import library items",
        description="The content library: with no ACTION, lists every item.",
    )
    library.set_defaults(run=cmd_library_list, category=None, search=None)
    actions = subcommands(library, "library")

    listing = actions.add_parser("list", help="list items (id, category, name, reviewed)")
    listing.add_argument(
        "--category", help="only this category, e.g. threat or advice (default: all)"
    )
    listing.add_argument(
        "--search", metavar="TEXT", help="only items mentioning TEXT (default: all)"
    )
    listing.set_defaults(run=cmd_library_list)

    add = actions.add_parser("add", help="add a section of a pack to your library")
    add.add_argument("pack", type=Path, help="the .bpack file the section is in")
    add.add_argument(
        "--section", required=True, help="section number (1 is the first) or section id"
    )
    add.add_argument("--name", required=True, help="the item's name in the library")
    add.add_argument("--category", required=True, help="threat, statistics, advice, …")
    add.add_argument(
        "--tags", default="", help="comma-separated, e.g. hotline,reporting (default: none)"
    )
    add.add_argument("--source", help="where the facts come from (default: none given)")
    add.add_argument(
        "--update",
        metavar="ID",
        help="revise this item of yours (or your copy of a force item): same id, dated today, "
        "the old version kept in its history (default: add a new item)",
    )
    add.set_defaults(run=cmd_library_add)

    remove = actions.add_parser("remove", help="remove one of your items")
    remove.add_argument("id", help="the item's id, as `library list` shows it")
    remove.set_defaults(run=cmd_library_remove)

    export = actions.add_parser("export", help="write items to a library file")
    export.add_argument("-o", "--output", type=Path, required=True, help="the file to write")
    export.add_argument(
        "--ids", nargs="+", metavar="ID", help="only these items (default: all of yours)"
    )
    export.add_argument(
        "--builtin", action="store_true", help="include the built-in items (default: off)"
    )
    export.set_defaults(run=cmd_library_export)

    imp = actions.add_parser("import", help="add a colleague's library file to yours")
    imp.add_argument("file", type=Path, help="the library file to read")
    conflict_option(imp)
    imp.set_defaults(run=cmd_library_import)
    register_figures_command(actions)
    register_force_commands(actions)


def cmd_library_list(args: argparse.Namespace) -> int:
    from briefpack.model.force_store import force_content
    from briefpack.model.library import CATEGORIES, all_items, search_items

    warn(force_content())
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
    stale = {item.id for item in items if not_reviewed_lately(item.reviewed, today)}
    for item in items:
        mark = "!" if item.id in stale else " "
        shown = long_date(item.reviewed) if item.reviewed else "never"
        force = "  [force]" if item.force else ""  # approved by the force: read-only
        print(f"{mark} {item.id:<44} {item.category:<10} {item.name}  (reviewed {shown}){force}")
    marked = f"{len(stale)} marked ! not reviewed in {REVIEW_MONTHS} months"
    print(f"{counted(len(items), 'item')}; {marked}")
    return EXIT_OK


def cmd_library_add(args: argparse.Namespace) -> int:
    from briefpack.model.library import (
        add_user_item,
        item_from_section,
        save_user_library,
        user_library,
        user_library_lock,
    )
    from briefpack.model.library_revise import revise_user_item
    from briefpack.model.packfile import load_pack

    pack = load_pack(args.pack)
    index = _section_index(pack, args.section, args.pack)
    section, tags = pack.sections[index], args.tags.split(",")
    with user_library_lock():  # another add running at the same time must not be lost
        lib = user_library()
        if args.update:
            item = revise_user_item(
                lib, args.update, section, args.name, args.category, tags, args.source
            )
        else:
            item = item_from_section(section, args.name, args.category, tags, args.source)
            add_user_item(lib, item)
        save_user_library(lib)
    if args.update:
        kept = f"dated {long_date(item.updated)}, the old version kept in its history"
        print(f"revised {item.id} ({item.category}): {item.name}; {kept}")
    else:
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
            f"no section {number} (the pack has {counted(count, 'section')})",
            file=path,
            where="--section",
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
    print(f"wrote {counted(len(chosen), 'item')} to {shown(args.output)}")
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
            f"{shown(args.file)}: {_differ(len(plan.changed))} from yours; nothing imported — "
            f"{CONFLICT_HINT}",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    if plan.new or (plan.changed and args.on_conflict != "skip"):
        save_user_library(merge_library(ours, plan, args.on_conflict))
    done = f", {len(plan.changed)} {ACTION_WORDS[args.on_conflict]}" if plan.changed else ""
    print(f"imported {len(plan.new)} new{done}, {len(plan.same)} already the same")
    return EXIT_OK


def _differ(count: int) -> str:
    return f"{counted(count, 'item')} {'differs' if count == 1 else 'differ'}"
