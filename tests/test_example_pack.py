"""The example pack rebuilds the 2016 handout, and the published schema matches the code."""

from __future__ import annotations

import importlib.util
import json
import re
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest

from briefpack.model import Pack, ThreatLevel, load_pack, pack_to_bytes
from briefpack.model.jsonfile import parse_json
from briefpack.model.sections import (
    CalloutSection,
    LinksSection,
    QuoteSection,
    StatisticsSection,
    TextSection,
)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "protective-security-update.bpack"
SCHEMA = ROOT / "docs" / "pack.schema.json"
SOURCE = "Counter Terrorism Policing, update to CSSC Industry Sector Leads"
AS_OF = date(2016, 8, 1)

# Every figure in shared/reference/README.md, by the item id the example gives it.
FIGURES = {
    "public_contributions": "3,629",
    "hotline_calls": "32",
    "radicalisation_referrals": "2",
    "prevent_tragedies_visits": "300",
    "online_referrals": "5",
    "nactso_sessions": "1,750",
    "people_briefed": "300",
    "stay_safe_views": "1,250",
    "arrests_last_year": "330",
    "daesh_attacks_year": "317",
    "daesh_attacks_europe": "120",
}


@pytest.fixture(scope="module")
def pack() -> Pack:
    return load_pack(EXAMPLE)


@pytest.fixture(scope="module")
def make_schema() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_schema", ROOT / "tools" / "make_schema.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def sections_of(pack: Pack, kind: type) -> list:
    return [s for s in pack.sections if isinstance(s, kind)]


def test_example_is_a_pack_of_the_current_version(pack: Pack) -> None:
    assert pack.format == "briefpack/pack" and pack.version == 1


def test_meta(pack: Pack) -> None:
    meta = pack.meta
    assert meta.title == "Counter Terrorism Protective Security Update"
    assert meta.subtitle == "Update for CSSC Industry Sector Leads"
    assert meta.audience == "CSSC Industry Sector Leads"
    assert meta.date == date(2016, 8, 1)
    assert meta.author == "Detective Superintendent, Protect and Prepare"
    assert (meta.marking, meta.brand, meta.page_size) == ("OFFICIAL", "default", "A4")


def test_threat_is_severe_since_august_2014(pack: Pack) -> None:
    assert pack.threat.level is ThreatLevel.SEVERE
    assert pack.threat.since == date(2014, 8, 29)
    assert pack.threat.northern_ireland is ThreatLevel.SUBSTANTIAL


def test_has_every_kind_of_section_the_handout_uses(pack: Pack) -> None:
    kinds = {s.kind for s in pack.sections}
    assert {"text", "threat_level", "callout", "quote", "statistics", "links"} <= kinds


def test_every_section_has_a_unique_stable_id(pack: Pack) -> None:
    ids = [s.id for s in pack.sections]
    assert all(ids) and len(set(ids)) == len(ids)


def test_every_statistic_from_the_reference(pack: Pack) -> None:
    items = [i for s in sections_of(pack, StatisticsSection) for i in s.items]
    by_id = {i.id: i for i in items}
    assert len(by_id) == len(items), "statistic ids must be unique"
    assert {k: by_id[k].value for k in FIGURES if k in by_id} == FIGURES
    assert sorted(i.value for i in items) == sorted(FIGURES.values())
    for item in items:
        assert item.source == SOURCE, item.id
        assert item.as_of == AS_OF, item.id
        assert item.label.strip(), item.id
    assert all(s.chart for s in sections_of(pack, StatisticsSection))


def test_hotline_callout(pack: Pack) -> None:
    (callout,) = sections_of(pack, CalloutSection)
    assert callout.style == "alert"
    assert callout.title == "If you suspect it, report it"
    assert "**Call 0800 789 321**" in callout.body
    assert "Confidential Anti-Terrorist Hotline" in callout.body


def test_quote_is_attributed(pack: Pack) -> None:
    (quote,) = sections_of(pack, QuoteSection)
    assert quote.speaker == "Assistant Commissioner Mark Rowley"
    assert quote.role == "National Lead for Counter Terrorism Policing"
    assert "communities defeat terrorism" in quote.body


def test_handout_headings_in_order(pack: Pack) -> None:
    titles = [s.title for s in pack.sections if isinstance(s, TextSection | LinksSection)]
    assert titles == [
        "Introduction",
        "Communities defeat terrorism – 3,629 times a day",
        "Stay Safe",
        "Reporting suspicions and concerns",
        "And by being prepared",
        "Key websites",
    ]


def test_reporting_is_a_numbered_list_and_preparing_a_bullet_list(pack: Pack) -> None:
    by_id = {s.id: s for s in pack.sections}
    reporting = by_id["reporting"].body
    assert [int(n) for n in re.findall(r"^(\d+)\. ", reporting, re.M)] == [1, 2, 3]
    assert "{{ stats.hotline_calls.value }}" in reporting
    assert len(re.findall(r"^- ", by_id["prepared"].body, re.M)) == 5


