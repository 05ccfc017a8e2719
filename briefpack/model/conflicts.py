"""What happens when an import meets something already there, shared by every import.

Library, template and brand imports sort what arrives into new, same and changed; a changed
item (one of the user's own with the same id, name or file name) is never overwritten
without a choice: keep both, replace, or skip. Built-ins are never overwritten or shadowed.
Messages here name no command-line option: the CLI adds "use --on-conflict …" itself and the
app asks with its own dialog.

Names are checked too: a colleague's "Ѕtation Brief" spelt with a Cyrillic "Ѕ" must not sit
beside (or stand in for) the officer's "Station Brief" looking the same.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from briefpack.model.errors import BriefpackError

OnConflict = Literal["keep-both", "replace", "skip"]
ON_CONFLICT_CHOICES: tuple[OnConflict, ...] = ("keep-both", "replace", "skip")
IMPORTED_SUFFIX = " (imported)"  # the name of an incoming copy kept beside the user's own
IMPORTED_ID_SUFFIX = "-imported"  # and its id (brands, library items)
# What each choice did, as the import reports it.
ACTION_WORDS: dict[OnConflict, str] = {
    "keep-both": "kept both",
    "replace": "replaced",
    "skip": "skipped",
}


class ConflictError(BriefpackError):
    """An import would change one of the user's own items and no choice was made.
    `conflict` is what differs, without the question, for callers that ask their own way."""

    def __init__(self, conflict: str, *, file: str | Path | None = None) -> None:
        self.conflict = conflict
        super().__init__(f"{conflict}; nothing imported: keep both, replace or skip?", file=file)


def require_choice(
    on_conflict: OnConflict | None, problem: str, file: str | Path | None = None
) -> OnConflict:
    """The choice made, or ConflictError saying what differs (nothing has been changed)."""
    if on_conflict is None:
        raise ConflictError(problem, file=file)
    if on_conflict not in ON_CONFLICT_CHOICES:
        raise BriefpackError(f"unknown choice {on_conflict!r}: keep-both, replace or skip")
    return on_conflict


# ---- what one import did ------------------------------------------------------------------

ImportStatus = Literal["new", "same", "changed", "builtin"]


@dataclass(frozen=True)
class ImportResult:
    """What importing one template or brand did: `status` is how it compared with what was
    there (new, same, changed, or in the way of a built-in), `action` what was done."""

    status: ImportStatus
    name: str
    action: str  # "added", "replaced", "kept both", "kept both as …", "skipped", "already there"
    path: Path | None

    @classmethod
    def added(cls, name: str, path: Path) -> ImportResult:
        return cls("new", name, "added", path)

    @classmethod
    def already_there(cls, name: str, path: Path) -> ImportResult:
        return cls("same", name, "already there", path)

    @classmethod
    def beside_builtin(cls, copy_name: str, reason: str, path: Path) -> ImportResult:
        """A built-in is never replaced or shadowed: the incoming one was kept as a copy
        named `copy_name`; `reason` says which built-in was in the way."""
        return cls("builtin", copy_name, f"kept both as {copy_name!r} ({reason})", path)


def settle_conflict(
    on_conflict: OnConflict | None,
    problem: str,
    *,
    name: str,
    replace: Callable[[], tuple[str, Path]],
    keep_both: Callable[[], tuple[str, Path]],
    file: str | Path | None = None,
) -> ImportResult:
    """Do what was chosen for an incoming `name` that differs from the user's own: nothing
    (skip), or save it with `replace` or `keep_both`, each returning the name and file it
    saved. With no choice, ConflictError saying `problem` (nothing saved)."""
    choice = require_choice(on_conflict, problem, file)
    if choice == "skip":
        return ImportResult("changed", name, ACTION_WORDS[choice], None)
    saved_name, path = replace() if choice == "replace" else keep_both()
    return ImportResult("changed", saved_name, ACTION_WORDS[choice], path)


# ---- look-alike names ---------------------------------------------------------------------

# Cyrillic and Greek letters drawn like Latin ones (a small table, not Unicode's full list:
# enough for the letters that make English words look the same).
_LOOKS_LATIN = set(
    "АВЕЅІЈКМНОРСТХУаеіјорсхуѕԁһӏԛԝ"  # Cyrillic
    "ΑΒΕΖΗΙΚΜΝΟΡΤΥΧοραν"  # Greek
)
_OTHER_SCRIPTS = ("CYRILLIC", "GREEK")


def clean_name(name: str, what: str, file: str | Path | None = None, where: str = "") -> str:
    """`name` in NFKC form (full-width and compatibility letters become plain ones), refused
    with one line naming the character when it mixes Latin with Cyrillic or Greek letters in
    one word, or uses a Cyrillic/Greek letter that looks Latin beside Latin words."""
    normal = unicodedata.normalize("NFKC", name)
    has_latin = any(_script(ch) == "LATIN" for ch in normal)
    for word in re.split(r"[\W_]+", normal):
        scripts = {_script(ch) for ch in word if ch.isalpha()}
        for ch in word:
            script = _script(ch)
            mixed = "LATIN" in scripts or ch in _LOOKS_LATIN
            if script in _OTHER_SCRIPTS and has_latin and mixed:
                raise BriefpackError(
                    f"the {what} name {normal!r} has the {script.title()} letter {ch!r} "
                    f"({unicodedata.name(ch, '?').lower()}) among Latin letters, so it looks "
                    "like another name; type it in one alphabet",
                    file=file,
                    where=where,
                )
    return normal


def _script(ch: str) -> str:
    """'LATIN', 'CYRILLIC', 'GREEK'… from the character's Unicode name ('' when none)."""
    if not ch.isalpha():
        return ""
    return unicodedata.name(ch, "").split(" ", 1)[0]
