"""`briefpack threat`, `threat set` and `threat check`: what they print, exit codes, and a
record left untouched by every failure. The feed comes from a server of the test's own on
127.0.0.1 (FeedServer); no other address is ever connected to."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from test_threat_feed import Answer, FeedServer, feed, guard_connections

from briefpack import cli
from briefpack.model import threat_record as tr
from briefpack.model.dates import long_date
from briefpack.model.threat import ThreatLevel

L = ThreatLevel
TODAY = date.today()


@pytest.fixture(autouse=True)
def user_folder(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "user"
    monkeypatch.setenv("BRIEFPACK_USER_DIR", str(folder))
    return folder


@pytest.fixture
def connections(monkeypatch) -> list[str]:
    """The hosts connected to; any but 127.0.0.1 fails the test."""
    return guard_connections(monkeypatch)


@pytest.fixture
def server(connections) -> Iterator[FeedServer]:
    """A feed server on 127.0.0.1, shut down after the test."""
    running = FeedServer()
    try:
        yield running
    finally:
        running.close()


def run(capsys, *args: str) -> tuple[int, list[str], str]:
    code = cli.main(list(args))
    out = capsys.readouterr()
    return code, out.out.splitlines(), out.err.strip()


def uk_pub_date(day: date) -> str:
    """The feed's own date form: 'Tuesday, March 22, 2022 - 13:57'."""
    return f"{day:%A}, {day:%B} {day.day}, {day.year} - 13:57"


# ---- briefpack threat, threat set ---------------------------------------------------------


def test_threat_shows_the_builtin_levels_and_where_they_come_from(capsys):
    code, out, err = run(capsys, "threat")
    assert code == 0 and not err
    assert out[0] == "National threat level: SUBSTANTIAL (an attack is likely)"
    assert out[1] == "  since 9 February 2022; built-in record confirmed on 3 December 2026"
    assert out[2].startswith("Northern Ireland-related terrorism in Northern Ireland: SUBST")
    assert out[3] == "  since 6 March 2024; built-in record confirmed on 3 December 2026"
    assert out[4] == "MI5 feed: not read yet (`briefpack threat check` reads it)"


def test_set_then_threat_shows_the_new_level_set_by_you(capsys, user_folder):
    since = TODAY - timedelta(days=3)
    code, out, err = run(
        capsys, "threat", "set", "Severe", "--since", since.isoformat(), "--ni", "LOW",
        "--ni-since", long_date(since),
    )  # fmt: skip
    assert code == 0, err
    assert out == [
        f"recorded: national level SEVERE from {long_date(since)}",
        f"recorded: Northern Ireland level LOW from {long_date(since)}",
    ]
    code, out, err = run(capsys, "threat")
    assert code == 0 and not err
    assert out[0] == "National threat level: SEVERE (an attack is highly likely)"
    assert out[1] == f"  since {long_date(since)}; set by you on {long_date(TODAY)}"
    assert out[2].endswith(": LOW (an attack is highly unlikely)")
    assert out[3] == f"  since {long_date(since)}; set by you on {long_date(TODAY)}"
    saved = json.loads((user_folder / "threat.json").read_text("utf-8"))
    assert [(c["region"], c["level"], c["origin"]) for c in saved["changes"]] == [
        ("national", "severe", "user"),
        ("northern_ireland", "low", "user"),
    ]


def test_set_with_ni_writes_the_record_once_with_both_levels(capsys, user_folder, monkeypatch):
    """Two saves (the old code) could leave half an update after a crash between them."""
    writes: list[dict] = []
    real_write = tr.atomic_write

    def counted(target, data, *args, **kwargs):
        writes.append(json.loads(data))
        return real_write(target, data, *args, **kwargs)

    monkeypatch.setattr(tr, "atomic_write", counted)
    since = TODAY - timedelta(days=1)
    code, _, err = run(
        capsys, "threat", "set", "critical", "--since", since.isoformat(), "--ni", "moderate",
        "--ni-since", since.isoformat(),
    )  # fmt: skip
    assert code == 0, err
    assert len(writes) == 1
    both = [("national", "critical"), ("northern_ireland", "moderate")]
    assert [(c["region"], c["level"]) for c in writes[0]["changes"]] == both
    saved = json.loads((user_folder / "threat.json").read_text("utf-8"))
    assert [(c["region"], c["level"]) for c in saved["changes"]] == both


