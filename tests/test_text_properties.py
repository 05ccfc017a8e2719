"""Property tests: any text in any field renders to PDF and DOCX with every character kept.

Each example fills one text field of one section kind (or of the meta) with
generated text, renders a one-section pack to both formats and reads the text
back. Every character the tree holds for that field that a font can draw (and
that is no control character) must appear in the output, in order.

CI runs ~1,200 examples in all. The long run is one command:

    BRIEFPACK_PROPERTY_EXAMPLES=20000 pytest -p no:cacheprovider tests/test_text_properties.py
"""

from __future__ import annotations

import io
import os
import re
import struct
import unicodedata
import zlib
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from packs import pack_data
from pypdf import PdfReader
from readback import docx_text, pdf_text

from briefpack.document import nodes as n
from briefpack.document.checks import check_pack
from briefpack.document.compose import compose
from briefpack.document.markdown import parse_blocks
from briefpack.document.placeholders import has_placeholders
from briefpack.document.textclean import clean_text, unsafe_characters
from briefpack.model.brand import find_brand
from briefpack.model.pack import Pack
from briefpack.model.packfile import pack_from_data
from briefpack.render import render
from briefpack.render.coverage import drawable, missing_glyphs
from briefpack.render.pdf.fonts import fonts_for

LONG_RUN = int(os.environ.get("BRIEFPACK_PROPERTY_EXAMPLES", "0"))
settings.register_profile(
    "briefpack",
    deadline=None,
    derandomize=not LONG_RUN,  # CI is repeatable; the long run explores
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    print_blob=True,
)
settings.load_profile("briefpack")
QUICK_RENDER_EXAMPLES = 100  # about 5 s, in every run
RENDER_EXAMPLES = LONG_RUN or 1000  # about 50 s: marked slow
TREE_EXAMPLES = LONG_RUN or 200
TODAY = date(2016, 8, 1)
SURROGATE = re.compile("[\ud800-\udfff]")

# Text that has broken renderers: markup reportlab would parse, XML-illegal
# characters, glyphs no font has, breaks of every kind.
SPECIAL = [
    "R&D", "a<b", "<b>bold</b>", '<img src="/etc/passwd"/>', '<a href="javascript:alert(1)">x</a>',
    "<font color=red>", "&amp;", "&#65;", "&lt;", "<br/>", "</para>", '"', "'", "\\",
    "\x00", "\x07", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\x9f", "\ud800", "\udfff",
    "\ufffe", "\uffff", "\r\n", "\r", "\n", "\n\n", "\t", "\u2028", "\u2029", "\xa0", "\xad",
    "\u200b", "\ufeff", "😀", "漢字", "é", "£€", "◆•", "—", "“”", "עברית", "العربية",
]  # fmt: skip
TEXT = st.lists(
    st.one_of(st.characters(), st.sampled_from(SPECIAL), st.text(max_size=8)), max_size=14
).map("".join)
# Placeholder syntax is a separate feature with its own errors.
TEXT = TEXT.filter(lambda t: not has_placeholders(t))


@dataclass(frozen=True)
class Field:
    """One text field: where it sits in a pack, and whether it is Markdown."""

    kind: str  # section kind, or "meta"
    path: tuple[str | int, ...]  # inside the section (or meta)
    markdown: bool = False
    inline: bool = False  # Markdown parsed as one line (section titles)
    in_pdf_text: bool = True  # printed or in the PDF's metadata
    in_docx_text: bool = True  # in the body or properties (not: alt text only)

    @property
    def name(self) -> str:
        return f"{self.kind}." + ".".join(str(p) for p in self.path)


