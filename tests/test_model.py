"""The pack model without Qt: loading, one-line errors, unknown fields, URLs, atomic save."""

from __future__ import annotations

import copy
import json
import os
import stat
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefpack.model import (
    Meta,
    NewerVersionError,
    Pack,
    PackFormatError,
    SaveError,
    Template,
    Threat,
    ThreatLevel,
    load_pack,
    pack_from_data,
    pack_to_bytes,
    save_pack,
)
from briefpack.model.jsonfile import parse_json
from briefpack.model.pack import brand_id_problem
from briefpack.model.sections import (
    SECTION_KINDS,
    CalloutSection,
    ImageSection,
    LinkItem,
    LinksSection,
    PageBreakSection,
    QuoteSection,
    StatisticsSection,
    StatItem,
    TextSection,
    ThreatLevelSection,
)
from briefpack.model.storage import TEMP_PREFIX, atomic_write

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "protective-security-update.bpack"
NAME = "example.bpack"

# sections[3] is a statistics section, so paths in messages read like the real thing.
BASE: dict[str, Any] = {
    "format": "briefpack/pack",
    "version": 1,
    "meta": {"title": "Protective Security Update", "date": "2016-08-01"},
    "threat": {"level": "severe"},
    "sections": [
        {"kind": "text", "body": "Intro"},
        {"kind": "threat_level"},
        {"kind": "callout", "title": "Report it", "body": "**Call 0800 789 321**"},
        {
            "kind": "statistics",
            "items": [{"id": "calls", "value": "32", "label": "calls a day"}],
        },
        {"kind": "links", "items": [{"label": "ACT", "url": "https://www.gov.uk/ACT"}]},
    ],
}


def base() -> dict[str, Any]:
    return copy.deepcopy(BASE)


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Work in tmp_path, so files are named plainly ('example.bpack') in messages."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(folder: Path, data: Any, name: str = NAME) -> Path:
    raw = data if isinstance(data, bytes) else json.dumps(data, ensure_ascii=False).encode()
    path = folder / name
    path.write_bytes(raw)
    return path


def load_error(folder: Path, data: Any) -> PackFormatError:
    write(folder, data)
    with pytest.raises(PackFormatError) as info:
        load_pack(NAME)
    return info.value


def temp_files(folder: Path) -> list[Path]:
    return sorted(folder.glob(f"{TEMP_PREFIX}*"))


# ---- loading ------------------------------------------------------------


def test_loads_the_example() -> None:
    pack = load_pack(EXAMPLE)
    assert isinstance(pack, Pack) and not isinstance(pack, Template)
    assert pack.meta.title == "Counter Terrorism Protective Security Update"
    assert pack.meta.date == date(2016, 8, 1)
    assert pack.threat.level is ThreatLevel.SEVERE
    assert pack.threat.northern_ireland is ThreatLevel.SUBSTANTIAL


def test_loads_a_minimal_pack_with_defaults(in_tmp: Path) -> None:
    write(in_tmp, base())
    pack = load_pack(NAME)
    assert pack.meta.marking == "" and pack.meta.brand == "default"
    assert pack.meta.page_size == "A4"
    assert [s.kind for s in pack.sections] == [
        "text",
        "threat_level",
        "callout",
        "statistics",
        "links",
    ]


def test_loads_every_section_kind(in_tmp: Path) -> None:
    data = base()
    data["sections"] += [
        {"kind": "quote", "body": "Words.", "speaker": "A. Officer", "role": "Lead"},
        {"kind": "image", "path": "logo.png", "alt": "Logo", "width_mm": 40},
        {"kind": "page_break", "id": "pb", "origin": "lib-1"},
    ]
    write(in_tmp, data)
    kinds = {s.kind for s in load_pack(NAME).sections}
    assert kinds == set(SECTION_KINDS)


def test_loads_a_template(in_tmp: Path) -> None:
    data = base() | {"format": "briefpack/template", "name": "PSU", "description": "A PSU."}
    write(in_tmp, data)
    template = load_pack(NAME)
    assert isinstance(template, Template)
    assert (template.name, template.description) == ("PSU", "A PSU.")


def test_a_byte_order_mark_is_tolerated(in_tmp: Path) -> None:
    write(in_tmp, b"\xef\xbb\xbf" + json.dumps(base()).encode())
    assert load_pack(NAME).meta.title == "Protective Security Update"


