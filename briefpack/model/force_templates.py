"""The synced force library's templates, offered beside the built-in and the user's own.

force_store reads each `templates/<name>.bpack` from the synced commit's git objects and
checks it as an imported template file is (template_store.template_from_bytes); a bad one
is a warning there, naming its path. Every other part of briefpack finds a template by its
file (the gallery's thumbnails, `new --template`, File ▸ New from Template), so the checked
templates are re-saved by briefpack itself, never copied byte for byte, into

    <user folder>/force-library/templates/<commit>/<name>.bpack

one folder per synced commit, made whole in a temporary folder and renamed into place, so a
reader never sees half of one. The folder is derived data: rebuilt whenever it is missing,
never edited (saving a force template as your own writes to My templates instead).
"""

from __future__ import annotations

from pathlib import Path

from briefpack.model.errors import BriefpackError, SaveError
from briefpack.model.force_folders import COMMIT_FOLDER_CHARS, set_out_commit_folder
from briefpack.model.force_revision import force_dir
from briefpack.model.packfile import pack_to_bytes
from briefpack.model.storage import plain_reason
from briefpack.model.template_files import TemplateInfo


def force_templates_root() -> Path:
    return force_dir() / "templates"


def is_force_template_file(path: Path) -> bool:
    """Whether `path` is one of the force templates' files (for messages)."""
    root = force_templates_root().resolve()
    return path.resolve().parent.parent == root


def force_template_infos(problems: list[BriefpackError] | None = None) -> list[TemplateInfo]:
    """The synced force library's templates, by file name; none when no force library is
    followed or synced. A folder that cannot be written goes to `problems`."""
    from briefpack.model.force_store import force_content  # git reading only when needed

    content = force_content()
    if content.commit is None or not content.templates:
        return []
    folder = force_templates_root() / content.commit[:COMMIT_FOLDER_CHARS]
    try:
        if not folder.is_dir():
            files = {file: pack_to_bytes(t) for file, t in content.templates.items()}
            set_out_commit_folder(folder, files)
    except OSError as exc:
        if problems is not None:
            reason = f"could not set out the force templates ({plain_reason(exc)})"
            problems.append(SaveError(reason, file=folder))
        return []
    return [
        TemplateInfo(t.name, t.description, folder / file, builtin=False, force=True)
        for file, t in sorted(content.templates.items())
    ]
