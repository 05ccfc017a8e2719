"""First-page thumbnails of templates: rendered off the UI thread, cached on disk.

    UI thread                      worker thread (plain Python)
    thumbnail(path) ──(queue)────► compose + render the PDF (in the preview's helper process)
    _on_rendered  ◄──(signal)───── PDF bytes
    page 1 → QImage (QtPdf), PNG to the disk cache, `ready` emitted

The worker holds only plain Python objects and emits through a signal of the service, a
QObject made on the UI thread that lives as long as the program: no QObject is ever made
or collected in the worker (that crashed an earlier design). Rasterising page 1 needs a
QPdfDocument, a QObject, so it happens on the UI thread; at thumbnail size it takes a few
milliseconds. The disk cache is keyed by a hash of the template file's bytes and the
briefpack version (model.cache), so the second opening shows every thumbnail at once.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QIODevice,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QImage,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
    QTextLayout,
)
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from briefpack.gui.printing import load_pdf
from briefpack.model.cache import THUMBNAILS, content_key, read_cached, write_cached
from briefpack.model.filegate import FileRefused, read_regular_file
from briefpack.model.jsonfile import MAX_FILE_BYTES

THUMB_WIDTH = 150  # on screen, in device-independent pixels
PIXEL_WIDTH = 2 * THUMB_WIDTH  # stored at twice that, sharp on high-DPI screens too

# (template file bytes, the file's path) -> PDF bytes; raises on failure.
RenderFunction = Callable[[bytes, Path], bytes]


def render_template_pdf(data: bytes, path: Path) -> bytes:
    """The PDF of a template file's bytes, rendered in the preview's helper process (so the
    UI thread never waits for Python's GIL); pictures resolve beside `path`."""
    from briefpack.model.jsonfile import parse_json
    from briefpack.model.packfile import pack_from_data
    from briefpack.model.templates import with_current_threat
    from briefpack.services.preview import shared_service

    template = with_current_threat(pack_from_data(parse_json(data, path), path))
    return shared_service().render(template, path.parent, path).pdf


def first_page_image(pdf_bytes: bytes, width: int) -> QImage:
    """Page 1 of the PDF, `width` pixels wide on white; a null QImage if it has no pages."""
    pdf = load_pdf(pdf_bytes)
    try:
        if pdf.pageCount() <= 0:
            return QImage()
        points = pdf.pagePointSize(0)
        if points.width() <= 0:
            return QImage()
        size = QSize(width, round(width * points.height() / points.width()))
        page = pdf.render(0, size)
    finally:
        pdf.close()
        pdf.deleteLater()
    return _on_white(page)


def _on_white(page: QImage) -> QImage:
    """Pages are rendered with a transparent background; thumbnails show paper."""
    image = QImage(page.size(), QImage.Format.Format_RGB32)
    image.fill(QColor(Qt.GlobalColor.white))
    painter = QPainter(image)
    painter.drawImage(0, 0, page)
    painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data().data())


