"""Pack bundles in the app: File ▸ Save as Bundle…, opening a .bpackz (File ▸ Open, the
command line), and pictures carried along when a pack is saved into another folder."""

from __future__ import annotations

import io
import os
import stat
import zipfile
from datetime import date
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from briefpack.model.bundle import PACK_ENTRY
from briefpack.model.packfile import load_pack, pack_to_bytes
from briefpack.model.sections import ImageSection


def png(shade: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), (shade, 90, 160)).save(buffer, "PNG")
    return buffer.getvalue()


CREST = png(10)


def add_picture(window, path: str = "pics/crest.png") -> int:
    """An image section naming `path`, added in the editor (an unsaved edit)."""
    row = len(window.doc.pack.sections)
    section = ImageSection(path=path, alt="The station crest", caption="Our crest")
    window.doc.edit_insert_section(row, section, "Add picture")
    return row


def answer_save_dialog(monkeypatch, target: Path) -> list[tuple]:
    """The next save dialogs answer `target`; returns what each was asked (title, start, filter)."""
    asked: list[tuple] = []

    def dialog(_parent, title, start, filters, *args, **kwargs):
        asked.append((title, start, filters))
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog)
    return asked


def answer_open_dialog(monkeypatch, target: Path) -> list[tuple]:
    asked: list[tuple] = []

    def dialog(_parent, title, start, filters, *args, **kwargs):
        asked.append((title, start, filters))
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", dialog)
    return asked


def errors_of(window, monkeypatch) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        window.feedback, "show_error", lambda title, text: shown.append((title, text))
    )
    return shown


def picture_findings(window) -> list[str]:
    from briefpack.document.checks import check_pack

    base_dir, _source, allowed = window.doc.files()
    findings = check_pack(window.doc.pack, base_dir, date.today(), allow_outside=allowed)
    return [f.message for f in findings if "path" in f.where and f.severity == "error"]


@pytest.fixture
def bundle(window, example_copy, tmp_path, monkeypatch) -> Path:
    """The example pack with a picture added (not saved), saved as a bundle from the menu."""
    (example_copy.parent / "pics").mkdir()
    (example_copy.parent / "pics" / "crest.png").write_bytes(CREST)
    add_picture(window)
    target = tmp_path / "sent" / "station.bpackz"
    target.parent.mkdir()
    asked = answer_save_dialog(monkeypatch, target.with_suffix(""))  # the suffix is added
    window.menu_actions["save_bundle"].trigger()
    assert asked[0][1] == str(example_copy.with_suffix(".bpackz"))  # named after the pack
    assert asked[0][2] == "Pack bundles (*.bpackz)"
    assert window.isWindowModified()  # the pack itself was not saved
    return target


def test_save_as_bundle_writes_the_pack_as_edited_with_its_picture(bundle, window):
    with zipfile.ZipFile(bundle) as zf:
        names = zf.namelist()
        inside = load_pack_bytes(zf.read(PACK_ENTRY))
        picture = inside.sections[-1]
        assert isinstance(picture, ImageSection) and picture.path in names
        assert zf.read(picture.path) == CREST
    assert len(inside.sections) == len(window.doc.pack.sections)  # the unsaved edit is in
    assert window.statusBar().currentMessage() == f"Saved the bundle {bundle}"


def load_pack_bytes(data: bytes):
    from briefpack.model.jsonfile import parse_json
    from briefpack.model.packfile import pack_from_data

    return pack_from_data(parse_json(data, "pack"), "pack")


def test_a_bundle_opens_as_an_unsaved_pack_and_its_first_save_carries_the_picture(
    bundle, window, tmp_path, monkeypatch
):
    asked_open = answer_open_dialog(monkeypatch, bundle)
    window.menu_actions["open"].trigger()
    assert "*.bpackz" in asked_open[0][2].split(";;")[0]  # packs and bundles, one filter
    doc = window.doc
    assert doc.path is None and doc.files_dir is not None
    assert not doc.files_dir.resolve().is_relative_to(bundle.parent.resolve())  # private
    title = doc.pack.meta.title
    assert window.windowTitle() == f"{title} (from station.bpackz)[*] — briefpack"
    picture = doc.pack.sections[-1]
    assert isinstance(picture, ImageSection) and picture.path.startswith("images/")
    assert (doc.base_dir / picture.path).read_bytes() == CREST
    assert picture_findings(window) == []  # the preview and Checks find the picture
    assert not window.isWindowModified()

    kept = tmp_path / "kept"
    kept.mkdir()
    asked = answer_save_dialog(monkeypatch, kept / "station.bpack")
    window.menu_actions["save"].trigger()  # unsaved: asks where, starting beside the bundle
    assert asked[0][1] == str(bundle.resolve().with_suffix(".bpack"))
    assert doc.path == kept / "station.bpack" and not window.isWindowModified()
    assert window.windowTitle() == "station.bpack[*] — briefpack"
    assert (kept / picture.path).read_bytes() == CREST
    saved = load_pack(kept / "station.bpack")
    assert saved.sections[-1].path == picture.path
    assert picture_findings(window) == []  # now looked up beside the saved pack


