"""Live preview: compose and render the PDF off the UI thread, show it with QtPdf."""

from __future__ import annotations

import html
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QEvent,
    QIODevice,
    QObject,
    QPointF,
    QRunnable,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QLabel, QSizePolicy, QToolBar, QVBoxLayout, QWidget

from briefpack.gui.document import PackDocument
from briefpack.model.pack import Pack
from briefpack.services.preview import Preview, PreviewFailed, shared_service

if TYPE_CHECKING:
    from briefpack.render.places import Place

DEBOUNCE_MS = 300
REFOLLOW_MS = 60  # after a resize, scroll back to the followed section this much later
SECTION_MARGIN_PT = 12
ZOOM_STEP = 1.2


def render_pdf(
    pack: Pack, base_dir: Path, source: Path | None, allow_outside: frozenset[Path] = frozenset()
) -> bytes:
    """Compose and render; runs in a worker thread."""
    from briefpack.document.compose import compose
    from briefpack.render import render

    doc = compose(pack, base_dir, source=source, allow_outside=allow_outside)
    return render(doc, "pdf")


def load_pdf_bytes(
    document: QPdfDocument, data: bytes, old: QBuffer | None, owner: QObject
) -> QBuffer:
    """Load `data` into `document` from a new buffer, then release the one it replaces.

    QPdfDocument reads from the device lazily, so the buffer must outlive the load.
    """
    buffer = QBuffer(owner)
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    if old is not None:
        old.close()
        old.deleteLater()
    return buffer


class _JobSignals(QObject):
    # generation, preview_service.Preview
    done = Signal(int, object)
    # generation, message for the user
    failed = Signal(int, str)


class _RenderJob(QRunnable):
    def __init__(
        self,
        generation: int,
        pack: Pack,
        files: tuple[Path, Path | None, frozenset[Path]],
        out: _JobSignals,
    ) -> None:
        super().__init__()
        self.generation, self.pack = generation, pack
        # (the pack's folder, its file, the pictures outside it the officer allowed)
        self.base_dir, self.source, self.allow_outside = files
        self.out = out

    def run(self) -> None:
        try:
            preview = shared_service().render(
                self.pack, self.base_dir, self.source, self.allow_outside
            )
        except PreviewFailed as exc:
            self.out.failed.emit(self.generation, exc.message)
        except Exception as exc:  # a bug here must not take the window down
            self.out.failed.emit(
                self.generation, f"internal error while rendering: {type(exc).__name__}: {exc}"
            )
        else:
            self.out.done.emit(self.generation, preview)


class PreviewRenderer(QObject):
    """Debounces edits and runs at most one render at a time, always of the latest pack."""

    started = Signal()
    # PDF bytes of the latest pack; seconds from the last edit to the bytes being ready
    rendered = Signal(bytes, float)
    failed = Signal(str)
    idle = Signal()

    def __init__(self, doc: PackDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self._start)
        self._signals = _JobSignals(self)
        self._signals.done.connect(self._done)
        self._signals.failed.connect(self._failed)
        self._generation = 0
        self._running = False
        self._dirty = False
        self._edited_at = time.perf_counter()
        self.last_seconds = 0.0  # how long the last render took in the worker
        self.last_places: list = []  # where each section starts in the last PDF (Place|None)
        self.last_glyphs: list = []  # Checks findings: characters no bundled font draws
        doc.changed.connect(self.schedule)

    @property
    def busy(self) -> bool:
        return self._running or self._dirty or self.timer.isActive()

    def schedule(self) -> None:
        """An edit happened: render once the user pauses."""
        self._edited_at = time.perf_counter()
        self._dirty = True
        self.started.emit()
        self.timer.start()

    def render_now(self) -> None:
        self._dirty = True
        self.timer.stop()
        self._start()

    def _start(self) -> None:
        if self._running:
            return  # _done starts the next one
        self._dirty = False
        self._running = True
        self._generation += 1
        # A private copy: the user keeps editing the pack while the worker reads this one.
        pack = self.doc.pack.model_copy(deep=True)
        self.started.emit()
        self.pool.start(_RenderJob(self._generation, pack, self.doc.files(), self._signals))

    def _finish(self) -> bool:
        """True when this result is for the latest pack."""
        self._running = False
        if self._dirty and not self.timer.isActive():
            self._start()
        return not self._dirty

    def _done(self, generation: int, preview: Preview) -> None:
        self.last_seconds = preview.seconds
        self.last_places = preview.places
        self.last_glyphs = preview.glyphs
        latest = self._finish()
        self.rendered.emit(preview.pdf, time.perf_counter() - self._edited_at)
        if latest:
            self.idle.emit()

    def _failed(self, generation: int, message: str) -> None:
        latest = self._finish()
        if latest:
            self.failed.emit(message)
            self.idle.emit()

    def wait(self, msecs: int = 30_000) -> bool:
        return self.pool.waitForDone(msecs)


