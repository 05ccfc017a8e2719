"""Every writer says the same words in the same order (issue 14, point 3).

One test renders a pack with every section kind (and the example pack) to the PDF, the
DOCX, the web page and the email's two parts, reads each back as text and compares the
words, in order, with the DOCX's, so the writers can never drift apart again.

The comparison is exact but for what a format genuinely cannot show, or shows another way,
each written down below as a rewrite of the DOCX's words into the format's (`_rewrites`):

- Page furniture: the PDF repeats the marking, header, footer and page number on every
  page; the web page and the message say them once, first and last. Each is taken off.
- The threat scale: the DOCX and the mail HTML set it as a row of boxes (read a row at a
  time: the marker, the names, the meanings); the PDF and the web page read a step at a
  time, the marker before the current step; the plain text is a step a line, the marker
  after the current one.
- The statistics and links: the DOCX, the mail HTML and the plain text set them as tables
  under a header row. The PDF and the web page draw tiles and a list, whose headers only a
  screen reader hears (tagged /ActualText, a visually hidden row); a tile prints its
  source and date as one line ("Source: X · date"), and the chart draws its title and
  bars as words. The plain text has no QR codes, so no "QR code" header.
- Pictures: the tagged PDF's alt text is read by a text extractor (the others keep it in
  attributes); the plain text, which holds no pictures, prints each one's stand-in words,
  and the chart's title over the chart's table.
- The plain text spells out a link's address after its words; those are taken off.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from readback import docx_text, pdf_page_texts
from test_email import visible_text
from test_html import EVERY_KIND, every_kind_doc, example_doc, page_of

from briefpack.document import nodes as n
from briefpack.model.sections import SECTION_KINDS
from briefpack.render import render
from briefpack.render.email import clipboard_parts

FORMATS = ["pdf", "html", "mail-html", "plain"]
# List markers each format numbers its own way (the DOCX's are Word's, not text).
MARKER = re.compile(r"[◆•–]|\d+\.|[a-z]\.|[ivx]+\.")
SPELLED_OUT = re.compile(r" \((?:https?://|mailto:|tel:)[^\s)]*\)")

Tokens = list[str]
Rewrite = tuple[Tokens, Tokens]  # (what the DOCX says, what the format says instead)


def tokens(*texts: str) -> Tokens:
    """The words of some texts, without list markers or punctuation."""
    words = " ".join(texts).split()
    return [t for word in words if not MARKER.fullmatch(word) for t in re.findall(r"\w+", word)]


@pytest.fixture(scope="module")
def docs(tmp_path_factory) -> dict[str, n.Document]:
    return {
        "every-kind": every_kind_doc(tmp_path_factory.mktemp("every-kind")),
        "example": example_doc(),
    }


def test_the_pack_has_every_section_kind():
    assert {section["kind"] for section in EVERY_KIND} == set(SECTION_KINDS)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("which", ["every-kind", "example"])
def test_every_format_says_what_the_docx_says(which, fmt, docs):
    doc = docs[which]
    docx = tokens(docx_text(render(doc, "docx")))
    expected, said = _rewritten(docx, list(_rewrites(doc, fmt))), _body(doc, fmt)
    assert said == expected, _first_difference(expected, said)


def _first_difference(expected: Tokens, said: Tokens) -> str:
    """Where the words part, with a few either side: a long list's diff hides it."""
    at = next((i for i, (a, b) in enumerate(zip(expected, said, strict=False)) if a != b),
              min(len(expected), len(said)))  # fmt: skip
    around = slice(max(at - 6, 0), at + 6)
    return (f"from word {at}: the format says {' '.join(said[around])!r}, "
            f"the DOCX (rewritten) {' '.join(expected[around])!r}")  # fmt: skip


# ---- each format's words, furniture off ---------------------------------------------------


def _body(doc: n.Document, fmt: str) -> Tokens:
    furniture = doc.furniture
    if fmt == "pdf":
        return tokens(_pdf_body(doc, render(doc, "pdf", invariant=True)))
    if fmt == "html":
        return _inside(tokens(page_of(doc).text()), furniture)
    html, plain = clipboard_parts(doc)
    if fmt == "mail-html":
        return _inside(tokens(visible_text(html)), furniture)
    return _inside(tokens(SPELLED_OUT.sub("", plain)), furniture, header=False)


def _inside(words: Tokens, furniture: n.Furniture, *, header: bool = True) -> Tokens:
    """The words between the furniture said once: the marking and the band's header first
    (the plain text has no band), the footer line and the marking last."""
    before = tokens(furniture.marking, furniture.header_text if header else "")
    after = tokens(furniture.footer_line(), furniture.marking)
    assert words[: len(before)] == before and words[len(words) - len(after) :] == after
    return words[len(before) : len(words) - len(after)]


