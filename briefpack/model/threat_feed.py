"""Reading the current UK threat levels from MI5's public threat level feed (RSS 2.0).

The feed holds one item and only the current levels, never their history:

    <item><title>Current Threat Level: SUBSTANTIAL</title>
      <description>The current national threat level is SUBSTANTIAL. The threat to Northern
        Ireland from Northern Ireland-related terrorism is SUBSTANTIAL.</description>
      <pubDate>Tuesday, March 22, 2022 - 13:57</pubDate></item>

Also accepted, as seen in the wild: an escaped-HTML description, the national sentence
"The threat to the UK (England, Wales, Scotland and Northern Ireland) from all forms of
terrorism is X.", an RFC 822 pubDate, and the level given only in the title.

Everything read from the network is untrusted: the XML is checked for DOCTYPE and entity
declarations before it is parsed (no entity expansion, no external entities, no network
while parsing), the answer is capped in size and time, only http and https are read, and a
redirect may not leave the host asked for. Every failure is one FeedError whose message is
one line naming the address and the problem. No Qt: the app calls `read_feed` and
`record_reading` from a background thread.
"""

from __future__ import annotations

import html
import re
import socket
import ssl
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from email.utils import parsedate_to_datetime
from http.client import HTTPException, HTTPResponse, InvalidURL
from pathlib import Path
from urllib.parse import SplitResult, urljoin, urlsplit
from xml.parsers import expat
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from briefpack.model import threat_record
from briefpack.model.errors import BriefpackError
from briefpack.model.threat import ThreatLevel
from briefpack.model.threat_record import LevelChange, Region

DEFAULT_FEED_URL = "https://www.mi5.gov.uk/UKThreatLevel/UKThreatLevel.xml"
FEED_TIMEOUT = 10.0  # seconds
MAX_FEED_BYTES = 1_000_000  # the real feed is under 1 kB: anything this big is not it


class FeedError(BriefpackError):
    """The feed could not be read or understood; the message names the address."""


@dataclass(frozen=True)
class FeedReading:
    """What the feed said: the levels in force and when the item was published."""

    national: ThreatLevel
    northern_ireland: ThreatLevel | None
    published: datetime | None  # timezone-aware; None when the feed gives no readable date
    url: str

    def published_day(self) -> date | None:
        """The UK calendar day the item was published."""
        return None if self.published is None else self.published.astimezone(UK_TIME).date()


# ---- UK local time ----------------------------------------------------------------------


class _UkRule(tzinfo):
    """GMT, and BST (+1) from the last Sunday of March to the last Sunday of October: only
    where the system has no time zone database (zoneinfo needs one, Windows has none)."""

    def utcoffset(self, dt: datetime | None) -> timedelta:
        return timedelta(hours=1) if dt is not None and self._summer(dt) else timedelta(0)

    def dst(self, dt: datetime | None) -> timedelta:
        return self.utcoffset(dt)

    def tzname(self, dt: datetime | None) -> str:
        return "BST" if self.utcoffset(dt) else "GMT"

    @staticmethod
    def _summer(dt: datetime) -> bool:
        # Local wall time: BST starts at 01:00 GMT (reads 02:00) and ends at 01:00 GMT
        # (reads 02:00 BST); the hour that happens twice is read as BST.
        naive = dt.replace(tzinfo=None)
        start = _last_sunday(naive.year, 3) + timedelta(hours=1)
        end = _last_sunday(naive.year, 10) + timedelta(hours=2)
        return start <= naive < end


