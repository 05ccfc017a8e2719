"""One writer at a time for each of the officer's own files.

Two briefpack processes (the app and a CLI command, or two commands run together) that both
read the user's library, change it and save it would otherwise each save their own copy and
lose the other's change. `locked(path)` holds an exclusive lock on a small lock file beside
`path` (`.<name>.lock`, never the file itself, which atomic_write replaces) for the whole
read-modify-write. POSIX uses fcntl.flock; Windows uses msvcrt.locking (untested).
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from briefpack.model.errors import SaveError
from briefpack.model.storage import plain_reason

# Locks this thread holds already: taking one again (an import that saves through a helper
# which locks too) must not wait for itself.
_held = threading.local()


def lock_path(path: str | Path) -> Path:
    target = Path(os.path.abspath(path))  # one lock per file, however it was named
    return target.with_name(f".{target.name}.lock")


@contextmanager
def locked(path: str | Path) -> Iterator[None]:
    """Hold the lock for `path` (waiting for any other holder) until the block ends.
    Re-entrant within one thread."""
    lock = lock_path(path)
    held: set[Path] = _held.__dict__.setdefault("paths", set())
    if lock in held:
        yield
        return
    try:
        lock.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise SaveError(f"could not lock the file ({plain_reason(exc)})", file=path) from exc
    try:
        _acquire(fd)
        held.add(lock)
        try:
            yield
        finally:
            held.discard(lock)
            _release(fd)
    finally:
        os.close(fd)


if sys.platform == "win32":  # pragma: no cover - untested: no Windows machine in CI
    import msvcrt

    def _acquire(fd: int) -> None:
        # LK_LOCK retries for about 10 s then raises; keep waiting like flock does.
        while True:
            try:
                msvcrt.locking(fd, msvcrt.LK_LOCK, 1)
                return
            except OSError:
                continue

    def _release(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _acquire(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX)

    def _release(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
