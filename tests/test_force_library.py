"""The force library through git (issue 17): publish, subscribe, sync, history, revisions,
and a repository's content kept as data. Real bare repositories in temporary folders and
two user folders; no git program is used."""

from __future__ import annotations

import shutil

import pytest
from dulwich.repo import Repo
from force_repos import ALICE, BOB, Users, bare, head_of, item_file, own_item, raw_commit, run
from packs import pack_data

from briefpack.model.force_history import history
from briefpack.model.force_publish import publish
from briefpack.model.force_repo import ForceRepoError, fetch_into, make_commit, open_repo, push
from briefpack.model.force_store import force_content, subscription, sync
from briefpack.model.library import all_items, find_item, user_library


@pytest.fixture
def users(tmp_path, monkeypatch) -> Users:
    return Users(tmp_path, monkeypatch)


def ids(items) -> list[str]:
    return [item.id for item in items]


# ---- publish, subscribe, sync ----------------------------------------------------------------


def test_publish_then_a_colleague_subscribes_syncs_and_lists_the_force_items(
    tmp_path, users, capsys
):
    repo = bare(tmp_path)
    users.be("alice")
    own_item("Report it", "Call 0800 789 321")
    code, out, err = run(capsys, "library", "publish", str(repo), "--author", ALICE, "-m", "First")
    assert (code, err) == (0, "")
    assert out.startswith("published ") and "added force.report-it" in out

    users.be("bob")
    assert ids(all_items())[0].startswith("builtin.")  # nothing from the force yet
    code, out, _ = run(capsys, "library", "subscribe", str(repo))
    assert code == 0 and "subscribed to the force library at" in out
    code, out, err = run(capsys, "library", "sync")
    assert (code, err) == (0, "")
    assert "synced: 1 item from" in out and "by Alice Approver" in out and ": First" in out
    # Force items rank above the built-ins, with a marker, and are no one's own.
    assert ids(all_items())[0] == "force.report-it"
    code, out, _ = run(capsys, "library", "list", "--search", "report it")
    first = out.splitlines()[0]
    assert "force.report-it" in first and first.endswith("[force]")
    assert user_library().items == []
    code, _, err = run(capsys, "library", "remove", "force.report-it")
    assert code == 2 and "from the force library and cannot be changed" in err


def test_the_commit_is_signed_off_by_the_author(tmp_path, users):
    repo = bare(tmp_path)
    users.be("alice")
    own_item("Report it", "Call")
    result = publish(str(repo), "  Alice   Approver <alice@force.police.uk> ", "Approved")
    with Repo(str(repo)) as git:
        commit = git[head_of(repo)]
    assert commit.author == commit.committer == ALICE.encode()
    assert commit.message.decode() == f"Approved\n\nSigned-off-by: {ALICE}\n"
    assert result.commit is not None and result.commit.id == commit.id.decode()
    with Repo(str(repo)) as git:
        tree = git[commit.tree]
        assert sorted(name for name, _, _ in tree.iteritems()) == [
            b"force-library.json",
            b"library",
        ]


def test_publishing_nothing_new_makes_no_commit(tmp_path, users, capsys):
    repo = bare(tmp_path)
    users.be("alice")
    own_item("Report it", "Call")
    assert run(capsys, "library", "publish", str(repo), "--author", ALICE)[0] == 0
    before = head_of(repo)
    code, out, _ = run(capsys, "library", "publish", str(repo), "--author", ALICE)
    assert code == 0 and out.startswith("nothing to publish")
    assert head_of(repo) == before


def test_a_bad_author_or_message_is_refused_before_anything_happens(tmp_path, users, capsys):
    repo = bare(tmp_path)
    users.be("alice")
    own_item("Report it", "Call")
    code, _, err = run(capsys, "library", "publish", str(repo), "--author", "Alice")
    assert code == 2 and err.startswith("--author:") and "Jo Bloggs <" in err
    code, _, err = run(capsys, "library", "publish", str(repo), "--author", ALICE, "-m", "a\0b")
    assert code == 2 and "-m:" in err
    assert head_of(repo) is None and subscription() is None


def test_create_makes_a_new_repository_on_a_path(tmp_path, users, capsys):
    users.be("alice")
    own_item("Report it", "Call")
    repo = tmp_path / "share" / "force.git"
    code, out, _ = run(
        capsys, "library", "publish", str(repo), "--create", "--author", ALICE, "-m", "Start"
    )
    assert code == 0 and "added force.report-it" in out
    with Repo(str(repo)) as git:
        assert git.refs.get_symrefs()[b"HEAD"] == b"refs/heads/main"
        assert b"refs/heads/main" in git.refs
    code, _, err = run(capsys, "library", "publish", str(repo), "--create", "--author", ALICE)
    assert code == 2 and "not an empty folder" in err


