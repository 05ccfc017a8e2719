"""A save that fails keeps the file on disk as it was and offers Save As instead.

Tests run as root, where chmod does not stop a write: failures are a real folder in the way,
a real file where a folder should be, or os calls made to fail with the errno a full disk,
a read-only folder or a missing permission gives.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QPushButton

from briefpack.model.packfile import load_pack, pack_to_bytes


def failing(code: int):
    def fail(*_args, **_kwargs):
        raise OSError(code, os.strerror(code))

    return fail


@pytest.fixture
def edited(window):
    """The example window with one unsaved edit; the original file's bytes."""
    original = window.doc.path.read_bytes()
    window.doc.edit_field(("meta",), "title", "Edited title")
    return window, original


@pytest.fixture
def offers(edited, monkeypatch):
    """Record each failure message; answer Cancel."""
    window, _ = edited
    messages: list[str] = []

    def record(message: str) -> bool:
        messages.append(message)
        return False

    monkeypatch.setattr(window.files, "ask_save_as_instead", record)
    return messages


def assert_one_plain_sentence(message: str, file: Path, reason: str) -> None:
    assert str(file) in message and reason in message, message
    assert "\n" not in message and "Errno" not in message and "Traceback" not in message


@pytest.mark.parametrize(
    ("call", "code", "reason"),
    [
        ("fsync", errno.ENOSPC, "the disk is full"),
        ("replace", errno.EROFS, "read-only"),
        ("replace", errno.EACCES, "permission"),
        ("replace", errno.EPERM, "permission"),
    ],
)
def test_os_failures_keep_the_file_and_offer_save_as(
    edited, offers, monkeypatch, call, code, reason
):
    window, original = edited
    path = window.doc.path
    monkeypatch.setattr(os, call, failing(code))
    assert not window.files.save()
    monkeypatch.undo()
    assert path.read_bytes() == original
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temp file left
    [message] = offers
    assert_one_plain_sentence(message, path, reason)
    assert window.isWindowModified() and window.doc.path == path


def test_a_folder_in_the_way(edited, offers, tmp_path):
    window, original = edited
    folder = tmp_path / "in-the-way.bpack"
    folder.mkdir()
    assert not window.files.save_to(folder)
    assert folder.is_dir() and list(folder.iterdir()) == []
    assert window.doc.path.read_bytes() == original
    assert_one_plain_sentence(offers[0], folder, "folder")


def test_a_file_where_the_folder_should_be(edited, offers, tmp_path):
    window, _ = edited
    blocker = tmp_path / "notes.txt"
    blocker.write_text("keep me", encoding="utf-8")
    assert not window.files.save_to(blocker / "pack.bpack")
    assert blocker.read_text(encoding="utf-8") == "keep me"
    assert_one_plain_sentence(offers[0], blocker / "pack.bpack", "not a folder")


def test_choosing_save_as_saves_somewhere_else(edited, monkeypatch, tmp_path):
    window, original = edited
    path = window.doc.path
    elsewhere = tmp_path / "elsewhere.bpack"
    monkeypatch.setattr(window.files, "ask_save_as_instead", lambda message: True)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(elsewhere), ""))
    real_replace = os.replace

    def replace_fails_at_the_original(src, dst, *args, **kwargs):
        if Path(dst) == path:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace_fails_at_the_original)
    assert window.files.save()
    assert path.read_bytes() == original
    assert load_pack(elsewhere).meta.title == "Edited title"
    assert elsewhere.read_bytes() == pack_to_bytes(window.doc.pack)
    assert window.doc.path == elsewhere and not window.isWindowModified()


def test_the_message_box_offers_save_as_and_cancel(edited, monkeypatch, tmp_path):
    window, _ = edited
    seen: dict[str, object] = {}

    def answer_cancel():
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen["text"] = box.text()
        seen["buttons"] = [b.text() for b in box.findChildren(QPushButton)]
        box.button(QMessageBox.StandardButton.Cancel).click()

    QTimer.singleShot(100, answer_cancel)
    monkeypatch.setattr(os, "fsync", failing(errno.ENOSPC))
    assert not window.files.save()
    assert "the disk is full" in str(seen["text"])
    assert sorted(seen["buttons"]) == ["Cancel", "Save As…"]
    assert window.isWindowModified()