def test_a_hostile_bundle_is_refused_with_its_name_and_the_pack_stays(
    window, example_copy, tmp_path, monkeypatch
):
    hostile = tmp_path / "from-email" / "hostile.bpackz"
    hostile.parent.mkdir()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr(PACK_ENTRY, pack_to_bytes(window.doc.pack))
        link = zipfile.ZipInfo("images/crest.png")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(link, "/etc/passwd")
    hostile.write_bytes(buffer.getvalue())
    pack_before, title_before = window.doc.pack, window.windowTitle()
    shown = errors_of(window, monkeypatch)
    answer_open_dialog(monkeypatch, hostile)
    window.menu_actions["open"].trigger()
    assert shown == [
        (
            "Cannot open the bundle",
            f"{hostile}: 'images/crest.png' is a link; a bundle holds files only",
        )
    ]
    assert window.doc.pack is pack_before and window.doc.path == example_copy
    assert window.windowTitle() == title_before
    assert sorted(p.name for p in hostile.parent.iterdir()) == ["hostile.bpackz"]


HOSTILE = Path(__file__).resolve().parents[1] / "hostile"
REFUSED = sorted(
    p.name for p in HOSTILE.glob("zip-*.bpackz") if p.name != "zip-outside-picture.bpackz"
)


@pytest.mark.parametrize("name", REFUSED)
def test_every_hostile_bundle_is_refused_in_the_app(
    name, window, example_copy, tmp_path, monkeypatch
):
    copy = tmp_path / "mail" / name
    copy.parent.mkdir()
    copy.write_bytes((HOSTILE / name).read_bytes())
    pack_before = window.doc.pack
    shown = errors_of(window, monkeypatch)
    assert not window.files.open_file(copy)
    assert len(shown) == 1 and shown[0][0] == "Cannot open the bundle"
    assert shown[0][1].startswith(str(copy)) and "\n" not in shown[0][1]
    assert window.doc.pack is pack_before and window.doc.path == example_copy
    assert not list(Path(os.environ["BRIEFPACK_USER_DIR"]).glob("cache/bundles/*/*"))
    assert sorted(p.name for p in copy.parent.iterdir()) == [name]


def test_a_file_that_is_not_a_bundle_says_so(window, tmp_path, monkeypatch):
    fake = tmp_path / "notes.bpackz"
    fake.write_text("just some notes")
    shown = errors_of(window, monkeypatch)
    assert not window.files.open_file(fake)
    assert len(shown) == 1 and shown[0][1].startswith(f"{fake}: not a readable bundle")


def test_save_as_into_another_folder_takes_the_picture_along(
    window, example_copy, tmp_path, monkeypatch
):
    (example_copy.parent / "pics").mkdir()
    (example_copy.parent / "pics" / "crest.png").write_bytes(CREST)
    row = add_picture(window)
    other = tmp_path / "other"
    other.mkdir()
    answer_save_dialog(monkeypatch, other / "copy.bpack")
    window.menu_actions["save_as"].trigger()
    assert window.doc.path == other / "copy.bpack"
    assert (other / "pics" / "crest.png").read_bytes() == CREST
    assert window.doc.pack.sections[row].path == "pics/crest.png"
    assert picture_findings(window) == []
    assert getattr(window, "pictures_box", None) is None  # nothing worth a box


def test_a_different_picture_in_the_way_gets_a_new_name_as_one_undoable_edit(
    window, example_copy, tmp_path, monkeypatch
):
    (example_copy.parent / "crest.png").write_bytes(CREST)
    row = add_picture(window, "crest.png")
    other = tmp_path / "other"
    other.mkdir()
    theirs = other / "crest.png"
    theirs.write_bytes(png(200))
    answer_save_dialog(monkeypatch, other / "copy.bpack")
    window.menu_actions["save_as"].trigger()
    assert theirs.read_bytes() == png(200)  # never overwritten
    assert (other / "crest-2.png").read_bytes() == CREST
    assert window.doc.pack.sections[row].path == "crest-2.png"
    assert load_pack(other / "copy.bpack").sections[row].path == "crest-2.png"
    assert not window.isWindowModified()  # the open pack is what was saved
    box = window.files.pictures_box
    assert box.isVisible() and box.windowTitle() == "Pictures of the saved pack"
    assert box.informativeText() == (
        "The picture crest.png was copied as crest-2.png, because that folder already has a "
        "different file called crest.png."
    )
    box.close()
    assert window.stack.undoText() == "Picture names for the new folder"
    # The old name is now a different picture: shown as a change.
    window.menu_actions["undo"].trigger()
    assert window.doc.pack.sections[row].path == "crest.png" and window.isWindowModified()


