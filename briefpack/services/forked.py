"""Rendering two formats at once on two cores, in a forked child (POSIX, command line only).

Each writer's cold start (imports, fonts, template) is most of a one-off render's time, and
they share nothing, so a `--format both` run takes about the longer of the two rather than
their sum. Never used by the app: a process with Qt's threads must not fork.

An export forks its child before composing (EarlyChild): the child loads its writer while
this process composes the document, then renders the document it is sent. Loading the PDF
writer takes longer than composing, so the PDF's start-up is off the critical path.
"""

from __future__ import annotations

import os
import pickle
import signal
from collections.abc import Callable
from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    from briefpack.document.nodes import Document

__all__ = ["EarlyChild", "can_fork_for", "cores", "picklable", "render_concurrently"]


def can_fork_for(formats: list[str]) -> bool:
    """True when forking would help: more than one format, fork() here, and two cores."""
    return len(formats) >= 2 and hasattr(os, "fork") and cores() >= 2


def render_concurrently(render_one: Callable[[str], bytes], formats: list[str]) -> dict[str, bytes]:
    """Render the first format in a forked child and the rest here, on two cores.

    The child sends back its bytes, or its exception, pickled through a pipe; an error in
    either is raised here as if rendered in turn, so nothing is written unless both succeed.
    POSIX only (callers fall back to one after the other: see can_fork_for).
    """
    first, rest = formats[0], formats[1:]
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: render, send, and leave without running any cleanup

        def render_first() -> bytes:
            os.close(read_fd)
            return render_one(first)

        _reply_and_leave(write_fd, render_first)
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
    return {first: _unpacked(message), **outputs}


def cores() -> int:
    """CPUs this process may run on (its affinity where the OS reports it)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def picklable(exc: BaseException) -> BaseException:
    """The exception itself if it survives pickling, else a RuntimeError describing it."""
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:  # any exception type may refuse to pickle
        return RuntimeError(f"{type(exc).__name__}: {exc}")
    return exc


class EarlyChild:
    """A child forked now to render `fmt`: it loads that format's writer at once, then waits
    for the document (send) and renders it (result). Not sent one (abandon), it is stopped.

    The child leaves with os._exit, running no cleanup of this process's; its reply is its
    bytes or its exception, pickled, as render_concurrently's."""

    def __init__(self, fmt: str, invariant: bool) -> None:
        self.fmt = fmt
        doc_read, self._doc_write = os.pipe()
        self._reply_read, reply_write = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:
            os.close(self._doc_write)
            os.close(self._reply_read)
            _early_child(fmt, invariant, doc_read, reply_write)  # never returns
        os.close(doc_read)
        os.close(reply_write)
        self._done = False

    def send(self, doc: Document) -> bool:
        """Hand the child the composed document to render; False (and the child stopped)
        when the document cannot be pickled: then it is rendered here."""
        try:
            data = pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # anything a node holds may refuse pickling
            self.abandon()
            return False
        try:
            with os.fdopen(self._doc_write, "wb") as pipe:
                self._doc_write = -1
                pipe.write(data)
        except BrokenPipeError:
            pass  # the child has gone: result() says why
        return True

    def result(self) -> bytes:
        """The child's bytes; its exception raised here."""
        try:
            with os.fdopen(self._reply_read, "rb") as pipe:
                self._reply_read = -1
                message = pickle.load(pipe)
        except EOFError:  # it died without a word
            message = ("error", RuntimeError(f"the {self.fmt} renderer stopped"))
        finally:
            self._reap()
        return _unpacked(message)

    def abandon(self) -> None:
        """Stop the child (nothing to render after all: an error while composing)."""
        if not self._done:
            os.kill(self.pid, signal.SIGKILL)
            self._reap()

    def _reap(self) -> None:
        for fd in (self._doc_write, self._reply_read):
            if fd != -1:
                os.close(fd)
        self._doc_write = self._reply_read = -1
        if not self._done:
            self._done = True
            os.waitpid(self.pid, 0)


def _early_child(fmt: str, invariant: bool, doc_read: int, reply_write: int) -> NoReturn:
    """The child's whole life: load the writer, read the document, render, reply, leave."""

    def render_sent() -> bytes:
        from briefpack.render import render  # looked up now: tests replace it
        from briefpack.render.formats import get_format

        get_format(fmt).load_writer()
        with os.fdopen(doc_read, "rb") as pipe:
            doc = pickle.load(pipe)
        return render(doc, fmt, invariant=invariant)

    _reply_and_leave(reply_write, render_sent)


def _reply_and_leave(reply_fd: int, produce: Callable[[], bytes]) -> NoReturn:
    """A forked child's end: send `produce()`'s bytes, or its exception, pickled through
    `reply_fd`, and leave with os._exit, running none of the parent's cleanup."""
    status = 0
    try:
        try:
            message = ("ok", produce())
        except BaseException as exc:  # every failure goes to the parent
            message = ("error", picklable(exc))
        with os.fdopen(reply_fd, "wb") as pipe:
            pickle.dump(message, pipe, protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException:  # the parent reports a child that sent nothing
        status = 1
    finally:
        os._exit(status)


def _unpacked(message: tuple[str, object]) -> bytes:
    """A child's reply: its bytes, or its exception raised here."""
    kind, payload = message
    if kind == "error":
        raise payload  # type: ignore[misc]
    return payload  # type: ignore[return-value]
