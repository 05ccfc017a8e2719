"""The PDF renderer: every node kind drawn, fonts embedded, furniture, metadata, escaping."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from PIL import Image as PILImage

pypdf = pytest.importorskip("pypdf")

from briefpack.document import nodes as n  # noqa: E402
from briefpack.model.brand import find_brand  # noqa: E402
from briefpack.render.pdf import render_pdf  # noqa: E402

HOSTILE = ("R&D", "a<b", "<img src='/etc/passwd'/>", "</para><b>x", "&amp; stays")


def _png(width: int = 240, height: int = 120) -> bytes:
    img = PILImage.new("RGB", (width, height), (23, 55, 94))
    out = BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def _scale(current: int) -> tuple[n.ThreatScaleStep, ...]:
    """The scale as compose words it (the writer adds no words of its own)."""
    names = [
        ("LOW", "an attack is highly unlikely"),
        ("MODERATE", "an attack is possible but not likely"),
        ("SUBSTANTIAL", "an attack is likely"),
        ("SEVERE", "an attack is highly likely"),
        ("CRITICAL", "an attack is highly likely in the near future"),
    ]
    return tuple(
        n.ThreatScaleStep(i, name, meaning, i == current, "CURRENT LEVEL" if i == current else "")
        for i, (name, meaning) in enumerate(names, start=1)
    )


def _phone(number: str, url: str) -> tuple[n.Inline, ...]:
    return (n.Text("Tel: "), n.Link(url, (n.Text(number, bold=True),)))


def sample_document(marking: str = "OFFICIAL") -> n.Document:
    """A hand-built document with every node kind (and awkward text) in it."""
    brand = find_brand("default")
    t = n.Text
    para = n.Paragraph
    blocks: tuple[n.Block, ...] = (
        n.Title(
            "Counter Terrorism Protective Security Update",
            subtitle="Update for CSSC Industry Sector Leads",
            byline="Detective Superintendent, Protect and Prepare · 1 August 2016",
        ),
        n.Heading(1, (t("Introduction"),)),
        para(
            (
                t("On Monday 1 August 2016 the "),
                t("Detective Superintendent", bold=True),
                t(" spoke about the "),
                t("current threat", italic=True),
                t(" — “curly quotes”, en–dash, £20, €5, café."),
                n.LineBreak(),
                t("Read the article at "),
                n.Link("https://www.example.org/news?a=1&b=2", (t("the Mail on Sunday"),)),
                t(" or e-mail "),
                n.Link("mailto:protect@example.police.uk", (t("the Protect team"),)),
                t("."),
            )
        ),
        para(tuple(t(f"Literal text {h} end.") for h in HOSTILE)),
        para((t("Symbols from the fallback font: ◆ ✓ → ★"),)),
        n.ThreatPanel(
            title="UK national threat level",
            rank=4,
            name="SEVERE",
            meaning_line=(t("Meaning: "), t("An attack is highly likely", bold=True, italic=True)),
            since_line="Since 29 August 2014",
            scale=_scale(4),
            ni_line=(
                t("Northern Ireland-related terrorism: "),
                t("SUBSTANTIAL", bold=True),
                t(" – "),
                t("An attack is likely", italic=True),
            ),
            note=(para((t("The threat level note for this briefing."),)),),
        ),
        n.Heading(2, (t("Communities defeat terrorism"),)),
        n.StatGrid(
            tiles=(
                n.StatTile(
                    "3,629",
                    "contributions from the public every day",
                    "Source: NPCC · 1 August 2016",
                    ("Source: NPCC", "1 August 2016"),
                ),
                n.StatTile(
                    "317",
                    "Daesh inspired or directed attacks this year",
                    "Source: Met Police",
                    ("Source: Met Police",),
                ),
                n.StatTile("32", "calls a day to the hotline", "1 August 2016", ("1 August 2016",)),
                n.StatTile("1,750", "NaCTSO sessions a day"),
            ),
            chart=n.BarChart(
                "Contributions per day",
                (
                    n.ChartBar("Web sessions", 1750, "1,750"),
                    n.ChartBar("Stay Safe film views", 1250, "1,250"),
                    n.ChartBar("Hotline calls", 32, "32"),
                ),
            ),
        ),
        n.Callout(
            "IF YOU SUSPECT IT REPORT IT",
            (
                para((t("CALL 0800 789 321", bold=True),)),
                para((t("Confidential Anti-Terrorist Hotline"),)),
            ),
            style="alert",
        ),
        n.Callout("Did you know?", (para((t("Information callout body text."),)),), style="info"),
        n.Quote(
            (
                para(
                    (t("Communities defeat terrorism, and "), t("that", bold=True), t(" matters."))
                ),
            ),
            attribution="— Mark Rowley, National Lead for Counter Terrorism",
        ),
        n.Heading(2, (t("And by being prepared"),)),
        n.ListBlock(
            ordered=False,
            items=(
                n.ListItem((para((t("Visit the NaCTSO pages for advice."),)),)),
                n.ListItem(
                    (
                        para((t("Take part in awareness events:"),)),
                        n.ListBlock(
                            ordered=False,
                            items=(
                                n.ListItem((para((t("Nested bullet one"),)),)),
                                n.ListItem((para((t("Nested bullet two"),)),)),
                            ),
                        ),
                    )
                ),
            ),
        ),
        n.ListBlock(
            ordered=True,
            start=3,
            items=(
                n.ListItem((para((t("Third numbered point"),)),)),
                n.ListItem((para((t("Fourth numbered point"),)),)),
            ),
        ),
        n.Heading(3, (t("A third-level heading"),)),
        n.PageBreak(),
        n.Heading(1, (t("Key websites"),)),
        n.Links(
            (
                n.LinkEntry(
                    "Action Counters Terrorism",
                    url="https://www.gov.uk/ACT",
                    shown_url="www.gov.uk/ACT",
                    phone_line=_phone("0800 789 321", "tel:+448007893210"),
                    note="Report suspicious activity online",
                    qr=True,
                ),
                n.LinkEntry(
                    "Local police", phone_line=_phone("101", "tel:101"), note="Non-emergency"
                ),
            )
        ),
        n.Image(
            _png(), 240, 120, alt="Diagram of the hotline process", caption="The hotline process"
        ),
    )
    furniture = n.Furniture(
        title="Counter Terrorism Protective Security Update",
        subject="Update for CSSC Industry Sector Leads",
        author="Detective Superintendent, Protect and Prepare",
        date="1 August 2016",
        marking=marking,
        page_size="A4",
        header_text="Counter Terrorism Protective Security Update",
        footer_text="Protective Security Update",
        keywords=("counter terrorism", "protective security"),
    )
    return n.Document(furniture=furniture, brand=brand, blocks=blocks)


def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def pdf_bytes() -> bytes:
    return render_pdf(sample_document(), invariant=True)


@pytest.fixture(scope="module")
def reader(pdf_bytes: bytes):
    return pypdf.PdfReader(BytesIO(pdf_bytes))


@pytest.fixture(scope="module")
def pages_text(reader) -> list[str]:
    return [_words(page.extract_text()) for page in reader.pages]


@pytest.fixture(scope="module")
def all_text(pages_text: list[str]) -> str:
    return " ".join(pages_text)


@pytest.mark.parametrize(
    "expected",
    [
        "Counter Terrorism Protective Security Update",
        "Update for CSSC Industry Sector Leads",
        "Introduction",
        "Detective Superintendent",
        "“curly quotes”, en–dash, £20, €5, café.",
        "the Mail on Sunday",
        "◆ ✓ → ★",
        "UK national threat level",
        "SEVERE",
        "An attack is highly likely",
        "Since 29 August 2014",
        "LOW",
        "MODERATE",
        "SUBSTANTIAL",
        "CRITICAL",
        "CURRENT LEVEL",
        "Northern Ireland-related terrorism: SUBSTANTIAL",
        "The threat level note for this briefing.",
        "3,629",
        "contributions from the public every day",
        "Source: NPCC · 1 August 2016",
        "Contributions per day",
        "Stay Safe film views",
        "1,250",
        "IF YOU SUSPECT IT REPORT IT",
        "CALL 0800 789 321",
        "Information callout body text.",
        "Communities defeat terrorism, and that matters.",
        "— Mark Rowley, National Lead for Counter Terrorism",
        "Nested bullet two",
        "3. Third numbered point",
        "4. Fourth numbered point",
        "A third-level heading",
        "Key websites",
        "Action Counters Terrorism",
        "www.gov.uk/ACT",
        "Tel: 0800 789 321",
        "Report suspicious activity online",
        "Non-emergency",
        "The hotline process",
        "Diagram of the hotline process",
    ],
)
def test_every_node_text_is_present(all_text: str, expected: str) -> None:
    assert _words(expected) in all_text


def test_markup_like_text_prints_literally(all_text: str) -> None:
    for hostile in HOSTILE:
        assert f"Literal text {hostile} end." in all_text


def test_bullets_are_drawn(all_text: str) -> None:
    assert "◆" in all_text.replace("◆ ✓ → ★", "")
    assert "•" in all_text


def test_fonts_are_all_embedded(reader) -> None:
    seen = 0
    for page in reader.pages:
        for font in _fonts(page):
            seen += 1
            descriptor = _descendant_descriptor(font)
            assert descriptor is not None, font.get("/BaseFont")
            assert "/FontFile2" in descriptor, font.get("/BaseFont")
    assert seen


def _fonts(page):
    """Fonts used on a page, including those inside form XObjects."""
    resources = page.get("/Resources") or {}
    yield from (f.get_object() for f in (resources.get("/Font") or {}).values())
    for xobject in (resources.get("/XObject") or {}).values():
        xobject = xobject.get_object()
        inner = (xobject.get("/Resources") or {}).get("/Font") or {}
        yield from (f.get_object() for f in inner.values())


def _descendant_descriptor(font):
    if "/DescendantFonts" in font:
        font = font["/DescendantFonts"][0].get_object()
    descriptor = font.get("/FontDescriptor")
    return descriptor.get_object() if descriptor is not None else None


def test_marking_on_every_page(pages_text: list[str]) -> None:
    assert len(pages_text) >= 2
    for text in pages_text:
        assert text.count("OFFICIAL") >= 2  # top and bottom


def test_page_numbers(pages_text: list[str]) -> None:
    total = len(pages_text)
    assert f"Page 1 of {total}" in pages_text[0]
    assert f"Page {total} of {total}" in pages_text[-1]


def test_running_header_and_footer_on_every_page(pages_text: list[str]) -> None:
    for text in pages_text:
        assert "Counter Terrorism Protective Security Update" in text
        assert "Protective Security Update · 1 August 2016" in text


def test_no_marking_when_empty() -> None:
    reader = pypdf.PdfReader(BytesIO(render_pdf(sample_document(marking=""), invariant=True)))
    assert "OFFICIAL" not in reader.pages[0].extract_text()


def test_metadata(reader, pdf_bytes: bytes) -> None:
    meta = reader.metadata
    assert meta.title == "Counter Terrorism Protective Security Update"
    assert meta.author == "Detective Superintendent, Protect and Prepare"
    assert meta.subject == "Update for CSSC Industry Sector Leads"
    assert meta.creator == "briefpack"
    assert "counter terrorism" in (meta.get("/Keywords") or "")
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"


def test_link_annotations(reader) -> None:
    uris = set()
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action is not None and "/URI" in action:
                uris.add(action["/URI"])
    assert {
        "https://www.example.org/news?a=1&b=2",
        "mailto:protect@example.police.uk",
        "https://www.gov.uk/ACT",
        "tel:+448007893210",
        "tel:101",
    } <= uris


def test_unsafe_link_is_plain_text() -> None:
    doc = sample_document()
    hostile = n.Paragraph((n.Link("javascript:alert(1)", (n.Text("click"),)),))
    doc = n.Document(doc.furniture, doc.brand, (hostile,))
    reader = pypdf.PdfReader(BytesIO(render_pdf(doc)))
    assert "click" in reader.pages[0].extract_text()
    assert not reader.pages[0].get("/Annots")


def _outline(items, depth: int = 0):
    """(depth, entry) for every outline entry, in reading order."""
    for item in items:
        if isinstance(item, list):
            yield from _outline(item, depth + 1)
        else:
            yield depth, item


def test_outline_has_title_and_headings(reader) -> None:
    entries = [(depth, item.title) for depth, item in _outline(reader.outline)]
    titles = [title for _, title in entries]
    assert titles[:3] == [
        "Counter Terrorism Protective Security Update",
        "Introduction",
        "Communities defeat terrorism",
    ]
    assert "Key websites" in titles
    assert "A third-level heading" not in titles
    # The title is the root; level-1 headings sit under it, level-2 under those.
    assert entries[0][0] == 0
    assert dict((t, d) for d, t in entries)["Introduction"] == 1
    assert dict((t, d) for d, t in entries)["Communities defeat terrorism"] == 2


def test_outline_entries_point_at_their_pages(reader) -> None:
    entries = {item.title: item for _, item in _outline(reader.outline)}
    assert reader.get_destination_page_number(entries["Introduction"]) == 0
    last = len(reader.pages) - 1
    assert reader.get_destination_page_number(entries["Key websites"]) == last


def test_invariant_output_is_identical(pdf_bytes: bytes) -> None:
    assert render_pdf(sample_document(), invariant=True) == pdf_bytes


def test_letter_page_size() -> None:
    doc = sample_document()
    furniture = n.Furniture(**{**doc.furniture.__dict__, "page_size": "Letter"})
    reader = pypdf.PdfReader(BytesIO(render_pdf(n.Document(furniture, doc.brand, doc.blocks))))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_empty_document_renders() -> None:
    doc = sample_document()
    reader = pypdf.PdfReader(BytesIO(render_pdf(n.Document(doc.furniture, doc.brand, ()))))
    assert "Page 1 of 1" in _words(reader.pages[0].extract_text())


def test_stat_grid_never_splits() -> None:
    """A grid that would straddle a page boundary moves whole to the next page."""
    doc = sample_document()
    filler = tuple(n.Paragraph((n.Text("Filler line. " * 30),)) for _ in range(7))
    grid = next(b for b in doc.blocks if isinstance(b, n.StatGrid))
    doc = n.Document(doc.furniture, doc.brand, (*filler, grid))
    reader = pypdf.PdfReader(BytesIO(render_pdf(doc)))
    texts = [_words(p.extract_text()) for p in reader.pages]
    holders = [i for i, text in enumerate(texts) if re.search(r"3,629|1,750|Contributions", text)]
    assert len(set(holders)) == 1, holders


def test_fallback_font_draws_symbols(reader) -> None:
    names = {str(font.get("/BaseFont")) for page in reader.pages for font in _fonts(page)}
    assert any("DejaVuSans" in name for name in names)
    assert any("LiberationSans-Bold" in name for name in names)


def test_qr_code_is_clickable(reader) -> None:
    act = [
        annot
        for page in reader.pages
        for annot in (page.get("/Annots") or [])
        if (annot.get_object().get("/A") or {}).get("/URI") == "https://www.gov.uk/ACT"
    ]
    assert len(act) == 2  # the printed address and the QR code


def test_outline_levels_never_skip() -> None:
    from briefpack.render.pdf.flowables import OutlineLevels

    levels = OutlineLevels()
    wanted = [2, 1, 2, 0, 1, 2, 2, 1]
    got = [levels.next(w)[0] for w in wanted]
    assert got == [0, 0, 1, 0, 1, 2, 2, 1]


def test_blocks_taller_than_a_page_split_instead_of_failing() -> None:
    doc = sample_document()
    para = n.Paragraph((n.Text("Callout paragraph line. " * 40),))
    tall = (
        n.Heading(1, (n.Text("Tall things"),)),
        n.Callout("Long callout", (para,) * 12, style="info"),
        n.Quote((para,) * 10, attribution="— Someone"),
        n.StatGrid(tuple(n.StatTile(str(i), "label " * 12, "Source: source") for i in range(30))),
    )
    reader = pypdf.PdfReader(BytesIO(render_pdf(n.Document(doc.furniture, doc.brand, tall))))
    text = _words(" ".join(p.extract_text() for p in reader.pages))
    assert len(reader.pages) >= 3
    assert "Long callout" in text and "— Someone" in text and "29" in text


def test_overlong_furniture_is_cut_not_overflowing() -> None:
    doc = sample_document()
    furniture = n.Furniture(**{**doc.furniture.__dict__, "header_text": "Long header words " * 20})
    reader = pypdf.PdfReader(BytesIO(render_pdf(n.Document(furniture, doc.brand, ()))))
    assert "…" in reader.pages[0].extract_text()


def test_brand_without_logo_or_fallback_font() -> None:
    doc = sample_document()
    fonts = doc.brand.fonts.model_copy(update={"fallback": None})
    brand = doc.brand.model_copy(update={"logo": None, "fonts": fonts})
    brand._folder = doc.brand.folder
    reader = pypdf.PdfReader(BytesIO(render_pdf(n.Document(doc.furniture, brand, doc.blocks))))
    text = _words(" ".join(p.extract_text() for p in reader.pages))
    assert "Nested bullet two" in text and "•" in text


def test_example_pack_renders() -> None:
    from pathlib import Path

    compose_module = pytest.importorskip("briefpack.document.compose")
    from briefpack.model.packfile import load_pack

    examples = Path(__file__).resolve().parent.parent / "examples"
    example = examples / "protective-security-update.bpack"
    if not example.is_file():
        pytest.skip("no example pack")
    doc = compose_module.compose(load_pack(example), example.parent)
    data = render_pdf(doc, invariant=True)
    reader = pypdf.PdfReader(BytesIO(data))
    total = len(reader.pages)
    assert 2 <= total <= 8
    first = _words(reader.pages[0].extract_text())
    assert f"Page 1 of {total}" in first
    assert doc.furniture.title in first


def test_odd_characters_do_not_break_rendering() -> None:
    """Cleaned once, in compose: the writer is given a tree reportlab can always draw."""
    from datetime import date

    from packs import pack_data

    from briefpack.document.compose import compose
    from briefpack.model import pack_from_data

    odd = "lone \ud800 surrogate, emoji 😀, nul \x00, tab \t, rtl שלום"
    pack = pack_from_data(
        pack_data({"kind": "text", "body": "x"}, {"kind": "quote", "body": "x", "speaker": "x"})
    )
    text, quote = pack.sections  # a lone surrogate cannot come through JSON, only an edit
    sections = [
        text.model_copy(update={"title": odd, "body": odd}),
        quote.model_copy(update={"body": odd, "speaker": odd, "role": odd}),
    ]
    meta = pack.meta.model_copy(update={"title": odd})
    pack = pack.model_copy(update={"meta": meta, "sections": sections})
    reader = pypdf.PdfReader(BytesIO(render_pdf(compose(pack, today=date(2016, 8, 2)))))
    text = reader.pages[0].extract_text()
    assert "surrogate" in text and "\ud800" not in text
    assert reader.metadata.title == "lone  surrogate, emoji 😀, nul , tab \t, rtl שלום"


# ---- the footer: the pack's own title (or the brand's footer), fitted beside the page number


def _brand(footer: str | None = None):
    """The default brand's look with the given footer words (None: the brand sets none)."""
    default = find_brand("default")
    brand = default.model_copy(update={"footer_text": footer})
    brand._folder = default.folder  # its logo is found beside the brand file
    return brand


