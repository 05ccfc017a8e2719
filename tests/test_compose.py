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
    panel = doc.blocks[1]
    assert isinstance(panel, n.ThreatPanel)
    assert (panel.name, panel.rank, panel.since) == ("SEVERE", 4, "29 August 2014")
    assert panel.meaning == "An attack is highly likely"
    assert [s.name for s in panel.scale] == ["LOW", "MODERATE", "SUBSTANTIAL", "SEVERE", "CRITICAL"]
    assert [s.current for s in panel.scale] == [False, False, False, True, False]
    assert panel.ni_name == "SUBSTANTIAL"


def test_markdown_blocks_and_inlines():
    body = (
        "Intro **bold** and *it* [site](https://www.gov.uk/ACT)  \nnext\n\n1. one\n   - sub\n2. two"
    )
    doc = doc_for({"kind": "text", "title": "Advice", "body": body})
    heading, para, lst = doc.blocks[1:]
    assert heading == n.Heading(1, (n.Text("Advice"),))
    assert n.Text("bold", bold=True) in para.inlines
    assert n.Text("it", italic=True) in para.inlines
    assert n.Link("https://www.gov.uk/ACT", (n.Text("site"),)) in para.inlines
    assert n.LineBreak() in para.inlines
    assert lst.ordered and len(lst.items) == 2
    assert isinstance(lst.items[0].blocks[1], n.ListBlock)


def test_markup_and_unsafe_links_stay_text():
    body = "<b>R&D</b> [x](javascript:alert(1)) <img src='/etc/passwd'>"
    para = doc_for({"kind": "text", "body": body}).blocks[1]
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
    para = doc_for(stats, text).blocks[-1]
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
    links = doc_for({"kind": "links", "qr": True, "items": items}).blocks[-1]
    web, phone, mail = links.entries
    assert (web.url, web.shown_url, web.qr) == (
        "https://www.gov.uk/nactso",
        "www.gov.uk/nactso",
        True,
    )
    assert (phone.phone_url, phone.qr) == ("tel:0800789321", False)
    assert (mail.url, mail.qr) == ("mailto:ct@example.org", False)


def test_statistics_tiles_and_chart_skip_non_numbers():
    items = [
        {"value": "3,629", "label": "contributions", "source": "CTP", "as_of": "2016-08-01"},
        {"value": "n/a", "label": "unknown"},
    ]
    grid = doc_for({"kind": "statistics", "chart": True, "items": items}).blocks[-1]
    assert grid.tiles[0] == n.StatTile("3,629", "contributions", "CTP", "1 August 2016")
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
