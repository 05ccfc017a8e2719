"""Pack checks: each check on its own, and `briefpack validate` printing them."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

from hypothesis import given
from hypothesis import strategies as st
from packs import pack_data

from briefpack.document.checks import check_pack
from briefpack.document.findings import (
    Finding,
    finding_location,
    finding_text,
    group_findings,
    sort_findings,
)
from briefpack.model.packfile import pack_from_data

TODAY = date(2016, 8, 1)


def findings(*sections, base_dir=".", **meta):
    data = pack_data(*sections, **meta)
    return check_pack(pack_from_data(data), base_dir, TODAY)


def where(found: list[Finding]) -> list[str]:
    return [f.where for f in found]


def test_clean_pack_has_no_findings():
    assert findings({"kind": "text", "title": "Hi {{ pack.title }}", "body": "Body"}) == []


def test_every_bad_placeholder_is_reported():
    found = findings(
        {"kind": "text", "title": "{{ nope }}", "body": "{{ stats.missing.value }}"},
        {"kind": "callout", "title": "ok", "body": "{% if %}"},
    )
    assert where(found) == ["sections[0].title", "sections[0].body", "sections[1].body"]
    assert all(f.severity == "error" for f in found)
    assert found[0].section == 0 and "unknown placeholder" in found[0].message
    assert found[2].section == 1 and "syntax" in found[2].message


def test_placeholders_in_items_are_checked():
    found = findings(
        {"kind": "links", "items": [{"label": "ok"}, {"label": "x", "note": "{{ bad }}"}]}
    )
    assert where(found) == ["sections[0].items[1].note"]


def test_old_and_undated_statistics():
    found = findings(
        {
            "kind": "statistics",
            "items": [
                {"value": "1", "label": "new", "as_of": "2016-01-01"},
                {"value": "2", "label": "old", "as_of": "2015-07-01"},
                {"value": "3", "label": "undated"},
            ],
        }
    )
    assert where(found) == ["sections[0].items[1].as_of", "sections[0].items[2].as_of"]
    assert all(f.severity == "warning" and f.section == 0 for f in found)
    assert "12 months" in found[0].message
    assert "no 'as of' date" in found[1].message


def test_max_age_is_configurable():
    data = pack_data(
        {"kind": "statistics", "items": [{"value": "1", "label": "x", "as_of": "2016-01-01"}]}
    )
    pack = pack_from_data(data)
    assert check_pack(pack, ".", TODAY, max_age_months=7) == []
    assert len(check_pack(pack, ".", TODAY, max_age_months=6)) == 1


def test_image_without_alt_and_missing_file(tmp_path):
    (tmp_path / "here.png").write_bytes(b"not checked")
    found = findings(
        {"kind": "image", "path": "here.png", "alt": " "},
        {"kind": "image", "path": "gone.png", "alt": "A map"},
        base_dir=tmp_path,
    )
    assert [(f.where, f.severity) for f in found] == [
        ("sections[1].path", "error"),  # errors first
        ("sections[0].alt", "warning"),
    ]
    assert "gone.png" in found[0].message


def test_no_marking():
    found = findings(marking="")
    assert found == [Finding(None, "meta.marking", "warning", "no protective marking chosen")]


def test_threat_level_without_date():
    data = pack_data()
    del data["threat"]["since"]
    found = check_pack(pack_from_data(data), ".", TODAY)
    assert found == [Finding(None, "threat.since", "warning", "threat level has no date")]


def test_threat_level_dated_after_the_pack():
    data = pack_data()
    data["threat"]["since"] = "2016-09-01"
    found = check_pack(pack_from_data(data), ".", TODAY)
    assert where(found) == ["threat.since"]
    assert "after the pack's date" in found[0].message


def test_validate_prints_findings_and_exits_0(tmp_path):
    data = pack_data(
        {"kind": "statistics", "items": [{"value": "1", "label": "undated"}]}, marking=""
    )
    path = tmp_path / "p.bpack"
    path.write_text(json.dumps(data), encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-m", "briefpack", "validate", str(path)],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert f"{path}: meta.marking: warning: no protective marking chosen" in lines
    assert (
        f"{path}: sections[0].items[0].as_of: warning: statistic 'undated' has no 'as of' date"
        in lines
    )
    assert lines[-1] == f"{path}: ok (1 section)"


# ---- order --------------------------------------------------------------------------------


def test_errors_come_first_then_section_order():
    found = findings(
        {"kind": "statistics", "items": [{"value": "1", "label": "undated"}]},
        {"kind": "text", "body": "{{ nope }}"},
        {"kind": "text", "body": "{{ also_nope }}"},
        marking="",
    )
    assert [(f.severity, f.section) for f in found] == [
        ("error", 1),
        ("error", 2),
        ("warning", None),
        ("warning", 0),
    ]


def test_sort_findings_keeps_check_order_within_a_section():
    a = Finding(2, "sections[2].title", "warning", "a")
    b = Finding(2, "sections[2].body", "warning", "b")
    c = Finding(None, "meta.marking", "error", "c")
    assert sort_findings([a, b, c]) == [c, a, b]


# ---- the same figure twice ----------------------------------------------------------------


def stats(*rows, title="Figures"):
    return {"kind": "statistics", "title": title, "items": list(rows)}


def stat(value, label, as_of="2016-07-01", **extra):
    return {"value": value, "label": label, "as_of": as_of, **extra}


def test_the_same_figure_with_different_values_is_one_warning_naming_both():
    found = findings(
        {"kind": "text", "body": "Intro"},
        stats(stat("32", "hotline calls per day")),
        stats(stat("7", "plots disrupted")),
        stats(stat("41", "Hotline  calls per DAY")),
    )
    assert [(f.section, f.where, f.severity) for f in found] == [
        (1, "sections[1].items[0].value", "warning")
    ]
    assert found[0].message == (
        "statistic 'hotline calls per day' is given differently: 32 in section 2, 41 in section 4"
    )


def test_the_same_id_with_a_different_label_is_the_same_figure():
    found = findings(
        stats(stat("32", "hotline calls", id="hotline_calls")),
        stats(stat("41", "calls to the hotline", id="hotline_calls")),
    )
    assert len(found) == 1 and "32 in section 1, 41 in section 2" in found[0].message


def test_the_same_figure_with_a_different_date_names_the_dates():
    found = findings(
        stats(stat("32", "hotline calls", as_of="2016-07-01")),
        stats(stat("32", "hotline calls", as_of="2016-03-01")),
    )
    assert [f.where for f in found] == ["sections[0].items[0].as_of"]
    assert found[0].message.endswith(
        "32 (as of 1 July 2016) in section 1, 32 (as of 1 March 2016) in section 2"
    )


def test_figures_repeated_alike_or_merely_similar_are_not_flagged():
    found = findings(
        stats(stat("3,629", "contributions"), stat("3,639", "contributions per day")),
        stats(stat("3629", " Contributions"), stat("7", "plots", as_of=None)),
        stats(stat("7", "plots")),  # no date beside a date is not a different date
    )
    assert [f.where for f in found] == ["sections[1].items[1].as_of"]  # only: undated


@given(
    label=st.text(alphabet="abcXYZ ", min_size=1, max_size=12).filter(str.strip),
    flips=st.lists(st.booleans(), min_size=12, max_size=12),
    spaces=st.integers(1, 3),
)
def test_labels_match_whatever_their_case_and_spacing(label, flips, spaces):
    variant = "".join(c.upper() if f else c.lower() for c, f in zip(label, flips, strict=False))
    variant = (" " * spaces).join(variant.split())
    found = findings(stats(stat("1", label)), stats(stat("2", variant)))
    assert len(found) == 1 and found[0].group == "statistic-repeated"


# ---- groups and plain words ---------------------------------------------------------------


def test_repeats_fold_into_one_group_with_a_plain_summary():
    rows = [stat(str(n), f"figure {n}", as_of="2015-01-01") for n in range(11)]
    rows.append(stat("99", "older", as_of="2014-01-01"))
    found = findings(stats(*rows), {"kind": "image", "path": "gone.png", "alt": "A map"})
    groups = group_findings(found)
    assert [(g.severity, len(g.members)) for g in groups] == [
        ("error", 1),
        ("warning", 11),
        ("warning", 1),
    ]
    assert groups[0].summary == "image file not found: gone.png"
    assert groups[1].summary == "11 statistics dated 1 January 2015, more than 12 months ago"
    assert [f.where for f in groups[1].members] == [
        f"sections[0].items[{n}].as_of" for n in range(11)
    ]
    assert groups[2].summary == "statistic 'older' is dated 1 January 2014, more than 12 months ago"


def test_findings_without_a_group_fold_by_message_and_equality_ignores_the_group():
    a = Finding(0, "sections[0].body", "warning", "no font has ◆")
    b = Finding(3, "sections[3].title", "warning", "no font has ◆")
    c = Finding(4, "sections[4].title", "error", "no font has ◆")
    [ab, c_alone] = group_findings([a, b, c])
    assert ab.members == (a, b) and c_alone.members == (c,)
    assert ab.summary == "in 2 places: no font has ◆"
    assert a == Finding(0, "sections[0].body", "warning", "no font has ◆", group="other")


def test_finding_text_and_location_are_plain_words():
    data = pack_data(stats(stat("5", "arrests", as_of="2001-01-01"), title="Key figures"))
    pack = pack_from_data(data)
    [finding] = check_pack(pack, ".", TODAY)
    assert finding_text(pack, finding) == (
        "Section 1 · Key figures: statistic 'arrests' is dated 1 January 2001, "
        "more than 12 months ago"
    )
    assert finding_location(pack, finding) == (
        "Section 1 “Key figures” (Statistics), row 1, as-of date"
    )
    marking = Finding(None, "meta.marking", "warning", "no protective marking chosen")
    assert finding_text(pack, marking) == "Pack settings: no protective marking chosen"


# ---- old figures grouped by source and date -----------------------------------------------

CTP = "Counter Terrorism Policing"


def test_old_figures_group_by_source_and_date():
    rows = [stat(str(n), f"ctp {n}", as_of="2015-01-01", source=CTP) for n in range(8)]
    rows += [
        stat(str(n), f"ho {n}", as_of="2015-01-01", source="the Home Office") for n in range(3)
    ]
    rows += [stat("7", "ctp later", as_of="2014-06-01", source=CTP)]
    found = findings(stats(*rows[:5]), stats(*rows[5:]))
    summaries = [(g.summary, len(g.members)) for g in group_findings(found)]
    assert summaries == [
        (f"8 statistics from {CTP}, dated 1 January 2015, more than 12 months ago", 8),
        ("3 statistics from the Home Office, dated 1 January 2015, more than 12 months ago", 3),
        ("statistic 'ctp later' is dated 1 June 2014, more than 12 months ago", 1),
    ]


def test_sources_differing_only_in_case_and_spacing_are_one_group():
    found = findings(
        stats(
            stat("1", "a", as_of="2015-01-01", source="the  Home Office"),
            stat("2", "b", as_of="2015-01-01", source="The Home Office "),
        )
    )
    [group] = group_findings(found)
    assert group.summary.startswith("2 statistics from the Home Office, dated 1 January 2015")


def test_undated_figures_group_by_source():
    found = findings(
        stats(
            stat("1", "a", as_of=None, source=CTP),
            stat("2", "b", as_of=None, source=CTP),
            stat("3", "c", as_of=None),
            stat("4", "d", as_of=None),
        )
    )
    assert [g.summary for g in group_findings(found)] == [
        f"2 statistics from {CTP} have no 'as of' date",
        "2 statistics have no 'as of' date",
    ]


def test_braces_in_a_source_are_its_own_text():
    source = "Report {2016} by {team}"
    found = findings(
        stats(*(stat(str(n), f"x {n}", as_of="2015-01-01", source=source) for n in range(2)))
    )
    [group] = group_findings(found)
    assert group.summary == (
        f"2 statistics from {source}, dated 1 January 2015, more than 12 months ago"
    )


def test_each_kind_of_check_builds_on_findings_not_on_checks():
    """freshness, layout_checks and threat_checks need only findings.py, so check_pack can
    import them at the top (they once imported checks.py for Finding: an import cycle)."""
    code = (
        "import sys;"
        "import briefpack.document.freshness, briefpack.document.layout_checks,"
        " briefpack.document.threat_checks;"
        "print('briefpack.document.checks' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
