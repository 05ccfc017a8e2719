"""Autosave to recovery files, the restore offer, and a real crash (SIGKILL) of the app."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox, QPushButton

from briefpack.gui.recovery import (
    RestoreDialog,
    autosave_seconds,
    enable_autosave,
    offer_recovery,
)
from briefpack.model.packfile import load_pack, pack_to_bytes
from briefpack.model.recovery import list_recoveries, write_recovery

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "protective-security-update.bpack"


def recovery_packs(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.bpack")) if folder.is_dir() else []


@pytest.fixture
def autosaving(window, tmp_path):
    """The example window, autosaving (hourly, so only structural edits write) into tmp."""
    folder = tmp_path / "recovery"
    autosaver = enable_autosave(window, seconds=3600, folder=folder)
    return window, autosaver, folder


def test_interval_comes_from_argument_env_or_settings(tmp_path, monkeypatch):
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    monkeypatch.delenv("BRIEFPACK_AUTOSAVE_SECONDS", raising=False)
    assert autosave_seconds(settings) == 60
    settings.setValue("autosave/seconds", "15")
    assert autosave_seconds(settings) == 15
    monkeypatch.setenv("BRIEFPACK_AUTOSAVE_SECONDS", "0.5")
    assert autosave_seconds(settings) == 0.5
    assert autosave_seconds(settings, 2) == 2
    monkeypatch.setenv("BRIEFPACK_AUTOSAVE_SECONDS", "soon")  # unreadable: the setting wins
    assert autosave_seconds(settings) == 15


def test_a_structural_change_autosaves_at_once(autosaving, qtbot):
    window, autosaver, folder = autosaving
    window.panes.outline.select_row(2)
    window.menu_actions["insert_quote"].trigger()
    qtbot.waitUntil(lambda: len(recovery_packs(folder)) == 1, timeout=5000)
    autosaver.flush()
    [entry] = list_recoveries(folder, include_running=True)
    assert entry.pack_file.read_bytes() == pack_to_bytes(window.doc.pack)
    assert entry.original == window.doc.path.resolve()
    assert entry.title == window.doc.pack.meta.title and entry.pid == os.getpid()


def test_only_changed_content_is_written_and_saving_removes_it(autosaving, tmp_path):
    window, autosaver, folder = autosaving
    assert not autosaver.autosave_now()  # nothing unsaved
    window.doc.edit_field(("meta",), "title", "Changed title")
    assert autosaver.autosave_now()
    assert not autosaver.autosave_now()  # same bytes: no second write
    autosaver.flush()
    assert len(recovery_packs(folder)) == 1
    assert window.files.save_to(tmp_path / "saved.bpack")
    autosaver.flush()
    assert recovery_packs(folder) == []


def test_undo_to_the_saved_state_removes_the_recovery_file(autosaving):
    window, autosaver, folder = autosaving
    window.doc.edit_duplicate_section(0)
    autosaver.autosave_now()
    autosaver.flush()
    assert len(recovery_packs(folder)) == 1
    window.menu_actions["undo"].trigger()
    autosaver.flush()
    assert recovery_packs(folder) == []


def test_the_timer_writes_ordinary_edits(window, qtbot, tmp_path):
    folder = tmp_path / "timed"
    enable_autosave(window, seconds=0.1, folder=folder)
    window.doc.edit_field(("meta",), "title", "Typed title")
    qtbot.waitUntil(lambda: len(recovery_packs(folder)) == 1, timeout=5000)
    qtbot.waitUntil(lambda: (folder / recovery_packs(folder)[0].stem).with_suffix(".json").exists())
    assert load_pack(recovery_packs(folder)[0]).meta.title == "Typed title"


def test_closing_cleanly_after_discarding_removes_the_recovery_file(autosaving):
    window, autosaver, folder = autosaving
    window.doc.edit_remove_section(0)
    autosaver.autosave_now()
    autosaver.flush()
    assert len(recovery_packs(folder)) == 1
    assert window.close()  # the fixture answers Discard
    assert recovery_packs(folder) == []


def test_opening_another_pack_drops_the_recovery_of_the_old_one(autosaving, example_copy):
    window, autosaver, folder = autosaving
    window.doc.edit_remove_section(0)
    autosaver.autosave_now()
    first_id = autosaver.rec_id
    assert window.files.open_file(example_copy)  # maybe_save answered Discard (fixture)
    autosaver.flush()
    assert recovery_packs(folder) == [] and autosaver.rec_id != first_id


def test_restore_opens_the_work_as_modified_without_touching_the_original(
    window, tmp_path, example_copy, settings, monkeypatch
):
    import briefpack.gui.recovery as recovery
    from briefpack.gui.mainwindow import MainWindow

    folder = tmp_path / "left"
    original_bytes = example_copy.read_bytes()
    pack = load_pack(example_copy)
    pack.meta.title = "Work from before the crash"
    write_recovery("crash1", pack_to_bytes(pack), original=example_copy, title="W", folder=folder)
    fresh = MainWindow(settings)
    fresh.files.ask_save_changes = lambda: QMessageBox.StandardButton.Discard
    autosaver = enable_autosave(fresh, seconds=3600, folder=folder)
    monkeypatch.setattr(recovery, "choose_recoveries", lambda p, e: {"crash1": "restore"})
    restored = offer_recovery(fresh, lambda: pytest.fail("no second window needed"), folder)
    assert restored == [fresh]
    assert fresh.doc.pack.meta.title == "Work from before the crash"
    assert fresh.doc.path == example_copy.resolve() and fresh.isWindowModified()
    assert example_copy.read_bytes() == original_bytes  # not saved over the original
    autosaver.flush()
    [entry] = list_recoveries(folder, include_running=True)
    assert entry.id == "crash1" and entry.pid == os.getpid()  # now this process's own
    assert fresh.files.save()
    autosaver.flush()
    assert load_pack(example_copy).meta.title == "Work from before the crash"
    assert recovery_packs(folder) == []
    fresh.close()


def test_discard_deletes_and_later_keeps(window, tmp_path, monkeypatch):
    import briefpack.gui.recovery as recovery

    folder = tmp_path / "left"
    for rec_id in ("a", "b"):
        write_recovery(rec_id, b"{}", original=None, title=rec_id, folder=folder)
    monkeypatch.setattr(recovery, "choose_recoveries", lambda parent, entries: {"a": "discard"})
    assert offer_recovery(window, lambda: pytest.fail("nothing to restore"), folder) == []
    assert [r.id for r in list_recoveries(folder)] == ["b"]


def test_restore_dialog_lists_title_file_and_time(qtbot, tmp_path, example_copy):
    folder = tmp_path / "left"
    write_recovery("one", b"{}", original=example_copy, title="Briefing A", folder=folder)
    write_recovery("two", b"{}", original=None, title="Briefing B", folder=folder)
    entries = list_recoveries(folder)
    dialog = RestoreDialog(entries)
    qtbot.addWidget(dialog)
    rows = [
        [dialog.tree.topLevelItem(r).text(c) for c in range(3)]
        for r in range(dialog.tree.topLevelItemCount())
    ]
    assert rows[0][:2] == ["Briefing A", str(example_copy.resolve())]
    assert rows[1][:2] == ["Briefing B", "(never saved)"]
    assert all(row[2] for row in rows)
    dialog.tree.topLevelItem(1).setCheckState(0, Qt.CheckState.Unchecked)
    discard = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Discard")
    discard.click()
    assert dialog.decisions == {"one": "discard"}


# ---- a real crash ---------------------------------------------------------------------------

DRIVER = r"""
import hashlib, json, os, sys
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from briefpack.gui.app import application
from briefpack.cli import main
from briefpack.model.packfile import pack_to_bytes

