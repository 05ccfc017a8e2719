"""Characters that cannot be printed are reported, never silently lost."""

from __future__ import annotations

import io
import json
from datetime import date

from packs import pack_data
from pypdf import PdfReader
from readback import docx_text, pdf_text

from briefpack.cli import main
from briefpack.document.checks import check_pack
from briefpack.document.compose import compose
from briefpack.document.textclean import clean_text, unsafe_characters
from briefpack.model.brand import find_brand
from briefpack.model.packfile import pack_from_data
from briefpack.render import render
from briefpack.render.coverage import drawable, glyph_findings, missing_glyphs
from briefpack.render.pdf.fonts import fonts_for

TODAY = date(2016, 8, 1)
CJK = "漢字"  # neither Liberation Sans nor DejaVu Sans has CJK ideographs


def test_characters_no_font_has_are_listed_with_their_field():
    pack = pack_from_data(
        pack_data(
            {"kind": "text", "title": "Plain", "body": f"Café ◆ £5 {CJK} again {CJK[0]}"},
            {"kind": "links", "items": [{"label": "ok", "note": "note 🀄"}]},
            title=f"Title {CJK[1]}",
        )
    )
    assert missing_glyphs(pack) == [
        ("meta.title", CJK[1]),
        ("sections[0].body", CJK),
        ("sections[1].items[0].note", "🀄"),
    ]


def test_drawable_text_lists_nothing():
    text = "“Quotes” – dashes — £ € é ◆ • ✓ → Ω"
    fonts = fonts_for(find_brand("default"))
    assert all(drawable(c, fonts) for c in text if not c.isspace())
    assert missing_glyphs(pack_from_data(pack_data({"kind": "text", "body": text}))) == []


def test_missing_glyphs_of_a_document_uses_its_brand():
    pack = pack_from_data(pack_data({"kind": "quote", "body": f"said {CJK}", "speaker": "S"}))
    found = missing_glyphs(compose(pack, ".", today=TODAY))
    assert [chars for _where, chars in found] == [CJK]
    assert found[0][0].startswith("blocks[")


def test_glyph_findings_name_field_section_and_code_point():
    pack = pack_from_data(pack_data({"kind": "text", "body": "ok"}, {"kind": "text", "body": CJK}))
    (finding,) = glyph_findings(pack)
    assert (finding.section, finding.where, finding.severity) == (1, "sections[1].body", "warning")
    assert "U+6F22" in finding.message and "U+5B57" in finding.message


def test_control_characters_are_reported_removed_in_both_formats():
    body = "Bell\x07 and escape\x1b here\ufffe"
    pack = pack_from_data(pack_data({"kind": "callout", "title": "Ti\x00tle", "body": body}))
    messages = {f.where: f.message for f in check_pack(pack, ".", TODAY)}
    assert messages["sections[0].body"] == (
        "control characters U+0007, U+001B will be removed; non-character U+FFFE will be removed"
    )
    assert messages["sections[0].title"] == "control character U+0000 will be removed"
    doc = compose(pack, ".", today=TODAY)
    for text in (pdf_text(render(doc, "pdf")), docx_text(render(doc, "docx"))):
        assert "Bell and escape here" in text and "Title" in text
        assert not unsafe_characters(text)


def test_pasted_word_breaks_become_line_breaks():
    assert (
        clean_text("one\x0btwo\x0cthree\x85four\r\nfive\rsix") == "one\ntwo\nthree\nfour\nfive\nsix"
    )
    pack = pack_from_data(pack_data({"kind": "text", "body": "a\x0bb"}))
    (finding,) = [f for f in check_pack(pack, ".", TODAY) if f.where == "sections[0].body"]
    assert finding.message == "control character U+000B will become a line break"


def test_markup_like_text_prints_literally_everywhere():
    tricky = 'R&D a<b <b>x</b> <img src="/etc/passwd"/> <a href="javascript:alert(1)">y</a> <font>'
    sections = [
        {"kind": "text", "title": tricky, "body": "body"},
        {"kind": "threat_level", "title": tricky},
        {"kind": "callout", "title": tricky, "body": "b"},
        {"kind": "quote", "body": "q", "speaker": tricky, "role": tricky},
        {"kind": "statistics", "items": [{"value": tricky, "label": tricky, "source": tricky}]},
        {"kind": "links", "items": [{"label": tricky, "url": "https://x.org", "note": tricky}]},
    ]
    pack = pack_from_data(pack_data(*sections, title=tricky, subtitle=tricky, author=tricky))
    doc = compose(pack, ".", today=TODAY)
    pdf = render(doc, "pdf", invariant=True)
    text = pdf_text(pdf)
    # 8 fields of sections, plus the title block, byline, and header band
    assert text.count("R&D a<b <b>x</b>") >= 12
    assert "R&D;" not in text and b"/etc/passwd" in pdf  # printed, never opened as an image
    assert b"/URI (javascript" not in pdf and b"javascript:alert" in pdf
    assert "R&D a<b <b>x</b>" in docx_text(render(doc, "docx"))
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata.title == tricky and reader.metadata.author == tricky
    assert _titles(reader.outline)[:2] == [tricky, tricky]  # bookmarks, as typed


def _titles(outline) -> list[str]:
    out = []
    for entry in outline:
        out.extend(_titles(entry) if isinstance(entry, list) else [entry.title])
    return out


def test_validate_prints_control_and_glyph_findings(tmp_path, capsys):
    path = tmp_path / "odd.bpack"
    data = pack_data({"kind": "text", "body": f"bell\x07 {CJK}"})
    path.write_text(json.dumps(data), encoding="utf-8")
    assert main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"{path}: sections[0].body: warning: control character U+0007 will be removed" in out
    assert f"{path}: sections[0].body: warning: no bundled font has the characters" in out
    assert "U+6F22" in out