def test_null_in_an_optional_field_means_absent_and_is_not_written(in_tmp: Path) -> None:
    data = base()
    data["meta"]["subtitle"] = None
    data["sections"][0]["title"] = None
    write(in_tmp, data)
    pack = load_pack(NAME)
    assert pack.meta.subtitle is None
    saved = json.loads(pack_to_bytes(pack))
    assert "subtitle" not in saved["meta"] and "title" not in saved["sections"][0]


# ---- one-line errors: file, JSON path, problem --------------------------


def _drop_value(d: dict[str, Any]) -> None:
    del d["sections"][3]["items"][0]["value"]


def _set(path: tuple[str | int, ...], value: Any):
    def mutate(d: dict[str, Any]) -> None:
        target: Any = d
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value

    return mutate


def _delete(path: tuple[str | int, ...]):
    def mutate(d: dict[str, Any]) -> None:
        target: Any = d
        for part in path[:-1]:
            target = target[part]
        del target[path[-1]]

    return mutate


KNOWN = ", ".join(repr(k) for k in SECTION_KINDS)

ERRORS = [
    # missing fields
    (_drop_value, "example.bpack: sections[3].items[0].value: field required"),
    (_delete(("meta", "title")), "example.bpack: meta.title: field required"),
    (_delete(("meta", "date")), "example.bpack: meta.date: field required"),
    (_delete(("threat",)), "example.bpack: threat: field required"),
    (_delete(("threat", "level")), "example.bpack: threat.level: field required"),
    (_delete(("sections",)), "example.bpack: sections: field required"),
    (_delete(("sections", 0, "body")), "example.bpack: sections[0].body: field required"),
    (_delete(("sections", 2, "title")), "example.bpack: sections[2].title: field required"),
    (
        _delete(("sections", 4, "items", 0, "label")),
        "example.bpack: sections[4].items[0].label: field required",
    ),
    # wrong types
    (
        _set(("sections", 3, "items", 0, "value"), 3629),
        "example.bpack: sections[3].items[0].value: input should be a valid string",
    ),
    (_set(("meta", "title"), ["a"]), "example.bpack: meta.title: input should be a valid string"),
    (
        _set(("sections", 0, "title"), 5),
        "example.bpack: sections[0].title: input should be a valid string",
    ),
    (
        _set(("sections", 3, "items"), {"value": "1"}),
        "example.bpack: sections[3].items: input should be a valid list",
    ),
    (_set(("sections",), {}), "example.bpack: sections: input should be a valid list"),
    (
        _set(("sections", 3, "chart"), [True]),
        "example.bpack: sections[3].chart: input should be a valid boolean",
    ),
    (
        _set(("meta", "marking"), "SECRET"),
        "example.bpack: meta.marking: input should be '', 'OFFICIAL' or 'OFFICIAL-SENSITIVE', "
        "found 'SECRET'",
    ),
    (
        _set(("meta", "page_size"), "A5"),
        "example.bpack: meta.page_size: input should be 'A4' or 'Letter', found 'A5'",
    ),
    (
        _set(("threat", "level"), "SEVERE"),
        "example.bpack: threat.level: input should be 'low', 'moderate', 'substantial', "
        "'severe' or 'critical'",
    ),
    (
        _set(("sections", 2, "style"), "loud"),
        "example.bpack: sections[2].style: input should be 'alert' or 'info', found 'loud'",
    ),
    # unknown or missing kind
    (
        _set(("sections", 1), {"kind": "timeline"}),
        f"example.bpack: sections[1]: unknown section kind 'timeline' (known kinds: {KNOWN})",
    ),
    (
        _set(("sections", 1), {"title": "No kind"}),
        "example.bpack: sections[1]: field required: 'kind' (which kind of section this is)",
    ),
    # format and version
    (
        _set(("format",), "briefpack/brand"),
        "example.bpack: format: expected 'briefpack/pack' or 'briefpack/template', "
        "found 'briefpack/brand'",
    ),
    (
        _delete(("format",)),
        "example.bpack: format: expected 'briefpack/pack' or 'briefpack/template', found nothing",
    ),
    (
        _set(("version",), "1"),
        "example.bpack: version: expected a whole number from 1, found '1'",
    ),
    (_set(("version",), 0), "example.bpack: version: expected a whole number from 1, found 0"),
    (
        _set(("version",), True),
        "example.bpack: version: expected a whole number from 1, found True",
    ),
    (
        _set(("version",), 1.0),
        "example.bpack: version: expected a whole number from 1, found 1.0",
    ),
    (
        _delete(("version",)),
        "example.bpack: version: expected a whole number from 1, found None",
    ),
]