mode, folder = sys.argv[1], Path(sys.argv[2])
app = application()

def window():
    return next(w for w in QApplication.topLevelWidgets()
                if w.objectName() == "main_window" and w.isVisible())

def digest(w):
    return hashlib.sha256(pack_to_bytes(w.doc.pack)).hexdigest()

def edit():
    w = window()
    w.doc.edit_field(("meta",), "title", "Edited before the crash")
    w.panes.outline.select_row(1)
    w.menu_actions["insert_callout"].trigger()  # structural: autosaved at once
    wait_for_autosave(w)

def wait_for_autosave(w):
    if list(folder.glob("*.json")):
        print("READY", digest(w), flush=True)
    else:
        QTimer.singleShot(20, lambda: wait_for_autosave(w))

def report():
    w = window()
    print("STATE", json.dumps({"digest": digest(w), "modified": w.isWindowModified(),
          "path": str(w.doc.path) if w.doc.path else None}), flush=True)
    w.files.ask_save_changes = lambda: QMessageBox.StandardButton.Discard
    w.close()

QTimer.singleShot(0, edit if mode == "edit" else report)
sys.exit(main(sys.argv[3:]))
"""


def run_driver(tmp_path, mode, *args, answer="restore"):
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "BRIEFPACK_USER_DIR": str(tmp_path / "user"),
        "BRIEFPACK_RECOVERY_ANSWER": answer,
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "HOME": str(tmp_path / "home"),
    }
    script = tmp_path / "driver.py"
    script.write_text(DRIVER, encoding="utf-8")
    folder = tmp_path / "user" / "recovery"
    return subprocess.Popen(
        [sys.executable, str(script), mode, str(folder), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def read_line(proc, prefix, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if line.startswith(prefix):
            return line[len(prefix) :].strip()
        if not line and proc.poll() is not None:
            break
    proc.kill()
    pytest.fail(f"no {prefix!r} from the app: {proc.stderr.read()[-1500:]}")


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_work_survives_the_app_being_killed(tmp_path, example_copy):
    original = example_copy.read_bytes()
    first = run_driver(tmp_path, "edit", str(example_copy))
    edited = read_line(first, "READY ")
    first.send_signal(signal.SIGKILL)
    first.wait(10)
    assert first.returncode == -signal.SIGKILL
    folder = tmp_path / "user" / "recovery"
    assert len(recovery_packs(folder)) == 1
    assert example_copy.read_bytes() == original  # nothing was saved

    second = run_driver(tmp_path, "report")  # starts with a new pack; restore is accepted
    state = json.loads(read_line(second, "STATE "))
    second.communicate(timeout=60)
    assert state["digest"] == edited
    assert state["modified"] and state["path"] == str(example_copy.resolve())
    assert hashlib.sha256(original).hexdigest() != edited
    assert example_copy.read_bytes() == original
    assert recovery_packs(folder) == []  # closed on purpose (Discard): nothing left behind


def test_each_restored_pack_gets_its_own_window(tmp_path, settings, monkeypatch, qtbot):
    import briefpack.gui.recovery as recovery
    from briefpack.gui.mainwindow import MainWindow

    folder = tmp_path / "left"
    for rec_id in ("first", "second"):
        pack = load_pack(EXAMPLE)
        pack.meta.title = f"Unsaved {rec_id}"
        write_recovery(rec_id, pack_to_bytes(pack), original=None, title=rec_id, folder=folder)
    windows = []

    def new_window():
        win = MainWindow(settings)
        win.files.ask_save_changes = lambda: QMessageBox.StandardButton.Discard
        qtbot.addWidget(win)
        enable_autosave(win, seconds=3600, folder=folder)
        windows.append(win)
        return win

    main = new_window()
    monkeypatch.setattr(recovery, "choose_recoveries", lambda p, e: {r.id: "restore" for r in e})
    restored = offer_recovery(main, new_window, folder)
    assert restored == windows and len(windows) == 2
    assert sorted(w.doc.pack.meta.title for w in windows) == ["Unsaved first", "Unsaved second"]
    assert all(w.isWindowModified() and w.doc.path is None for w in windows)
    for win in windows:
        win.close()
    assert recovery_packs(folder) == []
