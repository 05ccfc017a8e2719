"""The web edition (issue 14, point 1): one self-contained page, read back with the standard
library's HTML parser. Its words are the PDF's and the DOCX's; nothing in it asks for
anything outside the file; its structure is what a screen reader needs."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from datetime import date
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pytest
from packs import EXAMPLE, ROOT, pack_data
from PIL import Image as PILImage
from readback import docx_text, pdf_page_texts, squash

from briefpack.document import nodes as n
from briefpack.document.compose import compose
from briefpack.model.errors import SaveError
from briefpack.model.pack import Template
from briefpack.model.packfile import load_pack, pack_from_data
from briefpack.model.templates import template_to_pack
from briefpack.render import render
from briefpack.render.html import check_html, render_html

TODAY = date(2016, 8, 1)
TEMPLATES = sorted((ROOT / "templates").glob("*.bpack"))
EVERY_KIND = [
    {"kind": "text", "title": "Introduction",
     "body": "Opening words.\n\n### Straight to a third level\n\nMore words.\n\n- one\n  - nested"
             "\n- two\n\n1. first\n2. second"},
    {"kind": "threat_level", "title": "Threat level", "note": "Stay alert."},
    {"kind": "callout", "title": "Report it", "body": "Call 999.", "style": "alert"},
    {"kind": "callout", "title": "Good to know", "body": "Ask us.", "style": "info"},
    {"kind": "quote", "body": "Communities defeat terrorism.", "speaker": "A Speaker",
     "role": "Lead"},
    {"kind": "statistics", "title": "Figures", "chart": True, "items": [
        {"value": "32", "label": "hotline calls a day", "source": "Counter Terrorism Policing",
         "as_of": "2016-01-01"},
        {"value": "300", "label": "visits a day", "source": "Prevent", "as_of": "2016-01-01"},
    ]},
    {"kind": "links", "title": "Where to go", "qr": True, "items": [
        {"label": "Report", "url": "https://www.gov.uk/report-terrorism",
         "phone": "0800 789 321", "note": "Online"},
        {"label": "Write", "url": "mailto:team@example.org"},
    ]},
    {"kind": "image", "path": "pictures/plan.png", "alt": "Floor plan of the venue",
     "caption": "The venue"},
    {"kind": "page_break"},
    {"kind": "text", "title": "After the break", "body": "Closing words."},
]  # fmt: skip


# ---- the documents (shared with test_html_browser.py) ---------------------------------


@cache
def example_doc() -> n.Document:
    return compose(load_pack(EXAMPLE), EXAMPLE.parent, today=TODAY)


@cache
def template_doc(path: Path) -> n.Document:
    pack = load_pack(path)
    if isinstance(pack, Template):
        pack = template_to_pack(pack, today=TODAY)  # the officer's way: a new pack from it
    return compose(pack, path.parent, today=TODAY)


def every_kind_doc(folder: Path) -> n.Document:
    (folder / "pictures").mkdir(exist_ok=True)
    PILImage.new("RGB", (300, 200), (23, 55, 94)).save(folder / "pictures" / "plan.png")
    return compose(pack_from_data(pack_data(*EVERY_KIND)), folder, today=TODAY)


@pytest.fixture(scope="module")
def every_kind(tmp_path_factory) -> n.Document:
    return every_kind_doc(tmp_path_factory.mktemp("every-kind"))


# ---- reading a page back ----------------------------------------------------------------

# Elements that start a new line of words (inline ones such as <a>, <em> and <span> join on).
BREAKS = {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "tr",
          "br", "figure", "figcaption", "blockquote", "header", "main", "footer", "text", "table",
          "caption", "svg"}  # fmt: skip
BREAK_CLASSES = {"step", "meaning", "marker"}  # the threat scale's spans, set as blocks
VOID = {"br", "img", "meta", "link", "hr", "input", "source", "wbr", "area", "col", "base"}
SVG_SHAPES = {"rect", "line", "path"}


class Page(HTMLParser):
    """The page's elements (tag, attributes, path of open tags) and its visible words, each
    noted with whether it is inside a picture (an <svg role=img>)."""

    def __init__(self, data: bytes) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str], tuple[str, ...]]] = []
        self.words: list[tuple[str, bool]] = []  # (text, in a drawn picture)
        self.open: list[tuple[str, dict[str, str]]] = []
        self.feed(data.decode("utf-8"))
        self.close()

    def handle_starttag(self, tag: str, attrs: list) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag in BREAKS or BREAK_CLASSES & set(values.get("class", "").split()):
            self.words.append((" ", False))
        self.elements.append((tag, values, tuple(t for t, _ in self.open)))
        if tag not in VOID and tag not in SVG_SHAPES:
            self.open.append((tag, values))

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}, tuple(t for t, _ in self.open)))

    def handle_endtag(self, tag: str) -> None:
        if tag in BREAKS or tag == "span":  # an extra space after a span changes no words
            self.words.append((" ", False))
        if tag in VOID or tag in SVG_SHAPES:
            return
        assert self.open and self.open[-1][0] == tag, f"</{tag}> closes {self.open[-1:]}"
        self.open.pop()

    def handle_data(self, data: str) -> None:
        tags = [t for t, _ in self.open]
        classes = " ".join(a.get("class", "") for _, a in self.open).split()
        if {"title", "style"} & set(tags) or "sr-only" in classes or "narrow" in classes:
            return  # not drawn on a wide screen
        self.words.append((data, "svg" in tags))

    def text(self, *, pictures: bool = True) -> str:
        """The words a reader sees; without those drawn in pictures when `pictures` is
        False."""
        return squash("".join(t for t, drawn in self.words if pictures or not drawn))

    def tags(self, name: str) -> list[dict[str, str]]:
        return [attrs for tag, attrs, _ in self.elements if tag == name]


_PAGES: dict[int, tuple[n.Document, Page]] = {}


def page_of(doc: n.Document) -> Page:
    """The document's page, read once (documents are not hashable: kept by identity)."""
    if id(doc) not in _PAGES:
        _PAGES[id(doc)] = (doc, Page(render_html(doc)))
    return _PAGES[id(doc)][1]


