"""`briefpack validate PACK`: the Checks findings, one a line, then whether it lays out.

The findings and the layout check are services/validate.py's, as the app's Checks list them.
Each line names the severity: error, warning or hint (a gentle suggestion, such as a long
sentence). Exit 0 when the pack lays out (errors, warnings and hints are printed but do not
fail it: the officer reads them), 2 when it cannot be read, composed or laid out.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from briefpack.cli.errors import EXIT_BAD_INPUT, EXIT_OK, refuse_nul_in_paths
from briefpack.cli.opening import add_outside_flag
from briefpack.cli.paths import shown
from briefpack.cli.wording import counted
from briefpack.model.review import MAX_FIGURE_AGE_MONTHS, REVIEW_MONTHS


def register_validate_command(sub: argparse._SubParsersAction) -> None:
    validate = sub.add_parser("validate", help="check a pack and report problems")
    validate.add_argument("pack", type=Path, help="the .bpack file, or a .bpackz bundle")
    validate.add_argument(
        "--max-age-months",
        type=int,
        default=MAX_FIGURE_AGE_MONTHS,
        metavar="N",
        help=f"flag statistics dated more than N months ago (default: {MAX_FIGURE_AGE_MONTHS})",
    )
    validate.add_argument(
        "--review-months",
        type=int,
        default=REVIEW_MONTHS,
        metavar="N",
        help=f"flag library items not reviewed in the last N months (default: {REVIEW_MONTHS})",
    )
    add_outside_flag(validate)
    validate.set_defaults(run=cmd_validate)


def cmd_validate(args: argparse.Namespace) -> int:
    from briefpack.cli.opening import open_pack_argument, refuse_outside_files
    from briefpack.services.validate import validate_pack

    refuse_nul_in_paths([args.pack])
    opened = open_pack_argument(args.pack)
    refuse_outside_files(opened, args.allow_outside_files)
    result = validate_pack(
        opened.pack,
        opened.base_dir,
        source=args.pack,
        max_age_months=args.max_age_months,
        review_months=args.review_months,
        allow_outside=args.allow_outside_files,
    )
    name = shown(args.pack)
    for finding in result.findings:
        print(f"{name}: {finding.where}: {finding.severity}: {finding.message}")
    problem = result.layout_problem()  # so "ok" means it renders
    if problem:
        print(f"{name}: layout: error: {problem}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(f"{name}: ok ({counted(result.sections, 'section')})")
    return EXIT_OK
