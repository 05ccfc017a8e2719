"""The keyboard between the window's panes: outline ⇄ section editor, View ▸ Go To, F6, and
"show me this Checks finding"."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDockWidget, QWidget

from briefpack.gui.editor_panel import focus_pack_setting

if TYPE_CHECKING:
    from briefpack.document.findings import Finding
    from briefpack.gui.focus import FocusChain
    from briefpack.gui.window_panes import Panes

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class Navigation(QObject):
    """Moves the keyboard between the panes of one window (Enter in the outline opens the
    selected section's first field)."""

    def __init__(self, panes: Panes, focus_chain: FocusChain) -> None:
        super().__init__(panes.outline)
        self.panes, self.focus_chain = panes, focus_chain
        panes.outline.installEventFilter(self)

    def focus_editor(self, where: str = "") -> bool:
        """Put the keyboard in the selected section's field named by `where` (a Checks place
        such as "sections[2].items[0].as_of"), or its first field."""
        return self.panes.editor.focus_field(where)

    def focus_outline(self) -> None:
        show_dock(self.panes.outline_dock)
        self.panes.outline.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def show_section(self, row: int) -> None:
        """Bring the outline to the front with section `row` selected."""
        show_dock(self.panes.outline_dock)
        self.panes.outline.select_row(row)

    def go_to_pane(self, dock: QDockWidget | None, widget: QWidget | None) -> None:
        """View ▸ Go To: show the pane in front and give it the keyboard (no dock: the
        section editor)."""
        if dock is None:
            self.focus_editor()
            return
        show_dock(dock)
        target = widget or self.focus_chain.first_stop_in(dock)
        if target is not None:
            target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def cycle_panes(self, forward: bool) -> None:
        self.focus_chain.next_area(forward)

    def open_finding(self, finding: Finding) -> None:
        """Show where a Checks finding is and put the keyboard there."""
        if finding.section is None:
            show_dock(self.panes.settings_dock)
            focus_pack_setting(self.panes.pack_settings, finding.where)
            return
        self.show_section(finding.section)
        self.focus_editor(finding.where)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.panes.outline
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in ENTER_KEYS
            and not event.modifiers()
        ):
            return self.focus_editor()
        return super().eventFilter(watched, event)


def show_dock(dock: QDockWidget) -> None:
    dock.show()
    dock.raise_()
