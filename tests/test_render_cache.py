"""The render's pieces kept in the user's cache folder (issue 16, point 1): QR codes, the
chart's picture, the DOCX template and the scaled logo (model/cache.py's cached_bytes).

A piece from the cache is the piece made afresh; a damaged entry (torn, flipped, of the
wrong shape) is made again; a cache that cannot be written costs only time; and the files a
render writes are the same whether the cache was empty or full.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import segno
from packs import EXAMPLE

from briefpack.document.qr_fit import SURE_FIT_BYTES, qr_fits
from briefpack.model import cache
from briefpack.model.cache import cache_dir, cached_bytes, read_checked, write_checked
from briefpack.render.pdf import flowables
from briefpack.render.raster import pictures

URL = "https://www.gov.uk/report-terrorism"


class Maker:
    """make() for cached_bytes that counts its calls."""

    def __init__(self, data: bytes) -> None:
        self.data, self.calls = data, 0

    def __call__(self) -> bytes:
        self.calls += 1
        return self.data


def entry_files(kind: str) -> list[Path]:
    return sorted((cache_dir() / kind).glob("*.bin"))


def test_a_hit_returns_the_bytes_made_without_making_them_again():
    make = Maker(b"piece")
    assert cached_bytes("test", make, ("a", 1)) == b"piece"
    assert cached_bytes("test", make, ("a", 1)) == b"piece"
    assert make.calls == 1
    assert cached_bytes("test", make, ("a", 2)) == b"piece"  # other parts, another entry
    assert make.calls == 2


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[: len(raw) // 2],  # torn write
        lambda raw: raw[:-1] + bytes([raw[-1] ^ 1]),  # one bit flipped in the piece
        lambda raw: raw[:20] + bytes([raw[20] ^ 1]) + raw[21:],  # …or in the digest
        lambda raw: b"",
        lambda raw: b"GIF89a" + raw,
    ],
)
def test_a_damaged_entry_is_made_again_and_repaired(damage):
    make = Maker(b"the piece, whole")
    cached_bytes("test", make, ("x",))
    (entry,) = entry_files("test")
    entry.write_bytes(damage(entry.read_bytes()))
    assert cached_bytes("test", make, ("x",)) == b"the piece, whole"
    assert make.calls == 2
    assert cached_bytes("test", make, ("x",)) == b"the piece, whole"
    assert make.calls == 2  # repaired: a hit again


def test_an_entry_of_the_wrong_shape_is_made_again():
    make = Maker(b"\x89PNG\r\n\x1a\n...")
    cached_bytes("test", make, ("y",), pictures.is_png)
    (entry,) = entry_files("test")
    key = entry.stem
    write_checked("test", key, b"not a picture")  # a sound entry, but not a PNG
    assert read_checked("test", key) == b"not a picture"
    assert cached_bytes("test", make, ("y",), pictures.is_png) == make.data
    assert make.calls == 2


def test_a_cache_that_cannot_be_written_costs_only_time(user_data_dir):
    (user_data_dir / "cache").write_text("a file where the cache folder would be")
    make = Maker(b"piece")
    assert cached_bytes("test", make, ("z",)) == b"piece"
    assert cached_bytes("test", make, ("z",)) == b"piece"
    assert make.calls == 2


def test_cached_qr_codes_are_the_codes_made_afresh():
    flowables._qr_ops.cache_clear()
    pictures.qr_png.cache_clear()
    ops = flowables._qr_ops(URL)
    png = pictures.qr_png(URL)
    assert entry_files("qr")  # both kept
    flowables._qr_ops.cache_clear()
    pictures.qr_png.cache_clear()
    assert flowables._qr_ops(URL) == ops  # from the cache now
    assert pictures.qr_png(URL) == png
    count, fresh = flowables._encode_qr_ops(URL).decode().split("\n", 1)
    assert (int(count), fresh) == ops
    assert pictures._encode_qr_png(URL) == png


def test_an_address_below_the_sure_size_fits_in_a_qr_code_whatever_its_letters():
    for unit in ("a", "A", "7", "é", "€", "漢", "😀"):
        text = unit * (SURE_FIT_BYTES // len(unit.encode()))
        url = "https://x.example/" + text[: len(text) - 20]
        assert len(url.encode()) <= SURE_FIT_BYTES
        segno.make(url, error="m", micro=False)  # no DataOverflowError
        assert qr_fits(url)
    assert not qr_fits("https://x.example/" + "é" * 3000)


# ---- whole renders, cache empty and full ----------------------------------------------------


def render(out: Path, user_dir: Path) -> dict[str, bytes]:
    """`briefpack render --format both --invariant` in a fresh process."""
    env = {**os.environ, "BRIEFPACK_USER_DIR": str(user_dir)}
    command = [sys.executable, "-m", "briefpack", "render", str(EXAMPLE), "--format", "both"]
    command += ["--invariant", "-o", f"{out}/"]
    subprocess.run(command, check=True, env=env, capture_output=True)
    return {path.suffix: path.read_bytes() for path in out.iterdir()}


def docx_parts(data: bytes) -> dict[str, bytes]:
    """The parts of a DOCX but its core properties (which carry the time it was made)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {n: archive.read(n) for n in archive.namelist() if n != "docProps/core.xml"}


