"""Wording decided once, in document/: the writers say what the tree says and nothing else.

Issue 12, point 1. compose fills the finished words into the nodes (the threat panel's
lines, the scale's marker, the statistics' source lines, the quote's attribution, the phone
label, the footer and the page number, alt texts) and cleans the tree once; the PDF and DOCX
writers only lay them out, so both say the same thing and a third format copies no wording.
"""

from __future__ import annotations

import ast
import dataclasses
import io
from datetime import date
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from packs import EXAMPLE, pack_data
from pydantic import BaseModel
from readback import docx_text, pdf_text, squash

from briefpack.document import nodes as n
from briefpack.document.compose import compose
from briefpack.document.textclean import UNSAFE
from briefpack.model import pack_from_data
from briefpack.model.brand import find_brand
from briefpack.model.packfile import load_pack
from briefpack.render.docx import render_docx
from briefpack.render.pdf import render_pdf, render_pdf_with_places

RENDER = Path(__file__).resolve().parent.parent / "briefpack" / "render"

# The wording that moved from the writers into compose. A string constant in render/ that
# holds one of these is a sentence built by a writer again (docstrings and comments may
# still talk about them).
MOVED = (
    "Meaning:",
    "Since ",
    "Northern Ireland",
    "Source:",
    "Tel:",
    "— ",  # the attribution's dash
    " · ",  # the separator in the source line and the footer line
    "CURRENT LEVEL",
    "current",  # the DOCX's old marker, "▲ current"
    "Page ",
    "Bar chart",
    "QR code for",
    "[Image",
    "(continued)",
)
# Moved wording too common in other words (error messages) to look for inside a literal:
# the literals the writers wrote it with, e.g. f"{brand.name} logo".
MOVED_LITERALS = (" logo",)


def _string_constants(source: str) -> list[str]:
    """Every string literal of a module (f-strings' literal parts too), docstrings aside."""
    tree = ast.parse(source)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        and id(node) not in docstrings
    ]  # fmt: skip


def _moved_wording_in(source: str) -> list[str]:
    texts = _string_constants(source)
    found = [f"{phrase!r} in {text!r}" for text in texts for phrase in MOVED if phrase in text]
    return found + [f"{text!r}" for text in texts if text in MOVED_LITERALS]


def test_the_scan_finds_wording_built_by_a_writer():
    """The check below can fail: the old writers' lines are caught, docstrings are not."""
    old = 'def f(node):\n    """Writes "Meaning: …"."""\n    return f"Since {node.since}"\n'
    assert _moved_wording_in(old) == ["'Since ' in 'Since '"]
    assert _moved_wording_in('x = "— " + attribution') == ["'— ' in '— '"]
    assert _moved_wording_in('p.add_run("\\tPage ")') == ["'Page ' in '\\tPage '"]
    assert _moved_wording_in('alt = f"{brand.name} logo"') == ["' logo'"]
    assert _moved_wording_in('why = f"the logo {name} is damaged"') == []


@pytest.mark.parametrize(
    "module", sorted(RENDER.rglob("*.py")), ids=lambda p: str(p.relative_to(RENDER))
)
def test_no_writer_builds_the_moved_wording(module: Path):
    found = _moved_wording_in(module.read_text(encoding="utf-8"))
    assert not found, f"{module.name} words what compose decides: {found}"


# ---- the example says the same in both formats --------------------------------------------


@pytest.fixture(scope="module")
def example():
    doc = compose(load_pack(EXAMPLE), EXAMPLE.parent, today=date(2016, 8, 1))
    pdf, word = render_pdf(doc, invariant=True), render_docx(doc)
    return doc, pdf_text(pdf), docx_text(word), _docx_footer(word)


def _docx_footer(data: bytes) -> str:
    footer = docx.Document(io.BytesIO(data)).sections[0].footer._element
    return squash(" ".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in footer))


def _blocks(doc: n.Document, kind: type) -> list:
    return [b for b in doc.blocks if isinstance(b, kind)]


