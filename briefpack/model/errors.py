"""Errors that carry where in which file the problem is, for one-line messages."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


def format_location(loc: Sequence[str | int]) -> str:
    """Turn ('sections', 3, 'items', 0, 'value') into 'sections[3].items[0].value'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


class BriefpackError(Exception):
    """A problem the user can fix: names the file, the place in it and the problem."""

    def __init__(self, problem: str, *, file: str | Path | None = None, where: str = "") -> None:
        self.problem = problem
        self.file = str(file) if file is not None else None
        self.where = where
        super().__init__(self.message)

    @property
    def message(self) -> str:
        parts = [p for p in (self.file, self.where, self.problem) if p]
        return ": ".join(parts)

    def with_file(self, file: str | Path) -> BriefpackError:
        """Return the same error with the file named (keeps the subclass)."""
        self.file = str(file)
        self.args = (self.message,)
        return self


class PackFormatError(BriefpackError):
    """The file is not a valid pack, template, library or brand file."""


class NewerVersionError(PackFormatError):
    """The file was written by a newer briefpack than this one."""


class ComposeError(BriefpackError):
    """A pack is valid JSON but cannot be turned into a document (placeholder, image)."""


class SaveError(BriefpackError):
    """Writing a file failed; the previous file is untouched."""

    reason: str = ""  # the plain cause alone ("the disk is full"), for a Save As prompt
