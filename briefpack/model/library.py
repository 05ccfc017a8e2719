"""The content library: reusable sections, built-in (read-only) and the officer's own.

A section inserted from a library item remembers where it came from (`origin`, and the
item's `updated` date as `origin_updated`), so a pack can say when the item has changed
since and refresh the section from it.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from briefpack.model import editing
from briefpack.model.conflicts import IMPORTED_SUFFIX, OnConflict, require_choice
from briefpack.model.dates import long_date
from briefpack.model.jsonfile import validation_error
from briefpack.model.library_format import (
    BUILTIN_PREFIX,
    CATEGORIES,
    FORCE_PREFIX,
    LIBRARY_FORMAT,
    LIBRARY_VERSION,
    USER_PREFIX,
    Category,
    ItemId,
    Library,
    LibraryError,
    LibraryItem,
    PastFigure,
    PastVersion,
    library_from_bytes,
    library_from_data,
    library_to_bytes,
    load_library,
)
from briefpack.model.locking import locked
from briefpack.model.pack import Pack
from briefpack.model.resources import asset
from briefpack.model.section_lines import section_lines
from briefpack.model.sections import SECTION_KINDS, Section, StatisticsSection
from briefpack.model.storage import atomic_write
from briefpack.model.userdata import slug, unique_name, user_dir

# The file format lives in library_format.py; its names are offered here too, where every
# caller has always found them.
__all__ = [
    "BUILTIN_PREFIX",
    "CATEGORIES",
    "FORCE_PREFIX",
    "LIBRARY_FORMAT",
    "LIBRARY_VERSION",
    "USER_PREFIX",
    "Category",
    "ItemId",
    "Library",
    "LibraryError",
    "LibraryItem",
    "PastFigure",
    "PastVersion",
    "library_from_bytes",
    "library_from_data",
    "library_to_bytes",
    "load_library",
]

KEY_FIGURES_TITLE = "Key figures"  # the heading of a statistics section made for new figures


@cache
def builtin_library() -> Library:
    """Every assets/library/*.json merged, read once. Shared: do not modify it."""
    merged = Library(name="Built-in library")
    folder = asset("library")
    for file in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        merged.items.extend(load_library(file).items)
    return merged


def user_library_path() -> Path:
    return user_dir() / "library.json"


def user_library_lock() -> AbstractContextManager[None]:
    """Hold this around reading, changing and saving the user's library, so two writers at
    once (two commands, or a command and the app) never lose each other's change."""
    return locked(user_library_path())


def user_library() -> Library:
    """The user's own library (an empty one when they have none yet)."""
    path = user_library_path()
    return load_library(path) if path.is_file() else Library(name="My library")


def save_user_library(lib: Library) -> None:
    """Save atomically to user_dir()/library.json; built-in items are never saved there."""
    builtins = [item.id for item in lib.items if item.read_only]
    if builtins:
        raise LibraryError(f"built-in items cannot be saved in your library: {builtins[0]}")
    path = user_library_path()
    with user_library_lock():
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, library_to_bytes(lib))


def all_items() -> list[LibraryItem]:
    """The force library's items first (the force's approved wording ranks above the
    national built-ins), then built-in items (less those a user copy supersedes), then the
    user's."""
    from briefpack.model.force_store import force_items

    mine = user_library().items
    replaced = {item.supersedes for item in mine}
    return [*force_items(), *(i for i in builtin_library().items if i.id not in replaced), *mine]


def find_item(item_id: str, items: Iterable[LibraryItem] | None = None) -> LibraryItem | None:
    """The item of that id; a user copy superseding a built-in stands in for it, so packs
    that used the built-in find the newer figures."""
    pool = list(all_items() if items is None else items)
    stand_in = next((i for i in pool if i.supersedes == item_id and not i.builtin), None)
    return stand_in or next((i for i in pool if i.id == item_id), None)


def search_items(items: Iterable[LibraryItem], text: str) -> list[LibraryItem]:
    """Items whose name, tags, category or section text hold every word of `text` (any case)."""
    words = text.casefold().split()
    return [item for item in items if all(w in _haystack(item) for w in words)]


def _haystack(item: LibraryItem) -> str:
    parts = [item.id, item.name, item.category, *item.tags, *section_lines(item.section)]
    return "\n".join(parts).casefold()


# ---- the user's own items -----------------------------------------------------------------


def item_from_section(
    section: Section,
    name: str,
    category: str,
    tags: Iterable[str] = (),
    source: str | None = None,
    today: date | None = None,
    taken: Iterable[str] | None = None,
) -> LibraryItem:
    """A new user item holding a copy of `section`, id 'user.<slug of name>' (unused in
    `taken`, by default every item's id)."""
    used = set(taken) if taken is not None else {i.id for i in all_items()}
    copy = section.model_copy(deep=True)
    copy.origin = None
    copy.origin_updated = None
    today = today or date.today()
    data = {
        "id": unique_name(USER_PREFIX + slug(name), used),
        "name": name.strip(),
        "category": category,
        "tags": clean_tags(tags),
        "updated": today,
        "reviewed": today,
        "source": source or None,
        "section": copy,
    }
    return validated_item(data)


def validated_item(data: dict[str, Any]) -> LibraryItem:
    try:
        return LibraryItem.model_validate(data)
    except ValidationError as exc:
        err = validation_error(exc, "", strip=SECTION_KINDS)
        raise LibraryError(err.problem, where=err.where) from exc


def clean_tags(tags: Iterable[str]) -> list[str]:
    """Trimmed, lower case, no blanks or repeats, in the order given."""
    out: list[str] = []
    for tag in tags:
        tag = tag.strip().lower()
        if tag and tag not in out:
            out.append(tag)
    return out


def add_user_item(lib: Library, item: LibraryItem) -> LibraryItem:
    """Append `item` to the user's library `lib` (caller saves)."""
    if item.builtin or item.id in lib.ids():
        raise LibraryError(f"the id {item.id!r} is already taken", where="id")
    lib.items.append(item)
    return item


def edit_user_item(
    lib: Library, item_id: str, today: date | None = None, **changes: Any
) -> LibraryItem:
    """Change name, category, tags, source, reviewed or section of a user item; a new section
    dates it `updated` today. Returns the item as it was before."""
    index = user_item_index(lib, item_id)
    old = lib.items[index]
    data = old.model_dump(mode="python")
    unknown = set(changes) - {"name", "category", "tags", "source", "reviewed", "section"}
    if unknown:
        raise LibraryError(f"no such field: {sorted(unknown)[0]}", where=f"items[{index}]")
    if "tags" in changes:
        changes["tags"] = clean_tags(changes["tags"])
    if "section" in changes:
        data["updated"] = today or date.today()
    data.update(changes)
    lib.items[index] = validated_item(data)
    return old


def remove_user_item(lib: Library, item_id: str) -> LibraryItem:
    return lib.items.pop(user_item_index(lib, item_id))


def user_item_index(lib: Library, item_id: str) -> int:
    if item_id.startswith(BUILTIN_PREFIX):
        raise LibraryError(f"{item_id} is a built-in item and cannot be changed or removed")
    if item_id.startswith(FORCE_PREFIX):
        raise LibraryError(
            f"{item_id} is from the force library and cannot be changed or removed here; "
            "an approver revises it with `briefpack library add … --update ID` and publishes"
        )
    for index, item in enumerate(lib.items):
        if item.id == item_id:
            return index
    raise LibraryError(f"no item {item_id!r} in your library")


# ---- library items in packs ---------------------------------------------------------------


def section_from_item(item: LibraryItem, today: date | None = None) -> Section:
    """A deep copy of the item's section marked with where it came from (`today` unused:
    the copy records the item's own `updated` date, which later comparisons need)."""
    del today
    copy = item.section.model_copy(deep=True)
    copy.origin = item.id
    copy.origin_updated = item.updated
    return copy


def insert_item(pack: Pack, index: int, item: LibraryItem, into: int | None = None) -> int:
    """Put a copy of `item` in the pack with ids unused there and apply its threat; return
    the row of the section that received it.

    Statistics go where a Word user expects: into a selected statistics section (`into`) as
    new rows (of an extended copy, so an undo can put the old one back exactly); else into a
    new section before `index`, headed by the item's own title or "Key figures".
    """
    section = _with_free_ids(section_from_item(item), _ids_in(pack))
    if takes_figures(pack, into, item):
        assert into is not None and isinstance(section, StatisticsSection)
        extended = pack.sections[into].model_copy(deep=True)
        extended.items.extend(section.items)
        editing.replace_section(pack, into, extended)
        at = into
    else:
        if isinstance(section, StatisticsSection) and not (section.title or "").strip():
            # Now a heading holding figures, not a copy of the item: no origin, or "Update
            # from library" would drop the heading and the rows added since.
            section.title, section.origin, section.origin_updated = KEY_FIGURES_TITLE, None, None
        at = editing.insert_section(pack, index, section)
    apply_item_threat(pack, item)
    return at


def takes_figures(pack: Pack, into: int | None, item: LibraryItem) -> bool:
    """Whether insert_item adds the item's figures to section `into` (both are statistics)
    rather than inserting a new section."""
    target = pack.sections[into] if into is not None and 0 <= into < len(pack.sections) else None
    return isinstance(target, StatisticsSection) and isinstance(item.section, StatisticsSection)


def apply_item_threat(pack: Pack, item: LibraryItem) -> dict[str, Any]:
    """Set the pack's threat fields the item carries; returns the old values (for undo)."""
    old: dict[str, Any] = {}
    for name, level in (item.threat or {}).items():
        old[name] = editing.set_threat_field(pack, name, level)
    return old


def _ids_in(pack: Pack, skip: int | None = None) -> tuple[set[str], set[str]]:
    """Section ids and statistic ids in use: two name spaces, so a figure keeps the id its
    `{{ stats.ID }}` placeholders name beside a section of that id."""
    sections, figures = set[str](), set[str]()
    for i, section in enumerate(pack.sections):
        if i != skip:
            sections.update([section.id] if section.id else [])
            if isinstance(section, StatisticsSection):
                figures.update(row.id for row in section.items if row.id)
    return sections, figures


def _with_free_ids(section: Section, taken: tuple[set[str], set[str]]) -> Section:
    """Rename the section's id and its statistics' ids where the pack already uses them."""
    sections, figures = taken
    if section.id:
        section.id = unique_name(section.id, sections, sep="_")
    for row in section.items if isinstance(section, StatisticsSection) else []:
        if row.id:
            row.id = unique_name(row.id, figures, sep="_")
            figures.add(row.id)
    return section


@dataclass(frozen=True)
class OriginStatus:
    """How a section compares with the library item it came from (item None: it is gone)."""

    origin: str
    item: LibraryItem | None
    changed: bool
    diff: str = ""

    @property
    def missing(self) -> bool:
        return self.item is None


def origin_status(
    section: Section, items: Iterable[LibraryItem] | None = None
) -> OriginStatus | None:
    """None when the section has no origin; else whether its item changed since insertion,
    with a unified diff from the section's text to the item's."""
    if not section.origin:
        return None
    item = find_item(section.origin, items)
    if item is None:
        return OriginStatus(section.origin, None, changed=False)
    ours, theirs = section_lines(section), section_lines(item.section)
    newer = section.origin_updated is not None and section.origin_updated < item.updated
    diff = "".join(
        difflib.unified_diff(
            [line + "\n" for line in ours],
            [line + "\n" for line in theirs],
            fromfile="section in the pack",
            tofile=f"library item {item.id} ({long_date(item.updated)})",
        )
    )
    return OriginStatus(section.origin, item, changed=newer or ours != theirs, diff=diff)


def refresh_from_origin(pack: Pack, index: int) -> Section:
    """Replace section `index` with a fresh copy of its library item (same section id, its
    threat applied); return the section it replaced."""
    section = pack.sections[index] if 0 <= index < len(pack.sections) else None
    if section is None or not section.origin:
        raise LibraryError("this section did not come from the library", where=f"sections[{index}]")
    item = find_item(section.origin)
    if item is None:
        raise LibraryError(
            f"library item {section.origin} no longer exists", where=f"sections[{index}].origin"
        )
    fresh = section_from_item(item)
    fresh.id = None  # the section keeps its own id, so nothing pointing at it breaks
    fresh = _with_free_ids(fresh, _ids_in(pack, skip=index))
    fresh.id = section.id
    old = editing.replace_section(pack, index, fresh)
    apply_item_threat(pack, item)
    return old


# ---- sharing: compare and merge -----------------------------------------------------------


@dataclass
class ImportPlan:
    """What importing a library would do: new items, changed ones (ours, theirs), same ones."""

    new: list[LibraryItem] = field(default_factory=list)
    changed: list[tuple[LibraryItem, LibraryItem]] = field(default_factory=list)
    same: list[LibraryItem] = field(default_factory=list)


def compare_libraries(
    ours: Library, theirs: Library, builtins: Iterable[LibraryItem] | None = None
) -> ImportPlan:
    """Sort `theirs` against the user's `ours`. An incoming item with a built-in id that
    differs from the built-in becomes a user copy ('user.' id), then is compared as such."""
    builtin = {i.id: i for i in (builtin_library().items if builtins is None else builtins)}
    mine = {i.id: i for i in ours.items}
    plan = ImportPlan()
    for item in theirs.items:
        if item.id in builtin:
            if _same(item, builtin[item.id]):
                plan.same.append(item)
                continue
            item = _as_user_copy(item)
        match = mine.get(item.id)
        if match is None:
            plan.new.append(item)
        elif _same(match, item):
            plan.same.append(item)
        else:
            plan.changed.append((match, item))
    return plan


def _same(a: LibraryItem, b: LibraryItem) -> bool:
    return a.model_dump(mode="json") == b.model_dump(mode="json")


def _as_user_copy(item: LibraryItem) -> LibraryItem:
    return item.model_copy(update={"id": USER_PREFIX + item.id[len(BUILTIN_PREFIX) :]}, deep=True)


def merge_library(
    ours: Library, plan: ImportPlan, on_conflict: OnConflict | None = None
) -> Library:
    """A new library: `ours` plus the plan's new items, with changed ones kept both, replaced
    or skipped. Changed items with no choice made raise ConflictError."""
    if plan.changed:
        require_choice(on_conflict, f"{len(plan.changed)} item(s) differ from yours")
    merged = ours.model_copy(deep=True)
    taken = merged.ids() | {i.id for i in plan.new}
    merged.items.extend(item.model_copy(deep=True) for item in plan.new)
    for mine, theirs in plan.changed:
        if on_conflict == "replace":
            at = next(i for i, item in enumerate(merged.items) if item.id == mine.id)
            merged.items[at] = theirs.model_copy(deep=True)
        elif on_conflict == "keep-both":
            copy = _imported_copy(theirs, taken)
            taken.add(copy.id)
            merged.items.append(copy)
    return merged


def _imported_copy(item: LibraryItem, taken: set[str]) -> LibraryItem:
    """The incoming item under a new id, its name suffixed ' (imported)'."""
    base = item.id if not item.builtin else USER_PREFIX + item.id[len(BUILTIN_PREFIX) :]
    new_id = unique_name(f"{base}-imported", taken)
    return item.model_copy(update={"id": new_id, "name": item.name + IMPORTED_SUFFIX}, deep=True)
