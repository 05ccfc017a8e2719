"""Every PDF briefpack writes is a tagged PDF/UA-1 document (issue 13).

Checked three ways: the pdfua package finds nothing; our own walk (test_pdf_tags_audit.py)
finds nothing; `pdfinfo -struct-text` gives the example's text in the pack's order (golden
files in tests/golden/struct-text/, rewritten with UPDATE_GOLDEN=1 and then read).

render_pdf(..., tagged=False) exists only so that bench/render.py can measure what tagging
costs: the same pages (content, pixels, text) with no structure at all.
"""

from __future__ import annotations

import io
import os
import shutil
import struct
import subprocess
import zlib
from datetime import date
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from packs import EXAMPLE, ROOT, pack_data
from pdfua import validate
from test_pdf_tags_audit import audit, structure_tree

from briefpack.document.compose import compose
from briefpack.document.nodes import Document
from briefpack.model.packfile import load_pack, pack_from_data
from briefpack.model.templates import template_to_pack
from briefpack.render import render
from briefpack.render.pdf.writer import render_pdf

TODAY = date(2016, 8, 1)
GOLDEN = Path(__file__).parent / "golden" / "struct-text"
TEMPLATES = sorted((ROOT / "templates").glob("*.bpack"))

EVERY_KIND = [
    {"kind": "text", "title": "Text", "body": (
        "Intro with [a link](https://www.gov.uk/act).\n\n### Deep heading\n\n"
        "- one\n  - nested\n- two\n\n1. first\n2. second"
    )},
    {"kind": "threat_level", "title": "Threat", "note": "A note."},
    {"kind": "callout", "title": "Report it", "body": "Call **0800 789 321**."},
    {"kind": "quote", "body": "Communities defeat terrorism.", "speaker": "S", "role": "R"},
    {"kind": "statistics", "title": "Figures", "chart": True, "items": [
        {"value": "3,629", "label": "Contributions a day", "source": "Met · 1 August 2016"},
        {"value": "317", "label": "Attacks", "source": "Press"},
        {"value": "120", "label": "In Europe"},
    ]},
    {"kind": "links", "title": "Links", "qr": True, "items": [
        {"label": "ACT", "url": "https://www.gov.uk/ACT", "phone": "0800 789 321", "note": "N",
         "qr": True},
    ]},
    {"kind": "image", "path": "pic.png", "alt": "A small square", "caption": "A caption"},
]  # fmt: skip


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\0" + b"\x20\x40\x80" * 8 for _ in range(8)))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def example_doc() -> Document:
    return compose(load_pack(EXAMPLE), EXAMPLE.parent, today=TODAY)


def example_pdf() -> bytes:
    return render(example_doc(), "pdf", invariant=True)


def template_pdf(path: Path) -> bytes:
    pack = template_to_pack(load_pack(path), today=TODAY)
    return render(compose(pack, path.parent, today=TODAY), "pdf", invariant=True)


def pack_doc(folder: Path, *sections: dict, **meta) -> Document:
    (folder / "pic.png").write_bytes(_png())
    return compose(pack_from_data(pack_data(*sections, **meta)), folder, today=TODAY)


def pack_pdf(folder: Path, *sections: dict, **meta) -> bytes:
    return render(pack_doc(folder, *sections, **meta), "pdf", invariant=True)


@pytest.fixture(scope="module")
def example() -> bytes:
    return example_pdf()


@pytest.fixture(scope="module")
def every_kind(tmp_path_factory) -> bytes:
    return pack_pdf(tmp_path_factory.mktemp("kinds"), *EVERY_KIND)


def _cases(example: bytes, every_kind: bytes) -> dict[str, bytes]:
    cases = {"example": example, "every kind": every_kind}
    cases.update({path.stem: template_pdf(path) for path in TEMPLATES})
    return cases


# ---- pdfua and our own walk ----------------------------------------------------------


def test_templates_are_there():
    assert len(TEMPLATES) >= 3