class PreviewPanel(QWidget):
    """The PDF view, a zoom toolbar, an "Updating…" line and an error line."""

    def __init__(self, doc: PackDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.renderer = PreviewRenderer(doc, self)
        self.pdf = QPdfDocument(self)
        self._buffer: QBuffer | None = None
        self.pdf_bytes = b""
        self.view = QPdfView(self)
        self.view.setObjectName("preview_view")
        self.view.setDocument(self.pdf)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        # When the view changes size its pages change scale: scroll back to the section
        # followed, once the view has laid out its pages again.
        self.followed_row = -1
        self._refollow = QTimer(self)
        self._refollow.setSingleShot(True)
        self._refollow.setInterval(REFOLLOW_MS)
        self._refollow.timeout.connect(lambda: self.show_section(self.followed_row))
        self.view.viewport().installEventFilter(self)

        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("preview_toolbar")
        self.zoom_out_action = self._tool("Zoom Out", "−", lambda: self.zoom(1 / ZOOM_STEP))
        self.zoom_in_action = self._tool("Zoom In", "+", lambda: self.zoom(ZOOM_STEP))
        self.fit_width_action = self._tool("Fit Width", "Fit width", self.fit_width)
        self.fit_page_action = self._tool("Whole Page", "Whole page", self.fit_page)
        self.status = QLabel("")
        self.status.setObjectName("preview_status")
        self.pages = QLabel("")
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.toolbar.addWidget(spacer)
        self.toolbar.addWidget(self.status)
        self.toolbar.addSeparator()
        self.toolbar.addWidget(self.pages)

        self.error = QLabel("")
        self.error.setObjectName("preview_error")
        self.error.setWordWrap(True)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.setStyleSheet(
            "QLabel { background: #FDECEA; color: #7A0010; border: 1px solid #E0A0A8;"
            " border-radius: 4px; padding: 6px; }"
        )
        self.error.setTextFormat(Qt.TextFormat.RichText)
        self.error.hide()
        self._error_message = ""

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.error)
        layout.addWidget(self.view, 1)

        self.renderer.started.connect(lambda: self.status.setText("Updating…"))
        self.renderer.idle.connect(lambda: self.status.setText(""))
        self.renderer.rendered.connect(self.show_pdf)
        self.renderer.failed.connect(self.show_error)
        # Another pack: its first preview starts at the top of page 1.
        self._from_top = True
        doc.packReset.connect(self._start_from_top)

    def _start_from_top(self) -> None:
        self._from_top = True
        self.followed_row = -1
        self.renderer.last_places = []  # the old pack's places mean nothing in the new one

    def _tool(self, text: str, icon_text: str, slot: object) -> QAction:
        """A toolbar button showing `icon_text`; menus show the full `text`."""
        action = QAction(text, self)
        action.setIconText(icon_text)
        action.setToolTip(text)
        action.triggered.connect(slot)
        self.toolbar.addAction(action)
        return action

    @property
    def error_text(self) -> str:
        """The render problem shown now ("" when the preview is up to date)."""
        return self._error_message if not self.error.isHidden() else ""

    def show_pdf(self, pdf: bytes, _seconds: float = 0.0) -> None:
        """Swap in new PDF bytes, keeping the reader's place."""
        self.error.hide()
        bar = self.view.verticalScrollBar()
        place = bar.value() / max(1, bar.maximum())
        self._buffer = load_pdf_bytes(self.pdf, pdf, self._buffer, self)
        self.pdf_bytes = pdf
        count = self.pdf.pageCount()
        self.pages.setText(f"{count} page{'s' if count != 1 else ''}")
        if self._from_top:
            self._from_top = False
            self.view.pageNavigator().jump(0, QPointF(0, 0), self.view.zoomFactor())
            bar.setValue(0)
        else:
            bar.setValue(round(place * bar.maximum()))

    def section_place(self, row: int) -> Place | None:
        """Where section `row` starts in the PDF shown (from the renderer's side table)."""
        places = self.renderer.last_places
        return places[row] if 0 <= row < len(places) else None

    def show_section(self, row: int) -> bool:
        """Scroll so section `row` starts at the top of the view; False if it has no place."""
        self.followed_row = row
        if row == 0 and self.pdf.pageCount() > 0:
            self.view.verticalScrollBar().setValue(0)  # the first section: the page's top
            return True
        place = self.section_place(row)
        if place is None or place.page >= self.pdf.pageCount():
            return False
        # Worked out from the view's own page layout (margins, scaled pages, spacing) rather
        # than by jumping to the page: the same row always gives the same place.
        scale = self._pixels_per_point(place.page)
        top = self.view.documentMargins().top()
        for page in range(place.page):
            top += round(self.pdf.pagePointSize(page).height() * scale) + self.view.pageSpacing()
        # A little of what comes before stays in view, so the reader sees where they are.
        offset = max(0.0, place.top - SECTION_MARGIN_PT) * scale
        self.view.verticalScrollBar().setValue(round(top + offset))
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self.followed_row >= 0:
            self._refollow.start()
        return super().eventFilter(watched, event)

    def _pixels_per_point(self, page: int) -> float:
        """The scale the view draws `page` at, in its current zoom mode."""
        points = self.pdf.pagePointSize(page)
        margins = self.view.documentMargins()
        viewport = self.view.viewport()
        width = viewport.width() - margins.left() - margins.right()
        height = viewport.height() - margins.top() - margins.bottom()
        mode = self.view.zoomMode()
        if mode == QPdfView.ZoomMode.FitToWidth:
            return width / max(1.0, points.width())
        if mode == QPdfView.ZoomMode.FitInView:
            return min(width / max(1.0, points.width()), height / max(1.0, points.height()))
        return self.view.zoomFactor() * self.logicalDpiY() / 72.0

    def show_error(self, message: str) -> None:
        """Say what is wrong above the last good preview."""
        self._error_message = message
        self.error.setText(f"<b>The preview is not up to date.</b> {html.escape(message)}")
        self.error.show()

    def zoom(self, factor: float) -> None:
        current = self.view.zoomFactor()
        if self.view.zoomMode() != QPdfView.ZoomMode.Custom:
            current = self._effective_zoom()
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(0.2, min(5.0, current * factor)))

    def _effective_zoom(self) -> float:
        """The zoom factor a fit mode currently amounts to (page width vs viewport)."""
        if self.pdf.pageCount() == 0:
            return 1.0
        points = self.pdf.pagePointSize(0)
        dpi = self.logicalDpiX() / 72.0
        width = self.view.viewport().width() - 2 * self.view.documentMargins().left()
        return max(0.2, width / max(1.0, points.width() * dpi))

    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    def fit_page(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitInView)
