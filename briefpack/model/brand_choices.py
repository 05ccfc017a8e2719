"""What the brand editor offers and how it treats briefpack's own brands, without Qt.

- The fonts: each bundled family as the BrandFonts settings a brand file stores.
- A built-in brand is never edited in place: the editor starts a copy with a new id and
  "(my copy)" after its name. (Saving under a built-in id is refused by the brand store
  itself, in any case, so no caller can get round it.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from briefpack.model.brand import BrandFonts
from briefpack.model.userdata import unique_name

if TYPE_CHECKING:
    from briefpack.model.brand import Brand

DEFAULT_FONT = "Liberation Sans"
# The bundled font families (assets/fonts), as BrandFonts settings; the first is the default.
FONT_CHOICES: dict[str, BrandFonts] = {
    DEFAULT_FONT: BrandFonts(),
    "DejaVu Sans": BrandFonts(
        family="DejaVu Sans",
        regular="DejaVuSans.ttf",
        bold="DejaVuSans.ttf",
        italic="DejaVuSans.ttf",
        bold_italic="DejaVuSans.ttf",
        fallback=None,
        docx_family="DejaVu Sans",
    ),
}
COPY_SUFFIX = "-custom"


def font_choice(brand: Brand) -> str:
    """The font choice that shows `brand`'s family (a family not bundled: the default)."""
    family = brand.fonts.family
    return family if family in FONT_CHOICES else DEFAULT_FONT


def fonts_for_choice(choice: str, current: BrandFonts) -> BrandFonts:
    """The fonts a brand gets when `choice` is picked: its own fonts when the family is
    unchanged (a user brand's own font files stay), else the bundled family's settings."""
    if choice == current.family:
        return current
    return FONT_CHOICES[choice].model_copy(deep=True)


def editable_identity(brand: Brand, taken: set[str]) -> tuple[str, str]:
    """The id and name the editor starts with: a built-in or force brand's become a copy's
    (a new id not in `taken`, "… (my copy)"); the officer's own brand keeps its own."""
    if not brand.read_only:
        return brand.id, brand.name
    return unique_name(f"{brand.id}{COPY_SUFFIX}", taken), f"{brand.name} (my copy)"
