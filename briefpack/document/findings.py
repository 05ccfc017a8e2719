"""What a check finds, and how findings are ordered, grouped and put into words.

A module of its own so that every kind of check (checks, freshness, layout_checks,
threat_checks) builds on it without importing the module that runs them all. No Qt: the
command line prints findings and the desktop app lists them, errors first, repeats of one
kind (eleven statistics of the same old date) folded into one group.

Three severities: an error stops an export (compose would refuse the pack), a warning is
worth fixing, a hint is a gentle suggestion (a long sentence) listed after both. Only
errors ever block anything.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from briefpack.model.editing import describe_location, describe_section
from briefpack.model.pack import Pack

Severity = Literal["error", "warning", "hint"]

SEVERITY_ORDER: dict[str, int] = {"error": 0, "warning": 1, "hint": 2}
# Each severity as a person reads it (the Checks panel's tooltips, its screen-reader text).
SEVERITY_WORDS: dict[str, str] = {"error": "Error", "warning": "Warning", "hint": "Hint"}


@dataclass(frozen=True)
class Finding:
    """One thing to look at: in section `section` (None: the pack as a whole), at the field
    `where` ('sections[3].items[0].as_of', for programs; people see finding_text)."""

    section: int | None
    where: str
    severity: Severity
    message: str
    # Findings sharing a group say the same of different places (statistics of one old
    # date); by default those with the same message. Not part of equality: two findings
    # are the same when they say the same thing of the same place.
    group: str = field(default="", compare=False)
    # What several findings of the group say together; "{count}" stands for how many.
    group_text: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not self.group:
            object.__setattr__(self, "group", f"message:{self.message}")


@dataclass(frozen=True)
class FindingGroup:
    """Findings of one group and severity, in check order; one finding is a group of one."""

    members: tuple[Finding, ...]

    @property
    def first(self) -> Finding:
        return self.members[0]

    @property
    def severity(self) -> Severity:
        return self.first.severity

    @property
    def summary(self) -> str:
        """The one finding's message, or for several e.g. '11 statistics dated 1 August
        2016, more than 12 months ago'."""
        count = len(self.members)
        if count == 1:
            return self.first.message
        if self.first.group_text:
            return self.first.group_text.format(count=count)
        return f"in {count} places: {self.first.message}"


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Errors first, then warnings, then hints; within each, pack-wide findings, then section
    order."""
    return sorted(
        findings,
        key=lambda f: (
            SEVERITY_ORDER.get(f.severity, len(SEVERITY_ORDER)),
            -1 if f.section is None else f.section,
        ),
    )


def group_findings(findings: Iterable[Finding]) -> list[FindingGroup]:
    """Findings of the same group and severity folded together, each group where its first
    member stands (so sorted findings give sorted groups)."""
    groups: dict[tuple[str, str], list[Finding]] = {}
    for finding in findings:
        groups.setdefault((finding.severity, finding.group), []).append(finding)
    return [FindingGroup(tuple(members)) for members in groups.values()]


def finding_place(pack: Pack, finding: Finding) -> str:
    """Where a person finds it: 'Section 3 · Key figures', 'Pack settings', 'Library'."""
    if finding.section is not None and 0 <= finding.section < len(pack.sections):
        title = describe_section(pack.sections[finding.section])
        title = title if len(title) <= 40 else title[:39] + "…"
        return f"Section {finding.section + 1} · {title}"
    if finding.section is not None:
        return f"Section {finding.section + 1}"
    return "Library" if finding.where.startswith("library") else "Pack settings"


def finding_text(pack: Pack, finding: Finding) -> str:
    """'Section 3 · Key figures: statistic 'hotline calls' is dated …' — no field paths."""
    return f"{finding_place(pack, finding)}: {finding.message}"


def finding_location(pack: Pack, finding: Finding) -> str:
    """The field in words, 'Section 6 “Key figures” (Statistics), row 2, as-of date'."""
    words = describe_location(pack, finding.where)
    return words[:1].upper() + words[1:] if words != finding.where else finding_place(pack, finding)
