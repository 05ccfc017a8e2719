"""Publishing to the force library: the approver's own items (and templates, brands) as one
signed-off commit on the repository's branch, never forced.

The approver must have synced the repository's current commit first: publish fetches the
remote head and, when it is not the commit recorded at the last sync or publish, refuses
with nothing changed. The push then moves the branch only from that same commit (a
compare-and-swap), so two approvers publishing at once cannot overwrite each other: the
second is told to sync. Publishing adds and changes files; it removes only the items named
with `remove`, so one approver never drops another's items.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from briefpack.model.dates import long_date
from briefpack.model.errors import BriefpackError
from briefpack.model.force_repo import (
    LOCAL_REF,
    MANIFEST,
    CommitInfo,
    ForceRepoError,
    RemoteHead,
    commit_info,
    create_bare,
    fetch_into,
    git_errors,
    make_commit,
    open_repo,
    push,
    read_files,
)
from briefpack.model.force_store import (
    FORMAT_VERSION,
    MANIFEST_FORMAT,
    Subscription,
    force_dir,
    install_clone,
    local_errors,
    normal_location,
    save_subscription,
    subscription,
)
from briefpack.model.jsonfile import dump_json, read_limited
from briefpack.model.library import (
    FORCE_PREFIX,
    USER_PREFIX,
    Library,
    LibraryItem,
    library_to_bytes,
    user_library,
)
from briefpack.model.locking import locked
from briefpack.model.packfile import pack_to_bytes
from briefpack.model.storage import shown_path
from briefpack.model.template_store import load_template_file
from briefpack.model.userdata import user_brands_dir, user_templates_dir

# "Name <email>": a name of printable characters without angle brackets, one address.
_NAME_CHAR = r"[^<>\x00-\x1f\x7f-\x9f]"
_AUTHOR = re.compile(rf"^({_NAME_CHAR}*(?!\s){_NAME_CHAR})\s*<([^<>\s@]+@[^<>\s@]+)>$")
_BRAND_FILES = re.compile(r"^(brand\.json|logo\.(png|jpg|gif)|font-[a-z_]+\.(ttf|otf))$")
MAX_MESSAGE = 5000
NOTHING_PUBLISHED = "nothing was published"
SYNC_FIRST = "run `briefpack library sync`"


@dataclass
class PublishResult:
    location: str
    commit: CommitInfo | None  # None: the repository already held all of it
    added: list[str] = field(default_factory=list)  # paths in the repository
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


# ---- checking what the approver typed ----------------------------------------------------------


def checked_author(text: str) -> str:
    """'Name <email>' tidied, or a BriefpackError saying what the form is."""
    match = _AUTHOR.match(text.strip())
    if not match:
        raise BriefpackError(
            f"{shown_path(text)!r} is not a name and an email address; "
            'write it as "Jo Bloggs <jo.bloggs@example.police.uk>"',
            where="--author",
        )
    return f"{' '.join(match.group(1).split())} <{match.group(2)}>"


def commit_message(message: str | None, author: str, summary: str) -> str:
    """The message (or `summary`), ending in the Signed-off-by trailer of `author`."""
    text = (message or "").replace("\r\n", "\n").strip()
    if "\0" in text or len(text) > MAX_MESSAGE:
        raise BriefpackError(
            f"the message must be text of at most {MAX_MESSAGE} characters, without NUL",
            where="-m",
        )
    return f"{text or summary}\n\nSigned-off-by: {author}\n"


# ---- what the approver's files become ------------------------------------------------------------


def force_path(item_id: str) -> str:
    """Where an item lives in the repository: user.<name> and force.<name> both at
    library/<name>.json (and so as force.<name> for every subscriber)."""
    for prefix in (USER_PREFIX, FORCE_PREFIX):
        if item_id.startswith(prefix):
            return f"library/{item_id[len(prefix) :]}.json"
    return f"library/{item_id}.json"


def item_files(items: Iterable[LibraryItem]) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for item in items:
        if item.read_only:
            raise BriefpackError(f"{item.id} is not one of your own items", where="--ids")
        path = force_path(item.id)
        forced = item.model_copy(update={"id": FORCE_PREFIX + Path(path).stem}, deep=True)
        files[path] = library_to_bytes(Library(items=[forced]))
    return files


def template_files() -> dict[str, bytes]:
    """Each of the user's templates as templates/<its file name>, checked as it loads."""
    folder = user_templates_dir()
    return {
        f"templates/{file.name}": pack_to_bytes(load_template_file(file))
        for file in sorted(folder.glob("*.bpack"))
        if not file.name.startswith(".") and not file.is_symlink()
    }


def brand_files() -> dict[str, bytes]:
    """The files briefpack wrote for each of the user's brands (brand.json, logo, fonts)."""
    files: dict[str, bytes] = {}
    for folder in sorted(p for p in user_brands_dir().glob("*") if p.is_dir()):
        for file in sorted(folder.iterdir()):
            if _BRAND_FILES.match(file.name) and not file.is_symlink():
                files[f"brands/{folder.name}/{file.name}"] = read_limited(file)
    return files


def manifest(name: str | None = None) -> bytes:
    data = {"format": MANIFEST_FORMAT, "version": FORMAT_VERSION, "name": name}
    return dump_json({k: v for k, v in data.items() if v is not None})


