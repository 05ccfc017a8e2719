"""Command line: `briefpack` opens the app; `briefpack render|validate|…` work headless."""

from __future__ import annotations

import argparse
import os
import pickle
import sys
import traceback
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path

from briefpack import __version__
from briefpack.model.errors import BriefpackError

EXIT_OK, EXIT_INTERNAL, EXIT_BAD_INPUT = 0, 1, 2
OPENS = (".bpack", ".bpackz", ".json")  # `briefpack FILE` opens these in the app


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefpack",
        description="Assemble and render Protective Security Update handouts.",
    )
    parser.add_argument("--version", action="version", version=f"briefpack {__version__}")
    sub = parser.add_subparsers(dest="command")

    from briefpack.cli_open import add_outside_flag

    render = sub.add_parser("render", help="render a pack to PDF and/or DOCX")
    render.add_argument("pack", type=Path, help="the .bpack file, or a .bpackz bundle")
    render.add_argument("-o", "--output", type=Path, help="output file (default: beside the pack)")
    render.add_argument("--format", choices=("pdf", "docx", "both"), default=None)
    render.add_argument(
        "--invariant", action="store_true", help="byte-reproducible PDF (fixed dates and ids)"
    )
    add_outside_flag(render)
    render.set_defaults(run=cmd_render)

    validate = sub.add_parser("validate", help="check a pack and report problems")
    validate.add_argument("pack", type=Path, help="the .bpack file, or a .bpackz bundle")
    validate.add_argument("--max-age-months", type=int, default=12, metavar="N")
    validate.add_argument("--review-months", type=int, default=12, metavar="N")
    add_outside_flag(validate)
    validate.set_defaults(run=cmd_validate)

    opener = sub.add_parser("open", help="open a pack in the desktop app")
    opener.add_argument("pack", type=Path, nargs="?", help="a .bpack file or a .bpackz bundle")
    opener.set_defaults(run=cmd_open)
    from briefpack.cli_content import register_content_commands

    register_content_commands(sub)  # library, templates, brands, new
    from briefpack.cli_threat import register_threat_commands

    register_threat_commands(sub)  # threat, threat set, threat check
    from briefpack.cli_bundle import register_bundle_command

    register_bundle_command(sub)  # bundle
    return parser


def output_targets(pack: Path, output: Path | None, fmt: str | None) -> dict[str, Path]:
    """Which formats go to which files; `-o x.docx` alone implies DOCX."""
    if fmt is None:
        fmt = output.suffix.lower().lstrip(".") if output and output.suffix else "pdf"
        fmt = fmt if fmt in ("pdf", "docx") else "pdf"
    formats = ("pdf", "docx") if fmt == "both" else (fmt,)
    base = output if output else pack
    if output and fmt != "both" and output.suffix:
        return {formats[0]: output}
    return {f: base.with_suffix(f".{f}") for f in formats}


def cmd_render(args: argparse.Namespace) -> int:
    from briefpack.cli_open import open_pack_argument, refuse_outside_files
    from briefpack.document.compose import compose
    from briefpack.model.storage import atomic_write_all, shown_path
    from briefpack.model.templates import with_current_threat
    from briefpack.render import render
    from briefpack.render.verify import verify_bytes, verify_export

    # Beside the file named, also for a bundle (never in the private folder it opens into).
    targets = output_targets(args.pack, args.output, args.format)
    _refuse_nul_in_paths([args.pack, *targets.values()])
    opened = open_pack_argument(args.pack)
    refuse_outside_files(opened, args.allow_outside_files)
    pack = with_current_threat(opened.pack)  # a template file has no level of its own
    allow = args.allow_outside_files
    doc = compose(pack, opened.base_dir, source=args.pack, allow_outside=allow)
    # Render everything to memory first: a failure leaves no half-written file.
    formats = list(targets)
    if len(formats) == 2 and hasattr(os, "fork") and _cores() >= 2:
        outputs = render_concurrently(
            lambda fmt: render(doc, fmt, invariant=args.invariant), formats
        )
    else:
        outputs = {fmt: render(doc, fmt, invariant=args.invariant) for fmt in formats}
    for fmt, data in outputs.items():
        verify_bytes(data, fmt, targets[fmt])  # never replace a good file with a broken one
    # Both files or neither (a full disk leaves the old pair); never through a symlink
    # found at the target, which may have come inside a colleague's zip (see storage.py).
    atomic_write_all({targets[f]: outputs[f] for f in targets}, follow_links=False)
    for fmt, path in targets.items():
        verify_export(path, fmt)  # reopened from disk before it is reported done
        print(f"wrote {shown_path(path)}")
    return EXIT_OK


def _refuse_nul_in_paths(paths: list[Path]) -> None:
    """No file name can hold a NUL; say so in one line instead of an internal error."""
    from briefpack.model.storage import shown_path

    for path in paths:
        if "\0" in str(path):
            raise BriefpackError(
                "a file name cannot contain a NUL character (shown as \\x00); check the name",
                file=shown_path(path),
            )


