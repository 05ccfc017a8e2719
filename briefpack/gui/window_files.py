"""The window's file operations: new, open, recent, save, save as, close.

A mixin of MainWindow: each method is a thin step over briefpack.model (load_pack,
save_pack); saving runs as a job (gui/jobs.py) so a slow disk never freezes the window.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QMessageBox

from briefpack.model import editing
from briefpack.model.errors import BriefpackError, SaveError
from briefpack.model.pack import Pack
from briefpack.model.packfile import load_pack, save_pack
from briefpack.model.resources import data_dir
from briefpack.model.templates import with_current_threat

if TYPE_CHECKING:
    from briefpack.gui.mainwindow import MainWindow

    _Base = MainWindow
else:
    _Base = object

PACK_FILTER = "briefpack packs (*.bpack);;All files (*)"
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


def file_name_for(title: str, suffix: str) -> str:
    """A file name from the pack title: "Retail sector briefing.bpack"."""
    name = _UNSAFE.sub(" ", title).strip(" .")
    name = re.sub(r"\s+", " ", name)[:80].strip() or "Untitled"
    return f"{name}{suffix}"


class FileActions(_Base):
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
        """Where a Save As or Export dialog starts: beside the pack, named after its title."""
        folder = self.doc.path.resolve().parent if self.doc.path else self.last_folder()
        if self.doc.path and suffix == ".bpack":
            return self.doc.path
        return folder / file_name_for(self.doc.pack.meta.title, suffix)

    def recent_files(self) -> list[str]:
        value = self.settings.value("recentFiles", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in value or []]

    def _add_recent(self, path: Path) -> None:
        name = str(path.resolve())
        files = [name, *(f for f in self.recent_files() if f != name)][:MAX_RECENT]
        self.settings.setValue("recentFiles", files)
        self.remember_folder(path)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        files = self.recent_files()
        for file in files:
            action = self.recent_menu.addAction(file)
            action.triggered.connect(lambda _c=False, f=file: self.open_recent(f))
        if not files:
            self.recent_menu.addAction("(none yet)").setEnabled(False)
        else:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction("Clear list", lambda: self.settings.remove("recentFiles"))

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
            self,
            "Unsaved changes",
            f"Save the changes to {name} before closing it?",
            buttons,
            QMessageBox.StandardButton.Save,
        )

    def ask_save_as_instead(self, message: str) -> bool:
        """After a failed save: True when the user picks Save As…."""
        box = QMessageBox(QMessageBox.Icon.Warning, "Cannot save the pack", message, parent=self)
        box.setInformativeText("Your changes are still here. Save them somewhere else?")
        save_as = box.addButton("Save As…", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(save_as)
        box.exec()
        return box.clickedButton() is save_as

    def show_error(self, title: str, message: str) -> None:
        QMessageBox.critical(self, title, message)

    def maybe_save(self) -> bool:
        """True when it is fine to drop the current pack."""
        if self.stack.isClean():
            return True
        answer = self.ask_save_changes()
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    # ---- opening ---------------------------------------------------------------------------

    def show_pack(self, pack: Pack, path: Path | None) -> None:
        """Make `pack` the window's pack; preview it at once if the window is up."""
        self.doc.reset(pack, path)
        if self._preview_started:
            self.preview.renderer.render_now()

    def new_pack(self) -> None:
        if self.maybe_save():
            self.show_pack(default_pack(), None)

    def open_dialog(self) -> None:
        if not self.maybe_save():
            return
        start = str(self.doc.path.parent) if self.doc.path else str(self.last_folder())
        file, _ = QFileDialog.getOpenFileName(self, "Open pack", start, PACK_FILTER)
        if file:
            self.open_file(Path(file))

    def open_recent(self, file: str) -> None:
        if self.maybe_save():
            self.open_file(Path(file))

    def open_file(self, path: Path) -> bool:
        try:
            pack = with_current_threat(load_pack(path))  # a template has no level of its own
        except BriefpackError as exc:
            self.show_error("Cannot open the pack", exc.message)
            return False
        self.show_pack(pack, path)
        self._add_recent(path)
        self.statusBar().showMessage(f"Opened {path}", 4000)
        return True

    # ---- saving ----------------------------------------------------------------------------

    def save(self) -> bool:
        if self.doc.path is None:
            return self.save_as()
        return self.save_to(self.doc.path)

    def save_as(self) -> bool:
        start = str(self.proposed_path(".bpack"))
        file, _ = QFileDialog.getSaveFileName(self, "Save pack as", start, PACK_FILTER)
        if not file:
            return False
        path = Path(file)
        if not path.suffix:
            path = path.with_suffix(".bpack")
        return self.save_to(path)

    def save_to(self, path: Path) -> bool:
        pack = self.doc.pack.model_copy(deep=True)
        outcome = self.jobs.run(
            "Save", f"Saving {path.name}…", lambda _p: save_pack(pack, path), cancel=False
        )
        if outcome.refused:
            self.statusBar().showMessage("Still busy with the last job: not saved yet", 6000)
            return False
        if isinstance(outcome.error, SaveError):  # the file on disk is unchanged
            return self.ask_save_as_instead(outcome.error.message) and self.save_as()
        if isinstance(outcome.error, BriefpackError):
            self.show_error("Cannot save the pack", outcome.error.message)
            return False
        if outcome.error is not None:
            raise outcome.error
        self.stack.setClean()
        if path != self.doc.path:
            self.doc.set_path(path)
        self._add_recent(path)
        self.statusBar().showMessage(f"Saved {path}", 4000)
        return True

    # ---- closing ---------------------------------------------------------------------------

    def close_pack(self) -> None:
        """File ▸ Close: close this window (asking about unsaved changes first)."""
        self.close()
