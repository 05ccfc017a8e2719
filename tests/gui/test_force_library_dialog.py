"""Library ▸ Force Library…: subscribe, sync and publish from the app; force items in the
dock with their marker, read-only, edited as the user's own copy."""

from __future__ import annotations

import shutil

from force_repos import ALICE, bare, head_of, own_item
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from briefpack.model.force_publish import publish
from briefpack.model.force_store import subscription
from briefpack.model.library import save_user_library, user_library
from briefpack.model.library_revise import revise_user_item
from briefpack.model.sections import TextSection


def force_action(window):
    menu = window.library.menu
    return next(a for a in menu.actions() if a.text() == "Force &Library…")


def test_subscribe_sync_and_the_dock_shows_force_items_read_only(
    window, qtbot, tmp_path, monkeypatch
):
    repo = bare(tmp_path)
    monkeypatch.setenv("BRIEFPACK_USER_DIR", str(tmp_path / "alice"))
    own_item("Report it to the force", "Call 0800 789 321")
    publish(str(repo), ALICE, "First approved items")
    monkeypatch.setenv("BRIEFPACK_USER_DIR", str(tmp_path / "bob"))

    force_action(window).trigger()
    dialog = window.library.force_dialog
    qtbot.waitExposed(dialog)
    assert "You follow no force library yet" in dialog.status.text()
    assert not dialog.sync_button.isEnabled()
    dialog.location.setText(str(repo))
    assert dialog.subscribe() and dialog.sync_button.isEnabled()
    assert dialog.sync()
    assert "Synced: 1 item" in dialog.message.text()
    assert "Last synced" in dialog.status.text() and "First approved items" in dialog.status.text()
    assert dialog.warnings.toPlainText() == "None."

    panel = window.library.panel  # reloaded by the dialog's libraryChanged
    assert "force.report-it-to-the-force" in panel.model.items
    assert panel.select("force.report-it-to-the-force")
    row = panel.model.itemFromIndex(panel.model.index_of("force.report-it-to-the-force"))
    assert row.text().endswith("[force]")
    assert "Force library (read-only" in panel.preview.text()
    assert panel.edit_action.isEnabled() and not panel.delete_action.isEnabled()

    # Editing a force item makes the user's own copy; the force item stays as it was.
    monkeypatch.setattr(
        panel, "ask_item_details", lambda *a, **k: ("My hotline advice", "advice", ["mine"])
    )
    assert panel.edit_selected()
    [copy] = user_library().items
    assert copy.id == "user.my-hotline-advice" and copy.section.body == "Call 0800 789 321"
    assert "force.report-it-to-the-force" in panel.model.items
    dialog.close()


def test_publish_from_the_dialog_and_a_refusal_is_shown_not_raised(
    window, qtbot, tmp_path, monkeypatch
):
    repo = bare(tmp_path)
    monkeypatch.setenv("BRIEFPACK_USER_DIR", str(tmp_path / "alice"))
    own_item("Report it", "Call")
    force_action(window).trigger()
    dialog = window.library.force_dialog
    dialog.location.setText(str(repo))
    dialog.author.setText("Alice")  # not "Name <email>"
    assert not dialog.publish()
    assert (
        "Jo Bloggs <" in dialog.author_error.text() and "--author" not in dialog.author_error.text()
    )
    assert head_of(repo) is None

    dialog.author.setText(ALICE)
    dialog.why.setText("Approved by the CT board")
    assert dialog.publish()
    assert dialog.message.text().startswith("Published ")
    assert head_of(repo) is not None
    assert "Approved by the CT board" in dialog.status.text()
    QApplication.processEvents()
    assert "force.report-it" in window.library.panel.model.items
    dialog.close()


def test_a_failed_first_sync_says_so_in_plain_words_and_moves_nothing(
    window, qtbot, tmp_path, monkeypatch
):
    repo = bare(tmp_path)
    force_action(window).trigger()
    dialog = window.library.force_dialog
    qtbot.waitExposed(dialog)
    dialog.location.setText(str(repo))
    assert dialog.subscribe()
    shutil.rmtree(repo)  # gone before the first sync
    QApplication.processEvents()
    parts = (dialog.warnings, dialog.status, dialog.publish_button, dialog.message)
    before = [part.geometry() for part in parts]
    assert not dialog.sync()
    QApplication.processEvents()
    text = dialog.message.text()
    assert text.startswith(f"{repo}: could not sync the force library (no such folder)")
    assert "nothing has been synced yet" in text and "still in use" not in text
    assert "NotGitRepository" not in text and "Error" not in text
    # The message has room kept for it: the list of skipped files and the rest stay put.
    assert [part.geometry() for part in parts] == before
    dialog.close()