def _composed(title: str, brand=None, pages: int = 3) -> n.Document:
    """A pack titled `title`, composed, with `pages` pages of text."""
    from datetime import date

    from packs import pack_data

    from briefpack.document.compose import compose
    from briefpack.model import pack_from_data

    body = "A paragraph of advice for the sector. " * 12
    sections = []
    for i in range(pages):
        sections += [{"kind": "text", "title": f"Part {i + 1}", "body": body}]
        sections += [{"kind": "page_break"}] if i < pages - 1 else []
    pack = pack_from_data(pack_data(*sections, title=title, audience="Retail security managers"))
    return compose(pack, brand=brand or _brand(), today=date(2016, 8, 2))


def _footer_chars(pdf: bytes) -> list[list[tuple[float, float, str]]]:
    """Per page, the (left, right, character) of the footer line: the text whose baseline is
    13 mm from the bottom, i.e. the footer words and "Page N of M"."""
    import pypdfium2 as pdfium

    from briefpack.render.design.page import PageGeometry

    baseline = PageGeometry.of("A4").footer_baseline_from_bottom
    out = []
    for page in pdfium.PdfDocument(pdf):
        text = page.get_textpage()
        line = []
        for i in range(text.count_chars()):
            left, bottom, right, _top = text.get_charbox(i, loose=False)
            if baseline - 4 <= bottom <= baseline + 2 and right > left:
                line.append((left, right, text.get_text_range(i, 1)))
        out.append(line)
    return out


