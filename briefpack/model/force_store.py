"""The force library a user subscribes to: the record of it, its local copy, sync, its items.

    <user folder>/force-library/subscription.json   where it is, what was last synced
    <user folder>/force-library/clone/              a bare git repository: the last good copy

A sync fetches into a new folder beside the copy and only swaps it in once the fetched
commit has been read through in full, so a sync that fails (no network, a damaged
repository) leaves the last good copy in use. Items are read from the synced commit's git
objects (force_repo.py) and each is validated as an imported library file is
(library_import.py): a bad one is reported and skipped, never fatal.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import ValidationError

from briefpack.model.base import Model
from briefpack.model.errors import BriefpackError
from briefpack.model.force_repo import (
    LOCAL_REF,
    MANIFEST,
    CommitInfo,
    ForceRepoError,
    Snapshot,
    commit_info,
    fetch_into,
    git_errors,
    open_repo,
    read_files,
)
from briefpack.model.jsonfile import dump_json, parse_json, read_json, validation_error
from briefpack.model.library_format import FORCE_PREFIX, LibraryItem
from briefpack.model.library_import import shared_library_from_bytes
from briefpack.model.locking import locked
from briefpack.model.packfile import check_header, pack_from_data
from briefpack.model.storage import atomic_write, shown_path
from briefpack.model.templates import Template
from briefpack.model.userdata import user_dir

SUBSCRIPTION_FORMAT = "briefpack/force-subscription"
MANIFEST_FORMAT = "briefpack/force-library"
FORMAT_VERSION = 1
SYNC_AGAIN = "run `briefpack library sync` to fetch it again"
OFFLINE_ADVICE = "your last synced copy is still in use; try again when the repository is reachable"


class Subscription(Model):
    format: Literal["briefpack/force-subscription"] = SUBSCRIPTION_FORMAT
    version: int = FORMAT_VERSION
    location: str  # a path to a bare repository, or a URL
    synced_commit: str | None = None  # the remote's head at the last sync or publish
    synced_at: datetime | None = None  # when that sync ran (UTC)


@dataclass
class ForceContent:
    """What the synced commit holds that passed the checks, and what was skipped."""

    commit: str | None = None
    head: CommitInfo | None = None
    items: list[LibraryItem] = field(default_factory=list)
    templates: dict[str, Template] = field(default_factory=dict)
    brands: list[str] = field(default_factory=list)  # brand ids whose brand.json is valid
    warnings: list[str] = field(default_factory=list)


# ---- where -----------------------------------------------------------------------------------


def force_dir() -> Path:
    return user_dir() / "force-library"


def subscription_path() -> Path:
    return force_dir() / "subscription.json"


def clone_path() -> Path:
    return force_dir() / "clone"


def normal_location(location: str) -> str:
    """A path as an absolute path (a URL as given), so one library is recorded one way."""
    text = location.strip()
    if not text:
        raise BriefpackError("name the force library's repository: a folder path or a URL")
    if "\0" in text:
        raise BriefpackError("a repository name cannot contain a NUL character", file=text[:80])
    if "://" in text or text.startswith("git@"):
        return text
    return str(Path(text).expanduser().absolute())


# ---- the subscription record -------------------------------------------------------------------


def subscription() -> Subscription | None:
    path = subscription_path()
    if not path.is_file():
        return None
    data = read_json(path)
    check_header(data, path, (SUBSCRIPTION_FORMAT,), FORMAT_VERSION)
    try:
        return Subscription.model_validate(data)
    except ValidationError as exc:
        raise validation_error(exc, path) from exc


def required_subscription() -> Subscription:
    found = subscription()
    if found is None:
        raise BriefpackError(
            "you follow no force library: run `briefpack library subscribe REPO` first"
        )
    return found


def save_subscription(record: Subscription) -> None:
    force_dir().mkdir(parents=True, exist_ok=True)
    atomic_write(subscription_path(), dump_json(record.model_dump(mode="json")))


def subscribe(location: str) -> Subscription:
    """Record the force library at `location`; a different one than before drops the old
    one's copy (its items are another force's)."""
    where = normal_location(location)
    with locked(force_dir()):
        old = subscription()
        if old is not None and old.location == where:
            return old
        record = Subscription(location=where)
        save_subscription(record)
        shutil.rmtree(clone_path(), ignore_errors=True)
    return record


# ---- sync ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SyncResult:
    location: str
    before: str | None
    content: ForceContent


def sync(now: datetime | None = None) -> SyncResult:
    """Fetch the force library into a new copy; swap it in only when it reads through."""
    record = required_subscription()
    with locked(force_dir()):
        fresh = _fetch_checked(record.location)
        try:
            install_clone(fresh)
        finally:
            shutil.rmtree(fresh, ignore_errors=True)
        before = record.synced_commit
        record.synced_commit = _clone_commit()
        record.synced_at = now or datetime.now(UTC)
        save_subscription(record)
    return SyncResult(record.location, before, force_content())


def _fetch_checked(location: str) -> Path:
    """A fetched copy in a new folder beside the clone, every file of its commit read."""
    force_dir().mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=".sync-", dir=force_dir()))
    fresh.rmdir()  # fetch_into makes the folder itself
    try:
        with git_errors(location, "sync the force library", OFFLINE_ADVICE):
            head = fetch_into(location, fresh)
            if head.commit is None:
                raise ForceRepoError(
                    "holds no force library yet: an approver publishes to it first",
                    file=shown_path(location),
                )
            _read_snapshot(fresh, head.commit)  # every object there and readable
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    return fresh


def install_clone(fresh: Path) -> None:
    """Put the fetched repository `fresh` in place of the clone (the old one removed)."""
    target = clone_path()
    old = target.with_name(f".old-{os.getpid()}")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        os.replace(target, old)
    try:
        os.replace(fresh, target)
    except OSError:
        if old.exists():
            os.replace(old, target)  # the last good copy back
        raise
    shutil.rmtree(old, ignore_errors=True)
    force_content_cached.cache_clear()


def _clone_commit() -> str | None:
    with open_repo(clone_path()) as repo:
        return repo.refs[LOCAL_REF].decode("ascii") if LOCAL_REF in repo.refs else None


def _read_snapshot(repo_path: Path, commit: str) -> tuple[Snapshot, CommitInfo]:
    with open_repo(repo_path) as repo:
        return read_files(repo, commit), commit_info(repo, commit)


# ---- what the copy holds -----------------------------------------------------------------------


def force_content() -> ForceContent:
    """The synced force library (empty when none is followed or synced yet); a damaged
    local copy gives no items and a warning saying to sync again."""
    try:
        record = subscription()
    except BriefpackError as exc:
        return ForceContent(warnings=[exc.message])
    if record is None or record.synced_commit is None:
        return ForceContent()
    return force_content_cached(str(clone_path()), record.synced_commit, record.location)


def force_items() -> list[LibraryItem]:
    return list(force_content().items)


@lru_cache(maxsize=4)
def force_content_cached(clone: str, commit: str, location: str) -> ForceContent:
    """Read once per synced commit: the items, templates and brands that pass the checks."""
    try:
        with git_errors(clone, "read the force library's local copy", SYNC_AGAIN):
            snapshot, head = _read_snapshot(Path(clone), commit)
    except ForceRepoError as exc:
        return ForceContent(commit=commit, warnings=[exc.message])
    content = ForceContent(commit=commit, head=head, warnings=list(snapshot.warnings))
    _check_manifest(snapshot, content)
    for path, raw in sorted(snapshot.files.items()):
        try:
            _take(path, raw, content)
        except BriefpackError as exc:
            content.warnings.append(f"{exc.message}; skipped")
    return content


def _check_manifest(snapshot: Snapshot, content: ForceContent) -> None:
    raw = snapshot.files.get(MANIFEST)
    if raw is None:
        content.warnings.append(f"{MANIFEST}: missing; the files were read as version 1")
        return
    try:
        check_header(parse_json(raw, MANIFEST), MANIFEST, (MANIFEST_FORMAT,), FORMAT_VERSION)
    except BriefpackError as exc:
        content.warnings.append(exc.message)


def _take(path: str, raw: bytes, content: ForceContent) -> None:
    """Validate one file of the repository and add what it holds to `content`."""
    folder, _, rest = path.partition("/")
    if folder == "library":
        content.items.append(item_from_file(path, raw))
    elif folder == "templates":
        template = pack_from_data(parse_json(raw, path), path)
        if not isinstance(template, Template):
            raise BriefpackError("a pack, not a template", file=path)
        content.templates[rest] = template
    elif folder == "brands" and rest.endswith("/brand.json"):
        from briefpack.model.brand import BRAND_FORMAT, BRAND_VERSION, Brand

        check_header(parse_json(raw, path), path, (BRAND_FORMAT,), BRAND_VERSION)
        try:
            Brand.model_validate(parse_json(raw, path))
        except ValidationError as exc:
            raise validation_error(exc, path) from exc
        content.brands.append(rest.split("/")[0])


def item_from_file(path: str, raw: bytes) -> LibraryItem:
    """The one item of `library/<name>.json`, checked as an imported library file is; its
    id must be force.<name>, so no file can stand in for another item or a built-in."""
    library = shared_library_from_bytes(raw, path, None)
    expected = FORCE_PREFIX + Path(path).stem
    if len(library.items) != 1 or library.items[0].id != expected:
        raise BriefpackError(f"must hold exactly one item, with the id {expected!r}", file=path)
    return library.items[0]
