"""`briefpack bundle PACK -o OUT`: a pack and its pictures in one .bpackz to send on.

Opening a bundle (`briefpack FILE.bpackz`, `render`, `validate`) goes through
briefpack.model.bundle.open_bundle, which checks every entry and extracts into a private
folder; this module only writes them.
"""

from __future__ import annotations

import argparse
from pathlib import Path

EXIT_OK = 0


def register_bundle_command(sub: argparse._SubParsersAction) -> None:
    bundle = sub.add_parser(
        "bundle",
        help="put a pack and its pictures in one .bpackz file to send to a colleague",
        description="Write a .bpackz bundle: the pack and the pictures beside it, nothing else.",
    )
    bundle.add_argument("pack", type=Path, metavar="PACK", help="the .bpack file")
    bundle.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="OUT",
        help="the bundle to write (default: beside the pack, PACK.bpackz)",
    )
    bundle.set_defaults(run=cmd_bundle)


def cmd_bundle(args: argparse.Namespace) -> int:
    from briefpack.model.bundle import BUNDLE_SUFFIX, write_bundle

    out = args.output or args.pack.with_suffix(BUNDLE_SUFFIX)
    if out.is_dir():
        out = out / args.pack.with_suffix(BUNDLE_SUFFIX).name
    written = write_bundle(args.pack, out)
    print(f"wrote {written}")
    return EXIT_OK