def _footer_words(line: list[tuple[float, float, str]]) -> str:
    return "".join(c for _l, _r, c in line)


@pytest.mark.parametrize("brand_id", ["default", "high-contrast"])
def test_built_in_brands_leave_the_footer_to_the_pack(brand_id: str) -> None:
    """A built-in brand's fixed footer would print on every pack in place of its own title."""
    assert not find_brand(brand_id).footer_text, f"assets/brands/{brand_id}.json sets footer_text"


def test_footer_is_the_packs_title_on_every_page() -> None:
    doc = _composed("Retail sector briefing")
    assert doc.furniture.footer_text == "Retail sector briefing"
    lines = _footer_chars(render_pdf(doc, invariant=True))
    assert len(lines) == 3
    for page, line in enumerate(lines, 1):
        words = _footer_words(line)
        assert words.startswith("Retail sector briefing · 1 August 2016"), words
        assert words.endswith(f"Page {page} of 3"), words
        # neither the audience (the old footer) nor a fixed name stands in for the title
        assert "Retail security managers" not in words and "Protective" not in words


def test_a_brand_footer_wins_over_the_title() -> None:
    doc = _composed("Retail sector briefing", brand=_brand("Thames Valley Police"), pages=2)
    assert doc.furniture.footer_text == "Thames Valley Police"
    for line in _footer_chars(render_pdf(doc, invariant=True)):
        assert _footer_words(line).startswith("Thames Valley Police · 1 August 2016")
        assert "Retail sector briefing" not in _footer_words(line)


