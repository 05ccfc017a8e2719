"""The export log: one line for every file exported, the audit trail of what went to which
meeting (`briefpack exports` lists it).

    <user folder>/export-log.jsonl

One JSON object per line: time (ISO 8601, with the local offset), file (absolute path),
format, title, audience, marking, pack_sha256 (of the pack as briefpack saves it:
model/packfile.py's pack_to_bytes, so it equals the sha256 of a pack file briefpack saved
and nobody changed since) and library_revision (the force library commit, or "none").

Append-only, and a crash cannot spoil it. Each line is appended whole by one write to a
file opened with O_APPEND, then synced to disk, while the log's lock (model/locking.py) is
held: the app and a batch's forked workers write one line each, never interleaved, also
where O_APPEND alone does not promise that (Windows, a home folder on a network drive).
A crash mid-write can leave a torn last line; the reader skips and counts it, and the next
append starts a new line first, so a torn line never swallows a good one.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from briefpack.model.errors import BriefpackError, SaveError
from briefpack.model.locking import locked
from briefpack.model.storage import plain_reason, shown_path
from briefpack.model.userdata import EXPORT_LOG, user_dir

if TYPE_CHECKING:
    from briefpack.model.pack import Pack


@dataclass(frozen=True)
class ExportRecord:
    """One file exported: a line of the log, its keys these fields' names."""

    time: str  # "2026-12-03T14:05:09+00:00": when the file was written and checked
    file: str  # the absolute path written
    format: str  # "pdf", "docx", "html", "eml" (render/formats.py)
    title: str
    audience: str
    marking: str  # "" when the pack has none
    pack_sha256: str
    library_revision: str  # the full commit id, or "none" (model/force_revision.py)

    @property
    def when(self) -> datetime:
        return datetime.fromisoformat(self.time)

    def to_line(self) -> bytes:
        """The record as one line of the log, newline included (JSON escapes any newline
        inside a title, so a line is always one record)."""
        text = json.dumps(asdict(self), ensure_ascii=False, separators=(",", ":"))
        return (text + "\n").encode("utf-8")


@dataclass
class LogReading:
    """The records read (oldest first, as written) and how many lines could not be read."""

    records: list[ExportRecord] = field(default_factory=list)
    skipped: int = 0  # a torn last line (a crash mid-write), or a line damaged by hand


def log_path() -> Path:
    return user_dir() / EXPORT_LOG


def pack_hash(pack: Pack) -> str:
    """The sha256 of the pack's canonical bytes, as briefpack saves it (pack_digest.py)."""
    from briefpack.model.pack_digest import pack_digest

    return pack_digest(pack)


def record_for(
    pack: Pack, path: Path, fmt: str, digest: str, revision: str, now: datetime | None = None
) -> ExportRecord:
    """The record of `pack` exported to `path` as `fmt` (`digest`: its pack_hash)."""
    stamp = (now or datetime.now()).astimezone()
    return ExportRecord(
        time=stamp.isoformat(timespec="seconds"),
        file=os.path.abspath(path),
        format=fmt,
        title=pack.meta.title,
        audience=pack.meta.audience or "",
        marking=pack.meta.marking or "",
        pack_sha256=digest,
        library_revision=revision,
    )


# ---- writing ---------------------------------------------------------------------------------


def append_record(record: ExportRecord, log: Path | None = None) -> None:
    """Add `record` to the end of the log, synced to disk before this returns; SaveError
    (naming the log, saying the file itself was written) when it cannot be."""
    log = log or log_path()
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        with locked(log):
            _append(log, record.to_line())
    except OSError as exc:
        raise SaveError(
            f"could not record the export of {shown_path(record.file)} "
            f"({plain_reason(exc)}); the file itself was written and checked",
            file=log,
        ) from exc


def _append(log: Path, line: bytes) -> None:
    """One write of `line` at the end of `log` (a new line first after a torn one), synced."""
    flags = os.O_RDWR | os.O_APPEND | os.O_CREAT | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(log, flags, 0o600)  # the officer's own: titles may be OFFICIAL-SENSITIVE
    try:
        size = os.fstat(fd).st_size
        if size and not _ends_a_line(fd):
            line = b"\n" + line  # the torn line stays a line of its own, skipped when read
        view = memoryview(line)
        while view:  # a short write happens only as the disk fills; the lock is still held
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)
    if size == 0:
        _sync_folder(log.parent)  # a new log's name survives a crash too


def _ends_a_line(fd: int) -> bool:
    os.lseek(fd, -1, os.SEEK_END)  # O_APPEND writes go to the end wherever this points
    return os.read(fd, 1) == b"\n"


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):  # Windows cannot open a folder; nothing to sync there
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# ---- reading ---------------------------------------------------------------------------------


def read_log(since: datetime | None = None, log: Path | None = None) -> LogReading:
    """The records from `since` (an aware datetime; None: all), oldest first, and the count
    of lines that could not be read (skipped, whatever their time)."""
    log = log or log_path()
    try:
        data = log.read_bytes()
    except FileNotFoundError:
        return LogReading()
    except OSError as exc:
        raise BriefpackError(f"cannot read the export log ({plain_reason(exc)})", file=log) from exc
    reading = LogReading()
    for raw in data.split(b"\n"):
        if not raw.strip():
            continue
        record = parse_line(raw)
        if record is None:
            reading.skipped += 1
        elif since is None or record.when >= since:
            reading.records.append(record)
    return reading


_FIELDS = tuple(f.name for f in fields(ExportRecord))


def parse_line(raw: bytes) -> ExportRecord | None:
    """The record a line holds, or None for a torn or damaged line. Keys a later version
    adds are ignored; a line missing one of these, or with a time that is not one, is not
    a record."""
    try:
        data = json.loads(raw)
    except ValueError:  # a torn line, or not UTF-8
        return None
    if not isinstance(data, dict) or not all(isinstance(data.get(k), str) for k in _FIELDS):
        return None
    record = ExportRecord(**{k: data[k] for k in _FIELDS})
    try:
        when = record.when
    except ValueError:
        return None
    return record if when.tzinfo is not None else None
