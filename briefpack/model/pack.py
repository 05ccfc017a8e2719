"""A pack (one handout) and a template (a reusable pack with a name)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import field_validator

from briefpack.model.base import Model
from briefpack.model.sections import Section
from briefpack.model.threat import ThreatLevel

PACK_FORMAT = "briefpack/pack"
TEMPLATE_FORMAT = "briefpack/template"
PACK_VERSION = 1

Marking = Literal["", "OFFICIAL", "OFFICIAL-SENSITIVE"]
MARKINGS: tuple[str, ...] = ("", "OFFICIAL", "OFFICIAL-SENSITIVE")
PageSize = Literal["A4", "Letter"]


class Meta(Model):
    title: str
    subtitle: str | None = None
    audience: str | None = None
    date: date
    author: str | None = None
    marking: Marking = ""
    brand: str = "default"
    page_size: PageSize = "A4"

    @field_validator("brand")
    @classmethod
    def _brand_is_an_id(cls, value: str) -> str:
        """A pack names its brand by id, never by path: a colleague's pack must not make
        briefpack read a brand file from anywhere on the officer's computer."""
        problem = brand_id_problem(value)
        if problem:
            raise ValueError(problem)
        return value


def brand_id_problem(value: str) -> str | None:
    """Why `value` cannot be a brand id, or None."""
    if not value.strip():
        return "no brand named; use a brand id such as 'default'"
    if any(c in value for c in "/\\:") or value.startswith(".") or len(value) > 100:
        return (
            f"{value[:100]!r} is not a brand id; a pack names its brand by id, "
            "such as 'default', never by a file path"
        )
    if any(ord(c) < 32 or ord(c) == 127 for c in value):
        return "the brand id holds control characters; use a brand id such as 'default'"
    return None


class Threat(Model):
    level: ThreatLevel
    since: date | None = None
    northern_ireland: ThreatLevel | None = None


class Pack(Model):
    format: Literal["briefpack/pack"] = PACK_FORMAT
    version: int = PACK_VERSION
    meta: Meta
    threat: Threat
    sections: list[Section]


class Template(Pack):
    """A pack kept for reuse, with a name and a description.

    A template holds no threat level: a pack made from it takes the level in force on the
    day it is made, from briefpack's record of levels, because a template is used for months
    or years and a level written into it would go out of date. Older templates that still
    have a `threat` block load as before; that block is replaced by the current level when
    a pack is made from them.
    """

    format: Literal["briefpack/template"] = TEMPLATE_FORMAT  # type: ignore[assignment]
    threat: Threat | None = None  # type: ignore[assignment]
    name: str
    description: str
