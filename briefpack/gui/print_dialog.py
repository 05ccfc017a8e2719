"""The print dialog: printer, copies and page range on one screen, then the pages printed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import QPushButton, QWidget

OPTIONS_BUTTON = "&Options >>"


def expand_options(dialog: QPrintDialog) -> bool:
    """Show the copies and page-range options at once where Qt hides them behind
    "Options >>" (its own dialog on Linux); True when that button was found."""
    for button in dialog.findChildren(QPushButton):
        if button.text() == OPTIONS_BUTTON:
            button.click()
            button.hide()
            return True
    return False


def make_print_dialog(parent: QWidget, printer: QPrinter, pages: int) -> QPrintDialog:
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print pack")
    option = QAbstractPrintDialog.PrintDialogOption
    # Copies are always offered in Qt 6; collating them is an option.
    dialog.setOptions(option.PrintToFile | option.PrintPageRange | option.PrintCollateCopies)
    dialog.setMinMax(1, max(1, pages))
    dialog.setFromTo(1, max(1, pages))
    expand_options(dialog)
    return dialog


def page_count(pdf_bytes: bytes) -> int:
    from briefpack.gui.printing import load_pdf

    pdf = load_pdf(pdf_bytes)
    try:
        return pdf.pageCount()
    finally:
        pdf.close()
        pdf.deleteLater()


def run_print(parent: QWidget, pdf_bytes: bytes, doc_name: str) -> int | None:
    """Ask where and what to print, then print; pages printed, or None when cancelled."""
    from briefpack.gui import printing

    pages = page_count(pdf_bytes)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    if doc_name:
        printer.setDocName(doc_name)
    dialog = make_print_dialog(parent, printer, pages)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return None
    first, last = 1, pages
    if printer.printRange() == QPrinter.PrintRange.PageRange:
        first, last = printer.fromPage() or 1, printer.toPage() or pages
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        return printing.print_pdf(pdf_bytes, printer, first, last)
    finally:
        QGuiApplication.restoreOverrideCursor()
