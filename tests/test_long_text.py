"""Long text: a 1 MB paragraph renders quickly, and no field is too tall for a page."""

from __future__ import annotations

import random
import re
import struct
import zlib
from datetime import date

import pytest
from packs import pack_data
from readback import docx_text, pdf_page_texts

from briefpack.document import nodes as n
from briefpack.document.compose import compose
from briefpack.model.packfile import pack_from_data
from briefpack.render import render
from briefpack.render.pdf.long_text import CHUNK_CHARS, cut_text, split_inlines

TODAY = date(2016, 8, 1)
WORDS = ("alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "R&D", "a<b")
FURNITURE = re.compile(r"^.*? Page \d+ of \d+ ?")  # band, footer, marking, page number


def prose(chars: int, seed: int = 1) -> str:
    """Words and sentences, no blank line: one paragraph of about `chars` characters."""
    rng = random.Random(seed)
    out, size = [], 0
    while size < chars:
        word = rng.choice(WORDS) + (". " if rng.random() < 0.08 else " ")
        out.append(word)
        size += len(word)
    return "".join(out).strip()


def squeeze(text: str) -> str:
    return "".join(text.split())


def pdf_body(data: bytes) -> str:
    """The PDF's text without the page furniture, page after page."""
    return squeeze(" ".join(FURNITURE.sub("", page, count=1) for page in pdf_page_texts(data)))


# ---- splitting ------------------------------------------------------------------


def test_cut_text_keeps_every_character_and_prefers_sentence_ends():
    text = prose(20_000, seed=2)
    parts = cut_text(text, CHUNK_CHARS)
    assert "".join(parts) == text
    assert all(len(p) <= CHUNK_CHARS for p in parts)
    assert len(parts) >= 10
    # With a sentence end every ~70 characters, every cut but the last follows one.
    assert all(re.search(r"[.!?]\s+$", p) for p in parts[:-1])


def test_cut_text_without_spaces_cuts_hard():
    text = "x" * 5000
    assert cut_text(text, 2000) == ["x" * 2000, "x" * 2000, "x" * 1000]


def test_split_inlines_keeps_styles_links_and_order():
    long = prose(9000)
    inlines = (
        n.Text("start "),
        n.Text(long, bold=True),
        n.Link("https://example.org", (n.Text(long),)),
        n.LineBreak(),
        n.Text(" end", italic=True),
    )
    chunks = split_inlines(inlines, 2000)
    assert len(chunks) > 8
    flat = [node for chunk in chunks for node in chunk]
    assert n.plain_text(tuple(flat)).replace("\n", "") == n.plain_text(inlines).replace("\n", "")
    assert all(sum(len(n.plain_text((x,))) for x in chunk) <= 2000 for chunk in chunks)
    links = [x for x in flat if isinstance(x, n.Link)]
    assert links and all(link.url == "https://example.org" for link in links)
    assert any(isinstance(x, n.Text) and x.bold for x in flat)


def test_short_paragraph_is_not_split():
    inlines = (n.Text("short"),)
    assert split_inlines(inlines) == [inlines]


# ---- a megabyte (a quarter of one in the default run) ---------------------------------


@pytest.fixture(scope="module", params=[250_000, pytest.param(1_000_000, marks=pytest.mark.slow)])
def long_doc(request):
    body = prose(request.param)
    pack = pack_from_data(pack_data({"kind": "text", "title": "Long", "body": body}))
    return body, compose(pack, ".", today=TODAY)


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_a_very_long_paragraph_renders_with_its_text_intact(long_doc, fmt):
    # How long it takes is measured by bench/longtext.py, not here: shared machines are noisy.
    body, doc = long_doc
    data = render(doc, fmt, invariant=True)
    text = pdf_body(data) if fmt == "pdf" else squeeze(docx_text(data))
    expected = squeeze(body)
    assert expected in text
    if fmt == "pdf":  # reading order: the body is all of the pages' text, title aside
        assert text.endswith(expected)


# ---- fields taller than a page ------------------------------------------------------

HUGE = prose(40_000, seed=3)  # about 6,000 words: several pages even at full width


def _png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\x00" + b"\x80" * width for _ in range(height)))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


TALL_FIELDS = {
    "text body": {"kind": "text", "title": "T", "body": HUGE},
    "text title": {"kind": "text", "title": HUGE, "body": "B"},
    "threat note": {"kind": "threat_level", "note": HUGE},
    "callout body": {"kind": "callout", "title": "T", "body": HUGE},
    "callout title": {"kind": "callout", "title": HUGE, "body": "B"},
    "quote body": {"kind": "quote", "body": HUGE, "speaker": "S"},
    "quote speaker": {"kind": "quote", "body": "B", "speaker": HUGE},
    "statistic label": {"kind": "statistics", "items": [{"value": "1", "label": HUGE}]},
    "statistic value": {"kind": "statistics", "items": [{"value": HUGE, "label": "L"}]},
    "statistic source": {
        "kind": "statistics",
        "items": [{"value": "1", "label": "L", "source": HUGE}, {"value": "2", "label": "M"}],
    },
    "link label": {"kind": "links", "items": [{"label": HUGE}]},
    "link note": {
        "kind": "links",
        "items": [{"label": "L", "url": "https://x.org", "note": HUGE}],
        "qr": True,
    },
    "link phone": {"kind": "links", "items": [{"label": "L", "phone": HUGE}]},
    "image caption": {"kind": "image", "path": "wide.png", "alt": "A", "caption": HUGE},
    "image alt": {"kind": "image", "path": "wide.png", "alt": HUGE},
}


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
@pytest.mark.parametrize("name", list(TALL_FIELDS))
def test_a_field_taller_than_a_page_renders(tmp_path, name, fmt):
    (tmp_path / "wide.png").write_bytes(_png(40, 20))
    pack = pack_from_data(pack_data(TALL_FIELDS[name]))
    data = render(compose(pack, tmp_path, today=TODAY), fmt, invariant=True)
    text = pdf_body(data) if fmt == "pdf" else squeeze(docx_text(data))
    if not (fmt == "docx" and name == "image alt"):  # DOCX keeps alt text on the picture
        # In order, not contiguous: a tile row split across pages reads tile by tile.
        assert in_order(squeeze(HUGE), text)


def in_order(needle: str, haystack: str) -> bool:
    chars = iter(haystack)
    return all(c in chars for c in needle)


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
@pytest.mark.parametrize("meta", ["title", "subtitle", "author"])
def test_a_huge_meta_field_renders(meta, fmt):
    pack = pack_from_data(pack_data({"kind": "text", "body": "B"}, **{meta: HUGE}))
    data = render(compose(pack, ".", today=TODAY), fmt, invariant=True)
    text = pdf_body(data) if fmt == "pdf" else squeeze(docx_text(data))
    assert in_order(squeeze(HUGE), text)


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
@pytest.mark.parametrize("size", [(10, 4000), (4000, 10)])
def test_a_very_tall_or_wide_image_is_scaled_to_the_page(tmp_path, size, fmt):
    (tmp_path / "odd.png").write_bytes(_png(*size))
    section = {"kind": "image", "path": "odd.png", "alt": "A", "caption": "Cap", "width_mm": 400}
    pack = pack_from_data(pack_data(section))
    data = render(compose(pack, tmp_path, today=TODAY), fmt, invariant=True)
    assert "Cap" in (pdf_body(data) if fmt == "pdf" else docx_text(data))
