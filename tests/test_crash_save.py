"""Saving survives being killed at any moment, and failures leave the old file as it was.

The kill test forks a child that saves an old and a new large pack in turn, as
fast as it can, and SIGKILLs it after a random delay: the file on disk must be
byte-identical to one of the two every time. A naive writer run the same way
must get caught, so the test is known to be able to fail.
"""

from __future__ import annotations

import copy
import errno
import hashlib
import itertools
import os
import random
import signal
import stat
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from packs import EXAMPLE

from briefpack.model import storage
from briefpack.model.errors import SaveError
from briefpack.model.jsonfile import read_json
from briefpack.model.packfile import pack_from_data, pack_to_bytes, save_pack

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL")

KILL_TRIALS = 200  # the slow run below does 5,000
SLOW_KILL_TRIALS = 5000


def large_pack_bytes(times: int, title: str) -> bytes:
    """The example pack's sections `times` over: a pack of several hundred kB."""
    data = read_json(EXAMPLE)
    data["meta"]["title"] = title
    data["sections"] = [copy.deepcopy(s) for _ in range(times) for s in data["sections"]]
    return pack_to_bytes(pack_from_data(data))


@pytest.fixture(scope="module")
def versions() -> tuple[bytes, bytes]:
    old, new = large_pack_bytes(40, "Old version"), large_pack_bytes(45, "New version")
    assert len(old) > 400_000 and old != new
    return old, new


def naive_write(path: Path, data: bytes) -> None:
    """What atomic_write exists to avoid: truncate the file, then write into it."""
    fd = os.open(path, os.O_WRONLY | os.O_TRUNC | os.O_CREAT, 0o644)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)


def kill_trials(
    target: Path, versions: tuple[bytes, bytes], trials: int, write: Callable[[Path, bytes], object]
) -> tuple[int, int]:
    """Kill a saving child `trials` times; return (torn files seen, temp files left)."""
    rng = random.Random(20160801)
    storage.atomic_write(target, versions[0])
    allowed = {hashlib.sha256(v).digest() for v in versions}
    torn = 0
    for _ in range(trials):
        pid = os.fork()
        if pid == 0:  # the child: save old, new, old, ... until killed
            try:
                i = 0
                while True:
                    write(target, versions[i % 2])
                    i += 1
            finally:
                os._exit(0)
        time.sleep(rng.uniform(0, 0.012))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        if hashlib.sha256(target.read_bytes()).digest() not in allowed:
            torn += 1
            storage.atomic_write(target, versions[0])
    leftovers = storage.clean_stale_temp_files(target.parent, older_than=0)
    return torn, len(leftovers)


def test_killed_saves_leave_old_or_new_file(tmp_path: Path, versions) -> None:
    # How many kills land mid-save depends on the machine's load, so that is only printed:
    # the step-by-step tests below make sure that kills in the middle of a save are covered.
    torn, leftovers = kill_trials(tmp_path / "pack.bpack", versions, KILL_TRIALS, save_bytes)
    print(f"{KILL_TRIALS} kills: {torn} torn files, {leftovers} temp files cleaned")
    assert torn == 0
    assert not list(tmp_path.glob(f"{storage.TEMP_PREFIX}*"))


@pytest.mark.slow
def test_killed_saves_many_more_times(tmp_path: Path, versions) -> None:
    torn, _ = kill_trials(tmp_path / "pack.bpack", versions, SLOW_KILL_TRIALS, save_bytes)
    assert torn == 0


def save_bytes(path: Path, data: bytes) -> None:
    storage.atomic_write(path, data)


# ---- killed at each step of a save in turn: no luck in the timing needed --------------------

# The file-system calls a save makes; the child is killed at the n-th of them.
SAVE_CALLS = ("open", "write", "fsync", "fchmod", "chmod", "close", "link", "replace", "unlink")


