"""A small disk cache for things that are slow to make and cheap to remake (thumbnails, and
the deterministic pieces of a render: see cached_bytes).

Entries are keyed by a hash of what they were made from plus the briefpack version, so a
changed template or a new release of the renderer never shows an old picture; nothing is
ever invalidated by hand. Losing the cache folder costs only time.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import os
from collections.abc import Callable
from functools import cache
from pathlib import Path

from briefpack import __version__
from briefpack.model.errors import SaveError
from briefpack.model.storage import atomic_write
from briefpack.model.userdata import USER_DIR_ENV

THUMBNAILS = "thumbnails"


def cache_dir() -> Path:
    """$BRIEFPACK_USER_DIR/cache if set (tests, portable installs), else the platform's
    per-user cache folder for briefpack."""
    override = os.environ.get(USER_DIR_ENV)
    if override:
        return Path(override) / "cache"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("briefpack", appauthor=False))


def content_key(data: bytes, *variant: object) -> str:
    """A hex key for `data` made by this briefpack version, in this variant (e.g. a size)."""
    digest = hashlib.sha256()
    digest.update(f"briefpack {__version__}|{'|'.join(map(str, variant))}|".encode())
    digest.update(data)
    return digest.hexdigest()


def _entry(kind: str, key: str, suffix: str) -> Path:
    return cache_dir() / kind / f"{key}{suffix}"


def read_cached(kind: str, key: str, suffix: str = ".png") -> bytes | None:
    """The cached bytes, or None when there are none (or they cannot be read)."""
    try:
        return _entry(kind, key, suffix).read_bytes()
    except OSError:
        return None


def write_cached(kind: str, key: str, data: bytes, suffix: str = ".png") -> Path | None:
    """Store `data`; None when the cache cannot be written (a cache is never worth an error)."""
    path = _entry(kind, key, suffix)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return atomic_write(path, data)
    except (OSError, SaveError):
        return None


# ---- checked entries: pieces of a render ----------------------------------------------------
#
# The deterministic pieces of a render (QR codes, the chart's picture, the DOCX's styled
# template, the scaled logo) are kept as bytes under a key of everything they are made from.
# Each entry carries the SHA-256 of its bytes: a torn write or a damaged disk is caught on
# reading and the piece is made again. Entries are only ever bytes handed to a writer (no
# pickle, nothing run), and each kind also checks their shape (`looks_right`).

_MAGIC = b"briefpack cache 1\n"
_DIGEST = 32  # bytes of SHA-256
MAX_ENTRIES = 256  # of one kind; the oldest go first (a chart per set of figures adds up)


def read_checked(kind: str, key: str) -> bytes | None:
    """The bytes stored under `key`, or None when there are none or they are damaged."""
    raw = read_cached(kind, key, ".bin")
    head = len(_MAGIC) + _DIGEST
    if raw is None or len(raw) < head or not raw.startswith(_MAGIC):
        return None
    data = raw[head:]
    return data if hashlib.sha256(data).digest() == raw[len(_MAGIC) : head] else None


def write_checked(kind: str, key: str, data: bytes) -> None:
    """Store `data` under `key`, quietly doing nothing when the cache cannot be written.

    Written to a temp file and renamed, without fsync: a crash can only leave a file whose
    digest is wrong, and that is made again on the next read."""
    path = _entry(kind, key, ".bin")
    temp = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp.write_bytes(_MAGIC + hashlib.sha256(data).digest() + data)
        os.replace(temp, path)
    except OSError:
        with contextlib.suppress(OSError):
            temp.unlink()
        return
    _prune(path.parent)


def _prune(folder: Path) -> None:
    """Remove the oldest entries beyond MAX_ENTRIES (only after a write: reads never list)."""
    try:
        entries = [(entry.stat().st_mtime_ns, entry) for entry in folder.glob("*.bin")]
    except OSError:
        return
    if len(entries) <= MAX_ENTRIES:
        return
    for _time, entry in sorted(entries)[: len(entries) - MAX_ENTRIES]:
        with contextlib.suppress(OSError):
            entry.unlink()


def cached_bytes(
    kind: str,
    make: Callable[[], bytes],
    parts: tuple[object, ...],
    looks_right: Callable[[bytes], bool] = bool,
) -> bytes:
    """What `make()` returns, from the cache when it was made before from equal `parts`.

    `parts` must say everything the bytes depend on, each with a repr that does (strings,
    numbers, frozen dataclasses, code_stamp()s); the briefpack version is added."""
    key = content_key(repr(parts).encode("utf-8", "backslashreplace"), kind)
    found = read_checked(kind, key)
    if found is not None and looks_right(found):
        return found
    data = make()
    if looks_right(data):  # what would be refused on reading is not kept
        write_checked(kind, key, data)
    return data


@cache
def code_stamp(*modules: str) -> tuple[str, ...]:
    """Which version of the code makes a piece: each module's file size and time (a library
    upgraded, or a source file edited, changes them), without importing the modules. A
    frozen app has no such files; there the briefpack version in every key stands for it."""
    stamps = []
    for name in modules:
        try:
            spec = importlib.util.find_spec(name)
            info = os.stat(spec.origin) if spec is not None and spec.origin else None
        except (ImportError, ValueError, OSError):
            info = None
        stamps.append(f"{name}:{info.st_size}:{info.st_mtime_ns}" if info else f"{name}:-")
    return tuple(stamps)


def file_stamp(path: str | Path) -> str:
    """A file the piece is made from (a brand's font), by name, size and time."""
    try:
        info = os.stat(path)
    except OSError:
        return f"{path}:-"
    return f"{path}:{info.st_size}:{info.st_mtime_ns}"
