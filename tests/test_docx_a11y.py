"""The DOCX passes Word's accessibility checks (issue 13, point 5), read from its XML: alt
text and a title on every picture; the statistics, the chart's figures and the links as
tables under a marked header row of the tree's words, every other table marked as layout;
British English in the styles, settings and properties; real headings that skip no level
(decided once, in compose, for every writer); and no text in floating boxes. Checked on the
example, every template and a pack with every section kind."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image as PILImage

from briefpack.document import nodes as n
from briefpack.document.compose import compose
from briefpack.model.brand import find_brand
from briefpack.model.pack import Template
from briefpack.model.packfile import load_pack, pack_from_data
from briefpack.model.templates import template_to_pack
from briefpack.render import render
from briefpack.render.design import design_for
from tests.packs import EXAMPLE, ROOT, pack_data

NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "dc": "http://purl.org/dc/elements/1.1/",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
}
W = f"{{{NS['w']}}}"
TODAY = date(2026, 11, 21)
TEMPLATES = sorted((ROOT / "templates").glob("*.bpack"))
HEADING_LEVELS = {"Heading1": 1, "Heading2": 2, "Heading3": 3}
_FURNITURE = n.Furniture("T", "S", "A", "1 August 2016", "", "A4", "T", "T")  # hand-built trees

EVERY_KIND = [
    {"kind": "text", "id": "intro", "title": "Introduction",
     "body": "Opening words.\n\n## Straight to a third level\n\nMore words.\n\n- one\n- two"},
    {"kind": "threat_level", "title": "Threat level", "note": "Stay alert."},
    {"kind": "callout", "title": "Report it", "body": "Call 999.", "style": "alert"},
    {"kind": "quote", "body": "Communities defeat terrorism.", "speaker": "A Speaker",
     "role": "Lead"},
    {"kind": "statistics", "title": "Figures", "chart": True, "items": [
        {"id": "calls", "value": "32", "label": "hotline calls a day",
         "source": "Counter Terrorism Policing", "as_of": "2016-01-01"},
        {"id": "visits", "value": "300", "label": "visits a day", "source": "Prevent",
         "as_of": "2016-01-01"},
    ]},
    {"kind": "links", "title": "Where to go", "qr": True, "items": [
        {"label": "Report", "url": "https://www.gov.uk/report-terrorism",
         "phone": "0800 789 321", "note": "Online"},
    ]},
    {"kind": "image", "path": "pictures/plan.png", "alt": "Floor plan of the venue",
     "caption": "The venue"},
    {"kind": "page_break"},
]  # fmt: skip


# ---- the documents ------------------------------------------------------------------


def _docx_of(path: Path) -> bytes:
    pack = load_pack(path)
    if isinstance(pack, Template):
        pack = template_to_pack(pack, today=TODAY)  # the officer's way: a new pack from it
    return render(compose(pack, path.parent, today=TODAY), "docx")


@pytest.fixture(scope="module")
def every_kind_doc(tmp_path_factory) -> n.Document:
    """The pack with every section kind, composed."""
    folder = tmp_path_factory.mktemp("every-kind")
    (folder / "pictures").mkdir()
    PILImage.new("RGB", (300, 200), (23, 55, 94)).save(folder / "pictures" / "plan.png")
    return compose(pack_from_data(pack_data(*EVERY_KIND)), folder, today=TODAY)


@pytest.fixture(scope="module")
def every_kind(every_kind_doc) -> bytes:
    return render(every_kind_doc, "docx")


def _title_of(path: Path) -> str:
    return load_pack(path).meta.title


CASES = [EXAMPLE, *TEMPLATES]
IDS = [p.stem for p in CASES]


@pytest.fixture(scope="module", params=[*CASES, "every-kind"], ids=[*IDS, "every-kind"])
def case(request, every_kind) -> tuple[zipfile.ZipFile, str]:
    """A rendered DOCX (opened) and the title of its pack."""
    if request.param == "every-kind":
        return zipfile.ZipFile(io.BytesIO(every_kind)), pack_data()["meta"]["title"]
    return zipfile.ZipFile(io.BytesIO(_docx_of(request.param))), _title_of(request.param)


def _xml(docx: zipfile.ZipFile, name: str) -> etree._Element:
    return etree.fromstring(docx.read(name))


def _stories(docx: zipfile.ZipFile) -> list[etree._Element]:
    """The body, the headers and the footers: every part that holds content."""
    story = re.compile(r"word/(document|header\d+|footer\d+)\.xml")
    return [_xml(docx, name) for name in sorted(docx.namelist()) if story.fullmatch(name)]


# ---- pictures -----------------------------------------------------------------------


def test_every_picture_has_a_description_and_a_title(case):
    docx, _ = case
    pictures = [el for root in _stories(docx) for el in root.iterfind(".//wp:docPr", NS)]
    assert pictures, "every pack has the brand logo at least"
    for doc_pr in pictures:
        assert doc_pr.get("descr", "").strip(), etree.tostring(doc_pr)
        assert doc_pr.get("title", "").strip(), etree.tostring(doc_pr)
    for c_nv_pr in (el for root in _stories(docx) for el in root.iterfind(".//pic:cNvPr", NS)):
        assert c_nv_pr.get("descr", "").strip() and c_nv_pr.get("title", "").strip()


def test_a_picture_without_alt_text_is_marked_decorative(every_kind_doc):
    """No made-up "Image" for a screen reader to read: Word's decorative mark instead, as
    the PDF (an artifact) and the web page (alt="") treat it. Described ones are not."""
    import dataclasses

    picture = next(b for b in every_kind_doc.blocks if isinstance(b, n.Image))
    blocks = [dataclasses.replace(b, alt="") if b is picture else b for b in every_kind_doc.blocks]
    data = render(dataclasses.replace(every_kind_doc, blocks=tuple(blocks)), "docx")
    body = _xml(zipfile.ZipFile(io.BytesIO(data)), "word/document.xml")
    decorative = ".//{http://schemas.microsoft.com/office/drawing/2017/decorative}decorative"
    marked = [p for p in body.iterfind(".//wp:docPr", NS) if p.find(decorative) is not None]
    assert len(marked) == 1 and marked[0].get("descr") == ""
    assert "Image" not in {p.get("descr") for p in body.iterfind(".//wp:docPr", NS)}


def test_the_logo_qr_codes_chart_and_picture_say_what_they_are(every_kind):
    docx = zipfile.ZipFile(io.BytesIO(every_kind))
    described = {
        el.get("descr"): el.get("title")
        for root in _stories(docx)
        for el in root.iterfind(".//wp:docPr", NS)
    }
    brand = find_brand("default")
    assert described[f"{brand.name} logo"] == f"{brand.name} logo"
    qr = "QR code for https://www.gov.uk/report-terrorism"
    assert described[qr] == qr  # a QR code's alt text names its address
    assert described["Floor plan of the venue"] == "The venue"
    (chart,) = [d for d in described if d.startswith("Bar chart")]
    # The chart's description holds its data: every bar's words and figure.
    assert "hotline calls a day: 32" in chart and "visits a day: 300" in chart
    assert described[chart] == "Figures"


# ---- tables ---------------------------------------------------------------------------


def _is_header_row(tr: etree._Element) -> bool:
    return tr.find("w:trPr/w:tblHeader", NS) is not None


def test_every_table_has_its_header_row_marked_or_is_marked_as_layout(case):
    docx, _ = case
    tables = [t for root in _stories(docx) for t in root.iterfind(".//w:tbl", NS)]
    assert tables
    for tbl in tables:
        rows = tbl.findall("w:tr", NS)
        look = tbl.find("w:tblPr/w:tblLook", NS)
        if _is_header_row(rows[0]):
            assert look.get(f"{W}firstRow") == "1"
            continue
        # Layout: no "Header Row" style option ticked, no row taken for a header, no table
        # style whose first-row formatting would dress a row up as one.
        assert look.get(f"{W}firstRow") == "0" and look.get(f"{W}firstColumn") == "0"
        assert not any(_is_header_row(tr) for tr in rows)
        assert tbl.find("w:tblPr/w:tblStyle", NS) is None


def _cell_texts(tr: etree._Element) -> list[str]:
    """Each cell's words, a line per paragraph."""
    return [
        "\n".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in tc.iterfind(".//w:p", NS))
        for tc in tr.iterfind("w:tc", NS)
    ]


