"""The built-in record of threat levels, the user's own entries and level_on."""

from __future__ import annotations

import json
from datetime import date
from itertools import pairwise

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefpack.model import threat_record as tr
from briefpack.model.errors import BriefpackError, NewerVersionError
from briefpack.model.threat import ThreatLevel

L = ThreatLevel


@pytest.fixture(autouse=True)
def user_folder(tmp_path, monkeypatch):
    folder = tmp_path / "user"
    monkeypatch.setenv("BRIEFPACK_USER_DIR", str(folder))
    return folder


def in_force(day: date, region: tr.Region = "national") -> tuple[ThreatLevel, date] | None:
    change = tr.level_on(day, region)
    return None if change is None else (change.level, change.since)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2014, 8, 29), (L.SEVERE, date(2014, 8, 29))),
        (date(2017, 5, 22), (L.SEVERE, date(2014, 8, 29))),
        (date(2017, 5, 23), (L.CRITICAL, date(2017, 5, 23))),
        (date(2017, 5, 26), (L.CRITICAL, date(2017, 5, 23))),
        (date(2017, 5, 27), (L.SEVERE, date(2017, 5, 27))),
        (date(2017, 9, 14), (L.SEVERE, date(2017, 5, 27))),
        (date(2017, 9, 15), (L.CRITICAL, date(2017, 9, 15))),
        (date(2017, 9, 16), (L.CRITICAL, date(2017, 9, 15))),
        (date(2017, 9, 17), (L.SEVERE, date(2017, 9, 17))),
        (date(2019, 11, 3), (L.SEVERE, date(2017, 9, 17))),
        (date(2019, 11, 4), (L.SUBSTANTIAL, date(2019, 11, 4))),
        (date(2020, 11, 3), (L.SEVERE, date(2020, 11, 3))),
        (date(2021, 2, 8), (L.SUBSTANTIAL, date(2021, 2, 8))),
        (date(2021, 11, 15), (L.SEVERE, date(2021, 11, 15))),
        (date(2022, 2, 8), (L.SEVERE, date(2021, 11, 15))),
        (date(2022, 2, 9), (L.SUBSTANTIAL, date(2022, 2, 9))),
        (date(2026, 12, 3), (L.SUBSTANTIAL, date(2022, 2, 9))),
    ],
)
def test_national_level_on_each_side_of_every_change(day, expected):
    assert in_force(day) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2022, 3, 21), L.SEVERE),
        (date(2022, 3, 22), L.SUBSTANTIAL),
        (date(2023, 3, 27), L.SUBSTANTIAL),
        (date(2023, 3, 28), L.SEVERE),
        (date(2024, 3, 5), L.SEVERE),
        (date(2024, 3, 6), L.SUBSTANTIAL),
    ],
)
def test_northern_ireland_level_is_kept_apart(day, expected):
    assert tr.level_on(day, "northern_ireland").level is expected
    assert tr.level_on(day, "national").level is not None


def test_before_the_record_starts_there_is_no_answer():
    assert tr.level_on(date(2014, 8, 28)) is None
    assert tr.level_on(date(1999, 1, 1), "northern_ireland") is None
    assert tr.level_on(date(2011, 6, 1), "northern_ireland").level is L.SEVERE


def test_current_history_and_the_confirmed_date():
    assert date(2026, 12, 3) == tr.BUILTIN_CONFIRMED
    assert tr.record().confirmed == tr.BUILTIN_CONFIRMED
    now = tr.current("national", today=date(2026, 12, 3))
    assert (now.level, now.since, now.origin) == (L.SUBSTANTIAL, date(2022, 2, 9), "builtin")
    assert now.source == "written ministerial statement"
    national = tr.history("national")
    assert [c.since for c in national] == sorted(c.since for c in national)
    assert len(national) == 10 and {c.region for c in national} == {"national"}
    assert len(tr.history("northern_ireland")) == 4
    assert all(c.source and c.origin == "builtin" for c in tr.record().changes)


def test_a_user_entry_takes_over_from_its_date(user_folder):
    saved = tr.add_user_change("national", "severe", date(2026, 6, 1))
    assert (saved.source, saved.origin) == ("set by you", "user")
    assert in_force(date(2026, 5, 31)) == (L.SUBSTANTIAL, date(2022, 2, 9))
    assert in_force(date(2026, 6, 1)) == (L.SEVERE, date(2026, 6, 1))
    assert in_force(date(2030, 1, 1)) == (L.SEVERE, date(2026, 6, 1))
    assert tr.level_on(date(2026, 6, 1)).origin == "user"
    assert in_force(date(2026, 7, 1), "northern_ireland")[0] is L.SUBSTANTIAL
    origins = [c.origin for c in tr.record().changes]
    assert origins.count("user") == 1 and origins.count("builtin") == 14


