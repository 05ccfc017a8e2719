"""The DOCX writer: every node kind, real styles, fields, links, alt text, metadata."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from PIL import Image as PILImage

from briefpack.document import nodes as n
from briefpack.model.brand import Brand, find_brand
from briefpack.model.threat import ThreatLevel
from briefpack.render.docx import ooxml as x
from briefpack.render.docx import render_docx

# ---- a document with every node kind ------------------------------------------------


def _png(width: int = 320, height: int = 180) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), (23, 55, 94)).save(buffer, "PNG")
    return buffer.getvalue()


def para(*inlines: n.Inline) -> n.Paragraph:
    return n.Paragraph(tuple(inlines))


def text(value: str, **kw) -> n.Text:
    return n.Text(value, **kw)


def item(*blocks: n.Block) -> n.ListItem:
    return n.ListItem(tuple(blocks))


SCALE = tuple(
    n.ThreatScaleStep(
        lvl.rank,
        lvl.display_name,
        lvl.meaning,
        lvl is ThreatLevel.SEVERE,
        "CURRENT LEVEL" if lvl is ThreatLevel.SEVERE else "",
    )
    for lvl in ThreatLevel
)

BARS = (n.ChartBar("contributions a day", 3629, "3,629"), n.ChartBar("hotline calls", 32, "32"))

BLOCKS: tuple[n.Block, ...] = (
    n.Title(
        "Protective Security Update", "Update for sector leads", "Protect team · 1 August 2016"
    ),
    n.Heading(1, (text("Introduction"),)),
    para(
        text("Plain, "),
        text("bold words", bold=True),
        text(" and "),
        text("italic words", italic=True),
        text(". See "),
        n.Link("https://www.gov.uk/nactso", (text("the NaCTSO advice"),)),
        n.LineBreak(),
        text("After the break – “quotes”, £, €, é."),
        n.Link("javascript:alert(1)", (text(" unsafe link words"),)),
    ),
    n.ThreatPanel(
        "Current threat level",
        4,
        "SEVERE",
        (text("Meaning: "), text("An attack is highly likely", bold=True, italic=True)),
        "Since 29 August 2014",
        SCALE,
        (
            text("Northern Ireland-related terrorism: "),
            text("SUBSTANTIAL", bold=True),
            text(" – "),
            text("An attack is likely", italic=True),
        ),
        (para(text("Vigilance matters.")),),
    ),
    n.Callout(
        "If you suspect it, report it",
        (para(text("Call 0800 789 321", bold=True)), para(text("Confidential hotline"))),
        "alert",
    ),
    n.Callout("For information", (para(text("An info box.")),), "info"),
    n.Quote((para(text("Communities defeat terrorism.")),), "— Mark Rowley, National Lead"),
    n.Heading(2, (text("Reporting"),)),
    n.ListBlock(
        True,
        (
            item(para(text("First numbered"))),
            item(
                para(text("Second numbered")),
                n.ListBlock(False, (item(para(text("Nested bullet"))),)),
                para(text("Second item, more words")),
            ),
        ),
    ),
    para(text("Between the lists.")),
    n.ListBlock(True, (item(para(text("Again one"))), item(para(text("Again two"))))),
    n.ListBlock(False, (item(para(text("Diamond bullet"))),)),
    n.Heading(3, (text("Figures"),)),
    n.StatGrid(
        (
            n.StatTile(
                "3,629",
                "contributions a day",
                "Source: CT Policing · 1 August 2016",
                ("Source: CT Policing", "1 August 2016"),
                "CT Policing",
                "1 August 2016",
            ),
            n.StatTile("32", "hotline calls a day"),
            n.StatTile("300", "people briefed", "1 August 2016", ("1 August 2016",), "", "2 May"),
            n.StatTile("5", "online referrals", "Source: CTP", ("Source: CTP",), "CTP"),
        ),
        n.BarChart(
            "Key figures",
            BARS,
            "Key figures (continued)",
            "Bar chart: Key figures. contributions a day: 3,629; hotline calls: 32",
        ),
        ("Figure", "What it counts", "Source", "As of"),
    ),
    n.Links(
        (
            n.LinkEntry(
                "Prevent Tragedies",
                "https://www.preventtragedies.co.uk",
                "www.preventtragedies.co.uk",
                note="Advice and support.",
                qr=True,
                qr_alt="QR code for https://www.preventtragedies.co.uk",
            ),
            n.LinkEntry(
                "Anti-Terrorist Hotline",
                phone_line=(
                    text("Tel: "),
                    n.Link("tel:0800789321", (text("0800 789 321", bold=True),)),
                ),
                note="In confidence.",
            ),
        ),
        ("Contact", "Address or phone", "QR code"),
    ),
    n.PageBreak(),
    n.Image(_png(), 320, 180, "A dark blue rectangle", "Figure 1: a test picture", width_mm=60),
)


def furniture(marking: str = "OFFICIAL", page_size: str = "A4", **kw) -> n.Furniture:
    values = dict(
        title="Protective Security Update",
        subject="Briefing for sector leads",
        author="Protect and Prepare team",
        date="1 August 2016",
        marking=marking,
        page_size=page_size,
        header_text="Protective Security Update",
        footer_text="Sector leads",
        keywords=("counter terrorism", "protective security"),
        logo_alt="Default logo",
    )
    values.update(kw)
    return n.Furniture(**values)


def document(blocks=BLOCKS, **kw) -> n.Document:
    return n.Document(furniture(**kw), find_brand("default"), tuple(blocks))


@pytest.fixture(scope="module")
def data() -> bytes:
    return render_docx(document())


@pytest.fixture(scope="module")
def word(data: bytes):
    return docx.Document(io.BytesIO(data))


# ---- reading back ---------------------------------------------------------------------


def all_text(element) -> str:
    """Text of every paragraph under `element`, nested tables included, one line each."""
    lines = []
    for p in element.iter(qn("w:p")):
        lines.append("".join(t.text or "" for t in p.iter(qn("w:t"))))
    return "\n".join(lines)


def styles_used(word) -> set[str]:
    ids = {
        el.get(qn("w:val"))
        for tag in ("w:pStyle", "w:rStyle")
        for el in word.element.body.iter(qn(tag))
    }
    return {word.styles.element.get_by_id(style_id).name_val for style_id in ids}


def part_xml(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read(name).decode("utf-8")


def story_parts(word):
    section = word.sections[0]
    return [word.part, section.header.part, section.footer.part]


# ---- every node's words are there ------------------------------------------------------


@pytest.mark.parametrize(
    "expected",
    [
        "Protective Security Update",
        "Update for sector leads",
        "Protect team · 1 August 2016",
        "Introduction",
        "bold words",
        "italic words",
        "the NaCTSO advice",
        "After the break – “quotes”, £, €, é.",
        " unsafe link words",
        "Current threat level",
        "SEVERE",
        "An attack is highly likely",
        "Since 29 August 2014",
        "LOW",
        "CRITICAL",
        "CURRENT LEVEL▼",
        "Northern Ireland-related terrorism: SUBSTANTIAL – An attack is likely",
        "SUBSTANTIAL",
        "Vigilance matters.",
        "If you suspect it, report it",
        "Call 0800 789 321",
        "An info box.",
        "Communities defeat terrorism.",
        "— Mark Rowley, National Lead",
        "Reporting",
        "First numbered",
        "Nested bullet",
        "Second item, more words",
        "Again two",
        "Diamond bullet",
        "Figures",
        "3,629",
        "contributions a day",
        "What it counts",  # the statistics' column headers, as the tree words them
        "CT Policing",
        "2 May",
        "CTP",
        "Address or phone",  # the links' column headers
        "QR code",
        "Prevent Tragedies",
        "www.preventtragedies.co.uk",
        "Tel: 0800 789 321",
        "In confidence.",
        "Figure 1: a test picture",
    ],
)
def test_every_node_text_is_present(word, expected):
    assert expected in all_text(word.element.body)


def test_bold_and_italic_runs(word):
    runs = [r for p in word.paragraphs for r in p.runs]
    assert any(r.text == "bold words" and r.bold for r in runs)
    assert any(r.text == "italic words" and r.italic for r in runs)


def test_line_break_is_a_break_element(word):
    intro = next(p for p in word.paragraphs if "bold words" in p.text)
    assert intro._p.findall(f".//{qn('w:br')}")


# ---- styles ------------------------------------------------------------------------------------


def test_real_word_styles_are_used_by_name(word):
    used = styles_used(word)
    for name in (
        "Title",
        "Subtitle",
        "heading 1",
        "heading 2",
        "heading 3",
        "List Number",
        "List Bullet",
        "List Bullet 2",
        "Quote",
        "Callout Title",
        "Callout Text",
        "Statistic Figure",
        "Statistic Label",
        "Statistic Source",
        "Table Header",
        "Table Figure",
        "caption",
        "Hyperlink",
    ):
        assert name in used, name


def test_fonts_are_the_brand_family_everywhere(data):
    styles = part_xml(data, "word/styles.xml")
    fonts = re.findall(r"<w:rFonts [^>]*/>", styles)
    assert fonts
    for element in fonts:
        assert "Theme" not in element and "theme" not in element, element
        for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
            assert f'w:{slot}="Arial"' in element, element
    assert "Calibri" not in styles and "Cambria" not in styles
    assert "Calibri" not in part_xml(data, "word/theme/theme1.xml")


def test_body_size_heading_colour_and_language(word):
    normal = word.styles["Normal"]
    assert normal.font.size.pt == 10.5
    assert str(word.styles["Heading 1"].font.color.rgb) == "17375E"
    defaults = word.styles.element.find(qn("w:docDefaults"))
    assert defaults.find(f".//{qn('w:lang')}").get(qn("w:val")) == "en-GB"


def test_numbered_lists_restart_at_one(word):
    numbering = word.part.numbering_part.element
    list_number = word.styles["List Number"].element
    abstract = numbering.num_having_numId(int(list_number.pPr.numPr.numId.val)).abstractNumId.val
    ids = []
    for p in word.paragraphs:
        if p.style.name == "List Number":
            ids.append(p._p.pPr.numPr.numId.val)
    first, second = sorted(set(ids), key=ids.index)
    for num_id in (first, second):
        num = numbering.num_having_numId(num_id)
        assert num.abstractNumId.val == abstract
        assert num.find(f".//{qn('w:startOverride')}").get(qn("w:val")) == "1"


def test_top_level_bullets_are_diamonds(data):
    numbering = part_xml(data, "word/numbering.xml")
    assert 'w:lvlText w:val="◆"' in numbering


# ---- links, fields, furniture -----------------------------------------------------------------


def test_hyperlinks_are_real_with_external_targets(word):
    rels = {r_id: rel for r_id, rel in word.part.rels.items() if rel.reltype == RT.HYPERLINK}
    targets = {rel.target_ref for rel in rels.values()}
    assert targets == {
        "https://www.gov.uk/nactso",
        "https://www.preventtragedies.co.uk",
        "tel:0800789321",
    }
    assert all(rel.is_external for rel in rels.values())
    links = list(word.element.body.iter(qn("w:hyperlink")))
    assert len(links) == 3
    for link in links:
        assert link.get(qn("r:id")) in rels
        assert link.find(f".//{qn('w:rStyle')}").get(qn("w:val")) == "Hyperlink"


def test_footer_has_page_and_numpages_fields(data):
    footer = part_xml(data, "word/footer1.xml")
    instructions = re.findall(r"<w:instrText[^>]*>([^<]*)</w:instrText>", footer)
    assert [i.strip() for i in instructions] == ["PAGE", "NUMPAGES"]
    assert footer.count('w:fldCharType="begin"') == 2
    assert "Page " in footer and " of " in footer


def test_marking_in_header_and_footer(word):
    section = word.sections[0]
    header = all_text(section.header._element)
    footer = all_text(section.footer._element)
    assert "OFFICIAL" in header.splitlines()
    assert "OFFICIAL" in footer.splitlines()
    assert "Protective Security Update" in header
    marking = next(p for p in section.header.paragraphs if p.text == "OFFICIAL")
    assert marking.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert marking.style.font.bold


def test_no_marking_leaves_header_and_footer_unmarked():
    word = docx.Document(io.BytesIO(render_docx(document(marking=""))))
    section = word.sections[0]
    assert "OFFICIAL" not in all_text(section.header._element)
    assert "OFFICIAL" not in all_text(section.footer._element)


def test_page_size_and_margins():
    a4 = docx.Document(io.BytesIO(render_docx(document(blocks=())))).sections[0]
    assert round(a4.page_width.mm) == 210 and round(a4.page_height.mm) == 297
    assert round(a4.left_margin.mm) == 18 and round(a4.right_margin.mm) == 18
    letter = docx.Document(io.BytesIO(render_docx(document(blocks=(), page_size="Letter"))))
    assert round(letter.sections[0].page_width.inches, 2) == 8.5
    assert round(letter.sections[0].page_height.inches, 2) == 11


def test_core_properties(word):
    props = word.core_properties
    assert props.title == "Protective Security Update"
    assert props.author == "Protect and Prepare team"
    assert props.subject == "Briefing for sector leads"
    assert props.keywords == "counter terrorism; protective security"
    assert props.language == "en-GB"
    assert "python-docx" not in (props.comments or "")


# ---- pictures --------------------------------------------------------------------------------


def test_every_picture_has_alt_text_and_a_unique_id(word):
    doc_prs = [el for part in story_parts(word) for el in part.element.iter(qn("wp:docPr"))]
    # image, chart, one QR code, the logo
    assert len(doc_prs) == 4
    assert all(el.get("descr", "").strip() for el in doc_prs)
    ids = [el.get("id") for el in doc_prs]
    assert len(set(ids)) == len(ids)
    descriptions = {el.get("descr") for el in doc_prs}
    assert "QR code for https://www.preventtragedies.co.uk" in descriptions
    assert "A dark blue rectangle" in descriptions
    assert any(d.startswith("Bar chart: Key figures") for d in descriptions)


def test_image_width_follows_width_mm(word):
    shapes = word.inline_shapes
    image = next(s for s in shapes if s._inline.docPr.get("descr") == "A dark blue rectangle")
    assert round(image.width.mm) == 60
    assert round(image.height.mm) == round(60 * 180 / 320)


def test_wide_image_is_fitted_to_the_text_width():
    big = n.Image(_png(4000, 1000), 4000, 1000, "Wide picture")
    word = docx.Document(io.BytesIO(render_docx(document(blocks=(big,)))))
    (shape,) = word.inline_shapes
    assert round(shape.width.mm) == 174


# ---- keeping things together -------------------------------------------------------------------


def _table_containing(word, words: str):
    for table in word.element.body.iter(qn("w:tbl")):
        if words in all_text(table):
            return table
    raise AssertionError(words)


def test_statistics_rows_cannot_split_and_stay_together(word):
    table = _table_containing(word, "3,629")
    rows = table.findall(qn("w:tr"))
    assert all(row.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for row in rows)
    for row in rows[:-1]:
        for p in row.iter(qn("w:p")):
            assert p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None
    # The tiles and the chart are each kept whole, not together (as in the PDF): together
    # they can outgrow a page.
    for p in rows[-1].iter(qn("w:p")):
        assert p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is None
    assert table.getnext().find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is None


def test_callout_is_a_bordered_table_in_the_accent_colour(word):
    table = _table_containing(word, "If you suspect it, report it")
    borders = table.find(f"{qn('w:tblPr')}/{qn('w:tblBorders')}")
    assert borders.find(qn("w:top")).get(qn("w:color")) == "C8102E"
    info = _table_containing(word, "An info box.")
    borders = info.find(f"{qn('w:tblPr')}/{qn('w:tblBorders')}")
    assert borders.find(qn("w:top")).get(qn("w:color")) == "17375E"


def test_current_threat_step_is_marked_beyond_colour(word):
    """Outlined, larger type, and the marker's words over a ▼ above it, as in the PDF:
    readable on a greyscale printer."""
    panel = _table_containing(word, "Current threat level")
    scale = next(t for t in panel.iter(qn("w:tbl")) if t is not panel)
    rows = scale.findall(qn("w:tr"))
    assert len(rows) == 3  # the marker, the boxes, the meanings
    markers, boxes, meanings = ([all_text(tc) for tc in tr.findall(qn("w:tc"))] for tr in rows)
    current = boxes.index("SEVERE")
    assert markers[current] == "CURRENT LEVEL▼"  # a w:br between the words and the shape
    assert [m for i, m in enumerate(markers) if i != current] == [""] * (len(markers) - 1)
    assert meanings[current] == "an attack is highly likely"
    box_cells = rows[1].findall(qn("w:tc"))
    assert box_cells[current].find(f".//{qn('w:tcBorders')}") is not None
    assert box_cells[boxes.index("LOW")].find(f".//{qn('w:tcBorders')}") is None
    assert box_cells[current].find(f".//{qn('w:sz')}") is not None
    assert "▲" not in all_text(panel)  # the DOCX's old marker under the box


def test_heading_styles_keep_with_next(word):
    for name in ("Heading 1", "Heading 2", "Heading 3"):
        assert word.styles[name].paragraph_format.keep_with_next


# ---- robustness ----------------------------------------------------------------------------------


def test_a_run_of_page_breaks_is_one_across_section_starts():
    """Each page_break section comes after its own SectionStart, which takes no room: two
    breaks in a row are still one, as in the PDF."""
    blocks = (
        para(text("Before")),
        n.SectionStart(1),
        n.PageBreak(),
        n.SectionStart(2),
        n.PageBreak(),
        n.SectionStart(3),
        para(text("After")),
    )
    body = docx.Document(io.BytesIO(render_docx(document(blocks=blocks)))).element.body
    breaks = [br for br in body.iter(qn("w:br")) if br.get(qn("w:type")) == "page"]
    assert len(breaks) == 1


def test_brand_without_logo_still_has_its_band():
    brand = Brand(id="plain", name="Plain")
    word = docx.Document(io.BytesIO(render_docx(n.Document(furniture(), brand, BLOCKS[:2]))))
    header = word.sections[0].header
    assert "Protective Security Update" in all_text(header._element)
    assert not list(header._element.iter(qn("wp:docPr")))


def test_empty_document_renders():
    word = docx.Document(io.BytesIO(render_docx(document(blocks=()))))
    assert len(word.paragraphs) >= 1


def test_long_title_fits_core_property_limit():
    word = docx.Document(io.BytesIO(render_docx(document(blocks=(), title="T" * 400))))
    assert len(word.core_properties.title) == 255


def test_no_part_names_microsoft_word_or_python_docx(data):
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = package.namelist()
        assert "word/stylesWithEffects.xml" not in names
        assert "docProps/thumbnail.jpeg" not in names
        core = package.read("docProps/core.xml").decode()
    assert "python-docx" not in core


# ---- LibreOffice: opens, paginates, restarts numbering -------------------------------------------


def test_libreoffice_converts_it_and_restarts_numbering(tmp_path: Path, data: bytes, soffice: str):
    source = tmp_path / "out.docx"
    source.write_bytes(data)
    subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pdf = tmp_path / "out.pdf"
    assert pdf.exists()
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    words = " ".join(page.extract_text() for page in reader.pages)
    assert re.search(r"1\.\s*Again one", words), "the second numbered list should start at 1"
    assert re.search(r"Page 1 of \d", words)


# ---- what makes Word offer to "repair" a file ---------------------------------------------------


def _out_of_order(root, tag: str, rank: dict[str, int]) -> list[str]:
    problems = []
    for parent in root.iter(qn(tag)):
        seen = [rank.get(child.tag, -1) for child in parent]
        known = [r for r in seen if r >= 0]
        if known != sorted(known):
            problems.append(" ".join(child.tag.split("}")[1] for child in parent))
    return problems


@pytest.mark.parametrize(
    ("tag", "rank"),
    [
        ("w:pPr", x.PPR),
        ("w:rPr", x.RPR),
        ("w:tcPr", x.TCPR),
        ("w:tblPr", x.TBLPR),
        ("w:sectPr", x.SECTPR),
    ],
)
def test_property_children_are_in_schema_order(word, tag, rank):
    parts = [*story_parts(word), word.part.part_related_by(RT.STYLES), word.part.numbering_part]
    for part in parts:
        assert _out_of_order(part.element, tag, rank) == [], part.partname


def test_ids_and_relationships_resolve(word):
    for part in story_parts(word):
        for el in part.element.iter():
            r_id = el.get(qn("r:id")) or el.get(qn("r:embed"))
            if r_id:
                assert r_id in part.rels, (part.partname, r_id)


def test_every_cell_ends_with_a_paragraph(word):
    for part in story_parts(word):
        for tc in part.element.iter(qn("w:tc")):
            assert tc[-1].tag == qn("w:p")


# ---- the footer: the pack's own title (or the brand's footer), on every page --------------------


def _brand(footer: str | None = None) -> Brand:
    """The default brand's look with the given footer words (None: the brand sets none)."""
    default = find_brand("default")
    brand = default.model_copy(update={"footer_text": footer})
    brand._folder = default.folder  # its logo is found beside the brand file
    return brand


