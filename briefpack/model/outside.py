"""Which of a pack's pictures lie outside its folder.

A pack names its pictures by path. Inside the pack's own folder they travel with it and
nothing else is read; a path that leaves the folder (absolute, `../`, or a link inside the
folder pointing elsewhere) could make a colleague's pack quietly embed any picture the
officer can read. Such files are read only after a yes: a flag of the command line's,
or the app's question, once per pack, which is remembered here for that pack and those files.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from pathlib import Path

from briefpack.model.locking import locked
from briefpack.model.pack import Pack
from briefpack.model.sections import ImageSection
from briefpack.model.storage import atomic_write
from briefpack.model.userdata import user_dir

# True allows every file outside; a collection allows those resolved paths only.
AllowOutside = bool | Collection[Path]
CONSENT_FILE = "outside-files.json"
MAX_REMEMBERED_PACKS = 500


def image_file(base_dir: Path, path: str) -> Path:
    """The file an image section's path names, looked up from the pack's folder."""
    named = Path(path)
    return named if named.is_absolute() else Path(base_dir) / named


def _resolved(file: Path) -> Path:
    try:
        return file.resolve()
    except (OSError, RuntimeError):  # a link loop resolves to nothing: treat it as outside
        return Path("/") / "unresolvable" / file.name


def is_inside(base_dir: Path, file: Path) -> bool:
    """Whether `file`, with every link followed, lies inside `base_dir`."""
    return _resolved(file).is_relative_to(_resolved(Path(base_dir)))


def outside_file(base_dir: Path, path: str) -> Path | None:
    """The resolved file when this image path leaves the pack's folder, else None."""
    file = image_file(base_dir, path)
    return None if is_inside(base_dir, file) else _resolved(file)


def is_allowed(file: Path, allow: AllowOutside) -> bool:
    if isinstance(allow, bool):
        return allow
    return _resolved(file) in {_resolved(Path(p)) for p in allow}


def outside_images(pack: Pack, base_dir: Path) -> list[tuple[int, str, Path]]:
    """(section row, path as written, resolved file) for each picture outside the folder."""
    found = []
    for row, section in enumerate(pack.sections):
        if isinstance(section, ImageSection) and section.path.strip():
            file = outside_file(base_dir, section.path)
            if file is not None:
                found.append((row, section.path, file))
    return found


def outside_message(path: str) -> str:
    """Why a picture outside the pack's folder is not read, and the two ways on."""
    return (
        f"the picture {path} is outside the pack's folder and is not read until you allow "
        "it; move it beside the pack, or allow files outside the pack's folder"
    )


# ---- the officer's yes, remembered per pack --------------------------------------------------


def _consent_path() -> Path:
    return user_dir() / CONSENT_FILE


def _read_consents() -> dict[str, list[str]]:
    try:
        data = json.loads(_consent_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # none yet, or damaged: the worst case is being asked again
    if not isinstance(data, dict):
        return {}
    return {
        str(k): [str(f) for f in v if isinstance(f, str)]
        for k, v in data.items()
        if isinstance(v, list)
    }


def allowed_for(pack_file: Path) -> set[Path]:
    """The outside files the officer allowed for the pack saved at `pack_file`."""
    return {Path(f) for f in _read_consents().get(str(_resolved(pack_file)), [])}


def remember_allowed(pack_file: Path, files: Collection[Path]) -> None:
    """Record the officer's yes for these files of this pack (added to any earlier yes)."""
    key = str(_resolved(pack_file))
    with locked(_consent_path()):
        consents = _read_consents()
        known = set(consents.pop(key, []))
        consents[key] = sorted(known | {str(_resolved(Path(f))) for f in files})
        # The newest last; the oldest packs are forgotten first (asked again if reopened).
        kept = dict(list(consents.items())[-MAX_REMEMBERED_PACKS:])
        data = json.dumps(kept, indent=1, ensure_ascii=False).encode("utf-8")
        atomic_write(_consent_path(), data, follow_links=False)
