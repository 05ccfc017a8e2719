"""New packs take the threat level in force from the record of levels, never a template's.

Each test first records a level of its own (add_user_change, in the test's own user
folder), so a pack that still carried a fixed level (SEVERE, or whatever a template once
said) fails: the level must follow the record.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from packs import EXAMPLE

from briefpack import cli
from briefpack.model import editing, threat_record
from briefpack.model.errors import BriefpackError
from briefpack.model.pack import Pack, Template, Threat
from briefpack.model.packfile import load_pack, pack_from_data, pack_to_bytes
from briefpack.model.resources import data_dir
from briefpack.model.template_store import find_template, save_user_template
from briefpack.model.templates import pack_to_template, template_to_pack, with_current_threat
from briefpack.model.threat import ThreatLevel

BUILTIN_TEMPLATES = sorted(data_dir("templates").glob("*.bpack"))
TODAY = date.today()
SINCE = TODAY - timedelta(days=2)


@pytest.fixture(params=["critical", "low"])
def recorded(request) -> Threat:
    """A national and NI level recorded by the officer two days ago (two different sets, so
    no constant in the code can pass both)."""
    national = ThreatLevel(request.param)
    ireland = ThreatLevel.MODERATE if national is ThreatLevel.CRITICAL else ThreatLevel.SEVERE
    threat_record.add_user_change("national", national, SINCE)
    threat_record.add_user_change("northern_ireland", ireland, SINCE - timedelta(days=1))
    return Threat(level=national, since=SINCE, northern_ireland=ireland)


def old_template_data() -> dict:
    """A template as briefpack wrote them before: with a threat block of its own."""
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data |= {"format": "briefpack/template", "name": "Old monthly", "description": "From 2016."}
    assert data["threat"]["level"] == "severe"
    return data


# ---- every way a pack is made -----------------------------------------------------------------


def test_there_are_built_in_templates():
    assert len(BUILTIN_TEMPLATES) >= 3


@pytest.mark.parametrize("path", BUILTIN_TEMPLATES, ids=lambda p: p.stem)
def test_a_pack_from_every_built_in_template_has_the_recorded_level(path: Path, recorded):
    template = load_pack(path)
    assert isinstance(template, Template)
    pack = template_to_pack(template)
    assert type(pack) is Pack and pack.meta.date == TODAY
    assert pack.threat == recorded


@pytest.mark.parametrize("path", BUILTIN_TEMPLATES, ids=lambda p: p.stem)
def test_built_in_templates_carry_no_threat_level(path: Path):
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert "threat" not in raw
    assert load_pack(path).threat is None


def test_a_minimal_new_pack_has_the_recorded_level(recorded):
    assert editing.new_pack().threat == recorded


def test_a_pack_from_a_user_template_has_the_recorded_level(recorded):
    old_pack = pack_from_data(json.loads(EXAMPLE.read_text(encoding="utf-8")))
    save_user_template(pack_to_template(old_pack, "Venue briefing", "For venues."))
    pack = template_to_pack(load_pack(find_template("venue briefing")))
    assert pack.threat == recorded


@pytest.mark.parametrize("name", [None, "protective security update", "threat level change notice"])
def test_cli_new_writes_the_recorded_level_and_says_so(tmp_path, capsys, recorded, name):
    out = tmp_path / "new.bpack"
    args = ["new", "-o", str(out), *(["--template", name] if name else [])]
    assert cli.main(args) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].startswith(f"threat level {recorded.level.display_name} since ")
    pack = load_pack(out)
    assert type(pack) is Pack and pack.threat == recorded


def test_the_level_is_the_one_in_force_on_the_packs_date():
    """A pack dated a day in the past gets that day's level and date since."""
    for day, level, since in [
        (date(2016, 8, 1), "severe", date(2014, 8, 29)),
        (date(2017, 5, 25), "critical", date(2017, 5, 23)),
        (date(2024, 5, 1), "substantial", date(2022, 2, 9)),
    ]:
        pack = template_to_pack(load_pack(BUILTIN_TEMPLATES[0]), today=day)
        assert (pack.threat.level.value, pack.threat.since) == (level, since)
    assert editing.new_pack(today=date(2022, 6, 1)).threat.northern_ireland == "substantial"
    assert editing.new_pack(today=date(2023, 6, 1)).threat.northern_ireland == "severe"


def test_an_explicit_record_is_used(tmp_path):
    mine = threat_record.merged(
        threat_record.LevelChange("national", ThreatLevel.MODERATE, date(2026, 1, 5), "x", "user")
    )
    pack = editing.new_pack(today=date(2026, 2, 1), record=mine)
    assert (pack.threat.level, pack.threat.since) == (ThreatLevel.MODERATE, date(2026, 1, 5))


def test_a_damaged_user_record_falls_back_to_the_built_in_history(user_data_dir):
    (user_data_dir / threat_record.RECORD_FILE).write_text("{not json", encoding="utf-8")
    with pytest.raises(BriefpackError):
        threat_record.record()
    pack = editing.new_pack(today=date(2024, 5, 1))  # still made, not refused
    assert (pack.threat.level, pack.threat.since) == ("substantial", date(2022, 2, 9))


def test_before_the_record_starts_the_templates_own_level_is_kept():
    old = pack_from_data(old_template_data())
    pack = template_to_pack(old, today=date(2010, 1, 1))
    assert (pack.threat.level, pack.threat.since) == ("severe", date(2014, 8, 29))
    bare = editing.new_pack(today=date(2010, 1, 1))  # nothing to keep: the oldest level
    assert bare.threat.level == "severe" and bare.threat.since is None


# ---- templates: no threat block, older ones still load ----------------------------------------


def test_an_older_template_with_a_threat_block_still_loads_and_its_level_is_replaced(recorded):
    old = pack_from_data(old_template_data())
    assert isinstance(old, Template) and old.threat is not None
    assert old.threat.level is ThreatLevel.SEVERE  # loaded as written
    pack = template_to_pack(old)
    assert pack.threat == recorded


def test_saving_a_pack_as_a_template_leaves_the_threat_block_out():
    pack = load_pack(EXAMPLE)
    template = pack_to_template(pack, "Monthly", "The monthly update.")
    assert template.threat is None and pack.threat is not None  # the pack is left alone
    raw = json.loads(pack_to_bytes(template))
    assert "threat" not in raw
    again = pack_from_data(raw)
    assert isinstance(again, Template) and again == template


def test_a_pack_still_needs_its_threat_block():
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    del data["threat"]
    with pytest.raises(BriefpackError, match="threat"):
        pack_from_data(data, "p.bpack")


def test_with_current_threat_fills_in_only_a_missing_level(recorded):
    template = load_pack(BUILTIN_TEMPLATES[0])
    shown = with_current_threat(template)
    assert shown.threat == recorded and template.threat is None  # a copy
    pack = load_pack(EXAMPLE)
    assert with_current_threat(pack) is pack


# ---- the historical example keeps its level ---------------------------------------------------


def test_the_2016_example_pack_keeps_severe_since_2014(recorded):
    raw = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    assert raw["format"] == "briefpack/pack"
    assert raw["threat"] == {
        "level": "severe",
        "since": "2014-08-29",
        "northern_ireland": "substantial",
    }
    assert load_pack(EXAMPLE).threat.level is ThreatLevel.SEVERE  # not the recorded level
