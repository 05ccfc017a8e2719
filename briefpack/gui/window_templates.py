"""File ▸ New from Template… and Save as Template… for one window."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMainWindow

from briefpack.model.errors import BriefpackError
from briefpack.model.templates import template_to_pack

if TYPE_CHECKING:
    from briefpack.gui.document import PackDocument
    from briefpack.gui.jobs import JobRunner
    from briefpack.gui.template_dialogs import SaveTemplateChoice
    from briefpack.gui.window_files import FileLifecycle


class TemplateFeature:
    """Starting a pack from a template, and keeping the open pack as one."""

    def __init__(
        self,
        window: QMainWindow,
        doc: PackDocument,
        settings: QSettings,
        jobs: JobRunner,
        files: FileLifecycle,
    ) -> None:
        self.window, self.doc, self.settings, self.jobs = window, doc, settings, jobs
        self.files, self.feedback = files, files.feedback

    # ---- questions (tests replace these) -------------------------------------------------

    def ask_template_details(self) -> SaveTemplateChoice | None:
        """Name, description and where to save."""
        from briefpack.gui.template_dialogs import ask_template_details

        return ask_template_details(self.window, self.doc.pack.meta.title)

    def choose_template_file(self) -> Path | None:
        """The template the officer picks in the gallery, or None."""
        from briefpack.gui.template_gallery import choose_template

        return choose_template(self.window, self.settings)

    # ---- save as template ----------------------------------------------------------------

    def save_as_template_dialog(self) -> bool:
        choice = self.ask_template_details()
        return choice is not None and self.save_template(choice)

    def save_template(self, choice: SaveTemplateChoice) -> bool:
        """Save the pack as a template: in My templates, or in the file the officer chose."""
        from briefpack.gui.template_dialogs import save_chosen_template

        pack = self.doc.pack.model_copy(deep=True)
        outcome = self.jobs.run(
            "Save as Template",
            f"Saving template “{choice.name}”…",
            lambda _p: save_chosen_template(pack, choice),
            cancel=False,
        )
        if not self.feedback.report_failure(outcome, "Cannot save the template"):
            return False
        self.feedback.status(f"Saved template “{choice.name}” ({outcome.value})", 6000)
        return True

    # ---- new from template ---------------------------------------------------------------

    def new_from_template_dialog(self) -> bool:
        if not self.files.maybe_save():
            return False
        file = self.choose_template_file()
        if not file:
            return False
        return self.new_from_template(Path(file))

    def new_from_template(self, path: Path) -> bool:
        """Open a new, untitled pack made from the template (or pack) at `path`."""
        from briefpack.model.packfile import load_pack

        try:
            pack = template_to_pack(load_pack(path))
        except BriefpackError as exc:
            self.feedback.show_error("Cannot use the template", exc.message)
            return False
        self.files.show_pack(pack, None)
        self.feedback.status(f"New pack from {path.name}", 4000)
        return True
