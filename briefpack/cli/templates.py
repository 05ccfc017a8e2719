"""`briefpack templates [list|import|export]` and `briefpack brands [list|import|export]`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from briefpack.cli.errors import EXIT_OK
from briefpack.cli.options import conflict_option, result_line, subcommands, with_hint
from briefpack.cli.paths import shown
from briefpack.model.errors import BriefpackError

if TYPE_CHECKING:  # the model loads only when a command runs
    from briefpack.model.template_store import TemplateInfo

# ---- templates ----------------------------------------------------------------------------


def register_templates_commands(sub: argparse._SubParsersAction) -> None:
    templates = sub.add_parser(
        "templates",
        help="list, import and export templates",
        description="Templates: with no ACTION, lists them.",
    )
    templates.set_defaults(run=cmd_templates_list)
    actions = subcommands(templates, "templates")
    listing = actions.add_parser("list", help="list built-in and your templates")
    listing.set_defaults(run=cmd_templates_list)
    imp = actions.add_parser("import", help="add a colleague's template file to yours")
    imp.add_argument("file", type=Path, help="the template file (.bpack) to read")
    conflict_option(imp)
    imp.set_defaults(run=cmd_templates_import)
    export = actions.add_parser("export", help="write a template to a file")
    export.add_argument("name", help="the template's name, as `templates list` shows it")
    export.add_argument("-o", "--output", type=Path, required=True, help="the file to write")
    export.set_defaults(run=cmd_templates_export)


def cmd_templates_list(args: argparse.Namespace) -> int:
    from briefpack.model.force_store import force_content
    from briefpack.model.template_store import list_templates

    problems: list[BriefpackError] = []
    for info in list_templates(problems):
        print(f"{info.name}  [{info.kind}]  {info.description}{_reached_by(info)}")
    for problem in problems:
        print(f"skipped: {problem.message}", file=sys.stderr)
    # A force template the last sync skipped is missed here too: say why, naming its path.
    for warning in force_content().warnings:
        if warning.startswith("templates/"):
            print(f"skipped: force library: {warning}", file=sys.stderr)
    return EXIT_OK


def _reached_by(info: TemplateInfo) -> str:
    """How `new --template` reaches a template another of the same name would hide: a
    force one by its id; yours by its path. A built-in one lives inside the installed
    program (its name always finds it): its path helps nobody."""
    from briefpack.model.template_store import template_id

    if info.force:
        return f"  ({template_id(info)})"
    return "" if info.builtin else f"  ({shown(info.path)})"


def cmd_templates_import(args: argparse.Namespace) -> int:
    from briefpack.model.template_store import import_template

    return _import_file(args, import_template, "template")


def cmd_templates_export(args: argparse.Namespace) -> int:
    from briefpack.model.template_store import export_template

    print(f"wrote {shown(export_template(args.name, args.output))}")
    return EXIT_OK


# ---- brands -------------------------------------------------------------------------------


def register_brands_commands(sub: argparse._SubParsersAction) -> None:
    brands = sub.add_parser(
        "brands",
        help="list, import and export brands",
        description="Brands: with no ACTION, lists them.",
    )
    brands.set_defaults(run=cmd_brands_list)
    actions = subcommands(brands, "brands")
    listing = actions.add_parser("list", help="list built-in and your brands")
    listing.set_defaults(run=cmd_brands_list)
    imp = actions.add_parser("import", help="add a brand file (and its logo) to yours")
    imp.add_argument("file", type=Path, help="the brand file to read")
    conflict_option(imp)
    imp.set_defaults(run=cmd_brands_import)
    export = actions.add_parser("export", help="write a brand file, its logo beside it")
    export.add_argument("id", help="the brand's id, as `brands list` shows it")
    export.add_argument("-o", "--output", type=Path, required=True, help="the file to write")
    export.set_defaults(run=cmd_brands_export)


def cmd_brands_list(args: argparse.Namespace) -> int:
    from briefpack.model.brand import list_brands

    for brand in list_brands():
        kind = "user" if brand.kind == "yours" else brand.kind  # built-in, force or user
        print(f"{brand.id}  {brand.name}  [{kind}]")
    return EXIT_OK


def cmd_brands_import(args: argparse.Namespace) -> int:
    from briefpack.model.brand_store import import_brand

    return _import_file(args, import_brand, "brand")


def cmd_brands_export(args: argparse.Namespace) -> int:
    from briefpack.model.brand_store import export_brand

    print(f"wrote {shown(export_brand(args.id, args.output))}")
    return EXIT_OK


# ---- both ---------------------------------------------------------------------------------


def _import_file(args: argparse.Namespace, import_one: Callable, kind: str) -> int:
    """Import `args.file` with the model's `import_one`; a conflict is worded with the flag."""
    from briefpack.model.conflicts import ConflictError
    from briefpack.model.library_import import refuse_unless_ordinary

    refuse_unless_ordinary(args.file)  # a FIFO or device: one line, in the gate's words
    try:
        result = import_one(args.file, args.on_conflict)
    except ConflictError as exc:
        raise with_hint(exc) from exc
    print(result_line(kind, result))
    return EXIT_OK
