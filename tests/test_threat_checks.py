"""The pack's threat level and date since, checked against the record of levels."""

from __future__ import annotations

import copy
from datetime import date

import pytest
from packs import BASE_PACK, EXAMPLE

from briefpack.document.threat_checks import threat_findings
from briefpack.model import threat_record as tr
from briefpack.model.packfile import load_pack, pack_from_data

TODAY = date(2026, 12, 3)


@pytest.fixture(autouse=True)
def user_folder(tmp_path, monkeypatch):
    folder = tmp_path / "user"
    monkeypatch.setenv("BRIEFPACK_USER_DIR", str(folder))
    return folder


def pack(level="substantial", since="2022-02-09", ni="substantial", on="2026-12-03"):
    data = copy.deepcopy(BASE_PACK)
    data["meta"]["date"] = on
    data["threat"] = {"level": level, "since": since, "northern_ireland": ni}
    if since is None:
        del data["threat"]["since"]
    if ni is None:
        del data["threat"]["northern_ireland"]
    return pack_from_data(data)


def messages(found, where):
    return [f.message for f in found if f.where == where]


def test_a_pack_that_agrees_with_the_record_has_no_findings():
    assert threat_findings(pack(), TODAY) == []
    # a since-date inside the level's spell is true, just not the day it changed
    assert threat_findings(pack(since="2024-01-01"), TODAY) == []
    # the example handout, dated 2016: SEVERE since 29 August 2014
    assert threat_findings(load_pack(EXAMPLE), TODAY) == []


def test_a_since_date_before_the_level_came_in_is_named():
    found = threat_findings(pack(since="2014-08-29"), TODAY)
    assert [(f.section, f.where, f.severity) for f in found] == [(None, "threat.since", "warning")]
    assert found[0].message == (
        "the date since does not fit the record: the record has SEVERE in force on "
        "29 August 2014; SUBSTANTIAL has been in force since 9 February 2022"
    )


def test_a_since_date_across_a_break_in_the_level_is_named():
    # SEVERE in 2014 and in 2018, but CRITICAL twice in 2017: SEVERE only since 17 September
    found = threat_findings(pack("severe", "2014-08-29", ni=None, on="2018-01-01"), TODAY)
    assert messages(found, "threat.since") == [
        "the date since does not fit the record: the record has SEVERE in force on "
        "29 August 2014, but it changed after that; SEVERE has been in force since "
        "17 September 2017"
    ]
    assert messages(found, "threat.level") == []
    assert threat_findings(pack("severe", "2017-09-17", ni=None, on="2018-01-01"), TODAY) == []


def test_the_critical_spells_are_respected():
    assert threat_findings(pack("critical", "2017-05-23", ni=None, on="2017-05-25"), TODAY) == []
    found = threat_findings(pack("critical", "2017-05-22", ni=None, on="2017-05-25"), TODAY)
    assert messages(found, "threat.since") == [
        "the date since does not fit the record: the record has SEVERE in force on "
        "22 May 2017; CRITICAL has been in force since 23 May 2017"
    ]
    found = threat_findings(pack("critical", "2017-05-23", ni=None, on="2017-05-27"), TODAY)
    assert messages(found, "threat.level") == [
        "the pack gives CRITICAL, but the record has SEVERE in force on 27 May 2017 "
        "(built-in record confirmed 3 December 2026)"
    ]


def test_a_level_no_longer_in_force_says_when_it_last_was():
    found = threat_findings(pack("critical", "2014-08-29"), TODAY)
    assert messages(found, "threat.since") == [
        "the date since does not fit the record: the record has SEVERE in force on "
        "29 August 2014; CRITICAL was last in force from 15 September 2017 to "
        "16 September 2017"
    ]
    found = threat_findings(pack("low", "2014-08-29"), TODAY)
    assert messages(found, "threat.since")[0].endswith(
        "; the record has no time at LOW up to 3 December 2026"
    )


def test_a_level_other_than_the_records_for_the_packs_date():
    # a new pack from any template: SEVERE since 29 August 2014
    found = threat_findings(pack("severe", "2014-08-29"), TODAY)
    assert [(f.where, f.message) for f in found] == [
        (
            "threat.level",
            "the pack gives SEVERE, but the record has SUBSTANTIAL in force on "
            "3 December 2026 (built-in record confirmed 3 December 2026)",
        )
    ]


def test_a_pack_dated_after_the_record_was_confirmed_asks_for_a_look():
    found = threat_findings(pack("severe", None, on="2027-03-01"), date(2027, 3, 1))
    assert messages(found, "threat.level") == [
        "the pack gives SEVERE, but the record has SUBSTANTIAL in force on 1 March 2027 "
        "(built-in record confirmed 3 December 2026); a later change would not be in it, "
        "so check the level on the MI5 website"
    ]
    # an old pack checked long after the record was confirmed: the record may be stale
    stale = threat_findings(pack("severe", None, on="2026-01-01"), date(2027, 12, 1))
    assert messages(stale, "threat.level")[0].endswith("check the level on the MI5 website")


