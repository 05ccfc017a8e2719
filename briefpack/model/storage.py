"""Atomic file writing: the old file or the new one, never half of either.

Every save in briefpack (packs, templates, library, brands, exports, settings)
goes through `atomic_write`: the whole content is built in memory by the
caller, written to a temp file in the target's own folder (same file system,
so the final rename is atomic), every write, fsync and close is checked, the
old file's permission bits are kept, a symlink is followed to the real file,
and only then is the temp file renamed over the target.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
import time
from pathlib import Path

from briefpack.model.errors import SaveError

TEMP_PREFIX = ".~briefpack-"
# A temp file this old belongs to no save still running (saves take milliseconds).
STALE_AFTER_SECONDS = 60.0

_PLAIN_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EACCES: "you do not have permission to write there",
    errno.EPERM: "you do not have permission to write there",
    errno.EROFS: "the folder is read-only",
    errno.EISDIR: "a folder with that name is in the way",
    errno.ENOENT: "the folder does not exist",
    errno.ENOTDIR: "part of the path is not a folder",
    errno.EBUSY: "the file is open in another program",
    errno.ETXTBSY: "the file is open in another program",
    errno.EFBIG: "the file is too large for this disk",
    errno.ENAMETOOLONG: "the file name is too long",
    errno.ELOOP: "the link points to itself",
    errno.EIO: "the disk reported an error",
}


def plain_reason(exc: OSError) -> str:
    """A few plain words for why writing failed (e.g. 'the disk is full')."""
    return _PLAIN_REASONS.get(exc.errno or 0, exc.strerror or str(exc))


def atomic_write(path: str | Path, data: bytes) -> Path:
    """Write `data` to `path` via a synced temp file in the same folder, then replace.

    Returns the file actually written (the symlink's target for a symlink).
    Raises SaveError, whose `.reason` is the plain cause; the old file is untouched.
    """
    try:
        target = _real_target(Path(path))
        if target.is_dir():
            raise IsADirectoryError(errno.EISDIR, "is a directory", str(target))
        clean_stale_temp_files(target.parent)
        _write_and_replace(target, data)
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop on Python 3.11
        reason = plain_reason(exc) if isinstance(exc, OSError) else "the link points to itself"
        error = SaveError(
            f"could not save ({reason}); the previous version is unchanged", file=path
        )
        error.reason = reason
        raise error from exc
    return target


def _real_target(target: Path) -> Path:
    """Follow symlinks, so a linked file is updated in place and the link kept."""
    if not target.is_symlink():
        return target
    if target.exists():
        return target.resolve(strict=True)
    return Path(os.path.realpath(target))  # a dangling link: create what it points to


def _write_and_replace(target: Path, data: bytes) -> None:
    mode = _existing_mode(target)
    fd, tmp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=".tmp", dir=target.parent)
    try:
        try:
            _write_all(fd, data)
            os.fsync(fd)
            if hasattr(os, "fchmod"):
                os.fchmod(fd, mode)
        finally:
            os.close(fd)  # a failed close (NFS, quota) is raised, not swallowed
        if not hasattr(os, "fchmod"):
            os.chmod(tmp_name, mode)
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    _fsync_dir(target.parent)


def _write_all(fd: int, data: bytes) -> None:
    """os.write may write less than asked; loop until all is written or it raises."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        if written <= 0:
            raise OSError(errno.EIO, "write made no progress")
        view = view[written:]


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


def clean_stale_temp_files(
    folder: str | Path, older_than: float = STALE_AFTER_SECONDS
) -> list[Path]:
    """Remove temp files left behind by a save that was killed midway.

    Called before every save (and by the app at start); files younger than
    `older_than` seconds are left alone, as another save may still be writing them.
    """
    removed: list[Path] = []
    cutoff = time.time() - older_than
    try:
        leftovers = list(Path(folder).glob(f"{TEMP_PREFIX}*.tmp"))
    except OSError:
        return removed
    for leftover in leftovers:
        with contextlib.suppress(OSError):
            if leftover.lstat().st_mtime <= cutoff:
                leftover.unlink()
                removed.append(leftover)
    return removed
