"""What the brand editor offers and how it treats built-in brands (model/brand_choices.py)."""

from __future__ import annotations

from pathlib import Path

from briefpack.model.brand import Brand, BrandFonts, find_brand
from briefpack.model.brand_choices import (
    DEFAULT_FONT,
    FONT_CHOICES,
    editable_identity,
    font_choice,
    fonts_for_choice,
)
from briefpack.model.resources import asset


def test_every_font_choice_names_bundled_files():
    for family, fonts in FONT_CHOICES.items():
        assert fonts.family == family
        for style in ("regular", "bold", "italic", "bold_italic", "fallback"):
            name = getattr(fonts, style)
            assert name is None or asset("fonts", name).is_file(), (family, style)
    assert next(iter(FONT_CHOICES)) == DEFAULT_FONT == BrandFonts().family


def test_a_family_not_bundled_shows_as_the_default():
    brand = Brand(id="x", name="X", fonts=BrandFonts(family="Comic Sans", regular="c.ttf"))
    assert font_choice(brand) == DEFAULT_FONT
    assert font_choice(Brand(id="y", name="Y", fonts=FONT_CHOICES["DejaVu Sans"])) == "DejaVu Sans"


def test_keeping_the_family_keeps_the_brands_own_font_files():
    own = BrandFonts(family="DejaVu Sans", regular="font-regular.ttf", docx_family="Own")
    assert fonts_for_choice("DejaVu Sans", own) is own
    changed = fonts_for_choice(DEFAULT_FONT, own)
    assert changed == FONT_CHOICES[DEFAULT_FONT]
    changed.regular = "edited.ttf"  # a copy: the table itself never changes
    assert FONT_CHOICES[DEFAULT_FONT].regular == "LiberationSans-Regular.ttf"


def test_a_built_in_brand_is_edited_as_a_copy_with_a_free_id():
    default = find_brand("default")
    assert default.builtin
    assert editable_identity(default, {"default"}) == (
        "default-custom",
        f"{default.name} (my copy)",
    )
    assert editable_identity(default, {"default", "default-custom"})[0] == "default-custom-2"


def test_the_officers_own_brand_keeps_its_id_and_name(tmp_path: Path):
    mine = Brand(id="north", name="North team")
    mine._folder = tmp_path
    assert not mine.builtin
    assert editable_identity(mine, {"north"}) == ("north", "North team")
