"""Pack bundles: a pack with its pictures in one zip; opening one extracts nothing outside a
private folder and refuses links, absolute names and zip bombs."""

from __future__ import annotations

import io
import json
import stat
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefpack.model.bundle import (
    PACK_ENTRY,
    BundleError,
    bundle_bytes,
    is_bundle,
    open_bundle,
    write_bundle,
)
from briefpack.model.cache import cache_dir
from briefpack.model.packfile import load_pack
from tests.packs import pack_data

PNG = (  # a whole 1 × 1 PNG (the file gate decodes every picture in full)
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
    b"\x90wS\xde\x00\x00\x00\x0cIDATx\xdac8!'\x07\x00\x02\xb6\x01\x05\n[\xa6\x06\x00\x00\x00\x00"
    b"IEND\xaeB`\x82"
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
    with pytest.raises(BundleError, match=r"sections\[0\]\.path: .* outside the pack's folder"):
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
    assert len(err.splitlines()) == 1 and "is outside the pack's folder" in err
    assert not (tmp_path / "src" / "brief.bpackz").exists()


# ---- pictures outside the pack's folder (issue 18 point 4) ---------------------------------


def outside_layouts(tmp_path: Path) -> dict[str, tuple[Path, Path]]:
    """For each way a path leaves the folder: (pack, the picture it reaches)."""
    secret = tmp_path / "elsewhere" / "secret.png"
    secret.parent.mkdir()
    secret.write_bytes(PNG)
    packs = {}
    for how, path in {"absolute": str(secret), "dotdot": "../elsewhere/secret.png"}.items():
        (tmp_path / how).mkdir()
        packs[how] = (pack_with_picture_named(tmp_path / how, path), secret)
    link_folder = tmp_path / "link"
    link_folder.mkdir()
    (link_folder / "logo.png").symlink_to(secret)  # as a zip or tar may keep it
    packs["link"] = (pack_with_picture_named(link_folder, "logo.png"), secret)
    return packs


def pack_with_picture_named(folder: Path, path: str) -> Path:
    """A pack naming `path` without writing a picture there."""
    pack = folder / "brief.bpack"
    data = pack_data({"kind": "image", "path": path, "alt": "A logo"})
    pack.write_text(json.dumps(data), encoding="utf-8")
    return pack


@pytest.mark.parametrize("how", ["absolute", "dotdot", "link"])
def test_an_outside_picture_goes_in_only_when_allowed_and_under_an_inside_name(tmp_path, how):
    pack, secret = outside_layouts(tmp_path)[how]
    loaded = load_pack(pack)
    with pytest.raises(BundleError, match=r"brief\.bpack: sections\[0\]\.path: .*outside"):
        bundle_bytes(loaded, pack.parent, str(pack))
    for allow in (True, {secret}):
        data = bundle_bytes(loaded, pack.parent, str(pack), allow_outside=allow)
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = sorted(zf.namelist())
            assert names[0] == "images/01-" + ("logo.png" if how == "link" else "secret.png")
            assert names[1:] == [PACK_ENTRY]
            assert zf.read(names[0]) == PNG
            assert json.loads(zf.read(PACK_ENTRY))["sections"][0]["path"] == names[0]
    assert loaded.sections[0].path != names[0], "the pack itself is not changed"


def test_allowing_other_files_does_not_allow_this_one(tmp_path):
    pack, _secret = outside_layouts(tmp_path)["dotdot"]
    with pytest.raises(BundleError, match="outside the pack's folder"):
        bundle_bytes(load_pack(pack), pack.parent, str(pack), allow_outside={tmp_path / "other"})


def test_write_bundle_passes_the_allowance_on(tmp_path):
    pack, _secret = outside_layouts(tmp_path)["absolute"]
    with pytest.raises(BundleError):
        write_bundle(pack, tmp_path / "no.bpackz")
    assert not (tmp_path / "no.bpackz").exists()
    opened = open_bundle(
        write_bundle(pack, tmp_path / "yes.bpackz", allow_outside=True), into=tmp_path / "p"
    )
    assert (opened.parent / load_pack(opened).sections[0].path).read_bytes() == PNG


def test_the_entry_name_takes_its_extension_from_the_content(tmp_path):
    """A PNG called `photo.jpeg~` was bundled as `images/01-photo.jpeg~`, a name the bundle
    then refused to open; the extension now comes from what the picture is."""
    pack = pack_with_picture(tmp_path / "src", "photo.jpeg~")
    out = write_bundle(pack, tmp_path / "b.bpackz")
    opened = open_bundle(out, into=tmp_path / "private")
    assert load_pack(opened).sections[0].path == "images/01-photo.png"


def test_one_picture_shown_twice_is_bundled_once(tmp_path):
    pack = pack_with_picture(tmp_path / "src", "logo.png")
    data = json.loads(pack.read_text(encoding="utf-8"))
    data["sections"].append({"kind": "image", "path": "./logo.png", "alt": "Again"})
    pack.write_text(json.dumps(data), encoding="utf-8")
    with zipfile.ZipFile(io.BytesIO(bundle_bytes(load_pack(pack), pack.parent))) as zf:
        assert zf.namelist() == [PACK_ENTRY, "images/01-logo.png"]
        paths = [s["path"] for s in json.loads(zf.read(PACK_ENTRY))["sections"]]
    assert paths == ["images/01-logo.png", "images/01-logo.png"]


def test_a_device_allowed_outside_is_still_refused_by_the_file_gate(tmp_path):
    pack = pack_with_picture_named(tmp_path, "/dev/zero")
    with pytest.raises(BundleError, match=r"sections\[0\]\.path: /dev/zero is a device"):
        bundle_bytes(load_pack(pack), tmp_path, str(pack), allow_outside=True)


# ---- hostile bundles: tests/hostile/zip-*.bpackz (made by tests/hostile/zip-make.py) ------

HOSTILE = Path(__file__).parent / "hostile"
# file -> what its one line says after "<file>: "
HOSTILE_BUNDLES = {
    "zip-link.bpackz": "'images/01-logo.png' is a link; a bundle holds files only",
    "zip-absolute-name.bpackz": "'/tmp/zip-absolute.txt' is not a file name a bundle may hold",
    "zip-dotdot-name.bpackz": "'../zip-dotdot.txt' is not a file name a bundle may hold",
    "zip-images-dotdot-name.bpackz": "'images/../../zip-dotdot.png' is not a file name",
    "zip-backslash-name.bpackz": "is not a file name a bundle may hold",
    "zip-unknown-entry.bpackz": "'run.sh' is not part of a pack bundle",
    "zip-bomb.bpackz": "'images/01-logo.png' unpacks to far more than it holds (a zip bomb?)",
    "zip-many-small-bomb.bpackz": "the bundle unpacks to far more than it holds (a zip bomb?)",
    "zip-many-entries.bpackz": "201 entries, more than a pack bundle holds",
    "zip-not-a-zip.bpackz": "not a readable bundle (File is not a zip file)",
    "zip-no-pack.bpackz": "not a pack bundle (it needs exactly one pack.bpack)",
    "zip-encrypted.bpackz": "'pack.bpack' is locked with a password",
    "zip-bad-crc.bpackz": "'pack.bpack' cannot be unpacked, the bundle is damaged (Bad CRC-32",
    "zip-bad-utf8-name.bpackz": "not a readable bundle (a name in it is not text)",
    "zip-not-a-picture.bpackz": "images/01-logo.png is not an image briefpack can use",
    "zip-broken-pack.bpackz": "meta.title: field required",
}


def test_every_hostile_bundle_file_has_a_case():
    on_disk = {p.name for p in HOSTILE.glob("zip-*.bpackz")}
    assert on_disk == {*HOSTILE_BUNDLES, "zip-outside-picture.bpackz"}


@pytest.mark.parametrize("name", sorted(HOSTILE_BUNDLES))
def test_a_hostile_bundle_file_is_refused_with_nothing_extracted(tmp_path, name):
    bundle = tmp_path / name
    bundle.write_bytes((HOSTILE / name).read_bytes())
    with pytest.raises(BundleError) as caught:
        open_bundle(bundle)  # into briefpack's own cache, as the CLI and the app open it
    message = str(caught.value)
    assert message.startswith(f"{bundle}: ") and HOSTILE_BUNDLES[name] in message
    assert "\n" not in message and "cache" not in message
    assert not (cache_dir() / "bundles").exists()
    assert [p.name for p in tmp_path.iterdir()] == [name]


def test_a_good_bundle_opens_into_a_private_folder_in_the_cache(tmp_path):
    pack = pack_with_picture(tmp_path / "src")
    opened = open_bundle(write_bundle(pack, tmp_path / "brief.bpackz"))
    assert opened.parent.parent == cache_dir() / "bundles"
    assert stat.S_IMODE(opened.parent.stat().st_mode) == 0o700
    again = open_bundle(tmp_path / "brief.bpackz")  # the same bundle opens in the same place
    assert again == opened and load_pack(again).sections[0].alt == "A logo"


def test_is_bundle_goes_by_the_extension_in_any_case():
    assert is_bundle("a/b.bpackz") and is_bundle(Path("B.BPACKZ"))
    assert not is_bundle("b.bpack") and not is_bundle("b.bpackz.json")


def _good_bundle_bytes() -> bytes:
    data = pack_data({"kind": "image", "path": "images/01-logo.png", "alt": "A logo"})
    return zip_of({PACK_ENTRY: json.dumps(data).encode(), "images/01-logo.png": PNG})


_GOOD = _good_bundle_bytes()


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, len(_GOOD) - 1), st.integers(0, 255)), min_size=1, max_size=6
    ),
    st.integers(0, len(_GOOD)),
)
def test_a_damaged_bundle_opens_or_is_refused_in_one_line(changes, cut):
    """Any byte changed and any tail cut off: the bundle opens, or BundleError says why in one
    line; never another exception (which the CLI would report as an internal error)."""
    raw = bytearray(_GOOD)
    for at, value in changes:
        raw[at] = value
    with tempfile.TemporaryDirectory() as folder:
        bundle = Path(folder) / "damaged.bpackz"
        bundle.write_bytes(bytes(raw[:cut] if cut else raw))
        try:
            opened = open_bundle(bundle, into=Path(folder) / "private")
        except BundleError as exc:
            assert "\n" not in str(exc) and str(bundle) in str(exc)
            assert not (Path(folder) / "private").exists()
        else:
            load_pack(opened)
