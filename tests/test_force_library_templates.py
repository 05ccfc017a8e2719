"""Force templates reach subscribers: published with --templates, synced, listed marked
force, used by `new --template`, read-only, and a bad one skipped with a warning naming it.
Real bare repositories in temporary folders (force_repos helpers); no git program."""

from __future__ import annotations

import pytest
from force_repos import ALICE, Users, bare, raw_commit, run
from packs import EXAMPLE

from briefpack.model.packfile import load_pack, pack_to_bytes
from briefpack.model.template_store import (
    find_template,
    import_template,
    list_templates,
    save_user_template,
)
from briefpack.model.templates import pack_to_template

MANIFEST = b'{"format": "briefpack/force-library", "version": 1}'


@pytest.fixture
def users(tmp_path, monkeypatch) -> Users:
    return Users(tmp_path, monkeypatch)


def published(tmp_path, users, capsys, name: str = "Force handout") -> None:
    """Alice publishes a template called `name`; Bob subscribes and syncs."""
    repo = bare(tmp_path)
    users.be("alice")
    save_user_template(pack_to_template(load_pack(EXAMPLE), name, "Approved by the force"))
    code, out, err = run(capsys, "library", "publish", str(repo), "--author", ALICE, "--templates")
    assert code == 0, err
    users.be("bob")
    run(capsys, "library", "subscribe", str(repo))
    code, out, err = run(capsys, "library", "sync")
    assert code == 0 and "1 template" in out, err


def test_a_published_template_is_listed_first_marked_force(tmp_path, users, capsys):
    published(tmp_path, users, capsys)
    code, out, _ = run(capsys, "templates", "list")
    assert code == 0
    first = out.splitlines()[0]
    assert first == "Force handout  [force]  Approved by the force  (force.force-handout)"
    assert "[built-in]" in out  # the built-ins are still there, below
    assert list_templates()[0].kind == "force"


def test_new_from_a_force_template_by_name_and_by_id(tmp_path, users, capsys):
    published(tmp_path, users, capsys)
    for given in ("Force handout", "force.force-handout"):
        out_file = tmp_path / f"{given}.bpack"
        code, out, err = run(capsys, "new", "-o", str(out_file), "--template", given)
        assert code == 0, err
        assert "from the force template 'Force handout'" in out
        assert load_pack(out_file).meta.title == load_pack(EXAMPLE).meta.title


def test_a_builtin_name_still_means_the_builtin(tmp_path, users, capsys):
    builtin = next(t for t in list_templates() if t.builtin)
    published(tmp_path, users, capsys, name=builtin.name)
    assert find_template(builtin.name) == builtin.path  # the same on every machine
    forced = find_template("force." + builtin.path.stem)
    assert forced != builtin.path and forced.parent.parent.name == "templates"


def test_force_templates_are_never_written_over(tmp_path, users, capsys):
    published(tmp_path, users, capsys)
    force = next(t for t in list_templates() if t.force)
    before = force.path.read_bytes()
    # An import of another template of that name is kept as a copy in My templates.
    other = pack_to_template(load_pack(EXAMPLE), "Force handout", "Something else")
    incoming = tmp_path / "incoming.bpack"
    incoming.write_bytes(pack_to_bytes(other))
    result = import_template(incoming)
    assert "a force template has that name" in result.action
    assert force.path.read_bytes() == before
    # Saving it as your own template writes a personal copy.
    mine = save_user_template(load_pack(force.path).model_copy(update={"name": "Mine"}))
    assert mine.parent != force.path.parent and force.path.read_bytes() == before


def test_a_corrupt_template_is_skipped_with_a_warning_naming_it(tmp_path, users, capsys):
    repo = bare(tmp_path)
    good = pack_to_bytes(pack_to_template(load_pack(EXAMPLE), "Good one", "Fine"))
    pack = load_pack(EXAMPLE).model_copy(update={"name": "x"})
    raw_commit(
        repo,
        [
            ([b"force-library.json"], 0o100644, MANIFEST),
            ([b"templates", b"good.bpack"], 0o100644, good),
            ([b"templates", b"broken.bpack"], 0o100644, b'{"format": "briefpack/template", '),
            ([b"templates", b"pack.bpack"], 0o100644, pack_to_bytes(pack)),
            ([b"templates", b"link.bpack"], 0o120000, b"/etc/passwd"),
        ],
    )
    users.be("bob")
    run(capsys, "library", "subscribe", str(repo))
    code, out, err = run(capsys, "library", "sync")
    assert code == 0 and "1 template" in out, err
    for expected in (
        "templates/broken.bpack: not valid JSON",
        "templates/pack.bpack: format: this is a pack, not a template",
        "templates/link.bpack: ignored: a symbolic link",
    ):
        assert expected in err, (expected, err)
    code, out, err = run(capsys, "templates", "list")
    assert code == 0 and "Good one  [force]" in out
    assert "skipped: force library: templates/broken.bpack: not valid JSON" in err
    assert [t.name for t in list_templates() if t.force] == ["Good one"]


def test_a_later_sync_replaces_the_old_commit_s_templates(tmp_path, users, capsys):
    published(tmp_path, users, capsys)
    first = next(t for t in list_templates() if t.force).path.parent
    users.be("alice")
    save_user_template(pack_to_template(load_pack(EXAMPLE), "Second", "Also approved"))
    run(capsys, "library", "sync")
    repo = str(tmp_path / "force.git")
    code, _, err = run(capsys, "library", "publish", repo, "--author", ALICE, "--templates")
    assert code == 0, err
    users.be("bob")
    run(capsys, "library", "sync")
    force = [t for t in list_templates() if t.force]
    assert [t.name for t in force] == ["Force handout", "Second"]
    assert force[0].path.parent != first and not first.exists()