# ---- one self-contained, accessible page ------------------------------------------------


def test_the_page_is_one_file_in_british_english_titled_with_the_pack():
    data = render_html(example_doc())
    check_html(data, "example.html")
    page = page_of(example_doc())
    assert page.tags("html") == [{"lang": "en-GB"}]
    assert re.search(rb"<title>Counter Terrorism Protective Security Update</title>", data)
    for landmark in ("header", "main", "footer"):
        assert len(page.tags(landmark)) == 1, landmark


def test_nothing_is_fetched_and_nothing_runs():
    for doc in (example_doc(), *(template_doc(p) for p in TEMPLATES)):
        data = render_html(doc)
        assert b"<script" not in data.lower() and b"@import" not in data
        assert not re.search(rb"url\(", data)
        page = page_of(doc)
        for tag, attrs, _path in page.elements:
            for name in ("src", "srcset", "data", "poster", "action", "formaction"):
                value = attrs.get(name)
                assert value is None or value.startswith("data:image/"), (tag, name, value)
            if "href" in attrs:
                assert tag == "a" and attrs["href"].startswith(
                    ("https://", "http://", "mailto:", "tel:")
                )
        (policy,) = [m for m in page.tags("meta") if m.get("http-equiv")]
        assert policy["content"].startswith("default-src 'none'")


def test_every_picture_is_embedded_and_says_what_it_is(every_kind):
    page = page_of(every_kind)
    images = page.tags("img")
    assert [i["alt"] for i in images] == ["Neutral blue logo", "Floor plan of the venue"]
    assert all(i["src"].startswith("data:image/png;base64,") for i in images)
    svgs = page.tags("svg")
    labels = [s["aria-label"] for s in svgs]
    assert all(s["role"] == "img" for s in svgs)
    assert labels[0].startswith("Bar chart: Figures.") and labels[1] == labels[0]
    assert labels[2].startswith("QR code for")


