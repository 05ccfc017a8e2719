"""The Checks dock: errors first, repeats folded, a click shows the section, Enter opens it."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from briefpack.gui.checks_panel import FINDING_ROLE, GROUP_ROLE, PACK_LEVEL, ChecksPanel
from briefpack.gui.document import PackDocument
from briefpack.gui.mainwindow import MainWindow
from briefpack.model.packfile import pack_from_data


def pack_json(*sections, marking=""):
    return {
        "format": "briefpack/pack",
        "version": 1,
        "meta": {"title": "Update", "date": "2016-08-01", "marking": marking},
        "threat": {"level": "severe", "since": "2014-08-29"},
        "sections": list(sections),
    }


def old_stats(count, title="Figures"):
    rows = [{"value": str(n), "label": f"figure {n}", "as_of": "2001-01-01"} for n in range(count)]
    return {"kind": "statistics", "title": title, "items": rows}


@pytest.fixture
def panel(qtbot):
    def make(*sections, marking=""):
        doc = PackDocument(pack_from_data(pack_json(*sections, marking=marking)))
        checks = ChecksPanel(doc)
        qtbot.addWidget(checks)
        checks.resize(420, 500)
        checks.show()
        checks.refresh()
        return checks

    return make


def rows(tree):
    return [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]


def texts(tree):
    out = []
    for top in rows(tree):
        out.append(top.text(0))
        out.extend(top.child(i).text(0) for i in range(top.childCount()))
    return out


def test_errors_first_and_repeats_folded_into_one_collapsed_row(panel):
    checks = panel(
        {"kind": "text", "title": "Intro", "body": "Hello"},
        old_stats(11),
        {"kind": "text", "title": "Oops", "body": "{{ nope }}"},
    )
    tree = checks.tree
    top = rows(tree)
    assert [item.data(0, FINDING_ROLE).severity for item in top] == ["error", "warning", "warning"]
    assert top[0].text(0).startswith("Section 3 · Oops: unknown placeholder")
    assert top[1].text(0) == "Pack settings: no protective marking chosen"
    group = top[2]
    assert group.text(0) == (
        "Section 2 · Figures: 11 statistics dated 1 January 2001, more than 12 months ago"
    )
    assert group.childCount() == 11 and not group.isExpanded()
    assert len(group.data(0, GROUP_ROLE).members) == 11
    assert group.child(0).text(0) == (
        "Statistic 'figure 0' is dated 1 January 2001, more than 12 months ago"
    )
    # Plain words only: no field paths in any row, nor in the tooltips.
    assert not any("sections[" in text or "as_of" in text for text in texts(tree))
    assert "row 1, as-of date" in group.child(0).toolTip(0)
    assert "sections[" not in group.toolTip(0) and "sections[" not in top[0].toolTip(0)


def test_arrow_keys_select_sections_and_enter_opens_the_field(panel, qtbot):
    checks = panel(
        {"kind": "text", "title": "Intro", "body": "Hello"},
        old_stats(1),
        {"kind": "text", "title": "Oops", "body": "{{ nope }}"},
    )
    selected, opened, activated, findings = [], [], [], []
    checks.sectionSelected.connect(selected.append)
    checks.sectionOpened.connect(lambda row, where: opened.append((row, where)))
    checks.sectionActivated.connect(activated.append)
    checks.findingOpened.connect(findings.append)
    tree = checks.tree
    assert checks.focusProxy() is tree  # focusing the dock focuses the list
    assert tree.focusPolicy() & Qt.FocusPolicy.TabFocus
    qtbot.keyClick(tree, Qt.Key.Key_Down)  # to the first row: the error
    qtbot.keyClick(tree, Qt.Key.Key_Down)  # the marking: no section to show
    qtbot.keyClick(tree, Qt.Key.Key_Down)
    assert selected == [2, 1]
    assert opened == []  # moving never opens
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert opened == [(1, "sections[1].items[0].as_of")] and activated == [1]
    qtbot.keyClick(tree, Qt.Key.Key_Up)
    qtbot.keyClick(tree, Qt.Key.Key_Enter)
    assert opened[-1] == (PACK_LEVEL, "meta.marking")
    assert activated == [1]  # the older signal is for sections only
    assert [(f.section, f.where) for f in findings] == [
        (1, "sections[1].items[0].as_of"),
        (None, "meta.marking"),
    ]


def test_a_click_selects_and_a_double_click_opens(panel, qtbot):
    checks = panel({"kind": "text", "title": "T", "body": "x"}, old_stats(1), marking="OFFICIAL")
    selected, opened = [], []
    checks.sectionSelected.connect(selected.append)
    checks.sectionOpened.connect(lambda row, where: opened.append(row))
    tree = checks.tree
    [item] = rows(tree)
    pos = tree.visualItemRect(item).center()
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert selected and set(selected) == {1} and opened == []
    qtbot.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert opened == [1]


def test_enter_on_a_group_opens_it_to_its_members(panel, qtbot):
    checks = panel(old_stats(3), marking="OFFICIAL")
    opened = []
    checks.sectionOpened.connect(lambda row, where: opened.append(where))
    tree = checks.tree
    [group] = rows(tree)
    tree.setCurrentItem(group)
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert group.isExpanded() and opened == []
    qtbot.keyClick(tree, Qt.Key.Key_Down)
    qtbot.keyClick(tree, Qt.Key.Key_Down)
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert opened == ["sections[0].items[1].as_of"]


def test_a_recheck_keeps_the_current_row_and_open_groups_and_selects_nothing(panel, qtbot):
    checks = panel({"kind": "text", "title": "T", "body": "x"}, old_stats(3))
    tree = checks.tree
    group = rows(tree)[1]
    group.setExpanded(True)
    tree.setCurrentItem(group.child(2))
    selected = []
    checks.sectionSelected.connect(selected.append)
    # An edit elsewhere adds a finding above: the tree is rebuilt.
    checks.doc.edit_field(("section", 0), "body", "{{ nope }}")
    checks.refresh()
    assert rows(tree)[0].data(0, FINDING_ROLE).severity == "error"
    current = tree.currentItem()
    assert current.data(0, FINDING_ROLE).where == "sections[1].items[2].as_of"
    assert current.parent().isExpanded()
    assert selected == []


def test_no_problems_says_so(panel):
    checks = panel({"kind": "text", "title": "T", "body": "x"}, marking="OFFICIAL")
    assert texts(checks.tree) == ["No problems found"]


def test_checks_dock_in_the_window_shows_the_section_and_keeps_focus(qtbot, settings, tmp_path):
    data = pack_json(
        {"kind": "text", "title": "Intro", "body": "Hello"},
        {"kind": "text", "title": "More", "body": "Text"},
        {
            "kind": "statistics",
            "title": "Figures",
            "items": [{"value": "5", "label": "arrests", "as_of": "2001-01-01"}],
        },
    )
    path = tmp_path / "p.bpack"
    path.write_text(json.dumps(data), encoding="utf-8")

    win = MainWindow(settings)
    win.files.ask_save_changes = lambda: QMessageBox.StandardButton.Discard
    qtbot.addWidget(win)
    assert win.files.open_file(path)
    win.show()
    (view,) = [a.menu() for a in win.menuBar().actions() if a.text() == "&View"]
    assert win.panes.checks_dock.toggleViewAction() in view.actions()
    # What the lead wires in the main window (selection shows, opening goes to the field).
    win.panes.checks.sectionSelected.connect(win.panes.outline.select_row)

    tree = win.panes.checks.tree
    qtbot.waitUntil(lambda: tree.topLevelItemCount() == 2, timeout=5_000)
    findings = [item.data(0, FINDING_ROLE) for item in rows(tree)]
    assert [(f.section, f.where) for f in findings] == [
        (None, "meta.marking"),
        (2, "sections[2].items[0].as_of"),
    ]
    assert "arrests" in rows(tree)[1].text(0)

    assert win.panes.outline.current_row() == 0
    win.panes.checks_dock.show()
    win.panes.checks_dock.raise_()
    win.activateWindow()
    tree.setFocus()
    tree.setCurrentItem(rows(tree)[0])
    qtbot.keyClick(tree, Qt.Key.Key_Down)
    assert win.panes.outline.current_row() == 2  # shown on selection alone
    QApplication.processEvents()
    assert QApplication.focusWidget() is tree  # so the arrows keep moving through findings
    win.panes.outline.select_row(0)
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert win.panes.outline.current_row() == 2  # opened (through sectionActivated today)
    # The lead's wiring: opening puts the keyboard in the finding's field.
    win.panes.checks.findingOpened.connect(win.navigation.open_finding)
    win.panes.outline.select_row(0)
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    QApplication.processEvents()
    assert win.panes.outline.current_row() == 2
    assert win.panes.editor.isAncestorOf(QApplication.focusWidget())

    # Fixing the problem clears it once the edit settles.
    win.doc.edit_field(("meta",), "marking", "OFFICIAL")
    qtbot.waitUntil(lambda: tree.topLevelItemCount() == 1, timeout=5_000)
    assert rows(tree)[0].data(0, FINDING_ROLE).section == 2
    win.panes.preview.renderer.wait(20_000)


def test_checks_dock_lists_characters_no_font_can_draw(qtbot, settings, tmp_path):
    data = pack_json({"kind": "text", "title": "Intro", "body": "Meeting notes 会议"})
    data["meta"]["marking"] = "OFFICIAL"
    path = tmp_path / "p.bpack"
    path.write_text(json.dumps(data), encoding="utf-8")
    win = MainWindow(settings)
    win.files.ask_save_changes = lambda: QMessageBox.StandardButton.Discard
    qtbot.addWidget(win)
    assert win.files.open_file(path)
    win.show()  # the preview's helper finds the characters while rendering the first page

    tree = win.panes.checks.tree
    qtbot.waitUntil(
        lambda: tree.topLevelItemCount() and "会" in tree.topLevelItem(0).text(0), timeout=10_000
    )
    finding = tree.topLevelItem(0).data(0, FINDING_ROLE)
    assert (finding.section, finding.where) == (0, "sections[0].body")
    assert "U+4F1A" in finding.message