def test_a_since_date_after_the_record_was_confirmed_is_not_judged():
    # a change the built-in record cannot know yet: only the level is questioned
    found = threat_findings(pack("severe", "2027-01-15", on="2027-02-01"), date(2027, 2, 1))
    assert [f.where for f in found] == ["threat.level"]
    assert found[0].message.endswith("check the level on the MI5 website")
    tr.add_user_change("national", "severe", date(2027, 1, 10))  # the officer recorded it
    found = threat_findings(pack("severe", "2027-01-15", on="2027-02-01"), date(2027, 2, 1))
    assert found == []
    found = threat_findings(pack("severe", "2027-01-05", on="2027-02-01"), date(2027, 2, 1))
    assert messages(found, "threat.since") == [
        "the date since does not fit the record: the record has SUBSTANTIAL in force on "
        "5 January 2027; SEVERE has been in force since 10 January 2027"
    ]


def test_the_northern_ireland_level_is_compared_for_packs_from_july_2019():
    found = threat_findings(pack(ni="severe"), TODAY)
    assert [(f.where, f.message) for f in found] == [
        (
            "threat.northern_ireland",
            "the pack gives SEVERE in Northern Ireland, but the record has SUBSTANTIAL in "
            "force in Northern Ireland on 3 December 2026 (built-in record confirmed "
            "3 December 2026)",
        )
    ]
    assert threat_findings(pack(ni="severe", since="2023-01-01", on="2023-03-28"), TODAY) == []
    assert threat_findings(pack(ni=None), TODAY) == []
    # Before then the pack's field was the level for Great Britain, which the record lacks.
    old = pack("severe", "2017-09-17", ni="substantial", on="2019-07-22")
    assert threat_findings(old, TODAY) == []


def test_user_entries_are_part_of_the_record():
    tr.add_user_change("national", "severe", date(2026, 11, 21))
    assert threat_findings(pack("severe", "2026-11-21"), TODAY) == []
    found = threat_findings(pack("substantial", "2022-02-09"), TODAY)
    assert messages(found, "threat.level") == [
        "the pack gives SUBSTANTIAL, but the record has SEVERE in force on 3 December 2026 "
        "(set by you, from 21 November 2026)"
    ]


def test_a_damaged_user_file_falls_back_to_the_builtin_record(user_folder):
    user_folder.mkdir()
    (user_folder / "threat.json").write_text('{"changes": [{"region": "x"}]}', "utf-8")
    found = threat_findings(pack("severe", "2014-08-29"), TODAY)
    assert [f.where for f in found] == ["threat", "threat.level"]
    assert "threat.json: changes[0].region" in found[0].message
    assert found[0].message.endswith("the pack is checked against the built-in record only")


def test_a_record_can_be_given():
    record = tr.merged(
        tr.LevelChange("national", tr.ThreatLevel.LOW, date(2026, 1, 1), "MI5 feed", "feed")
    )
    found = threat_findings(pack(since="2022-02-09"), TODAY, record)
    assert [(f.where, f.message) for f in found] == [
        (
            "threat.level",
            "the pack gives SUBSTANTIAL, but the record has LOW in force on 3 December 2026 "
            "(MI5 feed, from 1 January 2026)",
        )
    ]


def test_a_date_before_the_record_starts_is_not_judged():
    assert threat_findings(pack("moderate", "2013-01-01", ni=None, on="2014-01-01"), TODAY) == []


# ---- `briefpack validate`, both ways ------------------------------------------------------


def _validate(pack_file, tmp_path, capsys, monkeypatch) -> str:
    from briefpack.cli import main

    monkeypatch.setenv("BRIEFPACK_USER_DIR", str(tmp_path / "user"))  # the built-in record only
    assert main(["validate", str(pack_file)]) == 0
    return capsys.readouterr().out


def test_validate_does_not_warn_about_the_2016_example(tmp_path, capsys, monkeypatch):
    from pathlib import Path

    example = Path(__file__).resolve().parents[1] / "examples" / "protective-security-update.bpack"
    out = _validate(example, tmp_path, capsys, monkeypatch)
    assert "threat.level" not in out and "threat.since" not in out


def test_validate_warns_when_todays_pack_disagrees_with_the_record(tmp_path, capsys, monkeypatch):
    import json
    from datetime import date
    from pathlib import Path

    example = Path(__file__).resolve().parents[1] / "examples" / "protective-security-update.bpack"
    data = json.loads(example.read_text(encoding="utf-8"))
    data["meta"]["date"] = date.today().isoformat()  # SEVERE since 2014, printed today
    pack = tmp_path / "today.bpack"
    pack.write_text(json.dumps(data), encoding="utf-8")
    out = _validate(pack, tmp_path, capsys, monkeypatch)
    assert "threat.level: warning:" in out and "SUBSTANTIAL" in out
