"""The email draft (.eml) and the clipboard's rich text (issue 14, points 2, 3 and 4).

Every check parses the draft back with Python's `email` package, as a mail client would.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from datetime import date
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from packs import EXAMPLE, pack_data
from PIL import Image
from readback import docx_text

from briefpack.document import nodes as n
from briefpack.document.compose import compose
from briefpack.document.textclean import clean_text
from briefpack.model import pack_from_data
from briefpack.model.errors import SaveError
from briefpack.model.packfile import load_pack
from briefpack.render import render
from briefpack.render.email import check_eml, clipboard_parts, render_eml
from briefpack.render.email.message import subject

EVERY_KIND = [
    {"kind": "text", "title": "w01",
     "body": "w02 [w03](https://w03.example/a) *w04*\n\n- w05\n  - w06\n\n1. w07\n2. w08"},
    {"kind": "threat_level", "title": "w09", "note": "w10"},
    {"kind": "callout", "title": "w11", "body": "w12", "style": "alert"},
    {"kind": "callout", "title": "w13", "body": "w14", "style": "info"},
    {"kind": "quote", "body": "w15", "speaker": "w16", "role": "w17"},
    {"kind": "statistics", "title": "w18", "chart": True, "items": [
        {"id": "calls", "value": "11", "label": "w19", "source": "w20", "as_of": "2016-01-01"},
        {"id": "more", "value": "7", "label": "w21"}]},
    {"kind": "links", "title": "w22", "items": [
        {"label": "w23", "url": "https://w24.example", "phone": "0800 123", "note": "w25"},
        {"label": "w26", "url": "mailto:w27@w27.example"}]},
    {"kind": "image", "path": "pictures/p.png", "alt": "w28", "caption": "w29"},
    {"kind": "page_break"},
]  # fmt: skip


# ---- helpers ------------------------------------------------------------------------------


def parse(data: bytes) -> EmailMessage:
    return message_from_bytes(data, policy=default)  # type: ignore[return-value]


def parts(data: bytes) -> tuple[EmailMessage, str, str, dict[str, EmailMessage]]:
    """(message, plain text, HTML, pictures by Content-ID) of a draft."""
    message = parse(data)
    plain, related = message.iter_parts()
    html, *pictures = related.iter_parts()
    by_cid = {p["Content-ID"].strip("<>"): p for p in pictures}
    # A .eml has CRLF line ends, and so have its decoded texts.
    texts = (part.get_content().replace("\r\n", "\n") for part in (plain, html))
    return message, *texts, by_cid


class _Visible(HTMLParser):
    """The words a reader sees in an HTML page (not the head, not attributes)."""

    def __init__(self) -> None:
        super().__init__()
        self.words: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs) -> None:
        self.hidden += tag in ("head", "script", "style")
        self.words.append(" ")

    def handle_endtag(self, tag) -> None:
        self.hidden -= tag in ("head", "script", "style")
        self.words.append(" ")

    def handle_data(self, data) -> None:
        if not self.hidden:
            self.words.append(data)


def visible_text(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return " ".join("".join(parser.words).split())


def tokens(text: str) -> list[str]:
    """The words, punctuation and glyphs aside, without the short numbers and letters that
    list markers are made of (1., a., iv.): formats number lists each their own way."""
    found = re.findall(r"\w+", text)
    return [t for t in found if not re.fullmatch(r"\d{1,2}|[a-z]|[ivx]{1,4}", t)]


def every_kind_doc(folder: Path, **meta) -> n.Document:
    (folder / "pictures").mkdir(exist_ok=True)
    Image.new("RGB", (40, 30), "red").save(folder / "pictures" / "p.png")
    meta = {"title": "w30", "subtitle": "w31", "author": "w32", **meta}
    return compose(pack_from_data(pack_data(*EVERY_KIND, **meta)), folder, today=date(2016, 8, 1))


@pytest.fixture(scope="module")
def example() -> n.Document:
    return compose(load_pack(EXAMPLE), EXAMPLE.parent, today=date(2016, 8, 1))


@pytest.fixture
def every(tmp_path: Path) -> n.Document:
    return every_kind_doc(tmp_path)


# ---- the draft ----------------------------------------------------------------------------


def test_the_draft_is_unsent_with_the_marked_title_as_subject(example):
    data = render_eml(example, invariant=True)
    message = parse(data)
    assert message["X-Unsent"] == "1"
    assert message["Subject"] == "OFFICIAL: Counter Terrorism Protective Security Update"
    assert message["To"] is None and message["From"] is None  # ready to address
    assert message["Date"] is None and message["Message-ID"] is None
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")  # CRLF throughout
    check_eml(data, "example.eml")


def test_without_a_marking_the_subject_is_the_title(tmp_path):
    doc = every_kind_doc(tmp_path, marking="")
    assert parse(render_eml(doc))["Subject"] == "w30"
    marked = dataclasses.replace(doc.furniture, marking="OFFICIAL-SENSITIVE")
    assert subject(marked) == "OFFICIAL-SENSITIVE: w30"


def test_the_parts_are_alternatives_with_pictures_related_to_the_html(example):
    message = parse(render_eml(example, invariant=True))
    assert message.get_content_type() == "multipart/alternative"
    plain, related = message.iter_parts()
    assert plain.get_content_type() == "text/plain"
    assert related.get_content_type() == "multipart/related"
    types = [p.get_content_type() for p in related.iter_parts()]
    assert types[0] == "text/html" and len(types) > 1
    assert set(types[1:]) == {"image/png"}  # logo, QR codes, chart


def test_every_cid_in_the_html_is_a_part_and_every_part_is_used(example, every):
    for doc in (example, every):
        _message, _plain, html, pictures = parts(render_eml(doc, invariant=True))
        named = set(re.findall(r'src="cid:([^"]+)"', html))
        assert named and named == set(pictures)
        for picture in pictures.values():
            assert picture.get_content_disposition() == "inline"
            assert Image.open(__import__("io").BytesIO(picture.get_content())).size[0] > 0


def test_invariant_drafts_are_byte_identical_and_normal_ones_are_dated(example):
    one, two = render_eml(example, invariant=True), render_eml(example, invariant=True)
    assert one == two
    message = parse(render_eml(example))
    assert message["Date"] and message["Message-ID"].endswith("@briefpack.invalid>")


def test_the_plain_text_starts_with_the_marking_and_spells_out_links(example):
    _message, plain, _html, _pictures = parts(render_eml(example, invariant=True))
    assert plain.startswith("OFFICIAL\n")
    assert plain.rstrip().endswith("OFFICIAL")
    assert "Prevent Tragedies (https://www.preventtragedies.co.uk)" in plain
    assert "read the article (https://www.dailymail.co.uk/news/" in plain
    # Words that already are the address are not followed by it again.
    assert "www.npcc.police.uk/staysafe." in plain and "staysafe (https" not in plain
    assert "<" not in plain.replace("<=", "")  # no markup


def test_the_html_is_built_for_mail_clients(example):
    _message, _plain, html, _pictures = parts(render_eml(example, invariant=True))
    assert '<html lang="en-GB"' in html
    assert "<style" not in html and "<script" not in html and "<link" not in html
    assert "flex" not in html and "grid" not in html
    assert "class=" not in html  # the look is inline: nothing depends on a style sheet
    widths = {int(w) for w in re.findall(r'<table[^>]* width="(\d+)"', html)}
    assert widths and max(widths) in range(600, 681)
    assert 'bgcolor="#' in html
    for tag in re.findall(r"<(?:p|h[1-4]|td)\b[^>]*>", html):
        if tag.startswith(("<p", "<h")):
            assert "font-family:" in tag and "font-size:" in tag, tag


def test_only_safe_links_are_live(example):
    doc = dataclasses.replace(example, blocks=(
        n.Paragraph((n.Link("javascript:alert(1)", (n.Text("bad"),)),
                     n.Link("file:///etc/passwd", (n.Text("worse"),)),
                     n.Link("tel:+44800", (n.Text("ring"),)))),
        *example.blocks,
    ))  # fmt: skip
    html, plain = clipboard_parts(doc)
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert hrefs and all(re.match(r"(https?://|mailto:|tel:)", h) for h in hrefs), hrefs
    assert "javascript" not in html and "file:" not in html
    assert (
        "bad" in visible_text(html) and "(javascript" not in plain and "ring (tel:+44800)" in plain
    )


def test_hostile_text_cannot_add_headers_or_markup(example):
    title = 'Evil\r\nBcc: victim@example.com\r\n\r\n<script>alert(1)</script> & "x"'
    furniture = dataclasses.replace(example.furniture, title=title, marking="OFFICIAL\nX-Evil: 1")
    blocks = (n.Title(title), n.Paragraph((n.Text("<img src=x onerror=alert(1)>"),)))
    data = render_eml(n.Document(furniture, example.brand, blocks), invariant=True)
    message, plain, html, _pictures = parts(data)
    assert message["Bcc"] is None and message["X-Evil"] is None
    assert message["Subject"] == "OFFICIAL X-Evil: 1: " + " ".join(title.split())
    assert "<script" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in html
    assert "<script>alert(1)</script>" in plain  # plain text is text: shown as written
    check_eml(data, "hostile.eml")


def test_a_boundary_in_the_text_cannot_split_the_message(example):
    words = "--=_briefpack_alternative\n--=_briefpack_related--\n"
    doc = dataclasses.replace(example, blocks=(n.Paragraph((n.Text(words),)),))
    message, plain, _html, _pictures = parts(render_eml(doc, invariant=True))
    assert "--=_briefpack_related--" in plain and len(list(message.iter_parts())) == 2


# ---- any text round-trips -----------------------------------------------------------------

_TEXT = (
    st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=80)
    .map(clean_text)
    .filter(str.strip)
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(title=_TEXT, body=_TEXT)
def test_any_title_and_text_round_trip(example, title, body):
    furniture = dataclasses.replace(example.furniture, title=title)
    doc = n.Document(furniture, example.brand, (n.Title(title), n.Paragraph((n.Text(body),))))
    data = render_eml(doc, invariant=True)
    check_eml(data, "any.eml")
    message, plain, html, _pictures = parts(data)
    assert message["Subject"] == subject(furniture)
    assert subject(furniture).endswith(" ".join(title.split()))
    assert body in plain and title in plain
    seen = visible_text(html)
    assert " ".join(body.split()) in seen and " ".join(title.split()) in seen


# ---- the same words as the DOCX (tests/test_same_words.py compares every format) -----------


def _furniture_words(furniture: n.Furniture) -> tuple[list[str], list[str]]:
    """The words the message puts before and after the body: the marking and the band's
    header; the footer line and the marking."""
    before = tokens(f"{furniture.marking} {furniture.header_text}")
    return before, tokens(f"{furniture.footer_line()} {furniture.marking}")


def _plain_differences(doc: n.Document) -> tuple[Counter, Counter]:
    """What the plain part says that the DOCX does not, and the reverse: it names each
    picture by its stand-in words and titles the chart's table (the DOCX shows pictures),
    and heads no column of QR codes (it has none)."""
    extra, missing = Counter(), Counter()
    for block in doc.blocks:
        if isinstance(block, n.Image):
            extra.update(tokens(block.stand_in))
        elif isinstance(block, n.StatGrid) and block.chart and block.chart.bars:
            extra.update(tokens(block.chart.title))
        elif isinstance(block, n.Links):
            missing.update(tokens(" ".join(block.headers[2:])))
    return extra, missing


def _plain_words(plain: str) -> list[str]:
    """The plain part's words without the spelled-out addresses after links."""
    return tokens(re.sub(r" \((?:https?://|mailto:|tel:)[^\s)]*\)", "", plain))