def test_add_user_changes_replaces_same_day_entries_in_one_save(user_folder):
    day = date(2025, 3, 1)
    tr.add_user_change("national", "low", day)
    tr.add_user_change("northern_ireland", "low", date(2025, 2, 1))
    added = tr.add_user_changes(
        [("national", "severe", day), ("northern_ireland", "moderate", day)], recorded=day
    )
    assert [(c.region, c.level, c.recorded) for c in added] == [
        ("national", L.SEVERE, day),
        ("northern_ireland", L.MODERATE, day),
    ]
    kept = [(c.region, c.level, c.since) for c in tr.user_changes()]
    assert kept == [
        ("northern_ireland", L.LOW, date(2025, 2, 1)),
        ("national", L.SEVERE, day),
        ("northern_ireland", L.MODERATE, day),
    ]
    with pytest.raises(ValueError, match="unknown region"):
        tr.add_user_changes([("national", "low", day), ("wales", "low", day)])
    assert len(tr.user_changes()) == 3  # a bad entry refuses the whole set: nothing saved


def test_set_the_level_already_in_force_says_it_changes_nothing(capsys):
    code, out, _ = run(capsys, "threat", "set", "substantial", "--since", "2023-01-05")
    assert code == 0
    assert out == [
        "recorded: national level SUBSTANTIAL from 5 January 2023 "
        "(already SUBSTANTIAL since 9 February 2022: no change)"
    ]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["dire", "--since", "2026-01-01"], "LEVEL: “dire” is not a threat level"),
        (["severe"], "--since: give the day the level took effect"),
        (["severe", "--since", "3/12/26"], "--since: “3/12/26” is not a date"),
        (["severe", "--since", "2026-02-30"], "--since: “2026-02-30” is not a date"),
        (["severe", "--since", "9999-12-31"], "--since: 31 December 9999 is after today"),
        (["severe", "--since", "2026-01-01", "--ni", "grim", "--ni-since", "2026-01-01"],
         "--ni: “grim” is not a threat level"),
        (["severe", "--since", "2026-01-01", "--ni", "low"], "--ni-since: give the day"),
        (["severe", "--since", "2026-01-01", "--ni-since", "2026-01-01"], "--ni: give the"),
    ],
)  # fmt: skip
def test_set_with_bad_input_is_one_line_naming_the_argument(capsys, user_folder, args, expected):
    tr.add_user_change("national", "low", date(2025, 1, 1))
    before = (user_folder / "threat.json").read_bytes()
    code, out, err = run(capsys, "threat", "set", *args)
    assert code == 2 and out == []
    assert err.startswith(expected) and "\n" not in err
    assert (user_folder / "threat.json").read_bytes() == before


def test_a_damaged_record_is_named_and_left_alone(capsys, user_folder):
    user_folder.mkdir()
    path = user_folder / "threat.json"
    path.write_text('{"changes": [{"region": "wales"}]}', "utf-8")
    for args in (["threat"], ["threat", "set", "low", "--since", "2025-01-01"]):
        code, _, err = run(capsys, *args)
        assert code == 2 and err.startswith(f"{path}: changes[0]") and "\n" not in err
    assert path.read_text("utf-8") == '{"changes": [{"region": "wales"}]}'


# ---- briefpack threat check ---------------------------------------------------------------


def test_check_records_a_change_it_finds(capsys, server, user_folder):
    published = TODAY - timedelta(days=2)
    server.answers["/feed.xml"] = Answer(body=feed("SEVERE", published=uk_pub_date(published)))
    code, out, err = run(capsys, "threat", "check", "--url", server.url())
    assert code == 0, err
    assert out == [
        f"MI5 feed ({server.url()}): national SEVERE, Northern Ireland SUBSTANTIAL, "
        f"published {long_date(published)}",
        f"recorded: national level SEVERE from {long_date(published)} "
        f"(MI5 feed read on {long_date(TODAY)})",
    ]
    code, out, _ = run(capsys, "threat")
    assert out[0].startswith("National threat level: SEVERE")
    assert out[1] == f"  since {long_date(published)}; MI5 feed read on {long_date(TODAY)}"
    assert out[-1] == f"MI5 feed last read on {long_date(TODAY)}"
    (change,) = tr.user_changes()
    assert (change.origin, change.level, change.since) == ("feed", L.SEVERE, published)


def test_check_with_the_same_levels_records_nothing(capsys, server):
    server.answers["/feed.xml"] = Answer(body=feed())
    code, out, err = run(capsys, "threat", "check", "--url", server.url())
    assert code == 0, err
    assert out[1] == "the record already has these levels: nothing changed"
    assert tr.user_changes() == () and tr.last_feed_read() == TODAY


def test_check_keeps_the_officers_own_entry_of_today(capsys, server):
    tr.add_user_change("national", "critical", TODAY)
    server.answers["/feed.xml"] = Answer(body=feed("SEVERE"))
    code, out, _ = run(capsys, "threat", "check", "--url", server.url())
    assert code == 0
    assert out[1].startswith("not recorded: your own entry of today keeps the national level")
    assert tr.record().level_on(TODAY).level is L.CRITICAL


