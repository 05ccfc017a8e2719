"""`briefpack new -o FILE [--template NAME]`: a pack from a template, dated today."""

from __future__ import annotations

import argparse
from pathlib import Path

from briefpack.cli.errors import EXIT_OK
from briefpack.cli.paths import shown
from briefpack.cli.wording import counted
from briefpack.model.dates import long_date
from briefpack.model.errors import BriefpackError


def register_new_command(sub: argparse._SubParsersAction) -> None:
    new = sub.add_parser("new", help="start a pack from a template, dated today")
    new.add_argument("--template", help="template name or file (default: a minimal pack)")
    new.add_argument("-o", "--output", type=Path, required=True, help="the new .bpack file")
    new.add_argument("--force", action="store_true", help="overwrite an existing file")
    new.set_defaults(run=cmd_new)


def cmd_new(args: argparse.Namespace) -> int:
    from briefpack.model.editing import new_pack
    from briefpack.model.packfile import save_pack
    from briefpack.model.template_store import (
        describe_template,
        find_template,
        load_template_file,
    )
    from briefpack.model.templates import template_to_pack

    if args.output.is_dir():
        raise BriefpackError(
            f"is a folder; name the new file in it, e.g. {shown(args.output / 'briefing.bpack')}",
            file=args.output,
        )
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
    sections = counted(len(pack.sections), "section")
    print(f"wrote {shown(args.output)} ({sections}, dated {dated}{origin})")
    # The level comes from the record of levels, not the template: say which one was used.
    threat = pack.threat
    since = f" since {long_date(threat.since)}" if threat.since else ""
    print(f"threat level {threat.level.display_name}{since} (from the record of threat levels)")
    return EXIT_OK
