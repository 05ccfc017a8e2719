"""The officer's own folder: their library, templates and brands, next to the built-in ones.

Everything here is written with model.storage.atomic_write. Importing a colleague's file
never overwrites anything silently: an item that differs from one already here needs a
choice, `keep-both`, `replace` or `skip` (ConflictError says so when none was made).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from briefpack.model.errors import BriefpackError, PackFormatError
from briefpack.model.pack import Template
from briefpack.model.packfile import load_pack, pack_to_bytes
from briefpack.model.resources import asset, data_dir
from briefpack.model.storage import atomic_write

if TYPE_CHECKING:  # brand.py imports this module for its search path
    from briefpack.model.brand import Brand

OnConflict = Literal["keep-both", "replace", "skip"]
ON_CONFLICT_CHOICES: tuple[str, ...] = ("keep-both", "replace", "skip")
USER_DIR_ENV = "BRIEFPACK_USER_DIR"
IMPORTED_SUFFIX = " (imported)"


class ConflictError(BriefpackError):
    """An import would change something already there and no --on-conflict choice was made."""


# ---- folders ------------------------------------------------------------------------------


def user_dir() -> Path:
    """$BRIEFPACK_USER_DIR if set, else the platform's per-user data folder for briefpack."""
    override = os.environ.get(USER_DIR_ENV)
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir("briefpack", appauthor=False))


def user_templates_dir() -> Path:
    return user_dir() / "templates"


def user_brands_dir() -> Path:
    return user_dir() / "brands"


def slug(text: str, fallback: str = "item") -> str:
    """'Reporting: Suspicious activity!' -> 'reporting-suspicious-activity' (ids, file names)."""
    words = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return words[:48].rstrip("-") or fallback


def unique_name(base: str, taken: set[str], sep: str = "-") -> str:
    """`base`, else `base-2`, `base-3`… whichever is not in `taken`."""
    if base not in taken:
        return base
    n = 2
    while f"{base}{sep}{n}" in taken:
        n += 1
    return f"{base}{sep}{n}"


# ---- templates ----------------------------------------------------------------------------


@dataclass(frozen=True)
class TemplateInfo:
    name: str
    description: str
    path: Path
    builtin: bool


def list_templates(problems: list[BriefpackError] | None = None) -> list[TemplateInfo]:
    """Built-in templates first, then the user's, each group by file name; unreadable files
    go to `problems`. Every readable file is listed: a user template with the same name as a
    built-in one is listed too (with builtin=False), never hidden by it."""
    found: list[TemplateInfo] = []
    for folder, builtin in ((data_dir("templates"), True), (user_templates_dir(), False)):
        for file in sorted(folder.glob("*.bpack")) if folder.is_dir() else []:
            try:
                template = _load_template(file)
            except BriefpackError as exc:
                if problems is not None:
                    problems.append(exc)
                continue
            found.append(TemplateInfo(template.name, template.description, file, builtin))
    return found


def find_template(name: str) -> Path:
    """A template by name, by file name, or by the path of a template file.

    Matching ignores case. When several templates match, the first of these wins, so the
    answer depends only on what is in the folders: an exact name before a file name (with or
    without .bpack), and at each step a built-in before the user's own, in list_templates
    order. So `--template "Protective Security Update"` means the built-in on every machine;
    a user's template of the same name is reached by its path (`templates list` shows it).
    """
    wanted = name.strip().casefold()
    templates = list_templates()
    by_name = [t for t in templates if t.name.casefold() == wanted]
    by_file = [t for t in templates if wanted in (t.path.stem.casefold(), t.path.name.casefold())]
    for found in (by_name, by_file):
        if found:
            return found[0].path
    given = Path(name)
    if given.suffix == ".bpack" and given.is_file():
        return given
    known = ", ".join(repr(t.name) for t in templates) or "none"
    raise BriefpackError(f"no template called {name!r} (known templates: {known})")


def _load_template(path: Path) -> Template:
    loaded = load_pack(path)
    if not isinstance(loaded, Template):
        raise PackFormatError("this is a pack, not a template", file=path, where="format")
    return loaded


def load_template_file(path: str | Path) -> Template:
    """A template file; a pack file is refused with a message saying so."""
    return _load_template(Path(path))


def save_user_template(template: Template) -> Path:
    """Save into the user's templates folder as <slug of name>.bpack (replacing that file)."""
    folder = user_templates_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return atomic_write(
        folder / f"{slug(template.name, 'template')}.bpack", pack_to_bytes(template)
    )


