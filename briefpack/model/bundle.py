"""Pack bundles (.bpackz): a pack and its pictures in one zip, the way packs travel.

A bundle holds `pack.bpack` and the pictures its image sections use, under `images/`, with
names briefpack chooses. Writing one takes the pictures inside the pack's own folder, and
those outside it only when the officer allowed them; either way the bundle names them
`images/NN-name.ext`, so a bundle never points outside itself.
Opening one is treated as opening a colleague's file: the zip is checked entry by entry
before anything is written (no links, no absolute or `..` names, only the two kinds of
entry, limits on count and size against zip bombs, the pack valid and every picture a
whole PNG, JPEG or GIF) and extracted into a private folder of its own under briefpack's
cache, never beside the bundle or anywhere the zip names.
"""

from __future__ import annotations

import hashlib
import io
import re
import stat
import struct
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from briefpack.model import filegate, outside
from briefpack.model.cache import cache_dir
from briefpack.model.errors import BriefpackError
from briefpack.model.jsonfile import parse_json
from briefpack.model.outside import AllowOutside
from briefpack.model.pack import Pack
from briefpack.model.packfile import load_pack, pack_from_data, pack_to_bytes
from briefpack.model.sections import ImageSection
from briefpack.model.storage import atomic_write

BUNDLE_SUFFIX = ".bpackz"
PACK_ENTRY = "pack.bpack"
IMAGES = "images"
MAX_ENTRIES = 200
MAX_ENTRY_BYTES = 50 * 1024 * 1024
MAX_TOTAL_BYTES = 200 * 1024 * 1024
MAX_BUNDLE_BYTES = MAX_TOTAL_BYTES  # the zip itself, before anything is unpacked
MAX_RATIO = 200  # uncompressed / compressed: more is a zip bomb, not a picture
_RATIO_FLOOR = 1_000_000  # below this much unpacked, any ratio is harmless
_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
_ENCRYPTED = 0x1  # the zip format's general-purpose flag bit 0
_EXTENSIONS = {"PNG": ".png", "JPEG": ".jpg", "GIF": ".gif"}
# What zipfile may raise on a damaged or crafted zip (names it cannot decode, a bad CRC,
# an encrypted or unknown compression method, a truncated stream).
_ZIP_FAILURES = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    OSError,
    EOFError,
    ValueError,
    struct.error,
    zlib.error,
    NotImplementedError,
    RuntimeError,
)


class BundleError(BriefpackError):
    """A bundle that cannot be written or opened; the message names the file and entry."""


def is_bundle(path: str | Path) -> bool:
    """Whether `path` names a pack bundle (by its extension, in any case)."""
    return str(path).lower().endswith(BUNDLE_SUFFIX)


# ---- writing -------------------------------------------------------------------------------


def _entry_name(index: int, file: Path, fmt: str) -> str:
    """`images/NN-stem.ext`: the extension from the picture's content, never its name."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", file.stem).strip(".-_")[:60] or "picture"
    return f"{IMAGES}/{index + 1:02d}-{stem}{_EXTENSIONS[fmt]}"


def _picture_for_bundle(
    base_dir: Path, path: str, where: str, allow_outside: AllowOutside
) -> tuple[Path, bytes, str]:
    """(resolved file, bytes, format) of one image section's picture, through the file gate."""
    file = outside.image_file(base_dir, path)
    if not outside.is_inside(base_dir, file) and not outside.is_allowed(file, allow_outside):
        raise BundleError(
            f"the picture {path} is outside the pack's folder, so it is not put in a bundle "
            "without your yes; put it beside the pack, or allow files outside the folder",
            where=where,
        )
    try:
        image = filegate.read_image(file, shown=path)
    except filegate.FileRefused as exc:
        raise BundleError(exc.problem, where=where) from exc
    return file.resolve(), image.data, image.format


def bundle_bytes(
    pack: Pack, base_dir: Path, source: str = "pack", *, allow_outside: AllowOutside = False
) -> bytes:
    """The bundle of `pack` (read from `source`) whose pictures are looked up in `base_dir`.

    Pictures outside `base_dir` are taken only as `allow_outside` allows (True: all; a
    collection: those resolved files), and are renamed into the bundle like the others.
    """
    copy = pack.model_copy(deep=True)
    files: dict[str, bytes] = {}
    names: dict[Path, str] = {}  # one entry per picture, however many sections show it
    for row, section in enumerate(copy.sections):
        if not isinstance(section, ImageSection) or not section.path.strip():
            continue
        where = f"sections[{row}].path"
        try:
            file, data, fmt = _picture_for_bundle(base_dir, section.path, where, allow_outside)
        except BundleError as exc:
            raise exc.with_file(source) from None
        if file not in names:
            names[file] = _entry_name(len(files), Path(section.path), fmt)  # as the pack names it
            files[names[file]] = data
        section.path = names[file]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(PACK_ENTRY, pack_to_bytes(copy))
        for name, data in files.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def write_bundle(pack_file: Path, out: Path, *, allow_outside: AllowOutside = False) -> Path:
    """Write the bundle of the pack at `pack_file` to `out` (atomically, no links followed)."""
    pack = load_pack(pack_file)
    base_dir = pack_file.resolve().parent
    data = bundle_bytes(pack, base_dir, str(pack_file), allow_outside=allow_outside)
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
    if info.flag_bits & _ENCRYPTED:
        raise BundleError(f"{where}: {name!r} is locked with a password; pack bundles never are")
    if info.file_size > MAX_ENTRY_BYTES:
        raise BundleError(f"{where}: {name!r} is {info.file_size:,} bytes, over the limit")
    if info.file_size > MAX_RATIO * max(1, info.compress_size) and info.file_size > _RATIO_FLOOR:
        raise BundleError(f"{where}: {name!r} unpacks to far more than it holds (a zip bomb?)")


