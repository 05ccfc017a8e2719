"""Update from library: the banner, its diff, one undoable refresh, and the Checks panel."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from briefpack.model.library import (
    Library,
    edit_user_item,
    item_from_section,
    save_user_library,
    user_library,
)
from briefpack.model.sections import CalloutSection


def insert_own_item(window):
    """Save a call-out in the user's library, insert it as section 2, then change the item."""
    item = item_from_section(
        CalloutSection(title="Report it", body="Call the old number", style="alert"),
        "Hotline box",
        "call-outs",
    )
    save_user_library(Library(items=[item]))
    window.library.panel.reload()
    window.panes.outline.select_row(0)
    assert window.library.panel.insert(item.id)
    return item


def change_item(item_id, body):
    lib = user_library()
    changed = lib.get(item_id).section.model_copy(update={"body": body})
    edit_user_item(lib, item_id, section=changed)
    save_user_library(lib)


def test_unchanged_item_shows_no_banner(window):
    insert_own_item(window)
    window.library.banner.refresh()
    assert window.panes.outline.current_row() == 1
    assert window.library.banner.isHidden()


def test_changed_item_banner_diff_update_and_undo(window, qtbot):
    item = insert_own_item(window)
    change_item(item.id, "Call 0800 789 321")
    banner = window.library.banner
    banner.refresh()
    assert banner.isVisible() and "has changed since you inserted it" in banner.label.text()

    shown = []
    banner.show_diff = shown.append
    qtbot.mouseClick(banner.show_button, Qt.MouseButton.LeftButton)
    assert "-body: Call the old number" in shown[0] and "+body: Call 0800 789 321" in shown[0]

    section_id = window.doc.pack.sections[1].id
    count = len(window.doc.pack.sections)
    qtbot.mouseClick(banner.update_button, Qt.MouseButton.LeftButton)
    section = window.doc.pack.sections[1]
    assert section.body == "Call 0800 789 321" and section.id == section_id
    assert len(window.doc.pack.sections) == count and window.stack.count() == 2
    assert window.panes.editor.section is section  # the editor shows the refreshed section
    assert banner.isHidden()

    window.stack.undo()
    assert window.doc.pack.sections[1].body == "Call the old number"
    assert window.doc.pack.sections[1].id == section_id
    QApplication.processEvents()
    banner.refresh()
    assert banner.isVisible()


def test_checks_panel_lists_the_changed_item(window):
    item = insert_own_item(window)
    change_item(item.id, "Something new")
    window.panes.checks.refresh()
    messages = [f.message for f in window.panes.checks.findings]
    assert any("has changed since it was inserted" in m and item.id in m for m in messages)


def test_vanished_item_says_so_without_update(window):
    insert_own_item(window)
    save_user_library(Library(items=[]))
    banner = window.library.banner
    banner.refresh()
    assert banner.isVisible() and "no longer exists" in banner.label.text()
    assert banner.update_button.isHidden()