def test_pdfua_finds_nothing(example, every_kind, tmp_path):
    for name, pdf in _cases(example, every_kind).items():
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(pdf)
        report = validate(str(path))
        findings = [f"{f.rule_id}: {f.message}" for f in report.findings]
        skipped = [f"{o.rule_id}: {o.skipped_reason}" for o in report.outcomes if o.skipped_reason]
        assert findings == [], name
        assert skipped == [], name  # a rule that could not look is no pass


def test_our_walk_finds_nothing(example, every_kind):
    for name, pdf in _cases(example, every_kind).items():
        assert audit(pdf) == [], name


def test_no_marking_means_no_marking_paragraph(tmp_path):
    pdf = pack_pdf(tmp_path, EVERY_KIND[0], marking="")
    assert audit(pdf) == []
    assert _roles(pdf)[:3] == ["Document", "H1", "P"]  # the title, then the subtitle


def test_byte_reproducible(example):
    assert example_pdf() == example  # invariant=True: the tree's names and numbers too


# ---- tagged=False: the same pages without the structure (for bench/render.py) -----------

MARKED_CONTENT = {"BDC", "BMC", "EMC", "DP", "MP"}


@pytest.fixture(scope="module")
def untagged_pairs(example, every_kind, tmp_path_factory) -> dict[str, tuple[bytes, bytes]]:
    """(tagged, untagged) for the example and the every-kind pack."""
    kinds = pack_doc(tmp_path_factory.mktemp("kinds-untagged"), *EVERY_KIND)
    return {
        "example": (example, render_pdf(example_doc(), invariant=True, tagged=False)),
        "every kind": (every_kind, render_pdf(kinds, invariant=True, tagged=False)),
    }


def test_tagged_is_the_default(example):
    assert render_pdf(example_doc(), invariant=True) == example


def test_untagged_has_no_structure(untagged_pairs):
    for name, (_, pdf) in untagged_pairs.items():
        with pikepdf.open(io.BytesIO(pdf)) as doc:
            root = doc.Root
            for key in ("/StructTreeRoot", "/MarkInfo", "/Metadata"):  # Metadata: PDF/UA claim
                assert key not in root, (name, key)
            assert str(root.Lang) == "en-GB", name  # the language is not tagging
            for page in doc.pages:
                assert "/StructParents" not in page.obj and "/Tabs" not in page.obj, name
                for annot in page.obj.get("/Annots", []):
                    assert "/StructParent" not in annot, name
                ops = {str(o.operator) for o in pikepdf.parse_content_stream(page)}
                assert not ops & MARKED_CONTENT, (name, ops & MARKED_CONTENT)
        assert any("Tj outside marked content" in p for p in audit(pdf)), name  # walk sees it


def _drawing(pdf: bytes) -> list[list[tuple]]:
    """Each page's content stream without its marked-content operators."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        return [
            [
                (str(o.operator), [repr(x) for x in o.operands])
                for o in pikepdf.parse_content_stream(page)
                if str(o.operator) not in MARKED_CONTENT
            ]
            for page in doc.pages
        ]


def _pages(pdf: bytes) -> list[tuple[bytes, str]]:
    """Each page's pixels (100 dpi) and text, as pdfium sees them."""
    doc = pdfium.PdfDocument(pdf)
    try:
        out = []
        for page in doc:
            pixels = page.render(scale=100 / 72).to_pil().convert("RGB").tobytes()
            out.append((pixels, page.get_textpage().get_text_range()))
        return out
    finally:
        doc.close()


def test_untagged_draws_the_same_pages(untagged_pairs):
    for name, (tagged, untagged) in untagged_pairs.items():
        assert _drawing(untagged) == _drawing(tagged), name
        pages_tagged, pages_untagged = _pages(tagged), _pages(untagged)
        assert len(pages_untagged) == len(pages_tagged), name
        for i, (a, b) in enumerate(zip(pages_tagged, pages_untagged, strict=True), 1):
            assert a[1] == b[1], f"{name}: page {i} text differs"
            assert a[0] == b[0], f"{name}: page {i} pixels differ"


