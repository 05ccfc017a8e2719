"""Library ▸ Force Library…: subscribe, sync and publish from the app; force items in the
dock with their marker, read-only, edited as the user's own copy."""

from __future__ import annotations

import shutil

from force_repos import ALICE, bare, head_of, own_item
from PySide6.QtWidgets import QApplication

from briefpack.model.force_publish import publish
from briefpack.model.force_store import subscription
from briefpack.model.library import user_library


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
    assert "--author" in dialog.message.text() and "Jo Bloggs <" in dialog.message.text()
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
