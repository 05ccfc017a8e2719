"""Reading a colleague's library file for import: the file and the pictures it names.

A library file arrives by email, so it is read through the file gate (a FIFO or a device
given as the file is refused at once, never waited on), and an item holding a picture is
refused when the picture's path could turn against whoever inserts it: a full path
(/dev/ptmx, ~/Pictures/secret.png), a path that climbs out of the pack's folder with "..",
or a name that is not an ordinary file beside the library file (a FIFO, a device). The
check of that name is the gate's stat before opening: nothing that is not a regular file is
ever opened. One refused item refuses the whole file, so nothing is imported.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path, PurePosixPath, PureWindowsPath

from briefpack.model import filegate
from briefpack.model.jsonfile import MAX_FILE_BYTES, parse_json
from briefpack.model.library_format import Library, LibraryError, LibraryItem, library_from_data
from briefpack.model.sections import ImageSection
from briefpack.model.storage import shown_path

SHARED_ONLY = "a shared item may only name a picture in the pack's own folder"


def load_shared_library(path: str | Path) -> Library:
    """A colleague's library file, checked for import (see the module's doc).

    Raises BriefpackError (one line naming the file, and the item where it is one item).
    """
    shown = shown_path(path)
    raw = filegate.read_regular_file(path, max_bytes=MAX_FILE_BYTES, shown=shown)
    return shared_library_from_bytes(raw, shown, Path(path).parent)


def shared_library_from_bytes(raw: bytes, shown: str, folder: Path | None) -> Library:
    """The checks of an imported library file on bytes already read: JSON, the library
    format, and the pictures its items name (looked up in `folder`; None when the bytes
    came from no folder, as a force library's files come from git objects)."""
    library = library_from_data(parse_json(raw, shown), shown)
    refuse_unsafe_pictures(library, folder, shown)
    return library


def refuse_unsafe_pictures(library: Library, folder: Path | None, shown: str) -> None:
    """LibraryError for the first item whose picture path picture_problem refuses."""
    for item in library.items:
        section = item.section
        if not isinstance(section, ImageSection) or not section.path.strip():
            continue
        problem = picture_problem(section.path, folder)
        if problem:
            raise LibraryError(f"{problem}; nothing imported", file=shown, where=_item(item))


def picture_problem(path: str, folder: Path | None) -> str | None:
    """Why an imported item may not name this picture, or None when it may.

    `folder` is the library file's: a relative name is looked up there, by stat alone
    (None: there is no such folder, so only the path itself is judged).
    """
    shown = shown_path(path)
    # Windows parsing splits on both / and \ and knows drive letters: "C:\x" and "\\host\x"
    # are full paths too, whichever system the file was written on.
    as_windows = PureWindowsPath(path)
    if PurePosixPath(path).is_absolute() or as_windows.anchor:
        return f"its picture {shown} is named by a full path; {SHARED_ONLY}"
    if ".." in as_windows.parts:
        return f"its picture {shown} leaves the pack's folder (“..”); {SHARED_ONLY}"
    return None if folder is None else _not_ordinary(folder / path, shown)


def _not_ordinary(file: Path, shown: str) -> str | None:
    """Whether the name beside the library file is something other than an ordinary file.

    Missing, unreadable or large pictures are left to the pack's own checks once inserted
    (the path is looked up beside the pack then); only a FIFO, device or folder is refused.
    """
    refused = kind_refusal(file, shown)
    # "… is a pipe (FIFO), not an ordinary file" without the gate's "choose a file".
    return f"its picture {refused.problem.split(';')[0]}" if refused else None


def kind_refusal(file: str | Path, shown: str) -> filegate.FileRefused | None:
    """The file gate's refusal when `file` exists and is not an ordinary file (a FIFO, a
    device, a socket, a folder), found by stat alone: nothing is opened or read."""
    try:
        if stat.S_ISREG(os.stat(file).st_mode):
            return None
    except (OSError, ValueError):  # missing, or a NUL in the name: not this check's business
        return None
    try:
        # The gate refuses it on its own stat, before any open, in its own words.
        filegate.read_regular_file(file, max_bytes=0, shown=shown)
    except filegate.FileRefused as exc:
        return exc if exc.reason == "kind" else None
    return None


def refuse_unless_ordinary(path: str | Path) -> None:
    """Refuse (FileRefused, one line naming it) a FIFO or device given as a file to import,
    in the file gate's words. The JSON reader (jsonfile.read_limited) refuses them too; this
    look first lets an import say so before anything else. Stat only: nothing is opened."""
    refused = kind_refusal(path, shown_path(path))
    if refused is not None:
        raise refused


def _item(item: LibraryItem) -> str:
    return f"item {item.id} (“{shown_path(item.name)}”)"