BASE_SECTIONS = {
    "text": {"kind": "text", "title": "T", "body": "B"},
    "threat_level": {"kind": "threat_level", "title": "T", "note": "N"},
    "callout": {"kind": "callout", "title": "T", "body": "B"},
    "quote": {"kind": "quote", "body": "B", "speaker": "S", "role": "R"},
    "statistics": {
        "kind": "statistics",
        "title": "T",
        "items": [{"value": "1", "label": "L", "source": "S"}],
        "chart": True,
    },
    "links": {
        "kind": "links",
        "title": "T",
        "items": [{"label": "L", "url": "https://x.org", "phone": "1", "note": "N"}],
    },
    "image": {"kind": "image", "path": "pic.png", "alt": "A", "caption": "C"},
}
FIELDS = [
    Field("meta", ("title",)),
    Field("meta", ("subtitle",)),
    Field("meta", ("author",)),
    # The default brand prints its own footer and the subtitle wins the subject:
    # the audience is only rendered, not shown.
    Field("meta", ("audience",), in_pdf_text=False, in_docx_text=False),
    Field("text", ("title",), markdown=True, inline=True),
    Field("text", ("body",), markdown=True),
    Field("threat_level", ("title",)),
    Field("threat_level", ("note",), markdown=True),
    Field("callout", ("title",)),
    Field("callout", ("body",), markdown=True),
    Field("quote", ("body",), markdown=True),
    Field("quote", ("speaker",)),
    Field("quote", ("role",)),
    Field("statistics", ("title",), markdown=True, inline=True),
    Field("statistics", ("items", 0, "value")),
    Field("statistics", ("items", 0, "label")),
    Field("statistics", ("items", 0, "source")),
    Field("links", ("title",), markdown=True, inline=True),
    Field("links", ("items", 0, "label")),
    Field("links", ("items", 0, "phone")),
    Field("links", ("items", 0, "note")),
    Field("image", ("alt",), in_docx_text=False),
    Field("image", ("caption",)),
]


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """A folder with the small picture the image section shows."""
    path = tmp_path_factory.mktemp("props")
    (path / "pic.png").write_bytes(_png())
    return path


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\x00" + b"\x80\x20\x20" * 4 for _ in range(4)))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def pack_with(field: Field, text: str) -> dict:
    if field.kind == "meta":
        return pack_data(BASE_SECTIONS["text"], **{field.path[0]: text})
    section = _deep_copy(BASE_SECTIONS[field.kind])
    target = section
    for step in field.path[:-1]:
        target = target[step]
    target[field.path[-1]] = text
    return pack_data(section)


def _deep_copy(value):
    if isinstance(value, dict):
        return {k: _deep_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_deep_copy(v) for v in value]
    return value


def make_pack(field: Field, text: str) -> Pack:
    """The pack as loading gives it; lone surrogates (no JSON file can hold them,
    the editor's strings can) go in through the model's own validation."""
    data = pack_with(field, text)
    if SURROGATE.search(text):
        return Pack.model_validate(data)
    return pack_from_data(data)


def tree_text(field: Field, text: str) -> str:
    """What the document tree holds for the field: Markdown parsed, controls removed."""
    cleaned = clean_text(text)
    if not field.markdown:
        return cleaned
    blocks = parse_blocks(cleaned)
    return "".join(_words(b) for b in blocks)


def _words(block: n.Block) -> str:
    if isinstance(block, n.Paragraph | n.Heading):
        return n.plain_text(block.inlines)
    if isinstance(block, n.ListBlock):
        return "".join(_words(b) for item in block.items for b in item.blocks)
    return ""


@cache
def _fonts():
    return fonts_for(find_brand("default"))


def expected_in_pdf(text: str) -> str:
    """Characters the PDF must show: drawable, visible, and in the BMP.

    Format characters (soft hyphen, zero-width space) print nothing by design.
    Outside the BMP reportlab writes a ToUnicode entry pypdf cannot read, so
    such a glyph is drawn but cannot be read back (coverage lists none of them).
    """
    fonts = _fonts()
    return "".join(
        c
        for c in text
        if not c.isspace()
        and unicodedata.category(c) != "Cf"
        and ord(c) < 0x10000
        and drawable(c, fonts)
    )


def pypdf_keeps_order(text: str) -> bool:
    """False for text pypdf reorders on extraction although the PDF draws it in order
    (pdftotext reads it back right): right-to-left letters, whose neighbours pypdf
    moves about, and U+FEFF. Such text is checked for its characters, not their order."""
    return "\ufeff" not in text and not any(
        unicodedata.bidirectional(c) in ("R", "AL") for c in text
    )