# ---- two approvers -------------------------------------------------------------------------


def test_a_publish_is_refused_when_the_repository_moved_on_until_synced(tmp_path, users, capsys):
    repo = bare(tmp_path)
    users.be("alice")
    own_item("Report it", "Call")
    assert run(capsys, "library", "publish", str(repo), "--author", ALICE)[0] == 0
    users.be("bob")
    run(capsys, "library", "subscribe", str(repo))
    run(capsys, "library", "sync")
    own_item("Bag left", "Do not touch it")
    assert run(capsys, "library", "publish", str(repo), "--author", BOB, "-m", "Bags")[0] == 0

    users.be("alice")  # Alice last synced before Bob's publication
    own_item("Vehicles", "Note the registration")
    before = head_of(repo)
    code, out, err = run(capsys, "library", "publish", str(repo), "--author", ALICE)
    assert code == 2 and out == ""
    assert f"the force library at {repo} has changed since you last synced" in err
    assert "by Bob Approver on" in err and "run `briefpack library sync` first" in err
    assert head_of(repo) == before  # nothing changed

    assert run(capsys, "library", "sync")[0] == 0
    code, out, _ = run(capsys, "library", "publish", str(repo), "--author", ALICE)
    assert code == 0 and "added force.vehicles" in out
    # Alice's publish adds her items and leaves Bob's alone.
    assert {"force.bag-left", "force.report-it", "force.vehicles"} <= set(ids(all_items()))


def test_the_push_is_never_forced_past_a_publication_made_meanwhile(tmp_path, users):
    repo = bare(tmp_path)
    users.be("alice")
    own_item("Report it", "Call")
    publish(str(repo), ALICE)
    work = tmp_path / "work"
    head = fetch_into(str(repo), work)
    # Bob publishes between Alice's fetch and her push.
    users.be("bob")
    from briefpack.model.force_store import subscribe

    subscribe(str(repo))
    sync()
    own_item("Bag left", "Do not touch it")
    publish(str(repo), BOB)
    bobs = head_of(repo)
    with open_repo(work) as git:
        mine = make_commit(git, head.commit, {"library/x.json": item_file("force.x")}, ALICE, "x")
    with pytest.raises(ForceRepoError, match="changed while you were publishing"):
        push(work, str(repo), head, mine)
    assert head_of(repo) == bobs


def test_publishing_to_another_library_than_the_one_followed_is_refused(tmp_path, users, capsys):
    first, second = bare(tmp_path, "a.git"), bare(tmp_path, "b.git")
    users.be("alice")
    own_item("Report it", "Call")
    assert run(capsys, "library", "publish", str(first), "--author", ALICE)[0] == 0
    code, _, err = run(capsys, "library", "publish", str(second), "--author", ALICE)
    assert code == 2 and f"you follow the force library at {first}" in err
    assert head_of(second) is None


# ---- sync when things go wrong ---------------------------------------------------------------


def synced_colleague(tmp_path, users, capsys):
    repo = bare(tmp_path)
    users.be("alice")
    own_item("Report it", "Call")
    publish(str(repo), ALICE, "First")
    users.be("bob")
    run(capsys, "library", "subscribe", str(repo))
    assert run(capsys, "library", "sync")[0] == 0
    return repo


def test_sync_without_a_subscription_says_how_to_subscribe(users, capsys):
    users.be("bob")
    code, _, err = run(capsys, "library", "sync")
    assert code == 2 and "run `briefpack library subscribe REPO` first" in err


def test_offline_the_last_synced_copy_stays_in_use(tmp_path, users, capsys):
    repo = synced_colleague(tmp_path, users, capsys)
    shutil.move(repo, tmp_path / "unplugged.git")  # the network drive is gone
    code, out, err = run(capsys, "library", "sync")
    assert code == 2 and out == ""
    assert str(repo) in err and "your last synced copy is still in use" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert ids(all_items())[0] == "force.report-it"


@pytest.mark.parametrize("damage", ["objects", "head"])
def test_a_corrupt_repository_is_reported_and_the_last_copy_kept(tmp_path, users, capsys, damage):
    repo = synced_colleague(tmp_path, users, capsys)
    if damage == "objects":
        for file in (repo / "objects").rglob("*"):
            if file.is_file():
                file.chmod(0o644)
                file.write_bytes(b"garbage" * 10)
    else:
        (repo / "HEAD").write_bytes(b"\x00\xffnot a ref\n")
        for ref in (repo / "refs" / "heads").iterdir():
            ref.write_bytes(b"zzzz\n")
    code, out, err = run(capsys, "library", "sync")
    assert code == 2 and out == ""
    assert err.startswith(str(repo)) and "could not sync the force library" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert ids(all_items())[0] == "force.report-it"