def _rows(tbl: etree._Element) -> list[list[str]]:
    return [_cell_texts(tr) for tr in tbl.iterfind("w:tr", NS)]


def _data_tables(docx: zipfile.ZipFile) -> list[etree._Element]:
    """The body's tables with a marked header row, in reading order."""
    body = _xml(docx, "word/document.xml")
    return [t for t in body.iterfind(".//w:tbl", NS) if _is_header_row(t.find("w:tr", NS))]


def _only(doc: n.Document, kind: type):
    (block,) = [b for b in doc.blocks if isinstance(b, kind)]
    return block


def test_statistics_chart_and_links_are_tables_under_the_trees_headers(every_kind_doc, every_kind):
    """One statistic a row under "Figure, What it counts, Source, As of"; the chart's
    figures as the same kind of table; each link under its own headers, a QR code's column
    among them. Every header row is the first row and the only one marked."""
    grid, links = _only(every_kind_doc, n.StatGrid), _only(every_kind_doc, n.Links)
    assert grid.headers == ("Figure", "What it counts", "Source", "As of")
    assert links.headers == ("Contact", "Address or phone", "QR code")
    stats, chart, link_table = _data_tables(zipfile.ZipFile(io.BytesIO(every_kind)))
    assert _rows(stats) == [
        list(grid.headers),
        ["32", "hotline calls a day", "Counter Terrorism Policing", "1 January 2016"],
        ["300", "visits a day", "Prevent", "1 January 2016"],
    ]
    assert _rows(chart) == [
        ["Figure", "What it counts"],
        *([b.shown, b.label] for b in grid.chart.bars),
    ]
    assert _rows(link_table) == [
        list(links.headers),
        ["Report\nOnline", "www.gov.uk/report-terrorism\nTel: 0800 789 321", ""],
    ]
    for tbl in (stats, chart, link_table):
        rows = tbl.findall("w:tr", NS)
        assert [_is_header_row(tr) for tr in rows] == [True] + [False] * (len(rows) - 1)


