"""Helpers for the force library's tests: real bare repositories in temporary folders, two
user folders, and commits written straight into a repository (hostile ones included)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from dulwich.objects import Blob, Commit, Tree
from dulwich.repo import Repo

from briefpack import cli
from briefpack.model.library import (
    add_user_item,
    item_from_section,
    save_user_library,
    user_library,
)
from briefpack.model.sections import TextSection

ALICE = "Alice Approver <alice@force.police.uk>"
BOB = "Bob Approver <bob@force.police.uk>"


def bare(tmp_path: Path, name: str = "force.git") -> Path:
    """A new, empty bare repository, as an administrator makes one on the shared drive."""
    path = tmp_path / name
    Repo.init_bare(str(path), mkdir=True).close()
    return path


class Users:
    """Two officers' user folders on one machine; `be(name)` switches between them."""

    def __init__(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.tmp_path, self.monkeypatch = tmp_path, monkeypatch

    def be(self, name: str) -> Path:
        folder = self.tmp_path / "users" / name
        folder.mkdir(parents=True, exist_ok=True)
        self.monkeypatch.setenv("BRIEFPACK_USER_DIR", str(folder))
        return folder


def own_item(name: str, body: str, category: str = "advice") -> str:
    """Add an item to the current user's library; its id."""
    lib = user_library()
    item = item_from_section(TextSection(kind="text", body=body), name, category)
    add_user_item(lib, item)
    save_user_library(lib)
    return item.id


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def head_of(repo_path: Path) -> bytes | None:
    with Repo(str(repo_path)) as repo:
        return next(iter(sorted(repo.refs.as_dict(b"refs/heads").values())), None)


def item_file(item_id: str, body: str = "Approved words", category: str = "advice") -> bytes:
    item = {
        "id": item_id,
        "name": "Approved",
        "category": category,
        "updated": "2026-01-05",
        "section": {"kind": "text", "body": body},
    }
    return json.dumps({"format": "briefpack/library", "version": 1, "items": [item]}).encode()


def raw_commit(
    repo_path: Path,
    entries: list[tuple[list[bytes], int, bytes]],
    message: str = "hand-made",
    branch: bytes = b"refs/heads/master",
) -> str:
    """A commit on `branch` whose tree holds exactly `entries` ((path parts, mode, data)),
    built object by object so that names git itself refuses ("..", links) can be made."""
    with Repo(str(repo_path)) as repo:
        store = repo.object_store
        root: dict = {}
        for parts, mode, data in entries:
            folder = root
            for part in parts[:-1]:
                folder = folder.setdefault(part, {})
            blob = Blob.from_string(data)
            store.add_object(blob)
            folder[parts[-1]] = (mode, blob.id)
        commit = Commit()
        commit.tree = _tree(store, root)
        parent = repo.refs.as_dict(b"refs/heads").get(branch[len(b"refs/heads/") :])
        commit.parents = [parent] if parent else []
        commit.author = commit.committer = ALICE.encode()
        commit.author_time = commit.commit_time = int(time.time())
        commit.author_timezone = commit.commit_timezone = 0
        commit.message = message.encode()
        store.add_object(commit)
        repo.refs[branch] = commit.id
        return commit.id.decode()


def _tree(store, folder: dict) -> bytes:
    tree = Tree()
    for name, value in folder.items():
        if isinstance(value, dict):
            tree.add(name, 0o040000, _tree(store, value))
        else:
            tree.add(name, value[0], value[1])
    store.add_object(tree)
    return tree.id
