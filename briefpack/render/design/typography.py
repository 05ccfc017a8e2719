"""The type scale: the design's sizes grow and shrink with the brand's body size, and the
font family name a document editor is asked for."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from briefpack.model.brand import Brand
from briefpack.model.errors import PackFormatError
from briefpack.render.brand_files import brand_file_of

# The design's fixed sizes (title, big figures, page furniture) are drawn for this body size
# and grow or shrink with the brand's.
DESIGN_BODY = 10.5
# A brand with a body this large is a large-print brand: no text below LARGE_PRINT_FLOOR and
# text on the fixed threat-scale colours at least LARGE_PRINT_CONTRAST (WCAG AAA).
LARGE_PRINT_BODY = 14.0
LARGE_PRINT_FLOOR = 12.0
LARGE_PRINT_CONTRAST = 7.0


def is_large_print(brand: Brand) -> bool:
    """Large print: no text below LARGE_PRINT_FLOOR, threat-scale text at AAA contrast."""
    return brand.body_size >= LARGE_PRINT_BODY


@dataclass(frozen=True)
class TypeScale:
    """Turns a size from the design (at DESIGN_BODY) into the brand's size, with a floor."""

    body: float = DESIGN_BODY
    floor: float = 0.0

    @classmethod
    def of(cls, brand: Brand) -> TypeScale:
        return cls.for_body(brand.body_size)

    @classmethod
    def for_body(cls, body_size: float) -> TypeScale:
        return cls(body_size, LARGE_PRINT_FLOOR if body_size >= LARGE_PRINT_BODY else 0.0)

    def __call__(self, design_size: float) -> float:
        """A fixed design size, scaled to the body size and never below the floor."""
        return max(design_size * (self.body / DESIGN_BODY), self.floor)

    def at_least(self, size: float) -> float:
        """A size already derived from the body size, kept at or above the floor."""
        return max(size, self.floor)


def word_font_name(brand: Brand) -> str:
    """The family name an editor (Word, a browser) is asked for, refused with one line if a
    document cannot carry it: "Gill Sans & Co" is escaped as any text is, but XML 1.0 cannot
    hold controls or lone surrogates."""
    family = brand.fonts.docx_family
    bad = next((c for c in family if unicodedata.category(c) in ("Cc", "Cs", "Cn")), None)
    if bad is None and family.strip():
        return family
    why = f"holds U+{ord(bad):04X}, a character a Word file cannot hold" if bad else "is blank"
    raise PackFormatError(
        f"brand '{brand.id}': the Word font name {family[:80]!r} {why}; "
        "give the font's name as Word shows it",
        file=brand_file_of(brand.folder, brand.id),
        where="fonts.docx_family",
    )