def test_a_damaged_local_copy_gives_no_force_items_and_says_to_sync(tmp_path, users, capsys):
    synced_colleague(tmp_path, users, capsys)
    from briefpack.model.force_store import clone_path, force_content_cached

    shutil.rmtree(clone_path() / "objects")
    force_content_cached.cache_clear()
    code, out, err = run(capsys, "library", "list")
    assert code == 0 and "force." not in out
    assert "read the force library's local copy" in err and "briefpack library sync" in err
    assert run(capsys, "library", "sync")[0] == 0
    assert ids(all_items())[0] == "force.report-it"


def test_publishing_to_a_library_never_synced_says_to_subscribe_and_sync(tmp_path, users, capsys):
    repo = bare(tmp_path)
    users.be("alice")
    own_item("Report it", "Call")
    publish(str(repo), ALICE)
    users.be("bob")
    own_item("Bag left", "Do not touch")
    code, _, err = run(capsys, "library", "publish", str(repo), "--author", BOB)
    assert code == 2 and "you have not synced the force library at" in err
    assert f"`briefpack library subscribe {repo}`" in err


def test_a_repository_with_nothing_published_says_so(tmp_path, users, capsys):
    repo = bare(tmp_path)
    users.be("bob")
    run(capsys, "library", "subscribe", str(repo))
    code, _, err = run(capsys, "library", "sync")
    assert code == 2 and "holds no force library yet" in err


def test_subscribing_to_another_library_drops_the_old_copy(tmp_path, users, capsys):
    synced_colleague(tmp_path, users, capsys)
    other = bare(tmp_path, "other.git")
    assert run(capsys, "library", "subscribe", str(other))[0] == 0
    assert not any(i.force for i in all_items())
    code, out, _ = run(capsys, "library", "subscribe", str(other))
    assert code == 0 and out.startswith("already subscribed")


# ---- hostile content -------------------------------------------------------------------------


def test_hostile_repository_content_is_skipped_with_a_warning_naming_it(tmp_path, users, capsys):
    repo = bare(tmp_path)
    manifest = b'{"format": "briefpack/force-library", "version": 1}'
    bad_json = b'{"format": "briefpack/library", "version": 1, "items": [{"id": '
    raw_commit(
        repo,
        [
            ([b"force-library.json"], 0o100644, manifest),
            ([b"library", b"good.json"], 0o100644, item_file("force.good")),
            ([b"library", b"link.json"], 0o120000, b"/etc/passwd"),
            ([b"library", b"..", b"escape.json"], 0o100644, item_file("force.escape")),
            ([b"library", b"big.json"], 0o100644, b" " * (5 * 1024 * 1024)),
            ([b"library", b"broken.json"], 0o100644, bad_json),
            ([b"library", b"thief.json"], 0o100644, item_file("builtin.advice.run-hide-tell")),
            ([b"library", b"gossip.json"], 0o100644, item_file("force.gossip", category="gossip")),
            ([b"notes.txt"], 0o100644, b"hello"),
            ([b"scripts", b"run.sh"], 0o100755, b"rm -rf ~"),
            ([b"library", b"sub.json"], 0o160000, b"x"),
        ],
    )
    users.be("bob")
    run(capsys, "library", "subscribe", str(repo))
    code, out, err = run(capsys, "library", "sync")
    assert code == 0 and "synced: 1 item" in out, err
    assert [i.id for i in all_items() if i.force] == ["force.good"]
    warnings = err.splitlines()
    assert all(w.startswith("warning: force library: ") for w in warnings)
    for expected in (
        "library/link.json: ignored: a symbolic link",
        "library/..: ignored: a path outside the library folder",
        "library/big.json: ignored: 5.0 MB, over the 1 MB limit",
        "library/broken.json: not valid JSON",
        "library/thief.json: must hold exactly one item, with the id 'force.thief'",
        "library/gossip.json: items[0].category: input should be",
        "notes.txt: ignored: not a force library file",
        "scripts: ignored: a folder the force library does not use",
        "library/sub.json: ignored: a submodule",
    ):
        assert any(expected in w for w in warnings), (expected, warnings)
    # A built-in cannot be replaced from the repository.
    assert find_item("builtin.advice.run-hide-tell").builtin


def test_an_item_picture_outside_the_pack_folder_is_refused(tmp_path, users, capsys):
    import json

    repo = bare(tmp_path)
    item = {
        "id": "force.pic",
        "name": "Picture",
        "category": "advice",
        "updated": "2026-01-05",
        "section": {"kind": "image", "path": "../../secret.png", "alt": "x"},
    }
    data = json.dumps({"format": "briefpack/library", "version": 1, "items": [item]}).encode()
    raw_commit(repo, [([b"library", b"pic.json"], 0o100644, data)])
    users.be("bob")
    run(capsys, "library", "subscribe", str(repo))
    code, _, err = run(capsys, "library", "sync")
    assert code == 0 and "library/pic.json" in err and "leaves the pack's folder" in err
    assert "force-library.json: missing" in err
    assert not [i for i in all_items() if i.force]


