"""The window's file lifecycle: new, open, recent, save, save as, bundles, close, and the
title bar that names the pack.

FileLifecycle is one feature object per window: each method is a thin step over
briefpack.model (load_pack, save_pack, model/bundle.py, model/pictures.py); saving runs as
a job (gui/jobs.py) so a slow disk never freezes the window.

A bundle (.bpackz) from a colleague opens as a new, unsaved pack whose pictures are in
briefpack's private folder, so the first Save asks where to keep it; saving a pack into
another folder than its pictures' copies them beside it (model/pictures.py).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, QStandardPaths, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu, QMessageBox

from briefpack.model import editing
from briefpack.model.errors import BriefpackError, SaveError
from briefpack.model.pack import Pack
from briefpack.model.packfile import load_pack, save_pack
from briefpack.model.pictures import carry_pictures
from briefpack.model.resources import data_dir
from briefpack.model.sections import ImageSection
from briefpack.model.templates import with_current_threat

if TYPE_CHECKING:
    from briefpack.gui.document import PackDocument
    from briefpack.gui.jobs import JobRunner
    from briefpack.gui.outside_consent import OutsideConsent
    from briefpack.gui.window_feedback import Feedback

PACK_FILTER = "briefpack packs (*.bpack);;All files (*)"
OPEN_FILTER = (
    "briefpack packs and bundles (*.bpack *.bpackz);;briefpack packs (*.bpack);;"
    "Pack bundles (*.bpackz);;All files (*)"
)
BUNDLE_FILTER = "Pack bundles (*.bpackz)"
BUNDLE_SUFFIX = ".bpackz"
MAX_RECENT = 8
DEFAULT_TEMPLATE = "protective-security-update.bpack"
LAST_FOLDER_KEY = "files/lastFolder"
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def default_pack() -> Pack:
    """A new pack from the built-in default template, or a minimal one if there is none."""
    template_file = data_dir("templates") / DEFAULT_TEMPLATE
    if template_file.is_file():
        try:
            return editing.new_pack(load_pack(template_file))
        except BriefpackError:
            pass
    return editing.new_pack()


def read_pack_file(path: Path) -> Pack:
    """The pack in the .bpack at `path`; a template gets the level in force today (it has
    no level of its own). BriefpackError when it cannot be read."""
    return with_current_threat(load_pack(path))


def file_name_for(title: str, suffix: str) -> str:
    """A file name from the pack title: "Retail sector briefing.bpack"."""
    name = _UNSAFE.sub(" ", title).strip(" .")
    name = re.sub(r"\s+", " ", name)[:80].strip() or "Untitled"
    return f"{name}{suffix}"


def save_with_pictures(pack: Pack, from_dir: Path, path: Path) -> tuple[Pack, list[str]]:
    """Save `pack` at `path`, its pictures first copied there from `from_dir` when that is
    another folder (the job of Save and Save As). Returns the pack as saved and notes."""
    # Where the file really lands (a link to a pack is followed, as save_pack does).
    carried, notes = carry_pictures(pack, from_dir, path.resolve().parent)
    save_pack(carried, path)
    return carried, notes


def unpack_bundle(path: Path) -> tuple[Pack, Path]:
    """The pack inside the bundle at `path` and the private folder its pictures are in."""
    from briefpack.services.opening import open_given

    opened = open_given(path)  # checks every entry before anything is written
    return opened.pack, opened.base_dir


def write_bundle_file(
    pack: Pack, files: tuple[Path, Path | None, frozenset[Path]], path: Path
) -> Path:
    """Write the bundle of `pack` (as it is in the editor) at `path`, never through a link."""
    from briefpack.services.opening import write_bundle

    base_dir, source, allowed = files
    return write_bundle(pack, base_dir, str(source or ""), path, allow_outside=allowed)


class FileLifecycle(QObject):
    """New, open, save and close for one window's document; `packShown` says a pack was
    made the window's own (the window previews it at once if it is up)."""

    packShown = Signal()

    def __init__(
        self,
        window: QMainWindow,
        doc: PackDocument,
        settings: QSettings,
        jobs: JobRunner,
        feedback: Feedback,
        outside_consent: OutsideConsent,
    ) -> None:
        super().__init__(window)
        self.window, self.doc, self.settings, self.jobs = window, doc, settings, jobs
        self.feedback, self.outside_consent = feedback, outside_consent
        self.stack = doc.undo_stack
        self.bundle_origin: tuple[Path, Path] | None = None  # (private folder, .bpackz)
        self.pictures_box: QMessageBox | None = None  # pictures copied on a save elsewhere
        self.stack.cleanChanged.connect(lambda clean: window.setWindowModified(not clean))
        doc.pathChanged.connect(self.update_title)
        doc.changed.connect(self.update_title)  # an unsaved bundle's title is the pack's

    def update_title(self) -> None:
        self.window.setWindowTitle(f"{self.document_name()}[*] — briefpack")
        self.window.setWindowModified(not self.stack.isClean())

    # ---- folders and recent files ----------------------------------------------------------

    def last_folder(self) -> Path:
        """Where the user last opened, saved or exported something (else Documents)."""
        value = self.settings.value(LAST_FOLDER_KEY)
        if value and Path(str(value)).is_dir():
            return Path(str(value))
        documents = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        return Path(documents) if documents and Path(documents).is_dir() else Path.home()

    def remember_folder(self, path: Path) -> None:
        self.settings.setValue(LAST_FOLDER_KEY, str(path.resolve().parent))

    def proposed_path(self, suffix: str) -> Path:
        """Where a Save As or Export dialog starts: beside the pack, named after its title
        (a bundle after the pack's file; a pack opened from a bundle, beside the bundle)."""
        if self.doc.path and suffix == ".bpack":
            return self.doc.path
        if self.doc.path and suffix == BUNDLE_SUFFIX:
            return self.doc.path.resolve().with_suffix(BUNDLE_SUFFIX)
        bundle = self.opened_bundle()
        if bundle is not None and suffix == ".bpack":
            return bundle.resolve().with_suffix(suffix)
        folder = self.doc.path.resolve().parent if self.doc.path else self.last_folder()
        return folder / file_name_for(self.doc.pack.meta.title, suffix)

    def recent_files(self) -> list[str]:
        value = self.settings.value("recentFiles", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in value or []]

    def add_recent(self, path: Path) -> None:
        name = str(path.resolve())
        files = [name, *(f for f in self.recent_files() if f != name)][:MAX_RECENT]
        self.settings.setValue("recentFiles", files)
        self.remember_folder(path)

    def fill_recent_menu(self, menu: QMenu) -> None:
        """File ▸ Open Recent, filled each time it opens."""
        menu.clear()
        files = self.recent_files()
        for file in files:
            action = menu.addAction(file)
            action.triggered.connect(lambda _c=False, f=file: self.open_recent(f))
        if not files:
            menu.addAction("(none yet)").setEnabled(False)
        else:
            menu.addSeparator()
            menu.addAction("Clear list", lambda: self.settings.remove("recentFiles"))

    # ---- questions (tests replace these) ---------------------------------------------------

    def ask_save_changes(self) -> QMessageBox.StandardButton:
        """Save, Discard or Cancel."""
        name = self.doc.path.name if self.doc.path else "this new pack"
        buttons = (
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel
        )
        return QMessageBox.warning(
            self.window,
            "Unsaved changes",
            f"Save the changes to {name} before closing it?",
            buttons,
            QMessageBox.StandardButton.Save,
        )

    def ask_save_as_instead(self, message: str) -> bool:
        """After a failed save: True when the user picks Save As…."""
        box = QMessageBox(
            QMessageBox.Icon.Warning, "Cannot save the pack", message, parent=self.window
        )
        box.setInformativeText("Your changes are still here. Save them somewhere else?")
        save_as = box.addButton("Save As…", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(save_as)
        box.exec()
        return box.clickedButton() is save_as

    def maybe_save(self) -> bool:
        """True when it is fine to drop the current pack."""
        if self.stack.isClean():
            return True
        answer = self.ask_save_changes()
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    # ---- opening ---------------------------------------------------------------------------

    def show_pack(self, pack: Pack, path: Path | None, files_dir: Path | None = None) -> None:
        """Make `pack` the window's pack; preview it at once if the window is up."""
        self.doc.reset(pack, path, files_dir)
        self.packShown.emit()

    def new_pack(self) -> None:
        if self.maybe_save():
            self.show_pack(default_pack(), None)

    def open_dialog(self) -> None:
        if not self.maybe_save():
            return
        start = str(self.doc.path.parent) if self.doc.path else str(self.last_folder())
        file, _ = QFileDialog.getOpenFileName(self.window, "Open pack", start, OPEN_FILTER)
        if file:
            self.open_file(Path(file))

    def open_recent(self, file: str) -> None:
        if self.maybe_save():
            self.open_file(Path(file))

    def open_file(self, path: Path, read: Pack | None = None) -> bool:
        """Open the pack or bundle at `path`; `read`: its pack, read_pack_file(path) already
        (the app's start reads it before the window is built)."""
        if path.suffix.lower() == BUNDLE_SUFFIX:
            return self.open_bundle_file(path)
        try:
            pack = read if read is not None else read_pack_file(path)
        except BriefpackError as exc:
            self.feedback.show_error("Cannot open the pack", exc.message)
            return False
        self.show_pack(pack, path)
        self.add_recent(path)
        self.feedback.status(f"Opened {path}", 4000)
        return True

    # ---- bundles ---------------------------------------------------------------------------

    def open_bundle_file(self, path: Path) -> bool:
        """Open a .bpackz: checked and unpacked (as a job) into a private folder, then shown
        as a new, unsaved pack, so the first Save asks where to keep it and its pictures."""
        outcome = self.jobs.run(
            "Open", f"Opening {path.name}…", lambda _p: unpack_bundle(path), cancel=False
        )
        if outcome.refused:
            self.feedback.status("Still busy with the last job: not opened yet", 6000)
            return False
        if isinstance(outcome.error, BriefpackError):  # the pack open until now stays
            self.feedback.show_error("Cannot open the bundle", outcome.error.message)
            return False
        if outcome.error is not None:
            raise outcome.error
        pack, folder = outcome.value
        self.bundle_origin = (folder, path)
        self.show_pack(with_current_threat(pack), None, files_dir=folder)
        self.update_title()
        self.add_recent(path)
        self.feedback.status(f"Opened {path}: save it to keep it as a pack", 6000)
        return True

    def opened_bundle(self) -> Path | None:
        """The .bpackz the open pack came from, until it is saved as a pack (else None)."""
        origin = self.bundle_origin
        if origin is None or self.doc.path is not None or self.doc.files_dir != origin[0]:
            return None
        return origin[1]

    def document_name(self) -> str:
        """The pack as the title bar names it: its file, "Title (from x.bpackz)", Untitled."""
        if self.doc.path:
            return self.doc.path.name
        bundle = self.opened_bundle()
        if bundle is not None:
            return f"{self.doc.pack.meta.title.strip() or 'Untitled'} (from {bundle.name})"
        return "Untitled"

    def save_bundle_dialog(self) -> bool:
        """File ▸ Save as Bundle…: the pack as it is in the editor, with its pictures."""
        if not self.outside_consent.ensure_allowed():
            self.feedback.show_error(
                "Cannot save as a bundle",
                "This pack uses pictures outside its own folder that you have not allowed, "
                "so they cannot go into a bundle. Allow them, or put them beside the pack.",
            )
            return False
        start = str(self.proposed_path(BUNDLE_SUFFIX))
        file, _ = QFileDialog.getSaveFileName(self.window, "Save as bundle", start, BUNDLE_FILTER)
        if not file:
            return False
        path = Path(file)
        return self.save_bundle_to(path if path.suffix else path.with_suffix(BUNDLE_SUFFIX))

    def save_bundle_to(self, path: Path) -> bool:
        pack, files = self.doc.pack.model_copy(deep=True), self.doc.files()
        outcome = self.jobs.run(
            "Save as Bundle",
            f"Saving {path.name}…",
            lambda _p: write_bundle_file(pack, files, path),
            cancel=False,
        )
        if not self.feedback.report_failure(outcome, f"Cannot save {path.name}"):
            return False
        self.remember_folder(path)
        self.feedback.status(f"Saved the bundle {path}", 6000)
        return True

    # ---- saving ----------------------------------------------------------------------------

    def save(self) -> bool:
        if self.doc.path is None:
            return self.save_as()
        return self.save_to(self.doc.path)

    def save_as(self) -> bool:
        start = str(self.proposed_path(".bpack"))
        file, _ = QFileDialog.getSaveFileName(self.window, "Save pack as", start, PACK_FILTER)
        if not file:
            return False
        path = Path(file)
        if not path.suffix:
            path = path.with_suffix(".bpack")
        return self.save_to(path)

    def save_to(self, path: Path) -> bool:
        pack, from_dir = self.doc.pack.model_copy(deep=True), self.doc.base_dir
        outcome = self.jobs.run(
            "Save",
            f"Saving {path.name}…",
            lambda _p: save_with_pictures(pack, from_dir, path),
            cancel=False,
        )
        if outcome.refused:
            self.feedback.status("Still busy with the last job: not saved yet", 6000)
            return False
        if isinstance(outcome.error, SaveError):  # the file on disk is unchanged
            return self.ask_save_as_instead(outcome.error.message) and self.save_as()
        if isinstance(outcome.error, BriefpackError):
            self.feedback.show_error("Cannot save the pack", outcome.error.message)
            return False
        if outcome.error is not None:
            raise outcome.error
        saved, notes = outcome.value
        self._follow_renamed_pictures(pack, saved)
        self.stack.setClean()
        if path != self.doc.path:
            self.doc.set_path(path)
        self.add_recent(path)
        self.feedback.status(f"Saved {path}", 4000)
        if notes:  # a picture renamed or left behind: the officer should read it
            self.report_carried_pictures(path, notes)
        return True

    def report_carried_pictures(self, path: Path, notes: list[str]) -> QMessageBox:
        """What happened to the pictures on the way to a new folder, in a box that does not
        wait for an answer (the save is done)."""
        box = QMessageBox(
            QMessageBox.Icon.Information,
            "Pictures of the saved pack",
            f"Saved {path.name} in {path.parent}. About its pictures:",
            QMessageBox.StandardButton.Close,
            self.window,
        )
        box.setObjectName("pictures_carried")
        box.setInformativeText("\n\n".join(notes))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.pictures_box = box
        return box

    def _follow_renamed_pictures(self, sent: Pack, saved: Pack) -> None:
        """Give the open pack the picture names it was saved with, as one undoable edit.

        Undoable, and recorded before the stack is marked clean, so "clean" still means
        "as in the file": undoing it marks the pack changed (the old name may now be a
        different picture in that folder), instead of a silent change outside the history
        that a later undo or redo of the same field would quietly contradict."""
        rows = [
            (row, after.path)
            for row, (before, after) in enumerate(zip(sent.sections, saved.sections, strict=False))
            if isinstance(before, ImageSection)
            and isinstance(after, ImageSection)
            and before.path != after.path
            and row < len(self.doc.pack.sections)
            and getattr(self.doc.pack.sections[row], "path", None) == before.path
        ]
        if not rows:
            return
        self.stack.beginMacro("Picture names for the new folder")
        for row, path in rows:
            self.doc.edit_field(("section", row), "path", path)
        self.stack.endMacro()

    # ---- closing ---------------------------------------------------------------------------

    def close_pack(self) -> None:
        """File ▸ Close: close this window (asking about unsaved changes first)."""
        self.window.close()
