"""The built-in content: library items (assets/library) and the new templates.

Every item is validated three ways (the file as JSON, its section as a pack section, the
file through the library loader) and rendered to PDF and DOCX; its words must come out.
"""

from __future__ import annotations

import copy
import io
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from packs import EXAMPLE
from pypdf import PdfReader
from readback import docx_text, pdf_text

from briefpack.document.compose import compose
from briefpack.model.jsonfile import read_json
from briefpack.model.library import CATEGORIES, load_library
from briefpack.model.pack import Template
from briefpack.model.packfile import load_pack, pack_from_data
from briefpack.model.resources import asset, data_dir
from briefpack.model.templates import template_to_pack
from briefpack.model.threat import ThreatLevel, wording
from briefpack.render import render

LIBRARY_DIR = asset("library")
LIBRARY_FILES = sorted(LIBRARY_DIR.glob("*.json"))
TODAY = date(2026, 11, 21)
NOTICE = data_dir("templates") / "threat-level-change-notice.bpack"
BRIEFING = data_dir("templates") / "sector-meeting-briefing.bpack"

# Every figure the reference README lists, with a word its label must carry.
README_FIGURES = [
    ("3,629", "contributions"), ("3,600", "information"), ("3,639", "contributions"),
    ("32", "hotline"), ("2", "radicalisation"), ("300", "prevent tragedies"), ("5", "online"),
    ("1,750", "nactso"), ("300", "briefed"), ("1,250", "stay safe"), ("330", "arrests"),
    ("317", "daesh"), ("120", "europe"), ("7", "plots"), ("36", "killed"),
]  # fmt: skip


def library_items() -> list[tuple[Path, dict[str, Any]]]:
    return [(file, item) for file in LIBRARY_FILES for item in read_json(file)["items"]]


ITEMS = library_items()
ITEM_IDS = [item["id"] for _, item in ITEMS]


def pack_with(section: dict[str, Any], threat: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "format": "briefpack/pack",
        "version": 1,
        "meta": {"title": "Built-in content", "date": TODAY.isoformat(), "marking": "OFFICIAL"},
        "threat": {"level": "substantial", **(threat or {})},
        "sections": [copy.deepcopy(section)],
    }


def words(text: str) -> list[str]:
    """Lower-case words, Markdown link targets and punctuation dropped."""
    text = re.sub(r"\]\([^)]*\)", "]", text)
    return re.findall(r"[a-z0-9]+", text.lower())


def in_order(needle: list[str], haystack: list[str]) -> bool:
    """needle is a subsequence of haystack (same order, gaps allowed for bullets etc.)."""
    rest = iter(haystack)
    return all(word in rest for word in needle)


def shown_fields(section: dict[str, Any]) -> list[str]:
    """The texts of a section that the reader sees (not URLs)."""
    fields = [section.get(k) for k in ("title", "body", "note", "speaker", "role")]
    for entry in section.get("items", []):
        fields += [entry.get(k) for k in ("value", "label", "phone", "note")]
    return [f for f in fields if f]


def render_both(data: dict[str, Any]) -> tuple[bytes, bytes]:
    pack = pack_from_data(data)
    doc = compose(pack, ".", today=TODAY)
    return render(doc, "pdf", invariant=True), render(doc, "docx", invariant=True)


# ---- the files ------------------------------------------------------------------


def test_every_category_has_its_own_file_and_items():
    assert {f.stem for f in LIBRARY_FILES} >= {
        "threat", "statistics", "advice", "callouts", "contacts", "quotes",
    }  # fmt: skip
    found = {item["category"] for _, item in ITEMS}
    assert found == set(CATEGORIES)


@pytest.mark.parametrize("file", LIBRARY_FILES, ids=lambda f: f.name)
def test_library_file_loads_with_the_library_loader(file):
    library = load_library(file)
    assert [item.id for item in library.items] == [i["id"] for i in read_json(file)["items"]]
    assert all(item.builtin for item in library.items)


def test_item_ids_are_unique_and_name_their_category():
    assert len(ITEM_IDS) == len(set(ITEM_IDS))
    for _, item in ITEMS:
        assert re.fullmatch(rf"builtin\.{re.escape(item['category'])}\.[a-z0-9-]+", item["id"])


@pytest.mark.parametrize(("file", "item"), ITEMS, ids=ITEM_IDS)
def test_item_has_the_contract_fields_and_a_valid_section(file, item):
    for field in ("id", "name", "category", "tags", "updated", "source", "reviewed", "section"):
        assert item.get(field), f"{item['id']}: {field} missing"
    date.fromisoformat(item["updated"])
    assert date.fromisoformat(item["reviewed"]) <= TODAY
    pack_from_data(pack_with(item["section"], item.get("threat")), f"{file}:{item['id']}")


# ---- threat levels ------------------------------------------------------------------


def test_one_threat_item_per_national_and_northern_ireland_level():
    threats = [item["threat"] for _, item in ITEMS if item["category"] == "threat"]
    levels = [t["level"] for t in threats if "level" in t]
    ni_levels = [t["northern_ireland"] for t in threats if "northern_ireland" in t]
    assert sorted(levels) == sorted(ni_levels) == sorted(level.value for level in ThreatLevel)


@pytest.mark.parametrize(
    "item", [i for _, i in ITEMS if i["category"] == "threat"], ids=lambda i: i["id"]
)
def test_threat_item_uses_the_official_meaning(item):
    level = next(iter(item["threat"].values()))
    section = item["section"]
    assert section["kind"] == "threat_level"
    assert f"**{wording(level).name}**: {wording(level).meaning}." in section["note"]


