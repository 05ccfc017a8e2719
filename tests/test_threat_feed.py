"""Reading the MI5 threat level feed: the shapes seen in the wild, broken answers, recording.

The network is only ever a server of the test's own on 127.0.0.1 (FeedServer, also used by
test_cli_threat.py); a guard fails any attempt to connect anywhere else.
"""

from __future__ import annotations

import contextlib
import io
import re
import socket
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefpack.model import threat_feed as tf
from briefpack.model import threat_record as tr
from briefpack.model.errors import BriefpackError
from briefpack.model.threat import ThreatLevel

L = ThreatLevel
URL = "https://feed.example/UKThreatLevel.xml"
PLAIN = (
    "The current national threat level is {national}. The threat to Northern Ireland from "
    "Northern Ireland-related terrorism is {ni}."
)


def feed(
    national: str = "SUBSTANTIAL",
    ni: str = "SUBSTANTIAL",
    published: str = "Tuesday, March 22, 2022 - 13:57",
    description: str | None = None,
    title: str | None = None,
) -> bytes:
    """A feed shaped like MI5's (threat-levels.md), with the parts a test changes."""
    text = PLAIN.format(national=national, ni=ni) if description is None else description
    title = f"Current Threat Level: {national}" if title is None else title
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
  <title>Security Service - MI5 - Current UK Threat Level</title>
  <link>https://www.mi5.gov.uk/</link>
  <description>The Current UK Threat Level</description>
  <language>en-gb</language>
  <lastBuildDate>Tue, 22 Mar 2022 13:57:52 +0000</lastBuildDate>
  <item>
    <title>{title}</title>
    <link>https://www.mi5.gov.uk/threat-levels</link>
    <description>{text}</description>
    <pubDate>{published}</pubDate>
  </item>
</channel></rss>
""".encode()


# ---- a local server, and a guard against any other address ------------------------------


@dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    content_type: str = "application/rss+xml; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering at all
    trickle: float = 0.0  # seconds between single bytes of the body
    send_length: bool = True


class FeedServer:
    """An HTTP server bound to 127.0.0.1 on a free port, answering each path as told."""

    def __init__(self) -> None:
        self.answers: dict[str, Answer] = {}
        self.requests: list[str] = []
        self.trickled = 0  # bytes of trickled bodies sent so far
        self.release = threading.Event()  # ends every wait when the server is closed
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requests.append(self.path)
                server.answer_request(self, server.answers.get(self.path, Answer(status=404)))

            def log_message(self, *_args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.block_on_close = False
        self.httpd.handle_error = lambda *_args: None  # a client that hung up is expected
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    def url(self, path: str = "/feed.xml") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def answer_request(self, handler: BaseHTTPRequestHandler, answer: Answer) -> None:
        if answer.delay and self.release.wait(answer.delay):
            return
        handler.send_response(answer.status)
        handler.send_header("Content-Type", answer.content_type)
        if answer.send_length:
            handler.send_header("Content-Length", str(len(answer.body)))
        for name, value in answer.headers.items():
            handler.send_header(name, value)
        handler.end_headers()
        if not answer.trickle:
            handler.wfile.write(answer.body)
            return
        for byte in answer.body:
            if self.release.wait(answer.trickle):
                return
            handler.wfile.write(bytes([byte]))
            handler.wfile.flush()
            self.trickled += 1

    def close(self) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


def guard_connections(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every host a connection is attempted to; anything but 127.0.0.1 fails the test. No
    proxy from the environment is used for 127.0.0.1."""
    attempted: list[str] = []
    real = socket.create_connection

    def guarded(address, *args, **kwargs):
        attempted.append(address[0])
        if address[0] != "127.0.0.1":
            raise AssertionError(f"the test tried to connect to {address[0]}")
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", guarded)
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    return attempted


@pytest.fixture
def connections(monkeypatch) -> list[str]:
    return guard_connections(monkeypatch)


@pytest.fixture
def server(connections) -> Iterator[FeedServer]:
    running = FeedServer()
    try:
        yield running
    finally:
        running.close()


