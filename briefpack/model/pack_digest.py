"""A pack's SHA-256, of the very bytes briefpack saves it as, without pydantic's serializer.

The export log (export_log.py) records which pack each file was made from. The canonical
bytes are packfile.pack_to_bytes's, but pydantic builds a model's serializer on its first
dump, which costs a command-line render more than everything else it loads (the models are
built lazily: base.py, quick.py). So the plain shape of a pack is walked here instead, as
pydantic's JSON-mode dump does it for these models: declared fields in order, then the
fields kept from a newer writer; a declared field that is None left out (Model's
serializer), "kind" first; enums as their values, dates as ISO text, an int in a float
field as a float. Anything else (a type this walk does not know) and the pack goes through
pack_to_bytes after all, so the digest is always that of pack_to_bytes's bytes;
tests/test_export_log.py compares the two.
"""

from __future__ import annotations

import hashlib
import math
import types
import typing
from datetime import date, datetime
from enum import Enum
from typing import Any

from pydantic import BaseModel

from briefpack.model.base import Model
from briefpack.model.jsonfile import dump_json


class _Unsure(Exception):
    """A value this walk does not know how pydantic dumps: pack_to_bytes decides."""


def pack_digest(pack: Model) -> str:
    """The hex SHA-256 of `pack` as briefpack saves it (a template too)."""
    return hashlib.sha256(canonical_bytes(pack)).hexdigest()


def canonical_bytes(pack: Model) -> bytes:
    """packfile.pack_to_bytes(pack), made without building pydantic's serializer."""
    try:
        return dump_json(_model(pack))
    except _Unsure:
        from briefpack.model.packfile import pack_to_bytes

        return pack_to_bytes(pack)  # type: ignore[arg-type]


def _model(model: BaseModel) -> dict[str, Any]:
    if not isinstance(model, Model):
        raise _Unsure  # Model's serializer is the one mirrored here
    declared = type(model).model_fields
    data = {name: _value(getattr(model, name), info.annotation) for name, info in declared.items()}
    data.update(model.__pydantic_extra__ or {})  # a newer writer's fields, JSON as read
    kept = {k: v for k, v in data.items() if not (v is None and k in declared)}
    if "kind" in kept:
        kept = {"kind": kept.pop("kind"), **kept}
    return kept


def _value(value: Any, annotation: Any) -> Any:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, BaseModel):
        if not _allows(annotation, type(value)):
            raise _Unsure  # pydantic would dump it as the annotated type, not its own
        return _model(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, int) and _allows(annotation, float) and not _allows(annotation, int):
        return float(value)  # pydantic's float serializer does the same
    if isinstance(value, float) and not math.isfinite(value):
        raise _Unsure  # JSON has no infinity: pydantic's own rule decides
    if isinstance(value, str | int | float):
        return value
    if isinstance(value, date) and not isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, list):
        return [_value(item, _item_type(annotation)) for item in value]
    raise _Unsure


def _allows(annotation: Any, kind: type) -> bool:
    """Whether `annotation` (through Optional, unions and Annotated) takes `kind` itself."""
    if annotation is kind:
        return True
    return any(_allows(arg, kind) for arg in _parts(annotation))


def _item_type(annotation: Any) -> Any:
    """The item type of a list annotation (list[X], list[X] | None); Any when unknown."""
    for part in (annotation, *_parts(annotation)):
        if typing.get_origin(part) is list:
            return typing.get_args(part)[0]
    return Any


def _parts(annotation: Any) -> tuple[Any, ...]:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return typing.get_args(annotation)[:1]
    if origin in (typing.Union, types.UnionType):
        return typing.get_args(annotation)
    return ()
