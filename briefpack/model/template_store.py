"""Templates, the force library's, built-in and the officer's own: listed, found, saved,
imported and exported.

The officer's templates are files in user_templates_dir(), written with
storage.atomic_write. Importing a colleague's template never overwrites anything silently:
one that differs from one already there needs a choice (model.conflicts). Force templates
(force_templates.py) are read-only, like built-ins: nothing here ever writes over one.
"""

from __future__ import annotations

from pathlib import Path

from briefpack.model.conflicts import (
    IMPORTED_SUFFIX,
    ImportResult,
    OnConflict,
    settle_conflict,
)
from briefpack.model.errors import BriefpackError
from briefpack.model.locking import locked
from briefpack.model.pack import Template
from briefpack.model.packfile import pack_to_bytes
from briefpack.model.resources import data_dir
from briefpack.model.storage import atomic_write
from briefpack.model.template_files import (
    TemplateInfo,
    load_template_file,
    named_template,
    template_id,
)
from briefpack.model.userdata import free_name, slug, user_templates_dir

# ---- finding ------------------------------------------------------------------------------


def list_templates(problems: list[BriefpackError] | None = None) -> list[TemplateInfo]:
    """The force library's templates first (the force's approved ones rank highest), then
    the built-in ones, then the user's, each group by file name; unreadable files go to
    `problems`. Every readable file is listed: templates of the same name are all listed,
    never hidden by each other."""
    from briefpack.model.force_templates import force_template_infos  # only when listing

    found = force_template_infos(problems)
    for folder, builtin in ((data_dir("templates"), True), (user_templates_dir(), False)):
        for file in sorted(folder.glob("*.bpack")) if folder.is_dir() else []:
            try:
                template = load_template_file(file)
            except BriefpackError as exc:
                if problems is not None:
                    problems.append(exc)
                continue
            found.append(TemplateInfo(template.name, template.description, file, builtin))
    return found


def find_template(name: str) -> Path:
    """A template by name, by file name, or by the path of a template file.

    Matching ignores case. When several templates match, the first of these wins, so the
    answer depends only on what is in the folders: a force template's id (force.<file>)
    first, then an exact name, then a file name (with or without .bpack), and at each step
    a built-in before a force template before the user's own. So `--template "Protective
    Security Update"` means the built-in on every machine, whatever a force library holds;
    a force template of the same name is reached by its id, a user's by its path (`templates
    list` shows both).
    """
    wanted = name.strip().casefold()
    templates = sorted(list_templates(), key=lambda t: (not t.builtin, not t.force))
    by_id = [t for t in templates if (template_id(t) or "").casefold() == wanted]
    by_name = [t for t in templates if t.name.casefold() == wanted]
    by_file = [
        t
        for t in templates
        if not t.force and wanted in (t.path.stem.casefold(), t.path.name.casefold())
    ]
    for found in (by_id, by_name, by_file):
        if found:
            return found[0].path
    given = Path(name)
    if given.suffix == ".bpack" and given.is_file():
        return given
    known = ", ".join(repr(t.name) for t in templates) or "none"
    raise BriefpackError(f"no template called {name!r} (known templates: {known})")


def describe_template(path: Path, template: Template) -> str:
    """Which template a lookup found, for messages: "the force template 'X'", "the built-in
    template 'X'", "your template 'X'" or "the template file PATH"."""
    from briefpack.model.force_templates import is_force_template_file

    folder = path.resolve().parent
    if is_force_template_file(path):
        return f"the force template {template.name!r}"
    if folder == data_dir("templates").resolve():
        return f"the built-in template {template.name!r}"
    if folder == user_templates_dir().resolve():
        return f"your template {template.name!r}"
    return f"the template file {path}"


# ---- saving, importing, exporting ---------------------------------------------------------


def save_user_template(template: Template) -> Path:
    """Save into the user's templates folder as <slug of name>.bpack (replacing that file)."""
    folder = user_templates_dir()
    with locked(folder):
        folder.mkdir(parents=True, exist_ok=True)
        return atomic_write(
            folder / f"{slug(template.name, 'template')}.bpack", pack_to_bytes(template)
        )


def import_template(path: str | Path, on_conflict: OnConflict | None = None) -> ImportResult:
    """Add a colleague's template to the user's own.

    Built-in names are reserved: a different template with a built-in's name (or the same
    file name) is kept as a renamed copy. One of the user's own with the same name, or one
    whose file name would be the same ("Station-Brief!" and "Station Brief"), is a conflict
    that needs a choice."""
    incoming = named_template(load_template_file(path), path)
    name = incoming.name
    with locked(user_templates_dir()):
        templates = list_templates()
        taken = {t.name.casefold() for t in templates}
        for match in _same_template_names(name, templates):
            if pack_to_bytes(load_template_file(match.path)) == pack_to_bytes(incoming):
                return ImportResult.already_there(name, match.path)
            if match.read_only:  # built-in and force ones are never replaced: keep a copy
                copy = _renamed_template(incoming, taken)
                reason = f"a {match.kind} template has that name"
                return ImportResult.beside_builtin(copy.name, reason, save_user_template(copy))
            return _template_conflict(path, incoming, match, taken, on_conflict)
        return ImportResult.added(name, save_user_template(incoming))


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

    def replace() -> tuple[str, Path]:
        atomic_write(match.path, pack_to_bytes(incoming))
        return incoming.name, match.path

    def keep_both() -> tuple[str, Path]:
        copy = _renamed_template(incoming, taken)
        return copy.name, save_user_template(copy)

    return settle_conflict(
        on_conflict, problem, name=incoming.name, replace=replace, keep_both=keep_both, file=path
    )


def _renamed_template(template: Template, taken: set[str]) -> Template:
    """A copy named '<name> (imported)' whose name and file name are both free."""
    files = {p.stem for p in user_templates_dir().glob("*.bpack")}
    files |= {slug(t, "template") for t in taken}

    def is_taken(name: str) -> bool:
        return name.casefold() in taken or slug(name, "template") in files

    name = free_name(template.name + IMPORTED_SUFFIX, is_taken, sep=" ")
    return template.model_copy(update={"name": name}, deep=True)


def export_template(name: str, path: str | Path) -> Path:
    """Write the template called `name` (built-in or user) to `path`, checked and re-saved."""
    return atomic_write(path, pack_to_bytes(load_template_file(find_template(name))))