def _last_sunday(year: int, month: int) -> datetime:
    """01:00 on the last Sunday of the month, as a naive datetime."""
    last = datetime(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return last.replace(hour=1) - timedelta(days=(last.weekday() + 1) % 7)


def _uk_time() -> tzinfo:
    try:
        return ZoneInfo("Europe/London")
    except ZoneInfoNotFoundError:  # e.g. Windows without the tzdata package
        return _UkRule()


UK_TIME = _uk_time()


# ---- parsing ----------------------------------------------------------------------------

_LEVEL = r"(?:now\s+)?(?P<level>[A-Za-z]+)"
_NI_TERRORISM = r"Northern Ireland[- ]related terrorism"
_NATIONAL = [
    re.compile(rf"current national threat level is {_LEVEL}", re.I),
    re.compile(
        rf"threat to the UK (?:\([^)]{{0,120}}\) )?from (?:all forms of )?terrorism is {_LEVEL}",
        re.I,
    ),
]
_NORTHERN_IRELAND = [
    re.compile(rf"threat to Northern Ireland from {_NI_TERRORISM} is {_LEVEL}", re.I),
    re.compile(rf"{_NI_TERRORISM} in Northern Ireland is {_LEVEL}", re.I),
]
_TITLE = re.compile(rf"current (?:UK )?threat level\s*[:\-–]\s*{_LEVEL}", re.I)
_TAG = re.compile(r"<[^<>]*>")  # not "<[^>]*>": each "<" would scan to the end of the text
_TEXT_LIMIT = 20_000  # characters of a field that are read: the real ones are a few hundred
# "Tuesday, March 22, 2022 - 13:57": the feed's own form, in UK local time.
_LOCAL_DATE = re.compile(
    r"(?:[A-Za-z]+,\s*)?(?P<month>[A-Za-z]+)\s+(?P<day>\d{1,2}),\s*(?P<year>\d{4})"
    r"(?:\s*-\s*(?P<hour>\d{1,2}):(?P<minute>\d{2}))?",
    re.ASCII,
)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
LEVEL_NAMES = ", ".join(level.display_name for level in ThreatLevel)


def parse_feed(data: bytes, url: str = DEFAULT_FEED_URL) -> FeedReading:
    """The levels in the feed's answer `data`; FeedError (naming `url`) for anything else."""
    original, url = url, _shown(url)  # messages show it on one line
    if not data.strip():
        raise FeedError("the answer is empty, not the threat level feed", file=url)
    if _starts_as_web_page(data):
        raise _web_page(url)
    root = _parsed_xml(data, url)
    name = root.tag.rsplit("}", 1)[-1] if isinstance(root.tag, str) else "?"
    if name.lower() == "html":
        raise _web_page(url)
    if root.tag != "rss":
        raise FeedError(f"the answer is not an RSS feed (it is <{name[:40]}>)", file=url)
    item = root.find("channel/item")
    if item is None:
        raise FeedError("the feed has no item, so no threat level", file=url)
    description = _plain_text(item.findtext("description") or "")
    title = _plain_text(item.findtext("title") or "")
    national = _level_in(description, _NATIONAL, "national", url) or _level_in(
        title, [_TITLE], "national", url
    )
    if national is None:
        raise FeedError("the feed's item gives no national threat level", file=url)
    northern_ireland = _level_in(description, _NORTHERN_IRELAND, "Northern Ireland", url)
    published = _published(item.findtext("pubDate") or "")
    return FeedReading(national, northern_ireland, published, original)


def _starts_as_web_page(data: bytes) -> bool:
    """The answer starts "<!DOCTYPE html" or "<html" (after a BOM, XML declaration, comments).

    A loop, not a regular expression: skipping comments with one can take minutes on
    hostile input."""
    head = data[:4096].removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    while head.startswith((b"<?", b"<!--")):
        close = b"?>" if head.startswith(b"<?") else b"-->"
        end = head.find(close)
        if end < 0:
            return False
        head = head[end + len(close) :].lstrip()
    return head.startswith((b"<!doctype html", b"<html"))


def _web_page(url: str) -> FeedError:
    return FeedError("the answer is a web page (a bot check?), not the threat level feed", file=url)


class _Refused(Exception):
    """Raised from inside expat to stop at a declaration briefpack will not process."""


def _refuse(*_args: object) -> None:
    raise _Refused


def _parsed_xml(data: bytes, url: str) -> ET.Element:
    """The element tree of `data`, refusing DOCTYPE, entity and external declarations.

    The same expat that ElementTree uses reads the bytes first with handlers that stop at
    the first declaration (as defusedxml does): so no entity is ever expanded (billion
    laughs) and nothing outside the answer is fetched or read; only then is the tree built.
    """
    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = _refuse
    parser.EntityDeclHandler = _refuse
    parser.UnparsedEntityDeclHandler = _refuse
    parser.ExternalEntityRefHandler = _refuse
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        parser.Parse(data, True)
        return ET.fromstring(data)
    except _Refused:
        raise FeedError(
            "the answer declares a DOCTYPE or entities, which the threat level feed never "
            "does; it was not read",
            file=url,
        ) from None
    except expat.ExpatError as exc:
        raise _broken_xml(url, exc.lineno) from None
    except (ET.ParseError, ValueError, LookupError, UnicodeError, RecursionError, MemoryError):
        raise _broken_xml(url, None) from None


def _broken_xml(url: str, line: int | None) -> FeedError:
    where = f" (line {line})" if line else ""
    return FeedError(
        f"the answer is not well-formed XML{where}: cut short or not the threat level feed",
        file=url,
    )


def _plain_text(text: str) -> str:
    """The description as plain words: escaped HTML markup dropped, entities read, one line."""
    text = text[:_TEXT_LIMIT]
    if "<" in text or "&" in text:
        text = html.unescape(_TAG.sub(" ", text))
    return " ".join(text.split())


def _level_in(
    text: str, patterns: list[re.Pattern[str]], region: str, url: str
) -> ThreatLevel | None:
    for pattern in patterns:
        match = pattern.search(text)
        if match is None:
            continue
        word = match.group("level")
        try:
            return ThreatLevel(word.lower())
        except ValueError:
            raise FeedError(
                f"the feed gives the {region} level as “{word[:30]}”, which is not a threat "
                f"level ({LEVEL_NAMES})",
                file=url,
            ) from None
    return None


def _published(text: str) -> datetime | None:
    """The item's pubDate: the feed's "Tuesday, March 22, 2022 - 13:57" (UK local time) or
    RFC 822. None when missing or unreadable: the level itself is still good."""
    text = " ".join(text[:200].split())
    if not text:
        return None
    local = _LOCAL_DATE.fullmatch(text)
    if local is not None:
        return _uk_local(local)
    try:
        stamp = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return stamp if stamp.tzinfo is not None else stamp.replace(tzinfo=UTC)


def _uk_local(match: re.Match[str]) -> datetime | None:
    month = match.group("month")[:3].lower()
    if month not in _MONTHS:
        return None
    try:
        return datetime(
            int(match.group("year")),
            _MONTHS.index(month) + 1,
            int(match.group("day")),
            int(match.group("hour") or 0),
            int(match.group("minute") or 0),
            tzinfo=UK_TIME,
        )
    except ValueError:  # 30 February, 25:61
        return None


# ---- reading it from the network ----------------------------------------------------------

_ACCEPT = "application/rss+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1"


def read_feed(
    url: str = DEFAULT_FEED_URL,
    timeout: float = FEED_TIMEOUT,
    max_bytes: int = MAX_FEED_BYTES,
) -> FeedReading:
    """Fetch the feed at `url` and parse it; FeedError with one line for every failure.

    http and https only; proxies come from the environment (http_proxy, https_proxy,
    no_proxy) as for any urllib program; `timeout` bounds the connection, every wait for
    data and the whole answer; at most `max_bytes` are read; redirects must stay on the
    same host and never go from https to http.
    """
    shown = _shown(url)
    origin = _checked_address(url, shown)
    request = urllib.request.Request(url, headers={"User-Agent": _user_agent(), "Accept": _ACCEPT})
    deadline = time.monotonic() + timeout
    try:
        with _opener(origin, shown).open(request, timeout=timeout) as response:
            data = _read_capped(response, max_bytes, deadline, timeout, shown)
            content_type = response.headers.get_content_type()
    except FeedError:
        raise
    except urllib.error.HTTPError as exc:
        exc.close()
        reason = " ".join(str(exc.reason).split())[:80]
        raise FeedError(
            f"the server answered HTTP {exc.code} ({reason}) instead of the feed; try again later",
            file=shown,
        ) from None
    except urllib.error.URLError as exc:
        raise FeedError(_connection_problem(exc.reason, timeout), file=shown) from None
    except (InvalidURL, UnicodeError, ValueError):
        raise FeedError("this is not a web address briefpack can read", file=shown) from None
    except HTTPException:
        raise FeedError(
            "the connection broke off before the answer was complete; try again later",
            file=shown,
        ) from None
    except OSError as exc:  # timeouts and resets while reading the body
        raise FeedError(_connection_problem(exc, timeout), file=shown) from None
    if content_type in ("text/html", "application/xhtml+xml") and not _starts_as_xml(data):
        raise _web_page(shown)
    return parse_feed(data, url)


def _shown(url: str) -> str:
    """The address as the one-line message shows it: no line breaks, not overlong."""
    one_line = "".join(ch if ch.isprintable() else " " for ch in url).strip()
    return one_line if len(one_line) <= 200 else one_line[:199] + "…"


def _user_agent() -> str:
    from briefpack import __version__

    return f"briefpack/{__version__} (threat level check)"


def _checked_address(url: str, shown: str) -> SplitResult:
    """The split address, when it is an http(s) address of a named host."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - reading it checks the port is a number
    except ValueError:
        raise FeedError("this is not a web address briefpack can read", file=shown) from None
    if parts.scheme.lower() not in ("http", "https"):
        raise FeedError(
            "only http and https addresses are read (not file:, ftp: or data:)", file=shown
        )
    if not parts.hostname or any(not ch.isprintable() or ch.isspace() for ch in url):
        raise FeedError("this is not a web address briefpack can read", file=shown)
    return parts


def _opener(origin: SplitResult, shown: str) -> urllib.request.OpenerDirector:
    """http and https only (no file:, ftp: or data: handler at all), environment proxies,
    and redirects kept to the host asked for."""
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),  # reads http_proxy, https_proxy and no_proxy
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(),
        urllib.request.HTTPDefaultErrorHandler(),
        _SameHostRedirects(origin, shown),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


class _SameHostRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to the same host, and never from https down to http: the
    feed's answer decides the record, so it may not come from anywhere else."""

    max_redirections = 5

    def __init__(self, origin: SplitResult, shown: str) -> None:
        self.origin, self.shown = origin, shown

    def http_error_302(self, req, fp, code, msg, headers):  # type: ignore[no-untyped-def]
        location = headers.get("location") or headers.get("uri") or ""
        try:
            problem = self._problem(urlsplit(urljoin(req.full_url, location)))
        except ValueError:
            problem = "the server sent briefpack on to an address that is not a web address"
        if problem:
            fp.close()
            raise FeedError(problem, file=self.shown)  # before any connection is made
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302

    def _problem(self, target: SplitResult) -> str:
        host = (target.hostname or "").lower()
        if target.scheme not in ("http", "https") or not host:
            return "the server sent briefpack on to an address that is not a web page"
        if self.origin.scheme.lower() == "https" and target.scheme != "https":
            return "the server sent briefpack from a secure address to an insecure one"
        if host != (self.origin.hostname or "").lower():
            return (
                f"the server sent briefpack on to another site ({_shown(host)[:60]}); "
                "briefpack reads the feed only from the site asked for"
            )
        return ""


def _read_capped(
    response: HTTPResponse, max_bytes: int, deadline: float, timeout: float, shown: str
) -> bytes:
    """At most max_bytes + 1 bytes of the body, within the deadline; FeedError otherwise."""
    length = response.headers.get("Content-Length", "")
    if length.isdigit() and int(length) > max_bytes:
        raise _too_large(max_bytes, shown)
    chunks: list[bytes] = []
    total = 0
    while True:
        if time.monotonic() > deadline:
            raise FeedError(_connection_problem(TimeoutError(), timeout), file=shown)
        # read1: what has arrived (one socket read), so the deadline is checked between
        # reads; read(n) would wait for all n bytes however slowly they come.
        chunk = response.read1(min(64 * 1024, max_bytes + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if total > max_bytes:
            raise _too_large(max_bytes, shown)


def _too_large(max_bytes: int, shown: str) -> FeedError:
    size = f"{max_bytes / 1_000_000:g} MB" if max_bytes >= 1_000_000 else f"{max_bytes:,} bytes"
    return FeedError(
        f"the answer is larger than {size}, far more than the threat level feed; it was not read",
        file=shown,
    )


def _connection_problem(reason: object, timeout: float) -> str:
    """A few plain words for why the feed could not be fetched."""
    if isinstance(reason, TimeoutError):  # socket.timeout is TimeoutError
        return f"no answer within {timeout:g} seconds; check the network connection and try again"
    if isinstance(reason, ConnectionRefusedError):
        return "the connection was refused; check the address, or try again later"
    if isinstance(reason, socket.gaierror):
        return "the site cannot be found; check the network connection and the address"
    if isinstance(reason, ssl.SSLCertVerificationError):
        why = " ".join(str(reason.verify_message).split())[:80]
        return f"the site's certificate could not be checked ({why}); nothing was read"
    if isinstance(reason, ssl.SSLError):
        return "the secure connection failed; nothing was read"
    if isinstance(reason, ConnectionError):
        return "the connection broke off; try again later"
    words = reason.strerror if isinstance(reason, OSError) and reason.strerror else reason
    return f"cannot connect ({' '.join(str(words).split())[:80]})"


def _starts_as_xml(data: bytes) -> bool:
    """Some servers label the feed text/html; it is still the feed if it starts as XML."""
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<?xml", b"<rss"))


# ---- recording what the feed said -------------------------------------------------------


def record_reading(
    reading: FeedReading, today: date, path: Path | None = None
) -> list[LevelChange]:
    """Add to the record each level of the feed's that differs from the one in force today.

    The entry is dated the day the item was published (or today when it gives no date, or
    a date after today): the feed says the level was in force from then on. When that day
    would leave a later entry in force today, the entry is dated today instead, so the
    record then agrees with the feed; the officer's own entry of today is left to win.
    The day the feed was read is saved either way. Returns the entries added (none when the
    record already agreed). BriefpackError when the user's record file is damaged.
    """
    levels: dict[Region, ThreatLevel | None] = {
        "national": reading.national,
        "northern_ireland": reading.northern_ireland,
    }
    found = threat_record.feed_changes(
        threat_record.record(path), levels, reading.published_day(), today
    )
    return threat_record.add_feed_changes(found, today, path=path)