class ThumbnailService(QObject):
    """Thumbnails by template file; one worker thread renders those not yet cached."""

    ready = Signal(str, QImage)  # key, first page (PIXEL_WIDTH wide)
    failed = Signal(str, str)  # key, why there is no picture, for a tooltip
    _rendered = Signal(str, object)  # worker -> UI thread: key, PDF bytes
    _render_failed = Signal(str, str)

    def __init__(
        self, render: RenderFunction = render_template_pdf, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.render = render
        self.renders = 0  # PDFs rendered (not taken from a cache), for tests and diagnostics
        self._images: dict[str, QImage] = {}  # this session's thumbnails, by key
        self._pending: set[str] = set()
        self._jobs: queue.Queue[tuple[str, bytes, Path] | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        queued = Qt.ConnectionType.QueuedConnection
        self._rendered.connect(self._on_rendered, queued)
        self._render_failed.connect(self._on_render_failed, queued)

    def thumbnail(self, path: Path) -> tuple[str, QImage | None]:
        """(key, image) when cached; else (key, None) and `ready` or `failed` follows."""
        try:
            # Through the file gate: a template folder may hold anything a colleague's zip
            # left there, and a FIFO, a device or a huge file must not block or fill memory.
            data = read_regular_file(path, max_bytes=MAX_FILE_BYTES, shown=path.name)
        except FileRefused as exc:  # reported once the caller has connected to `failed`
            key = f"unreadable:{path}"
            self._render_failed.emit(key, exc.problem)
            return key, None
        key = content_key(data, "page-1", PIXEL_WIDTH)
        image = self._images.get(key) or self._from_disk(key)
        if image is not None:
            return key, image
        if key not in self._pending:
            self._pending.add(key)
            self._jobs.put((key, data, path))
            self._start_worker()
        return key, None

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def stop(self, timeout: float = 5.0) -> None:
        """End the worker after the job it is on (the program's end, and tests)."""
        if self._thread is not None:
            self._jobs.put(None)
            self._thread.join(timeout)
            self._thread = None

    # ---- UI thread -----------------------------------------------------------------------

    def _from_disk(self, key: str) -> QImage | None:
        data = read_cached(THUMBNAILS, key)
        if data is None:
            return None
        image = QImage.fromData(data, "PNG")
        if image.isNull():
            return None  # a damaged entry: render again, which rewrites it
        self._images[key] = image
        return image

    def _on_rendered(self, key: str, pdf: bytes) -> None:
        self._pending.discard(key)
        image = first_page_image(pdf, PIXEL_WIDTH)
        if image.isNull():
            self.failed.emit(key, "the template has no pages")
            return
        self._images[key] = image
        write_cached(THUMBNAILS, key, png_bytes(image))
        self.ready.emit(key, image)

    def _on_render_failed(self, key: str, message: str) -> None:
        self._pending.discard(key)
        self.failed.emit(key, message)

    def _start_worker(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._work, name="thumbnails", daemon=True)
            self._thread.start()

    # ---- worker thread: plain Python only ----------------------------------------------------

    def _work(self) -> None:
        while (job := self._jobs.get()) is not None:
            key, data, path = job
            try:
                pdf = self.render(data, path)
                self.renders += 1
            except Exception as exc:  # any failure becomes "no picture", never a crash
                message = getattr(exc, "message", None) or f"{type(exc).__name__}: {exc}"
                self._emit(self._render_failed, key, message)
            else:
                self._emit(self._rendered, key, pdf)

    @staticmethod
    def _emit(signal: Signal, key: str, value: object) -> None:
        # RuntimeError: the service was deleted at the program's end, so nobody waits.
        with contextlib.suppress(RuntimeError):
            signal.emit(key, value)


_shared: ThumbnailService | None = None


def thumbnail_service() -> ThumbnailService:
    """The program's one service (made on first use, on the UI thread; never deleted)."""
    global _shared
    if _shared is None:
        _shared = ThumbnailService()
    return _shared


# ---- drawing a template card (used by the gallery) -------------------------------------

BUILTIN_LABEL = "Built-in"
USER_LABEL = "My template"
FORCE_LABEL = "Force"  # approved in the force library the officer follows

# Item data roles (the name is the display role, the thumbnail the decoration role).
DESCRIPTION_ROLE = Qt.ItemDataRole.UserRole + 1
BUILTIN_ROLE = Qt.ItemDataRole.UserRole + 2
PATH_ROLE = Qt.ItemDataRole.UserRole + 3
KEY_ROLE = Qt.ItemDataRole.UserRole + 4
NOTE_ROLE = Qt.ItemDataRole.UserRole + 5  # why there is no picture (yet)
FORCE_ROLE = Qt.ItemDataRole.UserRole + 6  # True for a force library template


# White text on each stays above 4.5:1 contrast.
BADGE_COLOURS = {BUILTIN_LABEL: "#5b6b7f", FORCE_LABEL: "#7a3d1d", USER_LABEL: "#1d7a46"}


def kind_label(index: QModelIndex | QPersistentModelIndex) -> str:
    """The badge of a card: Force, Built-in or My template."""
    if index.data(FORCE_ROLE):
        return FORCE_LABEL
    return BUILTIN_LABEL if index.data(BUILTIN_ROLE) else USER_LABEL


THUMB_HEIGHT = round(THUMB_WIDTH * 297 / 210)  # A4 proportions
PAD = 10
CARD_WIDTH = THUMB_WIDTH + 2 * 20
NAME_LINES, DESCRIPTION_LINES = 2, 3


def wrapped_lines(text: str, font: QFont, width: int, most: int) -> list[str]:
    """`text` wrapped to `width`, at most `most` lines, the last elided with '…' if cut."""
    text = " ".join(text.split())  # a card shows one paragraph
    layout = QTextLayout(text, font)
    layout.beginLayout()
    lines: list[str] = []
    last_start, cut = 0, False
    while (line := layout.createLine()).isValid():
        line.setLineWidth(width)
        if len(lines) == most:
            cut = True
            break
        last_start = line.textStart()
        lines.append(text[last_start : last_start + line.textLength()].strip())
    layout.endLayout()
    if cut:
        rest = text[last_start:]
        lines[-1] = QFontMetrics(font).elidedText(rest, Qt.TextElideMode.ElideRight, width)
    return lines


class TemplateCardDelegate(QStyledItemDelegate):
    """Draws one template as a card: thumbnail, bold name, kind, description."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        line = QFontMetrics(option.font).lineSpacing()
        text = (NAME_LINES + 1 + DESCRIPTION_LINES) * line + 2 * 4
        return QSize(CARD_WIDTH, PAD + THUMB_HEIGHT + 8 + text + PAD)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        card = option.rect.adjusted(2, 2, -2, -2)
        self._paint_card(painter, option, card)
        thumb = QRect(
            card.center().x() - THUMB_WIDTH // 2, card.top() + PAD, THUMB_WIDTH, THUMB_HEIGHT
        )
        self._paint_thumbnail(painter, option, index, thumb)
        self._paint_text(painter, option, index, card, thumb.bottom() + 8)
        painter.restore()

    def _paint_card(self, painter: QPainter, option: QStyleOptionViewItem, card: QRect) -> None:
        palette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hovered = bool(option.state & QStyle.StateFlag.State_MouseOver)
        if selected or hovered:
            fill = QColor(palette.color(QPalette.ColorRole.Highlight))
            fill.setAlpha(60 if selected else 25)
            painter.setBrush(fill)
            border = palette.color(QPalette.ColorRole.Highlight) if selected else fill
            painter.setPen(QPen(border, 2))
            painter.drawRoundedRect(card, 6, 6)

    def _paint_thumbnail(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex, box: QRect
    ) -> None:
        pixmap = index.data(Qt.ItemDataRole.DecorationRole)
        if isinstance(pixmap, QPixmap) and not pixmap.isNull():
            size = (
                pixmap.deviceIndependentSize()
                .toSize()
                .scaled(box.size(), Qt.AspectRatioMode.KeepAspectRatio)
            )
            page = QRect(
                box.left() + (box.width() - size.width()) // 2,
                box.top(),
                size.width(),
                size.height(),
            )
            painter.drawPixmap(page, pixmap)
            painter.setPen(QPen(QColor(0, 0, 0, 70), 1))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(page)
            return
        painter.setPen(QPen(QColor(0, 0, 0, 50), 1))
        painter.setBrush(QColor(250, 250, 250))
        painter.drawRect(box)
        painter.setPen(option.palette.color(QPalette.ColorRole.PlaceholderText))
        note = index.data(NOTE_ROLE) or "Preparing preview…"
        painter.drawText(
            box.adjusted(8, 8, -8, -8),
            Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
            note,
        )

    def _paint_text(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex,
        card: QRect,
        top: int,
    ) -> None:
        width = card.width() - 2 * PAD
        left = card.left() + PAD
        bold = QFont(option.font)
        bold.setBold(True)
        text_colour = option.palette.color(QPalette.ColorRole.Text)
        top = self._lines(
            painter,
            bold,
            text_colour,
            left,
            top,
            width,
            wrapped_lines(index.data() or "", bold, width, NAME_LINES),
        )
        top = self._badge(painter, option, kind_label(index), left, top + 2)
        muted = option.palette.color(QPalette.ColorRole.PlaceholderText)
        description = index.data(DESCRIPTION_ROLE) or ""
        self._lines(
            painter,
            option.font,
            muted.darker(130),
            left,
            top + 2,
            width,
            wrapped_lines(description, option.font, width, DESCRIPTION_LINES),
        )

    @staticmethod
    def _lines(
        painter: QPainter,
        font: QFont,
        colour: QColor,
        left: int,
        top: int,
        width: int,
        lines: list[str],
    ) -> int:
        painter.setFont(font)
        painter.setPen(colour)
        step = QFontMetrics(font).lineSpacing()
        for line in lines:
            painter.drawText(QRect(left, top, width, step), Qt.AlignmentFlag.AlignLeft, line)
            top += step
        return top

    @staticmethod
    def _badge(
        painter: QPainter, option: QStyleOptionViewItem, text: str, left: int, top: int
    ) -> int:
        font = QFont(option.font)
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        metrics = QFontMetrics(font)
        box = QRect(left, top, metrics.horizontalAdvance(text) + 10, metrics.height() + 2)
        colour = QColor(BADGE_COLOURS.get(text, "#1d7a46"))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawRoundedRect(box, 4, 4)
        painter.setFont(font)
        painter.setPen(QColor("white"))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
        return box.bottom() + 1
