"""How wide a line of text is in the brand's own fonts, for the chart's layout.

The browser sets the words itself; only the chart's label wrapping and title cut are decided
before that (render/design/chart.py), and they need the width the brand's font gives. The
brand's TrueType files are read through the file gate and measured with FreeType, without
kerning, as the other writers measure.
"""

from __future__ import annotations

import io
import re
from functools import lru_cache

from PIL import ImageFont

from briefpack.model.brand import Brand
from briefpack.model.errors import BriefpackError
from briefpack.model.filegate import FONT_ADVICE
from briefpack.render.brand_files import brand_font_bytes

_MEASURE_PX = 1000  # measured large, then scaled: sub-point accuracy
_LONG_TEXT = 4000  # more characters than any chart line holds: estimated from the start
_ODD = re.compile(r"\s+|[\ud800-\udfff]")  # whitespace runs and lone surrogates


class FontMeasure:
    """The design's Measure (render/design/fitting.py) in a brand's font files."""

    def __init__(self, brand: Brand) -> None:
        self._brand = brand
        self._paths: dict[str, str] = {}

    def __call__(self, words: str, face: str, size: float) -> float:
        if len(words) > _LONG_TEXT:
            head = words[:_LONG_TEXT]
            return self(head, face, size) * len(words) / len(head)
        line = _ODD.sub(lambda m: " " if m.group().isspace() else "\ufffd", words)
        return _font(self._path(face)).getlength(line) * size / _MEASURE_PX

    def _path(self, face: str) -> str:
        if face not in self._paths:
            self._paths[face] = str(self._brand.font_path(face))
        return self._paths[face]


@lru_cache(maxsize=16)
def _font(path: str) -> ImageFont.FreeTypeFont:
    try:
        return ImageFont.truetype(
            io.BytesIO(brand_font_bytes(path)), _MEASURE_PX, layout_engine=ImageFont.Layout.BASIC
        )
    except OSError as exc:  # FreeType cannot read it
        raise BriefpackError(
            f"a damaged font file FreeType cannot read; {FONT_ADVICE}", file=path,
            where="brand font",
        ) from exc  # fmt: skip
