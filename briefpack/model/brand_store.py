"""The officer's own brands: saved, imported from a colleague and exported to share.

Each user brand lives in its own folder, user_brand_folder(<id>), holding only files whose
names briefpack chose (userdata.BRAND_FILE, logo.<png|jpg|gif>, font-<style>.<ttf|otf>);
every logo and font is read through the file gate and checked before anything is written.
Importing never overwrites anything silently: a brand that differs from one of the user's
own needs a choice (model.conflicts), and built-in ids are reserved.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from briefpack.model.brand import Brand, builtin_brand_ids, find_brand, list_brands, load_brand_file
from briefpack.model.conflicts import (
    IMPORTED_ID_SUFFIX,
    IMPORTED_SUFFIX,
    ImportResult,
    OnConflict,
    clean_name,
    settle_conflict,
)
from briefpack.model.errors import BriefpackError
from briefpack.model.filegate import (
    MAX_IMAGE_BYTES,
    FileRefused,
    read_font,
    read_image,
    read_regular_file,
)
from briefpack.model.jsonfile import dump_json
from briefpack.model.locking import locked
from briefpack.model.resources import asset
from briefpack.model.storage import atomic_write
from briefpack.model.userdata import BRAND_FILE, free_name, user_brand_folder, user_brands_dir

FONT_STYLES = ("regular", "bold", "italic", "bold_italic", "fallback")
_LOGO_EXTENSIONS = {"PNG": "png", "JPEG": "jpg", "GIF": "gif"}


# ---- saving -------------------------------------------------------------------------------


def save_user_brand(brand: Brand, logo_source: Path | None = None) -> Path:
    """Save `brand` as user_brands_dir()/<id>/brand.json with copies of its logo and font
    files named by briefpack (logo.png, font-regular.ttf…); `logo_source` is a new logo
    picked by the user. A built-in brand's id is refused. Every file is read and checked
    before anything is written, so a refused brand leaves nothing behind."""
    _check_brand_id(brand.id)
    saved = Brand.model_validate(
        brand.model_dump(mode="python") | {"name": clean_name(brand.name, "brand", where="name")}
    )
    files: dict[str, bytes] = {}
    logo = Path(logo_source) if logo_source is not None else _own_file(brand, brand.logo)
    if logo is not None:
        saved.logo, files[saved.logo] = _checked_logo(logo, logo_source is not None)
    for style in FONT_STYLES:
        font = _own_file(brand, getattr(brand.fonts, style))
        if font is not None:
            name, files[name] = _checked_font(font, style)
            setattr(saved.fonts, style, name)
    folder = user_brand_folder(brand.id)
    with locked(user_brands_dir()):
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("logo.*"):  # a logo of another type left from before
            if old.name != saved.logo:
                old.unlink(missing_ok=True)
        for name, data in files.items():
            atomic_write(folder / name, data)
        return atomic_write(folder / BRAND_FILE, _brand_bytes(saved))


def _check_brand_id(brand_id: str) -> None:
    if not re.fullmatch(r"[A-Za-z0-9_-][A-Za-z0-9._-]*", brand_id):
        raise BriefpackError(
            f"a brand id may hold only letters, digits, '.', '_' and '-', found {brand_id!r}",
            where="id",
        )
    if brand_id.casefold() in builtin_brand_ids():
        raise BriefpackError(
            f"{brand_id!r} is a built-in brand: give your brand another id", where="id"
        )


def _brand_bytes(brand: Brand) -> bytes:
    return dump_json(brand.model_dump(mode="json"))


def _own_file(brand: Brand, name: str | None) -> Path | None:
    """The file `name` beside the brand file, to be copied; None for a file bundled with
    briefpack (fonts, the shield logo), which stays named as it is."""
    if not name:
        return None
    own = brand.folder / _plain_name(name)
    if os.path.lexists(own):
        if own.is_file() and own.resolve().parent in _bundled_dirs():
            return None
        return own
    if asset("fonts", name).is_file() or asset("brands", name).is_file():
        return None
    raise BriefpackError(f"the brand names a file {name!r} that is not beside it", file=own)


def _plain_name(name: str) -> str:
    """A brand names its files by bare file name: never a path reaching elsewhere."""
    if Path(name).name != name or name in ("", ".", ".."):
        raise BriefpackError(
            f"a brand names its files without a folder (e.g. 'logo.png'), found {name!r}"
        )
    return name


def _bundled_dirs() -> set[Path]:
    return {asset("brands").resolve(), asset("fonts").resolve()}


# ---- reading a brand's own files through the file gate ------------------------------------


def _read_brand_file(source: Path, follow_links: bool = False) -> bytes:
    """The bytes of a plain file through the file gate (no devices, pipes, huge files);
    never through a link unless the officer picked the file, as a link beside a brand from
    a colleague could reach any file of theirs."""
    _refuse_link(source, follow_links)
    try:
        return read_regular_file(source, max_bytes=MAX_IMAGE_BYTES, shown=source.name)
    except FileRefused as exc:
        raise BriefpackError(exc.problem, file=source) from exc


def _refuse_link(source: Path, follow_links: bool) -> None:
    if not follow_links and source.is_symlink():
        raise BriefpackError(
            "this is a link to another file; a brand's own files must sit beside it",
            file=source,
        )


def _checked_logo(source: Path, follow_links: bool = False) -> tuple[str, bytes]:
    """A logo's bytes through the picture gate, and its name: logo.<png|jpg|gif> by content."""
    _refuse_link(source, follow_links)
    try:
        picture = read_image(source, shown="the logo")
    except FileRefused as exc:
        raise BriefpackError(exc.problem, file=source) from exc
    return f"logo.{_LOGO_EXTENSIONS[picture.format]}", picture.data


