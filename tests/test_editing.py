"""briefpack.model.editing: each edit, and its undo from what it returns (no Qt)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from packs import pack_data

from briefpack.model import editing, threat_record
from briefpack.model.editing import EditError
from briefpack.model.pack import Template
from briefpack.model.packfile import load_pack, pack_from_data, pack_to_bytes
from briefpack.model.sections import SECTION_KINDS, StatisticsSection, TextSection
from briefpack.model.threat import ThreatLevel


@pytest.fixture
def pack():
    return pack_from_data(
        pack_data(
            {"kind": "text", "id": "intro", "title": "Intro", "body": "Hello **world**"},
            {
                "kind": "statistics",
                "id": "figs",
                "items": [{"id": "calls", "value": "32", "label": "calls a day"}],
            },
            {"kind": "quote", "body": "Communities defeat terrorism.", "speaker": "AC Rowley"},
        )
    )


def titles(pack):
    return [editing.describe_section(s) for s in pack.sections]


def test_insert_and_remove_undo_each_other(pack):
    before = pack_to_bytes(pack)
    section = editing.new_section("callout")
    at = editing.insert_section(pack, 1, section)
    assert at == 1 and pack.sections[1] is section
    assert editing.remove_section(pack, at) is section
    assert pack_to_bytes(pack) == before


def test_move_and_its_undo(pack):
    first = pack.sections[0]
    dest = editing.move_section(pack, 0, 2)
    assert pack.sections[2] is first
    editing.move_section(pack, dest, 0)
    assert pack.sections[0] is first


def test_duplicate_gives_fresh_ids_and_keeps_the_original(pack):
    at = editing.duplicate_section(pack, 1)
    copy = pack.sections[at]
    assert at == 2 and copy is not pack.sections[1]
    assert copy.id == "figs_2" and copy.items[0].id == "calls_2"
    assert pack.sections[1].items[0].id == "calls"
    copy.items[0].value = "99"  # a deep copy: the original is untouched
    assert pack.sections[1].items[0].value == "32"
    editing.remove_section(pack, at)
    assert len(pack.sections) == 3


def test_set_section_field_in_place_returns_old_value(pack):
    section = pack.sections[0]
    old = editing.set_section_field(pack, 0, "body", "New text")
    assert old == "Hello **world**"
    assert pack.sections[0] is section and section.body == "New text"
    editing.set_section_field(pack, 0, "body", old)
    assert section.body == "Hello **world**"


def test_emptied_optional_text_is_not_set_and_leaves_the_file(pack):
    editing.set_section_field(pack, 0, "title", "")
    assert pack.sections[0].title is None
    assert b'"title": "Intro"' not in pack_to_bytes(pack)
    # a required text field may be empty text
    editing.set_section_field(pack, 2, "speaker", "")
    assert pack.sections[2].speaker == ""


def test_invalid_values_are_refused_with_the_place_named(pack):
    with pytest.raises(EditError) as err:
        editing.set_meta_field(pack, "marking", "SECRET")
    assert err.value.message.startswith("meta.marking: ")
    assert pack.meta.marking == "OFFICIAL"
    with pytest.raises(EditError, match=r"sections\[1\]\.items\[0\]\.as_of"):
        editing.set_item_field(pack, 1, 0, "as_of", "2016-13-01")
    with pytest.raises(EditError, match="kind cannot be changed"):
        editing.set_section_field(pack, 0, "kind", "quote")
    with pytest.raises(EditError, match="no such field"):
        editing.set_section_field(pack, 0, "speaker", "x")
    with pytest.raises(EditError, match="no position"):
        editing.remove_section(pack, 3)


def test_meta_and_threat_fields_are_typed(pack):
    editing.set_meta_field(pack, "date", "2017-03-01")
    assert pack.meta.date == date(2017, 3, 1)
    old = editing.set_threat_field(pack, "level", "critical")
    assert old is ThreatLevel.SEVERE and pack.threat.level is ThreatLevel.CRITICAL
    editing.set_threat_field(pack, "northern_ireland", None)
    assert pack.threat.northern_ireland is None
    assert '"northern_ireland"' not in pack_to_bytes(pack).decode()


def test_items_insert_remove_move_set(pack):
    at = editing.insert_item(pack, 1, 1)
    assert at == 1 and pack.sections[1].items[1].value == ""
    editing.set_item_field(pack, 1, 1, "value", "2")
    editing.set_item_field(pack, 1, 1, "as_of", "2016-08-01")
    assert pack.sections[1].items[1].as_of == date(2016, 8, 1)
    editing.move_item(pack, 1, 1, 0)
    assert [i.value for i in pack.sections[1].items] == ["2", "32"]
    item = editing.remove_item(pack, 1, 0)
    editing.insert_item(pack, 1, 0, item)
    assert pack.sections[1].items[0] is item
    with pytest.raises(EditError, match="has no items"):
        editing.insert_item(pack, 0, 0)


def test_every_kind_has_a_new_section_that_round_trips():
    pack = editing.new_pack(today=date(2024, 5, 1))
    for kind in SECTION_KINDS:
        editing.insert_section(pack, len(pack.sections), editing.new_section(kind))
    again = pack_from_data(__import__("json").loads(pack_to_bytes(pack)))
    assert [s.kind for s in again.sections] == ["text", *SECTION_KINDS]
    assert again.meta.date == date(2024, 5, 1)
    # A new pack has the level the record gives for its date, not a level fixed in the code.
    in_force = threat_record.level_on(date(2024, 5, 1))
    assert (again.threat.level, again.threat.since) == (in_force.level, in_force.since)


def test_new_pack_from_a_template_is_a_pack_dated_today(example_path):
    example = load_pack(example_path)
    data = example.model_dump(mode="json") | {
        "format": "briefpack/template",
        "name": "Standard update",
        "description": "The usual handout",
    }
    template = pack_from_data(data)
    assert isinstance(template, Template)
    pack = editing.new_pack(template, today=date(2025, 1, 2))
    assert type(pack).__name__ == "Pack" and pack.format == "briefpack/pack"
    assert pack.meta.date == date(2025, 1, 2)
    assert "name" not in pack.model_dump() and len(pack.sections) == len(example.sections)


def test_describe_section():
    assert editing.describe_section(TextSection(body="")) == "(empty)"
    long = TextSection(body="One *two* [three](https://x.uk) four five six seven eight nine")
    assert editing.describe_section(long) == "One two three four five six seven eight…"
    stats = StatisticsSection(items=[{"value": "1", "label": "calls"}])
    assert editing.describe_section(stats) == "calls"


def test_image_path_for(tmp_path):
    (tmp_path / "img").mkdir()
    inside = tmp_path / "img" / "logo.png"
    assert editing.image_path_for(inside, tmp_path) == "img/logo.png"
    assert editing.image_path_for(inside, tmp_path / "other") == inside.resolve().as_posix()
    assert editing.image_path_for(inside, None) == inside.resolve().as_posix()


def test_describe_location_names_section_and_field(pack):
    where = editing.describe_location
    assert where(pack, "sections[0].title") == "section 1 “Intro” (Text), heading"
    assert where(pack, "sections[1].items[0].as_of") == (
        "section 2 “calls a day” (Statistics), row 1, as-of date"
    )
    assert where(pack, "meta.title") == "pack settings, title"
    assert where(pack, "not a [path") == "not a [path"


def test_pack_to_template_and_back(example_path):
    from briefpack.model.pack import PACK_FORMAT, TEMPLATE_FORMAT
    from briefpack.model.templates import pack_to_template, template_to_pack

    pack = load_pack(example_path)
    template = pack_to_template(pack, "Standard update", "Monthly PSU")
    assert isinstance(template, Template)
    assert template.format == TEMPLATE_FORMAT
    assert (template.name, template.description) == ("Standard update", "Monthly PSU")
    assert template.sections == pack.sections and template.meta.title == pack.meta.title
    assert pack.format == PACK_FORMAT  # the pack itself is untouched
    again = pack_from_data(json.loads(pack_to_bytes(template)))
    assert isinstance(again, Template) and again == template

    new = template_to_pack(again, today=date(2025, 6, 7))
    assert type(new) is not Template and new.format == PACK_FORMAT
    assert new.meta.date == date(2025, 6, 7)
    assert new.sections == pack.sections
    assert "name" not in new.model_dump() and "description" not in new.model_dump()


# ---- edit targets: any field by where it lives (what the app's undo commands call) ---------


@pytest.mark.parametrize(
    ("target", "field", "new", "read"),
    [
        (editing.META, "title", "Station brief", lambda p: p.meta.title),
        (editing.THREAT, "level", "critical", lambda p: p.threat.level),
        (("section", 0), "title", "Welcome", lambda p: p.sections[0].title),
        (("item", 1, 0), "value", "41", lambda p: p.sections[1].items[0].value),
    ],
)
def test_set_field_by_target_and_its_undo(pack, target, field, new, read):
    before = pack_to_bytes(pack)
    obj = editing.target_object(pack, target)
    old = editing.set_field(pack, target, field, new)
    assert read(pack) == new and editing.target_object(pack, target) is obj  # set in place
    assert editing.set_field(pack, target, field, old) == new
    assert pack_to_bytes(pack) == before


def test_set_field_by_target_validates_like_the_one_field_edits(pack):
    with pytest.raises(EditError) as caught:
        editing.set_field(pack, ("item", 1, 0), "as_of", "not a date")
    assert caught.value.where.startswith("sections[1].items[0].as_of")
    with pytest.raises(EditError):
        editing.set_field(pack, ("section", 0), "kind", "quote")


@pytest.mark.parametrize("target", [(), ("pack",), ("section",), ("item", 1)])
def test_a_bad_target_is_refused(pack, target):
    with pytest.raises(ValueError, match="bad target"):
        editing.set_field(pack, target, "title", "x")
    with pytest.raises(ValueError, match="bad target"):
        editing.target_object(pack, target)
