"""Sections and library items in plain words, for people browsing the library.

`library.section_lines` says the same things as 'field: value' lines for comparing versions
(the "Show changes" diff); these lines are for reading: "3,629 — calls to the hotline ·
Source: … · as of 1 August 2016", the text of prose without its Markdown marks.
"""

from __future__ import annotations

import re

from briefpack.model.dates import long_date
from briefpack.model.library import LibraryItem
from briefpack.model.sections import (
    CalloutSection,
    ImageSection,
    LinkItem,
    LinksSection,
    QuoteSection,
    Section,
    StatisticsSection,
    StatItem,
    TextSection,
    ThreatLevelSection,
)
from briefpack.model.threat import ThreatLevel

SEP = " · "
_THREAT_FIELDS = {"level": "national", "northern_ireland": "Northern Ireland-related"}

# Markdown marks a reader should not see: [text](url) keeps its text, emphasis loses its
# stars and underscores, list bullets become "•", heading hashes and hard breaks go.
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_STRONG = re.compile(r"(\*\*|__)(.+?)\1")
_EMPHASIS = re.compile(r"(?<![\w*])([*_])(?!\s)(.+?)(?<!\s)\1(?![\w*])")
_BULLET = re.compile(r"^\s*[-*+]\s+")
_HEADING = re.compile(r"^\s*#{1,6}\s+")


def item_lines(item: LibraryItem) -> list[str]:
    """What inserting `item` would add, in plain lines: the threat it sets, then its section."""
    lines = [
        f"Sets the {_THREAT_FIELDS[name]} threat level to {ThreatLevel(level).display_name}"
        for name, level in (item.threat or {}).items()
    ]
    return lines + section_plain_lines(item.section)


def section_plain_lines(section: Section) -> list[str]:
    """The section's content as a reader would say it, one line per paragraph or row."""
    if isinstance(section, StatisticsSection):
        return _titled(section.title, [figure_line(row) for row in section.items])
    if isinstance(section, LinksSection):
        return _titled(section.title, [link_line(row) for row in section.items])
    if isinstance(section, QuoteSection):
        speaker = ", ".join(part for part in (section.speaker, section.role) if part)
        return [f"“{' '.join(markdown_lines(section.body))}”", f"— {speaker}"]
    if isinstance(section, TextSection | CalloutSection):
        return _titled(section.title, markdown_lines(section.body))
    if isinstance(section, ThreatLevelSection):
        title = section.title or "Current threat level"
        return _titled(title, markdown_lines(section.note or ""))
    if isinstance(section, ImageSection):
        return [section.caption or section.alt or "Image", f"Picture file: {section.path}"]
    return ["Page break"]


def figure_line(row: StatItem) -> str:
    """'3,629 — contributions from the public · Source: … · as of 1 August 2016'."""
    parts = [f"{row.value} — {row.label}" if row.label else row.value]
    if row.source:
        parts.append(f"Source: {row.source}")
    parts.append(f"as of {long_date(row.as_of)}" if row.as_of else "no as-of date")
    return SEP.join(parts)


def link_line(row: LinkItem) -> str:
    """'Confidential Anti-Terrorist Hotline · 0800 789 321' (web address and phone as given)."""
    parts = [row.label, *(part for part in (row.url, row.phone) if part)]
    line = SEP.join(parts)
    return f"{line} — {row.note}" if row.note else line


def markdown_lines(text: str) -> list[str]:
    """The non-blank lines of Markdown `text` with the marks taken out."""
    lines = []
    for line in text.splitlines():
        plain = _plain(line)
        if plain:
            lines.append(plain)
    return lines


def _plain(line: str) -> str:
    bullet = "• " if _BULLET.match(line) else ""
    line = _HEADING.sub("", _BULLET.sub("", line))
    line = _LINK.sub(r"\1", line)
    line = _STRONG.sub(r"\2", line)
    line = _EMPHASIS.sub(r"\2", line)
    line = line.rstrip("\\").strip()
    return bullet + line if line else ""


def _titled(title: str | None, lines: list[str]) -> list[str]:
    return [title.strip(), *lines] if title and title.strip() else lines
