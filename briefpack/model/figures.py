"""Key figures across the library and the open pack: listed oldest first, so the figures most
in need of a newer value come first, and a library figure given a newer value with the old
one kept in its item's history.

Built-in items are read-only: giving one of their figures a newer value makes a user copy
that `supersedes` the built-in (library.find_item then answers with the copy), so packs
whose sections came from the built-in are offered the update like any other.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from pydantic import ValidationError

from briefpack.model.library import (
    BUILTIN_PREFIX,
    USER_PREFIX,
    Library,
    LibraryError,
    LibraryItem,
    PastFigure,
    builtin_library,
    find_item,
    save_user_library,
)
from briefpack.model.pack import Pack
from briefpack.model.sections import StatisticsSection, StatItem
from briefpack.model.userdata import unique_name


@dataclass(frozen=True)
class FigureRow:
    """One statistic, in the library or in the pack, with where a person finds it."""

    value: str
    label: str
    as_of: date | None
    source: str | None
    source_url: str | None
    where: str  # "Library: Hotline calls per day" or "Section 3 of this pack"
    stat_id: str | None = None
    # The library item holding the figure, or the one its pack section came from (None: a
    # figure that lives in the pack only), and its row in that item's statistics.
    item_id: str | None = None
    item_row: int | None = None
    # Where it is in the pack (None: a figure of the library).
    section: int | None = None
    row: int | None = None

    @property
    def in_pack(self) -> bool:
        return self.section is not None

    @property
    def from_library(self) -> bool:
        return self.item_id is not None and self.item_row is not None


def figures(lib_items: Iterable[LibraryItem], pack: Pack | None = None) -> list[FigureRow]:
    """Every statistic of the library items and of `pack`, undated ones first, then oldest
    first; figures of the same date keep library order, then pack order."""
    items = list(lib_items)
    rows = [row for item in items for row in _item_rows(item)]
    if pack is not None:
        rows.extend(_pack_rows(pack, items))
    return sorted(rows, key=lambda r: (r.as_of is not None, r.as_of or date.min))


def _item_rows(item: LibraryItem) -> list[FigureRow]:
    section = item.section
    if not isinstance(section, StatisticsSection):
        return []
    return [
        _row(stat, f"Library: {item.name}", item_id=item.id, item_row=n)
        for n, stat in enumerate(section.items)
    ]


def _pack_rows(pack: Pack, items: list[LibraryItem]) -> list[FigureRow]:
    rows = []
    for index, section in enumerate(pack.sections):
        if not isinstance(section, StatisticsSection):
            continue
        origin = find_item(section.origin, items) if section.origin else None
        where = f"Section {index + 1} of this pack"
        for n, stat in enumerate(section.items):
            item_row = matching_row(origin, stat) if origin is not None else None
            rows.append(
                _row(
                    stat,
                    where + (" (from the library)" if item_row is not None else ""),
                    item_id=origin.id if origin is not None and item_row is not None else None,
                    item_row=item_row,
                    section=index,
                    row=n,
                )
            )
    return rows


def _row(
    stat: StatItem,
    where: str,
    *,
    item_id: str | None,
    item_row: int | None,
    section: int | None = None,
    row: int | None = None,
) -> FigureRow:
    return FigureRow(
        stat.value,
        stat.label,
        stat.as_of,
        stat.source,
        stat.source_url,
        where,
        stat.id,
        item_id=item_id,
        item_row=item_row,
        section=section,
        row=row,
    )


def matching_row(item: LibraryItem, stat: StatItem) -> int | None:
    """The row of `item`'s statistics that `stat` (in a pack section copied from the item) is
    a copy of: the same label, else the same id; None when it was added in the pack."""
    section = item.section
    if not isinstance(section, StatisticsSection):
        return None
    label = _plain(stat.label)
    for n, theirs in enumerate(section.items):
        if label and _plain(theirs.label) == label:
            return n
    return next((n for n, t in enumerate(section.items) if stat.id and t.id == stat.id), None)


def _plain(text: str) -> str:
    return " ".join(text.casefold().split())


def sections_from(pack: Pack, item: LibraryItem, lib_items: Iterable[LibraryItem]) -> list[int]:
    """The pack's sections that came from `item` (or from the built-in it supersedes)."""
    items = list(lib_items)
    return [
        index
        for index, section in enumerate(pack.sections)
        if section.origin and (found := find_item(section.origin, items)) and found.id == item.id
    ]


