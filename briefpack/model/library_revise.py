"""Revising a library item: new content under the same id, the old version kept.

An approver revises the wording a force has approved (`briefpack library add … --update
ID`); packs that used the item then see that it changed, and the item's `revisions` say
what it said before and when it was replaced.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from briefpack.model.library import (
    FORCE_PREFIX,
    USER_PREFIX,
    Library,
    LibraryError,
    LibraryItem,
    PastVersion,
    all_items,
    clean_tags,
    user_item_index,
    validated_item,
)
from briefpack.model.sections import Section


def revise_user_item(
    lib: Library,
    item_id: str,
    section: Section,
    name: str,
    category: str,
    tags: Iterable[str] = (),
    source: str | None = None,
    today: date | None = None,
) -> LibraryItem:
    """Give a user item new content under the same id, dated `updated` today, its old
    version kept in `revisions` (so approved wording can be traced). A force item's id
    revises the user's own copy user.<name>, made from the force item when missing, which
    `publish` writes back as force.<name>. Returns the revised item (caller saves)."""
    today = today or date.today()
    if item_id.startswith(FORCE_PREFIX):
        item_id = _own_copy(lib, item_id)
    old = lib.items[user_item_index(lib, item_id)]
    copy = section.model_copy(deep=True)
    copy.origin = copy.origin_updated = None
    past = PastVersion(
        name=old.name,
        category=old.category,
        updated=old.updated,
        replaced=today,
        source=old.source,
        section=old.section,
    )
    data = old.model_dump(mode="python") | {
        "name": name.strip(),
        "category": category,
        "tags": clean_tags(tags) or old.tags,
        "source": source or old.source,
        "updated": today,
        "reviewed": today,
        "section": copy,
        "revisions": [*(old.revisions or []), past],
    }
    lib.items[user_item_index(lib, item_id)] = revised = validated_item(data)
    return revised


def _own_copy(lib: Library, force_id: str) -> str:
    """The id of the user's copy of a force item, copied into `lib` if not there yet."""
    own = USER_PREFIX + force_id[len(FORCE_PREFIX) :]
    if own not in lib.ids():
        item = next((i for i in all_items() if i.id == force_id), None)
        if item is None:
            raise LibraryError(f"no item {force_id!r} in the force library", where="--update")
        lib.items.append(item.model_copy(update={"id": own}, deep=True))
    return own
