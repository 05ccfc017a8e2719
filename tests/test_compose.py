"""Pack → document tree: Markdown, placeholders, threat wording, links, images."""

from __future__ import annotations

from datetime import date

import pytest
from packs import pack_data

from briefpack.document import nodes as n
from briefpack.document.compose import compose
from briefpack.model import ComposeError, pack_from_data
from briefpack.model.dates import long_date
from briefpack.model.threat import ThreatLevel


def doc_for(*sections, **meta) -> n.Document:
    return compose(pack_from_data(pack_data(*sections, **meta)), today=date(2016, 8, 2))


def content(doc: n.Document) -> list[n.Block]:
    """The blocks a reader sees: the section starts take no room."""
    return [b for b in doc.blocks if not isinstance(b, n.SectionStart)]


def test_dates_are_written_out():
    assert long_date(date(2016, 8, 1)) == "1 August 2016"
    assert long_date(date(2024, 12, 31)) == "31 December 2024"


@pytest.mark.parametrize(
    ("level", "meaning"),
    [
        ("low", "an attack is highly unlikely"),
        ("moderate", "an attack is possible but not likely"),
        ("substantial", "an attack is likely"),
        ("severe", "an attack is highly likely"),
        ("critical", "an attack is highly likely in the near future"),
    ],
)
def test_official_threat_wording(level, meaning):
    assert ThreatLevel(level).meaning == meaning


def test_threat_panel_has_scale_since_and_ni_level():
    doc = doc_for({"kind": "threat_level"})
    panel = content(doc)[1]
    assert isinstance(panel, n.ThreatPanel)
    assert (panel.name, panel.rank, panel.since_line) == ("SEVERE", 4, "Since 29 August 2014")
    assert panel.meaning_line == (
        n.Text("Meaning: "),
        n.Text("An attack is highly likely", bold=True, italic=True),
    )
    assert [s.name for s in panel.scale] == ["LOW", "MODERATE", "SUBSTANTIAL", "SEVERE", "CRITICAL"]
    assert [s.current for s in panel.scale] == [False, False, False, True, False]
    assert [s.marker for s in panel.scale] == ["", "", "", "CURRENT LEVEL", ""]
    assert n.plain_text(panel.ni_line) == (
        "Northern Ireland-related terrorism: SUBSTANTIAL – An attack is likely"
    )
    assert panel.ni_line[1] == n.Text("SUBSTANTIAL", bold=True)


def test_threat_panel_without_since_or_ni_level_says_nothing_of_them():
    pack = pack_data({"kind": "threat_level"})
    pack["threat"] = {"level": "low"}
    panel = content(compose(pack_from_data(pack)))[1]
    assert (panel.since_line, panel.ni_line) == ("", ())
    assert n.plain_text(panel.meaning_line) == "Meaning: An attack is highly unlikely"
    assert [s.marker for s in panel.scale] == ["CURRENT LEVEL", "", "", "", ""]


@pytest.mark.parametrize(
    ("speaker", "role", "attribution"),
    [
        ("Mark Rowley", "National Lead", "— Mark Rowley, National Lead"),
        ("Mark Rowley", "", "— Mark Rowley"),
        ("", "National Lead", "— National Lead"),
        ("", "", ""),
    ],
)
def test_quote_attribution_is_worded_once(speaker, role, attribution):
    section = {"kind": "quote", "body": "Words.", "speaker": speaker, "role": role}
    assert content(doc_for(section))[1].attribution == attribution


@pytest.mark.parametrize(
    ("source", "as_of", "line", "lines"),
    [
        ("CTP", "2016-08-01", "Source: CTP · 1 August 2016", ("Source: CTP", "1 August 2016")),
        ("CTP", None, "Source: CTP", ("Source: CTP",)),
        (None, "2016-08-01", "1 August 2016", ("1 August 2016",)),
        (None, None, "", ()),
    ],
)
def test_statistic_source_line_is_worded_once(source, as_of, line, lines):
    item = {"value": "3", "label": "calls", "source": source, "as_of": as_of}
    item = {k: v for k, v in item.items() if v is not None}
    tile = content(doc_for({"kind": "statistics", "items": [item]}))[-1].tiles[0]
    assert (tile.source_line, tile.source_lines) == (line, lines)