# ---- the structure -------------------------------------------------------------------


def _roles(pdf: bytes) -> list[str]:
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        pages = {page.obj.objgen: i for i, page in enumerate(doc.pages)}
        return structure_tree(doc, pages).roles


_OPEN: list[pikepdf.Pdf] = []  # files whose elements a test still reads


def _elements(pdf: bytes, role: str) -> list[pikepdf.Dictionary]:
    """Elements of a role, in reading order (the file is kept open for the caller)."""
    doc = pikepdf.open(io.BytesIO(pdf))
    _OPEN.append(doc)
    out: list = []

    def walk(node):
        if not isinstance(node, pikepdf.Dictionary) or "/S" not in node:
            return
        if str(node.S) == "/" + role:
            out.append(node)
        kids = node.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            walk(kid)

    walk(doc.Root.StructTreeRoot.K)
    return out


def test_marking_then_title_open_the_tree(every_kind):
    roles = _roles(every_kind)
    assert roles[:3] == ["Document", "P", "H1"]


def test_every_kind_has_its_structure(every_kind):
    roles = _roles(every_kind)
    for role in ("H2", "H3", "L", "LI", "Lbl", "LBody", "Sect", "BlockQuote", "Table", "TR",
                 "TH", "TD", "Caption", "Figure", "Link"):  # fmt: skip
        assert role in roles, role
    assert "H4" not in roles  # "### Deep heading" under a section title is an H3


def test_nested_list_sits_in_its_item(every_kind):
    nested = [
        body for body in _elements(every_kind, "LBody")
        if any(isinstance(k, pikepdf.Dictionary) and k.get("/S") == pikepdf.Name.L
               for k in (body.K if isinstance(body.K, pikepdf.Array) else [body.K]))
    ]  # fmt: skip
    assert nested


def test_figures_say_what_they_show(every_kind):
    alts = [str(f.Alt) for f in _elements(every_kind, "Figure")]
    assert "A small square" in alts
    assert any(a.startswith("Bar chart: Figures.") for a in alts)
    assert any("gov.uk/ACT" in a for a in alts), alts  # the QR code names its address


def test_statistics_table_has_its_header_row(every_kind):
    headers = [str(h.get("/ActualText", "")) for h in _elements(every_kind, "TH")
               if str(h.A.Scope) == "/Column"]  # fmt: skip
    assert headers[:4] == ["Figure", "What it counts", "Source", "As of"]
    assert any(str(h.A.Scope) == "/Row" for h in _elements(every_kind, "TH"))  # chart rows


def test_link_annotation_says_where_it_goes(every_kind):
    with pikepdf.open(io.BytesIO(every_kind)) as doc:
        contents = [str(a.Contents) for p in doc.pages for a in p.obj.get("/Annots", [])]
    assert "a link (https://www.gov.uk/act)" in contents


def test_paragraph_over_a_page_break_is_one_element(tmp_path):
    words = "Protective security depends on people who notice and report. " * 30
    body = "\n\n".join(words for _ in range(8))
    pdf = pack_pdf(tmp_path, {"kind": "text", "title": "Long", "body": body})
    split = [
        p for p in _elements(pdf, "P")
        if isinstance(p.K, pikepdf.Array)
        and any(isinstance(k, pikepdf.Dictionary) and k.get("/Type") == pikepdf.Name.MCR
                for k in p.K)
    ]  # fmt: skip
    assert split, "no paragraph crossed a page as one element"
    assert audit(pdf) == []


# ---- reading order: pdfinfo -struct-text ------------------------------------------------


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils not installed")
def test_struct_text_matches_golden(example, tmp_path):
    path = tmp_path / "example.pdf"
    path.write_bytes(example)
    text = subprocess.run(
        ["pdfinfo", "-struct-text", str(path)], capture_output=True, text=True, check=True
    ).stdout
    golden = GOLDEN / "example.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
        pytest.skip("struct-text golden rewritten")
    assert text == golden.read_text(encoding="utf-8")
