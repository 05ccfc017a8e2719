"""`briefpack bundle PACK -o OUT`: a pack and its pictures in one .bpackz to send on.

Opening a bundle (`briefpack FILE.bpackz`, `render`, `validate`) goes through
briefpack.model.bundle.open_bundle, which checks every entry and extracts into a private
folder; this module only writes them.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from briefpack.cli_open import BUNDLE_OUTSIDE_HELP, OpenedPack, add_outside_flag

EXIT_OK = 0


def register_bundle_command(sub: argparse._SubParsersAction) -> None:
    bundle = sub.add_parser(
        "bundle",
        help="put a pack and its pictures in one .bpackz file to send to a colleague",
        description=(
            "Write a .bpackz bundle: the pack and its pictures, nothing else. Only pictures "
            "in the pack's folder go in, unless you pass --allow-outside-files."
        ),
    )
    bundle.add_argument("pack", type=Path, metavar="PACK", help="the .bpack file")
    bundle.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="OUT",
        help="the bundle to write (default: beside the pack, PACK.bpackz)",
    )
    add_outside_flag(bundle, BUNDLE_OUTSIDE_HELP)
    bundle.set_defaults(run=cmd_bundle)


def cmd_bundle(args: argparse.Namespace) -> int:
    from briefpack.cli_open import refuse_outside_files
    from briefpack.model.bundle import BUNDLE_SUFFIX, bundle_bytes, is_bundle
    from briefpack.model.errors import BriefpackError
    from briefpack.model.packfile import load_pack
    from briefpack.model.storage import atomic_write, shown_path

    if is_bundle(args.pack):
        raise BriefpackError("this is a bundle already; send it as it is", file=args.pack)
    out = args.output or args.pack.with_suffix(BUNDLE_SUFFIX)
    if out.is_dir():
        out = out / args.pack.with_suffix(BUNDLE_SUFFIX).name
    opened = OpenedPack(args.pack, load_pack(args.pack), args.pack.resolve().parent)
    refuse_outside_files(opened, args.allow_outside_files, action="put in the bundle")
    data = bundle_bytes(
        opened.pack, opened.base_dir, str(args.pack), allow_outside=args.allow_outside_files
    )
    written = atomic_write(out, data, follow_links=False)  # never through a link at OUT
    print(f"wrote {shown_path(written)}{_outside_note(opened)}")
    return EXIT_OK


def _outside_note(opened: OpenedPack) -> str:
    """Say how many pictures came from outside the pack's folder, so the officer knows."""
    from briefpack.model.outside import outside_images

    copied = len({file for _row, _path, file in outside_images(opened.pack, opened.base_dir)})
    if not copied:
        return ""
    return f" (with {copied} picture{'s' if copied != 1 else ''} from outside the pack's folder)"