def test_the_charts_table_comes_right_after_the_chart(every_kind):
    body = _xml(zipfile.ZipFile(io.BytesIO(every_kind)), "word/document.xml")
    (chart,) = [
        p for p in body.iterfind(".//w:p", NS)
        if any(d.get("descr", "").startswith("Bar chart") for d in p.iterfind(".//wp:docPr", NS))
    ]  # fmt: skip
    table = chart.getnext()
    assert table.tag == f"{W}tbl" and _is_header_row(table.find("w:tr", NS))
    assert _cell_texts(table.find("w:tr", NS)) == ["Figure", "What it counts"]


def _style(styles: etree._Element, style_id: str) -> etree._Element:
    (style,) = styles.iterfind(f"w:style[@w:styleId='{style_id}']", NS)
    return style


def test_the_statistics_table_has_the_designs_look():
    """Not Word's default grid: a header row white on the brand's primary colour, banded
    rows, a rule in the primary colour closing the table, and the figures in the tile's
    big bold figure style, right-aligned, the header over them too."""
    docx = zipfile.ZipFile(io.BytesIO(_docx_of(EXAMPLE)))
    design = design_for(find_brand(load_pack(EXAMPLE).meta.brand))
    palette, look = design.palette, design.tables
    stats = _data_tables(docx)[0]
    header, *rows = stats.findall("w:tr", NS)
    assert len(rows) == 11
    assert {tc.find("w:tcPr/w:shd", NS).get(f"{W}fill") for tc in header.iterfind("w:tc", NS)} == {
        palette.primary
    }
    fills = [tr.find("w:tc/w:tcPr/w:shd", NS) for tr in rows]
    assert [f is not None and f.get(f"{W}fill") == palette.panel for f in fills] == [
        i % 2 == 1 for i in range(len(rows))
    ]
    closing = rows[-1].find("w:tc/w:tcPr/w:tcBorders/w:bottom", NS)
    assert closing.get(f"{W}color") == look.close == palette.primary
    assert stats.find("w:tblPr/w:tblBorders/w:insideV", NS).get(f"{W}val") == "nil"
    assert header.find("w:tc/w:p/w:pPr/w:jc", NS).get(f"{W}val") == "right"
    figure = rows[0].find("w:tc/w:p", NS)
    assert figure.find("w:pPr/w:pStyle", NS).get(f"{W}val") == "StatisticFigure"
    styles = _xml(docx, "word/styles.xml")
    style = _style(styles, "StatisticFigure")
    assert style.find("w:basedOn", NS).get(f"{W}val") == "StatisticValue"
    assert style.find("w:pPr/w:jc", NS).get(f"{W}val") == "right"
    value = _style(styles, "StatisticValue").find("w:rPr", NS)
    assert value.find("w:b", NS) is not None
    assert int(value.find("w:sz", NS).get(f"{W}val")) == round(2 * design.styles.stat_value.size)
    header_words = _style(styles, "TableHeader").find("w:rPr", NS)
    assert header_words.find("w:color", NS).get(f"{W}val") == palette.white