def test_check_follows_a_redirect_on_the_same_host(capsys, server):
    server.answers["/old"] = Answer(status=301, headers={"Location": "/feed.xml"})
    server.answers["/feed.xml"] = Answer(body=feed("LOW"))
    code, out, err = run(capsys, "threat", "check", "--url", server.url("/old"))
    assert code == 0, err
    assert server.requests == ["/old", "/feed.xml"] and "national LOW" in out[0]


BOT_PAGE = b"<!DOCTYPE html><html><body>Checking your browser...</body></html>"


@pytest.mark.parametrize(
    ("answer", "timeout", "words"),
    [
        (Answer(body=BOT_PAGE, content_type="text/html"), None, "web page (a bot check?)"),
        (Answer(body=b"<p>wait</p>", content_type="text/html"), None, "web page (a bot check?)"),
        (Answer(body=feed() + b" " * 2_000_000), None, "larger than 1 MB"),
        (Answer(body=b"x" * 2_000_000, send_length=False), None, "larger than 1 MB"),
        (Answer(status=500, body=b"oops"), None, "HTTP 500 (Internal Server Error)"),
        (Answer(status=404), None, "HTTP 404"),
        (Answer(body=feed()[:300]), None, "not well-formed XML"),
        (Answer(body=b""), None, "empty"),
        (Answer(body=feed("DIRE")), None, "“DIRE”, which is not a threat level"),
        (Answer(body=feed(), delay=5), "0.3", "no answer within 0.3 seconds"),
        (Answer(body=feed(), trickle=0.05), "0.3", "no answer within 0.3 seconds"),
    ],
    ids=[
        "bot check", "html", "2 MB", "2 MB unsized", "500", "404", "cut short", "empty",
        "unknown level", "slow", "trickle",
    ],
)  # fmt: skip
def test_check_failures_are_one_line_and_leave_the_record(
    capsys, server, user_folder, answer, timeout, words
):
    tr.add_user_change("national", "low", date(2025, 1, 1))
    before = (user_folder / "threat.json").read_bytes()
    server.answers["/feed.xml"] = answer
    extra = ["--timeout", timeout] if timeout else []
    code, out, err = run(capsys, "threat", "check", "--url", server.url(), *extra)
    assert code == 2 and out == []
    assert err.startswith(f"{server.url()}: ") and words in err
    assert "\n" not in err and "Traceback" not in err
    assert (user_folder / "threat.json").read_bytes() == before


def test_a_redirect_to_another_host_is_refused_without_connecting(
    capsys, server, connections, user_folder
):
    elsewhere = f"http://127.0.0.2:{server.port}/feed.xml"
    server.answers["/feed.xml"] = Answer(status=302, headers={"Location": elsewhere})
    code, out, err = run(capsys, "threat", "check", "--url", server.url())
    assert code == 2 and out == []
    assert "another site (127.0.0.2)" in err and "\n" not in err
    assert connections == ["127.0.0.1"]  # the one request made; 127.0.0.2 never asked
    assert not (user_folder / "threat.json").exists()


def test_a_closed_port_is_one_line_and_no_record(capsys, connections, user_folder):
    with socket.socket() as probe:  # a port that was free a moment ago, and is closed now
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/feed.xml"
    code, out, err = run(capsys, "threat", "check", "--url", url, "--timeout", "2")
    assert code == 2 and out == []
    assert err == f"{url}: the connection was refused; check the address, or try again later"
    assert not (user_folder / "threat.json").exists()


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://127.0.0.1/x", "data:,<rss/>"])
def test_check_reads_only_web_addresses(capsys, connections, url):
    code, _, err = run(capsys, "threat", "check", "--url", url)
    assert code == 2
    assert err == f"{url}: only http and https addresses are read (not file:, ftp: or data:)"
    assert connections == []


def test_check_never_prints_a_traceback_from_the_command_line(server, tmp_path):
    """The installed command, in its own process: one line on stderr, exit 2."""
    server.answers["/feed.xml"] = Answer(body=BOT_PAGE, content_type="text/html")
    env = os.environ | {"BRIEFPACK_USER_DIR": str(tmp_path / "u"), "NO_PROXY": "127.0.0.1"}
    done = subprocess.run(
        [sys.executable, "-m", "briefpack", "threat", "check", "--url", server.url()],
        capture_output=True,
        text=True,
        env=env | {"no_proxy": "127.0.0.1"},
        timeout=60,
    )
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "bot check" in done.stderr
