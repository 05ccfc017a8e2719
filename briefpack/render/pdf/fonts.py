"""Brand fonts for the PDF: registered once per process, with a fallback for odd glyphs.

reportlab has no automatic font fallback, so characters the brand font lacks
(◆, ✓, arrows …) are wrapped in the fallback font here, using the fonts' own
cmaps as loaded by reportlab (no extra dependency).
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from briefpack.model.brand import Brand
from briefpack.model.errors import BriefpackError
from briefpack.model.filegate import FONT_ADVICE
from briefpack.render.brand_files import brand_file_of, brand_font_bytes, check_brand_files

STYLES = ("regular", "bold", "italic", "bold_italic")

# A lone surrogate (possible in str from lenient JSON) cannot be written to a PDF.
_SURROGATE = re.compile("[\ud800-\udfff]")

# Registration mutates reportlab's global font registry; previews render on a
# worker thread while an export may run on another, so guard first use.
_LOCK = threading.Lock()


@dataclass(frozen=True)
class PdfFonts:
    """Registered font names for one brand, and which characters each can draw."""

    regular: str
    bold: str
    italic: str
    bold_italic: str
    fallback: str | None
    covered: frozenset[int]  # code points every style of the main family draws
    fallback_covered: frozenset[int]

    def for_style(self, bold: bool = False, italic: bool = False) -> str:
        if bold and italic:
            return self.bold_italic
        if bold:
            return self.bold
        return self.italic if italic else self.regular

    def for_face(self, face: str) -> str:
        """The registered font for a design face ("regular", "bold", "italic", "bold_italic")."""
        return self.for_style(bold="bold" in face, italic="italic" in face)

    def measure(self, text: str, face: str, size: float) -> float:
        """The design's Measure (render/design/fitting.py): width in points of one line."""
        return self.string_width(text, self.for_face(face), size)

    def needs_fallback(self, char: str) -> bool:
        code = ord(char)
        return (
            self.fallback is not None and code not in self.covered and code in self.fallback_covered
        )

    def runs(self, text: str, font: str) -> Iterator[tuple[str, str]]:
        """Split text into (font name, text) runs, using the fallback where needed."""
        text = clean(text)
        if text.isascii() or self.fallback is None:
            yield font, text
            return
        current, start = font, 0
        for i, char in enumerate(text):
            wanted = self.fallback if self.needs_fallback(char) else font
            if wanted != current:
                if i > start:
                    yield current, text[start:i]
                current, start = wanted, i
        if start < len(text):
            yield current, text[start:]

    def markup(self, text: str) -> str:
        """Paragraph markup for plain user text: escaped, odd glyphs in the fallback font.

        This is the only way user text enters reportlab markup.
        """
        if text.isascii() or self.fallback is None:
            return escape(clean(text))
        out = []
        for font, chunk in self.runs(text, self.regular):
            if font == self.regular:
                out.append(escape(chunk))
            else:
                out.append(f'<font face="{font}">{escape(chunk)}</font>')
        return "".join(out)

    def string_width(self, text: str, font: str, size: float) -> float:
        return sum(pdfmetrics.stringWidth(t, f, size) for f, t in self.runs(text, font))

    def draw_string(self, canv, x: float, y: float, text: str, font: str, size: float) -> float:
        """Draw text from x on a canvas, switching to the fallback where needed; returns width."""
        start = x
        for run_font, chunk in self.runs(text, font):
            canv.setFont(run_font, size)
            canv.drawString(x, y, chunk)
            x += pdfmetrics.stringWidth(chunk, run_font, size)
        return x - start


def clean(text: str) -> str:
    """Text safe to encode: lone surrogates become U+FFFD."""
    if text.isascii():
        return text
    return _SURROGATE.sub("\ufffd", text)


def fonts_for(brand: Brand) -> PdfFonts:
    """The brand's fonts, registered with reportlab on first use (each file through the gate).

    Every file the brand names, its logo too, goes through the gate first: this is the first
    use of the brand in a PDF render and in validate, so a bad file is one line naming the
    brand file and the place, before anything is drawn.
    """
    check_brand_files(brand)
    paths = tuple(str(brand.font_path(style)) for style in STYLES)
    fallback = str(brand.resolve(brand.fonts.fallback)) if brand.fonts.fallback else None
    return _register(paths, fallback, str(brand_file_of(brand.folder, brand.id)))


@cache
def _register(paths: tuple[str, ...], fallback: str | None, brand_file: str) -> PdfFonts:
    with _LOCK:
        names = [
            _register_file(path, brand_file, f"fonts.{style}")
            for path, style in zip(paths, STYLES, strict=True)
        ]
        # The family is keyed by the regular face so <b>/<i> inside Paragraph
        # markup pick the brand's bold and italic files.
        pdfmetrics.registerFontFamily(
            names[0], normal=names[0], bold=names[1], italic=names[2], boldItalic=names[3]
        )
        covered = frozenset.intersection(*(_cmap(name) for name in names))
        fallback_name = _register_file(fallback, brand_file, "fonts.fallback") if fallback else None
        if fallback_name:
            # One face for every style, so a fallback run inside <b> still resolves.
            for bold in (0, 1):
                for italic in (0, 1):
                    addMapping(fallback_name, bold, italic, fallback_name)
        return PdfFonts(
            *names,
            fallback=fallback_name,
            covered=covered,
            fallback_covered=_cmap(fallback_name) if fallback_name else frozenset(),
        )


def _register_file(path: str, brand_file: str, where: str) -> str:
    """Register one TTF under a name unique to its path (two brands may share a stem).

    The file is read once through the gate (a regular TrueType/OpenType file of a sane
    size) and reportlab parses those bytes, never the path: a bad font is one line naming
    the brand file, the font field and the font file.
    """
    digest = hashlib.sha1(path.encode()).hexdigest()[:6]
    name = f"{Path(path).stem}-{digest}"
    if name not in pdfmetrics.getRegisteredFontNames():
        data = brand_font_bytes(path, brand_file=brand_file, where=where)
        try:
            font = TTFont(name, BytesIO(data))
        except Exception as exc:  # a hostile font can make the parser raise anything
            raise BriefpackError(
                f"{Path(path).name} is a font the PDF writer cannot use ({_why(exc)}); "
                f"{FONT_ADVICE}",
                file=brand_file,
                where=where,
            ) from exc
        pdfmetrics.registerFont(font)
    return name


def _why(exc: Exception) -> str:
    """reportlab's reason, on one line and short (it may quote the font's own bytes)."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 80 else text[:79] + "…"


def _cmap(name: str) -> frozenset[int]:
    return frozenset(pdfmetrics.getFont(name).face.charToGlyph)
