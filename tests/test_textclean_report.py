"""A character the pack file could not hold (a lone surrogate, loaded as U+FFFD) is reported
by the Checks and `validate`, field by field, as a warning: the pack still renders."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from packs import pack_data

from briefpack import cli
from briefpack.cli.paths import shown
from briefpack.document.textclean import UNREADABLE_MESSAGE, character_problems
from briefpack.model.jsonfile import REPLACEMENT
from briefpack.model.packfile import pack_from_data

HOSTILE = Path(__file__).parent / "hostile"


def pack_with(title: str, body: str):
    return pack_from_data(pack_data({"kind": "text", "body": body}, title=title))


def test_validate_warns_of_each_field_with_an_unreadable_character(capsys) -> None:
    pack_file = HOSTILE / "out-lone-surrogate.bpack"
    code = cli.main(["validate", str(pack_file)])
    out = capsys.readouterr()
    assert code == 0, out.err
    warned = [line for line in out.out.splitlines() if ": warning: " in line]
    name = shown(pack_file)  # as the CLI prints it: relative to the current folder
    assert warned == [
        f"{name}: meta.title: warning: {UNREADABLE_MESSAGE}",
        f"{name}: sections[0].body: warning: {UNREADABLE_MESSAGE}",
    ]
    assert "holds � (U+FFFD): a character in the file could not be read; retype it" in out.out


def test_the_unreadable_mark_and_removed_characters_are_one_warning() -> None:
    pack = pack_with(f"Bad {REPLACEMENT} title\x07", "clean body")
    found = list(character_problems(pack))
    assert found == [
        (None, "meta.title", f"{UNREADABLE_MESSAGE}; control character U+0007 will be removed")
    ]


def test_a_clean_pack_has_no_character_problems() -> None:
    assert list(character_problems(pack_with("Title", "Body with é and 😀"))) == []


@settings(max_examples=150, deadline=None)
@given(st.text(st.characters(exclude_categories=("Cs",)) | st.just(REPLACEMENT), max_size=40))
def test_a_field_is_warned_of_exactly_when_it_holds_the_mark(text: str) -> None:
    # (Lone surrogates never reach a pack: loading turns them into the mark itself.)
    found = list(character_problems(pack_with("Title", f"a{text}")))
    body = [msg for _, where, msg in found if where == "sections[0].body"]
    assert len(body) <= 1  # one warning a field
    assert (REPLACEMENT in text) == any(UNREADABLE_MESSAGE in msg for msg in body)