def test_a_blank_brand_footer_leaves_the_title() -> None:
    doc = _composed("Retail sector briefing", brand=_brand("   "), pages=1)
    assert doc.furniture.footer_text == "Retail sector briefing"


LONG_TITLES = [
    "Counter Terrorism Protective Security Update for the Retail, Hospitality, Night-time "
    "Economy and Crowded Places Sector Leads of the South East Region, Autumn Edition",
    "Retail" + "x" * 200,  # one very long word: cut inside it, not dropped
]


@pytest.mark.parametrize("title", LONG_TITLES)
def test_a_long_title_is_cut_with_an_ellipsis_and_never_reaches_the_page_number(title) -> None:
    lines = _footer_chars(render_pdf(_composed(title, pages=2), invariant=True))
    for page, line in enumerate(lines, 1):
        words = _footer_words(line)
        assert "… · 1 August 2016" in words and words.startswith(title[:6]), words
        number_at = words.index("Page ")
        text_right = max(r for _l, r, c in line[:number_at] if c.strip())
        assert text_right + 10 < line[number_at][0], f"page {page}: footer meets the number"
        assert words.endswith(f"Page {page} of 2")


def test_shorten_keeps_whole_words_and_fits() -> None:
    from briefpack.render.design.fitting import shorten

    def fits(text: str) -> bool:
        return len(text) <= 20

    assert shorten("Retail sector briefing for the region", fits) == "Retail sector…"
    assert shorten("Retailsectorbriefingfortheregion", fits) == "Retailsectorbriefin…"
    assert shorten("a b", lambda t: False) == "…"
