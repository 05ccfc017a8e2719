"""Validating the usual file without building pydantic's validators: the render path's load.

Building a model's validator (its core schema) costs more than the rest of a command-line
render's loading together, and a render reads one pack and one brand. The models are built
lazily (defer_build in base.py), and `quick_validate` makes the model from data of the
plain, usual shape itself, reading the very same field definitions pydantic would:

- every field's type is one of a few (str, int, float, bool, date, a Literal, a StrEnum, a
  model, a list, an optional, a union told apart by its discriminator), with the plain
  constraints (bounds, lengths, a pattern) and one-argument "after" field validators;
- every value is exactly of its type as JSON gives it (a str for a str, an int or float for
  a float, "YYYY-MM-DD" for a date, a value of the Literal or enum), so strict JSON mode and
  lax Python mode would both take it and make the same thing of it.

Anything else — a value of another type, a missing field, a constraint broken, a validator
that objects, a field type or config this module does not know — and it says "not sure"
(None): the caller then asks pydantic, which gives its usual answer and error messages. So
a file is accepted, and made into the same objects, exactly when pydantic would;
tests/test_model_quick.py checks this against pydantic on generated data.
"""

from __future__ import annotations

import inspect
import math
import re
import types
import typing
from dataclasses import dataclass
from datetime import date
from enum import Enum
from functools import cache
from typing import Any, Literal, Union

import annotated_types as at
from pydantic import BaseModel
from pydantic.fields import FieldInfo

__all__ = ["quick_validate"]

# Config keys that change nothing for the shapes accepted here; any other key: not sure.
_HARMLESS_CONFIG = {"extra", "populate_by_name", "validate_by_name", "defer_build", "frozen"}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_IMMUTABLE_DEFAULTS = (str, int, float, bool, type(None), date, Enum)


class _Unsure(Exception):
    """The data (or the model) is not of the plain shape: pydantic must decide."""


def quick_validate(model: type[BaseModel], data: Any) -> BaseModel | None:
    """`model` made from JSON-shaped `data` exactly as pydantic's validation would make it,
    or None when this cannot be sure (see the module docstring)."""
    try:
        return _model(model, data)
    except _Unsure:
        return None


# ---- what each model expects, read once from its fields --------------------------------


@dataclass(frozen=True)
class _Field:
    name: str
    annotation: Any
    metadata: tuple[Any, ...]
    required: bool
    info: FieldInfo
    validators: tuple[Any, ...]  # bound one-argument "after" validators, in order


@dataclass(frozen=True)
class _Plan:
    fields: tuple[_Field, ...]
    names: frozenset[str]
    extra: str  # "allow" or "ignore"; "forbid" is left to pydantic


@cache
def _plan(model: type[BaseModel]) -> _Plan | None:
    """The fields of `model` as quick_validate reads them; None when it cannot."""
    config = model.model_config
    decorators = model.__pydantic_decorators__
    if set(config) - _HARMLESS_CONFIG or config.get("extra") == "forbid":
        return None
    if decorators.model_validators or decorators.root_validators or decorators.validators:
        return None
    if (
        getattr(model, "__pydantic_root_model__", False)
        or model.__pydantic_generic_metadata__["origin"]
    ):
        return None
    by_field: dict[str, list[Any]] = {}
    for decorator in decorators.field_validators.values():
        if decorator.info.mode != "after" or "*" in decorator.info.fields:
            return None
        if not _one_argument(decorator.func):
            return None
        for name in decorator.info.fields:
            by_field.setdefault(name, []).append(decorator.func)
    fields = []
    for name, info in model.model_fields.items():
        if info.alias or info.validation_alias or info.validate_default or info.discriminator:
            return None
        fields.append(
            _Field(
                name,
                info.annotation,
                tuple(info.metadata),
                info.is_required(),
                info,
                tuple(by_field.get(name, ())),
            )
        )
    return _Plan(tuple(fields), frozenset(model.model_fields), config.get("extra") or "ignore")


def _one_argument(func: Any) -> bool:
    try:
        return len(inspect.signature(func).parameters) == 1
    except (TypeError, ValueError):
        return False


# ---- making the objects ----------------------------------------------------------------


def _model(model: type[BaseModel], data: Any) -> BaseModel:
    plan = _plan(model)
    if plan is None or type(data) is not dict:
        raise _Unsure
    values: dict[str, Any] = {}
    for field in plan.fields:
        if field.name in data:
            value = _value(field.annotation, data[field.name])
            value = _checked(value, field.metadata)
            for validator in field.validators:
                value = _run(validator, value)
            values[field.name] = value
        elif field.required:
            raise _Unsure
        else:
            values[field.name] = _default(field.info)
    extras = {key: _extra(value) for key, value in data.items() if key not in plan.names}
    # "_name" could reach a private attribute (or model_construct's own _fields_set).
    if any(type(key) is not str or key.startswith("_") or not _plain_str(key) for key in extras):
        raise _Unsure
    given = {key for key in data if key in plan.names}
    if plan.extra == "allow":
        given |= set(extras)
    else:
        extras = {}
    return model.model_construct(_fields_set=given, **values, **extras)