def test_the_threat_panel_reads_the_same(example):
    doc, pdf, word, _footer = example
    (panel,) = _blocks(doc, n.ThreatPanel)
    lines = [n.plain_text(panel.meaning_line), panel.since_line, n.plain_text(panel.ni_line)]
    assert lines == [
        "Meaning: An attack is highly likely",
        "Since 29 August 2014",
        "Northern Ireland-related terrorism: SUBSTANTIAL – An attack is likely",
    ]
    for line in [*lines, panel.name]:
        assert line in pdf and line in word, line


def test_the_scale_marker_is_one_wording(example):
    doc, pdf, word, _footer = example
    (panel,) = _blocks(doc, n.ThreatPanel)
    (marker,) = [step.marker for step in panel.scale if step.current]
    assert marker == "CURRENT LEVEL"
    assert pdf.count(marker) == 1 and word.count(marker) == 1
    assert "▲ current" not in word  # the DOCX's old wording


def test_statistic_sources_read_the_same(example):
    """The PDF's tiles print each statistic's source line; the DOCX's table of statistics
    prints the same source and date in columns of their own, under the tree's headers."""
    doc, pdf, word, _footer = example
    grids = _blocks(doc, n.StatGrid)
    tiles = [tile for grid in grids for tile in grid.tiles]
    assert tiles and all(t.source_line == f"Source: {t.source} · {t.as_of}" for t in tiles)
    for tile in tiles:
        assert " ".join(tile.source_lines) in pdf  # a line too long for the tile is two
        assert tile.source in word and tile.as_of in word
    assert all(header in word for grid in grids for header in grid.headers)


def test_quote_attribution_and_phone_labels_read_the_same(example):
    doc, pdf, word, _footer = example
    (quote,) = _blocks(doc, n.Quote)
    assert quote.attribution.startswith("— Assistant Commissioner Mark Rowley")
    assert quote.attribution in pdf and quote.attribution in word
    phones = [
        n.plain_text(entry.phone_line)
        for links in _blocks(doc, n.Links)
        for entry in links.entries
        if entry.phone_line
    ]
    assert phones and all(phone.startswith("Tel: ") for phone in phones)
    for phone in phones:
        assert phone in pdf and phone in word, phone


def test_the_footer_reads_the_same(example):
    doc, pdf, _word, footer = example
    line = doc.furniture.footer_line()
    assert line == "Counter Terrorism Protective Security Update · 1 August 2016"
    assert footer.startswith(line) and line in pdf
    # Word counts the pages in fields; its saved text is that of page 1 of 1.
    number = doc.furniture.page_number
    assert number.format(page=1, pages=1) in footer
    assert number.format(page=1, pages=pdf.count(line)) in pdf


# ---- the writers print the tree's words, whatever they are ---------------------------------


def _worded(words: dict[str, str]) -> n.Document:
    """The example's tree with its finished wording replaced: as a Welsh edition would be."""
    doc = compose(load_pack(EXAMPLE), EXAMPLE.parent, today=date(2016, 8, 1))

    def reword(block: n.Block) -> n.Block:
        if isinstance(block, n.ThreatPanel):
            scale = tuple(
                dataclasses.replace(s, marker=words["marker"] if s.current else "")
                for s in block.scale
            )
            return dataclasses.replace(
                block,
                meaning_line=(n.Text(words["meaning"]),),
                since_line=words["since"],
                ni_line=(n.Text(words["ni"]),),
                scale=scale,
            )
        if isinstance(block, n.StatGrid):
            source = words["source"]  # the source line, and the source as a table has it
            tile = n.StatTile("3", "label", source, (source,), source)
            return dataclasses.replace(block, tiles=(tile,), chart=None)
        if isinstance(block, n.Quote):
            return dataclasses.replace(block, attribution=words["attribution"])
        if isinstance(block, n.Links):
            entry = n.LinkEntry("Label", phone_line=(n.Text(words["phone"]),))
            return n.Links((entry,))
        return block

    furniture = dataclasses.replace(doc.furniture, page_number=words["page"])
    return n.Document(furniture, doc.brand, tuple(reword(b) for b in doc.blocks))


WELSH = {
    "meaning": "Ystyr: Mae ymosodiad yn debygol iawn",
    "since": "Ers 29 Awst 2014",
    "ni": "Terfysgaeth yn ymwneud â Gogledd Iwerddon: SYLWEDDOL",
    "marker": "LEFEL BRESENNOL",
    "source": "Ffynhonnell: Plismona Gwrthderfysgaeth",
    "attribution": "~ Mark Rowley",
    "phone": "Ffôn: 0800 789 321",
    "page": "Tudalen {page} o {pages}",
}


