"""The main window as a composition root: features are objects the window holds, reached
through their handles; none of them sets attributes on the window or imports it; actions
come from one table."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from briefpack.gui.action_table import MENU_ONLY, ActionRow, ActionTable, Menu, fill_menu
from briefpack.gui.mainwindow import MainWindow

GUI = Path(__file__).resolve().parents[2] / "briefpack" / "gui"


def test_features_never_set_attributes_on_the_window(window, qtbot):
    before = set(vars(window))
    library = window.library.ensure_installed()
    assert library.panel is window.panes.library_dock.widget()
    window.library.open_brand_editor().close()
    window.library.open_figures().close()
    window.threat_ui.open_dialog().close()
    window.find_bar.open()
    assert set(vars(window)) == before
    assert "__getattr__" not in vars(MainWindow)


def test_the_library_is_installed_on_first_use_through_its_handle(settings, qtbot):
    window = MainWindow(settings)  # never shown: the first paint never comes
    qtbot.addWidget(window)
    assert not window.library.installed
    banner = window.library.banner  # the first use installs it
    assert window.library.installed and banner.isAncestorOf(window.panes.editor) is False
    assert window.centralWidget().isAncestorOf(banner)  # above the section editor
    assert "&Library" in [a.text() for a in window.menuBar().actions()]


def _gui_imports(path: Path) -> set[str]:
    """Every briefpack.gui module `path` imports, TYPE_CHECKING blocks included."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name.startswith("briefpack.gui.")}


def test_no_gui_module_imports_the_main_window_it_is_part_of():
    """Only the app (which makes windows) and crash recovery (which restores into one) name
    MainWindow; nothing the window imports does, even for typing, so there is no cycle."""
    graph = {f"briefpack.gui.{p.stem}": _gui_imports(p) for p in GUI.glob("*.py")}
    importers = {name for name, deps in graph.items() if "briefpack.gui.mainwindow" in deps}
    assert importers == {"briefpack.gui.app", "briefpack.gui.recovery"}
    reached, todo = set(), list(graph["briefpack.gui.mainwindow"])
    while todo:
        name = todo.pop()
        if name not in reached:
            reached.add(name)
            todo.extend(graph.get(name, ()))
    assert "briefpack.gui.mainwindow" not in reached
    assert not reached & importers


def test_the_main_window_is_a_small_composition_root():
    lines = (GUI / "mainwindow.py").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 300


def test_every_key_of_the_window_belongs_to_one_action(window):
    """No two actions claim one key where both could fire (Qt would then fire neither)."""
    seen: dict[tuple[int, str], QAction] = {}
    for host in [window, *window.findChildren(QWidget)]:
        if isinstance(host, QMenu):
            continue
        for action in host.actions():
            for key in action.shortcuts():
                other = seen.setdefault((id(host), key.toString()), action)
                assert other is action, (key.toString(), other.text(), action.text())
    for name in window.menu_actions:
        assert isinstance(window.menu_actions[name], QAction), name


# ---- the table itself --------------------------------------------------------------------


def test_rows_become_actions_enabled_as_their_rows_say(qtbot):
    host = QWidget()
    qtbot.addWidget(host)
    state = {"busy": False, "selected": True}
    table = ActionTable(host, lambda: state["busy"])
    calls = []
    table.add_rows(
        [
            ActionRow(
                "save", "&Save", lambda: calls.append("save"), ("Ctrl+S",), waits_for_jobs=True
            ),
            ActionRow(
                "dup",
                "D&uplicate",
                lambda: calls.append("dup"),
                enabled_when=lambda: state["selected"],
            ),
            ActionRow(
                "copy",
                "&Copy",
                lambda: calls.append("copy"),
                (QKeySequence.StandardKey.Copy,),
                host=MENU_ONLY,
            ),
        ],
        {"window": host},
    )
    assert table["save"] in host.actions() and table["save"].shortcut().toString() == "Ctrl+S"
    # Shown, not claimed: the text field with the keyboard handles Ctrl+C itself.
    assert table["copy"].text() == "&Copy\tCtrl+C" and not table["copy"].shortcuts()
    assert table["copy"] not in host.actions()
    table["dup"].trigger()
    assert calls == ["dup"]
    state.update(busy=True, selected=False)
    table.refresh()
    assert not table["save"].isEnabled() and not table["dup"].isEnabled()
    assert table["copy"].isEnabled()
    state.update(busy=False, selected=True)
    table.refresh()
    assert table["save"].isEnabled() and table["dup"].isEnabled()
    assert table.job_actions() == [table["save"]]
    with pytest.raises(ValueError):
        table.adopt("save", QAction("again", host))


def test_menus_are_filled_from_names_and_refilled_on_show(qtbot):
    host = QWidget()
    qtbot.addWidget(host)
    table = ActionTable(host)
    table.add_rows(
        [ActionRow(n, n.title(), lambda: None) for n in ("a", "b", "c")], {"window": host}
    )
    filled = []
    menu = QMenu()
    fill_menu(menu, ("a", "-", Menu("Sub", ("b", "c"), name="sub", on_show=filled.append)), table)
    texts = [a.text() for a in menu.actions()]
    assert texts == ["A", "", "Sub"]
    sub = table.menus["sub"]
    assert [a.text() for a in sub.actions()] == ["B", "C"]
    sub.aboutToShow.emit()
    assert filled == [sub]
