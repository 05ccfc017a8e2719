"""Command line: `briefpack` opens the app; `briefpack render|validate|…` work headless.

    briefpack [open] [FILE]          the desktop app (opening.py)
    briefpack render | validate      render.py, validate.py (the work: briefpack.services)
    briefpack library | templates | brands | new
                                     content.py and the modules it names
    briefpack threat [set|check]     threat.py
    briefpack bundle                 bundle.py

Every command returns an exit code (errors.py): 0 done, 2 bad input with one line on
standard error, 1 an internal error (logged).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from briefpack import __version__
from briefpack.cli.errors import (
    EXIT_BAD_INPUT,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    one_line,
    report_internal_error,
)
from briefpack.model.errors import BriefpackError

__all__ = ["EXIT_BAD_INPUT", "EXIT_INTERNAL", "EXIT_OK", "build_parser", "main"]

OPENS = (".bpack", ".bpackz", ".json")  # `briefpack FILE` opens these in the app


def build_parser() -> argparse.ArgumentParser:
    from briefpack.cli.bundle import register_bundle_command
    from briefpack.cli.content import register_content_commands
    from briefpack.cli.opening import register_open_command
    from briefpack.cli.render import register_render_command
    from briefpack.cli.threat import register_threat_commands
    from briefpack.cli.validate import register_validate_command

    parser = argparse.ArgumentParser(
        prog="briefpack",
        description="Assemble and render Protective Security Update handouts.",
    )
    parser.add_argument("--version", action="version", version=f"briefpack {__version__}")
    sub = parser.add_subparsers(dest="command")
    register_render_command(sub)
    register_validate_command(sub)
    register_open_command(sub)
    register_content_commands(sub)  # library, templates, brands, new
    register_threat_commands(sub)  # threat, threat set, threat check
    register_bundle_command(sub)  # bundle
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0].lower().endswith(OPENS) and len(argv) == 1):
        argv = ["open", *argv]
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except BriefpackError as exc:
        print(one_line(exc.message), file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except Exception as exc:
        return report_internal_error(exc)
