"""tests/hostile/out-*: each goes through `briefpack validate` and `briefpack render` in a
subprocess: exit 2, one line naming the file and the place, no traceback, nothing written,
and no helper process (the placeholder sandbox) left running. The lone surrogate is the
one case that is accepted."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefpack.model.jsonfile import REPLACEMENT, parse_json
from briefpack.model.packfile import load_pack

HOSTILE = Path(__file__).parent / "hostile"
LONE = re.compile("[\ud800-\udfff]")

REFUSED = {
    "out-lookup-bomb.bpack": "sections[1].body: the placeholders of this pack fill in more than",
    "out-many-capped-fields.bpack": "sections[1].body: the placeholders of this pack fill in",
    "out-tuple-repeat.bpack": "sections[0].body: the placeholder tried something not allowed "
    "(repeating text that many times is not allowed)",
    "out-tilde-join.bpack": "sections[0].body: the placeholder tried something not allowed "
    "(joining that much text with ~ is not allowed)",
    "out-deep-unknown-field.bpack": "nested too deeply at extra[0][0][0]",
    "out-link.bpack": "out-link.pdf: is a link to '../../victim-outside.txt': not written",
}


def processes_with(marker: str) -> list[int]:
    """Pids of live processes whose environment holds `marker` (our CLI and its helpers)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if marker.encode() in (entry / "environ").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def run_marked(*args: str, timeout: float = 120) -> tuple[subprocess.CompletedProcess[str], str]:
    marker = f"BRIEFPACK_HOSTILE_TEST={uuid.uuid4().hex}"
    env = {**os.environ, marker.split("=")[0]: marker.split("=")[1]}
    out = subprocess.run(
        [sys.executable, "-m", "briefpack", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
    )
    return out, marker


def unpacked(tmp_path: Path, name: str) -> Path:
    """The case copied two folders down (its link kept as a link), as a mail attachment is."""
    folder = tmp_path / "mail" / "unzipped"
    folder.mkdir(parents=True)
    for file in HOSTILE.glob(Path(name).stem + ".*"):
        shutil.copy2(file, folder / file.name, follow_symlinks=False)
    if name == "out-link.bpack":  # as the zip kept it; made here, so the repository holds no link
        (folder / "out-link.pdf").symlink_to("../../victim-outside.txt")
    (tmp_path / "victim-outside.txt").write_text("the officer's own file\n")
    return folder / name


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs /proc")
@pytest.mark.parametrize("command", ["validate", "render"])
@pytest.mark.parametrize("name", sorted(REFUSED))
def test_refused_with_one_line_and_nothing_left(tmp_path, name: str, command: str) -> None:
    if name == "out-link.bpack" and command == "validate":
        pytest.skip("validate writes nothing, so the link does not matter to it")
    pack = unpacked(tmp_path, name)
    before = sorted(p.name for p in pack.parent.iterdir())
    extra = ["--format", "both"] if command == "render" else []
    out, marker = run_marked(command, str(pack), *extra)
    assert out.returncode == 2, out.stderr
    assert out.stderr.count("\n") == 1 and "Traceback" not in out.stderr
    named = pack.with_suffix(".pdf") if name == "out-link.bpack" else pack  # the file at fault
    assert out.stderr.startswith(f"{named}: ") and REFUSED[name] in out.stderr
    assert sorted(p.name for p in pack.parent.iterdir()) == before  # nothing written
    assert (tmp_path / "victim-outside.txt").read_text() == "the officer's own file\n"
    time.sleep(0.2)  # a helper killed at exit is gone by now
    assert processes_with(marker) == []


@pytest.mark.slow  # it spends the real 10 s; test_placeholder_budget.py covers the budget in 0.5 s
def test_slow_fields_stop_at_the_pack_budget(tmp_path) -> None:
    """Sixty fields each under the 3 s of a field: about 30 s before, 10 s of budget now."""
    pack = unpacked(tmp_path, "out-slow-fields.bpack")
    out, marker = run_marked("validate", str(pack))
    assert out.returncode == 2 and out.stderr.count("\n") == 1, out.stderr
    assert "took more than 10 seconds in all and were stopped here" in out.stderr
    time.sleep(0.2)
    assert processes_with(marker) == []


def test_lone_surrogates_are_loaded_and_replaced(tmp_path) -> None:
    pack_file = unpacked(tmp_path, "out-lone-surrogate.bpack")
    assert "\\ud800" in pack_file.read_text()  # escaped, as valid JSON may have it
    pack = load_pack(pack_file)
    assert pack.meta.title == f"Bad {REPLACEMENT} title"
    assert pack.sections[0].body == f"before {REPLACEMENT} after"
    out, _ = run_marked("render", str(pack_file))
    assert out.returncode == 0, out.stderr
    assert pack_file.with_suffix(".pdf").read_bytes().startswith(b"%PDF")


def test_surrogates_in_keys_and_pairs() -> None:
    data = parse_json(b'{"a\\udfff": ["\\ud83d\\ude00", "\\ud83d"]}', "x.json")
    assert data == {f"a{REPLACEMENT}": ["\U0001f600", REPLACEMENT]}  # a real pair is kept


def test_deep_nesting_is_measured_without_recursion() -> None:
    shallow = json.dumps({"a": [[[[1]]]]}).encode()
    assert parse_json(shallow, "x.json") == {"a": [[[[1]]]]}
    deep = b'{"a": ' + b"[" * 900 + b"]" * 900 + b"}"
    with pytest.raises(Exception, match=r"x.json: nested too deeply at a\[0\]"):
        parse_json(deep, "x.json")


# Every code point, lone surrogates included (Hypothesis leaves them out by default).
JSON_TEXT = st.text(st.characters(categories=None, exclude_categories=()))
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | JSON_TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(JSON_TEXT, inner, max_size=4),
    max_leaves=20,
)


def without_lone_surrogates(value):
    if isinstance(value, str):
        return LONE.sub(REPLACEMENT, value)
    if isinstance(value, list):
        return [without_lone_surrogates(v) for v in value]
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            out.setdefault(LONE.sub(REPLACEMENT, k), without_lone_surrogates(v))
        return out
    return value


@given(JSON_VALUES)
@settings(max_examples=300, deadline=None)
def test_any_json_loads_with_lone_surrogates_replaced(value) -> None:
    """Escaped as json.dumps writes it (surrogates as \\udXXX), any value loads; only lone
    surrogates change, and the result is text UTF-8 can hold."""
    raw = json.dumps(value).encode()
    loaded = parse_json(raw, "x.json")
    assert loaded == without_lone_surrogates(json.loads(raw))  # a pair joins as it should
    json.dumps(loaded, ensure_ascii=False).encode("utf-8")  # no surrogate is left
