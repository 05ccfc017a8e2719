"""The words of the example handout, read from its .bpack with the json module: what the two
floor scripts (pdf_handout.py, docx_handout.py) share.

A hand-written script for one handout needs no template engine and no Markdown library:
the example's placeholders are a dozen fixed names, and its Markdown is paragraphs, bullet
and numbered lists, **bold**, *italic* and [links](url). Imports nothing of briefpack.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "protective-security-update.bpack"
ASSETS = ROOT / "assets"
LOGO = ASSETS / "brands" / "shield-logo.png"
FONTS = ASSETS / "fonts"
BRAND = ASSETS / "brands" / "default.json"

LEVELS = ("low", "moderate", "substantial", "severe", "critical")
MEANINGS = {
    "low": "an attack is highly unlikely",
    "moderate": "an attack is possible but not likely",
    "substantial": "an attack is likely",
    "severe": "an attack is highly likely",
    "critical": "an attack is highly likely in the near future",
}
# The threat scale's fills and inks (the same ramp the handout prints).
STEP_FILLS = ("D4EDD0", "F5DC6E", "F0A23C", "D9532B", "8E1B1B")
STEP_INKS = ("000000", "000000", "000000", "FFFFFF", "FFFFFF")

_PLACEHOLDER = re.compile(r"\{\{\s*([a-z_.]+)\s*\}\}")
_INLINE = re.compile(r"\*\*(.+?)\*\*|\*(.+?)\*|\[([^\]]+)\]\(([^)]+)\)")


@dataclass(frozen=True)
class Span:
    """A run of text: plain, bold, italic, or a link."""

    text: str
    bold: bool = False
    italic: bool = False
    url: str | None = None


@dataclass(frozen=True)
class Para:
    """A paragraph, or a list item ("bullet" or "number", with its number)."""

    spans: tuple[Span, ...]
    kind: str = "para"
    number: int = 0


def long_date(iso: str) -> str:
    day = date.fromisoformat(iso)
    return f"{day.day} {day:%B %Y}"


def load(path: Path = EXAMPLE) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def brand() -> dict:
    return json.loads(BRAND.read_text(encoding="utf-8"))


def stats_of(pack: dict) -> dict[str, dict]:
    return {
        item["id"]: item
        for section in pack["sections"]
        if section["kind"] == "statistics"
        for item in section["items"]
    }


def values(pack: dict) -> dict[str, str]:
    """Every placeholder the example uses, by name."""
    meta, threat = pack["meta"], pack["threat"]
    found = {
        "pack.date": long_date(meta["date"]),
        "pack.audience": meta.get("audience", ""),
        "pack.title": meta["title"],
        "threat.name": threat["level"].upper(),
        "threat.level": threat["level"],
        "threat.meaning": MEANINGS[threat["level"]],
        "threat.since": long_date(threat["since"]),
    }
    for key, item in stats_of(pack).items():
        found[f"stats.{key}.value"] = item["value"]
    return found


def fill(text: str, known: dict[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda m: known[m.group(1)], text)


def spans(text: str) -> tuple[Span, ...]:
    out, at = [], 0
    for match in _INLINE.finditer(text):
        if match.start() > at:
            out.append(Span(text[at : match.start()]))
        bold, italic, label, url = match.groups()
        if bold is not None:
            out.append(Span(bold, bold=True))
        elif italic is not None:
            out.append(Span(italic, italic=True))
        else:
            out.append(Span(label, url=url))
        at = match.end()
    if at < len(text):
        out.append(Span(text[at:]))
    return tuple(out)


def paragraphs(body: str, known: dict[str, str]) -> list[Para]:
    """The example's Markdown: blank-line paragraphs, "- " bullets, "1. " numbered items."""
    out = []
    for block in fill(body, known).split("\n\n"):
        for line in block.split("\n"):
            if line.startswith("- "):
                out.append(Para(spans(line[2:]), "bullet"))
            elif re.match(r"\d+\. ", line):
                number, _, rest = line.partition(". ")
                out.append(Para(spans(rest), "number", int(number)))
            elif out and out[-1].kind == "para" and not line:
                continue
            else:
                out.append(Para(spans(line)))
    return out


def footer_line(pack: dict) -> str:
    return f"{pack['meta']['title']} · {long_date(pack['meta']['date'])}"


def byline(pack: dict) -> str:
    return f"{pack['meta']['author']} · {long_date(pack['meta']['date'])}"


def link_address(item: dict) -> str:
    """What a link entry shows: the address without its scheme, or the phone number."""
    if item.get("url"):
        return re.sub(r"^https?://", "", item["url"])
    return f"Tel: {item['phone']}"
