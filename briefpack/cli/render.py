"""`briefpack render PACK... [--brand ID ...] [-o OUT] [--format pdf|docx|both] [--invariant]`.

One pack (in its own brand, or one --brand) renders as it always has: the export itself
(compose, render, check, write all or none, check again) is services/export.py's, as for the
app's Export; the formats are render/formats.py's.

Several packs, or one pack in several brands, are a batch (services/batch.py): one process on
every core. Each pack's files go beside it, or into the folder -o names (-o must then be a
folder); with several brands the files are named <pack>-<brand id>.<ext>. Everything that
can be refused before rendering is (an unknown brand, two outputs on one file); then a bad
pack is one line naming it and the rest still render, and a closing line lists what failed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from briefpack.cli.errors import (
    EXIT_BAD_INPUT,
    EXIT_INTERNAL,
    EXIT_OK,
    one_line,
    refuse_nul_in_paths,
)
from briefpack.cli.opening import OUTSIDE_FLAG, add_outside_flag
from briefpack.cli.paths import folder_made_for_output, names_a_folder, output_folder, shown
from briefpack.model.errors import BriefpackError
from briefpack.render.formats import (
    DEFAULT_FORMAT,
    FORMATS,
    format_for_suffix,
    format_names,
    get_format,
)

if TYPE_CHECKING:
    from briefpack.services.batch import BatchJob, JobOutcome

BOTH = "both"  # PDF and DOCX, the two formats an officer usually sends together
BOTH_FORMATS = ("pdf", "docx")


def register_render_command(sub: argparse._SubParsersAction) -> None:
    render = sub.add_parser("render", help="render packs to PDF and/or DOCX")
    render.add_argument(
        "packs",
        type=Path,
        nargs="+",
        metavar="PACK",
        help="the .bpack file, or a .bpackz bundle; several render in one go, on every core",
    )
    render.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="the file to write, or a folder to write it in: an existing folder or a name "
        "ending in / (made if new); with several packs or brands, a folder "
        "(default: beside each pack, named after it)",
    )
    render.add_argument(
        "--brand",
        action="append",
        metavar="ID",
        default=None,
        help="render in this installed brand instead of the pack's own; repeat it for "
        "several brands, each file then named PACK-ID (default: the pack's own brand; "
        "`briefpack brands` lists them)",
    )
    render.add_argument(
        "--format",
        choices=(*format_names(), BOTH),
        default=None,
        help=f"{', '.join(_format_words())}, or {BOTH} ({' and '.join(BOTH_FORMATS)}) "
        f"(default: as OUT's ending says, else {DEFAULT_FORMAT})",
    )
    render.add_argument(
        "--invariant",
        action="store_true",
        help="make the output byte-reproducible where the format allows it ("
        f"{', '.join(f.name for f in FORMATS if f.reproducible_option)}): fixed dates and "
        "ids (default: off)",
    )
    add_outside_flag(render)
    render.set_defaults(run=cmd_render)


def _format_words() -> list[str]:
    """ "pdf", "html (web page)": each format's name, with its label where that says more."""
    return [f.name if f.label.lower() == f.name else f"{f.name} ({f.label})" for f in FORMATS]


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
    brands = list(args.brand or [])
    for brand in dict.fromkeys(brands):
        check_brand(brand)
    if len(args.packs) == 1 and len(brands) <= 1:
        return render_one(args, args.packs[0], brands[0] if brands else None)
    return render_batch(args, brands)


def check_brand(brand: str) -> None:
    """Refuse an unknown --brand before anything renders, listing the brands there are."""
    from briefpack.model.brand import find_brand

    try:
        find_brand(brand)
    except BriefpackError as exc:
        raise BriefpackError(f"--brand {brand}: {exc.problem}") from None


