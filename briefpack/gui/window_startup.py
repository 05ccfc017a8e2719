"""A main window's start and its layout: size and saved layout, the first paint, what waits
for it, and keeping the window on screen.

The window paints first; the preview starts on the next loop turn after the first paint
(or after FIRST_PAINT_GRACE_MS if the window is never painted, e.g. started minimised);
the "extras" (Checks, the Library dock, the opt-in MI5 feed check) wait for the first
preview page, as they are main-thread work that page would otherwise wait behind.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QResizeEvent
from PySide6.QtWidgets import QMainWindow

if TYPE_CHECKING:
    from briefpack.gui.window_panes import Panes

FIRST_PAINT_GRACE_MS = 1000  # start the preview by then even if the window never paints
EXTRAS_AFTER_PREVIEW_MS = 250  # checks and Library dock: this long after the first preview
EXTRAS_LATEST_MS = 2000  # ... or by this long after the first paint, however slow it is
FIT_CHECKS_MS = (0, 400, 1500)  # the window manager adds its frame some time after show
PREVIEW_SHARE = 0.37  # of the window's width, on a first start
PREVIEW_SHARE_NARROW = 0.34  # ... in a window narrower than NARROW_WINDOW
NARROW_WINDOW = 1280
OUTLINE_WIDTH = 330
OUTLINE_SHARE_NARROW = 0.25
DEFAULT_SIZE = (1500, 950)


class Startup(QObject):
    """The start and the layout of one main window; `extras` runs what waits for the first
    preview (it may run twice: what it starts must do something once only). A child of the
    window, so none of its timers fires once the window is gone."""

    def __init__(
        self,
        window: QMainWindow,
        panes: Panes,
        settings: QSettings,
        extras: Callable[[], None],
    ) -> None:
        super().__init__(window)
        self.window, self.panes, self.settings, self._extras = window, panes, settings, extras
        self.shown = False
        self.preview_started = False
        self.saved_share: float | None = None  # the preview's share the user left last time
        self.size_at_show = window.size()

    # ---- before the window shows -----------------------------------------------------------

    def default_size(self) -> None:
        """1500×950, or the screen's free area if that is smaller."""
        screen = QGuiApplication.primaryScreen()
        if screen is None:
            self.window.resize(*DEFAULT_SIZE)
            return
        area = screen.availableGeometry()
        self.window.resize(min(DEFAULT_SIZE[0], area.width()), min(DEFAULT_SIZE[1], area.height()))

    def restore_layout(self) -> None:
        geometry = self.settings.value("window/geometry")
        state = self.settings.value("window/state")
        if geometry is not None:
            self.window.restoreGeometry(geometry)
        if state is not None:
            self.window.restoreState(state)
        share = self.settings.value("window/previewShare")
        try:
            self.saved_share = float(share) if share is not None else None
        except (TypeError, ValueError):
            self.saved_share = None

    def save_layout(self) -> None:
        self.settings.setValue("window/geometry", self.window.saveGeometry())
        self.settings.setValue("window/state", self.window.saveState())
        share = self.preview_share(self.window.width())
        if share is not None:
            self.settings.setValue("window/previewShare", round(share, 3))
        self.settings.sync()

    # ---- showing and the first paint ---------------------------------------------------------

    def on_show(self) -> None:
        if self.shown:
            return
        self.shown = True
        self.size_at_show = self.window.size()
        self.first_layout()
        # Keep the status bar on screen once the frame is known.
        for delay in FIT_CHECKS_MS:
            QTimer.singleShot(delay, self.fit_on_screen)
        # The keyboard starts in the outline: Enter opens the selected section.
        QTimer.singleShot(0, self._focus_outline)
        # A window that is never painted (started minimised) still gets its preview.
        QTimer.singleShot(FIRST_PAINT_GRACE_MS, self.after_first_paint)

    def _focus_outline(self) -> None:
        self.panes.outline.setFocus(Qt.FocusReason.OtherFocusReason)

    def on_paint(self) -> None:
        if not self.preview_started:
            # The next loop turn: by then the whole first frame is on screen.
            QTimer.singleShot(0, self.after_first_paint)

    def after_first_paint(self) -> None:
        """Start what the first frame need not wait for: the preview, then the extras."""
        if self.preview_started:
            return
        self.preview_started = True
        renderer = self.panes.preview.renderer
        renderer.idle.connect(self._after_first_preview, Qt.ConnectionType.SingleShotConnection)
        QTimer.singleShot(EXTRAS_LATEST_MS, self.extras)
        renderer.render_now()  # of whatever pack is open by now

    def extras(self) -> None:
        self._extras()

    def _after_first_preview(self) -> None:
        # QtPdf draws the page on its own thread and posts it back; give it time to land.
        QTimer.singleShot(EXTRAS_AFTER_PREVIEW_MS, self.extras)

    def preview_now_if_started(self) -> None:
        """Another pack is shown: preview it at once, unless the first paint is still to come
        (which starts the preview of whatever pack is open by then)."""
        if self.preview_started:
            self.panes.preview.renderer.render_now()

    # ---- widths ------------------------------------------------------------------------------

    def first_layout(self) -> None:
        """Widths on a first start (or the preview's share the user left last time)."""
        width = self.window.width()
        narrow = width < NARROW_WINDOW
        share = self.saved_share or (PREVIEW_SHARE_NARROW if narrow else PREVIEW_SHARE)
        outline = (
            min(OUTLINE_WIDTH, round(width * OUTLINE_SHARE_NARROW)) if narrow else OUTLINE_WIDTH
        )
        self.window.resizeDocks([self.panes.outline_dock], [outline], Qt.Orientation.Horizontal)
        self.set_preview_width(share)

    def preview_share(self, window_width: int) -> float | None:
        """The preview's share of `window_width` (None: closed or floating)."""
        dock = self.panes.preview_dock
        if not dock.isVisible() or dock.isFloating():
            return None
        return dock.width() / max(1, window_width)

    def share_before_resize(self, event: QResizeEvent) -> float | None:
        """Call before the window handles `event`; give the answer to keep_share."""
        old = event.oldSize().width()
        return self.preview_share(old) if old > 0 else None

    def keep_share(self, share: float | None) -> None:
        """After a resize: a wider window gives the preview room as well."""
        dock = self.panes.preview_dock
        if share is not None and dock.isVisible() and not dock.isFloating():
            self.set_preview_width(share)

    def set_preview_width(self, share: float) -> None:
        share = min(0.7, max(0.2, share))
        self.window.resizeDocks(
            [self.panes.preview_dock],
            [round(self.window.width() * share)],
            Qt.Orientation.Horizontal,
        )

    # ---- on screen ---------------------------------------------------------------------------

    def fit_on_screen(self) -> None:
        """Shrink the window so that its frame, title bar included, fits the screen's free
        area (a saved layout from a larger screen, or the default size)."""
        window = self.window
        screen = window.screen()
        if screen is None or window.isMaximized() or window.isFullScreen():
            return
        if window.size() != self.size_at_show:
            return  # resized since it was shown (by the user, or on purpose): leave it
        area, frame, client = screen.availableGeometry(), window.frameGeometry(), window.geometry()
        # The frame's size around the client area; a window manager that does not publish
        # it still shows where it put the client, so count that offset too.
        left = max(client.x() - frame.x(), client.x() - area.x(), 0)
        top = max(client.y() - frame.y(), client.y() - area.y(), 0)
        right = max(frame.right() - client.right(), 0)
        bottom = max(frame.bottom() - client.bottom(), 0)
        width = min(window.width(), area.width() - left - right)
        height = min(window.height(), area.height() - top - bottom)
        if (width, height) != (window.width(), window.height()):
            window.resize(width, height)
            self.size_at_show = window.size()
