"""Export runs off the UI thread, shows progress when slow, can be cancelled, then offers to
open the file; the export is checked by render.verify when that module exists."""

from __future__ import annotations

import io
import threading

from PySide6.QtCore import QTimer, QUrl
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton

import briefpack.gui.export as export
import briefpack.gui.jobs as jobs
import briefpack.render.verify as verify


def test_export_both_formats_and_read_them_back(window, tmp_path):
    import docx
    from pypdf import PdfReader

    pdf, word = tmp_path / "out.pdf", tmp_path / "out.docx"
    assert window.output.export_to(pdf, "pdf") and window.output.export_to(word, "docx")
    pages = PdfReader(io.BytesIO(pdf.read_bytes())).pages
    assert "Key websites" in " ".join(p.extract_text() for p in pages)
    assert "Key websites" in " ".join(p.text for p in docx.Document(str(word)).paragraphs)
    assert window.statusBar().currentMessage() == f"Exported {word}"


def held_render(monkeypatch) -> tuple[threading.Event, threading.Event]:
    """Make rendering, in the worker thread, wait until the test lets it go: (release, ran)."""
    import briefpack.render as render_module

    real = render_module.render
    release, ran = threading.Event(), threading.Event()

    def held(doc, fmt, **kw):
        assert threading.current_thread() is not threading.main_thread()
        release.wait(60)
        ran.set()
        return real(doc, fmt, **kw)

    monkeypatch.setattr(render_module, "render", held)
    return release, ran


def test_a_slow_export_shows_progress_and_can_be_cancelled(window, tmp_path, monkeypatch, qtbot):
    release, ran = held_render(monkeypatch)
    target = tmp_path / "slow.pdf"
    seen = {}

    def cancel_when_shown() -> None:
        progress = window.jobs.progress
        if progress is None or not progress.isVisible():
            return
        seen["label"] = progress.labelText()
        progress.findChild(QPushButton).click()  # the dialog's Cancel button

    timer = QTimer(window)
    timer.timeout.connect(cancel_when_shown)
    timer.start(50)
    try:
        assert not window.output.export_to(target, "pdf")
        assert not ran.is_set()  # the UI got control back while the render was still held
    finally:
        timer.stop()
        release.set()
    assert "Laying out the PDF pages" in seen["label"]
    assert window.jobs.wait()
    assert ran.is_set()
    assert not target.exists()  # cancelled before writing: nothing half-done on disk
    assert window.statusBar().currentMessage() == "Export cancelled: no file written"


def test_a_quick_export_shows_no_dialog(window, tmp_path, monkeypatch):
    """An export that ends before the progress delay shows no dialog. The delay is made long
    and the render waits until the UI has looked for the dialog five times, so the test
    watches the whole job whatever the machine's speed."""
    monkeypatch.setattr(jobs, "PROGRESS_AFTER_MS", 60_000)
    release, _ran = held_render(monkeypatch)
    shown: list[bool] = []

    def look() -> None:
        shown.append(bool(window.jobs.progress and window.jobs.progress.isVisible()))
        if len(shown) >= 5:
            release.set()

    timer = QTimer(window)
    timer.timeout.connect(look)
    timer.start(20)
    try:
        assert window.output.export_to(tmp_path / "quick.pdf", "pdf")
    finally:
        timer.stop()
        release.set()
    assert len(shown) >= 5 and not any(shown)
    assert window.jobs.progress is None
    assert (tmp_path / "quick.pdf").read_bytes().startswith(b"%PDF")


def test_export_is_verified_when_the_verifier_exists(window, tmp_path, monkeypatch):
    checked = []
    monkeypatch.setattr(
        verify, "verify_written", lambda path, fmt, _data: checked.append((path, fmt))
    )
    target = tmp_path / "checked.docx"
    assert window.output.export_to(target, "docx")
    assert checked == [(target, "docx")]

    from briefpack.model.errors import BriefpackError

    def refuse(path, fmt, _data):
        raise BriefpackError(f"{path}: the file has no pages")

    monkeypatch.setattr(verify, "verify_written", refuse)
    errors = []
    monkeypatch.setattr(
        window.feedback, "show_error", lambda title, message: errors.append(message)
    )
    assert not window.output.export_to(tmp_path / "bad.pdf", "pdf")
    assert errors == [f"{tmp_path / 'bad.pdf'}: the file has no pages"]


def test_a_render_error_names_the_section(window, tmp_path, monkeypatch):
    window.panes.outline.select_row(0)
    title = window.panes.editor.current_editor.title
    title.setText("Intro {{ nope }}")
    title.textEdited.emit(title.text())
    errors = []
    monkeypatch.setattr(
        window.feedback, "show_error", lambda title, message: errors.append(message)
    )
    assert not window.output.export_to(tmp_path / "x.pdf", "pdf")
    assert errors and errors[0].startswith("Section 1 “Intro {{ nope }}” (Text), heading")


def test_finished_export_offers_open_and_show_in_folder(window, tmp_path, monkeypatch, qtbot):
    opened: list[QUrl] = []
    monkeypatch.setattr(export.QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    target = tmp_path / "done.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.menu_actions["export_pdf"].trigger()
    box = window.output.export_done_box
    assert isinstance(box, QMessageBox) and box.isVisible() and target.exists()
    buttons = {b.text(): b for b in box.buttons()}
    buttons["Show in Folder"].click()
    assert opened[-1].toLocalFile() == str(target.parent.resolve())
    window.menu_actions["export_pdf"].trigger()
    box = window.output.export_done_box
    {b.text(): b for b in box.buttons()}["Open"].click()
    assert opened[-1].toLocalFile() == str(target.resolve())


def test_an_export_the_log_cannot_record_is_done_and_says_so(window, tmp_path):
    from briefpack.model.export_log import log_path, read_log

    target = tmp_path / "out.html"
    assert window.output.export_to(target, "html") and len(read_log().records) == 1
    log_path().unlink()
    log_path().mkdir()  # the export log cannot be written now
    assert window.output.export_to(target, "html")
    assert window.statusBar().currentMessage().endswith("(not recorded in the export log)")
    [note] = window.output.export_notes
    assert "could not record the export of" in note and target.is_file()
    box = export.offer_to_open(window, target, window.output.export_notes)
    assert note in box.informativeText() and box.icon() == QMessageBox.Icon.Warning
    box.close()