def expected_in_docx(text: str) -> str:
    return "".join(c for c in text if not c.isspace())


def in_order(needle: str, haystack: str) -> bool:
    """Every character of needle occurs in haystack, in the same order."""
    chars = iter(haystack)
    return all(c in chars for c in needle)


def assert_in_order(needle: str, haystack: str, what: str) -> None:
    if not in_order(needle, haystack):
        pos = next(i for i in range(len(needle) + 1) if not in_order(needle[:i], haystack))
        missing = needle[pos - 1]
        raise AssertionError(
            f"{what}: U+{ord(missing):04X} ({missing!r}) of {needle!r} not found in order in "
            f"{haystack[:400]!r}"
        )


def pdf_all_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    meta = reader.metadata or {}
    words = [pdf_text(data), *(str(meta.get(k, "")) for k in ("/Title", "/Subject", "/Author"))]
    return " ".join(words)


def docx_all_text(data: bytes) -> str:
    props = docx.Document(io.BytesIO(data)).core_properties
    return " ".join([docx_text(data), props.title, props.subject, props.author])


def any_text_in_any_field_renders_to_both_formats(folder, field: Field, text: str):
    pack = make_pack(field, text)
    doc = compose(pack, folder, today=TODAY)
    held = tree_text(field, text)

    pdf = render(doc, "pdf", invariant=True)
    shown = "".join(pdf_all_text(pdf).split())
    if field.in_pdf_text:
        expected = expected_in_pdf(held)
        if pypdf_keeps_order(held):
            assert_in_order(expected, shown, f"{field.name} in PDF")
        assert set(expected) <= set(shown), f"{field.name} in PDF: {set(expected) - set(shown)}"

    word = render(doc, "docx")
    written = "".join(docx_all_text(word).split())
    if field.in_docx_text:
        assert_in_order(expected_in_docx(held), written, f"{field.name} in DOCX")


# The same property twice: a short run in every test run, the long one with the slow tests.
any_field_text = given(field=st.sampled_from(FIELDS), text=TEXT)
test_any_text_in_any_field_renders_to_both_formats = settings(max_examples=QUICK_RENDER_EXAMPLES)(
    any_field_text(any_text_in_any_field_renders_to_both_formats)
)
test_any_text_in_any_field_renders_to_both_formats_at_length = pytest.mark.slow(
    settings(max_examples=RENDER_EXAMPLES)(
        any_field_text(any_text_in_any_field_renders_to_both_formats)
    )
)


@settings(max_examples=TREE_EXAMPLES)
@given(field=st.sampled_from(FIELDS), text=TEXT)
def test_removed_and_undrawable_characters_are_reported(field: Field, text: str):
    """Never silently lost: each character is drawn, or a finding names field and character."""
    pack = make_pack(field, text)
    where = (
        "meta." + field.path[0]
        if field.kind == "meta"
        else "sections[0]."
        + ".".join(f"{p}" if isinstance(p, str) else f"[{p}]" for p in field.path).replace(
            ".[", "["
        )
    )
    messages = " ".join(f.message for f in check_pack(pack, ".", TODAY) if f.where == where)
    for char in unsafe_characters(text):
        assert f"U+{ord(char):04X}" in messages, f"{char!r} in {where} not reported"
    glyphs = dict(missing_glyphs(pack))
    fonts = _fonts()
    for char in clean_text(text):
        if not char.isspace() and not drawable(char, fonts):
            assert char in glyphs.get(where, ""), f"{char!r} in {where} not listed"


MARKDOWN_NEUTRAL = st.text(
    st.characters(
        blacklist_categories=("Cs", "Cc", "Zl", "Zp"),
        blacklist_characters="\\`*_[]<>#&!~-+=.)|{}:",
    ),
    max_size=60,
)


@settings(max_examples=TREE_EXAMPLES)
@given(text=MARKDOWN_NEUTRAL)
def test_markdown_neutral_text_reaches_the_tree_unchanged(text: str):
    """Without Markdown syntax a body's tree text is the input itself (whitespace aside)."""
    held = tree_text(Field("text", ("body",), markdown=True), text)
    assert "".join(held.split()) == "".join(clean_text(text).split())
