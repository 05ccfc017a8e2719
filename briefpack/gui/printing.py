"""Printing: the pack's PDF pages, painted one by one onto a printer."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

# Pages are rendered at the printer's resolution, but no finer than this: an A4 page at
# 1200 dpi (Qt's PDF printer) would be a half-gigabyte image.
MAX_DPI = 600


def load_pdf(pdf_bytes: bytes) -> QPdfDocument:
    """A QPdfDocument of `pdf_bytes` (its buffer is kept alive as a child of it)."""
    pdf = QPdfDocument()
    buffer = QBuffer(pdf)
    buffer.setData(QByteArray(pdf_bytes))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    pdf.load(buffer)
    return pdf


def print_pdf(pdf_bytes: bytes, printer: QPrinter, first: int = 1, last: int = 0) -> int:
    """Print pages `first`..`last` (1-based; 0 means the last page); return pages printed."""
    pdf = load_pdf(pdf_bytes)
    try:
        count = pdf.pageCount()
        if count <= 0:
            return 0
        first = max(1, first)
        last = count if last <= 0 else min(last, count)
        if first > last:
            return 0
        painter = QPainter()
        if not painter.begin(printer):
            return 0
        printed = 0
        try:
            dpi = min(printer.resolution(), MAX_DPI)
            for page in range(first - 1, last):
                if printed:
                    printer.newPage()
                points = pdf.pagePointSize(page)
                size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
                image = pdf.render(page, size)
                # Fit the page into the printable area, keeping its proportions.
                area = painter.viewport()
                scaled = size.scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(QRect(area.topLeft(), scaled), image)
                printed += 1
        finally:
            painter.end()
        return printed
    finally:
        pdf.close()
        pdf.deleteLater()
