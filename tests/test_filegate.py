"""The file gate: regular files only, never blocking, format by content, Pillow fenced in."""

from __future__ import annotations

import io
import os
import re
import struct
import threading
import warnings
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from briefpack.model import filegate
from briefpack.model.filegate import FileRefused
from briefpack.model.resources import asset

HOSTILE = Path(__file__).parent / "hostile"


@pytest.fixture(autouse=True)
def _fresh_decode_cache():
    """Each test decodes for itself; the cache of pictures already proven whole is emptied."""
    filegate._DECODED.clear()


def picture(fmt: str, size: tuple[int, int] = (30, 20)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "red").save(out, format=fmt)
    return out.getvalue()


def png_declaring(width: int, height: int) -> bytes:
    """A PNG header declaring a size, with almost no pixel data behind it."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 9))


def within(seconds: float, call):
    """Run `call` on a thread: a gate that blocked would fail the test, not hang it."""
    box: dict[str, object] = {}

    def run() -> None:
        try:
            box["value"] = call()
        except BaseException as exc:  # handed back to the test
            box["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"the gate blocked for over {seconds} s"
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box.get("value")


# ---- regular files -------------------------------------------------------------------------


def test_a_regular_file_is_read_whole(tmp_path):
    file = tmp_path / "a.bin"
    file.write_bytes(b"x" * 5000)
    assert filegate.read_regular_file(file, max_bytes=5000) == b"x" * 5000


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(FileRefused, match=r"file not found: gone\.png") as info:
        filegate.read_regular_file(tmp_path / "gone.png", max_bytes=10, shown="gone.png")
    assert info.value.reason == "missing"


def test_a_folder_is_refused(tmp_path):
    with pytest.raises(FileRefused, match="is a folder") as info:
        filegate.read_regular_file(tmp_path, max_bytes=10)
    assert info.value.reason == "kind"


def test_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.png"
    os.mkfifo(fifo)
    with pytest.raises(FileRefused, match=r"pipe\.png is a pipe \(FIFO\)"):
        within(5, lambda: filegate.read_image(fifo, shown="pipe.png"))


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/ptmx", "/dev/null"])
def test_devices_are_refused_without_reading(device):
    if not os.path.exists(device):
        pytest.skip(f"no {device} here")
    with pytest.raises(FileRefused, match=f"{device} is a device") as info:
        within(5, lambda: filegate.read_image(device))
    assert info.value.reason == "kind"


def test_a_fifo_swapped_in_after_the_check_is_caught_on_the_open_file(tmp_path, monkeypatch):
    """The path passes the first look, then turns out a FIFO: the fstat of the opened
    descriptor refuses it, and O_NONBLOCK meant the open itself never waited."""
    fifo = tmp_path / "swap.png"
    os.mkfifo(fifo)
    regular = os.stat(__file__)
    real_stat = os.stat
    monkeypatch.setattr(os, "stat", lambda p, *a, **k: regular if p == fifo else real_stat(p))
    with pytest.raises(FileRefused, match="is a pipe"):
        within(5, lambda: filegate.read_regular_file(fifo, max_bytes=100))


def test_a_file_over_the_limit_is_refused_by_its_size(tmp_path):
    file = tmp_path / "big.png"
    file.write_bytes(b"\0" * 2048)
    with pytest.raises(FileRefused, match="is over") as info:
        filegate.read_regular_file(file, max_bytes=1024)
    assert info.value.reason == "size"


def test_reading_stops_at_the_limit_even_when_the_size_says_less():
    """/proc files say they are empty and are not: the read itself is capped."""
    path = Path("/proc/self/maps")
    if not path.exists():
        pytest.skip("no /proc here")
    assert path.stat().st_size == 0
    with pytest.raises(FileRefused, match="is over"):
        filegate.read_regular_file(path, max_bytes=16)


# ---- pictures ------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "GIF"])
def test_png_jpeg_and_gif_pass_with_format_and_size(tmp_path, fmt):
    file = tmp_path / "pic.bin"  # the name does not matter, the content does
    file.write_bytes(picture(fmt))
    image = filegate.read_image(file)
    assert (image.format, image.size, image.data) == (fmt, (30, 20), file.read_bytes())


@pytest.mark.parametrize("fmt", ["BMP", "TIFF", "WEBP", "ICO"])
def test_other_picture_formats_are_refused_by_content(tmp_path, fmt):
    file = tmp_path / "logo.png"
    file.write_bytes(picture(fmt, (16, 16)))
    with pytest.raises(FileRefused, match="only PNG, JPEG or GIF") as info:
        filegate.read_image(file, shown="logo.png")
    assert info.value.reason == "format"


def test_eps_named_png_never_reaches_pillow(tmp_path, monkeypatch):
    from PIL import EpsImagePlugin

    def fail(*_args, **_kwargs):
        raise AssertionError("Pillow's EPS plugin ran")

    monkeypatch.setattr(EpsImagePlugin.EpsImageFile, "_open", fail)
    with pytest.raises(FileRefused, match="looks like PostScript"):
        filegate.read_image(HOSTILE / "gate-eps-logo.png")


def test_only_the_format_found_may_decode(monkeypatch):
    """Pillow is asked for the one format the magic bytes named, never a free choice."""
    seen: list[object] = []
    real_open = Image.open

    def spy(fp, mode="r", formats=None):
        seen.append(formats)
        return real_open(fp, mode, formats)

    monkeypatch.setattr(Image, "open", spy)
    filegate.check_image_bytes(picture("PNG"), "a.png")
    assert seen == [["PNG"]]


def test_a_picture_proven_whole_is_not_decoded_again(monkeypatch):
    """A preview composes on every edit: the same bytes are decoded once, not each time."""
    data = picture("JPEG", (64, 48))
    assert filegate.check_image_bytes(data, "a.jpg").size == (64, 48)
    monkeypatch.setattr(Image, "open", lambda *a, **k: pytest.fail("decoded again"))
    assert filegate.check_image_bytes(data, "a.jpg").size == (64, 48)
    with pytest.raises(FileRefused, match="far too many pixels"):  # each caller's own limit
        filegate.check_image_bytes(data, "a.jpg", max_pixels=100)


@pytest.mark.parametrize("name", ["gate-truncated.png", "gate-truncated.jpg"])
def test_a_picture_cut_short_is_refused(name):
    with pytest.raises(FileRefused, match="not a complete") as info:
        filegate.read_image(HOSTILE / name, shown=name)
    assert info.value.reason == "broken"


def test_a_header_with_no_size_is_refused():
    with pytest.raises(FileRefused, match="not a complete JPEG"):
        filegate.check_image_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "cut.jpg")


@pytest.mark.parametrize(
    ("size", "shown"),
    [((9000, 9000), "far too many pixels (9,000 × 9,000)"), ((20_000, 4), "20,000 × 4 pixels")],
)
def test_pixel_limits_are_decided_from_the_header_in_silence(size, shown, capfd):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(FileRefused, match=shown.replace("(", r"\(").replace(")", r"\)")):
            filegate.check_image_bytes(png_declaring(*size), "big.png")
    assert not [w for w in caught if issubclass(w.category, Image.DecompressionBombWarning)]
    assert capfd.readouterr().err == ""


def test_a_144_megapixel_logo_is_refused_without_a_warning(capfd):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(FileRefused, match="far too many pixels") as info:
            filegate.read_image(HOSTILE / "gate-144mpx-logo.png")
    assert info.value.reason == "pixels" and not caught
    assert capfd.readouterr().err == ""


def test_a_gif_frame_reaching_past_its_screen_is_checked_as_decoded():
    """A GIF's header size is its screen; Pillow grows the size to the first frame's."""
    data = bytearray(picture("GIF", (20, 20)))
    data[6:10] = struct.pack("<HH", 4, 4)  # claim a 4 × 4 screen
    image = filegate.check_image_bytes(bytes(data), "grow.gif")
    assert image.size == (20, 20)


@settings(max_examples=200, deadline=None)
@given(
    prefix=st.sampled_from([b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF89a", b"%!PS", b""]),
    body=st.binary(max_size=200),
)
def test_any_bytes_give_a_picture_or_a_refusal_never_an_internal_error(prefix, body):
    try:
        image = filegate.check_image_bytes(prefix + body, "x.png")
    except FileRefused as exc:
        assert "\n" not in exc.message
    else:
        assert image.format in filegate.IMAGE_FORMATS


# ---- fonts ---------------------------------------------------------------------------------


def test_a_truetype_font_passes():
    path = asset("fonts", "LiberationSans-Regular.ttf")
    assert filegate.read_font(path) == path.read_bytes()


@pytest.mark.parametrize("magic", [b"\x00\x01\x00\x00", b"OTTO", b"true"])
def test_truetype_and_opentype_magic_pass(magic):
    filegate.check_font_bytes(magic + b"\0" * 20, "f.ttf")


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"just some text\n", "its content is something else"),
        (b"wOFF" + b"\0" * 20, "it is a web font"),
        (b"ttcf" + b"\0" * 20, "it is a font collection"),
        (b"", "it is empty"),
    ],
)
def test_anything_else_named_ttf_is_refused(tmp_path, data, why):
    file = tmp_path / "brand.ttf"
    file.write_bytes(data)
    with pytest.raises(FileRefused, match=re.escape(f"brand.ttf is not a font ({why}")):
        filegate.read_font(file, shown="brand.ttf")
