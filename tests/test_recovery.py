"""Recovery files: naming, writing, listing (not a running process's), removing."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from packs import EXAMPLE, pack_data

from briefpack.model.packfile import load_pack, pack_from_data, pack_to_bytes
from briefpack.model.recovery import (
    list_recoveries,
    new_recovery_id,
    recovery_dir,
    remove_recovery,
    write_recovery,
)


def test_recovery_dir_follows_the_user_dir_variable(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFPACK_USER_DIR", str(tmp_path / "me"))
    assert recovery_dir() == tmp_path / "me" / "recovery"


def test_written_recovery_is_a_valid_pack_with_a_sidecar(tmp_path):
    pack = load_pack(EXAMPLE)
    rec_id = new_recovery_id()
    written = write_recovery(
        rec_id, pack_to_bytes(pack), original=EXAMPLE, title="Briefing", folder=tmp_path
    )
    assert written == tmp_path / f"{rec_id}.bpack"
    assert load_pack(written) == pack
    sidecar = json.loads((tmp_path / f"{rec_id}.json").read_text(encoding="utf-8"))
    assert sidecar["original"] == str(EXAMPLE.resolve())
    assert sidecar["title"] == "Briefing" and sidecar["pid"] == os.getpid()
    [entry] = list_recoveries(tmp_path)
    assert (entry.id, entry.original, entry.title) == (rec_id, EXAMPLE.resolve(), "Briefing")
    assert entry.pack_file == written and entry.saved_at.tzinfo is not None


def test_unknown_fields_survive_a_recovery_file(tmp_path):
    data = pack_data({"kind": "text", "title": "A", "body": "b", "colour": "teal"}, mood="calm")
    pack = pack_from_data(data)
    write_recovery("abc", pack_to_bytes(pack), original=None, title="x", folder=tmp_path)
    [entry] = list_recoveries(tmp_path)
    again = load_pack(entry.pack_file)
    assert entry.original is None
    assert again.meta.mood == "calm" and again.sections[0].colour == "teal"


def test_a_running_process_keeps_its_recovery_files(tmp_path):
    write_recovery("live", b"{}", original=None, title="Live", folder=tmp_path)
    sidecar = tmp_path / "live.json"
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        info = json.loads(sidecar.read_text(encoding="utf-8"))
        sidecar.write_text(json.dumps({**info, "pid": other.pid}), encoding="utf-8")
        assert list_recoveries(tmp_path) == []
        assert [r.id for r in list_recoveries(tmp_path, include_running=True)] == ["live"]
    finally:
        other.kill()
        other.wait()
    assert [r.id for r in list_recoveries(tmp_path)] == ["live"]  # its process is gone


def test_listing_skips_broken_or_half_written_entries_oldest_first(tmp_path):
    write_recovery("first", b"{}", original=None, title="One", folder=tmp_path)
    write_recovery("second", b"{}", original=None, title="Two", folder=tmp_path)
    info = json.loads((tmp_path / "first.json").read_text(encoding="utf-8"))
    info["saved_at"] = "2020-01-01T09:00:00+00:00"
    (tmp_path / "first.json").write_text(json.dumps(info), encoding="utf-8")
    (tmp_path / "garbled.json").write_text("{ not json", encoding="utf-8")
    (tmp_path / "garbled.bpack").write_text("{}", encoding="utf-8")
    (tmp_path / "orphan.json").write_text(json.dumps(info), encoding="utf-8")  # no pack file
    assert [r.id for r in list_recoveries(tmp_path)] == ["first", "second"]
    assert list_recoveries(tmp_path / "missing") == []


def test_remove_deletes_both_files(tmp_path):
    write_recovery("gone", b"{}", original=None, title="x", folder=tmp_path)
    remove_recovery("gone", tmp_path)
    remove_recovery("gone", tmp_path)  # twice is fine
    assert list(tmp_path.iterdir()) == []


def test_an_unsaved_pack_from_a_bundle_keeps_where_its_pictures_are(tmp_path):
    pictures = tmp_path / "cache" / "bundles" / "abc"
    pictures.mkdir(parents=True)
    rec_id = new_recovery_id()
    data = pack_to_bytes(load_pack(EXAMPLE))
    write_recovery(rec_id, data, original=None, title="T", folder=tmp_path, files_dir=pictures)
    [entry] = list_recoveries(tmp_path)
    assert entry.original is None and entry.files_dir == pictures
    # A saved pack's own folder wins: no separate pictures folder is recorded for it.
    write_recovery(rec_id, data, original=EXAMPLE, title="T", folder=tmp_path, files_dir=pictures)
    assert list_recoveries(tmp_path)[0].files_dir is None