def _checked_font(source: Path, style: str) -> tuple[str, bytes]:
    """A font's bytes through the font gate, and its name: font-<style>.<ttf|otf>."""
    _refuse_link(source, follow_links=False)
    try:
        data = read_font(source, shown=f"the {style.replace('_', ' ')} font")
    except FileRefused as exc:
        raise BriefpackError(exc.problem, file=source) from exc
    ext = "otf" if data.startswith(b"OTTO") else "ttf"
    return f"font-{style.replace('_', '-')}.{ext}", data


# ---- importing ----------------------------------------------------------------------------


def import_brand(path: str | Path, on_conflict: OnConflict | None = None) -> ImportResult:
    """Add a colleague's brand file (its logo and fonts copied under briefpack's names).

    Built-in ids are reserved: a different brand with a built-in's id is kept as a renamed
    copy, never in its place. One of the user's own with the same id is a conflict that
    needs a choice."""
    incoming = load_brand_file(path)
    incoming.name = clean_name(incoming.name, "brand", file=path, where="name")
    with locked(user_brands_dir()):
        brands = list_brands()  # built-ins first, so a built-in id matches the built-in
        taken = {b.id.casefold() for b in brands} | builtin_brand_ids()
        wanted = incoming.id.casefold()
        match = next((b for b in brands if b.id.casefold() == wanted), None)
        if match is not None and _same_brand(match, incoming):
            return ImportResult.already_there(match.id, match.folder)
        if wanted in builtin_brand_ids() or (match is not None and match.force):
            copy = _renamed_brand(incoming, taken)
            owner = "a built-in brand" if wanted in builtin_brand_ids() else "a force brand"
            reason = f"{owner} has the id {incoming.id!r}"
            return ImportResult.beside_builtin(copy.id, reason, save_user_brand(copy))
        if match is None:
            return ImportResult.added(incoming.id, save_user_brand(incoming))
        return _brand_conflict(path, incoming, match, taken, on_conflict)


def _brand_conflict(
    path: str | Path,
    incoming: Brand,
    match: Brand,
    taken: set[str],
    on_conflict: OnConflict | None,
) -> ImportResult:
    problem = f"your brand {match.id!r} ({match.name}) differs from the one in this file"

    def replace() -> tuple[str, Path]:
        return match.id, save_user_brand(incoming.model_copy(update={"id": match.id}))

    def keep_both() -> tuple[str, Path]:
        copy = _renamed_brand(incoming, taken)
        return copy.id, save_user_brand(copy)

    return settle_conflict(
        on_conflict, problem, name=incoming.id, replace=replace, keep_both=keep_both, file=path
    )


def _renamed_brand(brand: Brand, taken: set[str]) -> Brand:
    """A copy with a free id '<id>-imported' and the name '<name> (imported)'."""
    copy = brand.model_copy(deep=True)
    base = brand.id + IMPORTED_ID_SUFFIX
    copy.id = free_name(base, lambda candidate: candidate.casefold() in taken)
    copy.name = brand.name + IMPORTED_SUFFIX
    copy._folder = brand.folder
    return copy


def _same_brand(ours: Brand, theirs: Brand) -> bool:
    """Same settings and the same logo and font bytes (their file names may differ)."""
    same_settings = _settings_without_files(ours) == _settings_without_files(theirs)
    return same_settings and _file_bytes(ours) == _file_bytes(theirs)


def _settings_without_files(brand: Brand) -> dict[str, object]:
    data = brand.model_dump(mode="json")
    data.pop("logo", None)
    for style in FONT_STYLES:
        data["fonts"].pop(style, None)
    return data


def _file_bytes(brand: Brand) -> list[bytes | None]:
    names = [brand.logo, *(getattr(brand.fonts, style) for style in FONT_STYLES)]
    return [_one_file_bytes(brand, name) for name in names]


def _one_file_bytes(brand: Brand, name: str | None) -> bytes | None:
    if not name:
        return None
    try:
        return _read_brand_file(brand.resolve(_plain_name(name)))
    except BriefpackError:
        return None


# ---- exporting ----------------------------------------------------------------------------


def export_brand(brand_id: str, path: str | Path) -> Path:
    """Write brand `brand_id` to `path`, with its logo (and own fonts) copied beside it; a
    different file of the same name already there is kept (the copy gets the id as prefix)."""
    brand = find_brand(brand_id)
    target = Path(path)
    out = brand.model_copy(deep=True)
    if brand.logo:
        source = brand.resolve(_plain_name(brand.logo))
        out.logo = _export_file(source, target.parent, brand.id)
    for style in FONT_STYLES:
        name = getattr(brand.fonts, style)
        own = brand.folder / _plain_name(name) if name else None
        if own is not None and own.is_file() and own.resolve().parent not in _bundled_dirs():
            setattr(out.fonts, style, _export_file(own, target.parent, brand.id))
    return atomic_write(target, _brand_bytes(out))


def _export_file(source: Path, folder: Path, brand_id: str) -> str:
    """Copy `source` beside an exported brand; a different file already using the name gets
    the brand id as a prefix (then -2, -3…). Returns the name used."""
    data = _read_brand_file(source, follow_links=True)
    name = source.name
    stem, suffix = Path(f"{brand_id}-{name}").stem, source.suffix
    for candidate in [name, f"{brand_id}-{name}", *(f"{stem}-{n}{suffix}" for n in range(2, 1000))]:
        target = folder / candidate
        if not target.exists():
            atomic_write(target, data)
            return candidate
        if target.is_file() and target.read_bytes() == data:
            return candidate
    raise BriefpackError(f"too many files called {name} in {folder}")