def test_save_as_bundle_refuses_a_link_at_the_chosen_name(
    window, example_copy, tmp_path, monkeypatch
):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    link = tmp_path / "brief.bpackz"
    link.symlink_to(victim)
    shown = errors_of(window, monkeypatch)
    answer_save_dialog(monkeypatch, link)
    window.menu_actions["save_bundle"].trigger()
    assert victim.read_text() == "keep me"
    assert len(shown) == 1 and shown[0][0] == "Cannot save brief.bpackz"
    assert str(link) in shown[0][1] and "is a link" in shown[0][1]


def test_save_as_bundle_names_a_missing_picture(window, tmp_path, monkeypatch):
    row = add_picture(window, "gone.png")
    shown = errors_of(window, monkeypatch)
    answer_save_dialog(monkeypatch, tmp_path / "brief.bpackz")
    window.menu_actions["save_bundle"].trigger()
    assert not (tmp_path / "brief.bpackz").exists()
    assert len(shown) == 1 and shown[0][0] == "Cannot save brief.bpackz"
    assert f"Section {row + 1}" in shown[0][1] and "gone.png" in shown[0][1]


def test_briefpack_with_a_bundle_opens_it(qtbot, tmp_path, example_copy):
    from briefpack.gui.app import run_app
    from briefpack.model.bundle import write_bundle

    pack = load_pack(example_copy)
    pack.sections.append(ImageSection(path="crest.png", alt="The station crest"))
    (example_copy.parent / "crest.png").write_bytes(CREST)
    example_copy.write_bytes(pack_to_bytes(pack))
    bundle = write_bundle(example_copy, tmp_path / "station.bpackz")
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path))
    seen = {}

    def look_then_close():
        windows = [w for w in QApplication.topLevelWidgets() if w.objectName() == "main_window"]
        win = next((w for w in windows if w.isVisible() and w.doc.files_dir is not None), None)
        if win is None:  # still unpacking (a busy machine): look again, never hang the app
            QTimer.singleShot(100, look_then_close)
            return
        seen["title"], seen["path"] = win.windowTitle(), win.doc.path
        seen["picture"] = (win.doc.base_dir / win.doc.pack.sections[-1].path).read_bytes()
        win.close()

    QTimer.singleShot(300, look_then_close)
    assert run_app([str(bundle)]) == 0
    assert seen["title"].endswith("(from station.bpackz)[*] — briefpack")
    assert seen["path"] is None and seen["picture"] == CREST


def test_a_picture_outside_the_folder_goes_into_a_bundle_only_after_a_yes(
    window, tmp_path, monkeypatch
):
    elsewhere = tmp_path / "elsewhere" / "crest.png"
    elsewhere.parent.mkdir()
    elsewhere.write_bytes(CREST)
    add_picture(window, str(elsewhere))
    shown = errors_of(window, monkeypatch)
    asked = answer_save_dialog(monkeypatch, tmp_path / "brief.bpackz")
    window.outside_consent.ask_blocking = lambda files: False
    window.menu_actions["save_bundle"].trigger()
    assert asked == [] and not (tmp_path / "brief.bpackz").exists()  # refused before asking
    assert len(shown) == 1 and shown[0][0] == "Cannot save as a bundle"
    assert "outside its own folder that you have not allowed" in shown[0][1]

    window.outside_consent.ask_blocking = lambda files: files == [elsewhere.resolve()]
    window.menu_actions["save_bundle"].trigger()
    with zipfile.ZipFile(tmp_path / "brief.bpackz") as zf:
        path = load_pack_bytes(zf.read(PACK_ENTRY)).sections[-1].path
        assert path.startswith("images/") and zf.read(path) == CREST


def test_a_pack_from_a_bundle_restored_after_a_crash_still_finds_its_picture(
    bundle, window, tmp_path, monkeypatch, qtbot, settings
):
    from briefpack.gui.mainwindow import MainWindow
    from briefpack.gui.recovery import enable_autosave, restore_into
    from briefpack.model.recovery import list_recoveries

    answer_open_dialog(monkeypatch, bundle)
    window.menu_actions["open"].trigger()
    folder = tmp_path / "recovery"
    autosaver = enable_autosave(window, seconds=3600, folder=folder)
    window.doc.edit_field(("meta",), "title", "Edited before the crash")
    assert autosaver.autosave_now()
    qtbot.waitUntil(lambda: len(list_recoveries(folder, include_running=True)) == 1)
    [entry] = list_recoveries(folder, include_running=True)
    other = MainWindow(settings)
    other.files.ask_save_changes = lambda: QMessageBox.StandardButton.Discard
    qtbot.addWidget(other)
    assert restore_into(other, entry, folder)
    assert other.doc.files_dir == window.doc.files_dir
    assert other.doc.pack.meta.title == "Edited before the crash"
    assert picture_findings(other) == []  # the picture is found where the bundle put it
