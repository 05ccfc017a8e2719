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
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import ValidationError

from briefpack.model.base import Model
from briefpack.model.errors import BriefpackError, SaveError
from briefpack.model.force_brands import ForceBrand, checked_brands, set_out_force_brands
from briefpack.model.force_reasons import (
    WRONG_ADDRESS,
    Reason,
    is_url,
    location_state,
    plain_git_reason,
)
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
from briefpack.model.force_revision import SUBSCRIPTION_FORMAT, force_dir, subscription_path
from briefpack.model.jsonfile import dump_json, parse_json, read_json, validation_error
from briefpack.model.library_format import FORCE_PREFIX, LibraryItem
from briefpack.model.library_import import shared_library_from_bytes
from briefpack.model.locking import locked
from briefpack.model.packfile import check_header
from briefpack.model.storage import atomic_write, plain_reason, shown_path
from briefpack.model.template_files import template_from_bytes
from briefpack.model.templates import Template

MANIFEST_FORMAT = "briefpack/force-library"
FORMAT_VERSION = 1
SYNC_AGAIN = "run `briefpack library sync` to fetch it again"
STILL_IN_USE = "your last synced copy is still in use"  # after a failed sync, when there is one
NOTHING_SYNCED = "nothing has been synced yet"  # after a failed first sync


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
    brands: dict[str, ForceBrand] = field(default_factory=dict)  # by id (force_brands)
    warnings: list[str] = field(default_factory=list)


# ---- where -----------------------------------------------------------------------------------


def clone_path() -> Path:
    return force_dir() / "clone"


def normal_location(location: str) -> str:
    """A path as an absolute path (a URL as given), so one library is recorded one way."""
    text = location.strip()
    if not text:
        raise BriefpackError("name the force library's repository: a folder path or a URL")
    if "\0" in text:
        raise BriefpackError("a repository name cannot contain a NUL character", file=text[:80])
    if is_url(text):
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


@dataclass(frozen=True)
class Subscribed:
    """What subscribing did: the record, whether it changed, and any warning to give."""

    record: Subscription
    changed: bool  # False: this library was followed already
    warning: str | None = None  # the repository could not be reached just now


def subscribe(location: str) -> Subscribed:
    """Record the force library at `location`; a different one than before drops the old
    one's copy (its items are another force's). A path on this computer that is not a
    repository is refused (check_location)."""
    where = normal_location(location)
    warning = check_location(where)  # before the lock: a network drive may be slow to answer
    with locked(force_dir()):
        old = subscription()
        if old is not None and old.location == where:
            return Subscribed(old, changed=False, warning=warning)
        record = Subscription(location=where)
        save_subscription(record)
        shutil.rmtree(clone_path(), ignore_errors=True)
    return Subscribed(record, changed=True, warning=warning)


def check_location(where: str) -> str | None:
    """Refuse a path that certainly holds no force library: a file, a folder that is not a
    git repository, a folder missing from a folder that is there (a typing mistake). A path
    that cannot be read now (a network drive not connected, a folder not shared with you
    yet) is allowed, with the warning returned; so is any URL: asking a server takes time
    and may need a sign-in, so the first sync says what is wrong there."""
    if is_url(where):
        return None
    state = location_state(where) or _repository_state(where)
    if state is None:
        return None
    if state.advice == WRONG_ADDRESS:
        raise ForceRepoError(
            f"cannot subscribe ({state.what}); nothing was changed; {state.advice}",
            file=shown_path(where),
        )
    return f"{shown_path(where)}: could not be checked ({state.what}); sync once it can be reached"


def _repository_state(folder: str) -> Reason | None:
    """None when `folder` opens as a git repository; else why not."""
    from dulwich.errors import NotGitRepository

    try:
        with open_repo(Path(folder)):
            return None
    except NotGitRepository:
        return Reason("not a git repository", WRONG_ADDRESS)
    except Exception as exc:  # a repository, perhaps damaged or unreadable: the sync says
        return plain_git_reason(exc, folder)


@contextmanager
def local_errors(doing: str, outcome: str) -> Iterator[None]:
    """A failure of this computer's own files (the user folder full, read-only) as a
    SaveError in plain words, naming the force library's folder and what still stands."""
    try:
        yield
    except OSError as exc:
        raise SaveError(
            f"could not {doing} ({plain_reason(exc)}); {outcome}", file=force_dir()
        ) from exc


# ---- sync ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SyncResult:
    location: str
    before: str | None
    content: ForceContent


def sync(now: datetime | None = None) -> SyncResult:
    """Fetch the force library into a new copy; swap it in only when it reads through."""
    record = required_subscription()
    outcome = STILL_IN_USE if record.synced_commit else NOTHING_SYNCED
    with locked(force_dir()), local_errors("sync the force library", outcome):
        fresh = _fetch_checked(record.location, outcome)
        try:
            install_clone(fresh)
        finally:
            shutil.rmtree(fresh, ignore_errors=True)
        before = record.synced_commit
        record.synced_commit = _clone_commit()
        record.synced_at = now or datetime.now(UTC)
        save_subscription(record)
    return SyncResult(record.location, before, force_content())


def _fetch_checked(location: str, outcome: str) -> Path:
    """A fetched copy in a new folder beside the clone, every file of its commit read;
    `outcome` is what a failure leaves in use, for its message."""
    force_dir().mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=".sync-", dir=force_dir()))
    fresh.rmdir()  # fetch_into makes the folder itself
    try:
        with git_errors(location, "sync the force library", outcome):
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
        with git_errors(clone, "read the force library's local copy", advice=SYNC_AGAIN):
            snapshot, head = _read_snapshot(Path(clone), commit)
    except ForceRepoError as exc:
        return ForceContent(commit=commit, warnings=[exc.message])
    content = ForceContent(commit=commit, head=head, warnings=list(snapshot.warnings))
    _check_manifest(snapshot, content)
    brand_files = {p: raw for p, raw in snapshot.files.items() if p.startswith("brands/")}
    for path, raw in sorted(snapshot.files.items()):
        if path in brand_files:
            continue  # checked brand by brand below: a brand is its folder's files together
        try:
            _take(path, raw, content)
        except BriefpackError as exc:
            content.warnings.append(f"{exc.message}; skipped")
    content.brands = checked_brands(brand_files, content.warnings)
    try:
        set_out_force_brands(commit, content.brands)  # brands are looked up by file
    except OSError as exc:
        content.warnings.append(f"could not set out the force brands ({plain_reason(exc)})")
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
        content.templates[rest] = template_from_bytes(raw, path)  # as a template import


def item_from_file(path: str, raw: bytes) -> LibraryItem:
    """The one item of `library/<name>.json`, checked as an imported library file is; its
    id must be force.<name>, so no file can stand in for another item or a built-in."""
    library = shared_library_from_bytes(raw, path, None)
    expected = FORCE_PREFIX + Path(path).stem
    if len(library.items) != 1 or library.items[0].id != expected:
        raise BriefpackError(f"must hold exactly one item, with the id {expected!r}", file=path)
    return library.items[0]
