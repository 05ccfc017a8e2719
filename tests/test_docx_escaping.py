"""Everything written to a DOCX part is escaped or refused (issue 18, point 7).

A brand's Word font name went raw into theme1.xml: "Gill Sans & Co" gave a DOCX that
LibreOffice cannot load, while export said it was done (verification read only
document.xml); a control character gave an internal error.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace

import pytest
from lxml import etree
from packs import EXAMPLE, pack_data

from briefpack.document.compose import compose
from briefpack.model.brand import Brand
from briefpack.model.errors import PackFormatError, SaveError
from briefpack.model.pack import Pack
from briefpack.model.packfile import load_pack
from briefpack.render.design.typography import word_font_name
from briefpack.render.docx import render_docx
from briefpack.render.docx.ooxml import theme_with_fonts
from briefpack.render.verify import verify_bytes

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
HOSTILE_NAME = "Gill Sans & Co <\"Bold\"> 'n' ]]>"


def brand_with_font(family: str) -> Brand:
    return Brand.model_validate(
        {"id": "colleague", "name": "Colleague", "fonts": {"docx_family": family}}
    )


def docx_for(brand: Brand) -> bytes:
    doc = compose(Pack.model_validate(pack_data({"kind": "text", "body": "Hello"})), ".")
    return render_docx(replace(doc, brand=brand))


def test_font_name_with_markup_characters_is_escaped_everywhere():
    data = docx_for(brand_with_font(HOSTILE_NAME))
    verify_bytes(data, "docx")  # every XML part parses
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        theme = etree.fromstring(archive.read("word/theme/theme1.xml"))
        styles = etree.fromstring(archive.read("word/styles.xml"))
    faces = [el.get("typeface") for slot in ("majorFont", "minorFont")
             for el in theme.iter(f"{A}{slot}") for el in el.iterchildren(f"{A}latin")]  # fmt: skip
    assert faces == [HOSTILE_NAME, HOSTILE_NAME]
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    assert HOSTILE_NAME in {el.get(f"{w}ascii") for el in styles.iter(f"{w}rFonts")}


@pytest.mark.parametrize("family", ["Gill\x07Sans", "Arial\x00", "Ari\ud800al", "  ", "A\x1bB"])
def test_font_name_xml_cannot_hold_is_refused_with_one_line(family: str):
    with pytest.raises(PackFormatError) as caught:
        docx_for(brand_with_font(family))
    message = caught.value.message
    assert "brand 'colleague'" in message and "fonts.docx_family" in message
    assert "\n" not in message and "\x07" not in message and "\x00" not in message


def test_good_font_names_pass_unchanged():
    for family in ("Arial", "Gill Sans MT", "Fira Sans Condensed", "Frutiger 55 Roman"):
        assert word_font_name(brand_with_font(family)) == family


def test_theme_fonts_set_through_the_xml_library():
    blob = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        b'<a:majorFont><a:latin typeface="Cambria"/></a:majorFont>'
        b'<a:minorFont><a:latin typeface="Calibri"/><a:ea typeface=""/></a:minorFont></a:theme>'
    )
    out = theme_with_fonts(blob, "A & B")
    assert b'typeface="A &amp; B"' in out and b"Cambria" not in out and b"Calibri" not in out
    assert etree.fromstring(out).find(f"{A}minorFont/{A}ea").get("typeface") == ""


def _with_part(data: bytes, name: str, replacement: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = replacement if info.filename == name else src.read(info)
            dst.writestr(info, body)
    return out.getvalue()


@pytest.mark.parametrize(
    "part", ["word/theme/theme1.xml", "word/styles.xml", "word/_rels/document.xml.rels"]
)
def test_verification_parses_every_xml_part(part: str):
    good = render_docx(compose(load_pack(EXAMPLE), EXAMPLE.parent))
    verify_bytes(good, "docx")
    broken = _with_part(good, part, b'<a:latin typeface="Gill Sans & Co"/>')
    with pytest.raises(SaveError) as caught:
        verify_bytes(broken, "docx", "handout.docx")
    assert part in caught.value.message and caught.value.message.startswith("handout.docx: ")


def test_verification_still_names_a_broken_main_part():
    good = render_docx(compose(load_pack(EXAMPLE), EXAMPLE.parent))
    broken = _with_part(good, "word/document.xml", b"<w:document")
    with pytest.raises(SaveError, match="main text part does not parse"):
        verify_bytes(broken, "docx")
