"""A pack (one handout) and a template (a reusable pack with a name)."""

from __future__ import annotations

from datetime import date
from typing import Literal

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
