"""The force library's git repository, read and written through dulwich (no git program).

The repository's layout is a contract (docs/force-library.md):

    force-library.json              the manifest: format, version, the library's name
    library/<name>.json             one item per file: a library file holding force.<name>
    templates/<name>.bpack          templates
    brands/<id>/<file>              a brand: brand.json, logo.<png|jpg|gif>, font-<style>.<ttf|otf>
    README.md                       for people; not read

The repository is someone else's, so everything in it is data: it is read from the git
objects of one commit (never a working tree), and a symlink, a submodule, a name that could
climb out of its folder (“..”, “/”, “\\”), a file over its size cap and any file the layout
does not name are skipped with a warning naming the path. What a file holds is checked
later, by the reader of that kind (force_store.py), as an imported file is.
"""

from __future__ import annotations

import re
import stat
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from briefpack.model.errors import BriefpackError
from briefpack.model.storage import shown_path

MANIFEST = "force-library.json"
README = "README.md"
MAX_FILE_BYTES = 1024 * 1024  # an item, template or brand file is a few kB
MAX_ASSET_BYTES = 4 * 1024 * 1024  # a logo or a font
MAX_ENTRIES = 5000  # a library of thousands of items is not what the repository is for
DEFAULT_BRANCH = b"refs/heads/main"
LOCAL_REF = b"refs/heads/main"  # the one branch of the local clone
_ITEM_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,110}\.json$")
_BRAND_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
_BRAND_FILE = re.compile(
    r"^(brand\.json|logo\.(png|jpg|gif)|font-(regular|bold|italic|bold_italic|fallback)\.(ttf|otf))$"
)


class ForceRepoError(BriefpackError):
    """The force library's repository cannot be read or written (named, with what to do)."""


@dataclass(frozen=True)
class RemoteHead:
    """The branch the force library lives on and its commit (None: nothing published yet)."""

    branch: bytes
    commit: str | None


@dataclass(frozen=True)
class CommitInfo:
    id: str
    author: str
    when: datetime
    message: str

    @property
    def short(self) -> str:
        return self.id[:7]

    @property
    def subject(self) -> str:
        """The message's first line, without its trailers."""
        return next((line for line in self.message.splitlines() if line.strip()), "")


@dataclass
class Snapshot:
    """The files of one commit the layout names (path -> bytes) and what was skipped."""

    commit: str
    files: dict[str, bytes] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


# ---- errors ----------------------------------------------------------------------------------


@contextmanager
def git_errors(
    location: str, doing: str, outcome: str = "", advice: str | None = None
) -> Iterator[None]:
    """Any failure inside as one ForceRepoError naming the repository, the cause in plain
    words, what still stands (`outcome`: "nothing was published") and what to do (`advice`,
    else the advice for that cause: force_reasons.py).

    Broad on purpose: a damaged or hostile repository makes dulwich raise many kinds of
    error (protocol, checksum, zlib, missing object, bad format) and none may reach the
    user as a traceback, nor as a Python class name.
    """
    try:
        yield
    except ForceRepoError:
        raise
    except Exception as exc:
        from briefpack.model.force_reasons import plain_git_reason

        reason = plain_git_reason(exc, location)
        parts = (f"could not {doing} ({reason.what})", outcome, advice or reason.advice)
        raise ForceRepoError(
            "; ".join(part for part in parts if part), file=shown_path(location)
        ) from exc


def _client(location: str) -> tuple[Any, str]:
    from dulwich.client import get_transport_and_path

    return get_transport_and_path(location)


def open_repo(path: Path) -> Any:
    from dulwich.repo import Repo

    return Repo(str(path))


# ---- the remote ------------------------------------------------------------------------------


def remote_head(location: str) -> RemoteHead:
    """The force library's branch at `location` and its commit, asking the repository."""
    client, path = _client(location)
    result = client.get_refs(path.encode() if isinstance(path, str) else path)
    return _head_of(location, result.refs, result.symrefs)


def _head_of(location: str, refs: dict[bytes, Any], symrefs: dict[bytes, bytes]) -> RemoteHead:
    """HEAD's branch when the repository says; else the only branch, else main."""
    branches = sorted(r for r in refs if r.startswith(b"refs/heads/"))
    branch = symrefs.get(b"HEAD") or _local_head(location)
    if branch is None or (branches and branch not in refs):
        branch = DEFAULT_BRANCH if DEFAULT_BRANCH in refs or len(branches) != 1 else branches[0]
    commit = refs.get(branch)
    return RemoteHead(branch, commit.decode("ascii") if commit else None)