def _composed(title: str, brand: Brand | None = None, pages: int = 3) -> n.Document:
    from datetime import date

    from packs import pack_data

    from briefpack.document.compose import compose
    from briefpack.model import pack_from_data

    body = "A paragraph of advice for the sector. " * 12
    sections: list[dict] = []
    for i in range(pages):
        sections += [{"kind": "text", "title": f"Part {i + 1}", "body": body}]
        sections += [{"kind": "page_break"}] if i < pages - 1 else []
    pack = pack_from_data(pack_data(*sections, title=title, audience="Retail security managers"))
    return compose(pack, brand=brand or _brand(), today=date(2016, 8, 2))


def footer_line(data: bytes) -> str:
    """The footer's first paragraph (words, date and "Page N of M"), fields as their text."""
    word = docx.Document(io.BytesIO(data))
    return all_text(word.sections[0].footer._element).splitlines()[0]


def test_footer_shows_the_packs_title_on_every_page():
    data = render_docx(_composed("Retail sector briefing"))
    assert footer_line(data).startswith("Retail sector briefing · 1 August 2016Page ")
    assert "Retail security managers" not in part_xml(data, "word/footer1.xml")
    # One footer for every page: no different first page, no odd/even footers.
    document_xml = part_xml(data, "word/document.xml")
    assert document_xml.count("<w:footerReference") == 1
    assert 'w:type="default"' in document_xml.split("<w:footerReference")[1].split("/>")[0]
    assert "<w:titlePg" not in document_xml
    assert "evenAndOddHeaders" not in part_xml(data, "word/settings.xml")


