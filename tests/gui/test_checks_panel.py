"""The Checks dock lists what the pack checks find and leads to the section concerned."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from briefpack.gui.checks_panel import FINDING_ROLE
from briefpack.gui.mainwindow import MainWindow


def test_checks_dock_lists_findings_and_selects_the_section(qtbot, settings, tmp_path):
    data = {
        "format": "briefpack/pack",
        "version": 1,
        "meta": {"title": "Update", "date": "2016-08-01", "marking": ""},
        "threat": {"level": "severe", "since": "2014-08-29"},
        "sections": [
            {"kind": "text", "title": "Intro", "body": "Hello"},
            {"kind": "text", "title": "More", "body": "Text"},
            {
                "kind": "statistics",
                "title": "Figures",
                "items": [{"value": "5", "label": "arrests", "as_of": "2001-01-01"}],
            },
        ],
    }
    path = tmp_path / "p.bpack"
    path.write_text(json.dumps(data), encoding="utf-8")

    win = MainWindow(settings)
    win.ask_save_changes = lambda: QMessageBox.StandardButton.Discard
    qtbot.addWidget(win)
    assert win.open_file(path)
    win.show()
    (view,) = [a.menu() for a in win.menuBar().actions() if a.text() == "&View"]
    assert win.checks_dock.toggleViewAction() in view.actions()

    listing = win.checks.list
    qtbot.waitUntil(lambda: listing.count() == 2, timeout=5_000)
    findings = [listing.item(i).data(FINDING_ROLE) for i in range(listing.count())]
    assert [(f.section, f.where) for f in findings] == [
        (None, "meta.marking"),
        (2, "sections[2].items[0].as_of"),
    ]
    assert "marking" in listing.item(0).text()
    assert "arrests" in listing.item(1).text()

    assert win.current_row() == 0
    win.checks_dock.show()
    win.checks_dock.raise_()
    listing.setFocus()
    listing.setCurrentRow(1)
    qtbot.keyClick(listing, Qt.Key.Key_Return)
    assert win.current_row() == 2

    # Fixing the problem clears it once the edit settles.
    win.doc.edit_field(("meta",), "marking", "OFFICIAL")
    qtbot.waitUntil(lambda: listing.count() == 1, timeout=5_000)
    assert listing.item(0).data(FINDING_ROLE).section == 2
    win.preview.renderer.wait(20_000)


def test_checks_dock_lists_characters_no_font_can_draw(qtbot, settings, tmp_path):
    data = {
        "format": "briefpack/pack",
        "version": 1,
        "meta": {"title": "Update", "date": "2016-08-01", "marking": "OFFICIAL"},
        "threat": {"level": "severe", "since": "2014-08-29"},
        "sections": [{"kind": "text", "title": "Intro", "body": "Meeting notes 会议"}],
    }
    path = tmp_path / "p.bpack"
    path.write_text(json.dumps(data), encoding="utf-8")
    win = MainWindow(settings)
    win.ask_save_changes = lambda: QMessageBox.StandardButton.Discard
    qtbot.addWidget(win)
    assert win.open_file(path)
    win.show()  # the preview's helper finds the characters while rendering the first page

    listing = win.checks.list
    qtbot.waitUntil(lambda: listing.count() and "会" in listing.item(0).text(), timeout=10_000)
    finding = listing.item(0).data(FINDING_ROLE)
    assert (finding.section, finding.where) == (0, "sections[0].body")
    assert "U+4F1A" in finding.message