def _value(annotation: Any, value: Any) -> Any:
    """`value` as a field of type `annotation` holds it; _Unsure unless plainly right."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        inner, *metadata = typing.get_args(annotation)
        key, rules = _flat(metadata)
        made = _value(inner, value) if key is None else _discriminated(inner, key, value)
        return _checked(made, rules)
    if origin in (Union, types.UnionType):
        return _union(typing.get_args(annotation), value)
    if origin is Literal:
        if any(type(value) is type(choice) and value == choice for choice in annotation.__args__):
            return value
        raise _Unsure
    if origin is list:
        if type(value) is not list:
            raise _Unsure
        (item,) = typing.get_args(annotation)
        return [_value(item, one) for one in value]
    if origin is not None:
        raise _Unsure
    return _simple(annotation, value)


def _simple(annotation: Any, value: Any) -> Any:
    if annotation is type(None):
        if value is None:
            return None
        raise _Unsure
    if annotation is str and type(value) is str and _plain_str(value):
        return value
    if annotation is int and type(value) is int:
        return value
    if annotation is bool and type(value) is bool:
        return value
    if annotation is float and type(value) in (int, float):
        if type(value) is int and abs(value) > 2**53:
            raise _Unsure  # float() would round it
        if math.isfinite(value):
            return float(value)
    if annotation is date and type(value) is str and _DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise _Unsure from None
    if isinstance(annotation, type):
        if issubclass(annotation, Enum) and issubclass(annotation, str) and type(value) is str:
            try:
                return annotation(value)
            except ValueError:
                raise _Unsure from None
        if issubclass(annotation, BaseModel):
            return _model(annotation, value)
    raise _Unsure


def _union(choices: tuple[Any, ...], value: Any) -> Any:
    """An optional (X | None); other unions only with a discriminator (_discriminated)."""
    rest = [choice for choice in choices if choice is not type(None)]
    if value is None and len(rest) < len(choices):
        return None
    if len(rest) == 1:
        return _value(rest[0], value)
    raise _Unsure


def _discriminated(union: Any, key: Any, value: Any) -> BaseModel:
    """A union of models told apart by the field `key` (a section's "kind")."""
    if type(key) is not str or type(value) is not dict or type(value.get(key)) is not str:
        raise _Unsure
    for choice in typing.get_args(union):
        field = choice.model_fields.get(key) if _is_model(choice) else None
        tag = field.annotation if field is not None else None
        if typing.get_origin(tag) is Literal and value[key] in tag.__args__:
            return _model(choice, value)
    raise _Unsure


def _is_model(thing: Any) -> bool:
    return isinstance(thing, type) and issubclass(thing, BaseModel)


def _flat(metadata: list[Any]) -> tuple[Any, tuple[Any, ...]]:
    """What Annotated adds: a discriminator (or None) and the constraints, a Field(...)
    standing for its own."""
    key, rules = None, []
    for item in metadata:
        if isinstance(item, FieldInfo):
            key = item.discriminator if item.discriminator is not None else key
            rules.extend(item.metadata)
        else:
            rules.append(item)
    return key, tuple(rules)


def _checked(value: Any, metadata: tuple[Any, ...]) -> Any:
    for rule in metadata:
        try:
            passes = _passes(value, rule)
        except TypeError:  # a bound on an optional field's None: pydantic knows best
            passes = False
        if not passes:
            raise _Unsure
    return value


def _passes(value: Any, rule: Any) -> bool:
    if isinstance(rule, at.Gt):
        return value > rule.gt
    if isinstance(rule, at.Ge):
        return value >= rule.ge
    if isinstance(rule, at.Lt):
        return value < rule.lt
    if isinstance(rule, at.Le):
        return value <= rule.le
    if isinstance(rule, at.MinLen):
        return len(value) >= rule.min_length
    if isinstance(rule, at.MaxLen):
        return len(value) <= rule.max_length
    pattern = _pattern_of(rule)
    if pattern is not None:
        # pydantic searches with Rust's regex; for ASCII text on one line, Python's re
        # agrees on the patterns models use ("$" differs only before a trailing newline).
        return value.isascii() and "\n" not in value and re.search(pattern, value) is not None
    return False  # a rule not known here: not sure


def _pattern_of(rule: Any) -> str | None:
    """The pattern of pydantic's Field(pattern=...) metadata, when that is all it holds."""
    extra = getattr(rule, "__dict__", None)
    if type(rule).__name__ == "_PydanticGeneralMetadata" and extra and set(extra) == {"pattern"}:
        return extra["pattern"] if isinstance(extra["pattern"], str) else None
    return None


def _run(validator: Any, value: Any) -> Any:
    try:
        return validator(value)
    except (ValueError, AssertionError):
        raise _Unsure from None  # pydantic words the error


def _default(info: FieldInfo) -> Any:
    factory = info.default_factory
    if factory is not None:
        if isinstance(factory, type) and issubclass(factory, BaseModel):
            return _model(factory, {})  # as the factory would, without building it
        raise _Unsure
    if not isinstance(info.default, _IMMUTABLE_DEFAULTS):
        raise _Unsure  # pydantic may copy a mutable default: leave that to it
    return info.default


def _extra(value: Any) -> Any:
    """A field a newer briefpack wrote: kept as JSON gives it, if it is a plain scalar."""
    if value is None or type(value) in (bool, int):
        return value
    if type(value) is float and math.isfinite(value):
        return value
    if type(value) is str and _plain_str(value):
        return value
    raise _Unsure


def _plain_str(text: str) -> bool:
    """Text JSON can carry: a lone surrogate makes strict JSON refuse the file."""
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
