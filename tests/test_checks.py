"""Pack checks: each check on its own, and `briefpack validate` printing them."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

from packs import pack_data

from briefpack.document.checks import Finding, check_pack
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
        ("sections[0].alt", "warning"),
        ("sections[1].path", "error"),
    ]
    assert "gone.png" in found[1].message


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
    assert lines[-1] == f"{path}: ok (1 sections)"
