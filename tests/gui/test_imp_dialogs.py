"""The app's brand import: hostile files refused in one line, conflicts asked as for a library."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtWidgets import QDialog

from briefpack.gui.library_dialogs import ConflictDialog
from briefpack.gui.library_wiring import open_brand_editor
from briefpack.model.brand import find_brand
from briefpack.model.userdata import user_brands_dir

HOSTILE = Path(__file__).parent.parent / "hostile"


def make_editor(window, qtbot):
    editor = open_brand_editor(window)
    qtbot.addWidget(editor)
    return editor


def test_a_logo_named_default_json_is_refused_in_the_app(window, qtbot, tmp_path):
    shared = tmp_path / "case"
    shutil.copytree(HOSTILE / "imp-logo-default-json", shared)
    editor = make_editor(window, qtbot)
    editor.ask_conflict = lambda message: None  # must not be asked: refused before
    assert not editor.import_file(shared / "brand.json")
    text = editor.message.text()
    assert text.startswith("Not imported: ") and "not an image" in text and "\n" not in text
    assert find_brand("default").builtin
    assert not user_brands_dir().exists() or not any(user_brands_dir().iterdir())


def test_a_brand_conflict_is_asked_with_the_three_choices(window, qtbot, tmp_path):
    editor = make_editor(window, qtbot)
    assert editor.save() is not None  # "default-custom", the officer's own
    out = tmp_path / "brand.json"
    assert editor.export_file(out)
    out.write_text(out.read_text().replace('"#C8102E"', '"#000080"'))
    shown: list[ConflictDialog] = []

    def through_the_dialog(message: str):
        dialog = ConflictDialog("Import brand", message, editor)
        shown.append(dialog)
        assert list(dialog.buttons) == ["keep-both", "replace", "skip"]
        assert "--on-conflict" not in message and "default-custom" in message
        dialog.set_choice("skip")
        return dialog.choice()

    editor.ask_conflict = through_the_dialog
    assert editor.import_file(out)
    assert len(shown) == 1
    assert find_brand("default-custom").accent != "#000080"


def test_the_conflict_dialog_cancel_changes_nothing(qtbot):
    dialog = ConflictDialog("Import brand", "your brand 'acme' differs from the one in this file")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.buttons["keep-both"].isChecked()
    dialog.reject()
    assert dialog.result() == QDialog.DialogCode.Rejected