# ---- publishing ------------------------------------------------------------------------------


def publish(
    location: str,
    author: str,
    message: str | None = None,
    *,
    ids: Iterable[str] | None = None,
    remove: Iterable[str] = (),
    templates: bool = False,
    brands: bool = False,
    create: bool = False,
    now: datetime | None = None,
) -> PublishResult:
    """Write the approver's items (all, or `ids`) to the force library as one commit."""
    author = checked_author(author)
    commit_message(message, author, "")  # a bad message refused before anything is fetched
    where = normal_location(location)
    record = _record_for(where)
    wanted = _wanted_files(ids, templates, brands)
    if create:
        with git_errors(where, "create the force library's repository", NOTHING_PUBLISHED):
            create_bare(Path(where))
    with locked(force_dir()):
        with local_errors("publish to the force library", NOTHING_PUBLISHED):
            force_dir().mkdir(parents=True, exist_ok=True)
            work = Path(tempfile.mkdtemp(prefix=".publish-", dir=force_dir())) / "repo"
        try:
            return _publish_in(work, where, record, wanted, list(remove), author, message, now)
        finally:
            shutil.rmtree(work.parent, ignore_errors=True)


def _record_for(where: str) -> Subscription | None:
    record = subscription()
    if record is not None and record.location != where:
        raise BriefpackError(
            f"you follow the force library at {shown_path(record.location)}: publish there, "
            f"or run `briefpack library subscribe {shown_path(where)}` and sync first"
        )
    return record


def _wanted_files(ids: Iterable[str] | None, templates: bool, brands: bool) -> dict[str, bytes]:
    mine = user_library().items
    if ids is not None:
        by_id = {item.id: item for item in mine}
        missing = [i for i in ids if i not in by_id]
        if missing:
            raise BriefpackError(f"no item {missing[0]!r} in your library", where="--ids")
        mine = [by_id[i] for i in dict.fromkeys(ids)]
    files = item_files(mine)
    files.update(template_files() if templates else {})
    files.update(brand_files() if brands else {})
    return files


def _publish_in(
    work: Path,
    where: str,
    record: Subscription | None,
    wanted: dict[str, bytes],
    remove: list[str],
    author: str,
    message: str | None,
    now: datetime | None,
) -> PublishResult:
    with git_errors(where, "publish to the force library", NOTHING_PUBLISHED):
        head = fetch_into(where, work)
    _refuse_if_moved_on(work, where, head, record)
    with open_repo(work) as repo:
        current = read_files(repo, head.commit).files if head.commit else {}
    changes, result = _changes(where, current, wanted, remove)
    if not changes:
        return result
    text = commit_message(message, author, _summary(result))
    with open_repo(work) as repo:
        new = make_commit(repo, head.commit, changes, author, text)
        repo.refs[LOCAL_REF] = new.encode("ascii")
        result.commit = commit_info(repo, new)
    with git_errors(where, "publish to the force library", NOTHING_PUBLISHED):
        push(work, where, head, new)
    kept = f"it was published as {new[:7]}; {SYNC_FIRST}"  # the push is done by now
    with local_errors("keep a copy of what was published", kept):
        install_clone(work)
    record = record or Subscription(location=where)
    record.synced_commit, record.synced_at = new, now or datetime.now(UTC)
    save_subscription(record)
    return result


def _refuse_if_moved_on(
    work: Path, where: str, head: RemoteHead, record: Subscription | None
) -> None:
    expected = record.synced_commit if record else None
    if head.commit == expected:
        return
    if head.commit is None:
        raise ForceRepoError(
            "holds no commits, though you synced it before: is this the right repository?",
            file=shown_path(where),
        )
    if expected is None:
        raise ForceRepoError(
            f"you have not synced the force library at {shown_path(where)} yet: run "
            f"`briefpack library subscribe {shown_path(where)}` and `briefpack library sync` "
            "first; nothing was published"
        )
    with open_repo(work) as repo:
        info = commit_info(repo, head.commit)
    raise ForceRepoError(
        f"the force library at {shown_path(where)} has changed since you last synced "
        f"({info.short} by {info.author.split(' <')[0]} on {long_date(info.when.date())}): "
        "nothing was published; run `briefpack library sync` first"
    )


def _changes(
    where: str, current: dict[str, bytes], wanted: dict[str, bytes], remove: list[str]
) -> tuple[dict[str, bytes | None], PublishResult]:
    result = PublishResult(where, None)
    changes: dict[str, bytes | None] = {}
    if MANIFEST not in current:
        changes[MANIFEST] = manifest()
    gone = {force_path(item_id) for item_id in remove}
    for path, data in wanted.items():
        if path not in gone and current.get(path) != data:
            changes[path] = data
            (result.changed if path in current else result.added).append(path)
    for item_id in remove:
        path = force_path(item_id)
        if path not in current:
            raise BriefpackError(f"no item {item_id!r} in the force library", where="--remove")
        changes[path] = None
        result.removed.append(path)
    return (changes if (result.added or result.changed or result.removed) else {}), result


def _summary(result: PublishResult) -> str:
    parts = [
        f"{word} {len(paths)}"
        for word, paths in (("add", result.added), ("change", result.changed))
        if paths
    ]
    parts += [f"remove {len(result.removed)}"] if result.removed else []
    return "Publish: " + ", ".join(parts)