def test_a_brand_footer_wins_over_the_title():
    data = render_docx(_composed("Retail sector briefing", _brand("Thames Valley Police"), 1))
    assert footer_line(data).startswith("Thames Valley Police · 1 August 2016Page ")
    assert "Retail sector briefing" not in footer_line(data)


@pytest.mark.parametrize(
    "title",
    [
        "Counter Terrorism Protective Security Update for the Retail, Hospitality, Night-time "
        "Economy and Crowded Places Sector Leads of the South East Region, Autumn Edition",
        "Retail" + "x" * 200,
    ],
)
def test_a_long_footer_is_cut_with_an_ellipsis_to_stay_beside_the_page_number(title):
    from briefpack.render.design import design_for
    from briefpack.render.design.fitting import footer_line as fitted_footer_line
    from briefpack.render.raster.pictures import BrandMeasure

    brand = _brand()
    styles = design_for(brand).styles
    measure, size = BrandMeasure(brand), styles.footer.size
    furniture = _composed(title, brand, 1).furniture
    widest = furniture.widest_page_number()
    room = 174 / 25.4 * 72 - measure(widest, "regular", size) - 17
    text, fitted = fitted_footer_line(furniture, measure, size, room, styles.footer_min)
    assert text.endswith("… · 1 August 2016") and text.startswith(title[:6])
    assert fitted == styles.footer_min
    assert measure(text, "regular", fitted) <= room
    line = footer_line(render_docx(_composed(title, brand, 1)))
    assert line.startswith(text + "Page ")


