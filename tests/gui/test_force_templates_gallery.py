"""Force templates in the app: the gallery offers the synced force library's templates
first, marked Force; a bad one is left out and named in the dialog's skipped list."""

from __future__ import annotations

import pytest
from force_repos import bare, raw_commit
from packs import EXAMPLE

from briefpack.gui.force_dialog import ForceLibraryDialog
from briefpack.gui.template_gallery import TemplateGallery
from briefpack.gui.thumbnails import FORCE_LABEL, FORCE_ROLE, ThumbnailService, kind_label
from briefpack.model.force_store import subscribe, sync
from briefpack.model.packfile import load_pack, pack_to_bytes
from briefpack.model.templates import pack_to_template

MANIFEST = b'{"format": "briefpack/force-library", "version": 1}'


@pytest.fixture
def synced(tmp_path, user_data_dir) -> None:
    """A force library holding one good template and one broken one, subscribed and synced."""
    repo = bare(tmp_path)
    good = pack_to_template(load_pack(EXAMPLE), "Force handout", "Approved by the force")
    raw_commit(
        repo,
        [
            ([b"force-library.json"], 0o100644, MANIFEST),
            ([b"templates", b"handout.bpack"], 0o100644, pack_to_bytes(good)),
            ([b"templates", b"broken.bpack"], 0o100644, b"{not json"),
        ],
    )
    subscribe(str(repo))
    sync()


def test_the_gallery_shows_force_templates_first_marked_force(qtbot, settings, synced):
    service = ThumbnailService(render=lambda data, path: b"")
    try:
        gallery = TemplateGallery(None, settings, service)
        qtbot.addWidget(gallery)
        first = gallery.proxy.index(0, 0)
        assert first.data() == "Force handout" and first.data(FORCE_ROLE)
        assert kind_label(first) == FORCE_LABEL
        names = [gallery.proxy.index(r, 0).data() for r in range(gallery.proxy.rowCount())]
        assert names.count("Force handout") == 1 and len(names) > 1  # built-ins below
        assert "Force template (read-only" in gallery.details.text()
        assert "read-only" in gallery.model.item(0).toolTip()
        gallery._start()  # a new pack from it, as Enter does
        assert gallery.chosen is not None and load_pack(gallery.chosen).name == "Force handout"
    finally:
        service.stop()


def test_the_dialog_names_the_skipped_template(qtbot, synced):
    dialog = ForceLibraryDialog(None)
    qtbot.addWidget(dialog)
    dialog.refresh()
    assert "templates/broken.bpack: not valid JSON" in dialog.warnings.toPlainText()
