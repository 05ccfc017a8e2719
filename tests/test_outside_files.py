"""Pictures outside the pack's folder are read only after the officer's yes (issue 18 point 4)."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from briefpack.document.checks import check_pack
from briefpack.document.compose import compose
from briefpack.model import outside
from briefpack.model.errors import ComposeError
from briefpack.model.pack import Meta, Pack, Threat
from briefpack.model.sections import ImageSection
from briefpack.model.threat import ThreatLevel

TODAY = date(2026, 12, 1)


def picture(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (8, 6), "navy").save(path)
    return path


def pack_with(*paths: str) -> Pack:
    sections = [ImageSection(kind="image", path=p, alt="A picture") for p in paths]
    meta = Meta(title="T", date=TODAY, marking="OFFICIAL")
    return Pack(meta=meta, threat=Threat(level=ThreatLevel.SUBSTANTIAL), sections=sections)


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    """(the pack's folder with inside.png, a secret picture elsewhere)."""
    pack_dir = tmp_path / "pack"
    picture(pack_dir / "inside.png")
    secret = picture(tmp_path / "home" / "Pictures" / "secret.png")
    return pack_dir, secret


def test_inside_pictures_are_read_without_asking(folders) -> None:
    pack_dir, _ = folders
    doc = compose(pack_with("inside.png"), pack_dir, today=TODAY)
    assert doc.blocks[-1].width_px == 8


@pytest.mark.parametrize("how", ["absolute", "dotdot", "link"])
def test_outside_pictures_are_refused_by_default(folders, how: str) -> None:
    pack_dir, secret = folders
    path = {
        "absolute": str(secret),
        "dotdot": "../home/Pictures/secret.png",
        "link": "innocent.png",
    }[how]
    if how == "link":  # a link inside the folder, as a zip or tar keeps it, pointing out
        (pack_dir / "innocent.png").symlink_to(secret)
    pack = pack_with("inside.png", path)
    with pytest.raises(ComposeError) as info:
        compose(pack, pack_dir, today=TODAY, source=pack_dir / "p.bpack")
    message = str(info.value)
    assert "sections[1].path" in message and "outside the pack's folder" in message
    assert "allow files outside the pack's folder" in message
    assert "--" not in message  # the model names no command-line flag: the CLI adds its own
    errors = [f for f in check_pack(pack, pack_dir, TODAY) if f.severity == "error"]
    assert [(f.where, "outside the pack's folder" in f.message) for f in errors] == [
        ("sections[1].path", True)
    ]
    assert outside.outside_images(pack, pack_dir) == [(1, path, secret.resolve())]


def test_a_yes_allows_exactly_the_files_it_names(folders, tmp_path: Path) -> None:
    pack_dir, secret = folders
    other = picture(tmp_path / "elsewhere" / "other.png")
    pack = pack_with(str(secret), str(other))
    with pytest.raises(ComposeError, match=r"sections\[1\]\.path"):
        compose(pack, pack_dir, today=TODAY, allow_outside={secret})
    doc = compose(pack, pack_dir, today=TODAY, allow_outside={secret, other})
    assert [type(b).__name__ for b in doc.blocks].count("Image") == 2
    assert compose(pack, pack_dir, today=TODAY, allow_outside=True)
    findings = check_pack(pack, pack_dir, TODAY, allow_outside={secret})
    assert [f.where for f in findings if f.severity == "error"] == ["sections[1].path"]


def test_a_device_is_named_as_a_device_not_as_missing(folders) -> None:
    pack_dir, _ = folders
    findings = check_pack(pack_with("/dev/null"), pack_dir, TODAY, allow_outside=True)
    [error] = [f for f in findings if f.severity == "error"]
    assert "is a device, not an ordinary file" in error.message


def test_a_fifo_in_the_folder_is_named_as_a_pipe(folders) -> None:
    pack_dir, _ = folders
    os.mkfifo(pack_dir / "pipe.png")
    [error] = [
        f for f in check_pack(pack_with("pipe.png"), pack_dir, TODAY) if f.severity == "error"
    ]
    assert "is a pipe (FIFO)" in error.message


def test_the_yes_is_remembered_per_pack_and_per_file(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("BRIEFPACK_USER_DIR", str(tmp_path / "user"))
    one, two = tmp_path / "one.bpack", tmp_path / "two.bpack"
    secret = tmp_path / "secret.png"
    assert outside.allowed_for(one) == set()
    outside.remember_allowed(one, [secret])
    assert outside.allowed_for(one) == {secret.resolve()}
    assert outside.allowed_for(two) == set()  # a yes for one pack is not a yes for another
    outside.remember_allowed(one, [tmp_path / "more.png"])
    assert outside.allowed_for(one) == {secret.resolve(), (tmp_path / "more.png").resolve()}


def test_a_damaged_consent_file_only_means_asking_again(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("BRIEFPACK_USER_DIR", str(tmp_path / "user"))
    (tmp_path / "user").mkdir()
    (tmp_path / "user" / outside.CONSENT_FILE).write_text("[not json", encoding="utf-8")
    assert outside.allowed_for(tmp_path / "p.bpack") == set()
    outside.remember_allowed(tmp_path / "p.bpack", [tmp_path / "x.png"])
    assert outside.allowed_for(tmp_path / "p.bpack") == {(tmp_path / "x.png").resolve()}


def test_a_link_loop_counts_as_outside(folders) -> None:
    pack_dir, _ = folders
    (pack_dir / "loop.png").symlink_to(pack_dir / "loop.png")
    assert outside.outside_file(pack_dir, "loop.png") is not None


segment = st.sampled_from(["a", "b", "..", ".", "inside.png", "sub"])


@given(st.lists(segment, min_size=1, max_size=6))
def test_inside_means_the_resolved_file_is_under_the_folder(tmp_path_factory, parts) -> None:
    pack_dir = tmp_path_factory.mktemp("pk") / "pack"
    (pack_dir / "sub").mkdir(parents=True)
    path = "/".join(parts)
    found = outside.outside_file(pack_dir, path)
    resolved = (pack_dir / path).resolve()
    assert (found is None) == resolved.is_relative_to(pack_dir.resolve())
