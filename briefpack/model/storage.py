"""Atomic file writing: the old file or the new one, never half of either.

Every save in briefpack (packs, templates, library, brands, exports, settings)
goes through `atomic_write`: the whole content is built in memory by the
caller, written to a temp file in the target's own folder (same file system,
so the final rename is atomic), every write, fsync and close is checked, the
old file's permission bits are kept, a symlink is followed to the real file,
and only then is the temp file renamed over the target.

Saves of the officer's own files follow a symlink (a pack kept in a synced folder
and linked from elsewhere stays linked; see docs/reliability.md). Exports do not:
`follow_links=False` refuses a target that is a symlink with one line naming where
it points. Refusing rather than replacing the link was chosen because the link may
have arrived inside a colleague's zip (`brief.pdf -> ~/.bashrc`) or be the officer's
own: either way silently changing it is wrong, and the message tells them what to do.
The final rename never follows a link, so a link created after the check is replaced,
not written through.

`atomic_write_all` writes several files (a PDF and a DOCX) all or none: every temp
file is written and synced first, then each is renamed into place with the old file
kept aside (hard-linked) until all are in, and put back if a later rename fails.
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


def atomic_write(path: str | Path, data: bytes, *, follow_links: bool = True) -> Path:
    """Write `data` to `path` via a synced temp file in the same folder, then replace.

    Returns the file actually written (the symlink's target for a symlink). With
    `follow_links=False` (exports) a symlink at `path` is refused, never written through.
    Raises SaveError, whose `.reason` is the plain cause; the old file is untouched.
    """
    return atomic_write_all({Path(path): data}, follow_links=follow_links)[0]


def atomic_write_all(files: dict[Path, bytes], *, follow_links: bool = True) -> list[Path]:
    """Write every file or none: the old versions all stay if any write or rename fails."""
    # Whether each file was there before, so a failure's message fits (no "previous
    # version" of a file that never existed, e.g. a first save into a read-only folder).
    existed = {Path(path): os.path.exists(path) for path in files}
    targets: list[Path] = []
    try:
        for path in files:
            targets.append(_checked_target(Path(path), follow_links))
        for target in targets:
            clean_stale_temp_files(target.parent)
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop on Python 3.11
        raise _save_error(exc, path, existed[Path(path)]) from exc
    temps: list[str] = []
    try:
        for path, target in zip(files, targets, strict=True):
            temps.append(_write_temp(target, files[path]))
        _replace_all(temps, targets)
    except (OSError, RuntimeError) as exc:
        raise _save_error(exc, path, existed[Path(path)]) from exc
    finally:
        for tmp in temps:
            with contextlib.suppress(OSError):
                os.unlink(tmp)  # already renamed away when all went well
    return targets


def _save_error(exc: BaseException, path: str | Path, existed: bool) -> SaveError:
    if isinstance(exc, SaveError):
        return exc
    reason = plain_reason(exc) if isinstance(exc, OSError) else "the link points to itself"
    kept = "the previous version is unchanged" if existed else "nothing was written"
    error = SaveError(f"could not save ({reason}); {kept}", file=path)
    error.reason = reason
    return error


def _checked_target(path: Path, follow_links: bool) -> Path:
    if path.is_symlink() and not follow_links:
        error = SaveError(
            f"is a link to {os.readlink(path)!r}: not written; "
            "remove the link or choose another name",
            file=shown_path(path),
        )
        error.reason = "the name is a link to another file"
        raise error
    target = _real_target(path) if follow_links else path
    if target.is_dir():
        raise IsADirectoryError(errno.EISDIR, "is a directory", str(target))
    return target


def shown_path(path: str | Path) -> str:
    """The path as text safe to print on one line: control characters (NUL, ESC, newline)
    shown escaped as Python would ('\\x00'), everything else as typed."""
    text = str(path)
    if not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in text):
        return text
    return "".join(repr(c)[1:-1] if ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F else c for c in text)


def _real_target(target: Path) -> Path:
    """Follow symlinks, so a linked file is updated in place and the link kept."""
    if not target.is_symlink():
        return target
    if target.exists():
        return target.resolve(strict=True)
    return Path(os.path.realpath(target))  # a dangling link: create what it points to


def _write_temp(target: Path, data: bytes) -> str:
    """A synced temp file beside `target` with the old file's permissions; its name."""
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
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    return tmp_name


def _replace_all(temps: list[str], targets: list[Path]) -> None:
    """Rename each temp over its target; if one fails, put the earlier ones back."""
    if len(targets) == 1:  # the common case needs no copy of the old file
        os.replace(temps[0], targets[0])
        _fsync_dir(targets[0].parent)
        return
    kept: list[tuple[Path, str | None]] = []  # (target, its old version aside or None)
    try:
        for tmp, target in zip(temps, targets, strict=True):
            kept.append((target, _keep_aside(target)))
            os.replace(tmp, target)
    except BaseException:
        for target, old in reversed(kept):
            with contextlib.suppress(OSError):
                if old is not None:
                    os.replace(old, target)
                else:
                    os.unlink(target)  # no file was there before: none is left
        raise
    finally:
        for _target, old in kept:
            if old is not None:
                with contextlib.suppress(OSError):
                    os.unlink(old)
    for folder in dict.fromkeys(t.parent for t in targets):
        _fsync_dir(folder)


def _keep_aside(target: Path) -> str | None:
    """A hard link to the current file (so it survives the rename), or None if there is none."""
    if not target.exists():
        return None
    aside = tempfile.mktemp(prefix=TEMP_PREFIX, suffix=".tmp", dir=target.parent)
    try:
        os.link(target, aside)
    except OSError:  # a file system without hard links: keep a copy instead
        aside = _write_temp(target, target.read_bytes())
    return aside


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
