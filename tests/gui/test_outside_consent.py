"""The app asks once per pack before reading pictures outside its folder (issue 18 point 4)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtWidgets import QMessageBox

from briefpack.model.sections import ImageSection
from tests.readback import pdf_text


@pytest.fixture
def outside_pack(tmp_path: Path) -> tuple[Path, Path]:
    """(a pack naming a picture elsewhere by absolute path, that picture)."""
    secret = tmp_path / "home" / "Pictures" / "secret.png"
    secret.parent.mkdir(parents=True)
    Image.new("RGB", (40, 30), "darkred").save(secret)
    pack_file = tmp_path / "mail" / "from-colleague.bpack"
    pack_file.parent.mkdir()
    data = {
        "format": "briefpack/pack",
        "version": 1,
        "meta": {"title": "From a colleague", "date": "2026-11-30", "marking": "OFFICIAL"},
        "threat": {"level": "substantial", "since": "2026-11-30"},
        "sections": [{"kind": "image", "path": str(secret), "alt": "A picture"}],
    }
    pack_file.write_text(json.dumps(data), encoding="utf-8")
    return pack_file, secret


def shown_text(window) -> str:
    pdf = window.panes.preview.pdf_bytes
    return pdf_text(pdf) if pdf else ""


def question(window) -> QMessageBox | None:
    return window.findChild(QMessageBox, "outside_files_question")


def outside_errors(window) -> list[str]:
    return [f.message for f in window.output.blocking_problems() if "outside" in f.message]


def answer(qtbot, window, button_text: str) -> None:
    qtbot.waitUntil(lambda: question(window) is not None and question(window).isVisible())
    box = question(window)
    assert "secret.png" in box.informativeText()
    [button] = [b for b in box.buttons() if b.text() == button_text]
    button.click()
    qtbot.waitUntil(lambda: window.outside_consent.box is None)


def test_opening_asks_and_allow_reads_the_picture(window, qtbot, outside_pack) -> None:
    pack_file, secret = outside_pack
    assert window.files.open_file(pack_file)
    assert question(window) is None or not question(window).isVisible()  # not yet: next turn
    qtbot.waitUntil(lambda: question(window) is not None)
    box = question(window)
    assert box.defaultButton().text() == "Don't Allow"  # Enter never says yes by accident
    assert outside_errors(window)  # until the yes, the pack cannot be exported
    answer(qtbot, window, "Allow These Pictures")
    assert outside_errors(window) == []
    assert secret.resolve() in window.doc.allowed_outside
    qtbot.waitUntil(lambda: not window.panes.preview.renderer.busy)
    qtbot.waitUntil(lambda: window.panes.preview.error_text == "", timeout=20_000)


def test_the_yes_is_kept_for_that_pack(window, qtbot, outside_pack, example_copy) -> None:
    pack_file, _secret = outside_pack
    assert window.files.open_file(pack_file)
    answer(qtbot, window, "Allow These Pictures")
    assert window.files.open_file(example_copy)
    assert window.files.open_file(pack_file)  # opened again: no question, the picture is read
    qtbot.wait(50)
    assert question(window) is None
    assert outside_errors(window) == []


def test_dont_allow_leaves_it_out_and_export_asks_again(
    window, qtbot, outside_pack, monkeypatch
) -> None:
    pack_file, _secret = outside_pack
    assert window.files.open_file(pack_file)
    answer(qtbot, window, "Don't Allow")
    assert outside_errors(window)
    # The preview shows a grey box in its place, saying why; nothing of the picture.
    qtbot.waitUntil(lambda: "not been allowed" in shown_text(window))
    assert window.panes.preview.error_text == ""
    asked: list[list[Path]] = []
    window.outside_consent.ask_blocking = lambda files: asked.append(files) or False
    refused: list[str] = []
    monkeypatch.setattr(window.output, "refuse_export", lambda fmt, problems: refused.append(fmt))
    window.output.export_dialog("pdf")
    assert len(asked) == 1 and refused == ["pdf"]  # asked again, then refused with the reason
    window.outside_consent.ask_blocking = lambda files: True
    monkeypatch.setattr(window.output, "choose_export_path", lambda *a: None, raising=False)
    window.outside_consent.ensure_allowed()
    assert outside_errors(window) == []


def test_a_picture_the_officer_chooses_needs_no_question(window, qtbot, tmp_path) -> None:
    picture = tmp_path / "elsewhere" / "mine.png"
    picture.parent.mkdir()
    Image.new("RGB", (20, 10), "navy").save(picture)
    window.sections.insert_section("image")
    editor = window.panes.editor.current_editor
    editor.set_file(picture)
    row = window.panes.outline.current_row()
    section = window.doc.pack.sections[row]
    assert isinstance(section, ImageSection) and section.path == picture.resolve().as_posix()
    assert outside_errors(window) == []
    qtbot.wait(50)
    assert question(window) is None
