"""Pack bundles: a pack with its pictures in one zip; opening one extracts nothing outside a
private folder and refuses links, absolute names and zip bombs."""

from __future__ import annotations

import io
import json
import stat
import zipfile
from pathlib import Path

import pytest

from briefpack.model.bundle import (
    PACK_ENTRY,
    BundleError,
    bundle_bytes,
    open_bundle,
    write_bundle,
)
from briefpack.model.packfile import load_pack
from tests.packs import pack_data

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


def pack_with_picture(folder: Path, path: str = "pics/logo 1.png") -> Path:
    picture = folder / path
    picture.parent.mkdir(parents=True, exist_ok=True)
    picture.write_bytes(PNG)
    data = pack_data({"kind": "image", "path": path, "alt": "A logo"})
    pack = folder / "brief.bpack"
    pack.write_text(json.dumps(data), encoding="utf-8")
    return pack


def zip_of(entries: dict[str, bytes], link: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
        if link is not None:
            info = zipfile.ZipInfo(link)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            zf.writestr(info, "/etc/passwd")
    return buffer.getvalue()


def test_a_bundle_round_trips_the_pack_and_its_picture(tmp_path):
    pack = pack_with_picture(tmp_path / "src")
    out = write_bundle(pack, tmp_path / "brief.bpackz")
    opened = open_bundle(out, into=tmp_path / "private")
    loaded = load_pack(opened)
    image = loaded.sections[0]
    assert image.path.startswith("images/01-logo-1")
    assert (opened.parent / image.path).read_bytes() == PNG
    assert opened.parent == tmp_path / "private"


def test_a_picture_outside_the_pack_folder_is_not_bundled(tmp_path):
    (tmp_path / "secret.png").write_bytes(PNG)
    pack = pack_with_picture(tmp_path / "src", "../secret.png")
    with pytest.raises(BundleError, match=r"sections\[0\]\.path.*not a file in the pack's folder"):
        bundle_bytes(load_pack(pack), pack.parent, str(pack))


@pytest.mark.parametrize(
    ("entries", "link", "expected"),
    [
        ({PACK_ENTRY: b"{}", "../evil.sh": b"x"}, None, "not a file name"),
        ({PACK_ENTRY: b"{}", "/etc/evil": b"x"}, None, "not a file name"),
        ({PACK_ENTRY: b"{}", "images/../../x.png": b"x"}, None, "not a file name"),
        ({PACK_ENTRY: b"{}", "run.sh": b"x"}, None, "not part of a pack bundle"),
        ({PACK_ENTRY: b"{}"}, "images/link.png", "is a link"),
        ({"images/a.png": PNG}, None, "not a pack bundle"),
        ({PACK_ENTRY: b"{}", "images/bomb.png": b"\0" * 30_000_000}, None, "zip bomb"),
    ],
)
def test_hostile_bundles_are_refused_before_anything_is_written(tmp_path, entries, link, expected):
    bundle = tmp_path / "hostile.bpackz"
    bundle.write_bytes(zip_of(entries, link))
    private = tmp_path / "private"
    with pytest.raises(BundleError, match=expected) as caught:
        open_bundle(bundle, into=private)
    assert str(bundle) in str(caught.value)
    assert not private.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hostile.bpackz"]


def test_not_a_zip_is_one_line(tmp_path):
    bundle = tmp_path / "nope.bpackz"
    bundle.write_bytes(b"hello")
    with pytest.raises(BundleError, match="not a readable bundle"):
        open_bundle(bundle, into=tmp_path / "private")


def test_the_cli_writes_a_bundle_beside_the_pack_or_into_a_folder(tmp_path, capsys):
    from briefpack.cli import main

    pack = pack_with_picture(tmp_path / "src")
    assert main(["bundle", str(pack)]) == 0
    assert (tmp_path / "src" / "brief.bpackz").is_file()
    (tmp_path / "out").mkdir()
    assert main(["bundle", str(pack), "-o", str(tmp_path / "out")]) == 0
    opened = open_bundle(tmp_path / "out" / "brief.bpackz", into=tmp_path / "private")
    assert load_pack(opened).sections[0].alt == "A logo"


def test_the_cli_refuses_a_picture_outside_the_folder_in_one_line(tmp_path, capsys):
    from briefpack.cli import main

    (tmp_path / "secret.png").write_bytes(PNG)
    pack = pack_with_picture(tmp_path / "src", "../secret.png")
    assert main(["bundle", str(pack)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "not a file in the pack's folder" in err
    assert not (tmp_path / "src" / "brief.bpackz").exists()
