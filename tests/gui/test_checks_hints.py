"""Hints in the Checks dock: listed after warnings with an icon of their own and the word "Hint"
for a screen reader, folded like other findings, and never in the way of an export."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QStyle

from briefpack.gui.checks_panel import FINDING_ROLE, GROUP_ROLE, ChecksPanel
from briefpack.gui.document import PackDocument
from briefpack.model.packfile import pack_from_data

LONG = " ".join(["word"] * 30) + "."


def pack_json(*sections):
    return {
        "format": "briefpack/pack",
        "version": 1,
        "meta": {"title": "Update", "date": "2016-08-01", "marking": "OFFICIAL"},
        "threat": {"level": "severe", "since": "2014-08-29"},
        "sections": list(sections),
    }


def rows(tree):
    return [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]


def icon_image(icon):
    return icon.pixmap(16, 16).toImage()


def test_a_hint_is_listed_after_warnings_with_its_own_icon(qtbot):
    doc = PackDocument(
        pack_from_data(
            pack_json(
                {"kind": "text", "title": "Advice", "body": f"{LONG} Short. {LONG}"},
                {"kind": "text", "title": "More", "body": "See [click here](https://a.org)."},
            )
        )
    )
    checks = ChecksPanel(doc)
    qtbot.addWidget(checks)
    checks.resize(420, 500)
    checks.show()
    checks.refresh()

    warning, hint = rows(checks.tree)
    assert warning.data(0, FINDING_ROLE).severity == "warning"
    assert hint.data(0, FINDING_ROLE).severity == "hint"
    # Two long sentences in one field: one row, opening to one row per sentence.
    assert hint.text(0) == (
        "Section 1 · Advice: 2 sentences are longer than 25 words: shorter ones are easier to read"
    )
    assert len(hint.data(0, GROUP_ROLE).members) == 2 and hint.childCount() == 2
    assert hint.child(0).text(0).startswith('The sentence "word word word word')

    style = checks.style()
    info = icon_image(style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation))
    triangle = icon_image(style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning))
    assert icon_image(hint.icon(0)) == info and icon_image(hint.child(0).icon(0)) == info
    assert icon_image(warning.icon(0)) == triangle and info != triangle

    assert hint.child(0).toolTip(0).startswith("Hint — Section 1 “Advice” (Text)")
    assert warning.toolTip(0).startswith("Warning — ")
    spoken = Qt.ItemDataRole.AccessibleTextRole
    assert hint.data(0, spoken).startswith("Hint: Section 1 · Advice: 2 sentences")
    assert warning.data(0, spoken).startswith("Warning: Section 2 · More: link text")


def test_hints_do_not_stop_an_export(window, qtbot, tmp_path, monkeypatch):
    """The example pack has long sentences: they are listed, and it still exports."""
    tree = window.panes.checks.tree

    def hint_rows():
        return [r for r in rows(tree) if r.data(0, FINDING_ROLE).severity == "hint"]

    qtbot.waitUntil(lambda: bool(hint_rows()), timeout=10_000)
    [hints] = hint_rows()
    assert "sentences are longer than 25 words" in hints.text(0)
    assert rows(tree)[-1] is hints  # after every warning

    assert window.output.blocking_problems() == []
    refused = []
    monkeypatch.setattr(window.output, "refuse_export", lambda fmt, found: refused.append(found))
    target = tmp_path / "with-hints.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.menu_actions["export_pdf"].trigger()
    assert refused == [] and target.exists() and target.stat().st_size > 0