def _local_head(location: str) -> bytes | None:
    """For a repository on a path: the branch its HEAD names, even before any commit."""
    if not Path(location).is_dir():
        return None
    with open_repo(Path(location)) as repo:
        target = repo.refs.get_symrefs().get(b"HEAD")
    return target if target and target.startswith(b"refs/heads/") else None


def create_bare(location: Path) -> None:
    """A new, empty bare repository (HEAD on main) at a path that is new or an empty folder."""
    from dulwich.repo import Repo

    if location.exists() and (not location.is_dir() or any(location.iterdir())):
        raise ForceRepoError(
            "is not an empty folder: choose a new name for the force library", file=location
        )
    location.mkdir(parents=True, exist_ok=True)
    with Repo.init_bare(str(location)) as repo:
        repo.refs.set_symbolic_ref(b"HEAD", DEFAULT_BRANCH)


def fetch_into(location: str, dest: Path) -> RemoteHead:
    """A new bare repository at `dest` holding the force library's branch (under LOCAL_REF)."""
    from dulwich.repo import Repo

    client, path = _client(location)
    dest.mkdir(parents=True)
    with Repo.init_bare(str(dest)) as repo:
        found: list[RemoteHead] = []

        def wants(refs: dict[bytes, Any], depth: int | None = None, **_: Any) -> list[bytes]:
            del depth
            head = _head_of(location, refs, {})
            found.append(head)
            return [head.commit.encode("ascii")] if head.commit else []

        result = client.fetch(path, repo, determine_wants=wants)
        head = _head_of(location, dict(result.refs), dict(result.symrefs or {}))
        if head.commit is None and found:
            head = found[0]
        if head.commit:
            repo.refs[LOCAL_REF] = head.commit.encode("ascii")
    return head


def push(repo_path: Path, location: str, head: RemoteHead, new_commit: str) -> None:
    """Move the remote branch from `head.commit` to `new_commit`, never forcing: refused
    when the branch is anywhere else by then (someone published meanwhile)."""
    client, path = _client(location)
    expected = head.commit.encode("ascii") if head.commit else None
    with open_repo(repo_path) as repo:

        def update_refs(refs: dict[bytes, bytes]) -> dict[bytes, bytes]:
            if refs.get(head.branch) != expected:
                raise _moved_on(location)
            return {head.branch: new_commit.encode("ascii")}

        def pack_data(have: Any, want: Any, **kw: Any) -> Any:
            return repo.generate_pack_data(
                set(have), set(want), progress=None, ofs_delta=kw.get("ofs_delta", False)
            )

        result = client.send_pack(path, update_refs, generate_pack_data=pack_data)
    failed = {ref: why for ref, why in (result.ref_status or {}).items() if why}
    if failed:
        raise _moved_on(location)


def _moved_on(location: str) -> ForceRepoError:
    return ForceRepoError(
        "changed while you were publishing (someone else published): nothing was "
        "changed; run `briefpack library sync`, then publish again",
        file=shown_path(location),
    )


# ---- reading one commit ------------------------------------------------------------------------


def commit_info(repo: Any, commit_id: str) -> CommitInfo:
    commit = repo[commit_id.encode("ascii")]
    when = datetime.fromtimestamp(commit.author_time, UTC)
    return CommitInfo(
        commit_id,
        commit.author.decode("utf-8", "replace"),
        when,
        commit.message.decode("utf-8", "replace"),
    )


def first_parents(repo: Any, head: str, limit: int = 1000) -> list[tuple[CommitInfo, str | None]]:
    """The branch's commits newest first with each one's first parent (None for the first)."""
    out: list[tuple[CommitInfo, str | None]] = []
    current: str | None = head
    while current is not None and len(out) < limit:
        commit = repo[current.encode("ascii")]
        parent = commit.parents[0].decode("ascii") if commit.parents else None
        out.append((commit_info(repo, current), parent))
        current = parent
    return out


def listing(repo: Any, commit_id: str | None) -> tuple[dict[str, bytes], list[str]]:
    """The layout's files in a commit (path -> blob id) without reading them, and what was
    skipped; an empty listing for no commit."""
    found: dict[str, bytes] = {}
    warnings: list[str] = []
    if commit_id is None:
        return found, warnings
    root = repo[repo[commit_id.encode("ascii")].tree]
    for path, mode, sha in _walk(repo, root, "", 0, warnings):
        why = _kind_problem(path, mode)
        if why:
            warnings.append(f"{shown_path(path)}: ignored: {why}")
        elif len(found) >= MAX_ENTRIES:
            warnings.append(f"{shown_path(path)}: ignored: more than {MAX_ENTRIES} files")
        elif path != README:
            found[path] = sha
    return found, warnings


