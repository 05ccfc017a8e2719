"""Command line: `briefpack` opens the app; `briefpack render|validate|…` work headless.

    briefpack [open] [FILE]          the desktop app (opening.py; display.py first checks
                                     that a window can open, before Qt would abort)
    briefpack render | validate      render.py, validate.py (the work: briefpack.services)
    briefpack library | templates | brands | new
                                     content.py and the modules it names
    briefpack threat [set|check]     threat.py
    briefpack bundle                 bundle.py

Every command returns an exit code (errors.py): 0 done, 2 bad input with one line on
standard error, 1 an internal error (logged). Output into a pipe that closes early ends
quietly (pipes.py); paths are printed short, and `-o` may name a folder (paths.py);
--help gives every option's default (help.py).
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from briefpack import __version__
from briefpack.cli.errors import (
    EXIT_BAD_INPUT,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    one_line,
    report_internal_error,
)
from briefpack.cli.help import BriefpackParser
from briefpack.cli.pipes import quiet_broken_pipes
from briefpack.model.errors import BriefpackError

__all__ = ["EXIT_BAD_INPUT", "EXIT_INTERNAL", "EXIT_OK", "build_parser", "main"]

OPENS = (".bpack", ".bpackz", ".json")  # `briefpack FILE` opens these in the app
USAGE = """%(prog)s [FILE.bpack]         open the desktop app (with that pack or .bpackz)
       %(prog)s COMMAND [OPTIONS]   work on packs without the app"""


# The commands one module registers alone: running one of them builds (and imports) only
# its own parser, a quarter of the start-up time of building all thirty. Opening the app
# (`briefpack`, `briefpack FILE.bpack`) does so too: its preview helper starts that much
# sooner. `--help`, any other command, a file to open of another name still build them all.
_SINGLE_COMMANDS = {
    "render": ("briefpack.cli.render", "register_render_command"),
    "validate": ("briefpack.cli.validate", "register_validate_command"),
    "bundle": ("briefpack.cli.bundle", "register_bundle_command"),
    "open": ("briefpack.cli.opening", "register_open_command"),
}


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser; with `only` (one of _SINGLE_COMMANDS), that command alone."""
    parser = BriefpackParser(
        prog="briefpack",
        usage=USAGE,
        description="Assemble and render Protective Security Update handouts. With no "
        "command, or a pack file, briefpack opens the desktop app.",
        epilog="`briefpack COMMAND -h` shows a command's options and their defaults.",
    )
    parser.add_argument("--version", action="version", version=f"briefpack {__version__}")
    # prog: the commands' usage lines start "briefpack render", not with USAGE's two lines.
    sub = parser.add_subparsers(
        dest="command", metavar="COMMAND", title="commands", prog="briefpack"
    )
    if only is not None:
        module, register = _SINGLE_COMMANDS[only]
        getattr(importlib.import_module(module), register)(sub)
    else:
        _register_all(sub)
    return parser


def _register_all(sub: argparse._SubParsersAction) -> None:
    from briefpack.cli.bundle import register_bundle_command
    from briefpack.cli.content import register_content_commands
    from briefpack.cli.opening import register_open_command
    from briefpack.cli.render import register_render_command
    from briefpack.cli.threat import register_threat_commands
    from briefpack.cli.validate import register_validate_command

    register_render_command(sub)
    register_validate_command(sub)
    register_open_command(sub)
    register_content_commands(sub)  # library, templates, brands, new
    register_threat_commands(sub)  # threat, threat set, threat check
    register_bundle_command(sub)  # bundle


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command `argv` (None: this process's own arguments) and return its exit code.

    As the process itself (argv None), a render that wrote and checked its files leaves at
    once (leave_now): freeing every object of a render costs tens of milliseconds and
    nothing is left to do."""
    words = list(sys.argv[1:] if argv is None else argv)
    with quiet_broken_pipes():
        try:
            code = _run(words)
        except BriefpackError as exc:
            print(one_line(exc.message), file=sys.stderr)
            return EXIT_BAD_INPUT
        except KeyboardInterrupt:
            return EXIT_INTERRUPTED
        except Exception as exc:
            return report_internal_error(exc)
    if argv is None and code == EXIT_OK and words[:1] == ["render"] and not _watched():
        leave_now(code)
    return code


def _watched() -> bool:
    """Whether a profiler or coverage tool watches this process: it writes its results in
    the teardown leave_now would skip."""
    return sys.gettrace() is not None or sys.getprofile() is not None


def leave_now(code: int) -> NoReturn:
    """End the process without the interpreter's teardown. The exit handlers still run (the
    placeholder sandbox is stopped, logging flushes) and both streams are flushed; only the
    freeing of every module and object, which the OS does at once, is skipped."""
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):  # a closed or broken stream: nothing to save
            stream.flush()
    os._exit(code)


def _run(argv: list[str]) -> int:
    first = argv[0] if argv else None
    only = first if first in _SINGLE_COMMANDS else "open" if _opens_app(argv) else None
    parser = build_parser(only)
    args = parser.parse_args(with_command(argv, _command_names(parser)))
    return args.run(args)


def _opens_app(argv: list[str]) -> bool:
    """`briefpack` alone or `briefpack FILE` with a pack's name: no command is named so, and
    with_command makes both `briefpack open [FILE]` whatever the other commands are."""
    return not argv or (not argv[0].startswith("-") and argv[0].lower().endswith(OPENS))


def with_command(argv: list[str], commands: set[str]) -> list[str]:
    """`briefpack` and `briefpack FILE` mean `briefpack open [FILE]`; a first word that is
    neither a command nor a file is "no such file", not argparse's "invalid choice"."""
    if not argv:
        return ["open"]
    first = argv[0]
    if first.startswith("-") or first in commands:
        return argv
    path = Path(first)
    if first.lower().endswith(OPENS) or path.is_file():
        return ["open", *argv]  # a missing .bpack is reported by the app, which then starts
    if path.is_dir():
        raise BriefpackError("is a folder; give a pack file (FILE.bpack) or a command", file=first)
    raise BriefpackError(f"no such file: {first} (`briefpack --help` lists the commands)")


def _command_names(parser: argparse.ArgumentParser) -> set[str]:
    return {
        name
        for action in parser._actions
        if isinstance(action, argparse._SubParsersAction)
        for name in action.choices
    }