@pytest.mark.parametrize(
    "title", ["Retail sector briefing", "Retail sector briefing and advice " * 6]
)
def test_libreoffice_prints_the_footer_on_every_page_clear_of_the_number(
    tmp_path: Path, title, soffice: str
):
    import pypdfium2 as pdfium

    source = tmp_path / "out.docx"
    source.write_bytes(render_docx(_composed(title, pages=3)))
    subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pages = list(pdfium.PdfDocument(tmp_path / "out.pdf"))
    assert len(pages) == 3
    for number, page in enumerate(pages, 1):
        text = page.get_textpage()
        chars = [(text.get_charbox(i, loose=False), text.get_text_range(i, 1))
                 for i in range(text.count_chars())]  # fmt: skip
        low = [(box, c) for box, c in chars if box[1] < 20 / 25.4 * 72 and box[2] > box[0]]
        line = "".join(c for _box, c in low)
        assert f"· 1 August 2016Page {number} of 3" in line.replace(" Page", "Page"), line
        assert line.startswith("Retail sector briefing")
        at = line.index("Page ")
        words_right = max(box[2] for box, c in low[:at] if c.strip())
        assert words_right + 10 < low[at][0][0], "the footer runs into the page number"
        assert abs(low[0][0][1] - low[at][0][1]) < 2, "the page number left the footer's line"
