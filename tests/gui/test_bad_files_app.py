"""Bad pack files opened in the app: a message naming the file and the place, nothing lost."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog

from briefpack.model.errors import BriefpackError
from briefpack.model.packfile import load_pack, pack_to_bytes

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
CORPUS_PACKS = sorted(CORPUS.glob("*.bpack")) if CORPUS.is_dir() else []


def own_bad_files(folder: Path, example: Path) -> dict[str, tuple[Path, str]]:
    """Five bad packs of our own: name -> (file, the place the message must name)."""
    good = json.loads(example.read_text(encoding="utf-8"))
    future = {**good, "version": 99}
    unknown_kind = {**good, "sections": [good["sections"][0], {"kind": "video", "url": "x"}]}
    contents = {
        "empty": (b"", "empty"),
        "truncated": (example.read_bytes()[:300], "line "),
        "binary": (bytes(range(256)) * 4, "byte "),
        "future": (json.dumps(future).encode(), "version"),
        "unknown-kind": (json.dumps(unknown_kind).encode(), "sections[1]"),
    }
    folder.mkdir(exist_ok=True)
    files = {}
    for name, (data, place) in contents.items():
        path = folder / f"{name}.bpack"
        path.write_bytes(data)
        files[name] = (path, place)
    return files


def open_through_dialog(window, monkeypatch, path: Path) -> list[tuple[str, str]]:
    """Use File ▸ Open… with the file dialog answering `path`; return the errors shown."""
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    monkeypatch.setattr(
        window.feedback, "show_error", lambda title, text: shown.append((title, text))
    )
    window.menu_actions["open"].trigger()
    return shown


def snapshot(window) -> tuple[bytes, Path | None, int]:
    return pack_to_bytes(window.doc.pack), window.doc.path, window.stack.count()


@pytest.mark.parametrize("name", ["empty", "truncated", "binary", "future", "unknown-kind"])
def test_own_bad_files_are_refused_with_file_and_place(
    window, monkeypatch, tmp_path, example_copy, name
):
    path, place = own_bad_files(tmp_path / "bad", example_copy)[name]
    before = snapshot(window)
    [(title, message)] = open_through_dialog(window, monkeypatch, path)
    assert title == "Cannot open the pack"
    assert str(path) in message and place in message, message
    assert "\n" not in message and "Traceback" not in message
    assert snapshot(window) == before and window.isVisible()


@pytest.mark.skipif(not CORPUS_PACKS, reason="no tests/corpus yet")
@pytest.mark.parametrize("path", CORPUS_PACKS, ids=[p.name for p in CORPUS_PACKS])
def test_every_corpus_file_through_the_open_dialog(window, monkeypatch, qtbot, path):
    try:
        load_pack(path)
        problem = None
    except BriefpackError as exc:
        problem = exc
    before = snapshot(window)
    shown = open_through_dialog(window, monkeypatch, path)
    assert window.isVisible()
    if problem is None:  # valid JSON pack whose trouble shows when rendering: it opens
        assert shown == [] and window.doc.path == path
        qtbot.waitUntil(lambda: not window.panes.preview.renderer.busy, timeout=30_000)
        assert "Traceback" not in window.panes.preview.error_text
        return
    [(_title, message)] = shown
    assert str(path) in message, message
    if problem.where:
        assert problem.where in message, message
    assert message.split(": ")[-1].strip(), message  # says what is wrong, not only where
    assert snapshot(window) == before


def test_command_line_bad_file_shows_the_message_and_a_new_pack(
    qtbot, tmp_path, example_copy, monkeypatch
):
    from briefpack.gui.app import run_app
    from briefpack.gui.window_feedback import Feedback

    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path))
    monkeypatch.setenv("BRIEFPACK_USER_DIR", str(tmp_path / "user"))
    bad, _place = own_bad_files(tmp_path / "bad", example_copy)["truncated"]
    shown: list[str] = []
    monkeypatch.setattr(Feedback, "show_error", lambda self, title, text: shown.append(text))
    seen = {}

    def look_then_close():
        windows = [w for w in QApplication.topLevelWidgets() if w.objectName() == "main_window"]
        win = next(w for w in windows if w.isVisible())
        seen["title"], seen["path"] = win.windowTitle(), win.doc.path
        seen["sections"] = len(win.doc.pack.sections)
        win.close()

    QTimer.singleShot(300, look_then_close)
    assert run_app([str(bad)]) == 0
    assert len(shown) == 1 and str(bad) in shown[0] and "line " in shown[0]
    assert seen["title"].startswith("Untitled") and seen["path"] is None
    assert seen["sections"] > 0  # the default new pack