@pytest.mark.parametrize("which", ["example", "every"])
def test_the_same_words_as_the_docx(which, example, tmp_path):
    doc = example if which == "example" else every_kind_doc(tmp_path)
    html, plain = clipboard_parts(doc)
    word = tokens(docx_text(render(doc, "docx")))
    before, after = _furniture_words(doc.furniture)
    # The HTML says exactly what the DOCX says, in the same order, inside its furniture:
    # its statistics, the chart's figures and its links are tables under the same headers.
    assert tokens(visible_text(html)) == before + word + after
    assert re.search(r'<th scope="col"[^>]*><p[^>]*>Figure</p></th>', html)
    # The plain text says the same, titling the chart's table and naming each picture by
    # its stand-in words, without a header over QR codes it cannot show.
    extra, missing = _plain_differences(doc)
    furniture = Counter(tokens(doc.furniture.marking) + after)
    assert Counter(_plain_words(plain)) + missing == Counter(word) + furniture + extra


# ---- verify -------------------------------------------------------------------------------


def test_check_eml_refuses_a_draft_that_is_not_whole(example):
    data = render_eml(example, invariant=True)
    check_eml(data, "ok.eml")
    broken = [
        data[: len(data) // 2],  # cut short
        data.replace(b"X-Unsent: 1", b"X-Sent: 1"),
        re.sub(rb"Content-ID: <1\.[^>]+>", b"Content-ID: <gone@x>", data),  # a picture lost
        b"not a message at all",
        b"",
    ]
    for bad in broken:
        with pytest.raises(SaveError) as caught:
            check_eml(bad, "draft.eml")
        assert "draft.eml" in str(caught.value.file)


def test_the_clipboard_carries_the_pictures_inside_the_html(example):
    html, plain = clipboard_parts(example)
    assert "cid:" not in html and html.count('src="data:image/png;base64,') >= 3
    _message, eml_plain, eml_html, _pictures = parts(render_eml(example, invariant=True))
    assert plain == eml_plain
    assert visible_text(html) == visible_text(eml_html)
