"""The brand editor's preview, rendered off the UI thread.

The open pack is composed with the brand being edited (not yet saved anywhere) and rendered
to PDF on a worker thread of a one-thread pool: at most one render at a time, and the
latest request always runs next, so the editor never waits for reportlab.

The render itself runs in the live preview's helper process (services/preview.py),
so it holds neither this process's GIL nor its core.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from briefpack.model.errors import BriefpackError

if TYPE_CHECKING:
    from briefpack.model.brand import Brand
    from briefpack.model.pack import Pack

Files = tuple[Path, Path | None, frozenset[Path]]  # the pack's folder, file, allowed outside


def render_with_brand(pack: Pack, files: Files, brand: Brand) -> bytes:
    """The PDF of `pack` drawn with `brand` in place of its own, from the preview helper
    (called on a worker thread, which waits for the helper's answer)."""
    from briefpack.services.preview import PreviewFailed, shared_service

    base_dir, source, allowed = files
    try:
        return shared_service().render(pack, base_dir, source, allowed, brand=brand).pdf
    except PreviewFailed as exc:
        raise BriefpackError(exc.message) from None


class _Signals(QObject):
    done = Signal(bytes)
    failed = Signal(str)


class _Render(QRunnable):
    def __init__(self, pack: Pack, files: Files, brand: Brand, out: _Signals) -> None:
        super().__init__()
        self.pack, self.files, self.brand, self.out = pack, files, brand, out

    def run(self) -> None:
        try:
            pdf = render_with_brand(self.pack, self.files, self.brand)
        except BriefpackError as exc:
            self.out.failed.emit(exc.message)
        except Exception as exc:  # a renderer bug must not take the window down
            self.out.failed.emit(f"internal error while rendering: {type(exc).__name__}: {exc}")
        else:
            self.out.done.emit(pdf)


class BrandPreviewRenderer(QObject):
    """Renders on request, one at a time; `rendered` and `failed` come back on the UI
    thread, `idle` once the latest request is done."""

    rendered = Signal(bytes)
    failed = Signal(str)
    idle = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # Made before the signals object, so it is destroyed (waiting for its thread) first.
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._signals = _Signals(self)
        self._signals.done.connect(self._done)
        self._signals.failed.connect(self._failed)
        self._running = False
        self._next: tuple[Pack, Files, Brand] | None = None

    @property
    def busy(self) -> bool:
        return self._running or self._next is not None

    def request(self, pack: Pack, files: Files, brand: Brand) -> None:
        """Render `pack` with `brand` as soon as the render under way (if any) is done."""
        # Private copies: the officer keeps editing while the worker reads these.
        self._next = (pack.model_copy(deep=True), files, brand.model_copy(deep=True))
        if not self._running:
            self._start()

    def _start(self) -> None:
        if self._next is None:
            return
        (pack, files, brand), self._next = self._next, None
        self._running = True
        self.pool.start(_Render(pack, files, brand, self._signals))

    def _finish(self) -> bool:
        """True when no newer request waits (it starts now if one does)."""
        self._running = False
        latest = self._next is None
        self._start()
        return latest

    def _done(self, pdf: bytes) -> None:
        latest = self._finish()
        self.rendered.emit(pdf)
        if latest:
            self.idle.emit()

    def _failed(self, message: str) -> None:
        latest = self._finish()
        self.failed.emit(message)
        if latest:
            self.idle.emit()

    def wait(self, msecs: int = 30_000) -> bool:
        return self.pool.waitForDone(msecs)
