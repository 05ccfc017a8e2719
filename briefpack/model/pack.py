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
    format: Literal["briefpack/template"] = TEMPLATE_FORMAT  # type: ignore[assignment]
    name: str
    description: str
