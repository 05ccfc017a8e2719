"""Printing paints exactly the PDF's pages onto the printer."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter

from briefpack.gui.preview import render_pdf
from briefpack.gui.printing import print_pdf
from briefpack.model.pack import PACK_FORMAT
from briefpack.model.packfile import load_pack
from briefpack.model.resources import data_dir

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "protective-security-update.bpack"


def _printer(path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setResolution(96)
    return printer


def test_print_pdf_prints_every_page(qtbot, tmp_path):
    pdf_bytes = render_pdf(load_pack(EXAMPLE), EXAMPLE.parent, EXAMPLE)
    expected = len(PdfReader(io.BytesIO(pdf_bytes)).pages)
    out = tmp_path / "printed.pdf"
    assert print_pdf(pdf_bytes, _printer(out), 1, expected) == expected
    assert len(PdfReader(out).pages) == expected


def test_print_pdf_prints_a_page_range(qtbot, tmp_path):
    pdf_bytes = render_pdf(load_pack(EXAMPLE), EXAMPLE.parent, EXAMPLE)
    assert len(PdfReader(io.BytesIO(pdf_bytes)).pages) >= 2
    out = tmp_path / "range.pdf"
    assert print_pdf(pdf_bytes, _printer(out), 2, 2) == 1
    assert len(PdfReader(out).pages) == 1


def test_new_from_template_opens_an_untitled_pack_dated_today(window, monkeypatch, qtbot):
    template = data_dir("templates") / "protective-security-update.bpack"
    monkeypatch.setattr(window.templates, "choose_template_file", lambda: str(template))
    window.menu_actions["new_from_template"].trigger()
    pack = window.doc.pack
    assert pack.format == PACK_FORMAT
    assert pack.meta.date == date.today()
    assert not hasattr(pack, "name")
    assert window.doc.path is None
    assert window.windowTitle().startswith("Untitled")
    qtbot.waitUntil(lambda: not window.panes.preview.renderer.busy, timeout=20_000)


def test_save_as_template_round_trips(window, monkeypatch, tmp_path):
    from briefpack.gui.template_dialogs import SaveTemplateChoice
    from briefpack.model.pack import Template

    target = tmp_path / "mine.bpack"
    choice = SaveTemplateChoice("Mine", "For tests", destination=target)
    monkeypatch.setattr(window.templates, "ask_template_details", lambda: choice)
    window.menu_actions["save_as_template"].trigger()
    loaded = load_pack(target)
    assert isinstance(loaded, Template)
    assert (loaded.name, loaded.description) == ("Mine", "For tests")
    assert loaded.sections == window.doc.pack.sections
    assert window.doc.path is not None and window.doc.path != target


def test_save_as_template_goes_to_my_templates_by_default(window, monkeypatch, tmp_path):
    from briefpack.gui.template_dialogs import SaveTemplateChoice
    from briefpack.model.template_store import list_templates

    monkeypatch.setenv("BRIEFPACK_USER_DIR", str(tmp_path / "user"))
    monkeypatch.setattr(
        window.templates, "ask_template_details", lambda: SaveTemplateChoice("Retail", "")
    )
    assert window.templates.save_as_template_dialog()
    mine = [t for t in list_templates() if not t.builtin]
    assert [t.name for t in mine] == ["Retail"]
    assert mine[0].path.parent == tmp_path / "user" / "templates"


def test_print_action_sends_all_pages_after_the_dialog(window, monkeypatch):
    from PySide6.QtPrintSupport import QPrintDialog

    from briefpack.gui import printing

    calls = []
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: QPrintDialog.DialogCode.Accepted)
    monkeypatch.setattr(
        printing, "print_pdf", lambda pdf, printer, first, last: calls.append((first, last)) or 1
    )
    window.menu_actions["print"].trigger()
    assert calls == [(1, window.panes.preview.pdf.pageCount())]
