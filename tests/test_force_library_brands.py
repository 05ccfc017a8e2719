"""Force brands reach subscribers: published with --brands, synced, listed marked force,
used by `render --brand`, never edited in place, and a bad one skipped with a warning naming
it. Real bare repositories in temporary folders (force_repos helpers); no git program."""

from __future__ import annotations

import io
import json

import pytest
from force_repos import ALICE, Users, bare, raw_commit, run
from packs import EXAMPLE
from PIL import Image

from briefpack.model.brand import Brand, find_brand, list_brands
from briefpack.model.brand_choices import editable_identity
from briefpack.model.brand_store import import_brand, save_user_brand
from briefpack.model.force_folders import force_brand_dirs
from briefpack.model.userdata import user_dir

MANIFEST = b'{"format": "briefpack/force-library", "version": 1}'


def png(colour: str = "#17375E") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 40), colour).save(out, "PNG")
    return out.getvalue()


def brand_json(brand_id: str, **fields) -> bytes:
    data = {"format": "briefpack/brand", "version": 1, "id": brand_id, "name": "Valley"}
    return json.dumps(data | fields).encode()


@pytest.fixture
def users(tmp_path, monkeypatch) -> Users:
    return Users(tmp_path, monkeypatch)


def published(tmp_path, users, capsys) -> bytes:
    """Alice publishes her brand 'valley' (own logo, built-in fonts); Bob subscribes and
    syncs. The logo's bytes."""
    repo = bare(tmp_path)
    folder = users.be("alice")
    logo = folder / "crest.png"
    logo.write_bytes(png())
    save_user_brand(Brand(id="valley", name="Valley Police", primary="#224466"), logo)
    code, out, err = run(capsys, "library", "publish", str(repo), "--author", ALICE, "--brands")
    assert code == 0 and "brands/valley/brand.json" in out, err
    users.be("bob")
    run(capsys, "library", "subscribe", str(repo))
    code, out, err = run(capsys, "library", "sync")
    assert code == 0 and "1 brand" in out, err
    return logo.read_bytes()


def test_nothing_is_set_out_before_a_sync(users) -> None:
    users.be("bob")
    assert force_brand_dirs() == []
    assert not (user_dir() / "force-library").exists()
    assert all(b.kind == "built-in" for b in list_brands())


def test_a_published_brand_is_listed_marked_force_and_renders(tmp_path, users, capsys):
    logo = published(tmp_path, users, capsys)
    code, out, _ = run(capsys, "brands", "list")
    assert code == 0 and "valley  Valley Police  [force]" in out
    brand = find_brand("valley")
    assert (brand.kind, brand.force, brand.read_only) == ("force", True, True)
    assert brand.primary == "#224466" and brand.logo_path.read_bytes() == logo
    target = tmp_path / "out"
    code, out, err = run(capsys, "render", str(EXAMPLE), "--brand", "valley", "-o", str(target))
    assert code == 0, err
    assert (tmp_path / "out.pdf").read_bytes().startswith(b"%PDF-")


def test_the_force_brand_ranks_above_your_own_of_the_same_id(tmp_path, users, capsys):
    published(tmp_path, users, capsys)
    save_user_brand(Brand(id="valley", name="My valley", primary="#990000"))
    assert find_brand("valley").name == "Valley Police"
    assert [b.name for b in list_brands() if b.id == "valley"] == ["Valley Police"]


def test_a_force_brand_is_edited_as_a_copy_and_never_written_over(tmp_path, users, capsys):
    published(tmp_path, users, capsys)
    force = find_brand("valley")
    before = (force.folder / "brand.json").read_bytes()
    brand_id, name = editable_identity(force, {b.id for b in list_brands()})
    assert brand_id != "valley" and name == "Valley Police (my copy)"
    incoming = tmp_path / "incoming.json"
    incoming.write_bytes(brand_json("valley", name="Someone else's valley", primary="#000000"))
    result = import_brand(incoming)
    assert "a force brand has the id 'valley'" in result.action
    assert find_brand(result.name).name.startswith("Someone else's valley")
    assert (force.folder / "brand.json").read_bytes() == before


def test_bad_brands_are_skipped_with_a_warning_naming_them(tmp_path, users, capsys):
    repo = bare(tmp_path)
    blob = 0o100644
    raw_commit(
        repo,
        [
            ([b"force-library.json"], blob, MANIFEST),
            ([b"brands", b"good", b"brand.json"], blob, brand_json("good", logo="logo.png")),
            ([b"brands", b"good", b"logo.png"], blob, png()),
            ([b"brands", b"good", b"font-bold.ttf"], blob, b"\x00\x01\x00\x00unused"),
            ([b"brands", b"fake", b"brand.json"], blob, brand_json("fake", logo="logo.png")),
            ([b"brands", b"fake", b"logo.png"], blob, b"MZ not a picture at all"),
            ([b"brands", b"other", b"brand.json"], blob, brand_json("someone")),
            ([b"brands", b"default", b"brand.json"], blob, brand_json("default")),
            ([b"brands", b"far", b"brand.json"], blob, brand_json("far", logo="../far.png")),
            ([b"brands", b"gone", b"brand.json"], blob, brand_json("gone", logo="logo.gif")),
            ([b"brands", b"bad", b"brand.json"], blob, brand_json("bad", primary="blue")),
        ],
    )
    users.be("bob")
    run(capsys, "library", "subscribe", str(repo))
    code, out, err = run(capsys, "library", "sync")
    assert code == 0 and "1 brand" in out, err
    for expected in (
        "brands/fake/logo.png is not an image briefpack can use",
        "brands/other/brand.json: its id 'someone' is not its folder's name",
        "brands/default/brand.json: 'default' is a built-in brand's id",
        "brands/far/brand.json: it names a file outside its folder ('../far.png')",
        "brands/gone/brand.json: it names a file 'logo.gif' that is not beside it",
        "brands/bad/brand.json: primary",
        "brands/good/font-bold.ttf: the brand does not use it",
    ):
        assert expected in err, (expected, err)
    assert [b.id for b in list_brands() if b.force] == ["good"]
    assert find_brand("default").builtin
    (folder,) = force_brand_dirs()
    assert sorted(p.name for p in (folder / "good").iterdir()) == ["brand.json", "logo.png"]
    assert sorted(p.name for p in folder.iterdir()) == ["good"]


def test_a_later_sync_replaces_the_old_commit_s_brands(tmp_path, users, capsys):
    published(tmp_path, users, capsys)
    first = find_brand("valley").folder
    users.be("alice")
    save_user_brand(Brand(id="valley", name="Valley Police", primary="#113355"))
    run(capsys, "library", "sync")
    repo = str(tmp_path / "force.git")
    code, _, err = run(capsys, "library", "publish", repo, "--author", ALICE, "--brands")
    assert code == 0, err
    users.be("bob")
    run(capsys, "library", "sync")
    assert find_brand("valley").primary == "#113355"
    assert not first.exists()
