"""`briefpack render PACK [-o OUT] [--format pdf|docx|both] [--invariant]`.

The export itself (compose, render, check, write all or none, check again) is
services/export.py's, as for the app's Export; the formats are render/formats.py's.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from briefpack.cli.errors import EXIT_OK, refuse_nul_in_paths
from briefpack.cli.opening import add_outside_flag
from briefpack.cli.paths import folder_made_for_output, names_a_folder, output_folder, shown
from briefpack.render.formats import DEFAULT_FORMAT, format_for_suffix, format_names, get_format

BOTH = "both"  # PDF and DOCX, the two formats an officer usually sends together
BOTH_FORMATS = ("pdf", "docx")


def register_render_command(sub: argparse._SubParsersAction) -> None:
    render = sub.add_parser("render", help="render a pack to PDF and/or DOCX")
    render.add_argument("pack", type=Path, help="the .bpack file, or a .bpackz bundle")
    render.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="the file to write, or a folder to write it in: an existing folder or a name "
        "ending in / (made if new) (default: beside the pack, named after it)",
    )
    render.add_argument(
        "--format",
        choices=(*format_names(), BOTH),
        default=None,
        help=f"{', '.join(format_names())} or {BOTH} (default: as OUT's ending says, "
        f"else {DEFAULT_FORMAT})",
    )
    render.add_argument(
        "--invariant",
        action="store_true",
        help="make the PDF byte-reproducible: fixed dates and ids (default: off)",
    )
    add_outside_flag(render)
    render.set_defaults(run=cmd_render)


def output_targets(
    pack: Path, output: Path | None, fmt: str | None, folder: Path | None = None
) -> dict[str, Path]:
    """Which formats go to which files; `-o x.docx` alone implies DOCX; in `folder` (when
    `-o` names one) the files are named after the pack."""
    if fmt is None:
        named = format_for_suffix(output.suffix) if output and output.suffix else None
        fmt = named.name if named else DEFAULT_FORMAT
    formats = BOTH_FORMATS if fmt == BOTH else (fmt,)
    if folder is not None:
        return {f: (folder / pack.name).with_suffix(get_format(f).suffix) for f in formats}
    base = output if output else pack
    if output and fmt != BOTH and output.suffix:
        return {formats[0]: output}
    return {f: base.with_suffix(get_format(f).suffix) for f in formats}


def cmd_render(args: argparse.Namespace) -> int:
    from briefpack.cli.opening import open_pack_argument, refuse_outside_files
    from briefpack.services.export import ExportHooks, export_pack

    folder = None
    if args.output is not None and names_a_folder(args.output):
        folder = output_folder(args.output)
    output = Path(args.output) if args.output is not None and folder is None else None
    # Beside the file named, also for a bundle (never in the private folder it opens into).
    targets = output_targets(args.pack, output, args.format, folder)
    refuse_nul_in_paths([args.pack, *targets.values()])
    opened = open_pack_argument(args.pack)
    refuse_outside_files(opened, args.allow_outside_files)
    with folder_made_for_output(folder):
        export_pack(
            opened.pack,
            opened.base_dir,
            targets,
            source=args.pack,
            allow_outside=args.allow_outside_files,
            invariant=args.invariant,
            hooks=ExportHooks(finished=lambda path: print(f"wrote {shown(path)}")),
            fork=True,  # two formats render on two cores (a command line has no Qt threads)
        )
    return EXIT_OK