@dataclass(frozen=True)
class ImportResult:
    """What importing one template or brand did: status is new, same, changed or builtin."""

    status: Literal["new", "same", "changed", "builtin"]
    name: str
    action: str  # "added", "replaced", "kept both", "skipped", "already there"
    path: Path | None


def import_template(path: str | Path, on_conflict: OnConflict | None = None) -> ImportResult:
    """Add a colleague's template to the user's; a differing one of the same name needs a choice."""
    incoming = load_template_file(path)
    existing = {i.name.casefold(): i for i in list_templates()}
    match = existing.get(incoming.name.casefold())
    if match is None:
        return ImportResult("new", incoming.name, "added", save_user_template(incoming))
    if pack_to_bytes(_load_template(match.path)) == pack_to_bytes(incoming):
        return ImportResult("same", incoming.name, "already there", match.path)
    if match.builtin:  # built-ins are never replaced: the incoming one is kept as a copy
        renamed = _renamed_template(incoming, set(existing))
        return ImportResult("builtin", renamed.name, "kept both", save_user_template(renamed))
    if on_conflict is None:
        raise ConflictError(
            f"a different template called {incoming.name!r} is already in {match.path}; "
            "choose --on-conflict keep-both, replace or skip",
            file=path,
        )
    if on_conflict == "skip":
        return ImportResult("changed", incoming.name, "skipped", None)
    if on_conflict == "replace":
        atomic_write(match.path, pack_to_bytes(incoming))
        return ImportResult("changed", incoming.name, "replaced", match.path)
    renamed = _renamed_template(incoming, set(existing))
    return ImportResult("changed", renamed.name, "kept both", save_user_template(renamed))


def _renamed_template(template: Template, taken: set[str]) -> Template:
    """A copy named '<name> (imported)' whose name and file name are both free."""
    files = {p.stem for p in user_templates_dir().glob("*.bpack")}
    base = template.name + IMPORTED_SUFFIX
    name, n = base, 2
    while name.casefold() in taken or slug(name, "template") in files:
        name, n = f"{base} {n}", n + 1
    return template.model_copy(update={"name": name}, deep=True)


def export_template(name: str, path: str | Path) -> Path:
    """Write the template called `name` (built-in or user) to `path`, checked and re-saved."""
    return atomic_write(path, pack_to_bytes(load_template_file(find_template(name))))


# ---- brands -------------------------------------------------------------------------------


def is_builtin_brand(brand: Brand) -> bool:
    return brand.folder.resolve() == asset("brands").resolve()


def save_user_brand(brand: Brand, logo_source: Path | None = None) -> Path:
    """Save `brand` as user_brands_dir()/<id>.json, copying its logo (and any font files of
    its own) into that folder; `logo_source` is a new logo picked by the user."""
    from briefpack.model.brand import Brand

    if not re.fullmatch(r"[A-Za-z0-9_-][A-Za-z0-9._-]*", brand.id):
        raise BriefpackError(
            f"a brand id may hold only letters, digits, '.', '_' and '-', found {brand.id!r}",
            where="id",
        )
    folder = user_brands_dir()
    folder.mkdir(parents=True, exist_ok=True)
    saved = Brand.model_validate(brand.model_dump(mode="python"))
    if logo_source is not None:
        saved.logo = _copy_brand_file(Path(logo_source), folder, saved.id)
    elif brand.logo:
        saved.logo = _carry_file(brand, brand.logo, folder, saved.id)
    for style in ("regular", "bold", "italic", "bold_italic", "fallback"):
        name = getattr(brand.fonts, style)
        if name:
            setattr(saved.fonts, style, _carry_file(brand, name, folder, saved.id))
    return atomic_write(folder / f"{saved.id}.json", _brand_bytes(saved))


def _brand_bytes(brand: Brand) -> bytes:
    from briefpack.model.jsonfile import dump_json

    return dump_json(brand.model_dump(mode="json"))


def _carry_file(brand: Brand, name: str, folder: Path, brand_id: str) -> str:
    """Copy a file the brand keeps beside itself; bundled files (fonts, logos) stay by name."""
    own = brand.folder / _plain_name(name)
    if not own.is_file() or own.resolve().parent in _bundled_dirs():
        return name
    if own.resolve().parent == folder.resolve():
        return name
    return _copy_brand_file(own, folder, brand_id)


