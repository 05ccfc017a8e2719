"""Paths on the command line: how they are printed, and `-o` naming a folder.

Printed paths are short: relative to the current folder when inside it, `~/…` when in the
home folder, else in full; a path typed relative is printed as typed. Control characters
are shown escaped (model.storage.shown_path), so a line stays one line.

`-o` names a folder when it is an existing folder or ends in `/`: the output goes inside it,
named after the pack (render and bundle agree). A folder ending in `/` that does not exist
yet is made, if the folder it goes in exists: the `/` says plainly that a folder is meant, and
the `wrote …` line shows where the file went; a missing folder further up is refused, as that
is more likely a typing mistake than a wish for a new tree of folders. The folder is made
only once the pack has been read and checked, and removed again if nothing was written in it.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from briefpack.model.errors import BriefpackError


def shown(path: str | Path) -> str:
    """The path to print: relative to the current folder, or `~/…`, or in full."""
    from briefpack.model.storage import shown_path

    return shown_path(_short(Path(path)))


def _short(path: Path) -> str:
    if not path.is_absolute():
        return str(path)
    with contextlib.suppress(OSError, ValueError):  # the current folder may be gone
        return str(path.relative_to(Path.cwd()))
    with contextlib.suppress(RuntimeError, ValueError):  # no home folder known
        return str(Path("~") / path.relative_to(Path.home()))
    return str(path)


def names_a_folder(text: str) -> bool:
    """`-o out/` or `-o` an existing folder: the output goes inside it."""
    ends_in_slash = text.endswith("/") or text.endswith(os.sep)
    return ends_in_slash or Path(text).is_dir()


def output_folder(text: str) -> Path:
    """The folder `-o` names; BriefpackError when it cannot be (a file, or no parent)."""
    folder = Path(text)
    if folder.exists() and not folder.is_dir():
        raise BriefpackError("is a file, not a folder; remove the / to write to it", file=text)
    parent = folder.absolute().parent
    if not folder.exists() and not parent.is_dir():
        raise BriefpackError(
            f"cannot make this folder in {shown(parent)}, which does not exist; check the name",
            file=text,
        )
    return folder


@contextlib.contextmanager
def folder_made_for_output(folder: Path | None) -> Iterator[None]:
    """Make `folder` if it is missing; remove it again if what runs inside fails and left
    it empty (a failed render leaves nothing behind, not even a folder)."""
    if folder is None or folder.is_dir():
        yield
        return
    try:
        folder.mkdir()
        made = True
    except FileExistsError:  # made by someone else meanwhile: theirs, so left alone
        made = False
    except OSError as exc:
        from briefpack.model.storage import plain_reason

        raise BriefpackError(f"cannot make this folder ({plain_reason(exc)})", file=folder) from exc
    try:
        yield
    except BaseException:
        if made:
            with contextlib.suppress(OSError):
                folder.rmdir()  # only succeeds while it is empty
        raise
