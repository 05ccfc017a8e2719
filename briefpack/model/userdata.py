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

from briefpack.model.conflicts import (
    ACTION_WORDS,
    IMPORTED_SUFFIX,
    OnConflict,
    clean_name,
    require_choice,
)
from briefpack.model.conflicts import (
    ON_CONFLICT_CHOICES as ON_CONFLICT_CHOICES,  # re-exported: callers import them from here
)
from briefpack.model.conflicts import (
    ConflictError as ConflictError,
)
from briefpack.model.errors import BriefpackError, PackFormatError
from briefpack.model.filegate import (
    MAX_IMAGE_BYTES,
    FileRefused,
    read_font,
    read_image,
    read_regular_file,
)
from briefpack.model.locking import locked
from briefpack.model.pack import Template
from briefpack.model.packfile import load_pack, pack_to_bytes
from briefpack.model.resources import asset, data_dir
from briefpack.model.storage import atomic_write

if TYPE_CHECKING:  # brand.py imports this module for its search path
    from briefpack.model.brand import Brand

USER_DIR_ENV = "BRIEFPACK_USER_DIR"


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


def describe_template(path: Path, template: Template) -> str:
    """Which template a lookup found, for messages: "the built-in template 'X'", "your
    template 'X'" or "the template file PATH"."""
    folder = path.resolve().parent
    if folder == data_dir("templates").resolve():
        return f"the built-in template {template.name!r}"
    if folder == user_templates_dir().resolve():
        return f"your template {template.name!r}"
    return f"the template file {path}"


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
    with locked(folder):
        folder.mkdir(parents=True, exist_ok=True)
        return atomic_write(
            folder / f"{slug(template.name, 'template')}.bpack", pack_to_bytes(template)
        )


@dataclass(frozen=True)
class ImportResult:
    """What importing one template or brand did: status is new, same, changed or builtin."""

    status: Literal["new", "same", "changed", "builtin"]
    name: str
    action: str  # "added", "replaced", "kept both", "kept both as …", "skipped", "already there"
    path: Path | None


def import_template(path: str | Path, on_conflict: OnConflict | None = None) -> ImportResult:
    """Add a colleague's template to the user's own.

    Built-in names are reserved: a different template with a built-in's name (or the same
    file name) is kept as a renamed copy. One of the user's own with the same name, or one
    whose file name would be the same ("Station-Brief!" and "Station Brief"), is a conflict
    that needs a choice."""
    incoming = load_template_file(path)
    name = clean_name(incoming.name, "template", file=path, where="name")
    incoming = incoming.model_copy(update={"name": name})
    with locked(user_templates_dir()):
        templates = list_templates()
        taken = {t.name.casefold() for t in templates}
        for match in _same_template_names(name, templates):
            if pack_to_bytes(_load_template(match.path)) == pack_to_bytes(incoming):
                return ImportResult("same", name, "already there", match.path)
            if match.builtin:  # built-ins are never replaced or shadowed: keep a copy
                copy = _renamed_template(incoming, taken)
                action = f"kept both as {copy.name!r} (a built-in template has that name)"
                return ImportResult("builtin", copy.name, action, save_user_template(copy))
            return _template_conflict(path, incoming, match, taken, on_conflict)
        return ImportResult("new", name, "added", save_user_template(incoming))


def _same_template_names(name: str, templates: list[TemplateInfo]) -> list[TemplateInfo]:
    """Templates an import of `name` collides with: same name (any case) or same file name
    once slugged, built-ins first."""
    wanted, file = name.casefold(), slug(name, "template")
    return [
        t
        for t in templates
        if t.name.casefold() == wanted or file in (slug(t.name, "template"), t.path.stem)
    ]


def _template_conflict(
    path: str | Path,
    incoming: Template,
    match: TemplateInfo,
    taken: set[str],
    on_conflict: OnConflict | None,
) -> ImportResult:
    problem = f"your template {match.name!r} differs from the one in this file"
    if match.name.casefold() != incoming.name.casefold():  # the same file name once saved
        problem = f"{incoming.name!r} would be saved over your template {match.name!r}"
    choice = require_choice(on_conflict, problem, file=path)
    if choice == "skip":
        return ImportResult("changed", incoming.name, ACTION_WORDS[choice], None)
    if choice == "replace":
        atomic_write(match.path, pack_to_bytes(incoming))
        return ImportResult("changed", incoming.name, ACTION_WORDS[choice], match.path)
    copy = _renamed_template(incoming, taken)
    return ImportResult("changed", copy.name, ACTION_WORDS[choice], save_user_template(copy))


