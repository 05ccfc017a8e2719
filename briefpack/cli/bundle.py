"""`briefpack bundle PACK -o OUT`: a pack and its pictures in one .bpackz to send on.

Opening a bundle (`briefpack FILE.bpackz`, `render`, `validate`) goes through
briefpack.model.bundle.open_bundle, which checks every entry and extracts into a private
folder; this command only writes them (services/opening.py's write_bundle, as the app's
File ▸ Save as Bundle…).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from briefpack.cli.errors import EXIT_OK
from briefpack.cli.opening import BUNDLE_OUTSIDE_HELP, add_outside_flag
from briefpack.cli.paths import folder_made_for_output, names_a_folder, output_folder, shown

if TYPE_CHECKING:
    from briefpack.services.opening import OpenedPack


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
        metavar="OUT",
        help="the bundle to write, or a folder to write it in: an existing folder or a name "
        "ending in / (made if new) (default: beside the pack, named after it, .bpackz)",
    )
    add_outside_flag(bundle, BUNDLE_OUTSIDE_HELP)
    bundle.set_defaults(run=cmd_bundle)


def cmd_bundle(args: argparse.Namespace) -> int:
    from briefpack.cli.opening import refuse_outside_files
    from briefpack.model.bundle import is_bundle
    from briefpack.model.errors import BriefpackError
    from briefpack.services.opening import open_pack_file, write_bundle

    if is_bundle(args.pack):
        raise BriefpackError("this is a bundle already; send it as it is", file=args.pack)
    out, folder = bundle_target(args.pack, args.output)
    opened = open_pack_file(args.pack)
    refuse_outside_files(opened, args.allow_outside_files, action="put in the bundle")
    with folder_made_for_output(folder):
        written = write_bundle(
            opened.pack,
            opened.base_dir,
            str(args.pack),
            out,
            allow_outside=args.allow_outside_files,
        )
    print(f"wrote {shown(written)}{_outside_note(opened)}")
    return EXIT_OK


def bundle_target(pack: Path, output: str | None) -> tuple[Path, Path | None]:
    """The bundle's path, and the folder -o named (to be made) if it named one."""
    from briefpack.model.bundle import BUNDLE_SUFFIX

    named = pack.with_suffix(BUNDLE_SUFFIX)
    if output is None:
        return named, None
    if names_a_folder(output):  # as `render -o`: inside it, named after the pack
        folder = output_folder(output)
        return folder / named.name, folder
    return Path(output), None


def _outside_note(opened: OpenedPack) -> str:
    """Say how many pictures came from outside the pack's folder, so the officer knows."""
    from briefpack.services.opening import outside_picture_count

    copied = outside_picture_count(opened)
    if not copied:
        return ""
    return f" (with {copied} picture{'s' if copied != 1 else ''} from outside the pack's folder)"