def _pdf_body(doc: n.Document, pdf: bytes) -> str:
    """The PDF's words less each page's furniture and page number, and the pictures' alt
    texts (the tagged PDF's, which a text extractor reads)."""
    pages = pdf_page_texts(pdf)
    furniture = doc.furniture
    alts = [b.alt for b in doc.blocks if isinstance(b, n.Image) and b.alt]
    out = []
    for number, text in enumerate(pages, 1):
        page_number = furniture.page_number.format(page=number, pages=len(pages))
        every_page = [furniture.marking, furniture.marking, furniture.header_text,
                      furniture.footer_line(), page_number]  # fmt: skip
        for words in [w for w in every_page if w]:
            assert words in text, (number, words)
            text = text.replace(words, " ", 1)
        for alt in alts:
            text = text.replace(alt, " ", 1)
        out.append(text)
    return " ".join(out)


# ---- the documented differences -------------------------------------------------------


def _rewritten(docx: Tokens, rewrites: list[Rewrite]) -> Tokens:
    """The DOCX's words with each rewrite applied, in order: each finds what the DOCX says
    after the previous one, so a block the DOCX says elsewhere (or not at all) fails."""
    out, at = [], 0
    for was, now in rewrites:
        start = next((i for i in range(at, len(docx) - len(was) + 1)
                      if docx[i : i + len(was)] == was), -1)  # fmt: skip
        assert start >= 0, f"the DOCX does not say {' '.join(was)!r} after word {at}"
        out += docx[at:start] + now
        at = start + len(was)
    return out + docx[at:]


def _rewrites(doc: n.Document, fmt: str) -> Iterator[Rewrite]:
    """How `fmt` says each block the DOCX says another way (the module's docstring)."""
    tiles_and_list = fmt in ("pdf", "html")
    for block in doc.blocks:
        if isinstance(block, n.ThreatPanel) and block.scale and fmt != "mail-html":
            yield _scale(block.scale, fmt)
        elif isinstance(block, n.StatGrid):
            yield from (_tiles(block) if tiles_and_list else _stat_tables(block, fmt))
        elif isinstance(block, n.Links) and fmt != "mail-html":
            yield _link_list(block) if tiles_and_list else _link_table(block, block.headers[:2])
        elif isinstance(block, n.Image) and fmt == "plain":
            assert block.caption, "an image is found by its caption"
            yield tokens(block.caption), tokens(block.stand_in, block.caption)


def _scale(steps: tuple[n.ThreatScaleStep, ...], fmt: str) -> Rewrite:
    row_by_row = tokens(*(s.marker for s in steps), *(s.name for s in steps),
                        *(s.meaning for s in steps))  # fmt: skip
    if fmt == "plain":
        return row_by_row, tokens(*(f"{s.name} {s.meaning} {s.marker}" for s in steps))
    return row_by_row, tokens(*(f"{s.marker} {s.name} {s.meaning}" for s in steps))


def _stat_tables(grid: n.StatGrid, fmt: str) -> Iterator[Rewrite]:
    """The DOCX's tables: said alike by the mail HTML; the plain text titles the chart's."""
    tiles = tokens(*grid.headers, *(f"{t.value} {t.label} {t.source} {t.as_of}"
                                    for t in grid.tiles))  # fmt: skip
    yield tiles, tiles
    if grid.chart and grid.chart.bars:
        bars = tokens(*grid.headers[:2], *(f"{b.shown} {b.label}" for b in grid.chart.bars))
        yield bars, (tokens(grid.chart.title) if fmt == "plain" else []) + bars


def _tiles(grid: n.StatGrid) -> Iterator[Rewrite]:
    """The PDF's and the web page's tiles, then the chart's words as it draws them."""
    tables = [docx for docx, _same in _stat_tables(grid, "docx")]
    yield tables[0], tokens(*(f"{t.value} {t.label} {t.source_line}" for t in grid.tiles))
    if grid.chart and grid.chart.bars:
        yield (
            tables[1],
            tokens(grid.chart.title, *(f"{b.label} {b.shown}" for b in grid.chart.bars)),
        )


def _link_table(links: n.Links, headers: tuple[str, ...]) -> Rewrite:
    """The DOCX's table (`headers` as the format heads it): name and note, then address
    and phone."""
    docx = tokens(*links.headers, *(_entry(e, note_first=True) for e in links.entries))
    return docx, tokens(*headers, *(_entry(e, note_first=True) for e in links.entries))


def _link_list(links: n.Links) -> Rewrite:
    """The PDF's and the web page's list: name, address, phone, then the note."""
    docx, _table = _link_table(links, links.headers)
    return docx, tokens(*(_entry(e, note_first=False) for e in links.entries))


def _entry(entry: n.LinkEntry, *, note_first: bool) -> str:
    reach = [entry.shown_url or entry.url, n.plain_text(entry.phone_line)]
    words = [entry.label, entry.note, *reach] if note_first else [entry.label, *reach, entry.note]
    return " ".join(words)
