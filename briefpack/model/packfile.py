"""Loading and saving packs and templates: validation, migration, atomic save."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from briefpack.model.errors import NewerVersionError, PackFormatError
from briefpack.model.jsonfile import dump_json, read_json, validation_error
from briefpack.model.pack import PACK_FORMAT, PACK_VERSION, TEMPLATE_FORMAT, Pack, Template
from briefpack.model.quick import quick_validate
from briefpack.model.sections import SECTION_KINDS
from briefpack.model.storage import atomic_write

# version N -> function turning a version-N dict into a version-N+1 dict.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


def check_header(data: Any, path: str | Path, expected: tuple[str, ...], current: int) -> int:
    """Check `format` and `version`; return the file's version."""
    if not isinstance(data, dict):
        raise PackFormatError(
            "expected a JSON object at the top level; is this a briefpack file?", file=path
        )
    fmt = data.get("format")
    if fmt not in expected:
        wanted = " or ".join(repr(e) for e in expected)
        found = "nothing" if fmt is None else repr(fmt)
        raise PackFormatError(f"expected {wanted}, found {found}", file=path, where="format")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise PackFormatError(
            f"expected a whole number from 1, found {version!r}", file=path, where="version"
        )
    if version > current:
        raise NewerVersionError(
            f"this file is format version {version}, written by a newer briefpack; this "
            f"briefpack reads up to version {current} — please update briefpack",
            file=path,
            where="version",
        )
    return version


def migrate(data: dict[str, Any], version: int) -> dict[str, Any]:
    """Bring an older pack dict up to PACK_VERSION, one step at a time."""
    while version < PACK_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
        data["version"] = version
    return data


def pack_from_data(data: Any, path: str | Path = "<pack>") -> Pack | Template:
    """Validate a parsed JSON value as a pack or a template."""
    version = check_header(data, path, (PACK_FORMAT, TEMPLATE_FORMAT), PACK_VERSION)
    data = migrate(data, version)
    model = Template if data["format"] == TEMPLATE_FORMAT else Pack
    made = quick_validate(model, data)  # the usual file, without building the validators
    if made is not None:
        return made
    try:
        # Strict JSON-mode validation: "yes" is not a bool, 1470009600 is not a date.
        return model.model_validate_json(json.dumps(data), strict=True)
    except ValidationError as exc:
        raise validation_error(exc, path, strip=SECTION_KINDS) from exc


def load_pack(path: str | Path) -> Pack | Template:
    return pack_from_data(read_json(path), path)


def pack_to_bytes(pack: Pack) -> bytes:
    return dump_json(pack.model_dump(mode="json"))


def save_pack(pack: Pack, path: str | Path) -> Path:
    """Save atomically; the file on disk is the old or the new pack, never a mix."""
    return atomic_write(path, pack_to_bytes(pack))