def render_one(args: argparse.Namespace, pack: Path, brand: str | None) -> int:
    """One pack, as `briefpack render` has always done it: an error is raised (one line)."""
    from briefpack.cli.opening import open_pack_argument, refuse_outside_files
    from briefpack.services.export import ExportHooks, export_pack

    folder = None
    if args.output is not None and names_a_folder(args.output):
        folder = output_folder(args.output)
    output = Path(args.output) if args.output is not None and folder is None else None
    # Beside the file named, also for a bundle (never in the private folder it opens into).
    targets = output_targets(pack, output, args.format, folder)
    refuse_nul_in_paths([pack, *targets.values()])
    opened = open_pack_argument(pack)
    refuse_outside_files(opened, args.allow_outside_files)
    chosen = opened.pack
    if brand is not None:  # the batch module is loaded only when it is needed
        from briefpack.services.batch import with_brand

        chosen = with_brand(chosen, brand)
    with folder_made_for_output(folder):
        export_pack(
            chosen,
            opened.base_dir,
            targets,
            source=pack,
            allow_outside=args.allow_outside_files,
            invariant=args.invariant,
            hooks=ExportHooks(finished=lambda path: print(f"wrote {shown(path)}")),
            fork=True,  # two formats render on two cores (a command line has no Qt threads)
        )
    return EXIT_OK


# ---- several packs or brands ----------------------------------------------------------------


class ProgressLine:
    """ "[3/10] rendering x.bpack" on standard error when it is a terminal, rewritten in place
    (\r) and cleared at the end; nothing at all otherwise, so scripts see clean output."""

    def __init__(self, total: int, stream: TextIO | None = None) -> None:
        self.total = total
        self.stream = stream or sys.stderr
        self.on = _is_terminal(self.stream)
        self.text = ""

    def show(self, what: str, number: int) -> None:
        self.text = f"[{number}/{self.total}] {what}"
        self._draw()

    def say(self, line: str, stream: TextIO) -> None:
        """Print `line` on `stream` above the progress line (which is drawn again)."""
        self._erase()
        print(line, file=stream, flush=self.on)
        self._draw()

    def clear(self) -> None:
        self._erase()
        self.text = ""

    def _draw(self) -> None:
        if self.on and self.text:
            # Cut to the terminal's width: a wrapped line could not be rewritten in place.
            width = max(10, shutil.get_terminal_size().columns - 1)
            self.stream.write("\r" + one_line(self.text)[:width] + "\x1b[K")
            self.stream.flush()

    def _erase(self) -> None:
        if self.on and self.text:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a replaced or closed stream
        return False


class _NothingWritten(Exception):
    """Every job failed: raised inside folder_made_for_output so a folder made is removed."""


def render_batch(args: argparse.Namespace, brands: list[str]) -> int:
    from briefpack.services.batch import BatchHooks, BatchSettings, run_batch

    folder = batch_folder(args.output)
    jobs = batch_jobs(args.packs, brands, args.format, folder)
    refuse_nul_in_paths([*args.packs, *(path for job in jobs for path in job.targets.values())])
    refuse_shared_outputs(jobs)
    settings = BatchSettings(
        allow_outside=args.allow_outside_files,
        how_to_allow=f"pass {OUTSIDE_FLAG}",
        invariant=args.invariant,
    )
    progress = ProgressLine(len(jobs))
    hooks = BatchHooks(
        started=lambda number, job: progress.show(f"rendering {job_label(job)}", number),
        finished=lambda outcome: report_outcome(outcome, progress),
    )
    try:
        with folder_made_for_output(folder):
            outcomes = run_batch(jobs, settings, hooks)
            if all(outcome.failed for outcome in outcomes):
                raise _NothingWritten  # a folder made for them is removed again
    except _NothingWritten:
        pass
    finally:
        progress.clear()
    return closing_line(outcomes, several_brands=len(brands) > 1)