# ---- the shapes seen in the wild ----------------------------------------------------------


def test_the_plain_feed():
    reading = tf.parse_feed(feed(), URL)
    assert (reading.national, reading.northern_ireland, reading.url) == (
        L.SUBSTANTIAL,
        L.SUBSTANTIAL,
        URL,
    )
    # 22 March 2022 is before the clocks went forward: GMT
    assert reading.published == datetime(2022, 3, 22, 13, 57, tzinfo=UTC)
    assert reading.published_day() == date(2022, 3, 22)
    assert tf.parse_feed(feed()).url == tf.DEFAULT_FEED_URL


def test_the_default_address_is_mi5s_feed():
    assert tf.DEFAULT_FEED_URL == "https://www.mi5.gov.uk/UKThreatLevel/UKThreatLevel.xml"


def test_an_escaped_html_description_with_entities():
    description = (
        "&lt;p&gt;The current national threat level is&amp;nbsp;&lt;strong&gt;SEVERE"
        "&lt;/strong&gt;.&lt;/p&gt;\n&lt;p&gt;The threat to Northern Ireland from Northern "
        "Ireland&amp;#8209;related terrorism is &lt;b&gt;SUBSTANTIAL&lt;/b&gt;.&lt;/p&gt;"
    ).replace("&amp;#8209;", "-")
    reading = tf.parse_feed(feed(description=description, title="Threat level"), URL)
    assert (reading.national, reading.northern_ireland) == (L.SEVERE, L.SUBSTANTIAL)


def test_a_cdata_html_description():
    description = (
        "<![CDATA[<p>The current national threat level is <em>CRITICAL</em>.</p>"
        "<p>The threat to Northern Ireland from Northern Ireland-related terrorism is "
        "SEVERE.</p>]]>"
    )
    reading = tf.parse_feed(feed(description=description, title="x"), URL)
    assert (reading.national, reading.northern_ireland) == (L.CRITICAL, L.SEVERE)


def test_the_other_wording_of_the_national_sentence():
    description = (
        "The threat to the UK (England, Wales, Scotland and Northern Ireland) from all forms "
        "of terrorism is SUBSTANTIAL. The threat to Northern Ireland from Northern "
        "Ireland-related terrorism is SEVERE."
    )
    reading = tf.parse_feed(feed(national="LOW", description=description), URL)
    assert (reading.national, reading.northern_ireland) == (L.SUBSTANTIAL, L.SEVERE)


def test_the_title_alone_gives_the_national_level():
    reading = tf.parse_feed(feed(national="moderate", description="See the website."), URL)
    assert (reading.national, reading.northern_ireland) == (L.MODERATE, None)


@pytest.mark.parametrize(
    ("published", "utc", "uk_day"),
    [
        # summer time: 00:30 BST is 23:30 GMT the day before; the UK day is kept
        ("Tuesday, March 28, 2023 - 00:30", datetime(2023, 3, 27, 23, 30, tzinfo=UTC), 28),
        ("Wednesday, March 6, 2024 - 00:30", datetime(2024, 3, 6, 0, 30, tzinfo=UTC), 6),
        ("Thursday, July 4, 2024 - 13:57", datetime(2024, 7, 4, 12, 57, tzinfo=UTC), 4),
        ("Sunday, December 1, 2024 - 9:05", datetime(2024, 12, 1, 9, 5, tzinfo=UTC), 1),
        ("Tue, 22 Mar 2022 13:57:52 +0000", datetime(2022, 3, 22, 13, 57, 52, tzinfo=UTC), 22),
        ("Tue, 28 Mar 2023 00:30:00 +0100", datetime(2023, 3, 27, 23, 30, tzinfo=UTC), 28),
        ("Tue, 22 Mar 2022 13:57:52 GMT", datetime(2022, 3, 22, 13, 57, 52, tzinfo=UTC), 22),
    ],
)
def test_publication_dates_in_uk_local_time_and_rfc_822(published, utc, uk_day):
    reading = tf.parse_feed(feed(published=published), URL)
    assert reading.published == utc
    assert reading.published_day().day == uk_day


