"""`briefpack open [FILE]` (the desktop app), and what `render`, `validate` and `bundle` read:
a pack file, a template or a bundle, and pictures outside it.

Opening is services/opening.py's; this module adds the command line's part: the
--allow-outside-files option and the refusal's advice naming it.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from briefpack.cli.errors import EXIT_BAD_INPUT

if TYPE_CHECKING:
    from briefpack.services.opening import OpenedPack

OUTSIDE_FLAG = "--allow-outside-files"
BUNDLE_SUFFIX = ".bpackz"  # model/bundle.py's; importing that would load pydantic here
READ_OUTSIDE_HELP = (
    "also read pictures the pack names outside its own folder (a full path, a path "
    "starting ../, or a link in the folder that leads elsewhere); "
    "without this such a pack is refused, so a pack from someone else cannot pull in "
    "pictures from elsewhere on your computer"
)
BUNDLE_OUTSIDE_HELP = (
    "also copy pictures the pack names outside its own folder into the bundle (a full "
    "path, a path starting ../, or a link leading elsewhere); without this such a pack is "
    "refused, so nothing from elsewhere on your computer is sent without you choosing it"
)


def add_outside_flag(parser: argparse.ArgumentParser, help_text: str = READ_OUTSIDE_HELP) -> None:
    parser.add_argument(OUTSIDE_FLAG, action="store_true", help=help_text)


def open_pack_argument(path: Path) -> OpenedPack:
    """Load the pack at `path`; a .bpackz is checked and opened into a private folder."""
    from briefpack.services.opening import open_given

    return open_given(path)


def refuse_outside_files(opened: OpenedPack, allowed: bool, action: str = "read") -> None:
    """One line naming the first picture outside the pack's folder, unless allowed.

    `action` says what is not done to it ("read", "put in the bundle")."""
    from briefpack.services.opening import refuse_outside_files as refuse

    refuse(opened, allowed, how_to_allow=f"pass {OUTSIDE_FLAG}", action=action)


# ---- briefpack open -----------------------------------------------------------------------


def register_open_command(sub: argparse._SubParsersAction) -> None:
    opener = sub.add_parser("open", help="open a pack in the desktop app")
    opener.add_argument(
        "pack",
        type=Path,
        nargs="?",
        help="a .bpack file or a .bpackz bundle (default: none: start from a template)",
    )
    opener.set_defaults(run=cmd_open)


def cmd_open(args: argparse.Namespace) -> int:
    """Start the app, unless it is plain that no window can open here: then one line and
    exit 2, before Qt would abort the process (see display.py)."""
    import os

    from briefpack.cli.display import (
        LibraryProbe,
        display_problem,
        library_named_in,
        missing_libraries_line,
    )
    from briefpack.services.preview import prestart

    problem = display_problem(os.environ)
    if problem is not None:
        return _cannot_open(problem)
    probe = LibraryProbe(os.environ)  # ldd runs while Qt is imported below
    # The preview's helper warms up on another core while Qt loads: by rendering the pack
    # given, so the window's first preview is ready when asked for (a bundle is unpacked by
    # the app first; the helper then warms up on the built-in template).
    first = args.pack if args.pack and args.pack.suffix.lower() != BUNDLE_SUFFIX else None
    if first is None:
        prestart()
    else:
        prestart(first)
    try:
        from briefpack.gui.app import run_app
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith("briefpack"):
            return _cannot_open("this version has no desktop app yet; use `briefpack render PACK`")
        raise
    except ImportError as exc:  # a library Qt itself is linked against is missing
        missing = probe.missing() or library_named_in(exc)
        if not missing:
            raise
        return _cannot_open(missing_libraries_line(missing))
    missing = probe.missing()
    if missing:
        return _cannot_open(missing_libraries_line(missing))
    return run_app([str(args.pack)] if args.pack else [])  # a .bpackz too: the app opens it


def _cannot_open(problem: str) -> int:
    import sys

    print(f"briefpack: {problem}", file=sys.stderr)
    return EXIT_BAD_INPUT
