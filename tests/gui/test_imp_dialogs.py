"""The app's imports: brands and templates (hostile files refused in one line, conflicts asked
with the ConflictDialog as for a library), the library (unsafe pictures refused), and the
gallery's thumbnails reading template files through the file gate."""

from __future__ import annotations

import contextlib
import html
import os
import shutil
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLabel

from briefpack.gui.library_dialogs import ConflictDialog
from briefpack.gui.template_gallery import TemplateGallery
from briefpack.gui.thumbnails import ThumbnailService
from briefpack.model.brand import find_brand
from briefpack.model.library import user_library
from briefpack.model.template_store import list_templates
from briefpack.model.userdata import user_brands_dir

HOSTILE = Path(__file__).parent.parent / "hostile"


def make_editor(window, qtbot):
    editor = window.library.open_brand_editor()
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


# ---- templates: imported from the gallery, conflicts asked, hostile files refused ----------


def no_render(data: bytes, path: Path) -> bytes:
    raise RuntimeError("no previews in these tests")  # each card says "No preview"


@pytest.fixture
def gallery(qtbot, settings):
    service = ThumbnailService(render=no_render)
    dialog = TemplateGallery(None, settings, service)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    yield dialog
    service.stop()


def shared_copy(tmp_path: Path, name: str) -> Path:
    target = tmp_path / "email" / name
    target.parent.mkdir(exist_ok=True)
    shutil.copy(HOSTILE / name, target)
    return target


def my_templates() -> dict[str, bytes]:
    return {t.name: t.path.read_bytes() for t in list_templates() if not t.builtin}


def answer_the_conflict_dialog(qtbot, choice: str | None, seen: list[str]) -> None:
    """When the ConflictDialog opens (modal), note its text and answer it: a choice, or Cancel."""

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ConflictDialog):
            QTimer.singleShot(20, answer)  # not open yet
            return
        assert list(dialog.buttons) == ["keep-both", "replace", "skip"]
        seen.append(" ".join(html.unescape(label.text()) for label in dialog.findChildren(QLabel)))
        if choice is None:
            dialog.reject()
        else:
            dialog.set_choice(choice)
            dialog.accept()

    QTimer.singleShot(0, answer)


def test_import_template_button_adds_it_listed_and_selected(gallery, qtbot, tmp_path):
    shared = shared_copy(tmp_path, "imp-template-station-brief.bpack")
    gallery.ask_conflict = lambda conflict: pytest.fail("nothing to ask about")
    gallery.pick_import_file = lambda: str(shared)
    before = gallery.model.rowCount()
    qtbot.mouseClick(gallery.import_button, Qt.MouseButton.LeftButton)
    assert gallery.model.rowCount() == before + 1
    chosen = gallery.current_info()
    assert chosen is not None and chosen.name == "Station Brief" and not chosen.builtin
    assert gallery.import_note.text() == "Imported “Station Brief” into My templates: added."
    assert gallery.start_button.isEnabled() and "My template" in gallery.details.text()
    assert list(my_templates()) == ["Station Brief"]


@pytest.mark.parametrize(
    ("choice", "names", "selected"),
    [
        ("keep-both", {"Station Brief", "Station-Brief! (imported)"}, "Station-Brief! (imported)"),
        ("replace", {"Station-Brief!"}, "Station-Brief!"),
        ("skip", {"Station Brief"}, "Station Brief"),
    ],
)
def test_a_template_conflict_is_asked_in_the_conflict_dialog(
    gallery, qtbot, tmp_path, choice, names, selected
):
    assert gallery.import_file(shared_copy(tmp_path, "imp-template-station-brief.bpack"))
    seen: list[str] = []
    answer_the_conflict_dialog(qtbot, choice, seen)
    assert gallery.import_file(shared_copy(tmp_path, "imp-template-station-brief-bang.bpack"))
    assert len(seen) == 1
    assert "'Station-Brief!' would be saved over your template 'Station Brief'" in seen[0]
    assert "--on-conflict" not in seen[0]
    assert set(my_templates()) == names
    assert gallery.current_info().name == selected
    assert {gallery.model.item(r).text() for r in range(gallery.model.rowCount())} >= names