def test_subscribe_in_the_dialog_refuses_a_typo_and_warns_of_a_drive_away(window, qtbot, tmp_path):
    force_action(window).trigger()
    dialog = window.library.force_dialog
    dialog.location.setText(str(tmp_path / "typo.git"))
    assert not dialog.subscribe()
    assert "cannot subscribe (no such folder)" in dialog.message.text()
    assert subscription() is None and not dialog.sync_button.isEnabled()

    away = tmp_path / "unmounted" / "share" / "force.git"
    dialog.location.setText(str(away))
    assert dialog.subscribe()
    assert "could not be checked (the folder cannot be reached)" in dialog.message.text()
    assert subscription().location == str(away) and dialog.sync_button.isEnabled()
    dialog.close()


def test_enter_in_the_location_subscribes_and_opens_no_file_dialog(window, qtbot, tmp_path):
    """Enter where the officer typed the address means "subscribe", not Browse…: no button
    of the dialog is its default."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPushButton

    force_action(window).trigger()
    dialog = window.library.force_dialog
    assert not any(b.autoDefault() or b.isDefault() for b in dialog.findChildren(QPushButton))
    dialog.location.setText(str(tmp_path / "typo.git"))
    dialog.location.setFocus()
    qtbot.keyClick(dialog.location, Qt.Key.Key_Return)
    assert "cannot subscribe (no such folder)" in dialog.message.text()
    dialog.close()


def _two_publications(repo, tmp_path, monkeypatch) -> None:
    """Alice publishes two items, then rewords one and takes the other out."""
    monkeypatch.setenv("BRIEFPACK_USER_DIR", str(tmp_path / "alice"))
    first = own_item("Report it", "Call")
    own_item("Bag left", "Do not touch")
    publish(str(repo), ALICE, "First two")
    lib = user_library()
    revise_user_item(lib, first, TextSection(kind="text", body="Call 999"), "Report it", "advice")
    save_user_library(lib)
    publish(str(repo), ALICE, "Reword", remove=["force.bag-left"], ids=[first])


def test_history_lists_publications_newest_first_and_filters_to_one_item(
    window, qtbot, tmp_path, monkeypatch
):
    repo = bare(tmp_path)
    _two_publications(repo, tmp_path, monkeypatch)
    monkeypatch.setenv("BRIEFPACK_USER_DIR", str(tmp_path / "bob"))
    force_action(window).trigger()
    dialog = window.library.force_dialog
    qtbot.waitExposed(dialog)
    view = dialog.history
    dialog.tabs.setCurrentWidget(view)  # not synced yet: said where the list would be
    assert view.list.count() == 0 and "Nothing synced yet" in view.note.text()

    dialog.location.setText(str(repo))
    assert dialog.subscribe() and dialog.sync()  # the History tab shown: read again
    rows = [view.list.item(i) for i in range(view.list.count())]
    assert [r.text().splitlines()[1] for r in rows] == ["Reword", "First two"]
    first_line, _, changes = rows[0].text().splitlines()
    assert first_line.startswith(tuple("0123456789abcdef")) and ALICE in first_line
    assert changes == "changed force.report-it; removed force.bag-left"
    spoken = rows[0].data(Qt.ItemDataRole.AccessibleTextRole)
    assert (
        spoken.startswith(f"Reword. Published by {ALICE} on ")
        and "removed force.bag-left" in spoken
    )
    assert view.list.accessibleName() and view.item.accessibleName()
    assert view.list.currentRow() == 0 and view.note.text() == "2 publications."

    # The Item chooser offers what the history touched, force items first.
    names = [view.item.itemText(i) for i in range(view.item.count())]
    assert names[:3] == ["All items", "force.bag-left", "force.report-it"]
    assert "force-library.json" in names
    assert view.choose("force-library.json")
    assert [view.list.item(i).text().splitlines()[1] for i in range(view.list.count())] == [
        "First two"
    ]
    assert view.note.text() == "1 publication touching force-library.json."
    assert view.choose("force.report-it") and view.list.count() == 2
    assert not view.choose("force.nothing")
    assert view.choose(None) and view.list.count() == 2
    dialog.close()


def test_history_is_read_as_a_job_of_the_window(window, qtbot, tmp_path, monkeypatch):
    repo = bare(tmp_path)
    _two_publications(repo, tmp_path, monkeypatch)
    force_action(window).trigger()
    dialog = window.library.force_dialog
    dialog.location.setText(str(repo))
    assert dialog.subscribe() and dialog.sync()
    labels = []
    run = window.library.jobs.run
    monkeypatch.setattr(
        window.library.jobs,
        "run",
        lambda t, label, *a, **k: labels.append(label) or run(t, label, *a, **k),
    )
    dialog.tabs.setCurrentWidget(dialog.history)
    assert labels == ["Reading the force library's history…"]
    assert dialog.history.list.count() == 2
    dialog.tabs.setCurrentIndex(0)
    dialog.tabs.setCurrentWidget(dialog.history)  # nothing new synced: not read again
    assert len(labels) == 1
    dialog.close()


def test_the_approver_is_remembered_between_publishes(
    window, qtbot, settings, tmp_path, monkeypatch
):
    repo = bare(tmp_path)
    monkeypatch.setenv("BRIEFPACK_USER_DIR", str(tmp_path / "alice"))
    own_item("Report it", "Call")
    force_action(window).trigger()
    dialog = window.library.force_dialog
    assert dialog.author.text() == ""
    dialog.location.setText(str(repo))
    dialog.author.setText("  Alice   Approver <alice@force.police.uk> ")
    assert dialog.publish()
    dialog.close()
    assert settings.value("force_library/approved_by") == ALICE  # tidied as published

    force_action(window).trigger()
    again = window.library.force_dialog
    assert again is not dialog and again.author.text() == ALICE
    again.close()


def test_an_invalid_approver_is_refused_beside_the_field_before_anything_runs(
    window, qtbot, settings, tmp_path, monkeypatch
):
    repo = bare(tmp_path)
    monkeypatch.setenv("BRIEFPACK_USER_DIR", str(tmp_path / "alice"))
    own_item("Report it", "Call")
    force_action(window).trigger()
    dialog = window.library.force_dialog
    qtbot.waitExposed(dialog)
    dialog.tabs.setCurrentIndex(2)
    dialog.location.setText(str(repo))
    QApplication.processEvents()
    below = dialog.publish_button.geometry()
    for typed, said in (
        ("", "Say who approves"),
        ("alice@force.police.uk", "Not a name and an email address"),
    ):
        dialog.author.setText(typed)
        assert not dialog.publish()
        assert said in dialog.author_error.text()
        assert "Jo Bloggs <jo.bloggs@example.police.uk>" in dialog.author_error.text()
        assert dialog.author.accessibleDescription() == dialog.author_error.text()
        assert dialog.message.text() == ""  # nothing ran: no job, no repository message
    QApplication.processEvents()
    assert dialog.publish_button.geometry() == below  # room was kept for the words
    assert head_of(repo) is None and settings.value("force_library/approved_by") is None
    qtbot.keyClicks(dialog.author, "x")  # typing again clears the refusal
    assert dialog.author_error.text() == "" and dialog.author.accessibleDescription() == ""
    dialog.close()


def test_tab_order_walks_each_tab_top_to_bottom(window, qtbot):
    force_action(window).trigger()
    dialog = window.library.force_dialog
    chain, widget = [], dialog.tabs
    for _ in range(300):
        widget = widget.nextInFocusChain()
        if widget.objectName().startswith("force_") and widget.objectName() not in chain:
            chain.append(widget.objectName())
    expected = ["force_location", "force_subscribe", "force_sync", "force_warnings"]
    expected += ["force_history_item", "force_history_list", "force_author", "force_why"]
    expected.append("force_publish")
    assert [n for n in chain if n in expected] == expected
    dialog.close()