def test_chart_alt_text_and_continued_title_are_worded_once():
    items = [{"value": "3,629", "label": "contributions"}, {"value": "32", "label": "calls"}]
    section = {"kind": "statistics", "title": "Key figures", "chart": True, "items": items}
    chart = content(doc_for(section))[-1].chart
    assert chart.continued_title == "Key figures (continued)"
    assert chart.alt == "Bar chart: Key figures. contributions: 3,629; calls: 32"
    later = chart.part([1], first=False)
    assert (later.title, later.alt) == (
        "Key figures (continued)",
        "Bar chart: Key figures (continued). calls: 32",
    )
    assert chart.part([0, 1], first=True).alt == chart.alt


def test_each_section_starts_with_its_index():
    sections = [
        {"kind": "text", "body": "One"},
        {"kind": "page_break"},
        {"kind": "text", "body": ""},
    ]
    doc = doc_for(*sections)
    starts = [(i, b.index) for i, b in enumerate(doc.blocks) if isinstance(b, n.SectionStart)]
    assert [index for _at, index in starts] == [0, 1, 2]
    assert isinstance(doc.blocks[0], n.Title)
    # each start comes just before its section's blocks: the text, then the page break
    assert isinstance(doc.blocks[starts[0][0] + 1], n.Paragraph)
    assert isinstance(doc.blocks[starts[1][0] + 1], n.PageBreak)
    assert starts[2][0] == len(doc.blocks) - 1  # an empty section: a start and nothing else


def test_the_tree_is_cleaned_once_in_compose():
    """Brand and pack wording included: nothing XML or a PDF cannot hold reaches a writer."""
    from briefpack.document.textclean import UNSAFE, clean_tree
    from briefpack.model.brand import find_brand

    default = find_brand("default")
    brand = default.model_copy(update={"footer_text": "Team\x07 North", "header_text": "Hd\x00r"})
    pack = pack_from_data(pack_data({"kind": "text", "body": "x"}, title="Title"))
    bad = pack.meta.model_copy(update={"title": "Ti\x1ftle\ud800"})
    doc = compose(pack.model_copy(update={"meta": bad}), brand=brand)
    assert clean_tree(doc) is doc  # nothing left to clean: the writers need not
    assert (doc.furniture.title, doc.blocks[0].title) == ("Title", "Title")
    assert (doc.furniture.footer_text, doc.furniture.header_text) == ("Team North", "Hdr")
    assert not UNSAFE.search(repr(doc.furniture))


def test_markdown_blocks_and_inlines():
    body = (
        "Intro **bold** and *it* [site](https://www.gov.uk/ACT)  \nnext\n\n1. one\n   - sub\n2. two"
    )
    doc = doc_for({"kind": "text", "title": "Advice", "body": body})
    heading, para, lst = content(doc)[1:]
    assert heading == n.Heading(1, (n.Text("Advice"),))
    assert n.Text("bold", bold=True) in para.inlines
    assert n.Text("it", italic=True) in para.inlines
    assert n.Link("https://www.gov.uk/ACT", (n.Text("site"),)) in para.inlines
    assert n.LineBreak() in para.inlines
    assert lst.ordered and len(lst.items) == 2
    assert isinstance(lst.items[0].blocks[1], n.ListBlock)


def test_markup_and_unsafe_links_stay_text():
    body = "<b>R&D</b> [x](javascript:alert(1)) <img src='/etc/passwd'>"
    para = content(doc_for({"kind": "text", "body": body}))[1]
    assert (
        n.plain_text(para.inlines) == "<b>R&D</b> [x](javascript:alert(1)) <img src='/etc/passwd'>"
    )
    assert not any(isinstance(i, n.Link) for i in para.inlines)


def test_placeholders_fill_from_pack_threat_and_stats():
    stats = {"kind": "statistics", "items": [{"id": "calls", "value": "32", "label": "calls"}]}
    text = {
        "kind": "text",
        "body": "{{ threat.name }}: {{ threat.meaning }}; "
        "{{ stats.calls.value }} on {{ pack.date }}",
    }
    para = content(doc_for(stats, text))[-1]
    assert n.plain_text(para.inlines) == "SEVERE: an attack is highly likely; 32 on 1 August 2016"