def _renamed_template(template: Template, taken: set[str]) -> Template:
    """A copy named '<name> (imported)' whose name and file name are both free."""
    files = {p.stem for p in user_templates_dir().glob("*.bpack")}
    files |= {slug(t, "template") for t in taken}
    base = template.name + IMPORTED_SUFFIX
    name, n = base, 2
    while name.casefold() in taken or slug(name, "template") in files:
        name, n = f"{base} {n}", n + 1
    return template.model_copy(update={"name": name}, deep=True)


def export_template(name: str, path: str | Path) -> Path:
    """Write the template called `name` (built-in or user) to `path`, checked and re-saved."""
    return atomic_write(path, pack_to_bytes(load_template_file(find_template(name))))


# ---- brands -------------------------------------------------------------------------------

# Each user brand lives in its own folder, user_brands_dir()/<id>/, holding only files whose
# names briefpack chose: brand.json, logo.<png|jpg|gif> and font-<style>.<ttf|otf>. (Older
# versions kept user_brands_dir()/<id>.json with files beside it; those still load.)
BRAND_FILE = "brand.json"
FONT_STYLES = ("regular", "bold", "italic", "bold_italic", "fallback")
_LOGO_EXTENSIONS = {"PNG": "png", "JPEG": "jpg", "GIF": "gif"}


def user_brand_folder(brand_id: str) -> Path:
    return user_brands_dir() / brand_id


def is_builtin_brand(brand: Brand) -> bool:
    return brand.folder.resolve() == asset("brands").resolve()


def builtin_brand_ids() -> set[str]:
    """The built-in brands' ids (any case): reserved, a user brand can never take one."""
    folder = asset("brands")
    return {p.stem.casefold() for p in folder.glob("*.json")} if folder.is_dir() else set()


def save_user_brand(brand: Brand, logo_source: Path | None = None) -> Path:
    """Save `brand` as user_brands_dir()/<id>/brand.json with copies of its logo and font
    files named by briefpack (logo.png, font-regular.ttf…); `logo_source` is a new logo
    picked by the user. A built-in brand's id is refused. Every file is read and checked
    before anything is written, so a refused brand leaves nothing behind."""
    from briefpack.model.brand import Brand

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
    from briefpack.model.jsonfile import dump_json

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


def import_brand(path: str | Path, on_conflict: OnConflict | None = None) -> ImportResult:
    """Add a colleague's brand file (its logo and fonts copied under briefpack's names).

    Built-in ids are reserved: a different brand with a built-in's id is kept as a renamed
    copy, never in its place. One of the user's own with the same id is a conflict that
    needs a choice."""
    from briefpack.model.brand import list_brands, load_brand_file

    incoming = load_brand_file(path)
    incoming.name = clean_name(incoming.name, "brand", file=path, where="name")
    with locked(user_brands_dir()):
        brands = list_brands()  # built-ins first, so a built-in id matches the built-in
        taken = {b.id.casefold() for b in brands} | builtin_brand_ids()
        wanted = incoming.id.casefold()
        match = next((b for b in brands if b.id.casefold() == wanted), None)
        if match is not None and _same_brand(match, incoming):
            return ImportResult("same", match.id, "already there", match.folder)
        if wanted in builtin_brand_ids():
            copy = _renamed_brand(incoming, taken)
            action = f"kept both as {copy.id!r} (a built-in brand has the id {incoming.id!r})"
            return ImportResult("builtin", copy.id, action, save_user_brand(copy))
        if match is None:
            return ImportResult("new", incoming.id, "added", save_user_brand(incoming))
        problem = f"your brand {match.id!r} ({match.name}) differs from the one in this file"
        choice = require_choice(on_conflict, problem, file=path)
        if choice == "skip":
            return ImportResult("changed", incoming.id, ACTION_WORDS[choice], None)
        if choice == "replace":
            saved = save_user_brand(incoming.model_copy(update={"id": match.id}))
            return ImportResult("changed", match.id, ACTION_WORDS[choice], saved)
        copy = _renamed_brand(incoming, taken)
        return ImportResult("changed", copy.id, ACTION_WORDS[choice], save_user_brand(copy))


def _renamed_brand(brand: Brand, taken: set[str]) -> Brand:
    copy = brand.model_copy(deep=True)
    base, n = f"{brand.id}-imported", 2
    copy.id = base
    while copy.id.casefold() in taken:
        copy.id, n = f"{base}-{n}", n + 1
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


def export_brand(brand_id: str, path: str | Path) -> Path:
    """Write brand `brand_id` to `path`, with its logo (and own fonts) copied beside it; a
    different file of the same name already there is kept (the copy gets the id as prefix)."""
    from briefpack.model.brand import find_brand

    brand = find_brand(brand_id)
    target = Path(path)
    out = brand.model_copy(deep=True)
    if brand.logo:
        source = brand.resolve(_plain_name(brand.logo))
        out.logo = _export_file(source, target.parent, brand.id)
    for style in ("regular", "bold", "italic", "bold_italic", "fallback"):
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
