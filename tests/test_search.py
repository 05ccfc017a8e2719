"""Find across a pack (model/search.py): every visible text field, in pack order, in the
text the editor shows; never in ids, picture files or the addresses behind links."""

from __future__ import annotations

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefpack.model import Pack
from briefpack.model.packfile import load_pack
from briefpack.model.search import find_all, find_in_pack, shown_text
from tests.packs import EXAMPLE, pack_data

EVERY_KIND = [
    {"kind": "text", "id": "intro", "title": "w01", "body": "w02"},
    {"kind": "threat_level", "title": "w03", "note": "w04"},
    {"kind": "callout", "title": "w05", "body": "w06", "style": "alert"},
    {"kind": "quote", "body": "w07", "speaker": "w08", "role": "w09"},
    {
        "kind": "statistics",
        "title": "w10",
        "items": [
            {"id": "calls", "value": "w11", "label": "w12", "source": "w13", "as_of": "2016-01-01"}
        ],
    },
    {
        "kind": "links",
        "title": "w14",
        "items": [{"label": "w15", "url": "https://w16.example", "phone": "w17", "note": "w18"}],
    },
    {"kind": "image", "path": "pictures/w99.png", "alt": "w19", "caption": "w20"},
    {"kind": "page_break"},
]


def every_field_pack() -> Pack:
    meta = {"title": "w21", "subtitle": "w22", "audience": "w23", "author": "w24"}
    return Pack.model_validate(pack_data(*EVERY_KIND, **meta))


def test_every_visible_field_is_searched_in_pack_order():
    hits = find_in_pack(every_field_pack(), "w")
    where = [(h.target, h.field) for h in hits]
    assert where == [
        (("meta",), "title"),
        (("meta",), "subtitle"),
        (("meta",), "audience"),
        (("meta",), "author"),
        (("section", 0), "title"),
        (("section", 0), "body"),
        (("section", 1), "title"),
        (("section", 1), "note"),
        (("section", 2), "title"),
        (("section", 2), "body"),
        (("section", 3), "body"),
        (("section", 3), "speaker"),
        (("section", 3), "role"),
        (("section", 4), "title"),
        (("item", 4, 0), "value"),
        (("item", 4, 0), "label"),
        (("item", 4, 0), "source"),
        (("section", 5), "title"),
        (("item", 5, 0), "label"),
        (("item", 5, 0), "url"),
        (("item", 5, 0), "phone"),
        (("item", 5, 0), "note"),
        (("section", 6), "alt"),
        (("section", 6), "caption"),
    ]
    assert [h.section for h in hits[:4]] == [None] * 4
    assert [h.section for h in hits[4:]] == [t[1] for t, _f in where[4:]]


def test_ids_picture_files_dates_and_settings_choices_are_not_searched():
    pack = every_field_pack()
    for hidden in ("intro", "calls", "w99", "pictures", "2016", "alert", "OFFICIAL", "severe"):
        assert find_in_pack(pack, hidden) == [], hidden


def test_a_link_address_inside_text_is_hidden_but_its_words_are_found():
    body = "Report it at [the hotline page](https://secret.example/report) today."
    pack = Pack.model_validate(pack_data({"kind": "text", "body": body}))
    assert find_in_pack(pack, "secret") == []
    assert find_in_pack(pack, "](") == []
    (hit,) = find_in_pack(pack, "hotline page today")
    assert shown_text(body)[hit.start : hit.end] == "hotline page today"


def test_markdown_marks_do_not_split_words():
    body = "Be **alert**, *not* alarmed\n\n- first point\n- second `code` point"
    pack = Pack.model_validate(pack_data({"kind": "text", "body": body}))
    assert len(find_in_pack(pack, "alert, not alarmed")) == 1
    assert len(find_in_pack(pack, "second code point")) == 1
    assert find_in_pack(pack, "**") == []
    assert find_in_pack(pack, "point- second") == []  # two list items are two lines


def test_positions_count_in_the_shown_text_and_occurrences_number_each_field():
    body = "Alpha *beta* alpha\n\nALPHA"
    pack = Pack.model_validate(pack_data({"kind": "text", "title": "alpha", "body": body}))
    hits = find_in_pack(pack, "alpha")
    assert [(h.field, h.start, h.end, h.occurrence) for h in hits] == [
        ("title", 0, 5, 0),
        ("body", 0, 5, 0),
        ("body", 11, 16, 1),
        ("body", 17, 22, 2),
    ]
    assert shown_text(body) == "Alpha beta alpha\nALPHA"