def _keeps_with_next(tr: etree._Element) -> bool:
    return all(p.find("w:pPr/w:keepNext", NS) is not None for p in tr.iterfind(".//w:p", NS))


def test_a_statistics_table_taller_than_a_page_runs_on_under_its_header():
    """Kept whole only when it fits a page (as the tiles are); a longer one runs on, its
    header row kept with the first statistic and repeated by Word on every page."""
    headers = ("Figure", "What it counts", "Source", "As of")

    def rows(count: int) -> list[etree._Element]:
        tiles = tuple(n.StatTile(str(i), "a label " * 12, source="S") for i in range(count))
        doc = n.Document(_FURNITURE, find_brand("default"), (n.StatGrid(tiles, None, headers),))
        body = _xml(zipfile.ZipFile(io.BytesIO(render(doc, "docx"))), "word/document.xml")
        (tbl,) = body.iterfind(".//w:tbl", NS)
        return tbl.findall("w:tr", NS)

    header, *long = rows(40)
    assert _is_header_row(header) and _keeps_with_next(header)
    assert not any(_keeps_with_next(tr) for tr in long)
    header, *short = rows(4)
    assert [_keeps_with_next(tr) for tr in (header, *short)] == [True] * 4 + [False]


def _links_doc(*items: dict, qr: bool) -> n.Document:
    return compose(pack_from_data(pack_data({"kind": "links", "qr": qr, "items": list(items)})),
                   today=TODAY)  # fmt: skip


WEB = {"label": "Report", "url": "https://www.gov.uk/report-terrorism"}
PHONE = {"label": "Hotline", "phone": "0800 789 321"}


@pytest.mark.parametrize(
    ("items", "qr", "headers"),
    [
        ((WEB, PHONE), True, ("Contact", "Address or phone", "QR code")),
        ((WEB, PHONE), False, ("Contact", "Address or phone")),
        ((PHONE,), True, ("Contact", "Address or phone")),  # nothing to make a code of
        (({"label": "Long", "url": "https://example.org/" + "a" * 3000},), True,
         ("Contact", "Address or phone")),  # too long for any QR code
    ],
)  # fmt: skip
def test_the_links_name_a_qr_code_column_only_when_there_is_one(items, qr, headers):
    doc = _links_doc(*items, qr=qr)
    assert _only(doc, n.Links).headers == headers
    (table,) = _data_tables(zipfile.ZipFile(io.BytesIO(render(doc, "docx"))))
    assert [len(row) for row in _rows(table)] == [len(headers)] * (len(items) + 1)
    assert _rows(table)[0] == list(headers)


