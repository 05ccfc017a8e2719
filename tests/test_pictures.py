"""Saving a pack into another folder carries its pictures: copied beside the new file, never
over a different file, never through a link, and only pictures (read through the gate)."""

from __future__ import annotations

import errno
import io
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from briefpack.model import pictures
from briefpack.model.errors import SaveError
from briefpack.model.pack import Pack
from briefpack.model.packfile import pack_from_data
from briefpack.model.pictures import carry_pictures
from tests.packs import pack_data


def png(shade: int = 0) -> bytes:
    """A small whole PNG; each shade gives different bytes."""
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), (shade % 256, shade // 256 % 256, 40)).save(buffer, "PNG")
    return buffer.getvalue()


def pack_naming(*paths: str) -> Pack:
    sections = [{"kind": "image", "path": p, "alt": f"picture {n}"} for n, p in enumerate(paths)]
    pack = pack_from_data(pack_data(*sections))
    assert isinstance(pack, Pack)
    return pack


def put(file: Path, data: bytes) -> Path:
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_bytes(data)
    return file


def paths(pack: Pack) -> list[str]:
    return [s.path for s in pack.sections]


@pytest.fixture
def old(tmp_path) -> Path:
    folder = tmp_path / "old"
    folder.mkdir()
    return folder


@pytest.fixture
def new(tmp_path) -> Path:
    folder = tmp_path / "new"
    folder.mkdir()
    return folder


def test_pictures_are_copied_under_the_same_names(old, new):
    put(old / "pics" / "logo 1.png", png(1))
    put(old / "map.png", png(2))
    carried, notes = carry_pictures(pack_naming("pics/logo 1.png", "map.png"), old, new)
    assert paths(carried) == ["pics/logo 1.png", "map.png"] and notes == []
    assert (new / "pics" / "logo 1.png").read_bytes() == png(1)
    assert (new / "map.png").read_bytes() == png(2)


def test_the_same_folder_copies_nothing(old):
    put(old / "map.png", png(2))
    pack = pack_naming("map.png")
    carried, notes = carry_pictures(pack, old, old / ".")
    assert carried == pack and carried is not pack and notes == []
    assert sorted(p.name for p in old.iterdir()) == ["map.png"]


def test_an_identical_file_already_there_is_used_as_it_is(old, new):
    put(old / "map.png", png(2))
    there = put(new / "map.png", png(2))
    before = there.stat()
    carried, notes = carry_pictures(pack_naming("map.png"), old, new)
    assert paths(carried) == ["map.png"] and notes == []
    after = there.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_a_different_file_with_the_name_is_kept_and_the_picture_takes_a_new_name(old, new):
    put(old / "pics" / "map.png", png(2))
    theirs = put(new / "pics" / "map.png", png(9))
    put(new / "pics" / "map-2.png", png(8))
    carried, notes = carry_pictures(pack_naming("pics/map.png"), old, new)
    assert paths(carried) == ["pics/map-3.png"]
    assert theirs.read_bytes() == png(9) and (new / "pics" / "map-2.png").read_bytes() == png(8)
    assert (new / "pics" / "map-3.png").read_bytes() == png(2)
    assert notes == [
        "The picture pics/map.png was copied as pics/map-3.png, because that folder already "
        "has a different file called pics/map.png."
    ]


def test_a_link_with_the_name_is_never_written_through(old, new, tmp_path):
    put(old / "map.png", png(2))
    victim = put(tmp_path / "victim.txt", b"keep me")
    (new / "map.png").symlink_to(victim)
    (new / "map-2.png").symlink_to(tmp_path / "nowhere.png")  # a dangling link is taken too
    carried, _notes = carry_pictures(pack_naming("map.png"), old, new)
    assert paths(carried) == ["map-3.png"]
    assert victim.read_bytes() == b"keep me" and not (tmp_path / "nowhere.png").exists()
    assert (new / "map-3.png").read_bytes() == png(2)


def test_a_folder_that_is_a_link_is_never_written_into(old, new, tmp_path):
    put(old / "pics" / "map.png", png(2))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (new / "pics").symlink_to(elsewhere, target_is_directory=True)
    carried, _notes = carry_pictures(pack_naming("pics/map.png"), old, new)
    assert paths(carried) == ["map.png"]
    assert list(elsewhere.iterdir()) == []
    assert (new / "map.png").read_bytes() == png(2)


def test_absolute_paths_stay_and_are_not_copied(old, new, tmp_path):
    picture = put(tmp_path / "shared" / "crest.png", png(3))
    carried, notes = carry_pictures(pack_naming(str(picture)), old, new)
    assert paths(carried) == [str(picture)] and notes == []
    assert list(new.iterdir()) == []


def test_a_path_leading_out_is_not_copied_but_still_names_the_same_file(old, new, tmp_path):
    picture = put(tmp_path / "shared" / "crest.png", png(3))
    deeper = new / "deeper"
    deeper.mkdir()
    carried, notes = carry_pictures(pack_naming("../shared/crest.png"), old, deeper)
    assert paths(carried) == [str(picture.resolve())]
    assert "outside the pack's folder, so it was not copied" in notes[0]
    assert list(deeper.iterdir()) == []
    # From a sibling folder the same ../ path still names the same picture: kept as written.
    carried, notes = carry_pictures(pack_naming("../shared/crest.png"), old, new)
    assert paths(carried) == ["../shared/crest.png"] and notes == []


def test_a_link_in_the_old_folder_leading_out_is_not_read(old, new, tmp_path):
    secret = put(tmp_path / "home" / "secret.png", png(7))
    (old / "nice.png").symlink_to(secret)
    carried, _notes = carry_pictures(pack_naming("nice.png"), old, new)
    assert paths(carried) == [str(secret.resolve())]  # still refused later without a yes
    assert list(new.iterdir()) == []


def test_saving_one_folder_up_names_the_picture_where_it_is(old):
    put(old / "pics" / "map.png", png(2))
    carried, notes = carry_pictures(pack_naming("pics/map.png"), old, old.parent)
    assert paths(carried) == ["old/pics/map.png"] and notes == []
    assert sorted(p.name for p in old.parent.iterdir()) == ["old"]


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda f: None, "file not found"),
        (lambda f: f.write_text("not a picture"), "not an image"),
        (lambda f: os.mkfifo(f), "a pipe (FIFO)"),
    ],
)
def test_a_picture_that_cannot_be_read_is_left_named_and_reported(old, new, make, expected):
    make(old / "map.png")
    carried, notes = carry_pictures(pack_naming("map.png"), old, new)
    assert paths(carried) == ["map.png"]
    assert len(notes) == 1 and notes[0].startswith("The picture map.png was not copied")
    assert expected in notes[0]
    assert list(new.iterdir()) == []