@pytest.mark.parametrize(("mutate", "message"), ERRORS)
def test_error_names_file_path_and_problem(in_tmp: Path, mutate, message: str) -> None:
    data = base()
    mutate(data)
    assert str(load_error(in_tmp, data)) == message


@pytest.mark.parametrize("bad", ["1 August 2016", "2016-02-30", "2016-8-1", "01/08/2016"])
def test_bad_date_is_named(in_tmp: Path, bad: str) -> None:
    data = base()
    data["meta"]["date"] = bad
    message = str(load_error(in_tmp, data))
    assert message.startswith("example.bpack: meta.date: input should be a valid date")


def test_newer_version_is_refused_naming_both_versions(in_tmp: Path) -> None:
    data = base() | {"version": 7}
    write(in_tmp, data)
    with pytest.raises(NewerVersionError) as info:
        load_pack(NAME)
    message = str(info.value)
    assert message.startswith("example.bpack: version: ")
    assert "format version 7" in message
    assert "up to version 1" in message
    assert "newer briefpack" in message
    assert info.value.file == NAME and info.value.where == "version"


def test_newer_version_is_checked_before_the_content(in_tmp: Path) -> None:
    # A newer file may look different throughout: say "newer", not "field required".
    write(in_tmp, {"format": "briefpack/pack", "version": 2, "pages": []})
    with pytest.raises(NewerVersionError):
        load_pack(NAME)


def test_older_versions_are_migrated(monkeypatch: pytest.MonkeyPatch) -> None:
    from briefpack.model import packfile

    def from_v0(d: dict[str, Any]) -> dict[str, Any]:
        d = dict(d)
        d["meta"] = d.pop("info")
        return d

    monkeypatch.setattr(packfile, "PACK_VERSION", 2)
    monkeypatch.setattr(packfile, "MIGRATIONS", {1: from_v0})
    old = base() | {"version": 1}
    old["info"] = old.pop("meta")
    migrated = packfile.migrate(old, 1)
    assert migrated["version"] == 2 and migrated["meta"]["title"] == BASE["meta"]["title"]


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        (b"", "the file is empty"),
        (b" \n\t\n", "the file is empty"),
        (b'{"version": NaN}', "NaN is not allowed in a briefpack file (use a number or text)"),
        (
            b'{"version": Infinity}',
            "Infinity is not allowed in a briefpack file (use a number or text)",
        ),
        (
            b'{"version": -Infinity}',
            "-Infinity is not allowed in a briefpack file (use a number or text)",
        ),
        (
            b'{"format": "briefpack/pack", "format": "briefpack/pack"}',
            "the key 'format' appears twice in one object",
        ),
        (b'{"meta": {"title": "a", "title": "b"}}', "the key 'title' appears twice in one object"),
        (b'{"title": "caf\xe9"}', "not UTF-8 text (byte 14); save it as UTF-8 JSON"),
        (b"\xff\xfe{\x00}\x00", "not UTF-8 text (byte 0); save it as UTF-8 JSON"),
        (b'{"format": "briefpack/pack",}', "not valid JSON at line 1, column 29"),
        (b"[]", "expected a JSON object at the top level"),
        (b'"briefpack/pack"', "expected a JSON object at the top level"),
    ],
)
def test_unreadable_files_say_why(in_tmp: Path, raw: bytes, problem: str) -> None:
    message = str(load_error(in_tmp, raw))
    assert message.startswith(f"example.bpack: {problem}")


def test_missing_file_is_a_format_error_naming_it(in_tmp: Path) -> None:
    with pytest.raises(PackFormatError) as info:
        load_pack("nowhere.bpack")
    assert str(info.value).startswith("nowhere.bpack: cannot read the file")


def test_parse_json_names_the_given_source() -> None:
    with pytest.raises(PackFormatError, match=r"^pasted: the file is empty$"):
        parse_json(b"", "pasted")


# ---- unknown fields are kept ---------------------------------------------