# ---- revisions and history -------------------------------------------------------------------


def test_update_keeps_the_id_dates_it_and_keeps_the_old_version(tmp_path, users, capsys):
    import json

    users.be("alice")
    pack = tmp_path / "p.bpack"
    sections = [{"kind": "text", "body": "Old words"}, {"kind": "text", "body": "New words"}]
    pack.write_text(json.dumps(pack_data(*sections)))
    add = ["library", "add", str(pack), "--name", "Advice", "--category", "advice"]
    assert run(capsys, *add, "--section", "1")[0] == 0
    lib = user_library()
    lib.items[0].updated = lib.items[0].updated.replace(year=2025)
    from briefpack.model.library import save_user_library

    save_user_library(lib)
    code, out, _ = run(capsys, *add, "--section", "2", "--update", "user.advice")
    assert code == 0 and out.startswith("revised user.advice (advice): Advice;")
    [item] = user_library().items
    assert item.id == "user.advice" and item.updated.year != 2025
    [old] = item.revisions
    assert old.section.body == "Old words" and old.updated.year == 2025
    assert old.replaced == item.updated and item.section.body == "New words"
    code, _, err = run(capsys, *add, "--section", "2", "--update", "user.nothing")
    assert code == 2 and "no item 'user.nothing'" in err


def test_history_shows_who_published_what_added_changed_removed(tmp_path, users, capsys):
    repo = bare(tmp_path)
    users.be("alice")
    first = own_item("Report it", "Call")
    own_item("Bag left", "Do not touch")
    publish(str(repo), ALICE, "First two")
    from briefpack.model.library import save_user_library
    from briefpack.model.library_revise import revise_user_item
    from briefpack.model.sections import TextSection

    lib = user_library()
    revise_user_item(lib, first, TextSection(kind="text", body="Call 999"), "Report it", "advice")
    save_user_library(lib)
    publish(str(repo), ALICE, "Reword", remove=["force.bag-left"], ids=[first])

    code, out, _ = run(capsys, "library", "history")
    lines = out.splitlines()
    assert code == 0 and lines[-1] == "2 publications"
    assert lines[0].endswith(
        f"by {ALICE} on " + lines[0].split(" on ")[1].split(":")[0] + ": Reword"
    )
    assert lines[1] == "    changed force.report-it; removed force.bag-left"
    assert "First two" in lines[2]
    assert lines[3] == "    added force-library.json, force.bag-left, force.report-it"
    entries = history("force.bag-left")
    assert [e.commit.subject for e in entries] == ["Reword", "First two"]
    code, out, _ = run(capsys, "library", "history", "force.nothing")
    assert out.splitlines()[-1] == "0 publications touching force.nothing"
    # The published item carries its old version.
    item = find_item("force.report-it")
    assert item.section.body == "Call 999" and item.revisions[0].section.body == "Call"


def test_an_approver_revises_a_force_item_through_their_own_copy(tmp_path, users, capsys):
    repo = synced_colleague(tmp_path, users, capsys)  # bob follows alice's library
    from briefpack.model.library import save_user_library
    from briefpack.model.library_revise import revise_user_item
    from briefpack.model.sections import TextSection

    lib = user_library()
    section = TextSection(kind="text", body="Call 999 now")
    revised = revise_user_item(lib, "force.report-it", section, "Report it", "advice")
    save_user_library(lib)
    assert revised.id == "user.report-it" and revised.revisions[0].section.body == "Call"
    code, out, _ = run(capsys, "library", "publish", str(repo), "--author", BOB)
    assert code == 0 and "changed force.report-it" in out
    assert find_item("force.report-it").section.body == "Call 999 now"


def test_templates_and_brands_are_published_with_their_flags(tmp_path, users, capsys):
    from packs import EXAMPLE

    from briefpack.model.packfile import load_pack
    from briefpack.model.template_store import save_user_template
    from briefpack.model.templates import pack_to_template

    repo = bare(tmp_path)
    users.be("alice")
    save_user_template(pack_to_template(load_pack(EXAMPLE), "Force handout", "Ours"))
    code, out, _ = run(capsys, "library", "publish", str(repo), "--author", ALICE, "--templates")
    assert code == 0 and "added templates/force-handout.bpack" in out
    users.be("bob")
    run(capsys, "library", "subscribe", str(repo))
    code, out, _ = run(capsys, "library", "sync")
    assert "0 items, 1 template" in out
    assert list(force_content().templates) == ["force-handout.bpack"]
