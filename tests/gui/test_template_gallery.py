"""New from Template (the gallery and its thumbnails) and Save as Template (one dialog)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from briefpack.gui.preview import render_pdf
from briefpack.gui.template_dialogs import (
    SaveTemplateDialog,
    ask_template_details,
    save_chosen_template,
)
from briefpack.gui.template_gallery import (
    STARTUP_KEY,
    TemplateGallery,
    choose_template,
    gallery_at_startup,
)
from briefpack.gui.thumbnails import (
    BUILTIN_ROLE,
    NOTE_ROLE,
    PIXEL_WIDTH,
    ThumbnailService,
    first_page_image,
    render_template_pdf,
)
from briefpack.model.jsonfile import parse_json
from briefpack.model.pack import Template
from briefpack.model.packfile import load_pack, pack_from_data
from briefpack.model.template_store import list_templates, save_user_template
from briefpack.model.templates import pack_to_template, with_current_threat

GATE_SECONDS = 10  # a render held back longer than this fails (and so would a blocking UI)


class CountingRender:
    """Renders in this process, counting calls; `gate` holds renders back until set."""

    def __init__(self) -> None:
        self.calls: list[Path] = []
        self.gate = threading.Event()
        self.gate.set()
        self.fail_for: set[str] = set()

    def __call__(self, data: bytes, path: Path) -> bytes:
        if not self.gate.wait(GATE_SECONDS):
            raise TimeoutError("render held back too long")
        self.calls.append(path)
        if path.name in self.fail_for:
            raise ValueError("the template names a placeholder that does not exist")
        # As the app's renderer does: a template is drawn with the level in force today.
        template = with_current_threat(pack_from_data(parse_json(data, path), path))
        return render_pdf(template, path.parent, path)


@pytest.fixture
def renders() -> CountingRender:
    return CountingRender()


@pytest.fixture
def service(renders):
    made: list[ThumbnailService] = []

    def make() -> ThumbnailService:
        made.append(ThumbnailService(render=renders))
        return made[-1]

    yield make
    renders.gate.set()
    for each in made:
        each.stop()


@pytest.fixture
def my_copy_of_a_builtin(user_data_dir) -> Path:
    """A user template with the same name as the first built-in, and its own description."""
    builtin = list_templates()[0]
    mine = load_pack(builtin.path).model_copy(update={"description": "Our force's version."})
    return save_user_template(mine)


def open_gallery(qtbot, settings, service) -> TemplateGallery:
    gallery = TemplateGallery(None, settings, service)
    qtbot.addWidget(gallery)
    gallery.show()
    qtbot.waitExposed(gallery)
    return gallery


def shown(gallery: TemplateGallery) -> list[tuple[str, str]]:
    """The cards in view: (name, label)."""
    proxy = gallery.proxy
    return [
        (proxy.index(r, 0).data(), "Built-in" if proxy.index(r, 0).data(BUILTIN_ROLE) else "Mine")
        for r in range(proxy.rowCount())
    ]


def wait_for_thumbnails(qtbot, gallery: TemplateGallery) -> None:
    qtbot.waitUntil(lambda: gallery.thumbnails_pending() == 0, timeout=30_000)


# ---- the gallery ---------------------------------------------------------------------------


def test_gallery_shows_builtins_and_a_user_template_with_a_builtins_name(
    qtbot, settings, service, my_copy_of_a_builtin
):
    gallery = open_gallery(qtbot, settings, service())
    builtins = [t.name for t in list_templates() if t.builtin]
    assert shown(gallery) == [(n, "Built-in") for n in builtins] + [(builtins[0], "Mine")]
    assert gallery.focusWidget() is gallery.search  # typing searches straight away


def test_search_filters_as_you_type_and_enter_starts_the_best_match(qtbot, settings, service):
    gallery = open_gallery(qtbot, settings, service())
    qtbot.keyClicks(gallery.search, "notice")
    assert [name for name, _ in shown(gallery)] == ["Threat level change notice"]
    qtbot.keyClicks(gallery.search, " zzz")
    assert shown(gallery) == [] and gallery.empty.isVisible()
    assert not gallery.start_button.isEnabled()
    gallery.search.clear()
    qtbot.keyClicks(gallery.search, "THREAT")  # names that match come before descriptions
    assert shown(gallery)[0][0] == "Threat level change notice"
    qtbot.keyClick(gallery.search, Qt.Key.Key_Return)
    assert gallery.result() == QDialog.DialogCode.Accepted
    assert gallery.chosen is not None and gallery.chosen.name == "threat-level-change-notice.bpack"


def test_arrow_keys_move_through_the_grid_and_enter_starts_the_selected(qtbot, settings, service):
    gallery = open_gallery(qtbot, settings, service())
    first, second = list_templates()[:2]
    qtbot.keyClick(gallery.search, Qt.Key.Key_Down)
    assert gallery.focusWidget() is gallery.list
    assert gallery.current_info().path == first.path
    qtbot.keyClick(gallery.list, Qt.Key.Key_Right)
    assert gallery.current_info().path == second.path
    assert second.name in gallery.details.text()
    qtbot.keyClick(gallery.list, Qt.Key.Key_Return)
    assert gallery.result() == QDialog.DialogCode.Accepted and gallery.chosen == second.path
    # Opened again, the gallery starts on the template used last.
    again = open_gallery(qtbot, settings, service())
    assert again.current_info().path == second.path


def test_typing_in_the_grid_goes_on_in_the_search_box(qtbot, settings, service):
    gallery = open_gallery(qtbot, settings, service())
    qtbot.keyClick(gallery.search, Qt.Key.Key_Down)
    qtbot.keyClicks(gallery.list, "sector")
    assert gallery.search.text() == "sector" and gallery.focusWidget() is gallery.search


def test_escape_cancels(qtbot, settings, service):
    gallery = open_gallery(qtbot, settings, service())
    qtbot.keyClick(gallery.search, Qt.Key.Key_Escape)
    assert gallery.result() == QDialog.DialogCode.Rejected and gallery.chosen is None


def test_double_click_starts_and_a_file_can_be_opened_instead(qtbot, settings, service, tmp_path):
    gallery = open_gallery(qtbot, settings, service())
    card = gallery.list.visualRect(gallery.proxy.index(1, 0)).center()
    qtbot.mouseClick(gallery.list.viewport(), Qt.MouseButton.LeftButton, pos=card)
    qtbot.mouseDClick(gallery.list.viewport(), Qt.MouseButton.LeftButton, pos=card)
    assert gallery.chosen == list_templates()[1].path
    other = open_gallery(qtbot, settings, service())
    other.pick_template_file = lambda: str(tmp_path / "shared.bpack")
    qtbot.mouseClick(other.open_file_button, Qt.MouseButton.LeftButton)
    assert other.chosen == tmp_path / "shared.bpack"


def test_with_no_templates_the_gallery_says_what_to_do(qtbot, settings, service):
    gallery = TemplateGallery(None, settings, service(), templates=[])
    qtbot.addWidget(gallery)
    assert "No templates found" in gallery.empty.text() and not gallery.start_button.isEnabled()


def test_startup_checkbox_is_stored_in_settings(qtbot, settings, service):
    assert gallery_at_startup(settings) is True  # nothing stored yet: shown by default
    gallery = open_gallery(qtbot, settings, service())
    assert gallery.at_startup.isChecked()
    gallery.at_startup.click()
    assert settings.value(STARTUP_KEY, type=bool) is False
    assert gallery_at_startup(settings) is False
    assert not open_gallery(qtbot, settings, service()).at_startup.isChecked()


def test_choose_template_runs_the_gallery_modally(qtbot, settings, service):
    def press_enter() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, TemplateGallery)
        qtbot.keyClicks(dialog.search, "sector")
        qtbot.keyClick(dialog.search, Qt.Key.Key_Return)

    QTimer.singleShot(0, press_enter)
    chosen = choose_template(None, settings, service())
    assert chosen is not None and chosen.name == "sector-meeting-briefing.bpack"


# ---- thumbnails ------------------------------------------------------------------------------


def test_thumbnails_render_off_the_ui_thread_then_come_from_the_disk_cache(
    qtbot, settings, service, renders, my_copy_of_a_builtin, user_data_dir
):
    renders.gate.clear()  # every render waits until the test lets it go: the gallery
    gallery = open_gallery(qtbot, settings, service())  # opening at all proves it did not wait
    count = gallery.model.rowCount()
    assert gallery.thumbnails_pending() == count
    qtbot.keyClicks(gallery.search, "notice")  # the dialog answers while renders wait
    assert [name for name, _ in shown(gallery)] == ["Threat level change notice"]
    ticks: list[int] = []
    QTimer.singleShot(10, lambda: ticks.append(1))
    qtbot.waitUntil(lambda: bool(ticks), timeout=2000)
    assert gallery.thumbnails_pending() == count
    renders.gate.set()
    wait_for_thumbnails(qtbot, gallery)
    assert len(renders.calls) == count
    assert len(list((user_data_dir / "cache" / "thumbnails").glob("*.png"))) == count

    # A new session (a new service): every thumbnail is there at once, nothing rendered.
    again = open_gallery(qtbot, settings, service())
    assert again.thumbnails_pending() == 0
    assert len(renders.calls) == count

    # A changed template is drawn afresh; the others still come from the cache.
    mine = load_pack(my_copy_of_a_builtin)
    save_user_template(mine.model_copy(update={"description": "Changed."}))
    third = open_gallery(qtbot, settings, service())
    assert third.thumbnails_pending() == 1
    wait_for_thumbnails(qtbot, third)
    assert renders.calls[count:] == [my_copy_of_a_builtin]


def test_a_template_that_cannot_be_drawn_says_so_and_the_rest_arrive(
    qtbot, settings, service, renders
):
    renders.fail_for = {"sector-meeting-briefing.bpack"}
    gallery = open_gallery(qtbot, settings, service())
    wait_for_thumbnails(qtbot, gallery)
    notes = {
        gallery.model.item(r).text(): gallery.model.item(r).data(NOTE_ROLE)
        for r in range(gallery.model.rowCount())
    }
    assert notes["Sector meeting briefing"] == "No preview"
    assert [name for name, note in notes.items() if note] == ["Sector meeting briefing"]


def test_the_real_renderer_draws_page_one(qtbot):
    path = list_templates()[0].path
    image = first_page_image(render_template_pdf(path.read_bytes(), path), PIXEL_WIDTH)
    assert image.width() == PIXEL_WIDTH and image.height() > PIXEL_WIDTH  # a portrait page
    colours = {image.pixel(x, y) for x in range(0, PIXEL_WIDTH, 7) for y in range(0, 200, 7)}
    assert len(colours) > 3  # drawn, not blank paper


# ---- Save as Template ------------------------------------------------------------------------


@pytest.fixture
def pack(example_copy):
    return load_pack(example_copy)


def save_dialog(qtbot, title: str) -> SaveTemplateDialog:
    dialog = SaveTemplateDialog(None, title)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_save_dialog_defaults_to_my_templates_and_saves_there(qtbot, pack, user_data_dir):
    dialog = save_dialog(qtbot, pack.meta.title)
    assert dialog.name_edit.text() == pack.meta.title and dialog.mine_radio.isChecked()
    dialog.name_edit.setText("Venue briefing")
    dialog.description_edit.setPlainText("For venues.\nShort and plain.")
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    choice = dialog.choice()
    assert (choice.destination, choice.replaces) == (None, None)
    path = save_chosen_template(pack, choice)
    assert path == user_data_dir / "templates" / "venue-briefing.bpack"
    mine = [t for t in list_templates() if not t.builtin]
    assert [(t.name, t.description) for t in mine] == [
        ("Venue briefing", "For venues.\nShort and plain.")
    ]


def test_an_empty_name_is_refused_in_the_dialog(qtbot, pack):
    dialog = save_dialog(qtbot, pack.meta.title)
    dialog.name_edit.setText("   ")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.message.isVisible() and dialog.message.text() == "Give the template a name."
    qtbot.keyClicks(dialog.name_edit, "Fine")
    assert not dialog.message.isVisible()


def test_a_name_already_in_my_templates_offers_replace_or_another_name(qtbot, pack):
    existing = save_user_template(pack_to_template(pack, "Venue briefing", "Old."))
    dialog = save_dialog(qtbot, "venue BRIEFING")
    assert dialog.save_button.text() == "Replace"
    assert "already have a template called “Venue briefing”" in dialog.message.text()
    qtbot.mouseClick(dialog.another_name_button, Qt.MouseButton.LeftButton)
    assert dialog.name_edit.text() == "venue BRIEFING (2)"
    assert dialog.save_button.text() == "Save" and not dialog.message.isVisible()

    dialog.name_edit.setText("Venue briefing!")  # another name, but the same file
    assert dialog.save_button.text() == "Replace" and "same file name" in dialog.message.text()
    dialog.description_edit.setPlainText("New.")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    choice = dialog.choice()
    assert choice.replaces == existing
    assert save_chosen_template(pack, choice) == existing
    mine = [(t.name, t.description) for t in list_templates() if not t.builtin]
    assert mine == [("Venue briefing!", "New.")]


def test_a_builtin_name_is_allowed_and_explained(qtbot, pack):
    builtin = list_templates()[0].name
    dialog = save_dialog(qtbot, builtin)
    assert dialog.save_button.text() == "Save"
    assert "A built-in template is also called" in dialog.message.text()


def test_save_to_a_file_needs_a_file_and_writes_a_template_there(qtbot, pack, tmp_path):
    dialog = save_dialog(qtbot, pack.meta.title)
    dialog.pick_file = lambda: ""
    dialog.file_radio.click()  # as a click by the officer: the picker opens
    assert dialog.file_radio.isChecked() and dialog.destination is None
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "Choose the file" in dialog.message.text()

    dialog.pick_file = lambda: str(tmp_path / "shared")
    qtbot.mouseClick(dialog.browse_button, Qt.MouseButton.LeftButton)
    assert dialog.file_edit.text() == str(tmp_path / "shared.bpack")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    choice = dialog.choice()
    assert choice.destination == tmp_path / "shared.bpack"
    save_chosen_template(pack, choice)
    saved = load_pack(tmp_path / "shared.bpack")
    assert isinstance(saved, Template) and saved.name == pack.meta.title
    assert all(t.builtin for t in list_templates())  # nothing went into My templates


def test_ask_template_details_returns_none_when_cancelled(qtbot):
    def cancel() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SaveTemplateDialog)
        qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Escape)

    QTimer.singleShot(0, cancel)
    assert ask_template_details(None, "Title") is None
