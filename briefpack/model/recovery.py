"""Recovery files: unsaved work kept in the user data folder so a crash loses nothing.

Each open, unsaved pack has one recovery id. Its work is `<id>.bpack` (a valid pack file, unknown
fields kept) next to `<id>.json`, a small sidecar naming the original file, the title, the time
and the process that wrote it. A recovery file whose process is still running belongs to another
open window and is not offered for restoring.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from briefpack.model.storage import atomic_write
from briefpack.model.userdata import user_dir

PACK_SUFFIX = ".bpack"
SIDECAR_SUFFIX = ".json"


def recovery_dir() -> Path:
    """Where recovery files live: `<user data folder>/recovery` ($BRIEFPACK_USER_DIR wins)."""
    return user_dir() / "recovery"


@dataclass(frozen=True)
class Recovery:
    """One recovery file and what its sidecar says about it."""

    id: str
    pack_file: Path
    original: Path | None
    title: str
    saved_at: datetime
    pid: int
    files_dir: Path | None = None  # where an unsaved pack's pictures are (an opened bundle)


def new_recovery_id() -> str:
    return uuid.uuid4().hex


def _paths(rec_id: str, folder: Path) -> tuple[Path, Path]:
    return folder / f"{rec_id}{PACK_SUFFIX}", folder / f"{rec_id}{SIDECAR_SUFFIX}"


def write_recovery(
    rec_id: str,
    pack_bytes: bytes,
    *,
    original: Path | None,
    title: str,
    folder: Path | None = None,
    files_dir: Path | None = None,
) -> Path:
    """Write the pack, then its sidecar (a sidecar always points at a whole pack file)."""
    folder = folder or recovery_dir()
    folder.mkdir(parents=True, exist_ok=True)
    pack_file, sidecar = _paths(rec_id, folder)
    atomic_write(pack_file, pack_bytes)
    info = {
        "original": str(original.resolve()) if original else None,
        "title": title,
        "saved_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "pid": os.getpid(),
        "files_dir": str(files_dir) if files_dir and not original else None,
    }
    atomic_write(sidecar, json.dumps(info, ensure_ascii=False, indent=2).encode("utf-8"))
    return pack_file


def remove_recovery(rec_id: str, folder: Path | None = None) -> None:
    """Forget this recovery file (after a save, a discard or a clean close)."""
    for path in reversed(_paths(rec_id, folder or recovery_dir())):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def list_recoveries(folder: Path | None = None, *, include_running: bool = False) -> list[Recovery]:
    """Recovery files left by processes that are gone, oldest first."""
    folder = folder or recovery_dir()
    if not folder.is_dir():
        return []
    found = [r for s in folder.glob(f"*{SIDECAR_SUFFIX}") if (r := _read_sidecar(s)) is not None]
    if not include_running:
        found = [r for r in found if not _is_other_running_process(r.pid)]
    return sorted(found, key=lambda r: r.saved_at)


def _read_sidecar(sidecar: Path) -> Recovery | None:
    """The sidecar's record, or None when it or its pack file is missing or unreadable."""
    rec_id = sidecar.name[: -len(SIDECAR_SUFFIX)]
    pack_file = sidecar.with_name(rec_id + PACK_SUFFIX)
    try:
        info = json.loads(sidecar.read_text(encoding="utf-8"))
        original = info.get("original")
        record = Recovery(
            id=rec_id,
            pack_file=pack_file,
            original=Path(original) if original else None,
            title=str(info.get("title") or "Untitled"),
            saved_at=datetime.fromisoformat(info["saved_at"]),
            pid=int(info["pid"]),
            files_dir=Path(info["files_dir"]) if info.get("files_dir") else None,
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return record if pack_file.is_file() else None


def _is_other_running_process(pid: int) -> bool:
    # Our own pid in an old sidecar means the pid was reused after a crash: not running.
    if pid <= 0 or pid == os.getpid():
        return False
    if sys.platform == "win32":
        return _windows_process_running(pid)
    try:
        os.kill(pid, 0)  # signal 0: only checks that the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by someone else
    except OSError:
        return False
    return True


def _windows_process_running(pid: int) -> bool:
    # os.kill(pid, 0) on Windows sends CTRL_C_EVENT, so ask the kernel instead.
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return False
    try:
        code = ctypes.c_ulong()
        ok = kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        return bool(ok) and code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)