def read_files(repo: Any, commit_id: str) -> Snapshot:
    """Every file the layout names in the commit, each within its size cap."""
    paths, warnings = listing(repo, commit_id)
    snapshot = Snapshot(commit_id, warnings=warnings)
    for path, sha in sorted(paths.items()):
        type_num, raw = repo.object_store.get_raw(sha)
        cap = MAX_ASSET_BYTES if _is_asset(path) else MAX_FILE_BYTES
        if type_num != 3:  # not a blob where the tree says one is
            snapshot.warnings.append(f"{shown_path(path)}: ignored: not a file")
        elif len(raw) > cap:
            size = f"{len(raw) / (1024 * 1024):.1f} MB"
            snapshot.warnings.append(
                f"{shown_path(path)}: ignored: {size}, over the {cap // (1024 * 1024)} MB limit"
            )
        else:
            snapshot.files[path] = raw
    return snapshot


def _walk(
    repo: Any, tree: Any, prefix: str, depth: int, warnings: list[str]
) -> Iterator[tuple[str, int, bytes]]:
    """(path, mode, sha) of the tree's entries; folders the layout has are walked into."""
    for entry in tree.iteritems():
        name = _plain_name(entry.path)
        path = prefix + (name or entry.path.decode("utf-8", "replace"))
        if name is None:
            warnings.append(f"{shown_path(path)}: ignored: a path outside the library folder")
        elif stat.S_ISDIR(entry.mode) and _folder_known(prefix + name, depth):
            yield from _walk(repo, repo[entry.sha], path + "/", depth + 1, warnings)
        else:
            yield path, entry.mode, entry.sha


def _plain_name(raw: bytes) -> str | None:
    """The entry's name as text, or None when it could lead out of its folder (or is
    not UTF-8): a crafted tree can hold names git itself never writes."""
    try:
        name = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    bad = name in ("", ".", "..") or any(c in name for c in "/\\\0") or ":" in name
    return None if bad or name.casefold() == ".git" else name


def _folder_known(path: str, depth: int) -> bool:
    parts = path.split("/")
    if depth == 0:
        return path in ("library", "templates", "brands")
    return depth == 1 and parts[0] == "brands" and bool(_BRAND_ID.match(parts[1]))


def _kind_problem(path: str, mode: int) -> str | None:
    """Why the entry is skipped (a link, a submodule, not a library file), or None."""
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if mode == 0o160000:
        return "a submodule"
    if stat.S_ISDIR(mode):
        return "a folder the force library does not use"
    if not stat.S_ISREG(mode):
        return "not a file"
    return None if _layout_file(path) else "not a force library file"


def _layout_file(path: str) -> bool:
    parts = path.split("/")
    if len(parts) == 1:
        return path in (MANIFEST, README)
    if len(parts) == 2 and parts[0] == "library":
        return bool(_ITEM_NAME.match(parts[1]))
    if len(parts) == 2 and parts[0] == "templates":
        return parts[1].endswith(".bpack") and not parts[1].startswith(".")
    return len(parts) == 3 and parts[0] == "brands" and bool(_BRAND_FILE.match(parts[2]))


def _is_asset(path: str) -> bool:
    return path.startswith("brands/") and not path.endswith(".json")


# ---- writing a commit ------------------------------------------------------------------------


def make_commit(
    repo: Any,
    parent: str | None,
    changes: dict[str, bytes | None],
    author: str,
    message: str,
    now: Callable[[], float] = time.time,
) -> str:
    """A commit on `parent` (None: the first) with `changes` (path -> bytes, None removes),
    author and committer `author`; returns its id. Nothing else of the tree is touched."""
    from dulwich.object_store import commit_tree_changes
    from dulwich.objects import Blob, Commit, Tree

    store = repo.object_store
    edits: list[tuple[bytes, int | None, Any]] = []
    for path, data in sorted(changes.items()):
        if data is None:
            edits.append((path.encode("utf-8"), None, None))
            continue
        blob = Blob.from_string(data)
        store.add_object(blob)
        edits.append((path.encode("utf-8"), 0o100644, blob.id))
    base = repo[repo[parent.encode("ascii")].tree] if parent else Tree()
    commit = Commit()
    commit.tree = commit_tree_changes(store, base, edits)
    commit.parents = [parent.encode("ascii")] if parent else []
    commit.author = commit.committer = author.encode("utf-8")
    commit.author_time = commit.commit_time = int(now())
    commit.author_timezone = commit.commit_timezone = 0
    commit.encoding = b"UTF-8"
    commit.message = message.encode("utf-8")
    store.add_object(commit)
    return commit.id.decode("ascii")
