"""The brand editor: colours, logo, save to the user folder, live preview, import and export."""

from __future__ import annotations

import json
import threading

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage

from briefpack.model.brand import find_brand


def make_editor(window, qtbot):
    editor = window.library.open_brand_editor()
    qtbot.addWidget(editor)
    qtbot.waitUntil(lambda: editor.renders == 1, timeout=20_000)  # rendered off the UI thread
    assert editor.pdf.pageCount() > 0, editor.preview_error
    return editor


def rendered_again(editor, qtbot) -> None:
    """Render the preview now and wait for it."""
    before = editor.renders
    assert editor.render_preview(), editor.preview_error
    qtbot.waitUntil(lambda: editor.renders > before and not editor.renderer.busy, timeout=20_000)


def test_change_a_colour_save_and_the_pack_can_use_it(window, qtbot, user_data_dir):
    editor = make_editor(window, qtbot)
    assert editor.id.text() == "default-custom"  # a built-in brand is edited as a copy
    first_pdf = editor.pdf_bytes
    editor.ask_colour = lambda current: "#12AB34"
    qtbot.mouseClick(editor.colours["primary"], Qt.MouseButton.LeftButton)
    assert editor.colours["primary"].text() == "#12AB34"
    qtbot.waitUntil(lambda: editor.renders == 2, timeout=5_000)  # the preview re-renders
    assert editor.pdf_bytes != first_pdf and editor.pdf.pageCount() > 0

    editor.name.setText("Green team")
    path = editor.save()
    assert path == user_data_dir / "brands" / "default-custom" / "brand.json"  # its own folder
    saved = json.loads(path.read_text())
    assert saved["primary"] == "#12AB34" and saved["name"] == "Green team"
    assert find_brand("default-custom").primary == "#12AB34"
    combo = window.panes.pack_settings.brand
    assert combo.findData("default-custom") >= 0
    combo.setCurrentIndex(combo.findData("default-custom"))
    assert window.doc.pack.meta.brand == "default-custom"


def test_logo_font_text_fields_and_thumbnail(window, qtbot, tmp_path, user_data_dir):
    editor = make_editor(window, qtbot)
    logo = tmp_path / "team-logo.png"
    image = QImage(120, 40, QImage.Format.Format_RGB32)
    image.fill(QColor("#8800AA"))
    image.save(str(logo))
    editor.ask_logo_file = lambda: str(logo)
    editor.choose_logo()
    assert editor.logo_thumb.pixmap() is not None and not editor.logo_thumb.pixmap().isNull()
    editor.font_family.setCurrentIndex(editor.font_family.findData("DejaVu Sans"))
    editor.body_size.setValue(12)
    editor.header.setText("Team North")
    editor.footer.setText("Not for circulation")
    editor.marking.setCurrentIndex(editor.marking.findData("OFFICIAL"))
    rendered_again(editor, qtbot)
    assert not editor.preview_error, editor.preview_error
    assert editor.save() is not None
    brand = find_brand("default-custom")
    # Copied under the name briefpack gives it, into the brand's own folder.
    assert brand.logo == "logo.png"
    assert (user_data_dir / "brands" / "default-custom" / "logo.png").is_file()
    assert brand.fonts.family == "DejaVu Sans" and brand.body_size == 12
    assert (brand.header_text, brand.footer_text) == ("Team North", "Not for circulation")
    assert brand.default_marking == "OFFICIAL"


def test_built_in_id_and_bad_id_are_refused(window, qtbot, user_data_dir):
    editor = make_editor(window, qtbot)
    editor.id.setText("default")
    assert editor.save() is None and "built-in" in editor.message.text()
    editor.id.setText("no/slashes")
    assert editor.save() is None and "brand id" in editor.message.text()
    assert not (user_data_dir / "brands").exists() or not any(
        (user_data_dir / "brands").glob("*.json")
    )


def test_export_then_import_a_changed_copy_asks(window, qtbot, tmp_path):
    editor = make_editor(window, qtbot)
    assert editor.save() is not None
    out = tmp_path / "share" / "brand.json"
    out.parent.mkdir()
    assert editor.export_file(out)
    data = json.loads(out.read_text())
    assert data["id"] == "default-custom"
    data["accent"] = "#000080"
    out.write_text(json.dumps(data))
    asked = []
    editor.ask_conflict = lambda message: asked.append(message) or "replace"
    assert editor.import_file(out)
    assert asked and find_brand("default-custom").accent == "#000080"
    assert editor.colours["accent"].text() == "#000080"


def test_the_preview_renders_off_the_ui_thread(window, qtbot, monkeypatch):
    """The editor answers while its preview is drawn: the render runs on a worker thread
    (which, once the preview helper takes a brand, only waits for the helper)."""
    import briefpack.gui.brand_preview as brand_preview

    editor = make_editor(window, qtbot)
    real = brand_preview.render_with_brand
    release, threads = threading.Event(), []

    def held(*args):
        threads.append(threading.current_thread())
        release.wait(10)
        return real(*args)

    monkeypatch.setattr(brand_preview, "render_with_brand", held)
    try:
        assert editor.render_preview()
        assert editor.renders == 1  # back at once, the render still held
        qtbot.waitUntil(lambda: bool(threads), timeout=5_000)
    finally:
        release.set()
    qtbot.waitUntil(lambda: editor.renders == 2, timeout=20_000)
    assert threads[0] is not threading.main_thread()
    assert not editor.preview_error and editor.pdf.pageCount() > 0


def test_a_brand_the_fields_cannot_make_says_so_without_a_render(window, qtbot):
    editor = make_editor(window, qtbot)
    editor.colours["primary"].set_colour("not a colour")
    assert not editor.render_preview()
    assert editor.preview_error and editor.message.text().startswith("Preview: ")
    assert not editor.renderer.busy


def test_the_editor_fits_a_small_screen(window, qtbot):
    """On a 1024 × 700 screen a fixed 1100 × 760 dialog hid Save and Close below the edge."""
    editor = make_editor(window, qtbot)
    area = editor.screen().availableGeometry()
    assert editor.width() <= min(1100, area.width()) and editor.height() <= min(760, area.height())
