"""Where the synced force library's templates and brands are set out as files.

Templates and brands are found by their files (the gallery's thumbnails, `new --template`,
the brand search path), so a synced commit's checked ones are written by briefpack into one
folder per commit under the user folder's force-library/ (force_templates.py,
force_brands.py), made whole in a temporary folder and renamed into place, so a reader never
sees half of one. Looking a folder up here is cheap: one small record is read
(force_revision.py), no git, no validation; model/brand.py asks on every brand lookup.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from briefpack.model.force_revision import NO_REVISION, force_dir, library_revision

COMMIT_FOLDER_CHARS = 16  # enough to tell commits apart, short for Windows' path limit


def force_brands_root() -> Path:
    return force_dir() / "brands"


def force_brands_folder(commit: str) -> Path:
    return force_brands_root() / commit[:COMMIT_FOLDER_CHARS]


def force_brand_dirs() -> list[Path]:
    """The folder of the synced commit's brands, if set out (force_brands.py does it when
    the commit is first read); none when no force library is followed or synced."""
    revision = library_revision()
    if revision == NO_REVISION:
        return []
    folder = force_brands_folder(revision)
    return [folder] if folder.is_dir() else []


def is_force_brand_folder(folder: Path) -> bool:
    """Whether a brand in `folder` is one of the synced force library's."""
    return folder.resolve().parent.parent == force_brands_root().resolve()


def set_out_commit_folder(folder: Path, files: Mapping[str, bytes]) -> None:
    """Write one synced commit's files (relative paths) into a new folder, rename it into
    place as `folder`, and drop the folders of earlier commits beside it (out of date)."""
    root = folder.parent
    root.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=".new-", dir=root))
    try:
        for name, data in files.items():
            target = fresh / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)  # the folder is renamed whole below
        try:
            os.replace(fresh, folder)
        except OSError:
            if not folder.is_dir():  # another process that got there first is fine
                raise
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
    for old in root.iterdir():
        if old != folder and old.is_dir() and not old.name.startswith(".new-"):
            shutil.rmtree(old, ignore_errors=True)
