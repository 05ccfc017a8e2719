"""The force library reaching packs (validate says the force changed an item), and the text
an approver types (name, email, message) kept exactly or refused in one line."""

from __future__ import annotations

import json

import pytest
from dulwich.repo import MemoryRepo
from force_repos import ALICE, Users, bare, own_item, run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from packs import pack_data

from briefpack.model.errors import BriefpackError
from briefpack.model.force_publish import checked_author, commit_message, publish
from briefpack.model.force_repo import commit_info, make_commit
from briefpack.model.library import find_item, save_user_library, section_from_item, user_library
from briefpack.model.library_revise import revise_user_item
from briefpack.model.sections import TextSection


@pytest.fixture
def users(tmp_path, monkeypatch) -> Users:
    return Users(tmp_path, monkeypatch)


def test_validate_says_the_force_library_changed_an_item_a_pack_uses(tmp_path, users, capsys):
    repo = bare(tmp_path)
    users.be("alice")
    mine = own_item("Report it", "Call")
    publish(str(repo), ALICE, "First")
    users.be("bob")
    run(capsys, "library", "subscribe", str(repo))
    run(capsys, "library", "sync")
    section = section_from_item(find_item("force.report-it"))
    pack = tmp_path / "p.bpack"
    pack.write_text(json.dumps(pack_data(section.model_dump(mode="json"))))
    code, out, _ = run(capsys, "validate", str(pack))
    assert code == 0 and "force library changed" not in out

    users.be("alice")
    lib = user_library()
    revise_user_item(lib, mine, TextSection(kind="text", body="Call 999"), "Report it", "advice")
    save_user_library(lib)
    publish(str(repo), ALICE, "Reword the hotline advice")
    users.be("bob")
    code, out, _ = run(capsys, "validate", str(pack))
    assert "force library changed" not in out  # not synced yet: the last copy is what counts
    run(capsys, "library", "sync")
    code, out, _ = run(capsys, "validate", str(pack))
    [line] = [line for line in out.splitlines() if "force library" in line]
    assert "sections[0].origin: warning: the force library changed 'Report it' on " in line
    assert "(Reword the hotline advice); update the section from the library" in line


# ---- what an approver types -------------------------------------------------------------------

NAMES = st.text(st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=30)


@given(name=NAMES, user=st.from_regex(r"[a-z0-9.]{1,12}", fullmatch=True))
def test_an_author_is_tidied_or_refused_in_one_line(name, user):
    text = f"{name} <{user}@force.police.uk>"
    try:
        author = checked_author(text)
    except BriefpackError as exc:
        assert exc.where == "--author" and "\n" not in exc.message.replace("\\n", "")
        return
    shown_name = author.split(" <")[0]
    assert shown_name == " ".join(name.split()) and shown_name
    assert not any(ord(c) < 0x20 or c in "<>" for c in shown_name)
    assert author.endswith(f"<{user}@force.police.uk>")


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=20),
    message=st.text(st.characters(blacklist_categories=("Cs",)), max_size=200),
)
def test_a_message_and_name_survive_the_commit_exactly(name, message):
    try:
        author = checked_author(f"{name} <jo@force.police.uk>")
        text = commit_message(message, author, "Publish: add 1")
    except BriefpackError:
        return  # refused in one line: nothing written
    repo = MemoryRepo()
    commit = make_commit(repo, None, {"library/a.json": b"{}"}, author, text)
    info = commit_info(repo, commit)
    assert info.author == author and info.message == text
    assert info.message.endswith(f"\n\nSigned-off-by: {author}\n")
    expected = message.replace("\r\n", "\n").strip() or "Publish: add 1"
    assert info.message.startswith(expected)


def test_a_message_with_a_nul_or_too_long_is_refused():
    for bad in ("a\0b", "x" * 5001):
        with pytest.raises(BriefpackError, match="at most 5000 characters"):
            commit_message(bad, ALICE, "")