def render_concurrently(render_one: Callable[[str], bytes], formats: list[str]) -> dict[str, bytes]:
    """Render the first format in a forked child and the rest here, on two cores.

    Each writer's cold start (imports, fonts, template) is most of a one-off
    render's time, and they share nothing, so a `--format both` run takes about
    the longer of the two rather than their sum. The child sends back its bytes,
    or its exception, pickled through a pipe; an error in either is raised here
    as if rendered in turn, so nothing is written unless both succeed. POSIX only
    (callers fall back to one after the other).
    """
    first, rest = formats[0], formats[1:]
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: render, send, and leave without running any cleanup
        status = 0
        try:
            os.close(read_fd)
            try:
                message = ("ok", render_one(first))
            except BaseException as exc:  # every failure goes to the parent
                message = ("error", _picklable(exc))
            with os.fdopen(write_fd, "wb") as pipe:
                pickle.dump(message, pipe, protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:  # the parent reports a child that sent nothing
            status = 1
        finally:
            os._exit(status)
    os.close(write_fd)
    try:
        outputs = {fmt: render_one(fmt) for fmt in rest}
        with os.fdopen(read_fd, "rb") as pipe:
            read_fd = -1
            message = pickle.load(pipe)
    finally:
        if read_fd != -1:
            os.close(read_fd)
        os.waitpid(pid, 0)
    kind, payload = message
    if kind == "error":
        raise payload
    return {first: payload, **outputs}


def _cores() -> int:
    """CPUs this process may run on (its affinity where the OS reports it)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _picklable(exc: BaseException) -> BaseException:
    """The exception itself if it survives pickling, else a RuntimeError describing it."""
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:  # any exception type may refuse to pickle
        return RuntimeError(f"{type(exc).__name__}: {exc}")
    return exc


def cmd_validate(args: argparse.Namespace) -> int:
    from briefpack.cli_open import open_pack_argument, refuse_outside_files
    from briefpack.document.checks import check_pack, sort_findings
    from briefpack.document.compose import compose
    from briefpack.model.templates import with_current_threat
    from briefpack.render.coverage import glyph_findings

    _refuse_nul_in_paths([args.pack])
    opened = open_pack_argument(args.pack)
    refuse_outside_files(opened, args.allow_outside_files)
    pack = with_current_threat(opened.pack)  # a template file has no level of its own
    base_dir, today, allow = opened.base_dir, date.today(), args.allow_outside_files
    doc = compose(pack, base_dir, today=today, source=args.pack, allow_outside=allow)
    ages = {"max_age_months": args.max_age_months, "review_months": args.review_months}
    # compose has just filled every placeholder: the checks need not spend the budget again
    checks = check_pack(
        pack, base_dir, today, **ages, allow_outside=allow, placeholders_filled=True
    )
    # Glyph coverage needs the fonts, so it lives in render/ and is added here.
    findings = sort_findings([*checks, *glyph_findings(pack)])
    for finding in findings:
        print(f"{args.pack}: {finding.where}: {finding.severity}: {finding.message}")
    if not _lays_out(doc, args.pack):
        return EXIT_BAD_INPUT
    print(f"{args.pack}: ok ({len(pack.sections)} sections)")
    return EXIT_OK


def _lays_out(doc, pack: Path) -> bool:
    """Lay the pack out as `render` would, so "ok" means it renders.

    The PDF is laid out in memory and thrown away (about a third of a second for a
    handout); the DOCX's brand font name is checked (a bad one raises a one-line
    error). A layout failure is reported as one line, not a traceback.
    """
    from briefpack.render.docx_xml import word_font_name
    from briefpack.render.pdf import layout_problem

    word_font_name(doc.brand)
    problem = layout_problem(doc)
    if problem:
        print(f"{pack}: layout: error: {problem}", file=sys.stderr)
    return problem is None


def cmd_open(args: argparse.Namespace) -> int:
    from briefpack.render.preview_service import prestart

    prestart()  # the preview's helper warms up on another core while Qt loads
    try:
        from briefpack.gui.app import run_app
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith("briefpack"):
            print("briefpack: this version has no desktop app yet; use `briefpack render PACK`")
            return EXIT_BAD_INPUT
        raise
    return run_app([str(args.pack)] if args.pack else [])  # a .bpackz too: the app opens it


def log_file() -> Path:
    from platformdirs import user_log_dir

    folder = Path(user_log_dir("briefpack", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "briefpack.log"


def report_internal_error(exc: BaseException) -> int:
    try:
        path = log_file()
        stamp = datetime.now().isoformat(timespec="seconds")
        details = "".join(traceback.format_exception(exc))
        with path.open("a", encoding="utf-8") as log:
            log.write(f"{stamp} briefpack {__version__} {' '.join(sys.argv)}\n{details}\n")
        where = f"; details in {path}"
    except OSError:
        where = ""
    message = f"briefpack: internal error: {type(exc).__name__}: {exc}{where}"
    print(_one_line(message), file=sys.stderr)
    return EXIT_INTERNAL


def _one_line(message: str) -> str:
    """A message safe for a terminal: a path's NUL, ESC or newline is shown escaped."""
    from briefpack.model.storage import shown_path

    return shown_path(message)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0].lower().endswith(OPENS) and len(argv) == 1):
        argv = ["open", *argv]
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except BriefpackError as exc:
        print(_one_line(exc.message), file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        return report_internal_error(exc)