def test_unknown_fields_survive_a_save_load_round_trip(in_tmp: Path) -> None:
    data = base()
    data["x_top"] = {"nested": [1, 2.5, None, True, "é"]}
    data["meta"]["x_meta"] = "kept"
    data["meta"]["classification_reason"] = None
    data["threat"]["x_threat"] = ["a", "b"]
    data["sections"][0]["x_section"] = {"layout": "two-column"}
    data["sections"][1]["x_null"] = None
    data["sections"][3]["items"][0]["x_item"] = 42
    data["sections"][3]["x_stats"] = False
    data["sections"][4]["items"][0]["x_link"] = {"tracking": None}
    write(in_tmp, data)

    pack = load_pack(NAME)
    assert pack.model_extra == {"x_top": {"nested": [1, 2.5, None, True, "é"]}}
    save_pack(pack, "saved.bpack")
    saved = json.loads((in_tmp / "saved.bpack").read_bytes())
    assert saved["x_top"] == data["x_top"]
    assert saved["meta"]["x_meta"] == "kept"
    assert saved["meta"]["classification_reason"] is None  # an unknown null survives
    assert saved["threat"]["x_threat"] == ["a", "b"]
    assert saved["sections"][0]["x_section"] == {"layout": "two-column"}
    assert saved["sections"][1] == {"kind": "threat_level", "x_null": None}
    assert saved["sections"][3]["items"][0]["x_item"] == 42
    assert saved["sections"][3]["x_stats"] is False
    assert saved["sections"][4]["items"][0]["x_link"] == {"tracking": None}
    assert load_pack("saved.bpack") == pack


def test_unknown_fields_on_a_template_are_kept() -> None:
    data = base() | {"format": "briefpack/template", "name": "n", "description": "d", "x": 1}
    assert json.loads(pack_to_bytes(pack_from_data(data)))["x"] == 1


def test_saved_file_is_canonical_json() -> None:
    pack = pack_from_data(base())
    raw = pack_to_bytes(pack)
    assert raw.endswith(b"}\n") and not raw.startswith(b"\xef\xbb\xbf")
    assert raw.decode("utf-8").splitlines()[1] == '  "format": "briefpack/pack",'
    sections = json.loads(raw)["sections"]
    assert all(next(iter(s)) == "kind" for s in sections)
    assert pack_to_bytes(pack_from_data(json.loads(raw))) == raw


# ---- link URLs -------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        "  javascript:alert(1)",
        "\tjavascript:alert(1)",
        "java\tscript:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "file:///etc/passwd",
        "",
        "   ",
        "www.gov.uk/ACT and more",
    ],
)
def test_unsafe_or_malformed_link_urls_are_refused(in_tmp: Path, url: str) -> None:
    data = base()
    data["sections"][4]["items"][0]["url"] = url
    message = str(load_error(in_tmp, data))
    assert message == (
        "example.bpack: sections[4].items[0].url: "
        "links may only be web addresses (http, https), mailto: or tel:"
    )


@pytest.mark.parametrize(
    "url",
    [
        "https://www.gov.uk/report-terrorism",
        "http://www.npcc.police.uk/staysafe",
        "HTTPS://WWW.GOV.UK/ACT",
        "mailto:protect@example.org",
        "tel:0800789321",
        "www.gov.uk/nactso",
        "gov.uk/ACT",
    ],
)
def test_web_mail_and_phone_links_are_accepted(url: str) -> None:
    assert LinkItem(label="x", url=url).url == url


def test_link_url_is_trimmed() -> None:
    assert LinkItem(label="x", url="  https://www.gov.uk/ACT \n").url == "https://www.gov.uk/ACT"


def test_unsafe_url_is_refused_when_built_in_code_too() -> None:
    with pytest.raises(ValueError, match="links may only be web addresses"):
        LinkItem(label="x", url="javascript:alert(1)")


# ---- atomic save -----------------------------------------------------------


@pytest.fixture
def saved(tmp_path: Path) -> tuple[Path, bytes]:
    """A pack already on disk, and its bytes."""
    path = tmp_path / "pack.bpack"
    save_pack(pack_from_data(base()), path)
    return path, path.read_bytes()


def _changed_pack() -> Pack:
    data = base()
    data["meta"]["title"] = "Changed"
    return pack_from_data(data)


