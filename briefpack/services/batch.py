"""Batch export: many packs, or one pack in many brands, in one process on every core.

A one-off render spends most of its time starting (imports, fonts, the DOCX template), so a
national team sending one update to 43 forces should pay that once, not 43 times. The
command line hands run_batch a list of jobs (a pack, the brand to use, the files to write);
each job is exported exactly as a single export is (services/export.py: check, write all or
none, check again), and one bad pack is reported and the others still go out.

Where fork() exists and there are two cores, a few forked workers share the jobs: the
parent imports the heavy modules once before forking (the workers inherit them), then hands
each idle worker the next job over a pipe, so a slow pack does not hold up the rest. Each
worker keeps what its first render loaded (fonts, templates) for the jobs after it. Elsewhere
(or on one core) the jobs run here one after another. Like forked.py this is for the
command line only: a process with Qt's threads must not fork.

Stopping: Ctrl+C reaches the workers too; they stop their own helpers (the placeholder
sandbox) and leave; the parent stops any still running (TERM, then KILL) before it returns,
so no process of the batch outlives it.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import pickle
import selectors
import signal
import struct
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, NoReturn

from briefpack.services.forked import cores

if TYPE_CHECKING:
    from briefpack.model.pack import Pack

STOP_GRACE_SECONDS = 2.0  # a stopped worker gets this long to tidy up before it is killed
_LENGTH = struct.Struct("!Q")  # each message on a pipe: its length, then the pickled message


@dataclass(frozen=True)
class BatchJob:
    """One export of a batch: the pack the officer named, into these files."""

    source: Path  # as given: messages name it, a bundle's pack is read from inside it
    targets: dict[str, Path]  # {format name: file}
    brand: str | None = None  # a brand id to use instead of the pack's own meta.brand


@dataclass(frozen=True)
class BatchSettings:
    """What applies to every job of a batch."""

    allow_outside: bool = False  # read pictures outside a pack's folder
    how_to_allow: str = "allow pictures from outside"  # the front end's words for doing so
    invariant: bool = False  # byte-reproducible output where the writer offers it


@dataclass(frozen=True)
class JobOutcome:
    """How one job ended: the files written, or the error that stopped it (nothing written)."""

    job: BatchJob
    written: tuple[Path, ...] = ()
    error: BaseException | None = None
    details: str = ""  # the traceback of an error that is not a BriefpackError (a bug)

    @property
    def failed(self) -> bool:
        return self.error is not None


def _say_nothing(*_what: object) -> None:
    return None


@dataclass(frozen=True)
class BatchHooks:
    """How a batch reports to its front end, as it goes (both may be left out)."""

    started: Callable[[int, BatchJob], None] = _say_nothing  # (jobs started so far, job)
    finished: Callable[[JobOutcome], None] = _say_nothing  # each job, in the order they end


@dataclass
class _Worker:
    pid: int
    jobs_fd: int  # parent writes job numbers here
    results_fd: int  # parent reads outcomes here
    job: int | None = None  # the job it is working on
    unread: bytearray = field(default_factory=bytearray)


def run_batch(
    jobs: Sequence[BatchJob],
    settings: BatchSettings = BatchSettings(),
    hooks: BatchHooks = BatchHooks(),
    *,
    fork: bool = True,
) -> list[JobOutcome]:
    """Export every job; the outcomes in the order of `jobs`. Errors of one job (a bad pack,
    a picture refused, a write refused) are its outcome and the others still run.

    `fork` allows forked workers (the command line only: see the module docstring)."""
    workers = worker_count(len(jobs)) if fork else 1
    if workers < 2:
        return _run_here(jobs, settings, hooks)
    return _run_forked(jobs, settings, hooks, workers)


def worker_count(jobs: int) -> int:
    """How many forked workers a batch of `jobs` uses: one per core, no more than jobs;
    1 means no fork (no fork() here, one core, or one job)."""
    if not hasattr(os, "fork"):
        return 1
    return max(1, min(cores(), jobs))


def export_job(job: BatchJob, settings: BatchSettings) -> JobOutcome:
    """One job, as a single export does it; an error becomes the outcome, never raised."""
    from briefpack.model.errors import BriefpackError

    written: list[Path] = []
    try:
        _export(job, settings, written.append)
    except BriefpackError as exc:
        if exc.file is None:  # a layout error names the section, not the file
            exc.with_file(job.source)
        return JobOutcome(job, tuple(written), exc)
    except Exception as exc:  # a bug: reported with this pack named, and the rest go on
        return JobOutcome(job, tuple(written), exc, "".join(traceback.format_exception(exc)))
    return JobOutcome(job, tuple(written))


def _export(job: BatchJob, settings: BatchSettings, finished: Callable[[Path], None]) -> None:
    from briefpack.services.export import ExportHooks, export_pack
    from briefpack.services.opening import open_given, refuse_outside_files

    opened = open_given(job.source)
    refuse_outside_files(opened, settings.allow_outside, how_to_allow=settings.how_to_allow)
    done = export_pack(
        with_brand(opened.pack, job.brand),
        opened.base_dir,
        job.targets,
        source=job.source,
        allow_outside=settings.allow_outside,
        invariant=settings.invariant,
        hooks=ExportHooks(finished=finished, cancelled=_told_to_stop),
    )
    if not done:  # told to stop: leave as an interrupted worker does, reporting nothing
        raise KeyboardInterrupt


def _told_to_stop() -> bool:
    """Whether this worker was told to stop: asked before anything is written, in case the
    KeyboardInterrupt that said so was swallowed (one raised inside a finalizer is only
    printed, and the job would go on to write)."""
    return bool(_STOPPING)


def with_brand(pack: Pack, brand: str | None) -> Pack:
    """`pack` to be rendered in the brand with id `brand` (None: its own meta.brand)."""
    if brand is None:
        return pack
    return pack.model_copy(update={"meta": pack.meta.model_copy(update={"brand": brand})})


def _run_here(
    jobs: Sequence[BatchJob], settings: BatchSettings, hooks: BatchHooks
) -> list[JobOutcome]:
    outcomes = []
    for number, job in enumerate(jobs, 1):
        hooks.started(number, job)
        outcome = export_job(job, settings)
        hooks.finished(outcome)
        outcomes.append(outcome)
    return outcomes


# ---- forked workers -------------------------------------------------------------------------


def _run_forked(
    jobs: Sequence[BatchJob], settings: BatchSettings, hooks: BatchHooks, count: int
) -> list[JobOutcome]:
    """Hand the jobs out to `count` forked workers, the next one to whichever is idle."""
    preload({name for job in jobs for name in job.targets})
    outcomes: dict[int, JobOutcome] = {}
    waiting = list(range(len(jobs)))
    workers: list[_Worker] = []
    selector = selectors.DefaultSelector()
    try:
        for _ in range(count):
            _add_worker(workers, selector, jobs, settings)
        for worker in list(workers):
            _next_job(worker, waiting, jobs, hooks, len(outcomes) + _busy(workers))
        while _busy(workers):
            for key, _events in selector.select():
                worker = key.data
                for outcome in _read_outcomes(worker, jobs, workers, selector):
                    outcomes[outcome[0]] = outcome[1]
                    hooks.finished(outcome[1])
                if worker not in workers and waiting:  # it died: a fresh one takes over
                    worker = _add_worker(workers, selector, jobs, settings)
                if worker in workers:
                    _next_job(worker, waiting, jobs, hooks, len(outcomes) + _busy(workers))
    finally:
        _stop_workers(workers, selector)
    return [outcomes[number] for number in range(len(jobs))]


def preload(formats: set[str]) -> None:
    """Import what every job needs before forking, so each worker inherits it loaded."""
    from briefpack.render.formats import get_format

    for name in ("briefpack.model.packfile", "briefpack.document.compose"):
        import_module(name)  # the pack's models are built as it is imported
    for name in sorted(formats):
        output = get_format(name)
        for spec in (output.writer, output.verifier):
            import_module(spec.partition(":")[0])


def _busy(workers: list[_Worker]) -> int:
    return sum(worker.job is not None for worker in workers)


def _next_job(
    worker: _Worker,
    waiting: list[int],
    jobs: Sequence[BatchJob],
    hooks: BatchHooks,
    started: int,
) -> None:
    """Give `worker` the next job, or close its pipe (it then leaves) when none is left."""
    if not waiting:
        with contextlib.suppress(OSError):
            os.close(worker.jobs_fd)
        worker.jobs_fd = -1
        return
    worker.job = waiting.pop(0)
    hooks.started(started + 1, jobs[worker.job])
    with contextlib.suppress(OSError):  # it has just died: its pipe's end fails the job
        _send(worker.jobs_fd, worker.job)


def _read_outcomes(
    worker: _Worker,
    jobs: Sequence[BatchJob],
    workers: list[_Worker],
    selector: selectors.BaseSelector,
) -> list[tuple[int, JobOutcome]]:
    """What `worker` has sent; if it has gone, its job is reported failed and it is reaped."""
    chunk = os.read(worker.results_fd, 1 << 16)
    worker.unread += chunk
    found = []
    for number, outcome in _complete_messages(worker.unread):
        found.append((number, outcome))
        worker.job = None
    if chunk:
        return found
    if worker.job is not None:  # it died midway (killed, out of memory)
        gone = RuntimeError("the worker rendering this pack stopped unexpectedly")
        found.append((worker.job, JobOutcome(jobs[worker.job], (), gone, str(gone))))
        worker.job = None
    _forget(worker, workers, selector)
    return found


def _complete_messages(unread: bytearray) -> list[tuple[int, JobOutcome]]:
    """The whole messages at the start of `unread`, taken out of it."""
    messages = []
    while len(unread) >= _LENGTH.size:
        (size,) = _LENGTH.unpack_from(unread)
        if len(unread) < _LENGTH.size + size:
            break
        messages.append(pickle.loads(bytes(unread[_LENGTH.size : _LENGTH.size + size])))
        del unread[: _LENGTH.size + size]
    return messages


def _forget(worker: _Worker, workers: list[_Worker], selector: selectors.BaseSelector) -> None:
    selector.unregister(worker.results_fd)
    for fd in (worker.results_fd, worker.jobs_fd):
        if fd != -1:
            with contextlib.suppress(OSError):
                os.close(fd)
    workers.remove(worker)
    _reap(worker.pid, STOP_GRACE_SECONDS)


def _stop_workers(workers: list[_Worker], selector: selectors.BaseSelector) -> None:
    """Stop every worker still running (an interrupt, an error here) and reap them all."""
    for worker in workers:
        with contextlib.suppress(ProcessLookupError):
            if worker.job is not None:  # done ones leave by themselves once their pipe closes
                os.kill(worker.pid, signal.SIGTERM)
    for worker in list(workers):
        _forget(worker, workers, selector)
    selector.close()


def _reap(pid: int, grace: float) -> None:
    """Wait for `pid` to leave, killing it after `grace` seconds."""
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        with contextlib.suppress(ChildProcessError):
            if os.waitpid(pid, os.WNOHANG)[0] == 0:
                time.sleep(0.01)
                continue
        return
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)


def _add_worker(
    workers: list[_Worker],
    selector: selectors.BaseSelector,
    jobs: Sequence[BatchJob],
    settings: BatchSettings,
) -> _Worker:
    jobs_read, jobs_write = os.pipe()
    results_read, results_write = os.pipe()
    for stream in (sys.stdout, sys.stderr):  # nothing buffered twice
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    pid = os.fork()
    if pid == 0:
        inherited = [fd for other in workers for fd in (other.jobs_fd, other.results_fd)]
        _work(jobs_read, results_write, [jobs_write, results_read, *inherited], jobs, settings)
    os.close(jobs_read)
    os.close(results_write)
    worker = _Worker(pid, jobs_write, results_read)
    workers.append(worker)
    selector.register(results_read, selectors.EVENT_READ, worker)
    return worker


def _work(
    jobs_fd: int,
    results_fd: int,
    not_mine: list[int],
    jobs: Sequence[BatchJob],
    settings: BatchSettings,
) -> NoReturn:
    """A worker's whole life: export each job it is sent until its pipe closes, then leave
    without running the parent's cleanup (its finally blocks and exit handlers are not ours)."""
    status = 0
    try:
        atexit._clear()  # the parent's exit handlers are the parent's to run
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, _stop_now)
        for fd in not_mine:  # else another worker's pipe would never close
            with contextlib.suppress(OSError):
                if fd != -1:
                    os.close(fd)
        while not _STOPPING and (number := _receive(jobs_fd)) is not None:
            outcome = export_job(jobs[number], settings)
            _send(results_fd, (number, _sendable(outcome)))
        status = 1 if _STOPPING else 0
    except BaseException:  # interrupted, or the parent has gone: leave quietly
        status = 1
    finally:
        with contextlib.suppress(BaseException):
            _leave_quietly()
        os._exit(status)


