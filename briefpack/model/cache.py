"""A small disk cache for things that are slow to make and cheap to remake (thumbnails).

Entries are keyed by a hash of what they were made from plus the briefpack version, so a
changed template or a new release of the renderer never shows an old picture; nothing is
ever invalidated by hand. Losing the cache folder costs only time.
"""

from __future__ import annotations

import hashlib
import os
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