# ---- a newer value for a library figure ---------------------------------------------------


def update_figure(
    lib: Library,
    item_id: str,
    figure: int | str | None,
    value: str,
    as_of: date,
    source: str | None = None,
    source_url: str | None = None,
    today: date | None = None,
    builtins: Iterable[LibraryItem] | None = None,
) -> LibraryItem:
    """Give figure `figure` (its row from 0, its id, or None for an item of one figure) of
    library item `item_id` a new value and as-of date, and save the user's library `lib`.

    The old value, date, source and address go into the item's `history`; `updated` becomes
    `today`. `source` and `source_url` of None keep the figure's own ("" clears the address).
    A built-in item is first copied into `lib` as a user item that supersedes it. Returns the
    item as saved; nothing is saved when the figure already says all that.
    """
    today = today or date.today()
    new_value = value.strip()
    if not new_value:
        raise LibraryError("type the new figure", where="value")
    if as_of > today:
        raise LibraryError(f"the as-of date {as_of.isoformat()} is after today", where="as_of")
    item = _current_item(lib, item_id, builtins)
    if not isinstance(item.section, StatisticsSection):
        raise LibraryError(f"library item {item_id} holds no figures", where="item")
    row = _figure_row(item.section, figure, item_id)
    old = item.section.items[row]
    new = _new_figure(old, new_value, as_of, source, source_url)
    if new == old:
        return item
    fresh = item.model_copy(deep=True)
    assert isinstance(fresh.section, StatisticsSection)
    fresh.section.items[row] = new
    fresh.updated = today
    past = PastFigure.model_validate({**old.model_dump(), "replaced": today})
    fresh.history = [*(item.history or []), past]
    _put(lib, fresh, item)
    save_user_library(lib)
    return fresh


def _current_item(
    lib: Library, item_id: str, builtins: Iterable[LibraryItem] | None
) -> LibraryItem:
    """The item to change: the user's own, the user copy standing in for a built-in, or the
    built-in itself (copied by _put)."""
    found = find_item(item_id, lib.items)
    if found is not None:
        return found
    if item_id.startswith(BUILTIN_PREFIX):
        pool = builtin_library().items if builtins is None else builtins
        builtin = next((i for i in pool if i.id == item_id), None)
        if builtin is not None:
            return builtin
    raise LibraryError(f"no library item {item_id!r}", where="item")


def _put(lib: Library, fresh: LibraryItem, was: LibraryItem) -> None:
    """Store `fresh` in place of `was`; a built-in becomes a new user copy superseding it."""
    if was.builtin:
        rest = was.id[len(BUILTIN_PREFIX) :]
        fresh.id = unique_name(USER_PREFIX + rest, lib.ids())
        fresh.supersedes = was.id
        lib.items.append(fresh)
        return
    at = next(n for n, item in enumerate(lib.items) if item.id == was.id)
    lib.items[at] = fresh


def _figure_row(section: StatisticsSection, figure: int | str | None, item_id: str) -> int:
    count = len(section.items)
    ids = ", ".join(stat.id for stat in section.items if stat.id) or "none"
    if figure is None:
        if count == 1:
            return 0
        raise LibraryError(
            f"library item {item_id} holds {count} figures: say which (ids: {ids})",
            where="figure",
        )
    if isinstance(figure, int):
        if 0 <= figure < count:
            return figure
        raise LibraryError(
            f"library item {item_id} has no figure {figure + 1} (it holds {count})",
            where="figure",
        )
    for n, stat in enumerate(section.items):
        if stat.id == figure:
            return n
    raise LibraryError(
        f"library item {item_id} has no figure with id {figure!r} (ids: {ids})", where="figure"
    )


def _new_figure(
    old: StatItem, value: str, as_of: date, source: str | None, source_url: str | None
) -> StatItem:
    data = old.model_dump() | {"value": value, "as_of": as_of}
    if source is not None:
        data["source"] = source.strip() or None
    if source_url is not None:
        data["source_url"] = source_url.strip() or None
    try:
        return StatItem.model_validate(data)
    except ValidationError as exc:  # only the address can be wrong here
        error = exc.errors()[0]
        field = str(error["loc"][0]) if error["loc"] else "source_url"
        raise LibraryError(error["msg"].removeprefix("Value error, "), where=field) from exc
