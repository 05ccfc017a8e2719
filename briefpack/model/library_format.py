"""The library file format: items, the library that holds them, reading and writing it.

Kept apart from library.py (what is done with items) so that the readers of other sources
of items, such as the force library (force_store.py), can validate items exactly as a
library file is validated without importing the module that merges every source.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, ValidationError, field_validator

from briefpack.model.base import Model
from briefpack.model.errors import BriefpackError, PackFormatError
from briefpack.model.jsonfile import dump_json, parse_json, read_json, validation_error
from briefpack.model.packfile import check_header
from briefpack.model.sections import SECTION_KINDS, Section, StatItem
from briefpack.model.threat import ThreatLevel

LIBRARY_FORMAT = "briefpack/library"
LIBRARY_VERSION = 1
CATEGORIES: tuple[str, ...] = ("threat", "statistics", "advice", "quotes", "call-outs", "contacts")
Category = Literal["threat", "statistics", "advice", "quotes", "call-outs", "contacts"]
ItemId = Annotated[str, Field(pattern=r"^[a-z0-9._-]+$", min_length=1, max_length=120)]
BUILTIN_PREFIX = "builtin."
USER_PREFIX = "user."
# Items of the force library a user subscribes to (force_store.py): read-only, as built-ins.
FORCE_PREFIX = "force."


class LibraryError(BriefpackError):
    """A library action that cannot be done (unknown item, a built-in item changed…)."""


class PastFigure(StatItem):
    """A figure's earlier value, kept in its item's history when `replaced` by a newer one."""

    replaced: date


class PastVersion(Model):
    """An item as it was before a revision replaced it (`replaced`: the revision's date)."""

    name: str
    category: Category
    updated: date
    replaced: date
    source: str | None = None
    section: Section


class LibraryItem(Model):
    id: ItemId
    name: str
    category: Category
    tags: list[str] = Field(default_factory=list)
    updated: date
    source: str | None = None
    reviewed: date | None = None
    # Applied to the pack on insert: {"level": "severe"} or {"northern_ireland": "substantial"}.
    threat: dict[Literal["level", "northern_ireland"], ThreatLevel] | None = None
    section: Section
    # The built-in item this user copy stands in for (made when a built-in figure changed).
    supersedes: ItemId | None = None
    history: list[PastFigure] | None = None  # earlier values of its figures, oldest first
    # Earlier versions of the whole item, oldest first, kept by a revision (`--update ID`)
    # so an approver's change to approved wording can always be traced back.
    revisions: list[PastVersion] | None = None

    @property
    def builtin(self) -> bool:
        return self.id.startswith(BUILTIN_PREFIX)

    @property
    def force(self) -> bool:
        """From the force library the user subscribes to (read-only, like a built-in)."""
        return self.id.startswith(FORCE_PREFIX)

    @property
    def read_only(self) -> bool:
        return self.builtin or self.force

    @field_validator("name")
    @classmethod
    def _named(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("a library item needs a name")
        return value


class Library(Model):
    format: Literal["briefpack/library"] = LIBRARY_FORMAT
    version: int = LIBRARY_VERSION
    name: str | None = None
    items: list[LibraryItem] = Field(default_factory=list)

    def ids(self) -> set[str]:
        return {item.id for item in self.items}

    def get(self, item_id: str) -> LibraryItem | None:
        return next((item for item in self.items if item.id == item_id), None)


# ---- files --------------------------------------------------------------------------------


def library_from_data(data: Any, path: str | Path = "<library>") -> Library:
    """Validate a parsed JSON value as a library file; errors name the file and the field."""
    check_header(data, path, (LIBRARY_FORMAT,), LIBRARY_VERSION)
    try:
        # Strict JSON-mode validation, as for packs: "2016" is not a date, "yes" not a bool.
        library = Library.model_validate_json(json.dumps(data), strict=True)
    except ValidationError as exc:
        raise validation_error(exc, path, strip=SECTION_KINDS) from exc
    _check_unique_ids(library, path)
    return library


def _check_unique_ids(library: Library, path: str | Path) -> None:
    seen: set[str] = set()
    for i, item in enumerate(library.items):
        if item.id in seen:
            raise PackFormatError(
                f"the id {item.id!r} is used by an earlier item too",
                file=path,
                where=f"items[{i}].id",
            )
        seen.add(item.id)


def load_library(path: str | Path) -> Library:
    return library_from_data(read_json(path), path)


def library_from_bytes(raw: bytes, path: str | Path = "<library>") -> Library:
    return library_from_data(parse_json(raw, path), path)


def library_to_bytes(lib: Library) -> bytes:
    return dump_json(lib.model_dump(mode="json"))