def test_a_cancelled_conflict_imports_nothing(gallery, qtbot, tmp_path):
    assert gallery.import_file(shared_copy(tmp_path, "imp-template-station-brief.bpack"))
    before = my_templates()
    seen: list[str] = []
    answer_the_conflict_dialog(qtbot, None, seen)
    assert not gallery.import_file(shared_copy(tmp_path, "imp-template-station-brief-bang.bpack"))
    assert len(seen) == 1 and my_templates() == before
    assert gallery.import_note.text() == "Nothing imported."


def test_a_look_alike_template_name_is_refused_naming_the_file(gallery, tmp_path):
    shared = shared_copy(tmp_path, "imp-template-cyrillic-s.bpack")
    gallery.ask_conflict = lambda conflict: pytest.fail("refused before any question")
    rows = gallery.model.rowCount()
    assert not gallery.import_file(shared)
    text = gallery.import_note.text()
    assert text.startswith(f"Not imported: {shared}: name: ") and "Cyrillic letter 'Ѕ'" in text
    assert "\n" not in text and gallery.import_note.isVisible()
    assert my_templates() == {} and gallery.model.rowCount() == rows


def test_a_fifo_picked_as_a_template_is_refused_at_once(gallery, tmp_path):
    fifo = tmp_path / "brief.bpack"
    os.mkfifo(fifo)
    unblock, stuck = unblock_later(fifo)  # the old reader waited on a writer: it would end, late
    try:
        assert not gallery.import_file(fifo)
    finally:
        unblock.cancel()
    assert stuck == []  # nothing ever waited to read the pipe
    assert gallery.import_note.text() == (
        f"Not imported: {fifo} is a pipe (FIFO), not an ordinary file; choose a file"
    )


# ---- the app's library import: pictures that could turn against the officer --------------


def test_the_apps_library_import_refuses_a_ptmx_picture(window, tmp_path):
    shared = shared_copy(tmp_path, "lib-image-ptmx.json")
    panel = window.library.panel
    errors: list[str] = []
    panel.show_error = lambda title, message: errors.append(message)
    panel.ask_import_choice = lambda plan: pytest.fail("refused before any question")
    panel.choose_file = lambda title, save: str(shared)
    assert not panel.import_dialog()
    assert errors == [
        f"{shared}: item user.cctv-still (“CCTV still”): its picture /dev/ptmx is named by a "
        "full path; a shared item may only name a picture in the pack's own folder; "
        "nothing imported"
    ]
    assert user_library().items == []  # nor the ordinary item beside it


# ---- thumbnails read template files through the file gate ---------------------------------


def unblock_later(fifo: Path, seconds: float = 5) -> tuple[threading.Timer, list[bool]]:
    """Open the FIFO for writing later, so a reader stuck on it (the old code) gets its end
    of file and the test fails instead of hanging. The list gets True when a reader was
    found waiting then: whatever the machine's speed, the new code never reads a pipe."""
    stuck: list[bool] = []

    def open_and_close() -> None:
        with contextlib.suppress(OSError):  # ENXIO: nobody reading, nothing to unblock
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
            stuck.append(True)

    timer = threading.Timer(seconds, open_and_close)
    timer.start()
    return timer, stuck


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("fifo.bpack", "fifo.bpack is a pipe (FIFO), not an ordinary file"),
        ("huge.bpack", "huge.bpack is over 20 MB"),
        ("missing.bpack", "file not found: missing.bpack"),
    ],
)
def test_a_thumbnail_of_a_fifo_or_huge_file_fails_at_once(qtbot, tmp_path, name, said):
    os.mkfifo(tmp_path / "fifo.bpack")
    with open(tmp_path / "huge.bpack", "wb") as fh:
        fh.truncate(21 * 2**20)  # sparse: costs no disk
    renders: list[Path] = []
    service = ThumbnailService(render=lambda data, path: renders.append(path) or b"")
    unblock, stuck = unblock_later(tmp_path / "fifo.bpack")
    try:
        with qtbot.waitSignal(service.failed, timeout=30_000) as failed:
            key, image = service.thumbnail(tmp_path / name)
    finally:
        unblock.cancel()
        service.stop()
    assert image is None and stuck == []
    assert failed.args[0] == key and failed.args[1].startswith(said)
    assert renders == []