def dying_at(step: int, counter: itertools.count, name: str, real: Callable) -> Callable:
    """`real`, except that call number `step` kills the process (a write writes half first)."""

    def call(*args, **kwargs):
        if next(counter) == step:
            if name == "write":
                real(args[0], bytes(memoryview(args[1])[: len(args[1]) // 2]))
            os.kill(os.getpid(), signal.SIGKILL)
        return real(*args, **kwargs)

    return call


def save_killed_at(step: int, target: Path, data: bytes, write: Callable) -> bool:
    """Save `data` in a child killed at its `step`-th file-system call; False when the save
    ended before that call."""
    pid = os.fork()
    if pid == 0:
        try:
            counter = itertools.count()
            for name in SAVE_CALLS:
                setattr(os, name, dying_at(step, counter, name, getattr(os, name)))
            write(target, data)
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    return os.WIFSIGNALED(status)


def kill_at_every_step(target: Path, old: bytes, new: bytes, write: Callable):
    """Kill a save of `new` over `old` at step 0, 1, 2, ... until a save runs to its end.
    Returns the steps that left a torn file and the number of temp files cleaned up."""
    torn, cleaned = [], 0
    for step in range(200):
        storage.atomic_write(target, old)
        if not save_killed_at(step, target, new, write):
            assert target.read_bytes() == new, "the save that ran to the end wrote the new file"
            return torn, cleaned, step
        if target.read_bytes() not in (old, new):
            torn.append(step)
        cleaned += len(storage.clean_stale_temp_files(target.parent, older_than=0))
    pytest.fail("the save never ran to its end")


def test_a_save_killed_at_any_step_leaves_the_old_or_the_new_file(tmp_path: Path, versions):
    torn, cleaned, steps = kill_at_every_step(tmp_path / "pack.bpack", *versions, save_bytes)
    assert torn == []
    assert steps >= 5  # killed in the temp file's open, write, fsync, close and rename
    assert cleaned > 0  # kills mid-save left temp files, and the next save cleared them
    assert not list(tmp_path.glob(f"{storage.TEMP_PREFIX}*"))


def test_the_step_test_catches_a_naive_writer(tmp_path: Path, versions) -> None:
    torn, _, _ = kill_at_every_step(tmp_path / "pack.bpack", *versions, naive_write)
    assert torn  # killed after the truncation, or halfway through the write


# ---- failures: the original stays byte-identical, the message is one sentence --------


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    path = tmp_path / "pack.bpack"
    save_pack(pack_from_data(read_json(EXAMPLE)), path)
    return path


def fail_with(monkeypatch, name: str, code: int) -> None:
    def fail(*_args, **_kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(storage.os, name, fail)


@pytest.mark.parametrize(
    ("call", "code", "reason"),
    [
        ("write", errno.ENOSPC, "the disk is full"),
        ("write", errno.EDQUOT, "the disk quota is used up"),
        ("fsync", errno.EIO, "the disk reported an error"),
        ("close", errno.ENOSPC, "the disk is full"),
        ("replace", errno.EBUSY, "the file is open in another program"),
        ("replace", errno.EACCES, "you do not have permission to write there"),
        ("replace", errno.EROFS, "the folder is read-only"),
    ],
)
def test_failed_save_keeps_original_and_says_why(
    monkeypatch, saved: Path, call: str, code: int, reason: str
) -> None:
    before = saved.read_bytes()
    fail_with(monkeypatch, call, code)
    with pytest.raises(SaveError) as info:
        storage.atomic_write(saved, b"new content")
    assert saved.read_bytes() == before
    assert sorted(p.name for p in saved.parent.iterdir()) == [saved.name]  # no temp left
    assert info.value.reason == reason
    message = info.value.message
    assert message == f"{saved}: could not save ({reason}); the previous version is unchanged"
    assert "\n" not in message


def test_short_writes_are_continued(monkeypatch, tmp_path: Path) -> None:
    real_write = os.write
    monkeypatch.setattr(storage.os, "write", lambda fd, data: real_write(fd, bytes(data[:7])))
    storage.atomic_write(tmp_path / "a.bpack", b"0123456789" * 100)
    assert (tmp_path / "a.bpack").read_bytes() == b"0123456789" * 100


def test_folder_in_the_way(tmp_path: Path) -> None:
    (tmp_path / "pack.bpack").mkdir()
    with pytest.raises(SaveError) as info:
        storage.atomic_write(tmp_path / "pack.bpack", b"x")
    assert info.value.reason == "a folder with that name is in the way"
    assert (tmp_path / "pack.bpack").is_dir()


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(SaveError) as info:
        storage.atomic_write(tmp_path / "nowhere" / "pack.bpack", b"x")
    assert info.value.reason == "the folder does not exist"


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root may write anywhere")
def test_read_only_folder_for_real(saved: Path) -> None:
    before = saved.read_bytes()
    saved.parent.chmod(0o555)
    try:
        with pytest.raises(SaveError) as info:
            storage.atomic_write(saved, b"new")
    finally:
        saved.parent.chmod(0o755)
    assert saved.read_bytes() == before
    assert info.value.reason == "you do not have permission to write there"


def test_mode_is_kept(saved: Path) -> None:
    saved.chmod(0o640)
    storage.atomic_write(saved, b"new")
    assert stat.S_IMODE(saved.stat().st_mode) == 0o640


def test_symlink_is_followed_and_kept(tmp_path: Path) -> None:
    real = tmp_path / "real.bpack"
    real.write_bytes(b"old")
    link = tmp_path / "link.bpack"
    link.symlink_to(real)
    assert storage.atomic_write(link, b"new") == real
    assert link.is_symlink() and real.read_bytes() == b"new"


def test_symlink_loop_is_a_save_error(tmp_path: Path) -> None:
    loop = tmp_path / "loop.bpack"
    loop.symlink_to(loop)
    with pytest.raises(SaveError, match="could not save"):
        storage.atomic_write(loop, b"new")


def test_stale_temp_files_are_cleaned_but_fresh_ones_kept(tmp_path: Path) -> None:
    stale = tmp_path / f"{storage.TEMP_PREFIX}old.tmp"
    fresh = tmp_path / f"{storage.TEMP_PREFIX}busy.tmp"
    for leftover in (stale, fresh):
        leftover.write_bytes(b"half")
    an_hour_ago = time.time() - 3600
    os.utime(stale, (an_hour_ago, an_hour_ago))
    storage.atomic_write(tmp_path / "pack.bpack", b"x")  # every save cleans its folder first
    assert not stale.exists() and fresh.exists()