def test_a_user_entry_on_a_builtin_day_wins_and_a_repeat_changes_nothing():
    tr.add_user_change("national", "critical", date(2022, 2, 9), source="my notes")
    assert in_force(date(2022, 3, 1)) == (L.CRITICAL, date(2022, 2, 9))
    assert tr.level_on(date(2022, 3, 1)).source == "my notes"
    # The same level again is no change: the since-date stays the day it really changed.
    tr.add_user_change("northern_ireland", "substantial", date(2025, 1, 1))
    assert in_force(date(2025, 6, 1), "northern_ireland") == (L.SUBSTANTIAL, date(2024, 3, 6))


def test_saving_is_atomic_and_reloads_the_same(user_folder, monkeypatch):
    tr.add_user_change("national", "severe", date(2026, 6, 1))
    tr.add_user_change("northern_ireland", "moderate", date(2026, 7, 1), source="statement")
    tr.add_user_change("national", "critical", date(2026, 6, 1))  # same day: replaced
    path = user_folder / "threat.json"
    data = json.loads(path.read_text("utf-8"))
    assert data["format"] == "briefpack/threat-record" and data["version"] == 1
    assert [(c["region"], c["level"], c["since"]) for c in data["changes"]] == [
        ("national", "critical", "2026-06-01"),
        ("northern_ireland", "moderate", "2026-07-01"),
    ]
    assert tr.user_changes() == tr.user_changes(path)
    assert tr.user_changes()[1].source == "statement"

    written = []
    from briefpack.model import storage

    real = storage.atomic_write
    monkeypatch.setattr(
        tr, "atomic_write", lambda p, d: written.append(p) or real(p, d), raising=True
    )
    tr.add_user_change("national", "low", date(2027, 1, 1))
    assert written == [path]


def test_a_failed_save_keeps_the_old_file(user_folder, monkeypatch):
    tr.add_user_change("national", "severe", date(2026, 6, 1))
    before = (user_folder / "threat.json").read_bytes()

    def no_space(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("briefpack.model.storage._write_all", no_space)
    with pytest.raises(BriefpackError, match="disk is full"):
        tr.add_user_change("national", "low", date(2027, 1, 1))
    assert (user_folder / "threat.json").read_bytes() == before


@pytest.mark.parametrize(
    ("content", "where", "words"),
    [
        ({"changes": [{"region": "national", "level": "severe"}]}, "changes[0].since", "required"),
        (
            {"changes": [{"region": "national", "level": "dire", "since": "2026-01-01"}]},
            "changes[0].level",
            "'low'",
        ),
        (
            {"changes": [{"region": "wales", "level": "low", "since": "2026-01-01"}]},
            "changes[0].region",
            "national",
        ),
        (
            {"changes": [{"region": "national", "level": "low", "since": "1 May 2026"}]},
            "changes[0].since",
            "date",
        ),
        ({"changes": {"region": "national"}}, "changes", "list"),
    ],
)
def test_a_damaged_file_names_the_file_and_the_field(user_folder, content, where, words):
    user_folder.mkdir()
    path = user_folder / "threat.json"
    path.write_text(json.dumps(content), "utf-8")
    with pytest.raises(BriefpackError) as caught:
        tr.level_on(date(2026, 12, 3))
    error = caught.value
    assert error.file == str(path) and error.where == where and words in error.problem
    assert str(path) in str(error) and where in str(error)
    with pytest.raises(BriefpackError):  # nothing is added on top of a file it cannot read
        tr.add_user_change("national", "low", date(2027, 1, 1))
    assert json.loads(path.read_text("utf-8")) == content
    assert tr.builtin_record().level_on(date(2026, 12, 3)).level is L.SUBSTANTIAL


def test_cut_short_and_newer_files_are_refused(user_folder):
    user_folder.mkdir()
    path = user_folder / "threat.json"
    path.write_text('{"changes": [', "utf-8")
    with pytest.raises(BriefpackError, match="not valid JSON") as caught:
        tr.record()
    assert caught.value.file == str(path)
    path.write_text(json.dumps({"version": 2, "changes": []}), "utf-8")
    with pytest.raises(NewerVersionError, match="newer briefpack"):
        tr.record()


def test_no_file_means_the_builtin_record():
    assert tr.record() == tr.builtin_record()
    assert tr.user_changes() == ()


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=12,
)
ENTRY = st.fixed_dictionaries(
    {},
    optional={
        "region": st.sampled_from(["national", "northern_ireland", "wales", ""]) | JSON,
        "level": st.sampled_from(["severe", "SEVERE", "dire"]) | JSON,
        "since": st.sampled_from(["2026-01-01", "2026-02-30", "1 May 2026"]) | JSON,
        "source": JSON,
        "origin": st.sampled_from(["user", "feed", "builtin"]) | JSON,
    },
)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.fixed_dictionaries(
        {},
        optional={
            "format": JSON,
            "version": st.integers(-2, 3) | JSON,
            "changes": st.lists(ENTRY, max_size=3) | JSON,
        },
    )
    | JSON
)
def test_any_file_content_loads_or_is_refused_with_a_named_problem(user_folder, content):
    user_folder.mkdir(exist_ok=True)
    path = user_folder / "threat.json"
    path.write_text(json.dumps(content), "utf-8")
    try:
        changes = tr.user_changes()
    except BriefpackError as exc:
        assert exc.file == str(path) and exc.problem
    else:
        assert all(c.origin in ("user", "feed") and c.region in tr.REGIONS for c in changes)
        tr.record()  # what loaded also merges