@pytest.mark.parametrize(
    ("body", "named"),
    [("{{ nothing }}", "nothing"), ("{{ stats.missing.value }}", "missing")],
)
def test_unknown_placeholder_names_section_field_and_name(body, named):
    with pytest.raises(ComposeError) as err:
        compose(pack_from_data(pack_data({"kind": "text", "body": body})), source="p.bpack")
    assert err.value.message.startswith("p.bpack: sections[0].body: unknown placeholder")
    assert named in err.value.message


def test_sandbox_refuses_attribute_escapes():
    body = "{{ ''.__class__.__mro__[1].__subclasses__() }}"
    with pytest.raises(ComposeError, match=r"sections\[0\]\.body"):
        doc_for({"kind": "text", "body": body})


def test_links_get_full_urls_phone_links_and_qr_only_for_web():
    items = [
        {"label": "NaCTSO", "url": "www.gov.uk/nactso"},
        {"label": "Hotline", "phone": "0800 789 321"},
        {"label": "Mail", "url": "mailto:ct@example.org"},
    ]
    links = content(doc_for({"kind": "links", "qr": True, "items": items}))[-1]
    web, phone, mail = links.entries
    assert (web.url, web.shown_url, web.qr) == (
        "https://www.gov.uk/nactso",
        "www.gov.uk/nactso",
        True,
    )
    assert web.qr_alt == "QR code for https://www.gov.uk/nactso"
    assert phone.phone_line == (
        n.Text("Tel: "),
        n.Link("tel:0800789321", (n.Text("0800 789 321", bold=True),)),
    )
    assert (phone.qr, phone.qr_alt, web.phone_line) == (False, "", ())
    assert (mail.url, mail.qr) == ("mailto:ct@example.org", False)


def test_a_phone_number_too_short_to_dial_is_not_a_link():
    items = [{"label": "Ask", "phone": "ext 9"}]
    entry = content(doc_for({"kind": "links", "items": items}))[-1].entries[0]
    assert entry.phone_line == (n.Text("Tel: "), n.Text("ext 9", bold=True))


def test_statistics_tiles_and_chart_skip_non_numbers():
    items = [
        {"value": "3,629", "label": "contributions", "source": "CTP", "as_of": "2016-08-01"},
        {"value": "n/a", "label": "unknown"},
    ]
    grid = content(doc_for({"kind": "statistics", "chart": True, "items": items}))[-1]
    assert grid.tiles[0] == n.StatTile(
        "3,629",
        "contributions",
        "Source: CTP · 1 August 2016",
        ("Source: CTP", "1 August 2016"),
        "CTP",
        "1 August 2016",
    )
    assert [(b.label, b.value) for b in grid.chart.bars] == [("contributions", 3629.0)]


def test_missing_image_names_the_field(tmp_path):
    pack = pack_from_data(pack_data({"kind": "image", "path": "gone.png", "alt": "x"}))
    with pytest.raises(ComposeError, match=r"sections\[0\]\.path: image not found"):
        compose(pack, tmp_path)


def test_image_is_read_and_sized(tmp_path):
    from PIL import Image

    Image.new("RGB", (40, 20), "red").save(tmp_path / "a.png")
    pack = pack_from_data(pack_data({"kind": "image", "path": "a.png", "alt": "red box"}))
    img = compose(pack, tmp_path).blocks[-1]
    assert (img.width_px, img.height_px, img.alt, img.format) == (40, 20, "red box", "PNG")
    assert img.stand_in == "[Image: red box]"


def test_not_an_image_is_refused(tmp_path):
    (tmp_path / "a.png").write_text("hello")
    pack = pack_from_data(pack_data({"kind": "image", "path": "a.png", "alt": "x"}))
    with pytest.raises(ComposeError, match="not an image"):
        compose(pack, tmp_path)


def test_furniture_from_meta():
    f = doc_for().furniture
    assert (f.marking, f.date, f.page_size, f.language) == (
        "OFFICIAL",
        "1 August 2016",
        "A4",
        "en-GB",
    )
    assert f.header_text == "Counter Terrorism Protective Security Update"
    assert (f.page_number, f.logo_alt) == ("Page {page} of {pages}", "Neutral blue logo")
    assert f.widest_page_number() == "Page 888 of 888"


def test_footer_line_is_worded_once():
    f = doc_for().furniture
    assert f.footer_line() == "Counter Terrorism Protective Security Update · 1 August 2016"
    assert f.footer_line("Counter…") == "Counter… · 1 August 2016"  # a writer cut the words
    assert f.footer_line("") == "1 August 2016"
