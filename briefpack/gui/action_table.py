"""Actions and menus from a declarative table.

A window lists its actions as ActionRow rows (name, text, handler, keys, when enabled…) and
its menus and toolbars as Menu entries naming those rows; `ActionTable.add_rows` turns the
rows into QActions, `fill_menu_bar`/`fill_menu`/`fill_toolbar` put them in place, and
`ActionTable.refresh` sets every action's enabled state from its row. Actions made by
someone else (the undo stack's, the find bar's, a dock's toggle) join the table by name
with `ActionTable.adopt`, so menus can name them too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QToolBar, QWidget

Key = QKeySequence | QKeySequence.StandardKey | str
SEPARATOR = "-"
MENU_ONLY = ""  # an ActionRow host: the key is shown in the menu, never claimed


@dataclass(frozen=True)
class ActionRow:
    """One action of the table.

    host: the widget (by name in the hosts given to add_rows) whose keyboard the keys work
    in; MENU_ONLY shows the first key after the text without claiming it (a text field with
    the keyboard handles that key itself, so a claimed one would be ambiguous).
    enabled_when: asked on every refresh; waits_for_jobs: disabled while a job runs.
    """

    name: str
    text: str
    handler: Callable[[], object]
    keys: tuple[Key, ...] = ()
    tip: str = ""
    enabled_when: Callable[[], bool] | None = None
    waits_for_jobs: bool = False
    host: str = "window"
    context: Qt.ShortcutContext | None = None
    icon_text: str = ""
    icon: QIcon | None = None
    object_name: str = ""
    role: QAction.MenuRole | None = None


@dataclass(frozen=True)
class Menu:
    """A menu (or submenu) of action names, SEPARATORs and submenus; `name` keeps the QMenu
    in ActionTable.menus; `on_show` fills it each time it opens (a list that changes)."""

    title: str
    entries: tuple[str | Menu, ...] = ()
    name: str = ""
    on_show: Callable[[QMenu], None] | None = None


class ActionTable:
    """The actions of one window by name, with their rows and the menus made from them."""

    def __init__(self, parent: QObject, is_busy: Callable[[], bool] = lambda: False) -> None:
        self.parent = parent
        self.is_busy = is_busy
        self.menus: dict[str, QMenu] = {}
        self._actions: dict[str, QAction] = {}
        self._rows: dict[str, ActionRow] = {}

    def __getitem__(self, name: str) -> QAction:
        return self._actions[name]

    def __contains__(self, name: object) -> bool:
        return name in self._actions

    def __iter__(self) -> Iterator[str]:
        return iter(self._actions)

    def adopt(self, name: str, action: QAction) -> QAction:
        """Give an action made elsewhere a name in the table."""
        if name in self._actions:
            raise ValueError(f"two actions named {name!r}")
        self._actions[name] = action
        return action

    def add_rows(self, rows: list[ActionRow], hosts: Mapping[str, QWidget]) -> None:
        for row in rows:
            self._rows[row.name] = row
            self.adopt(row.name, _make_action(row, self.parent, hosts))

    def job_actions(self) -> list[QAction]:
        """The actions that wait while a job runs."""
        return [self._actions[n] for n, row in self._rows.items() if row.waits_for_jobs]

    def refresh(self) -> None:
        """Enable each row's action as its row says, now."""
        busy = self.is_busy()
        for name, row in self._rows.items():
            if row.enabled_when is None and not row.waits_for_jobs:
                continue
            enabled = not (busy and row.waits_for_jobs)
            if enabled and row.enabled_when is not None:
                enabled = row.enabled_when()
            self._actions[name].setEnabled(enabled)


def _make_action(row: ActionRow, parent: QObject, hosts: Mapping[str, QWidget]) -> QAction:
    # A standard key the platform has no binding for is empty: no shortcut at all.
    keys = [key for key in map(QKeySequence, row.keys) if not key.isEmpty()]
    text = row.text
    if row.host == MENU_ONLY and keys:
        text = f"{text}\t{keys[0].toString(QKeySequence.SequenceFormat.NativeText)}"
    action = QAction(text, parent)
    if row.host != MENU_ONLY and keys:
        action.setShortcuts(keys)
    if row.tip:
        action.setStatusTip(row.tip)
    if row.context is not None:
        action.setShortcutContext(row.context)
    if row.icon is not None:
        action.setIcon(row.icon)
    if row.icon_text:
        action.setIconText(row.icon_text)
    if row.object_name:
        action.setObjectName(row.object_name)
    if row.role is not None:
        action.setMenuRole(row.role)
    handler = row.handler
    action.triggered.connect(lambda _checked=False: handler())
    if row.host != MENU_ONLY:
        hosts[row.host].addAction(action)  # its keys work while that widget's window is active
    return action


def fill_menu_bar(bar: QMenuBar, menus: tuple[Menu, ...], table: ActionTable) -> None:
    for spec in menus:
        menu = bar.addMenu(spec.title)
        _keep(spec, menu, table)
        fill_menu(menu, spec.entries, table)


def fill_menu(menu: QMenu, entries: tuple[str | Menu, ...], table: ActionTable) -> None:
    for entry in entries:
        if isinstance(entry, Menu):
            menu.addMenu(_submenu(entry, menu, table))
        elif entry == SEPARATOR:
            menu.addSeparator()
        else:
            menu.addAction(table[entry])


def fill_toolbar(toolbar: QToolBar, entries: tuple[str | Menu, ...], table: ActionTable) -> None:
    """A Menu entry becomes a button that drops its menu down."""
    for entry in entries:
        if isinstance(entry, Menu):
            toolbar.addAction(_submenu(entry, toolbar, table).menuAction())
        elif entry == SEPARATOR:
            toolbar.addSeparator()
        else:
            toolbar.addAction(table[entry])


def _submenu(spec: Menu, parent: QWidget, table: ActionTable) -> QMenu:
    menu = QMenu(spec.title, parent)
    _keep(spec, menu, table)
    fill_menu(menu, spec.entries, table)
    return menu


def _keep(spec: Menu, menu: QMenu, table: ActionTable) -> None:
    if spec.name:
        table.menus[spec.name] = menu
    if spec.on_show is not None:
        on_show = spec.on_show
        menu.aboutToShow.connect(lambda: on_show(menu))