# ---- level_on is consistent however the record is made ------------------------------------

DAYS = st.dates(min_value=date(2005, 1, 1), max_value=date(2035, 12, 31))
USER_CHANGES = st.lists(
    st.builds(
        tr.LevelChange,
        region=st.sampled_from(tr.REGIONS),
        level=st.sampled_from(list(ThreatLevel)),
        since=DAYS,
        source=st.just("set by you"),
        origin=st.sampled_from(["user", "feed"]),
    ),
    max_size=8,
)


@given(USER_CHANGES, DAYS, DAYS, st.sampled_from(tr.REGIONS))
def test_level_on_is_monotonic_and_consistent(extra, one, other, region):
    record = tr.merged(*extra)
    early, late = sorted((one, other))
    first, second = tr.level_on(early, region, record), tr.level_on(late, region, record)
    if first is not None:
        assert first.since <= early
        assert second is not None and second.since >= first.since  # time only moves forward
        # the change in force on a day is also in force on its own first day
        assert tr.level_on(first.since, region, record) == first
        if second.since <= early:
            assert second == first  # no change between the two days: the same spell
    history = tr.history(region, record)
    sinces = [c.since for c in history]
    assert sinces == sorted(set(sinces))  # one change a day at most, in order
    assert all(a.level != b.level for a, b in pairwise(history))
    if second is not None:
        assert second in history
        later = [c for c in history if c.since > second.since]
        assert not later or later[0].since > late
    if first is None:
        assert not history or history[0].since > early


@given(USER_CHANGES, DAYS)
def test_the_last_word_on_a_day_wins(extra, day):
    record = tr.merged(*extra)
    on_day = [c for c in extra if c.since == day and c.region == "national"]
    if on_day:
        users = [c for c in on_day if c.origin == "user"]
        last = (users or on_day)[-1]
        assert tr.level_on(day, "national", record).level is last.level


# ---- entries from the MI5 feed, when they were written, when the feed was read -------------


def test_feed_entries_and_the_day_the_feed_was_read(user_folder):
    assert tr.last_feed_read() is None
    added = tr.add_feed_changes([("national", "severe", date(2026, 11, 20))], date(2026, 12, 1))
    assert [(c.region, c.level, c.since, c.origin, c.recorded) for c in added] == [
        ("national", L.SEVERE, date(2026, 11, 20), "feed", date(2026, 12, 1))
    ]
    assert added[0].source == "MI5 threat level feed read on 1 December 2026"
    assert tr.last_feed_read() == date(2026, 12, 1)
    assert in_force(date(2026, 12, 1)) == (L.SEVERE, date(2026, 11, 20))
    # Read again later: the same day's feed entry is replaced, not kept twice.
    tr.add_feed_changes([("national", "critical", date(2026, 11, 20))], date(2026, 12, 2))
    assert [(c.level, c.origin) for c in tr.user_changes()] == [(L.CRITICAL, "feed")]
    # A reading that changes nothing still records the day it was read.
    assert tr.add_feed_changes([], date(2026, 12, 3)) == []
    assert tr.last_feed_read() == date(2026, 12, 3) and len(tr.user_changes()) == 1


def test_a_feed_entry_keeps_the_users_entry_of_the_same_day(user_folder):
    tr.add_user_change("national", "low", date(2026, 11, 20), recorded=date(2026, 11, 21))
    tr.add_feed_changes([("national", "severe", date(2026, 11, 20))], date(2026, 12, 1))
    assert sorted(c.origin for c in tr.user_changes()) == ["feed", "user"]
    assert tr.level_on(date(2026, 12, 1)).level is L.LOW  # the officer's word wins on its day
    # and the user's entry of that day replaces the feed's
    tr.add_user_change("national", "moderate", date(2026, 11, 20))
    assert [(c.level, c.origin) for c in tr.user_changes()] == [(L.MODERATE, "user")]


