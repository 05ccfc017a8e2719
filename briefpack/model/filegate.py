"""The one gate for every file briefpack reads on the officer's behalf.

Packs, brands and library files arrive by email, so a path in them may name
anything: a device (/dev/zero never ends, /dev/ptmx blocks), a FIFO (blocks
until someone writes), a huge file, or an EPS "logo" that Pillow would hand to
Ghostscript. Everything a pack or brand names is read here, once:

- only regular files: a stat before opening (opening some devices has effects),
  then O_NONBLOCK and an fstat of the opened descriptor, so a FIFO never blocks
  and a swap between the check and the open is caught;
- a size limit, read with a cap so a file that grows cannot run on;
- the format decided by content (magic bytes), never by the name;
- pictures decoded by Pillow with only the PNG, JPEG and GIF plugins, so no
  other plugin (and no external interpreter) can ever run; a pixel limit decided
  here from the header before Pillow sees it; a full decode, so a truncated
  picture is refused here and not in a writer.

Callers get the bytes (and a picture's format and size) and never re-open the path.
Refusals are one-line `FileRefused` errors naming the file as the caller shows it.
"""

from __future__ import annotations

import hashlib
import io
import os
import stat
import struct
import threading
import warnings
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from briefpack.model.errors import BriefpackError

IMAGE_FORMATS = ("PNG", "JPEG", "GIF")
MAX_IMAGE_BYTES = 50 * 2**20
MAX_IMAGE_SIDE = 10_000
# A printed page needs far less; above this a picture is a mistake or a decompression bomb.
# Below Pillow's own warning threshold (89 Mpx), so Pillow never has cause to warn.
MAX_IMAGE_PIXELS = 40_000_000
MAX_FONT_BYTES = 32 * 2**20

IMAGE_ADVICE = "save it as PNG or JPEG and choose that"
FONT_ADVICE = "use a TrueType (.ttf) or OpenType (.otf) font file"

_PNG = b"\x89PNG\r\n\x1a\n"
_FONT_MAGIC = (b"\x00\x01\x00\x00", b"OTTO", b"true")
_READ_CHUNK = 1 << 20


class FileRefused(BriefpackError):
    """A file briefpack was asked to read is not one it will read (one line, with advice).

    `reason` says which check refused it, for callers that word some cases their own way:
    missing, unreadable, kind (not a regular file), size, format, pixels or broken.
    """

    def __init__(self, problem: str, *, reason: str) -> None:
        super().__init__(problem)
        self.reason = reason


@dataclass(frozen=True)
class GatedImage:
    """A picture that passed the gate: its bytes, format (PNG, JPEG or GIF) and pixel size."""

    data: bytes
    format: str
    size: tuple[int, int]


# ---- regular files -------------------------------------------------------------------------


def read_regular_file(path: str | Path, *, max_bytes: int, shown: str | None = None) -> bytes:
    """The bytes of a regular file of at most `max_bytes`; FileRefused for anything else.

    Never blocks: devices, FIFOs and sockets are refused before they are read.
    """
    name = shown if shown is not None else str(path)
    try:
        _check_kind(os.stat(path).st_mode, name)  # before open: opening a device can act
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError as exc:
        raise _unreadable(name, exc) from exc
    try:
        info = os.fstat(fd)
        _check_kind(info.st_mode, name)  # the file actually opened, whatever the path is now
        if info.st_size > max_bytes:
            raise _too_large(name, max_bytes)
        return _read_capped(fd, max_bytes, name)
    except OSError as exc:
        raise _unreadable(name, exc) from exc
    finally:
        os.close(fd)


def kind_problem(path: str | Path, shown: str | None = None) -> str | None:
    """Why `path` is not an ordinary file briefpack could read ("not found", "a device"…), or
    None. Looks with stat only, so it is safe on devices and pipes; checks use it."""
    name = shown if shown is not None else str(path)
    try:
        _check_kind(os.stat(path).st_mode, name)
    except FileRefused as exc:
        return str(exc.args[0])
    except OSError as exc:
        refused = _unreadable(name, exc)
        return f"image file not found: {name}" if refused.reason == "missing" else refused.args[0]
    return None