def test_key_websites(pack: Pack) -> None:
    (links,) = sections_of(pack, LinksSection)
    assert links.qr is True
    urls = {i.url for i in links.items if i.url}
    assert urls == {
        "https://www.preventtragedies.co.uk",
        "https://www.gov.uk/report-terrorism",
        "https://www.gov.uk/nactso",
        "https://www.gov.uk/government/publications/project-griffin",
        "https://www.gov.uk/ACT",
    }
    assert "0800 789 321" in {i.phone for i in links.items}


def test_every_placeholder_names_something(pack: Pack) -> None:
    compose = pytest.importorskip("briefpack.document.compose")
    document = compose.compose(pack, EXAMPLE.parent, today=date(2016, 8, 1))
    text = repr(document)
    assert "{{" not in text and "}}" not in text
    assert "On 1 August 2016 the Detective Superintendent" in text
    assert "29 August 2014" in text


def test_example_file_is_canonical() -> None:
    raw = EXAMPLE.read_bytes()
    assert pack_to_bytes(load_pack(EXAMPLE)) == raw, (
        "rewrite the example with pack_to_bytes(load_pack(path))"
    )


# ---- the published JSON Schema -------------------------------------------


def test_schema_file_is_up_to_date(make_schema: ModuleType) -> None:
    assert SCHEMA.read_text(encoding="utf-8") == make_schema.render(), (
        "docs/pack.schema.json is out of date: run python tools/make_schema.py"
    )


def test_make_schema_check_mode(make_schema: ModuleType, tmp_path: Path) -> None:
    assert make_schema.main(["--check"]) == 0
    stale = tmp_path / "schema.json"
    stale.write_text("{}\n", encoding="utf-8")
    assert make_schema.main(["--check", "--output", str(stale)]) == 1
    assert make_schema.main(["--output", str(stale)]) == 0
    assert make_schema.main(["--check", "--output", str(stale)]) == 0


def test_schema_is_deterministic(make_schema: ModuleType) -> None:
    first = make_schema.render()
    assert first == make_schema.render()
    assert first.endswith("}\n")
    assert json.dumps(json.loads(first), indent=2, sort_keys=True, ensure_ascii=False) + "\n" == (
        first
    )


def test_schema_header() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["$id"] == "briefpack/pack/v1"
    assert schema["title"]
    assert {"Pack", "Template"} <= set(schema["$defs"])


@pytest.fixture(scope="module")
def validator():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def test_example_validates_against_the_schema(validator) -> None:
    errors = list(validator.iter_errors(parse_json(EXAMPLE.read_bytes(), EXAMPLE)))
    assert errors == []


def test_schema_refuses_what_the_loader_refuses(validator) -> None:
    good = parse_json(EXAMPLE.read_bytes(), EXAMPLE)
    assert validator.is_valid(good)

    def variant(change) -> dict:
        data = json.loads(json.dumps(good))
        change(data)
        return data

    assert not validator.is_valid(variant(lambda d: d.pop("format")))
    assert not validator.is_valid(variant(lambda d: d.update(version=2)))
    assert not validator.is_valid(variant(lambda d: d["sections"][0].pop("kind")))
    assert not validator.is_valid(variant(lambda d: d["sections"][0].update(kind="timeline")))
    assert not validator.is_valid(variant(lambda d: d["threat"].update(level="SEVERE")))
    assert not validator.is_valid(variant(lambda d: d["meta"].update(date="1 August 2016")))
    assert not validator.is_valid(variant(lambda d: d["meta"].pop("title")))
    # unknown fields are allowed, as the loader keeps them
    assert validator.is_valid(variant(lambda d: d.update(x_future={"a": 1})))
    # a template is valid too
    template = variant(
        lambda d: d.update(format="briefpack/template", name="PSU", description="A PSU.")
    )
    assert validator.is_valid(template)


# ---- the format documentation ----------------------------------------------

DOC = ROOT / "docs" / "pack-format.md"


def json_blocks() -> list[str]:
    return re.findall(r"^```json\n(.*?)^```", DOC.read_text(encoding="utf-8"), re.M | re.S)


def test_every_json_block_in_the_docs_is_valid_json() -> None:
    blocks = json_blocks()
    assert len(blocks) >= 2
    for block in blocks:
        parse_json(block.encode(), "docs/pack-format.md")


def test_the_docs_example_pack_loads_composes_and_matches_the_schema(
    tmp_path: Path, validator
) -> None:
    block = json_blocks()[-1]
    path = tmp_path / "small.bpack"
    path.write_text(block, encoding="utf-8")
    small = load_pack(path)
    assert {s.kind for s in small.sections} >= {"threat_level", "callout", "statistics", "links"}
    assert validator.is_valid(json.loads(block))
    compose = pytest.importorskip("briefpack.document.compose")
    assert "{{" not in repr(compose.compose(small, tmp_path, today=date(2016, 8, 1)))


def test_docs_list_the_official_threat_meanings() -> None:
    doc = DOC.read_text(encoding="utf-8")
    for level in ThreatLevel:
        assert f"| `{level.value}` | {level.display_name} | {level.meaning} |" in doc