def test_a_picture_shown_twice_is_copied_once(old, new):
    put(old / "map.png", png(2))
    put(new / "map.png", png(5))
    carried, notes = carry_pictures(pack_naming("map.png", "./map.png"), old, new)
    assert paths(carried) == ["map-2.png", "map-2.png"] and len(notes) == 1
    assert sorted(p.name for p in new.iterdir()) == ["map-2.png", "map.png"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (".bashrc", "bashrc.png"),  # never a hidden file in the officer's folder
        ("run.sh", "run.sh.png"),  # the name says what the content is
        ("photo.JPEG", "photo.JPEG.png"),  # a PNG is not saved as a JPEG
        ("a\\b.png", "a-b.png"),
        ("..png", "picture.png"),
    ],
)
def test_a_name_that_is_not_a_pictures_is_made_one(old, new, name, expected):
    put(old / name, png(4))
    carried, notes = carry_pictures(pack_naming(name), old, new)
    assert paths(carried) == [expected]
    assert [p.name for p in new.iterdir()] == [expected]
    assert notes == [
        f"The picture {name} was copied as {expected}, because its name was not one a "
        "picture may be saved under."
    ]


def test_a_failed_write_leaves_no_half_file_and_names_it(old, new, monkeypatch):
    put(old / "map.png", png(2))

    def disk_full(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pictures.os, "write", disk_full)
    with pytest.raises(SaveError, match=r"map\.png: could not save the picture") as caught:
        carry_pictures(pack_naming("map.png"), old, new)
    assert str(new / "map.png") in caught.value.message
    monkeypatch.undo()
    assert list(new.iterdir()) == []


