"""The plain data placeholders may use: strings, dicts and lists only.

The context carries the pack's placeholder budget (see placeholders.py), so every
field filled with one context spends from the same budget.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from briefpack.document.placeholders import PlaceholderContext
from briefpack.model.dates import long_date
from briefpack.model.pack import Pack
from briefpack.model.sections import StatisticsSection
from briefpack.model.threat import ThreatLevel


def placeholder_context(pack: Pack, today: date) -> PlaceholderContext:
    return PlaceholderContext(_names(pack, today))


def _names(pack: Pack, today: date) -> dict[str, Any]:
    meta, threat = pack.meta, pack.threat
    return {
        "pack": {
            "title": meta.title,
            "subtitle": meta.subtitle or "",
            "audience": meta.audience or "",
            "author": meta.author or "",
            "marking": meta.marking,
            "date": long_date(meta.date),
            "date_iso": meta.date.isoformat(),
        },
        "threat": {
            "level": threat.level.value,
            "name": threat.level.display_name,
            "meaning": threat.level.meaning,
            "since": long_date(threat.since) if threat.since else "",
            "northern_ireland": _level_name(threat.northern_ireland),
        },
        "stats": _stats(pack),
        "today": long_date(today),
    }


def _level_name(level: ThreatLevel | None) -> str:
    return level.display_name if level else ""


def _stats(pack: Pack) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for section in pack.sections:
        if not isinstance(section, StatisticsSection):
            continue
        for item in section.items:
            if item.id:
                out[item.id] = {
                    "value": item.value,
                    "label": item.label,
                    "source": item.source or "",
                    "as_of": long_date(item.as_of) if item.as_of else "",
                }
    return out