def test_save_writes_and_leaves_no_temp_files(saved: tuple[Path, bytes]) -> None:
    path, _ = saved
    save_pack(_changed_pack(), path)
    assert load_pack(path).meta.title == "Changed"
    assert temp_files(path.parent) == []
    assert sorted(p.name for p in path.parent.iterdir()) == ["pack.bpack"]


def test_failed_replace_leaves_the_old_file_and_no_temp_files(
    saved: tuple[Path, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, before = saved

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(SaveError) as info:
        save_pack(_changed_pack(), path)
    assert path.read_bytes() == before
    assert temp_files(path.parent) == []
    message = str(info.value)
    assert message.startswith(f"{path}: could not save (")
    assert "the previous version is unchanged" in message


def test_failure_while_writing_leaves_the_old_file(
    saved: tuple[Path, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, before = saved

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(SaveError, match=r"could not save \(the disk is full\)"):
        save_pack(_changed_pack(), path)
    assert path.read_bytes() == before
    assert temp_files(path.parent) == []


def test_interrupted_save_leaves_the_old_file(
    saved: tuple[Path, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, before = saved

    def interrupted(*args: Any, **kwargs: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        save_pack(_changed_pack(), path)
    assert path.read_bytes() == before
    assert temp_files(path.parent) == []


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root ignores permissions"
)
def test_read_only_folder_leaves_the_old_file(saved: tuple[Path, bytes]) -> None:
    path, before = saved
    folder = path.parent
    folder.chmod(0o555)
    try:
        with pytest.raises(SaveError, match="permission"):
            save_pack(_changed_pack(), path)
    finally:
        folder.chmod(0o755)
    assert path.read_bytes() == before
    assert temp_files(folder) == []


def test_saving_onto_a_folder_is_a_save_error(tmp_path: Path) -> None:
    (tmp_path / "pack.bpack").mkdir()
    with pytest.raises(SaveError, match="a folder with that name is in the way"):
        save_pack(pack_from_data(base()), tmp_path / "pack.bpack")
    assert temp_files(tmp_path) == []


def test_saving_into_a_missing_folder_is_a_save_error(tmp_path: Path) -> None:
    with pytest.raises(SaveError, match="the folder does not exist"):
        save_pack(pack_from_data(base()), tmp_path / "nowhere" / "pack.bpack")


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_save_keeps_the_file_mode(saved: tuple[Path, bytes]) -> None:
    path, _ = saved
    path.chmod(0o640)
    save_pack(_changed_pack(), path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    path.chmod(0o604)
    atomic_write(path, b"{}\n")
    assert stat.S_IMODE(path.stat().st_mode) == 0o604


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_new_file_gets_the_usual_mode(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        atomic_write(tmp_path / "new.bpack", b"{}\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.bpack").stat().st_mode) == 0o644


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_save_through_a_symlink_writes_its_target(tmp_path: Path) -> None:
    real_dir = tmp_path / "shared"
    real_dir.mkdir()
    real = real_dir / "pack.bpack"
    save_pack(pack_from_data(base()), real)
    link = tmp_path / "link.bpack"
    link.symlink_to(real)

    written = save_pack(_changed_pack(), link)
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert written.resolve() == real.resolve()
    assert load_pack(real).meta.title == "Changed"
    assert temp_files(tmp_path) == [] and temp_files(real_dir) == []


def test_save_writes_exactly_pack_to_bytes(tmp_path: Path) -> None:
    pack = pack_from_data(base())
    save_pack(pack, tmp_path / "p.bpack")
    assert (tmp_path / "p.bpack").read_bytes() == pack_to_bytes(pack)


# ---- property: any pack survives save → load -------------------------------

text = st.text(max_size=40)
opt_text = st.none() | text
dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))
levels = st.sampled_from(list(ThreatLevel))
urls = st.none() | st.sampled_from(
    ["https://www.gov.uk/ACT", "http://example.org/a?b=c", "mailto:a@b.uk", "tel:999", "www.x.uk"]
)
json_scalars = st.none() | st.booleans() | st.integers() | text
json_scalars |= st.floats(allow_nan=False, allow_infinity=False)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
    max_leaves=8,
)


def extras(model: type) -> st.SearchStrategy[dict[str, Any]]:
    """Unknown fields for `model`: any names it does not declare, any JSON values."""
    names = text.filter(lambda k: k not in model.model_fields)
    return st.dictionaries(names, json_values, max_size=2)


def with_extras(model: type, **fields: Any) -> st.SearchStrategy[Any]:
    return st.builds(
        lambda kw, extra: model(**extra, **kw), st.fixed_dictionaries(fields), extras(model)
    )


stat_items = with_extras(
    StatItem, id=opt_text, value=text, label=text, source=opt_text, as_of=st.none() | dates
)
link_items = with_extras(LinkItem, label=text, url=urls, phone=opt_text, note=opt_text)
common = {"id": opt_text, "origin": opt_text}
sections = st.one_of(
    with_extras(TextSection, title=opt_text, body=text, **common),
    with_extras(ThreatLevelSection, title=opt_text, note=opt_text, **common),
    with_extras(
        CalloutSection,
        title=text,
        body=text,
        style=st.sampled_from([None, "alert", "info"]),
        **common,
    ),
    with_extras(QuoteSection, body=text, speaker=text, role=opt_text, **common),
    with_extras(
        StatisticsSection,
        title=opt_text,
        items=st.lists(stat_items, max_size=3),
        chart=st.none() | st.booleans(),
        **common,
    ),
    with_extras(
        LinksSection,
        title=opt_text,
        items=st.lists(link_items, max_size=3),
        qr=st.none() | st.booleans(),
        **common,
    ),
    with_extras(
        ImageSection,
        path=text,
        alt=text,
        caption=opt_text,
        width_mm=st.none() | st.floats(min_value=0.5, max_value=500),
        **common,
    ),
    with_extras(PageBreakSection, **common),
)
metas = with_extras(
    Meta,
    title=text,
    subtitle=opt_text,
    audience=opt_text,
    date=dates,
    author=opt_text,
    marking=st.sampled_from(["", "OFFICIAL", "OFFICIAL-SENSITIVE"]),
    brand=text.filter(lambda b: brand_id_problem(b) is None),
    page_size=st.sampled_from(["A4", "Letter"]),
)
threats = with_extras(
    Threat, level=levels, since=st.none() | dates, northern_ireland=st.none() | levels
)
packs = with_extras(Pack, meta=metas, threat=threats, sections=st.lists(sections, max_size=5))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(packs)
def test_any_pack_round_trips_through_bytes(pack: Pack) -> None:
    raw = pack_to_bytes(pack)
    again = pack_from_data(parse_json(raw, "p.bpack"), "p.bpack")
    assert again == pack
    assert pack_to_bytes(again) == raw


@settings(max_examples=40, deadline=None)
@given(pack=packs)
def test_any_pack_round_trips_through_a_file(pack: Pack, tmp_path_factory) -> None:
    folder = tmp_path_factory.mktemp("rt")
    path = folder / "p.bpack"
    save_pack(pack, path)
    assert load_pack(path) == pack
    assert temp_files(folder) == []


# ---- strictness: no silent coercion, no silent loss -------------------------------


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("sections", 3, "chart"), "yes"),
        (("sections", 3, "chart"), 1),
        (("meta", "date"), 1470009600),  # a Unix timestamp read as 2016-08-01
        (("sections", 3, "items", 0, "as_of"), 0),
    ],
)
def test_lax_coercions_are_refused(in_tmp: Path, path: tuple[str | int, ...], value: Any) -> None:
    data = base()
    _set(path, value)(data)
    load_error(in_tmp, data)


def test_overflowing_numbers_are_refused(in_tmp: Path) -> None:
    data = json.dumps(base())[:-1].encode() + b', "x_size": 1e999}'
    load_error(in_tmp, data)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_symlink_loop_is_a_save_error(tmp_path: Path) -> None:
    loop = tmp_path / "loop.bpack"
    loop.symlink_to(loop)
    with pytest.raises(SaveError):
        atomic_write(loop, b"{}\n")


@pytest.mark.parametrize(
    "brand", ["/etc/briefpack/evil.json", "../brands/x", "C:\\brands\\x", ".hidden", "a/b", ""]
)
def test_a_pack_names_its_brand_by_id_never_by_path(tmp_path: Path, brand: str) -> None:
    data = base()
    data["meta"]["brand"] = brand
    file = tmp_path / "p.bpack"
    file.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(PackFormatError) as info:
        load_pack(file)
    assert "meta.brand" in str(info.value) and str(file) in str(info.value)
    assert "brand id" in str(info.value)
