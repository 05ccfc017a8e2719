"""Pack bundles (.bpackz): a pack and its pictures in one zip, the way packs travel.

A bundle holds `pack.bpack` and the pictures its image sections use, under `images/`, with
names briefpack chooses. Writing one takes only pictures inside the pack's own folder.
Opening one is treated as opening a colleague's file: the zip is checked entry by entry
before anything is written (no links, no absolute or `..` names, only the two kinds of
entry, limits on count and size against zip bombs) and extracted into a private folder of
its own under briefpack's cache, never beside the bundle or anywhere the zip names.
"""

from __future__ import annotations

import hashlib
import io
import re
import stat
import zipfile
from pathlib import Path, PurePosixPath

from briefpack.model.cache import cache_dir
from briefpack.model.errors import BriefpackError
from briefpack.model.pack import Pack
from briefpack.model.packfile import load_pack, pack_to_bytes
from briefpack.model.sections import ImageSection
from briefpack.model.storage import atomic_write

BUNDLE_SUFFIX = ".bpackz"
PACK_ENTRY = "pack.bpack"
IMAGES = "images"
MAX_ENTRIES = 200
MAX_ENTRY_BYTES = 50 * 1024 * 1024
MAX_TOTAL_BYTES = 200 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed: more is a zip bomb, not a picture
_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")


class BundleError(BriefpackError):
    """A bundle that cannot be written or opened; the message names the file and entry."""


# ---- writing -------------------------------------------------------------------------------


def _inside(base_dir: Path, path: str) -> Path | None:
    """The picture's file when it lies inside the pack's folder, else None."""
    base = base_dir.resolve()
    candidate = (base / path).resolve()
    return candidate if candidate.is_relative_to(base) and candidate.is_file() else None


def _entry_name(index: int, file: Path) -> str:
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", file.stem).strip(".-")[:60] or "picture"
    return f"{IMAGES}/{index + 1:02d}-{stem}{file.suffix.lower()}"


def bundle_bytes(pack: Pack, base_dir: Path, source: str = "pack") -> bytes:
    """The bundle of `pack` (read from `source`) whose pictures are looked up in `base_dir`."""
    copy = pack.model_copy(deep=True)
    files: dict[str, bytes] = {}
    for row, section in enumerate(copy.sections):
        if not isinstance(section, ImageSection) or not section.path.strip():
            continue
        file = _inside(base_dir, section.path)
        if file is None:
            raise BundleError(
                f"{source}: sections[{row}].path: {section.path!r} is not a file in the pack's "
                "folder; only pictures beside the pack go into a bundle"
            )
        name = _entry_name(len(files), file)
        files[name] = file.read_bytes()
        section.path = name
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(PACK_ENTRY, pack_to_bytes(copy))
        for name, data in files.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def write_bundle(pack_file: Path, out: Path) -> Path:
    """Write the bundle of the pack at `pack_file` to `out` (atomically, no links followed)."""
    pack = load_pack(pack_file)
    data = bundle_bytes(pack, pack_file.resolve().parent, str(pack_file))
    return atomic_write(out, data, follow_links=False)


# ---- opening -------------------------------------------------------------------------------


def _check_entry(info: zipfile.ZipInfo, where: str) -> None:
    name = info.filename
    path = PurePosixPath(name)
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        raise BundleError(f"{where}: {name!r} is a link; a bundle holds files only")
    if "\\" in name or path.is_absolute() or ".." in path.parts or info.is_dir():
        raise BundleError(f"{where}: {name!r} is not a file name a bundle may hold")
    if name != PACK_ENTRY and not (
        len(path.parts) == 2 and path.parts[0] == IMAGES and _SAFE_NAME.fullmatch(path.parts[1])
    ):
        raise BundleError(f"{where}: {name!r} is not part of a pack bundle")
    if info.file_size > MAX_ENTRY_BYTES:
        raise BundleError(f"{where}: {name!r} is {info.file_size:,} bytes, over the limit")
    if info.file_size > MAX_RATIO * max(1, info.compress_size) and info.file_size > 1_000_000:
        raise BundleError(f"{where}: {name!r} unpacks to far more than it holds (a zip bomb?)")


def _checked_entries(zf: zipfile.ZipFile, where: str) -> list[zipfile.ZipInfo]:
    entries = zf.infolist()
    if len(entries) > MAX_ENTRIES:
        raise BundleError(f"{where}: {len(entries)} entries, more than a pack bundle holds")
    names = [info.filename for info in entries]
    if PACK_ENTRY not in names or len(set(names)) != len(names):
        raise BundleError(f"{where}: not a pack bundle (it needs exactly one {PACK_ENTRY})")
    for info in entries:
        _check_entry(info, where)
    if sum(info.file_size for info in entries) > MAX_TOTAL_BYTES:
        raise BundleError(f"{where}: the bundle unpacks to more than {MAX_TOTAL_BYTES:,} bytes")
    return entries


def _read_limited(zf: zipfile.ZipFile, info: zipfile.ZipInfo, where: str) -> bytes:
    """The entry's bytes, never more than it declared (a lying header is caught here)."""
    with zf.open(info) as stream:
        data = stream.read(info.file_size + 1)
    if len(data) != info.file_size:
        raise BundleError(f"{where}: {info.filename!r} is not the size the bundle says")
    return data


def open_bundle(path: Path, into: Path | None = None) -> Path:
    """Check the bundle at `path`, extract it into a private folder and return the path of
    its pack file there. Nothing is written unless every entry passes the checks."""
    where = str(path)
    try:
        raw = path.read_bytes()
        zf = zipfile.ZipFile(io.BytesIO(raw))
    except (OSError, zipfile.BadZipFile) as exc:
        raise BundleError(f"{where}: not a readable bundle ({exc})") from None
    with zf:
        entries = _checked_entries(zf, where)
        contents = {info.filename: _read_limited(zf, info, where) for info in entries}
    folder = into or cache_dir() / "bundles" / hashlib.sha256(raw).hexdigest()[:20]
    for name, data in contents.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(target, data, follow_links=False)
    pack_file = folder / PACK_ENTRY
    load_pack(pack_file)  # a broken pack inside is reported now, naming the entry's file
    return pack_file