def batch_folder(output: str | None) -> Path | None:
    """The folder -o names; with several files to write it cannot name one file."""
    if output is None:
        return None
    if not names_a_folder(output):
        raise BriefpackError(
            f"several files are written, so -o must name a folder, not the file "
            f"{shown(output)}; end it with / to make a folder"
        )
    return output_folder(output)


def batch_jobs(
    packs: list[Path], brands: list[str], fmt: str | None, folder: Path | None
) -> list[BatchJob]:
    """A job per pack and brand; the files beside the pack or in `folder`, named after the
    pack, and after the brand too when there are several."""
    from briefpack.services.batch import BatchJob

    name = fmt or DEFAULT_FORMAT
    formats = BOTH_FORMATS if name == BOTH else (name,)
    jobs = []
    for pack in packs:
        where = folder if folder is not None else pack.parent
        for brand in brands or [None]:
            stem = f"{pack.stem}-{brand}" if len(brands) > 1 else pack.stem
            targets = {f: where / f"{stem}{get_format(f).suffix}" for f in formats}
            jobs.append(BatchJob(pack, targets, brand))
    return jobs


def refuse_shared_outputs(jobs: list[BatchJob]) -> None:
    """Two jobs writing one file would overwrite each other: refused before any renders."""
    owners: dict[str, BatchJob] = {}
    for job in jobs:
        for path in job.targets.values():
            key = os.path.normcase(os.path.abspath(path))
            first = owners.setdefault(key, job)
            if first is job:
                continue
            if first == job:  # the same pack (and brand) typed twice
                raise BriefpackError(
                    f"{job_label(job)} is given twice; nothing was rendered: give each once"
                )
            raise BriefpackError(
                f"would be written for both {job_label(first)} and {job_label(job)}; "
                "nothing was rendered: rename one of the packs, or render them one at a time",
                file=shown(path),
            )


def job_label(job: BatchJob) -> str:
    """How a job is named in messages: the pack as typed, and its brand if one was given."""
    return shown(job.source) + (f" in brand {job.brand}" if job.brand else "")


def report_outcome(outcome: JobOutcome, progress: ProgressLine) -> None:
    """Each file written as a single render prints it; an error as one line naming the pack."""
    for path in outcome.written:
        progress.say(f"wrote {shown(path)}", sys.stdout)
    if outcome.error is not None:
        progress.say(failure_line(outcome), sys.stderr)


def failure_line(outcome: JobOutcome) -> str:
    """The words a single render gives for the error; a bug is logged, its line names it."""
    error = outcome.error
    if isinstance(error, BriefpackError):
        return one_line(error.message)
    where = _log_internal(outcome)
    return one_line(
        f"{job_label(outcome.job)}: internal error: {type(error).__name__}: {error}{where}"
    )


def _log_internal(outcome: JobOutcome) -> str:
    """Append the traceback to briefpack's log; "; details in LOG" to add to the line."""
    from datetime import datetime

    from briefpack import __version__
    from briefpack.cli.errors import log_file

    try:
        path = log_file()
        stamp = datetime.now().isoformat(timespec="seconds")
        with path.open("a", encoding="utf-8") as log:
            log.write(f"{stamp} briefpack {__version__} {' '.join(sys.argv)}\n{outcome.details}\n")
    except OSError:
        return ""
    return f"; details in {shown(path)}"


def closing_line(outcomes: list[JobOutcome], *, several_brands: bool) -> int:
    """Exit 0 when all rendered; else one line listing what failed, and 2 (1 for a bug)."""
    failed = [outcome for outcome in outcomes if outcome.failed]
    if not failed:
        return EXIT_OK
    what = "renders" if several_brands else "packs"
    names = ", ".join(job_label(outcome.job) for outcome in failed)
    print(one_line(f"{len(failed)} of {len(outcomes)} {what} failed: {names}"), file=sys.stderr)
    bug = any(not isinstance(outcome.error, BriefpackError) for outcome in failed)
    return EXIT_INTERNAL if bug else EXIT_BAD_INPUT