def test_the_docx_prints_the_trees_headers_and_none_of_its_own():
    """A Welsh edition's words head the columns; a tree without headers gets a table with no
    header row, marked as layout, rather than words the writer made up."""
    tile = n.StatTile(
        "3", "cyfrif", "Ffynhonnell: Heddlu · 1 Awst", source="Heddlu", as_of="1 Awst"
    )
    welsh = ("Ffigur", "Beth mae'n ei gyfrif", "Ffynhonnell", "Ar")
    for headers in (welsh, ()):
        doc = n.Document(_FURNITURE, find_brand("default"), (n.StatGrid((tile,), None, headers),))
        body = _xml(zipfile.ZipFile(io.BytesIO(render(doc, "docx"))), "word/document.xml")
        (tbl,) = body.iterfind(".//w:tbl", NS)
        rows = tbl.findall("w:tr", NS)
        assert _is_header_row(rows[0]) == bool(headers)
        assert _rows(tbl) == [
            *([list(headers)] if headers else []),
            ["3", "cyfrif", "Heddlu", "1 Awst"],
        ]
        firsts = tbl.find("w:tblPr/w:tblLook", NS).get(f"{W}firstRow")
        assert firsts == ("1" if headers else "0")


# ---- language and properties ---------------------------------------------------------


def test_british_english_in_styles_settings_and_properties(case):
    docx, title = case
    lang = _xml(docx, "word/styles.xml").find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert lang.get(f"{W}val") == "en-GB"
    assert lang.get(f"{W}eastAsia") == "en-GB"
    assert lang.get(f"{W}bidi")  # right-to-left text gets a language of its own
    theme_lang = _xml(docx, "word/settings.xml").find("w:themeFontLang", NS)
    assert theme_lang.get(f"{W}val") == "en-GB"
    core = _xml(docx, "docProps/core.xml")
    assert core.findtext("dc:title", namespaces=NS) == title
    assert core.findtext("dc:language", namespaces=NS) == "en-GB"


# ---- headings -------------------------------------------------------------------------


def _heading_styles(docx: zipfile.ZipFile) -> list[str]:
    body = _xml(docx, "word/document.xml")
    styles = (p.get(f"{W}val") for p in body.iterfind(".//w:pPr/w:pStyle", NS))
    return [s for s in styles if s == "Title" or s in HEADING_LEVELS]


def test_headings_are_word_headings_that_skip_no_level(case):
    docx, _ = case
    found = _heading_styles(docx)
    assert found[0] == "Title" and found.count("Title") == 1
    levels = [HEADING_LEVELS[s] for s in found[1:]]
    assert levels, "every pack has section headings"
    previous = 0
    for level in levels:
        assert level <= previous + 1, found
        previous = level


def test_heading_styles_carry_their_outline_levels(case):
    docx, _ = case
    styles = _xml(docx, "word/styles.xml")
    for style_id, level in HEADING_LEVELS.items():
        (style,) = styles.iterfind(f"w:style[@w:styleId='{style_id}']", NS)
        assert style.find("w:name", NS).get(f"{W}val") == f"heading {level}"  # Word's own
        assert style.find("w:pPr/w:outlineLvl", NS).get(f"{W}val") == str(level - 1)
    (title,) = styles.iterfind("w:style[@w:styleId='Title']", NS)
    assert title.find("w:name", NS).get(f"{W}val") == "Title"


def test_a_skipped_heading_level_is_written_one_level_down(every_kind):
    """The every-kind pack's "##" comes straight under a section title (Heading 1): it is
    written as a Heading 2, not a Heading 3 after a Heading 1."""
    found = _heading_styles(zipfile.ZipFile(io.BytesIO(every_kind)))
    assert found[:3] == ["Title", "Heading1", "Heading2"]