def _leave_quietly() -> None:
    """Stop this worker's own helpers (the placeholder sandbox) through its exit handlers,
    with Ctrl+C and TERM ignored from now on: it is leaving already, and a second signal
    inside a handler would only print a traceback."""
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, signal.SIG_IGN)
    atexit._run_exitfuncs()


def _stop_now(_signum: int, _frame: FrameType | None) -> None:
    """The first Ctrl+C or TERM unwinds the job in hand (its temp files are removed). Any
    later one does nothing: Ctrl+C reaches the whole group and the parent then sends TERM,
    and a second KeyboardInterrupt landing in a finalizer as the job unwinds (a half-written
    zip being closed) would print a traceback. (Changing the handlers here instead can fail
    itself when the next signal is already pending.)"""
    if _STOPPING:
        return
    _STOPPING.append(True)
    raise KeyboardInterrupt


_STOPPING: list[bool] = []  # set once this worker was told to stop (_stop_now)


def _sendable(outcome: JobOutcome) -> JobOutcome:
    """The outcome with an error that survives pickling (else a RuntimeError saying it)."""
    from briefpack.services.forked import picklable

    if outcome.error is None:
        return outcome
    return JobOutcome(outcome.job, outcome.written, picklable(outcome.error), outcome.details)


def _send(fd: int, message: object) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(_LENGTH.pack(len(data)) + data)
    while view:
        view = view[os.write(fd, view) :]


def _receive(fd: int) -> int | None:
    """The next job number sent on `fd`, or None once the parent has closed it."""
    header = _read_exactly(fd, _LENGTH.size)
    if header is None:
        return None
    (size,) = _LENGTH.unpack(header)
    body = _read_exactly(fd, size)
    return None if body is None else int(pickle.loads(body))


def _read_exactly(fd: int, size: int) -> bytes | None:
    data = b""
    while len(data) < size:
        chunk = os.read(fd, size - len(data))
        if not chunk:
            return None
        data += chunk
    return data