def test_case_is_ignored_unless_asked():
    pack = Pack.model_validate(pack_data({"kind": "text", "body": "Stay Safe, stay safe"}))
    assert len(find_in_pack(pack, "STAY SAFE")) == 2
    assert len(find_in_pack(pack, "Stay Safe", case_sensitive=True)) == 1


def test_matches_do_not_overlap_and_empty_text_finds_nothing():
    assert find_all("aaaa", "aa") == [0, 2]
    assert find_all("anything", "") == []
    assert find_all("Straße İstanbul", "İSTANBUL") == [7]  # positions stay put


def test_a_no_break_space_is_found_by_a_space():
    pack = Pack.model_validate(
        pack_data({"kind": "text", "title": "3\u00a0629 calls", "body": "x"})
    )
    assert len(find_in_pack(pack, "3 629")) == 1


def test_the_shown_text_can_be_supplied_by_the_editor():
    pack = Pack.model_validate(pack_data({"kind": "text", "body": "a **b**"}))
    assert find_in_pack(pack, "**b**") == []
    (hit,) = find_in_pack(pack, "**b**", shown_markdown=lambda source: source)
    assert (hit.start, hit.end) == (2, 7)


def test_the_example_pack_finds_its_words():
    pack = load_pack(EXAMPLE)
    hits = find_in_pack(pack, "hotline")
    assert hits and all(h.section is not None for h in hits)
    assert [h.section for h in hits] == sorted(h.section for h in hits)


# ---- properties ---------------------------------------------------------------------------------

PLAIN_FIELDS = [
    (("meta",), "title"),
    (("meta",), "author"),
    (("section", 0), "title"),
    (("section", 3), "speaker"),
    (("item", 4, 0), "label"),
    (("item", 5, 0), "url"),
    (("section", 6), "alt"),
]
MARKDOWN_FIELDS = [(("section", 0), "body"), (("section", 1), "note"), (("section", 3), "body")]
ASCII_PUNCTUATION = set(string.punctuation)
# Text an officer may type: letters, digits, spaces, punctuation, accents, symbols.
typed = st.text(
    alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs")),
    min_size=1,
    max_size=20,
)


def _obj(pack: Pack, target):
    match target:
        case ("meta",):
            return pack.meta
        case ("section", row):
            return pack.sections[row]
        case ("item", row, item):
            return pack.sections[row].items[item]


def _escape(text: str) -> str:
    """Markdown for text that shows exactly as typed."""
    return "".join("\\" + c if c in ASCII_PUNCTUATION else c for c in text)


def _fold(text: str) -> str:
    return "".join(low if len(low := c.lower()) == 1 else c for c in text)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(
    needle=typed,
    where=st.sampled_from(PLAIN_FIELDS),
    at=st.integers(min_value=0, max_value=3),
)
def test_text_typed_into_any_field_is_found_there(needle, where, at):
    pack = every_field_pack()
    target, field = where
    obj = _obj(pack, target)
    value = getattr(obj, field)
    at = min(at, len(value))
    setattr(obj, field, value[:at] + needle + value[at:])
    hits = [h for h in find_in_pack(pack, needle) if (h.target, h.field) == where]
    # Matches step left to right without overlapping: one of them covers the typed text.
    assert any(h.start <= at < h.end or h.start == at for h in hits)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(needle=typed, where=st.sampled_from(MARKDOWN_FIELDS), bold=st.booleans())
def test_words_typed_into_formatted_text_are_found(needle, where, bold):
    words = " ".join(needle.split())
    if not words:
        return
    pack = every_field_pack()
    target, field = where
    obj = _obj(pack, target)
    shown = f"**{_escape(words)}**" if bold else _escape(words)
    setattr(obj, field, f"Before it: {shown} and after.\n\nNext paragraph.")
    hits = [h for h in find_in_pack(pack, words) if (h.target, h.field) == where]
    assert hits
    assert _fold(shown_text(getattr(obj, field))[hits[0].start : hits[0].end]) == _fold(words)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(needle=typed, hidden_id=typed, path=typed)
def test_every_hit_is_the_text_searched_for_and_hidden_fields_never_hit(needle, hidden_id, path):
    pack = every_field_pack()
    pack.sections[0].id = needle + hidden_id
    pack.sections[6].path = path + needle
    pack.sections[4].items[0].id = needle
    for hit in find_in_pack(pack, needle):
        obj = _obj(pack, hit.target)
        text = getattr(obj, hit.field)
        is_markdown = (hit.target, hit.field) in MARKDOWN_FIELDS or hit.field == "body"
        shown = shown_text(text) if is_markdown else text
        assert _fold(shown[hit.start : hit.end].replace("\u00a0", " ")) == _fold(
            needle.replace("\u00a0", " ")
        )
        assert hit.field not in ("id", "path")