# Markdown's "#" is a level 2 and "##" a level 3, a section title a level 1.
SKIPPING = [
    {"kind": "text", "body": "## Deep before any title\n\nWords."},  # 3 → 1
    {"kind": "text", "title": "Section",  # 1
     "body": "## Skips one\n\n## Same again\n\n# Back up\n\n## Down"},  # 3→2, 3, 2, 3
    {"kind": "text", "title": "Then", "body": ""},  # 1
    {"kind": "callout", "title": "Box", "body": "## Inside a box"},  # 3 → 2
    {"kind": "threat_level", "note": "## In the note"},  # 3
    {"kind": "quote", "body": "- an item\n\n  ## In a list in a quote", "speaker": ""},  # 3
    {"kind": "statistics", "title": "Figures", "items": [{"value": "1", "label": "x"}]},  # 1
    {"kind": "text", "body": "## After the figures"},  # 3 → 2
]  # fmt: skip
SKIPPING_LEVELS = [1, 1, 2, 3, 2, 3, 1, 2, 3, 3, 1, 2]


def _tree_levels(blocks) -> list[int]:
    """Heading levels in reading order, inside boxes, notes, quotes and lists too."""
    found = []
    for block in blocks:
        if isinstance(block, n.Heading):
            found.append(block.level)
        elif isinstance(block, n.ListBlock):
            found += _tree_levels(b for item in block.items for b in item.blocks)
        elif isinstance(block, n.ThreatPanel):
            found += _tree_levels(block.note)
        elif isinstance(block, n.Callout | n.Quote):
            found += _tree_levels(block.blocks)
    return found


def test_compose_gives_every_writer_headings_that_skip_no_level():
    """Decided once, in the tree: a heading is never more than one level below the one
    before it, wherever it is; the DOCX writes the tree's levels as they are."""
    doc = compose(pack_from_data(pack_data(*SKIPPING)), today=TODAY)
    assert _tree_levels(doc.blocks) == SKIPPING_LEVELS
    found = _heading_styles(zipfile.ZipFile(io.BytesIO(render(doc, "docx"))))
    assert [HEADING_LEVELS[s] for s in found[1:]] == SKIPPING_LEVELS


def test_headings_that_skip_no_level_are_left_as_they_are():
    levels = [{"kind": "text", "title": "One", "body": "# Two\n\n## Three\n\n# Two"}]
    doc = compose(pack_from_data(pack_data(*levels)), today=TODAY)
    assert _tree_levels(doc.blocks) == [1, 2, 3, 2]


def test_the_docx_writer_keeps_the_trees_levels():
    """The clamp is compose's alone: a tree built by hand is written as it is."""
    headings = tuple(n.Heading(k, (n.Text(f"h{k}"),)) for k in (1, 3))
    doc = n.Document(_FURNITURE, find_brand("default"), (n.Title("T", "", ""), *headings))
    assert _heading_styles(zipfile.ZipFile(io.BytesIO(render(doc, "docx"))))[1:] == [
        "Heading1",
        "Heading3",
    ]


# ---- no floating text -------------------------------------------------------------------

_FLOATING = ("wps:txbx", "v:textbox", "w:txbxContent", "wp:anchor", "w:framePr", "w:pict")


def test_no_text_in_floating_boxes(case):
    """Text boxes, frames and anchored (floating) drawings are skipped or misread by screen
    readers: every picture is in line with the text and every box is a table."""
    docx, _ = case
    for name in docx.namelist():
        if name.startswith("word/") and name.endswith(".xml"):
            xml = docx.read(name).decode("utf-8")
            for tag in _FLOATING:
                assert f"<{tag}" not in xml, (name, tag)
    inline = [el for root in _stories(docx) for el in root.iterfind(".//wp:inline", NS)]
    assert inline  # the pictures are there, in line