def test_headings_start_at_the_title_and_skip_no_level(every_kind):
    for doc in (example_doc(), every_kind, *(template_doc(p) for p in TEMPLATES)):
        levels = [
            int(tag[1]) for tag, _a, _p in page_of(doc).elements if re.fullmatch(r"h[1-6]", tag)
        ]
        assert levels[0] == 1 and levels.count(1) == 1
        assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), levels
    levels = [t for t, _a, _p in page_of(every_kind).elements if re.fullmatch(r"h[1-6]", t)]
    assert levels[:3] == ["h1", "h2", "h3"]  # "###" straight after a section title: one down


def test_statistics_are_a_table_with_row_headers_and_the_chart_has_its_figures(every_kind):
    page = page_of(every_kind)
    (grid,) = [b for b in every_kind.blocks if isinstance(b, n.StatGrid)]
    scopes = [h.get("scope") for h in page.tags("th")]
    # The tiles' table: a header per column, the label heading each row; then the chart's.
    assert scopes == ["col"] * 4 + ["row"] * 2 + ["col"] * 2 + ["row"] * 2
    tiles, chart = page.tags("table")
    assert tiles["class"] == "tiles" and chart["class"] == "sr-only"
    assert page.tags("caption") == [{}]
    data = render_html(every_kind).decode()
    assert "".join(f'<th scope="col">{h}</th>' for h in grid.headers) in data
    assert '<th scope="row">hotline calls a day</th><td>32</td>' in data


def test_the_threat_scale_is_a_list_that_says_which_step_is_current():
    page = page_of(example_doc())
    steps = [a for tag, a, path in page.elements if tag == "li" and path[-1:] == ("ol",)
             and "r" in a.get("class", "")[:1]]  # fmt: skip
    assert len(steps) == 5
    assert [s["class"].endswith(" now") for s in steps] == [False, False, False, True, False]
    assert "CURRENT LEVEL SEVERE an attack is highly likely" in page.text()


def test_links_are_live_only_for_safe_schemes():
    """Compose lets only safe links into the tree; the page holds to it for any tree."""
    links = [n.Link(url, (n.Text(words),)) for url, words in (
        ("javascript:alert(1)", "bad"), ("file:///etc/passwd", "file"),
        ("https://example.org", "ok"), ("tel:999", "call"))]  # fmt: skip
    paragraph = n.Paragraph(tuple(x for link in links for x in (link, n.Text(" "))))
    entry = n.LinkEntry("Script", url="javascript:alert(2)", shown_url="javascript:alert(2)")
    doc = example_doc()
    page = Page(render_html(n.Document(doc.furniture, doc.brand, (paragraph, n.Links((entry,))))))
    assert [a["href"] for a in page.tags("a")] == ["https://example.org", "tel:999"]
    assert "bad file ok call Script javascript:alert(2)" in page.text()


def test_user_text_never_becomes_markup():
    tricky = 'R&D a<b <b>x</b> <img src="/etc/passwd"/> <script>alert(1)</script> "q"'
    sections = [
        {"kind": "text", "title": tricky, "body": "body"},
        {"kind": "callout", "title": tricky, "body": "b"},
        {"kind": "quote", "body": "q", "speaker": tricky},
        {"kind": "statistics", "chart": True,
         "items": [{"value": "3", "label": tricky, "source": tricky}]},
        {"kind": "links", "items": [{"label": tricky, "url": "https://x.org", "note": tricky}]},
    ]  # fmt: skip
    doc = compose(pack_from_data(pack_data(*sections, title=tricky)), today=TODAY)
    data = render_html(doc)
    check_html(data, "tricky.html")
    page = Page(data)
    assert page.text().count("R&D a<b <b>x</b>") >= 8
    assert len(page.tags("img")) == 1 and not page.tags("b") and not page.tags("script")


def test_the_page_folds_to_one_column_and_prints_cleanly():
    css = render_html(example_doc()).decode().split("<style>")[1].split("</style>")[0]
    narrow = css.split("@media (max-width:")[1]
    assert narrow.startswith("599.98px)") and ".tiles tbody{grid-template-columns:1fr}" in narrow
    printed = css.split("@media print{")[1]
    assert "break-inside:avoid" in printed and "print-color-adjust:exact" in printed
    assert "@page{size:A4" in printed


