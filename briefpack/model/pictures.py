"""Pictures travel with their pack: saving a pack into another folder copies them beside it.

A pack names its pictures by path, relative to its own folder. Saved somewhere else (Save As
into another folder, or the first save of a bundle opened into briefpack's private folder),
those paths would name nothing, or worse, a different file that happens to have the name.
`carry_pictures` copies each picture the pack names inside its old folder to the same
relative name in the new folder, unless that name is taken by a different file: then it
picks a free name and the pack names that instead. It never overwrites a file, never writes
through a link (each folder on the way is opened without following links, and the file is
created only if nothing, not even a dangling link, has the name), and reads every picture
through the file gate, so what lands in the officer's folder is a whole PNG, JPEG or GIF
under a picture's name, never a colleague's `.bashrc`.

Pictures outside the old folder are not copied (that would read them without the officer's
yes): an absolute path stays as written, and a `../` path that would mean another file from
the new folder is written out in full so it still names the same picture.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from briefpack.model import filegate, outside
from briefpack.model.errors import SaveError
from briefpack.model.pack import Pack
from briefpack.model.sections import ImageSection
from briefpack.model.storage import plain_reason

# The extensions a picture may be saved under, by its content's format (the first is used
# when the name has none of them).
EXTENSIONS = {"PNG": (".png",), "JPEG": (".jpg", ".jpeg"), "GIF": (".gif",)}
MAX_DEPTH = 8  # folders in a kept name; deeper paths are flattened
MAX_PART_BYTES = 200  # below every file system's 255-byte limit, with room for "-2"
MAX_TRIES = 1000
# Not in a file name anywhere (Windows' list, control characters) or meaning something.
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
_FOLDER_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_SAFE_FDS = os.open in os.supports_dir_fd and _NOFOLLOW != 0

_WRITTEN, _SAME, _TAKEN = "written", "same", "taken"


def carry_pictures(pack: Pack, from_dir: Path, to_dir: Path) -> tuple[Pack, list[str]]:
    """A copy of `pack` for saving in `to_dir`, its pictures copied there from `from_dir`.

    Returns the copy (image paths changed only where a picture had to take another name, or
    an outside path had to be written in full) and plain sentences for the officer about
    anything worth knowing: a new name, a picture that could not be copied.
    Raises SaveError (naming the picture's new file) when writing a copy fails."""
    copy = pack.model_copy(deep=True)
    notes: list[str] = []
    if _resolved(from_dir) == _resolved(to_dir):
        return copy, notes
    placed: dict[Path, str] = {}  # one copy per picture, however many sections show it
    for section in copy.sections:
        if not isinstance(section, ImageSection) or not section.path.strip():
            continue
        path = section.path
        if Path(path).is_absolute():
            continue  # names the same file from anywhere
        file = outside.image_file(from_dir, path)
        if not outside.is_inside(from_dir, file):
            section.path = _outside_path(file, to_dir, path, notes)
            continue
        source = _resolved(file)
        if source not in placed:
            name = _carry_one(file, source, path, to_dir, notes)
            if name is None:
                continue
            placed[source] = name
        if placed[source] != path:
            section.path = placed[source]
    return copy, notes


def _carry_one(file: Path, source: Path, path: str, to_dir: Path, notes: list[str]) -> str | None:
    """The name the picture has in `to_dir` once copied (None when it could not be read)."""
    already = _relative_inside(source, to_dir)
    if already is not None:
        return already  # the new folder holds the picture already (saved one folder up)
    try:
        image = filegate.read_image(file, shown=path)
    except filegate.FileRefused as exc:
        notes.append(f"The picture {path} was not copied beside the pack ({exc.message}).")
        return None
    wanted = wanted_name(path, source, image.format)
    name = place_file(to_dir, wanted, image.data)
    if name != str(PurePosixPath(path)):
        why = (
            f"that folder already has a different file called {wanted}"
            if name != wanted
            else "its name was not one a picture may be saved under"
        )
        notes.append(f"The picture {path} was copied as {name}, because {why}.")
    return name


def _outside_path(file: Path, to_dir: Path, path: str, notes: list[str]) -> str:
    """An outside picture's path for the new folder: as written if it still names the same
    file from there, else in full."""
    target = _resolved(file)
    if _resolved(outside.image_file(to_dir, path)) == target:
        return path
    notes.append(
        f"The picture {path} is outside the pack's folder, so it was not copied; the pack "
        f"now names it in full, {target}."
    )
    return str(target)


# ---- names -----------------------------------------------------------------------------------


def _safe_part(part: str) -> bool:
    return (
        bool(part)
        and not part.startswith(".")
        and part == part.strip()
        and not _UNSAFE.search(part)
        and len(part.encode("utf-8", "surrogatepass")) <= MAX_PART_BYTES
        and part.isprintable()
    )


def _clean_stem(stem: str) -> str:
    stem = _UNSAFE.sub("-", stem)
    stem = "".join(c if c.isprintable() else "-" for c in stem).strip(" .-")
    while len(stem.encode("utf-8", "surrogatepass")) > MAX_PART_BYTES - 10:
        stem = stem[:-1]
    return stem or "picture"


def _with_extension(name: PurePosixPath, fmt: str) -> PurePosixPath:
    if name.suffix.lower() in EXTENSIONS[fmt]:
        return name
    return name.with_name(name.name + EXTENSIONS[fmt][0])


def wanted_name(path: str, source: Path, fmt: str) -> str:
    """The name a picture should have beside the saved pack: the path as written when it is
    a plain relative name (folders allowed), else its file's own name made safe; always with
    an extension that matches its content."""
    written = PurePosixPath(path)
    parts = written.parts
    if 0 < len(parts) <= MAX_DEPTH and all(_safe_part(p) and p != ".." for p in parts):
        return str(_with_extension(written, fmt))
    name = PurePosixPath(_clean_stem(source.stem) + source.suffix.lower())
    if not _safe_part(name.name):
        name = PurePosixPath(_clean_stem(source.stem))
    return str(_with_extension(name, fmt))


def candidate_names(wanted: str) -> Iterator[str]:
    """`wanted`, then `stem-2.ext`, `stem-3.ext`… in its folder, then the same at the top."""
    name = PurePosixPath(wanted)
    yield wanted
    for folder in (name.parent, PurePosixPath(".")) if name.parent.parts else (name.parent,):
        first = 1 if folder != name.parent else 2
        for n in range(first, MAX_TRIES):
            stem = name.stem if n == 1 else f"{name.stem}-{n}"
            candidate = folder / f"{stem}{name.suffix}"
            if str(candidate) != wanted:
                yield str(candidate)


def _resolved(path: Path) -> Path:
    try:
        return Path(path).resolve()
    except (OSError, RuntimeError):  # a link loop: nothing real
        return Path("/") / "unresolvable" / Path(path).name


def _relative_inside(source: Path, to_dir: Path) -> str | None:
    base = _resolved(to_dir)
    if not source.is_relative_to(base):
        return None
    parts = source.relative_to(base).parts
    return "/".join(parts) if parts and all(_safe_part(p) for p in parts) else None


# ---- writing without overwriting, never through a link ----------------------------------------


def place_file(to_dir: Path, wanted: str, data: bytes) -> str:
    """Write `data` under the first free name from `wanted` (or find it there already) and
    return that name. A name is free when nothing has it, not even a link; a file already
    holding exactly `data` is used as it is."""
    for name in candidate_names(wanted):
        outcome = _write_new(to_dir, PurePosixPath(name).parts, data)
        if outcome != _TAKEN:
            return name
    raise SaveError(f"no free name for the picture {wanted}; tidy the folder", file=to_dir)


def _write_new(to_dir: Path, parts: tuple[str, ...], data: bytes) -> str:
    target = Path(to_dir, *parts)
    try:
        if _SAFE_FDS:
            return _write_new_at(to_dir, parts, data)
        return _write_new_by_path(to_dir, parts, data)  # pragma: no cover - no dir_fd
    except SaveError:
        raise
    except OSError as exc:
        raise SaveError(f"could not save the picture ({plain_reason(exc)})", file=target) from exc


def _write_new_at(to_dir: Path, parts: tuple[str, ...], data: bytes) -> str:
    """POSIX: each folder opened without following links, then the file created only if its
    name is free (O_EXCL also refuses a dangling link). Nothing can be swapped in between."""
    folder = os.open(to_dir, _FOLDER_FLAGS)  # the folder the officer chose, links and all
    try:
        for part in parts[:-1]:
            with contextlib.suppress(FileExistsError):
                os.mkdir(part, 0o777, dir_fd=folder)
            try:
                inner = os.open(part, _FOLDER_FLAGS | _NOFOLLOW, dir_fd=folder)
            except OSError as exc:
                if exc.errno in (errno.ELOOP, errno.ENOTDIR):
                    return _TAKEN  # a link or a file where the folder would be
                raise
            os.close(folder)
            folder = inner
        return _create_at(folder, parts[-1], data)
    finally:
        os.close(folder)


def _create_at(folder: int, name: str, data: bytes) -> str:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(name, flags, 0o666, dir_fd=folder)
    except FileExistsError:
        return _SAME if _holds_at(folder, name, data) else _TAKEN
    try:
        _write_all(fd, data)
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        os.unlink(name, dir_fd=folder)  # our own half-written file, nobody else's
        raise
    os.close(fd)
    with contextlib.suppress(OSError):  # the new name survives a power cut
        os.fsync(folder)
    return _WRITTEN


def _holds_at(folder: int, name: str, data: bytes) -> bool:
    """Whether `name` is an ordinary file (not a link, pipe or device) holding `data`."""
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NONBLOCK | _NOFOLLOW, dir_fd=folder)
    except OSError:
        return False
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size != len(data):
            return False
        return _read_all(fd, len(data) + 1) == data
    finally:
        os.close(fd)


def _write_new_by_path(  # pragma: no cover - only where os.open takes no dir_fd (Windows)
    to_dir: Path, parts: tuple[str, ...], data: bytes
) -> str:
    """The same checks by path; a link swapped in at just the wrong moment is not caught."""
    target = Path(to_dir, *parts)
    for depth in range(1, len(parts)):
        folder = Path(to_dir, *parts[:depth])
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
            return _TAKEN
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.is_symlink() or target.exists():
        same = target.is_file() and not target.is_symlink() and target.read_bytes() == data
        return _SAME if same else _TAKEN
    with open(target, "xb") as stream:
        stream.write(data)
    return _WRITTEN


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _read_all(fd: int, limit: int) -> bytes:
    chunks, total = [], 0
    while total < limit:
        chunk = os.read(fd, min(1 << 20, limit - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)
