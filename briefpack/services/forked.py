"""Rendering two formats at once on two cores, in a forked child (POSIX, command line only).

Each writer's cold start (imports, fonts, template) is most of a one-off render's time, and
they share nothing, so a `--format both` run takes about the longer of the two rather than
their sum. Never used by the app: a process with Qt's threads must not fork.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable


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
        status = 0
        try:
            os.close(read_fd)
            try:
                message = ("ok", render_one(first))
            except BaseException as exc:  # every failure goes to the parent
                message = ("error", picklable(exc))
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
