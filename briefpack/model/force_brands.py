"""The synced force library's brands, offered beside the built-in ones and the officer's own.

A brand in the repository is `brands/<id>/brand.json` with the logo and fonts it names
beside it (force_repo.py admits no other layout). Each is checked as a colleague's brand
file is: the brand file validated, its id the folder's, no built-in id, every file it
names either beside it (a logo that decodes as a picture, a font by its header) or bundled
with briefpack. A brand that fails is skipped with a warning naming its path.

Brands are looked up by file (model/brand.py's search path), so when a synced commit is
first read (force_store.py) its checked brands are set out, brand files re-written by
briefpack and pictures and fonts as checked, into

    <user folder>/force-library/brands/<commit>/<id>/…

one folder per synced commit, like the force templates (force_folders.py). Force brands
rank below the built-ins and above the officer's own, and are never edited in place: the
brand editor starts a copy with an id of its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from briefpack.model.brand import BRAND_FORMAT, BRAND_VERSION, Brand, builtin_brand_ids
from briefpack.model.errors import BriefpackError
from briefpack.model.filegate import FileRefused, check_font_bytes, check_image_bytes
from briefpack.model.force_folders import force_brands_folder, set_out_commit_folder
from briefpack.model.jsonfile import dump_json, parse_json, validation_error
from briefpack.model.packfile import check_header
from briefpack.model.resources import asset
from briefpack.model.userdata import BRAND_FILE

FONT_STYLES = ("regular", "bold", "italic", "bold_italic", "fallback")


@dataclass(frozen=True)
class ForceBrand:
    """A checked brand and the files of its folder (brand file included), by name."""

    brand: Brand
    files: Mapping[str, bytes]


def set_out_force_brands(commit: str, brands: Mapping[str, ForceBrand]) -> None:
    """Write the commit's checked brands into their folder unless it is there already;
    OSError if it cannot be written."""
    folder = force_brands_folder(commit)
    if folder.is_dir() or not brands:
        return
    files = {
        f"{brand_id}/{name}": data
        for brand_id, force in brands.items()
        for name, data in force.files.items()
    }
    set_out_commit_folder(folder, files)


def checked_brands(files: Mapping[str, bytes], warnings: list[str]) -> dict[str, ForceBrand]:
    """The brands among `files` (repository paths brands/<id>/<name>) that pass the checks,
    by id; each one skipped adds a warning naming its path."""
    by_brand: dict[str, dict[str, bytes]] = {}
    for path, raw in files.items():
        _brands, brand_id, name = path.split("/")
        by_brand.setdefault(brand_id, {})[name] = raw
    checked: dict[str, ForceBrand] = {}
    for brand_id, own in sorted(by_brand.items()):
        try:
            checked[brand_id] = _checked_brand(brand_id, own, warnings)
        except BriefpackError as exc:
            warnings.append(f"{exc.message}; skipped")
    return checked


def _checked_brand(brand_id: str, own: dict[str, bytes], warnings: list[str]) -> ForceBrand:
    path = f"brands/{brand_id}/{BRAND_FILE}"
    raw = own.get(BRAND_FILE)
    if raw is None:
        raise BriefpackError(f"the brand has no {BRAND_FILE}", file=f"brands/{brand_id}")
    brand = _valid_brand(raw, path)
    if brand.id != brand_id:
        raise BriefpackError(f"its id {brand.id!r} is not its folder's name", file=path)
    if brand_id.casefold() in builtin_brand_ids():
        raise BriefpackError(f"{brand_id!r} is a built-in brand's id", file=path)
    kept = {name: _checked_file(name, own, role, path) for name, role in _named_files(brand)}
    kept = {name: data for name, data in kept.items() if data is not None}
    for name in sorted(set(own) - set(kept) - {BRAND_FILE}):
        warnings.append(f"brands/{brand_id}/{name}: the brand does not use it; skipped")
    kept[BRAND_FILE] = dump_json(brand.model_dump(mode="json"))  # briefpack's own writing
    return ForceBrand(brand, kept)


def _valid_brand(raw: bytes, path: str) -> Brand:
    data = parse_json(raw, path)
    check_header(data, path, (BRAND_FORMAT,), BRAND_VERSION)
    try:
        return Brand.model_validate(data)
    except ValidationError as exc:
        raise validation_error(exc, path) from exc


def _named_files(brand: Brand) -> list[tuple[str, str]]:
    """(file name, "logo" or the font style) for every file the brand names."""
    named = [(brand.logo, "logo")] if brand.logo else []
    named += [(getattr(brand.fonts, style), style) for style in FONT_STYLES]
    return [(name, role) for name, role in named if name]


def _checked_file(name: str, own: dict[str, bytes], role: str, path: str) -> bytes | None:
    """The checked bytes of a file beside the brand; None for one bundled with briefpack."""
    if Path(name).name != name or name in (".", ".."):
        raise BriefpackError(f"it names a file outside its folder ({name!r})", file=path)
    data = own.get(name)
    if data is None:
        if asset("fonts", name).is_file() or asset("brands", name).is_file():
            return None
        raise BriefpackError(f"it names a file {name!r} that is not beside it", file=path)
    shown = f"brands/{Path(path).parent.name}/{name}"
    try:
        if role == "logo":
            check_image_bytes(data, shown)
        else:
            check_font_bytes(data, shown)
    except FileRefused as exc:
        raise BriefpackError(exc.message, file=shown) from exc
    return data
