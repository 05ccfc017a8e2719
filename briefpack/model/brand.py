"""Brand profiles: logo, colours, fonts and page furniture for the output; loading a brand
and finding one by id among the built-ins and the officer's own. Saving, importing and
exporting the officer's brands is brand_store's job."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, PrivateAttr, ValidationError

from briefpack.model.base import Model
from briefpack.model.errors import PackFormatError
from briefpack.model.jsonfile import read_json, validation_error
from briefpack.model.pack import Marking
from briefpack.model.packfile import check_header
from briefpack.model.quick import quick_validate
from briefpack.model.resources import asset
from briefpack.model.userdata import BRAND_FILE, user_brands_dir

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

    @property
    def builtin(self) -> bool:
        """Whether this is one of briefpack's own brands (else the officer's)."""
        return self._folder.resolve() == asset("brands").resolve()

    @property
    def force(self) -> bool:
        """Whether this is one of the synced force library's brands (force_brands.py)."""
        if self.builtin:
            return False
        from briefpack.model.force_folders import is_force_brand_folder

        return is_force_brand_folder(self._folder)

    @property
    def read_only(self) -> bool:
        """Built-in and force brands are never changed in place: edits make a copy."""
        return self.builtin or self.force

    @property
    def kind(self) -> str:
        """'built-in', 'force' or 'yours', for lists and messages that say which brand was
        found."""
        return "built-in" if self.builtin else "force" if self.force else "yours"

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


def builtin_brand_ids() -> set[str]:
    """The built-in brands' ids (any case): reserved, a user brand can never take one."""
    folder = asset("brands")
    return {p.stem.casefold() for p in folder.glob("*.json")} if folder.is_dir() else set()


def load_brand_file(path: str | Path) -> Brand:
    data = read_json(path)
    check_header(data, path, (BRAND_FORMAT,), BRAND_VERSION)
    brand = quick_validate(Brand, data)  # the usual file, without building the validators
    if brand is None:
        try:
            brand = Brand.model_validate(data)
        except ValidationError as exc:
            raise validation_error(exc, path) from exc
    brand._folder = Path(path).resolve().parent
    return brand


def brand_search_path(extra: list[Path] | None = None) -> list[Path]:
    """Where brands are looked up, first match wins: the built-ins (their ids are reserved,
    so nothing can stand in for them), `extra`, the synced force library's, then the
    user's folder."""
    from briefpack.model.force_folders import force_brand_dirs

    return [asset("brands"), *(extra or []), *force_brand_dirs(), user_brands_dir()]


def _brand_files(folder: Path, brand_id: str | None = None) -> list[Path]:
    """Brand files in `folder`: <id>/brand.json (a user brand's own folder), then <id>.json
    (built-ins, and user brands saved by older versions). `brand_id` narrows to that id."""
    if not folder.is_dir():
        return []
    if brand_id is not None:
        return [folder / brand_id / BRAND_FILE, folder / f"{brand_id}.json"]
    return [*sorted(folder.glob(f"*/{BRAND_FILE}")), *sorted(folder.glob("*.json"))]


def find_brand(brand_id: str, search: list[Path] | None = None) -> Brand:
    """The brand with this id: a built-in one if there is one, else the force library's,
    else the user's own. Its `kind` says which was found."""
    plain = Path(brand_id).name == brand_id and brand_id not in ("", ".", "..")
    for folder in brand_search_path(search) if plain else []:
        for candidate in _brand_files(folder, brand_id):
            if candidate.is_file():
                brand = load_brand_file(candidate)
                if brand.id == brand_id:  # a file named like another brand is not it
                    return brand
    known = ", ".join(sorted(b.id for b in list_brands(search))) or "none"
    raise PackFormatError(
        f"no brand called {brand_id!r} (known brands: {known})", where="meta.brand"
    )


def list_brands(search: list[Path] | None = None) -> list[Brand]:
    """Every brand once: built-ins first, then the force library's, then the user's own; a
    brand using an id found earlier is left out."""
    seen: dict[str, Brand] = {}
    for folder in brand_search_path(search):
        for file in _brand_files(folder):
            try:
                brand = load_brand_file(file)
            except PackFormatError:
                continue
            seen.setdefault(brand.id, brand)
    return list(seen.values())