def _checked_entries(zf: zipfile.ZipFile, where: str, packed: int) -> list[zipfile.ZipInfo]:
    entries = zf.infolist()
    if len(entries) > MAX_ENTRIES:
        raise BundleError(f"{where}: {len(entries)} entries, more than a pack bundle holds")
    names = [info.filename for info in entries]
    if PACK_ENTRY not in names or len(set(names)) != len(names):
        raise BundleError(f"{where}: not a pack bundle (it needs exactly one {PACK_ENTRY})")
    for info in entries:
        _check_entry(info, where)
    total = sum(info.file_size for info in entries)
    if total > MAX_TOTAL_BYTES:
        raise BundleError(f"{where}: the bundle unpacks to more than {MAX_TOTAL_BYTES:,} bytes")
    # Many small entries (or entries sharing one compressed stream) add up to a bomb too.
    if total > MAX_RATIO * max(1, packed) and total > _RATIO_FLOOR:
        raise BundleError(f"{where}: the bundle unpacks to far more than it holds (a zip bomb?)")
    return entries


def _read_limited(zf: zipfile.ZipFile, info: zipfile.ZipInfo, where: str) -> bytes:
    """The entry's bytes, never more than it declared (a lying header is caught here)."""
    try:
        with zf.open(info) as stream:
            data = stream.read(info.file_size + 1)
    except _ZIP_FAILURES as exc:
        problem = f"{info.filename!r} cannot be unpacked, the bundle is damaged ({exc})"
        raise BundleError(f"{where}: {problem}") from None
    if len(data) != info.file_size:
        raise BundleError(f"{where}: {info.filename!r} is not the size the bundle says")
    return data


def _read_bundle(path: Path, where: str) -> bytes:
    """The zip's bytes, through the file gate: a device or FIFO named .bpackz never blocks."""
    try:
        return filegate.read_regular_file(path, max_bytes=MAX_BUNDLE_BYTES, shown=where)
    except filegate.FileRefused as exc:
        raise BundleError(exc.problem) from None
    except ValueError:  # a NUL in the name: no file can have one
        raise BundleError(f"{where}: a file name cannot contain a NUL character") from None


def _unpacked(raw: bytes, where: str) -> dict[str, bytes]:
    """Every entry's bytes, in memory, once each has passed the checks."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            entries = _checked_entries(zf, where, len(raw))
            return {info.filename: _read_limited(zf, info, where) for info in entries}
    except UnicodeDecodeError:
        raise BundleError(f"{where}: not a readable bundle (a name in it is not text)") from None
    except _ZIP_FAILURES as exc:
        raise BundleError(f"{where}: not a readable bundle ({exc})") from None


def _check_contents(contents: dict[str, bytes], where: str) -> None:
    """The pack must load and every picture pass the gate, before anything is written.

    Errors name the bundle the officer chose (never the private folder) and the entry."""
    try:
        pack_from_data(parse_json(contents[PACK_ENTRY], where), where)
    except BriefpackError as exc:
        raise BundleError(exc.message) from None
    for name, data in contents.items():
        if name == PACK_ENTRY:
            continue
        try:
            filegate.check_image_bytes(data, name)
        except filegate.FileRefused as exc:
            raise BundleError(exc.problem, file=where) from None


def private_folder(raw: bytes) -> Path:
    """Where a bundle with these bytes is opened: under briefpack's cache, by content."""
    return cache_dir() / "bundles" / hashlib.sha256(raw).hexdigest()[:20]


def open_bundle(path: Path, into: Path | None = None) -> Path:
    """Check the bundle at `path`, extract it into a private folder and return the path of
    its pack file there. Nothing is written unless every entry passes the checks."""
    where = str(path)
    raw = _read_bundle(Path(path), where)
    contents = _unpacked(raw, where)
    _check_contents(contents, where)
    folder = into or private_folder(raw)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)  # the officer's eyes only
    for name, data in contents.items():
        target = folder / name
        target.parent.mkdir(mode=0o700, exist_ok=True)
        atomic_write(target, data, follow_links=False)
    return folder / PACK_ENTRY
