"""The user folder: templates and brands saved, listed, found, imported and exported."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from briefpack.document.compose import compose
from briefpack.model.brand import find_brand, list_brands, load_brand_file
from briefpack.model.brand_store import export_brand, import_brand, save_user_brand
from briefpack.model.conflicts import ConflictError, ImportResult, settle_conflict
from briefpack.model.errors import BriefpackError, PackFormatError
from briefpack.model.packfile import load_pack
from briefpack.model.resources import asset, data_dir
from briefpack.model.template_store import (
    export_template,
    find_template,
    import_template,
    list_templates,
    save_user_template,
)
from briefpack.model.templates import pack_to_template, template_to_pack
from briefpack.model.userdata import user_dir
from briefpack.render import render

DAY = date(2026, 11, 21)


def builtin_template_path() -> Path:
    return next(p for p in sorted(data_dir("templates").glob("*.bpack")))


def a_template(name: str = "Venue briefing", description: str = "For venues."):
    pack = template_to_pack(load_pack(builtin_template_path()), today=DAY)
    return pack_to_template(pack, name, description)


def test_user_dir_follows_the_environment(user_data_dir, monkeypatch, tmp_path):
    assert user_dir() == user_data_dir
    monkeypatch.setenv("BRIEFPACK_USER_DIR", str(tmp_path / "other"))
    assert user_dir() == tmp_path / "other"


# ---- templates ----------------------------------------------------------------------------


def test_saved_template_is_listed_after_builtins_and_found_by_name(user_data_dir):
    builtins = list_templates()
    assert builtins and all(t.builtin for t in builtins)
    path = save_user_template(a_template())
    assert path == user_data_dir / "templates" / "venue-briefing.bpack"
    listed = list_templates()
    assert listed[: len(builtins)] == builtins
    assert (listed[-1].name, listed[-1].builtin, listed[-1].path) == ("Venue briefing", False, path)
    assert find_template("VENUE BRIEFING") == path
    assert find_template("venue-briefing") == path
    with pytest.raises(BriefpackError, match=r"known templates: .*'Venue briefing'"):
        find_template("nothing like it")


def test_broken_user_template_is_reported_not_fatal(user_data_dir):
    folder = user_data_dir / "templates"
    folder.mkdir()
    (folder / "bad.bpack").write_text("{", encoding="utf-8")
    problems: list[BriefpackError] = []
    names = [t.name for t in list_templates(problems)]
    assert names == [t.name for t in list_templates() if t.builtin]
    assert len(problems) == 1 and "bad.bpack: not valid JSON" in problems[0].message


def test_template_import_new_same_and_all_three_choices(tmp_path):
    shared = tmp_path / "t.bpack"
    shared.write_bytes(Path(save_user_template(a_template())).read_bytes())
    assert import_template(shared).status == "same"

    changed = a_template(description="Changed.")
    shared.write_bytes(json.dumps(changed.model_dump(mode="json")).encode())
    with pytest.raises(ConflictError, match="keep both, replace or skip") as refused:
        import_template(shared)
    assert "--on-conflict" not in refused.value.message  # the CLI adds its own option
    assert import_template(shared, "skip").action == "skipped"
    assert load_pack(find_template("Venue briefing")).description == "For venues."
    both = import_template(shared, "keep-both")
    assert both.name == "Venue briefing (imported)"
    assert import_template(shared, "replace").action == "replaced"
    described = {t.name: t.description for t in list_templates() if not t.builtin}
    assert described == {"Venue briefing": "Changed.", "Venue briefing (imported)": "Changed."}


def test_a_changed_builtin_template_is_kept_as_a_user_copy(tmp_path):
    builtin = load_pack(builtin_template_path())
    changed = builtin.model_copy(update={"description": "Mine."})
    shared = tmp_path / "t.bpack"
    shared.write_text(json.dumps(changed.model_dump(mode="json")), encoding="utf-8")
    result = import_template(shared)
    assert (result.status, result.name) == ("builtin", f"{builtin.name} (imported)")
    assert load_pack(builtin_template_path()) == builtin


def test_template_to_new_pack_renders_in_both_formats(tmp_path):
    path = save_user_template(a_template())
    export_template("Venue briefing", tmp_path / "out.bpack")
    assert load_pack(tmp_path / "out.bpack") == load_pack(path)
    pack = template_to_pack(load_pack(find_template("venue briefing")), today=DAY)
    assert pack.format == "briefpack/pack" and pack.meta.date == DAY
    doc = compose(pack, tmp_path, today=DAY)
    assert render(doc, "pdf", invariant=True).startswith(b"%PDF")
    assert render(doc, "docx", invariant=True).startswith(b"PK")


# ---- brands -------------------------------------------------------------------------------


def test_brand_export_copies_the_logo_and_import_brings_it_into_the_user_folder(
    tmp_path, user_data_dir
):
    out = tmp_path / "shared" / "brand.json"
    out.parent.mkdir()
    export_brand("default", out)
    logo = out.parent / "shield-logo.png"
    assert logo.read_bytes() == asset("brands", "shield-logo.png").read_bytes()
    assert import_brand(out).status == "same"  # the built-in, unchanged

    data = json.loads(out.read_text(encoding="utf-8"))
    data.update(id="acme", name="Acme")
    out.write_text(json.dumps(data), encoding="utf-8")
    logo.write_bytes(logo.read_bytes() + b"acme")  # their own logo, same file name
    result = import_brand(out)
    assert (result.status, result.action) == ("new", "added")
    brand = find_brand("acme")
    assert brand.folder == user_data_dir / "brands" / "acme"  # its own folder
    assert brand.logo == "logo.png"  # named by briefpack, not by the file's sender
    assert brand.logo_path.read_bytes() == logo.read_bytes()
    assert {b.id for b in list_brands()} >= {"acme", "default"}


def test_brand_import_conflict_choices(tmp_path):
    out = tmp_path / "brand.json"
    export_brand("default", out)
    data = json.loads(out.read_text(encoding="utf-8")) | {"id": "acme", "name": "Acme"}
    out.write_text(json.dumps(data), encoding="utf-8")
    import_brand(out)
    out.write_text(json.dumps(data | {"primary": "#000000"}), encoding="utf-8")
    with pytest.raises(ConflictError, match="keep both, replace or skip") as refused:
        import_brand(out)
    assert "--on-conflict" not in refused.value.message  # the CLI adds its own option
    assert refused.value.conflict == "your brand 'acme' (Acme) differs from the one in this file"
    assert import_brand(out, "skip").action == "skipped"
    assert find_brand("acme").primary == "#17375E"
    assert import_brand(out, "keep-both").name == "acme-imported"
    assert find_brand("acme-imported").name == "Acme (imported)"
    assert import_brand(out, "keep-both").name == "acme-imported-2"
    import_brand(out, "replace")
    assert find_brand("acme").primary == "#000000"


def test_a_changed_builtin_brand_never_shadows_it(tmp_path):
    out = tmp_path / "brand.json"
    export_brand("default", out)
    data = json.loads(out.read_text(encoding="utf-8")) | {"primary": "#123456"}
    out.write_text(json.dumps(data), encoding="utf-8")
    assert import_brand(out).name == "default-imported"
    assert find_brand("default").primary != "#123456"


def test_save_user_brand_copies_a_new_logo_into_its_own_folder(tmp_path, user_data_dir):
    logo = tmp_path / "crest.png"
    logo.write_bytes(asset("brands", "shield-logo.png").read_bytes())
    brand = find_brand("default").model_copy(update={"id": "mine", "name": "Mine"})
    path = save_user_brand(brand, logo)
    assert path == user_data_dir / "brands" / "mine" / "brand.json"
    mine = find_brand("mine")
    assert (mine.name, mine.logo, mine.builtin, mine.kind) == ("Mine", "logo.png", False, "yours")
    assert load_brand_file(path).logo_path == user_data_dir / "brands" / "mine" / "logo.png"


def test_a_user_brand_can_never_take_a_builtin_id(tmp_path, user_data_dir):
    # Before: saved as brands/default.json and found before the built-in one.
    brand = find_brand("default").model_copy(update={"name": "Mine"})
    with pytest.raises(BriefpackError, match="'default' is a built-in brand"):
        save_user_brand(brand)
    # A brand file left in the old flat layout with a built-in's id does not shadow it either.
    folder = user_data_dir / "brands"
    folder.mkdir(parents=True)
    data = json.loads(asset("brands", "default.json").read_text(encoding="utf-8"))
    (folder / "default.json").write_text(json.dumps(data | {"name": "Mine"}), encoding="utf-8")
    found = find_brand("default")
    assert (found.name, found.builtin, found.kind) != ("Mine", False, "yours")
    assert found.builtin and found.kind == "built-in"
    assert [b.name for b in list_brands() if b.id == "default"] == [found.name]


def test_a_user_brand_in_the_old_flat_layout_still_loads(user_data_dir):
    folder = user_data_dir / "brands"
    folder.mkdir(parents=True)
    data = json.loads(asset("brands", "default.json").read_text(encoding="utf-8"))
    (folder / "old.json").write_text(json.dumps(data | {"id": "old", "name": "Old"}), "utf-8")
    assert find_brand("old").name == "Old"
    assert "old" in {b.id for b in list_brands()}


def test_unsafe_brand_id_is_refused():
    brand = find_brand("default").model_copy(update={"id": "../escape"})
    with pytest.raises(BriefpackError, match="brand id"):
        save_user_brand(brand)


def test_bad_brand_file_names_file_and_field(tmp_path):
    bad = tmp_path / "b.json"
    bad.write_text(json.dumps({"format": "briefpack/brand", "version": 1, "id": "x"}), "utf-8")
    with pytest.raises(PackFormatError, match=r"b\.json: name: field required"):
        import_brand(bad)


def test_export_keeps_a_different_file_already_beside_the_output(tmp_path):
    (tmp_path / "shield-logo.png").write_bytes(b"someone else's logo")
    export_brand("default", tmp_path / "brand.json")
    assert (tmp_path / "shield-logo.png").read_bytes() == b"someone else's logo"
    exported = load_brand_file(tmp_path / "brand.json")
    assert exported.logo == "default-shield-logo.png"
    assert exported.logo_path.read_bytes() == asset("brands", "shield-logo.png").read_bytes()


def test_a_logo_named_by_a_path_is_refused(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("private", encoding="utf-8")
    (tmp_path / "shared").mkdir()
    bad = tmp_path / "shared" / "b.json"
    data = {"format": "briefpack/brand", "version": 1, "id": "x", "name": "X"}
    bad.write_text(json.dumps(data | {"logo": "../secret.txt"}), encoding="utf-8")
    with pytest.raises(BriefpackError, match="without a folder"):
        import_brand(bad)


# ---- a user template named like a built-in -----------------------------------------------


def test_a_user_template_with_a_builtins_name_is_listed_beside_it(user_data_dir):
    builtin = list_templates()[0]
    mine = load_pack(builtin.path).model_copy(update={"description": "My own copy."})
    path = save_user_template(mine)
    same_name = [
        (t.builtin, t.description, t.path) for t in list_templates() if t.name == builtin.name
    ]
    assert same_name == [(True, builtin.description, builtin.path), (False, "My own copy.", path)]
    # The CLI keeps meaning the built-in by that name; the user's copy is found by its path.
    assert find_template(builtin.name) == builtin.path
    assert find_template(str(path)) == path


def test_find_template_prefers_an_exact_name_to_a_file_name(user_data_dir):
    builtin = list_templates()[1]
    assert builtin.path.stem.casefold() != builtin.name.casefold()
    mine = save_user_template(a_template(name=builtin.path.stem))  # named like a built-in file
    assert find_template(builtin.path.stem) == mine
    assert find_template(builtin.path.name) == builtin.path
    assert find_template(builtin.name.upper()) == builtin.path


# ---- the cache folder ---------------------------------------------------------------------


def test_cache_lives_under_the_user_folder_and_keys_follow_content_and_version(
    user_data_dir, monkeypatch
):
    from briefpack.model import cache

    assert cache.cache_dir() == user_data_dir / "cache"
    key = cache.content_key(b"template", "page-1", 300)
    assert key != cache.content_key(b"template!", "page-1", 300)
    assert key != cache.content_key(b"template", "page-1", 150)
    assert cache.read_cached("thumbnails", key) is None
    written = cache.write_cached("thumbnails", key, b"png")
    assert written == user_data_dir / "cache" / "thumbnails" / f"{key}.png"
    assert cache.read_cached("thumbnails", key) == b"png"
    monkeypatch.setattr(cache, "__version__", "99.0")
    assert cache.content_key(b"template", "page-1", 300) != key


def test_an_unwritable_cache_is_not_an_error(user_data_dir):
    from briefpack.model import cache

    (user_data_dir / "cache").write_text("a file where the folder should be", encoding="utf-8")
    assert cache.write_cached("thumbnails", "k", b"png") is None
    assert cache.read_cached("thumbnails", "k") is None


# ---- the one conflict rule under template and brand imports --------------------------------


def test_settle_conflict_does_only_what_was_chosen(tmp_path):
    saved: list[str] = []

    def saver(what: str):
        def save():
            saved.append(what)
            return f"{what} name", tmp_path / what

        return save

    def settle(choice):
        return settle_conflict(
            choice, "yours differs", name="X", replace=saver("replace"), keep_both=saver("both")
        )

    with pytest.raises(ConflictError) as refused:
        settle(None)
    assert refused.value.conflict == "yours differs" and saved == []
    assert settle("skip") == ImportResult("changed", "X", "skipped", None) and saved == []
    assert settle("replace") == ImportResult(
        "changed", "replace name", "replaced", tmp_path / "replace"
    )
    assert settle("keep-both").action == "kept both" and saved == ["replace", "both"]
    with pytest.raises(BriefpackError, match="unknown choice"):
        settle("overwrite")
    assert saved == ["replace", "both"]
