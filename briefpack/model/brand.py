"""Brand profiles: logo, colours, fonts and page furniture for the output."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, PrivateAttr, ValidationError

from briefpack.model.base import Model
from briefpack.model.errors import PackFormatError
from briefpack.model.jsonfile import read_json, validation_error
from briefpack.model.pack import Marking
from briefpack.model.packfile import check_header
from briefpack.model.resources import asset
from briefpack.model.userdata import user_brands_dir

BRAND_FORMAT = "briefpack/brand"
BRAND_VERSION = 1
Colour = Annotated[str, Field(pattern=r"^#[0-9A-Fa-f]{6}$")]


class BrandFonts(Model):
    """TrueType files for the PDF and the family name the DOCX asks Word for."""

    family: str = "Liberation Sans"
    regular: str = "LiberationSans-Regular.ttf"
    bold: str = "LiberationSans-Bold.ttf"
    italic: str = "LiberationSans-Italic.ttf"
    bold_italic: str = "LiberationSans-BoldItalic.ttf"
    fallback: str | None = "DejaVuSans.ttf"
    docx_family: str = "Arial"


class Brand(Model):
    format: Literal["briefpack/brand"] = BRAND_FORMAT
    version: int = BRAND_VERSION
    id: str
    name: str
    logo: str | None = None
    primary: Colour = "#17375E"
    accent: Colour = "#C8102E"
    text: Colour = "#1A1A1A"
    muted: Colour = "#56606B"
    panel: Colour = "#EEF2F7"
    fonts: BrandFonts = Field(default_factory=BrandFonts)
    body_size: Annotated[float, Field(ge=8, le=24)] = 10.5
    header_text: str | None = None
    footer_text: str | None = None
    default_marking: Marking = ""

    _folder: Path = PrivateAttr(default_factory=lambda: asset("brands"))

    @property
    def folder(self) -> Path:
        return self._folder

    def resolve(self, name: str) -> Path:
        """A file named by the brand: next to the brand file, else a bundled asset."""
        for candidate in (self._folder / name, asset("fonts", name), asset("brands", name)):
            if candidate.is_file():
                return candidate
        raise PackFormatError(f"file not found: {name}", file=self._folder, where="brand")

    @property
    def logo_path(self) -> Path | None:
        return self.resolve(self.logo) if self.logo else None

    def font_path(self, style: str) -> Path:
        return self.resolve(getattr(self.fonts, style))


def load_brand_file(path: str | Path) -> Brand:
    data = read_json(path)
    check_header(data, path, (BRAND_FORMAT,), BRAND_VERSION)
    try:
        brand = Brand.model_validate(data)
    except ValidationError as exc:
        raise validation_error(exc, path) from exc
    brand._folder = Path(path).resolve().parent
    return brand


def brand_search_path(extra: list[Path] | None = None) -> list[Path]:
    """Where brands are looked up, first match wins: `extra`, the user's folder, built-ins."""
    return [*(extra or []), user_brands_dir(), asset("brands")]


def find_brand(brand_id: str, search: list[Path] | None = None) -> Brand:
    """The brand with this id from the user's folders or the built-ins."""
    for folder in brand_search_path(search):
        candidate = folder / f"{brand_id}.json"
        if candidate.is_file():
            return load_brand_file(candidate)
    known = ", ".join(sorted(b.id for b in list_brands(search))) or "none"
    raise PackFormatError(
        f"no brand called {brand_id!r} (known brands: {known})", where="meta.brand"
    )


def list_brands(search: list[Path] | None = None) -> list[Brand]:
    seen: dict[str, Brand] = {}
    for folder in brand_search_path(search):
        for file in sorted(folder.glob("*.json")) if folder.is_dir() else []:
            try:
                brand = load_brand_file(file)
            except PackFormatError:
                continue
            seen.setdefault(brand.id, brand)
    return list(seen.values())