def test_no_free_name_is_an_error_not_an_overwrite(old, new, monkeypatch):
    put(old / "map.png", png(2))
    put(new / "map.png", png(5))
    monkeypatch.setattr(pictures, "MAX_TRIES", 3)
    put(new / "map-2.png", png(6))
    with pytest.raises(SaveError, match="no free name"):
        carry_pictures(pack_naming("map.png"), old, new)
    assert (new / "map.png").read_bytes() == png(5)


# ---- any file name -----------------------------------------------------------------------------

NAME_CHARS = st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00")
# Plain names (which collide with what is in the way) as well as anything a file may be called.
STEMS = st.one_of(
    st.from_regex(r"[A-Za-z0-9][A-Za-z0-9 ._-]{0,10}", fullmatch=True),
    st.text(NAME_CHARS, min_size=1, max_size=20),
).filter(lambda n: n not in (".", ".."))
FILE_NAMES = st.builds(
    str.__add__, STEMS, st.sampled_from([".png", ".png", ".PNG", ".jpg", "", ".txt"])
).filter(lambda n: n not in (".", ".."))
IN_THE_WAY = st.sampled_from(["nothing", "same", "different", "link", "folder"])


def _is_link_free(root: Path, relative: str) -> bool:
    here = root
    for part in Path(relative).parts:
        here = here / part
        if here.is_symlink():
            return False
    return True


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    names=st.lists(FILE_NAMES, min_size=1, max_size=4, unique=True),
    folder=st.one_of(st.none(), STEMS),
    in_the_way=st.lists(IN_THE_WAY, min_size=4, max_size=4),
    folder_is_link=st.booleans(),
)
def test_any_names_land_inside_the_new_folder_and_touch_nothing_there(
    names, folder, in_the_way, folder_is_link
):
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        old, new, victim = root / "old", root / "new", put(root / "victim.png", png(99))
        new.mkdir()
        elsewhere = root / "elsewhere"
        elsewhere.mkdir()
        if folder and folder_is_link:  # the picture's folder in the new place leads elsewhere
            (new / folder).symlink_to(elsewhere, target_is_directory=True)
            in_the_way = ["nothing"] * len(in_the_way)
        written = [f"{folder}/{n}" if folder else n for n in names]
        for n, relative in enumerate(written):
            put(old / relative, png(n))
        # Whatever already has the name in the new folder: the same picture, another file,
        # a link to a file elsewhere, or a folder.
        for n, (relative, what) in enumerate(zip(written, in_the_way, strict=False)):
            spot = new / relative
            spot.parent.mkdir(parents=True, exist_ok=True)
            if what == "same":
                spot.write_bytes(png(n))
            elif what == "different":
                spot.write_bytes(png(500 + n))
            elif what == "link":
                spot.symlink_to(victim)
            elif what == "folder":
                spot.mkdir()
        before = {p: (p.is_symlink(), p.is_file() and p.read_bytes()) for p in new.rglob("*")}

        carried, _notes = carry_pictures(pack_naming(*written), old, new)

        for n, path in enumerate(paths(carried)):
            target = new / path
            assert not Path(path).is_absolute() and ".." not in Path(path).parts
            assert target.resolve().is_relative_to(new.resolve())
            assert _is_link_free(new, path)
            assert target.read_bytes() == png(n)
            assert not any(part.startswith(".") for part in Path(path).parts)
        for p, state in before.items():  # nothing that was there changed
            assert (p.is_symlink(), p.is_file() and p.read_bytes()) == state
        assert victim.read_bytes() == png(99) and list(elsewhere.iterdir()) == []
        # Saving again into the same folder finds every picture where it put it.
        again, _notes = carry_pictures(pack_naming(*written), old, new)
        assert paths(again) == paths(carried)