def test_user_entries_carry_the_day_they_were_entered(user_folder):
    entry = tr.add_user_change("national", "severe", date(2026, 6, 1), recorded=date(2026, 6, 2))
    assert entry.recorded == date(2026, 6, 2)
    assert tr.user_changes()[0].recorded == date(2026, 6, 2)
    assert tr.add_user_change("national", "low", date(2026, 7, 1)).recorded == date.today()
    saved = json.loads((user_folder / "threat.json").read_text("utf-8"))
    assert saved["changes"][0]["recorded"] == "2026-06-02"
    # The day it was entered is not part of what the change is.
    assert entry == tr.LevelChange("national", L.SEVERE, date(2026, 6, 1), "set by you", "user")


def test_files_without_the_later_fields_read_as_before_and_unknown_fields_survive(user_folder):
    user_folder.mkdir()
    path = user_folder / "threat.json"
    old = {
        "format": "briefpack/threat-record",
        "version": 1,
        "changes": [{"region": "national", "level": "severe", "since": "2026-06-01"}],
        "from_a_newer_briefpack": {"kept": True},
    }
    path.write_text(json.dumps(old), "utf-8")
    (change,) = tr.user_changes()
    assert (change.origin, change.source, change.recorded) == ("user", "set by you", None)
    assert tr.last_feed_read() is None
    tr.add_feed_changes([], date(2026, 12, 1))
    saved = json.loads(path.read_text("utf-8"))
    assert saved["from_a_newer_briefpack"] == {"kept": True}
    assert saved["feed_read"] == "2026-12-01"
    # the old entry is kept as it was, and not given a made-up day it was entered
    assert saved["changes"] == [old["changes"][0] | {"source": "set by you", "origin": "user"}]


@pytest.mark.parametrize("value", ["1 December 2026", 20261201, "2026-13-01"])
def test_a_damaged_feed_read_day_names_the_field(user_folder, value):
    user_folder.mkdir()
    path = user_folder / "threat.json"
    path.write_text(json.dumps({"changes": [], "feed_read": value}), "utf-8")
    with pytest.raises(BriefpackError) as caught:
        tr.last_feed_read()
    assert caught.value.where == "feed_read" and caught.value.file == str(path)
    with pytest.raises(BriefpackError):
        tr.add_feed_changes([], date(2026, 12, 1))
    assert json.loads(path.read_text("utf-8"))["feed_read"] == value


TODAY = date(2026, 12, 3)


@pytest.mark.parametrize(
    ("levels", "published", "expected"),
    [
        # the record agrees: nothing
        ({"national": L.SUBSTANTIAL, "northern_ireland": L.SUBSTANTIAL}, date(2024, 3, 6), []),
        # a change: counted from the day the feed published it
        (
            {"national": L.SEVERE, "northern_ireland": L.SUBSTANTIAL},
            date(2026, 11, 30),
            [("national", L.SEVERE, date(2026, 11, 30))],
        ),
        # no date, or a date after today: from today
        ({"national": L.SEVERE}, None, [("national", L.SEVERE, TODAY)]),
        ({"national": L.SEVERE}, date(2026, 12, 4), [("national", L.SEVERE, TODAY)]),
        # a stale date before the record's own last change: from today, so it takes effect
        (
            {"northern_ireland": L.SEVERE, "national": None},
            date(2022, 3, 22),
            [("northern_ireland", L.SEVERE, TODAY)],
        ),
    ],
)
def test_feed_changes_make_the_record_agree_with_the_feed(levels, published, expected):
    record = tr.builtin_record()
    found = tr.feed_changes(record, levels, published, TODAY)
    assert found == expected
    changed = tr.merged(*(tr.LevelChange(r, lv, d, "feed", "feed") for r, lv, d in found))
    for region, level in levels.items():
        if level is not None:
            assert changed.level_on(TODAY, region).level is level


def test_feed_changes_leave_the_users_entry_of_today_alone():
    mine = tr.LevelChange("national", L.CRITICAL, TODAY, "set by you", "user")
    assert tr.feed_changes(tr.merged(mine), {"national": L.SEVERE}, TODAY, TODAY) == []
    yesterday = tr.LevelChange("national", L.CRITICAL, date(2026, 12, 2), "set by you", "user")
    found = tr.feed_changes(tr.merged(yesterday), {"national": L.SEVERE}, date(2026, 12, 1), TODAY)
    assert found == [("national", L.SEVERE, TODAY)]  # the feed's newer word from today on