def test_the_writers_print_the_trees_words_and_none_of_their_own():
    doc = _worded(WELSH)
    word_data = render_docx(doc)
    pdf, word = pdf_text(render_pdf(doc)), docx_text(word_data)
    footer = _docx_footer(word_data)
    for key, text in WELSH.items():
        if key == "page":
            assert "Tudalen 1 o " in pdf and "Tudalen 1 o 1" in footer
        else:
            assert text in pdf and text in word, text
    for english in ("Meaning:", "Since 29", "CURRENT LEVEL", "Source:", "Tel:", "Page "):
        assert english not in pdf and english not in word + footer, english


# ---- section starts are blocks of the tree -------------------------------------------------


def test_section_places_come_from_section_starts():
    pack = load_pack(EXAMPLE)
    doc = compose(pack, EXAMPLE.parent, today=date(2016, 8, 1))
    assert [b.index for b in _blocks(doc, n.SectionStart)] == list(range(len(pack.sections)))
    pdf, places = render_pdf_with_places(doc, invariant=True)
    assert len(places) == len(pack.sections) and all(places)
    spots = [(p.page, p.top) for p in places]
    assert spots == sorted(spots)  # in reading order down the pages
    # An export is laid out exactly as before section places: the starts draw nothing.
    without = n.Document(
        doc.furniture, doc.brand, tuple(b for b in doc.blocks if not isinstance(b, n.SectionStart))
    )
    assert render_pdf(doc, invariant=True) == render_pdf(without, invariant=True)
    assert pdf_text(pdf) == pdf_text(render_pdf(doc, invariant=True))


def test_an_empty_section_still_has_a_start_and_a_place():
    sections = [{"kind": "text", "body": "One"}, {"kind": "text", "body": ""}]
    doc = compose(pack_from_data(pack_data(*sections)), today=date(2016, 8, 2))
    _pdf, places = render_pdf_with_places(doc)
    assert len(places) == 2 and places[0] is not None  # the empty one draws nothing: None


def test_text_is_cleaned_once_in_compose_for_both_writers():
    """Every printed field holding characters neither XML nor a PDF can hold: compose
    removes them once, and both writers write the tree as it is."""
    bad = "bad\x00\x01\x0b\x0c\x1f\ufffe\uffff\ud800 text\r\nnext"
    sections = [
        {"kind": "text", "title": "X", "body": "X"},
        {"kind": "threat_level", "title": "X", "note": "X"},
        {"kind": "callout", "title": "X", "body": "X"},
        {"kind": "quote", "body": "X", "speaker": "X", "role": "X"},
        {
            "kind": "statistics",
            "title": "X",
            "items": [{"value": "X", "label": "X", "source": "X"}],
        },
        {"kind": "links", "title": "X", "items": [{"label": "X", "phone": "X", "note": "X"}]},
    ]
    pack = _every_x_as(pack_from_data(pack_data(*sections, title="X", author="X")), bad)
    brand = find_brand("default").model_copy(update={"footer_text": bad, "header_text": bad})
    doc = compose(pack, brand=brand, today=date(2016, 8, 2))
    assert not UNSAFE.search(repr(doc.blocks) + repr(doc.furniture))
    word_data = render_docx(doc)
    word = docx.Document(io.BytesIO(word_data))
    assert word.core_properties.title == "bad text next"
    assert "bad text" in docx_text(word_data) and "bad text" in pdf_text(render_pdf(doc))


def _every_x_as(model, text: str):
    """`model` (a pydantic model) with every string field "X" set to `text`, lists and
    nested models included; JSON cannot carry a lone surrogate, an edit can."""
    updates = {}
    for name in type(model).model_fields:
        value = getattr(model, name)
        if value == "X":
            updates[name] = text
        elif isinstance(value, list):
            updates[name] = [_every_x_as(v, text) if isinstance(v, BaseModel) else v for v in value]
        elif isinstance(value, BaseModel):
            updates[name] = _every_x_as(value, text)
    return model.model_copy(update=updates)