@pytest.mark.parametrize("published", ["", "soon", "Monday, Smarch 3, 2026 - 10:00", "31/02/2026"])
def test_a_missing_or_unreadable_date_leaves_the_levels_good(published):
    reading = tf.parse_feed(feed(published=published), URL)
    assert reading.national is L.SUBSTANTIAL and reading.published is None


def test_a_utf16_feed_with_its_byte_order_mark():
    data = feed(national="SEVERE").decode().replace("utf-8", "utf-16").encode("utf-16")
    assert tf.parse_feed(data, URL).national is L.SEVERE


@given(st.datetimes(min_value=datetime(1996, 1, 1), max_value=datetime(2037, 12, 31)))
def test_the_uk_rule_without_a_time_zone_database_agrees_with_zoneinfo(moment):
    near_change = moment.month in (3, 10) and moment.day >= 25 and moment.hour < 3
    if not near_change:  # the hour the clocks change is read either way
        london = ZoneInfo("Europe/London")
        assert tf._UkRule().utcoffset(moment) == london.utcoffset(moment)


# ---- broken answers: one FeedError each, one line naming the address ----------------------

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]>
<rss version="2.0"><channel><item><title>&lol2;</title></item></channel></rss>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><item><description>&secret;</description></item></channel></rss>"""
BOT_CHECK = b"""<!DOCTYPE html>
<html lang="en"><head><title>Just a moment...</title></head>
<body><p>Checking your browser before accessing www.mi5.gov.uk.</p></body></html>"""

BROKEN = {
    "bot-check page": (BOT_CHECK, "web page (a bot check?)"),
    "bare html": (b"  <HTML><body>Access denied</body></HTML>", "web page"),
    "xhtml page": (
        b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body/></html>',
        "web page",
    ),
    "empty": (b"", "empty"),
    "blank": (b" \r\n\t ", "empty"),
    "cut short": (feed()[: len(feed()) // 2], "not well-formed XML"),
    "not rss": (b'<feed xmlns="http://www.w3.org/2005/Atom"><entry/></feed>', "not an RSS feed"),
    "no item": (b'<rss version="2.0"><channel><title>x</title></channel></rss>', "no item"),
    "unknown level": (feed(national="DIRE"), "“DIRE”, which is not a threat level"),
    "unknown NI level": (feed(ni="GUARDED"), "Northern Ireland level as “GUARDED”"),
    "entity bomb": (BILLION_LAUGHS, "DOCTYPE or entities"),
    "external entity": (EXTERNAL_ENTITY, "DOCTYPE or entities"),
    "binary junk": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe\x00", "not well-formed XML"),
    "utf-16 garbage": ("\ufeff<rss>\ud7ff<\u4e00".encode("utf-16-le"), "not well-formed XML"),
    "no level": (feed(description="Stay alert.", title="Threat levels"), "no national threat"),
    "json": (b'{"level": "severe"}', "not well-formed XML"),
    "undeclared entity": (feed(description="Level&nbsp;SEVERE"), "not well-formed XML"),
    "unknown encoding": (
        b'<?xml version="1.0" encoding="x-no-such"?><rss/>',
        "not well-formed XML",
    ),
}


@pytest.mark.parametrize(("data", "words"), BROKEN.values(), ids=BROKEN.keys())
def test_a_broken_answer_is_one_line_naming_the_address(data, words):
    with pytest.raises(tf.FeedError) as caught:
        tf.parse_feed(data, URL)
    message = str(caught.value)
    assert message.startswith(f"{URL}: ") and words in message
    assert "\n" not in message and len(message) < 300


def test_an_address_with_a_line_break_is_shown_on_one_line():
    with pytest.raises(tf.FeedError) as caught:
        tf.parse_feed(b"", "https://x.example/\nfeed")
    assert "\n" not in str(caught.value)


def description_of(body: bytes) -> bytes:
    return b"<rss><channel><item><description>" + body + b"</description></item></channel></rss>"


HOSTILE = {
    "unclosed comments": b"<!-- x -->" * 400 + b"<!--" * 600,
    "unclosed tags": description_of(b"&lt;" * 200_000),
    "unclosed brackets": description_of(b"threat to the UK (" * 50_000),
    "long date": b"<rss><channel><item><title>Current Threat Level: LOW</title><pubDate>"
    + b"a, " * 100_000
    + b"</pubDate></item></channel></rss>",
}


@pytest.mark.parametrize("data", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_answers_take_no_time(data):
    # Processor time of this thread, not the clock: a loaded machine does not change it.
    # A backtracking pattern took 30 s and more; bench/limits.py prints the figures.
    started = time.thread_time()
    with contextlib.suppress(tf.FeedError):
        tf.parse_feed(data, URL)
    assert time.thread_time() - started < 5


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=3000))
def test_any_bytes_give_a_reading_or_a_feed_error(data):
    try:
        reading = tf.parse_feed(data, URL)
    except tf.FeedError as exc:
        assert "\n" not in str(exc)
    else:
        assert isinstance(reading.national, ThreatLevel)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_a_damaged_good_feed_gives_a_reading_or_a_feed_error(data):
    good = feed()
    start = data.draw(st.integers(0, len(good)))
    end = data.draw(st.integers(start, min(len(good), start + 40)))
    middle = data.draw(st.binary(max_size=20) | st.sampled_from([b"<", b"&", b"<!DOCTYPE x>"]))
    try:
        tf.parse_feed(good[:start] + middle + good[end:], URL)
    except tf.FeedError as exc:
        assert "\n" not in str(exc)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200), st.text(max_size=60), st.text(max_size=40))
def test_any_description_title_and_date_text_give_a_reading_or_a_feed_error(text, title, when):
    escape = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
    clean = ["".join(escape.get(c, c) for c in part) for part in (text, title, when)]
    try:
        tf.parse_feed(feed(description=clean[0], title=clean[1], published=clean[2]), URL)
    except tf.FeedError as exc:
        assert "\n" not in str(exc)


# ---- reading over the network: the limits ------------------------------------------------


def test_read_feed_reads_a_good_feed(server):
    server.answers["/feed.xml"] = Answer(body=feed(national="SEVERE"))
    reading = tf.read_feed(server.url())
    assert (reading.national, reading.url) == (L.SEVERE, server.url())


@pytest.mark.parametrize("send_length", [True, False])
def test_an_answer_over_the_limit_is_refused_without_reading_it_all(server, send_length):
    big = feed() + b" " * 2_000_000
    server.answers["/feed.xml"] = Answer(body=big, send_length=send_length)
    with pytest.raises(tf.FeedError, match="larger than 1 MB"):
        tf.read_feed(server.url())
    server.answers["/small"] = Answer(body=feed())
    with pytest.raises(tf.FeedError, match="larger than 100 bytes"):
        tf.read_feed(server.url("/small"), max_bytes=100)
    assert tf.read_feed(server.url("/small"), max_bytes=len(feed())).national is L.SUBSTANTIAL


def test_a_trickling_answer_is_given_up_after_the_timeout(server):
    # every byte arrives well within the timeout, but the whole would take seconds
    server.answers["/feed.xml"] = Answer(body=feed(), trickle=0.05)
    with pytest.raises(tf.FeedError, match=r"no answer within 0\.5 seconds"):
        tf.read_feed(server.url(), timeout=0.5)
    assert 0 < server.trickled < len(feed()) // 2  # given up with most of the body unsent


def test_a_feed_labelled_as_html_is_still_read_when_it_is_xml(server):
    server.answers["/feed.xml"] = Answer(body=feed(), content_type="text/html")
    assert tf.read_feed(server.url()).national is L.SUBSTANTIAL
    server.answers["/page"] = Answer(body=b"<p>Please wait</p>", content_type="text/html")
    with pytest.raises(tf.FeedError, match="web page"):
        tf.read_feed(server.url("/page"))


@pytest.mark.parametrize(
    ("origin", "location", "words"),
    [
        ("https://a.example/f", "http://a.example/f", "secure address to an insecure one"),
        ("https://a.example/f", "https://b.example/f", "another site (b.example)"),
        ("http://a.example/f", "file:///etc/passwd", "not a web page"),
        ("http://a.example/f", "ftp://a.example/f", "not a web page"),
        ("http://a.example/f", "http://[bad/", "not a web address"),
    ],
)
def test_a_redirect_away_from_the_host_or_down_to_http_is_refused(origin, location, words):
    handler = tf._SameHostRedirects(urlsplit(origin), origin)
    answer = io.BytesIO(b"moved")
    with pytest.raises(tf.FeedError, match=re.escape(words)):
        handler.http_error_302(
            urllib.request.Request(origin), answer, 302, "Found", {"location": location}
        )
    assert answer.closed


# ---- recording a reading ------------------------------------------------------------------

TODAY = date(2026, 12, 3)


def reading(national=L.SUBSTANTIAL, ni=L.SUBSTANTIAL, published=None) -> tf.FeedReading:
    return tf.FeedReading(national, ni, published, URL)


def test_the_same_levels_record_nothing_but_the_day_read(tmp_path):
    path = tmp_path / "threat.json"
    assert tf.record_reading(reading(), TODAY, path) == []
    assert tr.user_changes(path) == () and tr.last_feed_read(path) == TODAY


def test_a_new_level_is_recorded_from_the_day_the_feed_published_it(tmp_path):
    path = tmp_path / "threat.json"
    published = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)  # GMT in winter: 30 November
    added = tf.record_reading(reading(national=L.SEVERE, published=published), TODAY, path)
    assert [(c.region, c.level, c.since, c.origin) for c in added] == [
        ("national", L.SEVERE, date(2026, 11, 30), "feed")
    ]
    assert added[0].source == "MI5 threat level feed read on 3 December 2026"
    record = tr.record(path)
    assert record.level_on(TODAY).level is L.SEVERE
    assert record.level_on(TODAY, "northern_ireland").level is L.SUBSTANTIAL
    # read again: the record agrees now, so nothing more is added
    assert tf.record_reading(reading(national=L.SEVERE, published=published), TODAY, path) == []
    assert len(tr.user_changes(path)) == 1


def test_both_levels_changed_without_a_date_count_from_today(tmp_path):
    path = tmp_path / "threat.json"
    added = tf.record_reading(reading(L.CRITICAL, L.SEVERE), TODAY, path)
    assert [(c.region, c.level, c.since) for c in added] == [
        ("national", L.CRITICAL, TODAY),
        ("northern_ireland", L.SEVERE, TODAY),
    ]


def test_a_feed_without_the_ni_level_leaves_it_alone(tmp_path):
    path = tmp_path / "threat.json"
    tr.add_user_change("northern_ireland", "low", date(2026, 1, 1), path=path)
    assert tf.record_reading(reading(ni=None), TODAY, path) == []
    assert tr.record(path).level_on(TODAY, "northern_ireland").level is L.LOW


def test_a_damaged_record_is_refused_and_left_as_it_was(tmp_path):
    path = tmp_path / "threat.json"
    path.write_text('{"changes": [{"region": "wales"}]}', "utf-8")
    before = path.read_bytes()
    with pytest.raises(BriefpackError, match="changes"):
        tf.record_reading(reading(L.SEVERE), TODAY, path)
    assert path.read_bytes() == before


def test_the_published_day_is_the_uk_day(tmp_path):
    summer = datetime(2026, 6, 30, 23, 30, tzinfo=UTC)  # 1 July, 00:30 BST
    path = tmp_path / "threat.json"
    (added,) = tf.record_reading(reading(L.SEVERE, published=summer), TODAY, path)
    assert added.since == date(2026, 7, 1)
    assert reading(published=summer).published_day() == date(2026, 7, 1)
    assert reading(published=summer + timedelta(hours=1)).published_day() == date(2026, 7, 1)
