"""Which characters of a pack no bundled font can draw, listed before export.

reportlab prints a character that neither the brand's fonts nor the fallback
hold as an empty box, with no error. The fonts' own cmaps (as reportlab loads
them, no extra dependency) say which those are, so the officer is told before
the handout goes out. Callers combine this with `check_pack`; see
`glyph_findings`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

from briefpack.document.findings import Finding
from briefpack.document.nodes import Document
from briefpack.document.textclean import UNSAFE, text_fields
from briefpack.model.brand import Brand, find_brand
from briefpack.model.pack import Pack
from briefpack.render.pdf.fonts import PdfFonts, fonts_for

__all__ = ["drawable", "glyph_findings", "missing_glyphs"]

SHOWN_CHARACTERS = 8


def missing_glyphs(
    pack_or_doc: Pack | Document, brand: Brand | None = None
) -> list[tuple[str, str]]:
    """(where, characters) for each text field holding characters no font of `brand` draws.

    `brand` defaults to the pack's own brand (or the document's). `where` is a
    pack path such as "sections[2].body" (for a Document, a path into the tree);
    `characters` lists the distinct missing characters in order of appearance.
    Whitespace, and characters the renderers remove anyway (controls), are not listed.
    """
    if brand is None:
        brand = pack_or_doc.brand if isinstance(pack_or_doc, Document) else _pack_brand(pack_or_doc)
    fonts = fonts_for(brand)
    if isinstance(pack_or_doc, Document):
        fields = _tree_fields(pack_or_doc.blocks, "blocks")
    else:
        fields = ((where, text) for _i, where, text in text_fields(pack_or_doc))
    out = []
    for where, text in fields:
        missing = _missing(text, fonts)
        if missing:
            out.append((where, missing))
    return out


def glyph_findings(pack: Pack, brand: Brand | None = None) -> list[Finding]:
    """missing_glyphs as check findings (warnings), ready to list beside check_pack's."""
    sections = {where: i for i, where, _text in text_fields(pack)}
    return [
        Finding(sections.get(where), where, "warning", _message(chars))
        for where, chars in missing_glyphs(pack, brand)
    ]


def _message(chars: str) -> str:
    shown = ", ".join(f"{c} (U+{ord(c):04X})" for c in chars[:SHOWN_CHARACTERS])
    more = f" and {len(chars) - SHOWN_CHARACTERS} more" if len(chars) > SHOWN_CHARACTERS else ""
    plural = "characters" if len(chars) > 1 else "character"
    return f"no bundled font has the {plural} {shown}{more}: the PDF will show an empty box"


def _pack_brand(pack: Pack) -> Brand:
    return find_brand(pack.meta.brand)


def _missing(text: str, fonts: PdfFonts) -> str:
    """The characters of `text` neither the brand's fonts nor the fallback draw, in order."""
    odd = {
        c for c in set(text) if not drawable(c, fonts) and not c.isspace() and not UNSAFE.match(c)
    }
    return "".join(dict.fromkeys(c for c in text if c in odd)) if odd else ""


def drawable(char: str, fonts: PdfFonts) -> bool:
    """True when the brand's fonts (every style) or the fallback font hold `char`."""
    code = ord(char)
    return code in fonts.covered or code in fonts.fallback_covered


def _tree_fields(node: Any, at: str) -> Iterator[tuple[str, str]]:
    """(path, text) for every string in a document tree."""
    if isinstance(node, str):
        yield at, node
    elif isinstance(node, tuple):
        for i, item in enumerate(node):
            yield from _tree_fields(item, f"{at}[{i}]")
    elif dataclasses.is_dataclass(node) and not isinstance(node, type):
        for field in dataclasses.fields(node):
            yield from _tree_fields(getattr(node, field.name), f"{at}.{field.name}")