def _check_kind(mode: int, name: str) -> None:
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        kind = "a folder"
    elif stat.S_ISFIFO(mode):
        kind = "a pipe (FIFO)"
    elif stat.S_ISSOCK(mode):
        kind = "a socket"
    else:
        kind = "a device"
    raise FileRefused(f"{name} is {kind}, not an ordinary file; choose a file", reason="kind")


def _read_capped(fd: int, max_bytes: int, name: str) -> bytes:
    """Read to the end, but never more than `max_bytes` (the file may grow while read)."""
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = os.read(fd, min(_READ_CHUNK, max_bytes + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if total > max_bytes:
            raise _too_large(name, max_bytes)


def _unreadable(name: str, exc: OSError) -> FileRefused:
    if isinstance(exc, FileNotFoundError):
        return FileRefused(f"file not found: {name}", reason="missing")
    why = exc.strerror or type(exc).__name__
    return FileRefused(f"{name} could not be read ({why})", reason="unreadable")


def _too_large(name: str, max_bytes: int) -> FileRefused:
    return FileRefused(
        f"{name} is over {max_bytes // 2**20} MB; choose a smaller file", reason="size"
    )


# ---- fonts ---------------------------------------------------------------------------------


def read_font(path: str | Path, *, shown: str | None = None) -> bytes:
    """A TrueType or OpenType font file's bytes; FileRefused for anything else."""
    name = shown if shown is not None else str(path)
    data = read_regular_file(path, max_bytes=MAX_FONT_BYTES, shown=name)
    check_font_bytes(data, name)
    return data


def check_font_bytes(data: bytes, name: str) -> None:
    if data[:4] not in _FONT_MAGIC:
        raise FileRefused(
            f"{name} is not a font ({_looks_like(data)}); {FONT_ADVICE}", reason="format"
        )


# ---- pictures ------------------------------------------------------------------------------


def read_image(
    path: str | Path,
    *,
    shown: str | None = None,
    max_bytes: int = MAX_IMAGE_BYTES,
    max_pixels: int = MAX_IMAGE_PIXELS,
) -> GatedImage:
    """A PNG, JPEG or GIF picture, fully decoded once to prove it whole; FileRefused if not."""
    name = shown if shown is not None else str(path)
    data = read_regular_file(path, max_bytes=max_bytes, shown=name)
    return check_image_bytes(data, name, max_pixels=max_pixels)


def check_image_bytes(data: bytes, name: str, *, max_pixels: int = MAX_IMAGE_PIXELS) -> GatedImage:
    """The gate for a picture already in memory (the same checks as `read_image`)."""
    fmt = image_format(data)
    if fmt is None:
        raise FileRefused(
            f"{name} is not an image briefpack can use, only PNG, JPEG or GIF "
            f"({_looks_like(data)}); {IMAGE_ADVICE}",
            reason="format",
        )
    size = header_size(data, fmt)
    if size is None or min(size) < 1:
        raise _broken(name, fmt)
    _check_pixels(size, name, max_pixels)
    return GatedImage(data, fmt, _decoded_size(data, fmt, name, max_pixels))


# Bytes already decoded whole, by digest: a preview composes the pack on every edit, and a
# 12 Mpx photograph takes ~130 ms to decode but ~5 ms to hash.
_DECODED: OrderedDict[bytes, tuple[int, int]] = OrderedDict()
_DECODED_MAX = 64
_DECODED_LOCK = threading.Lock()


def _decoded_size(data: bytes, fmt: str, name: str, max_pixels: int) -> tuple[int, int]:
    key = hashlib.blake2b(data, digest_size=20, person=fmt.encode()).digest()
    with _DECODED_LOCK:
        size = _DECODED.get(key)
        if size is not None:
            _DECODED.move_to_end(key)
    if size is not None:
        _check_pixels(size, name, max_pixels)  # the limit may differ between callers
        return size
    size = _decode(data, fmt, name, max_pixels)
    with _DECODED_LOCK:
        _DECODED[key] = size
        while len(_DECODED) > _DECODED_MAX:
            _DECODED.popitem(last=False)
    return size


def image_format(data: bytes) -> str | None:
    """PNG, JPEG or GIF by the file's first bytes; None for anything else."""
    if data.startswith(_PNG):
        return "PNG"
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "GIF"
    return None


def header_size(data: bytes, fmt: str) -> tuple[int, int] | None:
    """Width and height as the header declares them, read without any decoder."""
    if fmt == "PNG":
        if data[12:16] != b"IHDR" or len(data) < 24:
            return None
        return struct.unpack(">II", data[16:24])
    if fmt == "GIF":
        return struct.unpack("<HH", data[6:10]) if len(data) >= 10 else None
    return _jpeg_size(data)


# Start-of-frame markers that carry the size (C4 is a Huffman table, C8 and CC are not frames).
_JPEG_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    """Walk the JPEG segments to the first start-of-frame; None if there is none."""
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker in (0x01, *range(0xD0, 0xD8)):  # markers without a length
            pos += 2
            continue
        length = struct.unpack(">H", data[pos + 2 : pos + 4])[0]
        if marker in _JPEG_SOF:
            if pos + 9 > len(data):
                return None
            height, width = struct.unpack(">HH", data[pos + 5 : pos + 9])
            return width, height
        pos += 2 + length
    return None


def _check_pixels(size: tuple[int, int], name: str, max_pixels: int) -> None:
    width, height = size
    if width * height > max_pixels:
        shown = f"far too many pixels ({width:,} × {height:,})"
    elif max(size) > MAX_IMAGE_SIDE:
        shown = f"{width:,} × {height:,} pixels"
    else:
        return
    raise FileRefused(
        f"{name} is {shown}; scale it to at most {MAX_IMAGE_SIDE:,} pixels a side and "
        f"{max_pixels // 1_000_000} million in all, and choose it again",
        reason="pixels",
    )


def _decode(data: bytes, fmt: str, name: str, max_pixels: int) -> tuple[int, int]:
    """Decode the whole picture with only its own plugin: proves it complete and sane.

    Returns the size Pillow sees (a GIF's first frame may reach past its declared screen).
    """
    from PIL import Image  # Pillow is only needed when a pack or brand has pictures

    try:
        # The size was checked above, so Pillow's bomb warning has no cause; it is silenced
        # anyway so nothing ever reaches stderr.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[fmt]) as img:
                _check_pixels(img.size, name, max_pixels)
                img.load()
                return img.size
    except FileRefused:
        raise
    except Exception as exc:  # a hostile file can make a decoder raise anything
        raise _broken(name, fmt) from exc


def _broken(name: str, fmt: str) -> FileRefused:
    return FileRefused(
        f"{name} is not a complete {fmt} picture (it may be cut short or damaged); "
        "save it again and choose the new copy",
        reason="broken",
    )


def _looks_like(data: bytes) -> str:
    """A short, plain guess at what a refused file is, for the message."""
    head = data[:16]
    if not data:
        return "it is empty"
    if head.startswith((b"%!", b"\xc5\xd0\xd3\xc6")):
        return "it looks like PostScript"
    if head.startswith(b"%PDF"):
        return "it looks like a PDF"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "it looks like a TIFF picture"
    if head.startswith(b"BM"):
        return "it looks like a BMP picture"
    if head.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "it looks like a WebP picture"
    if head.startswith((b"<svg", b"<?xml")):
        return "it looks like SVG or XML"
    if head.startswith((b"wOFF", b"wOF2")):
        return "it is a web font (WOFF)"
    if head.startswith(b"ttcf"):
        return "it is a font collection (.ttc)"
    if image_format(data):
        return f"it is a {image_format(data)} picture"
    if data[:4] in _FONT_MAGIC:
        return "it is a font"
    return "its content is something else"