# ---- statistics ------------------------------------------------------------------


def statistic_entries() -> list[dict[str, Any]]:
    return [
        entry
        for _, item in ITEMS
        if item["category"] == "statistics"
        for entry in item["section"]["items"]
    ]


def figure(value: str) -> str:
    return re.sub(r"[^\d.]", "", value)


@pytest.mark.parametrize(("value", "keyword"), README_FIGURES)
def test_every_reference_figure_is_a_library_value(value, keyword):
    matches = [
        e
        for e in statistic_entries()
        if figure(e["value"]) == figure(value) and keyword in e["label"].lower()
    ]
    assert matches, f"no statistic {value} ({keyword})"


def test_every_statistic_has_label_value_source_and_date():
    for entry in statistic_entries():
        assert entry["label"] and entry["value"] and entry["source"] and entry["id"]
        date.fromisoformat(entry["as_of"])


def test_statistic_ids_match_the_example_pack():
    library = {(e["value"], e["label"]): e["id"] for e in statistic_entries()}
    example = load_pack(EXAMPLE)
    for section in example.sections:
        for entry in getattr(section, "items", []) if section.kind == "statistics" else []:
            assert library.get((entry.value, entry.label)) == entry.id, entry.label


def test_per_day_set_is_charted_and_holds_every_per_day_figure():
    sets = [i["section"] for _, i in ITEMS if i["section"].get("title", "").endswith("per day")]
    assert len(sets) == 1 and sets[0]["chart"] is True
    per_day = [e for e in statistic_entries() if "on average per day" in e["label"]]
    assert {e["id"] for e in per_day} == {e["id"] for e in sets[0]["items"]}
    assert len(sets[0]["items"]) == 8


# ---- rendering every item ------------------------------------------------------------


@pytest.mark.parametrize(("file", "item"), ITEMS, ids=ITEM_IDS)
def test_item_renders_to_pdf_and_docx_with_its_words(file, item):
    pdf, docx = render_both(pack_with(item["section"], item.get("threat")))
    for name, text in (("pdf", pdf_text(pdf)), ("docx", docx_text(docx))):
        out = words(text)
        out_set = set(out)
        for field in shown_fields(item["section"]):
            missing = set(words(field)) - out_set
            assert not missing, f"{item['id']} {name}: {sorted(missing)[:8]} not in output"
        body = item["section"].get("body")
        if body:  # prose must come out whole and in order
            assert in_order(words(body), out), f"{item['id']} {name}: body out of order"


@pytest.mark.parametrize(
    "item", [i for _, i in ITEMS if i["category"] == "advice"], ids=lambda i: i["id"]
)
def test_advice_item_text_appears_in_both_outputs(item):
    pdf, docx = render_both(pack_with(item["section"]))
    expected = words(item["section"]["title"]) + words(item["section"]["body"])
    assert in_order(expected, words(pdf_text(pdf)))
    assert in_order(expected, words(docx_text(docx)))


def test_advice_gives_the_reference_numbers():
    advice = " ".join(i["section"]["body"] for _, i in ITEMS if i["category"] == "advice")
    for fact in ("0800 789 321", "gov.uk/ACT", "999", "101", "0800 011 3764",
                 "gov.uk/report-terrorism", "ProtectUK", "NaCTSO", "Project Griffin"):  # fmt: skip
        assert fact in advice


def test_contacts_entries_each_have_a_url_or_phone():
    for _, item in ITEMS:
        if item["category"] == "contacts":
            assert item["section"]["kind"] == "links"
            assert all(e.get("url") or e.get("phone") for e in item["section"]["items"])


# ---- templates ------------------------------------------------------------------


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def render_template(path: Path, level: str | None = None) -> tuple[bytes, bytes]:
    template = load_pack(path)
    assert isinstance(template, Template)
    assert template.name and template.description
    pack = template_to_pack(template, today=TODAY)  # the officer's way: a new pack from it
    if level:
        pack.threat.level = ThreatLevel(level)
    doc = compose(pack, path.parent, today=TODAY)
    return render(doc, "pdf", invariant=True), render(doc, "docx", invariant=True)


@pytest.mark.parametrize("level", [level.value for level in ThreatLevel])
def test_threat_notice_is_one_page_at_every_level(level):
    pdf, docx = render_template(NOTICE, level)
    assert page_count(pdf) == 1
    text = pdf_text(pdf)
    assert f"The threat level is now {wording(level).name}" in text
    assert wording(level).meaning in text.lower()
    assert "0800 789 321" in docx_text(docx)


def test_threat_notice_uses_placeholders_for_the_level():
    raw = NOTICE.read_text(encoding="utf-8")
    assert "{{ threat.name }}" in raw and "{{ threat.meaning }}" in raw


def test_sector_briefing_is_two_statistics_led_pages_with_a_chart():
    pdf, docx = render_template(BRIEFING)
    assert page_count(pdf) == 2
    template = load_pack(BRIEFING)
    stats = [s for s in template.sections if s.kind == "statistics"]
    assert any(s.chart for s in stats)
    assert sum(len(s.items) for s in stats) >= 10
    for section in stats:
        for entry in section.items:
            assert entry.value in pdf_text(pdf) and entry.value in docx_text(docx)
