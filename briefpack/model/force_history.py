"""Who published what to the force library, when, and why: the synced copy's commits.

Each commit is compared with its first parent by the layout's file listing (blob ids, no
file read), so history costs little and shows only files the layout names: items as
force.<name>, templates and brands by their paths.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from briefpack.model.errors import BriefpackError
from briefpack.model.force_repo import CommitInfo, first_parents, git_errors, listing, open_repo
from briefpack.model.force_store import SYNC_AGAIN, clone_path, required_subscription, subscription
from briefpack.model.library_format import FORCE_PREFIX

MAX_COMMITS = 2000


@dataclass(frozen=True)
class HistoryEntry:
    commit: CommitInfo
    added: list[str] = field(default_factory=list)  # item ids, or paths of other files
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def touches(self, name: str) -> bool:
        return name in self.added or name in self.changed or name in self.removed


def shown_name(path: str) -> str:
    """library/<name>.json as the item's id force.<name>; any other file as its path."""
    if path.startswith("library/") and path.endswith(".json"):
        return FORCE_PREFIX + Path(path).stem
    return path


def changes_text(added: list[str], changed: list[str], removed: list[str]) -> str:
    """ "added a, b; changed c; removed d": one publication's changes, as the CLI and the
    app's history both word them."""
    parts = [
        f"{word} {', '.join(names)}"
        for word, names in (("added", added), ("changed", changed), ("removed", removed))
        if names
    ]
    return "; ".join(parts) or "no library files changed"


def touched_names(entries: list[HistoryEntry]) -> list[str]:
    """Every item id or file any publication touched: force items first, then by name."""
    names = {n for e in entries for n in (*e.added, *e.changed, *e.removed)}
    return sorted(names, key=lambda n: (not n.startswith(FORCE_PREFIX), n))


def history(item_id: str | None = None) -> list[HistoryEntry]:
    """The synced copy's publications, newest first (only those touching `item_id`)."""
    record = required_subscription()
    if record.synced_commit is None:
        raise BriefpackError(
            "the force library has not been synced yet: run `briefpack library sync`"
        )
    entries = _history(str(clone_path()), record.synced_commit)
    return [e for e in entries if item_id is None or e.touches(item_id)]


@lru_cache(maxsize=4)
def _history(clone: str, head: str) -> list[HistoryEntry]:
    with (
        git_errors(clone, "read the force library's history", advice=SYNC_AGAIN),
        open_repo(Path(clone)) as repo,
    ):
        commits = first_parents(repo, head, MAX_COMMITS)
        files = {c.id: listing(repo, c.id)[0] for c, _ in commits}
        entries = []
        for info, parent in commits:
            before = files.get(parent) if parent else {}
            if before is None:  # past the limit: listed only as needed
                before = listing(repo, parent)[0]
            entries.append(_compare(info, before, files[info.id]))
    return entries


def _compare(info: CommitInfo, before: dict[str, bytes], after: dict[str, bytes]) -> HistoryEntry:
    entry = HistoryEntry(info)
    for path in sorted(before.keys() | after.keys()):
        if path not in before:
            entry.added.append(shown_name(path))
        elif path not in after:
            entry.removed.append(shown_name(path))
        elif before[path] != after[path]:
            entry.changed.append(shown_name(path))
    return entry


def last_change(item_id: str) -> HistoryEntry | None:
    """The newest publication that added or changed the force item (None: unknown, or the
    copy cannot be read: the caller then words its message without it)."""
    try:
        record = subscription()
        if record is None or record.synced_commit is None:
            return None
        entries = _history(str(clone_path()), record.synced_commit)
    except BriefpackError:
        return None
    return next((e for e in entries if item_id in e.added or item_id in e.changed), None)
