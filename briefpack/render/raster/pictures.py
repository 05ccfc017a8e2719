"""Measuring text and making pictures for the DOCX, with Pillow (never reportlab).

Text is measured in the brand's own TrueType files through FreeType, to fit one-line texts
and lay out the chart as the design says; QR codes become PNGs; a picture Word cannot take
is converted to PNG. Each is a pure function of its inputs and is cached.
"""

from __future__ import annotations

import io
import re
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageFont

from briefpack.model.brand import Brand
from briefpack.model.cache import cached_bytes, code_stamp
from briefpack.model.errors import BriefpackError
from briefpack.model.filegate import FONT_ADVICE, IMAGE_FORMATS
from briefpack.render.brand_files import brand_font_bytes

_MEASURE_PX = 1000  # measure at a large size, then scale: sub-point accuracy
_LONG_TEXT = 4000  # more characters than any line of a page can hold
_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")
_WHITESPACE = re.compile(r"\s+")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
QR_MODULE_PX = 10  # pixels per module: sharp at 20 mm (≈ 400 dpi for a 33-module code)


def text_width_pt(text: str, font_path: str, size_pt: float) -> float:
    """How wide `text` is, as one line, in the TrueType font at `font_path` at `size_pt`.

    Text longer than any line is estimated from its start: it is only measured to be
    shrunk or cut, and Pillow refuses a million characters (a 1 MB pack title).
    """
    if len(text) > _LONG_TEXT:
        head = text[:_LONG_TEXT]
        return text_width_pt(head, font_path, size_pt) * len(text) / len(head)
    return font(font_path, _MEASURE_PX).getlength(one_line(text)) * size_pt / _MEASURE_PX


class BrandMeasure:
    """The design's Measure (render/design/fitting.py) in a brand's font files."""

    def __init__(self, brand: Brand) -> None:
        self._paths = {face: str(brand.font_path(face)) for face in ("regular", "bold")}
        self._brand = brand

    def path(self, face: str) -> str:
        if face not in self._paths:
            self._paths[face] = str(self._brand.font_path(face))
        return self._paths[face]

    def __call__(self, text: str, face: str, size: float) -> float:
        return text_width_pt(text, self.path(face), size)


def one_line(text: str) -> str:
    """Whitespace runs (newlines included) as single spaces; lone surrogates as U+FFFD.

    Pillow's text layout fails on newlines, and a chart label or running
    header is one line anyway.
    """
    return _LONE_SURROGATE.sub("\ufffd", _WHITESPACE.sub(" ", text))


@lru_cache(maxsize=32)
def font(path: str, size_px: float) -> ImageFont.FreeTypeFont:
    """A brand font at a pixel size, read through the gate: it is as untrusted as the brand."""
    data = brand_font_bytes(path)
    try:
        # Pillow's basic layout: no kerning, as reportlab measures and Word sets text by
        # default, so both writers wrap and fit the same words in the same places.
        return ImageFont.truetype(io.BytesIO(data), size_px, layout_engine=ImageFont.Layout.BASIC)
    except OSError as exc:  # FreeType: "unknown file format", "invalid outline" …
        raise BriefpackError(
            f"{Path(path).name} is a damaged font file FreeType cannot read; {FONT_ADVICE}",
            file=path,
            where="brand font",
        ) from exc


@lru_cache(maxsize=256)
def qr_png(url: str) -> bytes:
    """A black-on-white QR code for `url` with a one-module margin.

    The cell it sits in is white and padded, which completes the quiet zone;
    a full four-module border would only shrink the code on paper. Kept in the user's
    cache (model/cache.py): a warm render never loads segno.
    """
    parts = ("png-qr", url, QR_MODULE_PX, code_stamp("segno", __name__))
    return cached_bytes("qr", lambda: _encode_qr_png(url), parts, is_png)


def _encode_qr_png(url: str) -> bytes:
    import segno

    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(
        buffer, kind="png", scale=QR_MODULE_PX, border=1, dpi=400
    )
    return buffer.getvalue()


def is_png(data: bytes) -> bool:
    """Whether `data` starts as a PNG does (a cached picture is checked before use)."""
    return data.startswith(PNG_SIGNATURE)


def word_image(data: bytes) -> bytes:
    """Bytes python-docx can embed: PNG, JPEG and GIF as they are, anything else as PNG."""
    if data[:8] == PNG_SIGNATURE or data[:3] == b"\xff\xd8\xff" or data[:4] == b"GIF8":
        return data
    # Only the plugins the file gate allows: no other decoder ever sees a user's file.
    with Image.open(io.BytesIO(data), formats=list(IMAGE_FORMATS)) as img:
        out = io.BytesIO()
        img.save(out, format="PNG")
    return out.getvalue()