# ---- the verifier ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("damage", "why"),
    [
        (lambda d: d[: len(d) // 2], "cut short"),
        (lambda d: d[10:], "does not start like a web page"),
        (lambda d: d.replace(b"<main>", b"<div>"), "no <main> tag"),
        (lambda d: d.replace(b"</main>", b"<script></script></main>"), "holds a script"),
        (lambda d: d.replace(b"<body>", b"<body>\xff"), "not UTF-8"),
    ],
)
def test_the_verifier_refuses_a_broken_page_naming_it(damage, why):
    data = render_html(example_doc())
    check_html(data, "ok.html")
    with pytest.raises(SaveError) as caught:
        check_html(damage(data), "handout.html")
    assert why in str(caught.value) and caught.value.file == "handout.html"


# ---- the same words as the PDF and the DOCX (issue 14, point 3) -------------------------


def _words(text: str) -> Counter:
    """The words, less what only some formats set as text: list bullets and numbers (the
    PDF's; CSS draws the page's), the ▼ over the current step (the DOCX's), and the "·"
    between a statistic's source and date, which the PDF leaves out where it sets them as
    two lines and the page never does."""
    return Counter(w for w in text.replace("▼", " ").split() if not MARKER.fullmatch(w))


MARKER = re.compile(r"[◆•–·]|\d+\.|[a-z]\.|[ivx]+\.")


def _furniture_strings(furniture: n.Furniture) -> list[str]:
    """What the page's header and footer say (the PDF says it on every page, the HTML once)."""
    return [s for s in (furniture.marking, furniture.marking, furniture.header_text,
                        furniture.footer_line()) if s]  # fmt: skip


def _pdf_body(doc: n.Document, pdf: bytes) -> str:
    """The PDF's words less each page's furniture and page number, and the pictures' alt
    texts (the tagged PDF's, which a text extractor reads)."""
    pages = pdf_page_texts(pdf)
    alts = [b.alt for b in doc.blocks if isinstance(b, n.Image) and b.alt]
    out = []
    for number, text in enumerate(pages, 1):
        page_number = doc.furniture.page_number.format(page=number, pages=len(pages))
        for words in [*_furniture_strings(doc.furniture), page_number]:
            assert words in text, (number, words)
            text = text.replace(words, " ", 1)
        for alt in alts:
            text = text.replace(alt, " ", 1)
        out.append(text)
    return " ".join(out)


def _table_words(doc: n.Document) -> tuple[Counter, Counter]:
    """Where the DOCX's words differ by design: it sets the statistics and links as data
    tables (header rows, the source and date in columns of their own, the chart's figures
    again), so the tiles' source lines are the page's alone and the rest the DOCX's."""
    page_only, docx_only = Counter(), Counter()
    for block in doc.blocks:
        if isinstance(block, n.StatGrid):
            page_only += _words(" ".join(t.source_line for t in block.tiles))
            docx_only += _words(" ".join(block.headers))
            docx_only += _words(" ".join(f"{t.source} {t.as_of}" for t in block.tiles))
            bars = block.chart.bars if block.chart else ()
            if bars:  # the chart's table is headed by the first two
                docx_only += _words(" ".join(block.headers[:2]))
            docx_only += _words(" ".join(f"{b.label} {b.shown}" for b in bars))
        elif isinstance(block, n.Links):
            docx_only += _words(" ".join(block.headers))
    return page_only, docx_only


@pytest.mark.parametrize("which", ["example", "every-kind"])
def test_the_page_says_what_the_pdf_and_the_docx_say(which, every_kind):
    doc = example_doc() if which == "example" else every_kind
    page = page_of(doc)
    once = _words(" ".join(_furniture_strings(doc.furniture)))
    pdf = render(doc, "pdf", invariant=True)
    assert _words(page.text()) - once == _words(_pdf_body(doc, pdf))
    # The DOCX draws the chart and QR codes as pictures.
    html_words = _words(page.text(pictures=False)) - once
    docx_words = _words(docx_text(render(doc, "docx")))
    page_only, docx_only = _table_words(doc)
    assert html_words - docx_words <= page_only
    assert docx_words - html_words <= docx_only