def _plain_name(name: str) -> str:
    """A brand names its files by bare file name: never a path reaching elsewhere."""
    if Path(name).name != name or name in ("", ".", ".."):
        raise BriefpackError(
            f"a brand names its files without a folder (e.g. 'logo.png'), found {name!r}"
        )
    return name


def _bundled_dirs() -> set[Path]:
    return {asset("brands").resolve(), asset("fonts").resolve()}


def _copy_brand_file(source: Path, folder: Path, brand_id: str) -> str:
    """Copy `source` into `folder`; a different file already using the name gets the brand id
    as a prefix (then -2, -3…). Returns the name used."""
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise BriefpackError(f"cannot read the file ({exc.strerror})", file=source) from exc
    name = source.name
    candidates = [name, f"{brand_id}-{name}"]
    stem, suffix = Path(candidates[1]).stem, source.suffix
    for candidate in [*candidates, *(f"{stem}-{n}{suffix}" for n in range(2, 1000))]:
        target = folder / candidate
        if not target.exists():
            atomic_write(target, data)
            return candidate
        if target.is_file() and target.read_bytes() == data:
            return candidate
    raise BriefpackError(f"too many files called {name} in {folder}")


def import_brand(path: str | Path, on_conflict: OnConflict | None = None) -> ImportResult:
    """Add a colleague's brand file (and its logo beside it) to the user's brands folder."""
    from briefpack.model.brand import list_brands, load_brand_file

    incoming = load_brand_file(path)
    existing = {b.id: b for b in list_brands()}
    match = existing.get(incoming.id)
    if match is None:
        return ImportResult("new", incoming.id, "added", save_user_brand(incoming))
    if _same_brand(match, incoming):
        return ImportResult("same", incoming.id, "already there", match.folder)
    if is_builtin_brand(match):  # never shadow a built-in brand: keep the incoming as a copy
        copy = _renamed_brand(incoming, set(existing))
        return ImportResult("builtin", copy.id, "kept both", save_user_brand(copy))
    if on_conflict is None:
        raise ConflictError(
            f"a different brand with id {incoming.id!r} is already in {user_brands_dir()}; "
            "choose --on-conflict keep-both, replace or skip",
            file=path,
        )
    if on_conflict == "skip":
        return ImportResult("changed", incoming.id, "skipped", None)
    if on_conflict == "replace":
        return ImportResult("changed", incoming.id, "replaced", save_user_brand(incoming))
    copy = _renamed_brand(incoming, set(existing))
    return ImportResult("changed", copy.id, "kept both", save_user_brand(copy))


def _renamed_brand(brand: Brand, taken: set[str]) -> Brand:
    copy = brand.model_copy(deep=True)
    copy.id = unique_name(f"{brand.id}-imported", taken)
    copy.name = brand.name + IMPORTED_SUFFIX
    copy._folder = brand.folder
    return copy


def _same_brand(ours: Brand, theirs: Brand) -> bool:
    """Same settings and the same logo bytes (the logo's file name may differ)."""
    same_settings = _settings_without_files(ours) == _settings_without_files(theirs)
    return same_settings and _logo_bytes(ours) == _logo_bytes(theirs)


def _settings_without_files(brand: Brand) -> dict[str, object]:
    data = brand.model_dump(mode="json")
    data.pop("logo", None)
    return data


def _logo_bytes(brand: Brand) -> bytes | None:
    try:
        path = brand.logo_path
    except BriefpackError:
        return None
    return path.read_bytes() if path else None


def export_brand(brand_id: str, path: str | Path) -> Path:
    """Write brand `brand_id` to `path`, with its logo (and own fonts) copied beside it; a
    different file of the same name already there is kept (the copy gets the id as prefix)."""
    from briefpack.model.brand import find_brand

    brand = find_brand(brand_id)
    target = Path(path)
    out = brand.model_copy(deep=True)
    if brand.logo:
        source = brand.resolve(_plain_name(brand.logo))
        out.logo = _copy_brand_file(source, target.parent, brand.id)
    for style in ("regular", "bold", "italic", "bold_italic", "fallback"):
        name = getattr(brand.fonts, style)
        own = brand.folder / _plain_name(name) if name else None
        if own is not None and own.is_file() and own.resolve().parent not in _bundled_dirs():
            setattr(out.fonts, style, _copy_brand_file(own, target.parent, brand.id))
    return atomic_write(target, _brand_bytes(out))
