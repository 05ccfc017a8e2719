"""Atomic file writing: the old file or the new one, never half of either."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path

from briefpack.model.errors import SaveError

TEMP_PREFIX = ".~briefpack-"

_PLAIN_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EACCES: "you do not have permission to write there",
    errno.EPERM: "you do not have permission to write there",
    errno.EROFS: "the folder is read-only",
    errno.EISDIR: "a folder with that name is in the way",
    errno.ENOENT: "the folder does not exist",
    errno.ENOTDIR: "part of the path is not a folder",
}


def plain_reason(exc: OSError) -> str:
    return _PLAIN_REASONS.get(exc.errno or 0, exc.strerror or str(exc))


def atomic_write(path: str | Path, data: bytes) -> Path:
    """Write `data` to `path` via a synced temp file in the same folder, then replace."""
    target = Path(path)
    try:
        if target.is_symlink():
            target = target.resolve(strict=True)
        if target.is_dir():
            raise IsADirectoryError(errno.EISDIR, "is a directory", str(target))
        _write_and_replace(target, data)
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop on Python 3.11
        reason = plain_reason(exc) if isinstance(exc, OSError) else "the link points to itself"
        raise SaveError(
            f"could not save ({reason}); the previous version is unchanged",
            file=path,
        ) from exc
    return target


def _write_and_replace(target: Path, data: bytes) -> None:
    mode = _existing_mode(target)
    fd, tmp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    _fsync_dir(target.parent)


def _existing_mode(target: Path) -> int:
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _fsync_dir(folder: Path) -> None:
    # Makes the rename itself durable; not possible on every platform.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def clean_stale_temp_files(folder: str | Path) -> list[Path]:
    """Remove temp files left behind by a save that was killed midway."""
    removed = []
    for leftover in Path(folder).glob(f"{TEMP_PREFIX}*.tmp"):
        with contextlib.suppress(OSError):
            leftover.unlink()
            removed.append(leftover)
    return removed