def test_a_render_is_the_same_with_the_cache_empty_full_or_damaged(tmp_path):
    user = tmp_path / "user"
    cold = render(tmp_path / "cold", user)
    kinds = {folder.name for folder in (user / "cache").iterdir()}
    assert {"qr", "chart", "docx-template", "logo"} <= kinds
    warm = render(tmp_path / "warm", user)
    for entry in (user / "cache").glob("*/*.bin"):  # every entry torn
        entry.write_bytes(entry.read_bytes()[:-7])
    damaged = render(tmp_path / "damaged", user)
    (tmp_path / "blocked").write_text("no cache folder can be made here")
    blocked = render(tmp_path / "no-cache", tmp_path / "blocked")
    for other in (warm, damaged, blocked):
        assert other[".pdf"] == cold[".pdf"]
        assert docx_parts(other[".docx"]) == docx_parts(cold[".docx"])


def test_the_cache_is_the_users_cache_folder(user_data_dir):
    assert cache.cache_dir() == user_data_dir / "cache"


def test_the_preview_helpers_render_uses_the_same_cache():
    from briefpack.model.packfile import load_pack
    from briefpack.render.pdf import page
    from briefpack.services.preview import render_preview

    flowables._qr_ops.cache_clear()
    page._scaled_logo.cache_clear()
    pdf, _places = render_preview(load_pack(EXAMPLE), EXAMPLE.parent, EXAMPLE)
    assert pdf.startswith(b"%PDF-")
    assert entry_files("qr") and entry_files("logo")  # what the helper made, kept


def test_the_cache_keeps_the_newest_entries_of_a_kind_only(monkeypatch):
    monkeypatch.setattr(cache, "MAX_ENTRIES", 5)
    for number in range(8):
        write_checked("test", f"key{number}", b"piece")
        os.utime(cache_dir() / "test" / f"key{number}.bin", ns=(number, number))
    write_checked("test", "key8", b"piece")
    assert len(entry_files("test")) == 5
    assert read_checked("test", "key8") == b"piece"
    assert read_checked("test", "key0") is None


@pytest.mark.parametrize(
    ("mode", "image_format", "suffix"),
    [("RGB", "JPEG", "jpg"), ("L", "PNG", "png"), ("P", "GIF", "gif"), ("RGBA", "PNG", "png")],
)
def test_a_logo_from_the_cache_draws_the_same_pdf(user_data_dir, mode, image_format, suffix):
    from packs import pack_data
    from PIL import Image

    from briefpack.document.compose import compose
    from briefpack.model.packfile import pack_from_data
    from briefpack.render.pdf import page
    from briefpack.render.pdf.writer import render_pdf

    folder = user_data_dir / "brands" / "logo-test"
    folder.mkdir(parents=True)
    logo = Image.new(
        mode, (900, 700), 120 if mode in ("L", "P") else (20, 90, 160, 200)[: len(mode)]
    )
    logo.save(folder / f"logo.{suffix}", format=image_format)
    brand = {
        "format": "briefpack/brand",
        "version": 1,
        "id": "logo-test",
        "name": "Logo test",
        "logo": f"logo.{suffix}",
    }
    (folder / "brand.json").write_text(json.dumps(brand))
    doc = compose(pack_from_data(pack_data(brand="logo-test")), ".")
    page._scaled_logo.cache_clear()
    fresh = render_pdf(doc, invariant=True)
    assert bool(entry_files("logo")) == (mode != "P")  # a palette logo is scaled each time
    page._scaled_logo.cache_clear()
    assert render_pdf(doc, invariant=True) == fresh  # the logo from the cache, if kept
