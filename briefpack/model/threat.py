"""The UK national terrorism threat levels and their official meanings."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ThreatLevel(StrEnum):
    LOW = "low"
    MODERATE = "moderate"
    SUBSTANTIAL = "substantial"
    SEVERE = "severe"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        """1 (low) to 5 (critical)."""
        return list(ThreatLevel).index(self) + 1

    @property
    def display_name(self) -> str:
        return self.value.upper()

    @property
    def meaning(self) -> str:
        return MEANINGS[self]


MEANINGS: dict[ThreatLevel, str] = {
    ThreatLevel.LOW: "an attack is highly unlikely",
    ThreatLevel.MODERATE: "an attack is possible but not likely",
    ThreatLevel.SUBSTANTIAL: "an attack is likely",
    ThreatLevel.SEVERE: "an attack is highly likely",
    ThreatLevel.CRITICAL: "an attack is highly likely in the near future",
}


@dataclass(frozen=True)
class LevelWording:
    level: ThreatLevel
    name: str
    meaning: str


def wording(level: ThreatLevel | str) -> LevelWording:
    lvl = ThreatLevel(level)
    return LevelWording(lvl, lvl.display_name, lvl.meaning)
