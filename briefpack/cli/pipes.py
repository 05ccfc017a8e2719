"""Output into a pipe that closes early (`briefpack library list | head -2`) ends quietly.

Python ignores SIGPIPE, so writing after the reader has gone raises BrokenPipeError, and
the command would stop half-way and report an internal error (or Python would print
"Exception ignored …" at exit). Here the first broken write sends the rest of that stream
to /dev/null instead and the command carries on: an import whose plan was being printed
into `head` is still done, and the exit status is the command's own (0 when done).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from typing import Any, TextIO


class PipeSafeStream:
    """A text stream whose writes and flushes never raise BrokenPipeError."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self.closed_by_reader = False

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            self._send_rest_to_devnull()
            return len(text)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            self._send_rest_to_devnull()

    def _send_rest_to_devnull(self) -> None:
        self.closed_by_reader = True
        with contextlib.suppress(OSError, ValueError, AttributeError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, self._stream.fileno())  # what is still buffered goes there too
            os.close(devnull)
        with contextlib.suppress(OSError, ValueError):
            self._stream.flush()

    def __getattr__(self, name: str) -> Any:  # fileno, isatty, encoding …
        return getattr(self._stream, name)


@contextlib.contextmanager
def quiet_broken_pipes() -> Iterator[None]:
    """Standard output and error made pipe-safe while the command runs, and flushed at its
    end (a flush at interpreter exit would fail where it cannot be caught)."""
    out, err = sys.stdout, sys.stderr
    safe_out, safe_err = PipeSafeStream(out), PipeSafeStream(err)
    sys.stdout, sys.stderr = safe_out, safe_err  # type: ignore[assignment]
    try:
        yield
    finally:
        safe_out.flush()
        safe_err.flush()
        if sys.stdout is safe_out:
            sys.stdout = out
        if sys.stderr is safe_err:
            sys.stderr = err
