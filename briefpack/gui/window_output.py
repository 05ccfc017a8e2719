"""The window's output operations: export (PDF, DOCX), print, and templates.

A mixin of MainWindow. Rendering always runs as a job (gui/jobs.py): the job runner owns
the progress dialog, so it is gone before any message about the outcome appears.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMessageBox

from briefpack.gui.jobs import Outcome
from briefpack.model.editing import describe_location, error_text
from briefpack.model.errors import BriefpackError
from briefpack.model.templates import template_to_pack

if TYPE_CHECKING:
    from briefpack.document.checks import Finding
    from briefpack.gui.mainwindow import MainWindow
    from briefpack.gui.template_dialogs import SaveTemplateChoice

    _Base = MainWindow
else:
    _Base = object

EXPORT_FILTERS = {"pdf": "PDF documents (*.pdf)", "docx": "Word documents (*.docx)"}
TEMPLATE_FILTER = "briefpack templates (*.bpack);;All files (*)"
SHOWN_PROBLEMS = 5


class OutputActions(_Base):
    # ---- what stops an export ----------------------------------------------------------------

    def blocking_problems(self) -> list[Finding]:
        """The Checks findings that would make an export fail (errors, not warnings)."""
        from briefpack.document.checks import check_pack

        base_dir, _source, allowed = self.doc.files()
        findings = check_pack(self.doc.pack, base_dir, date.today(), allow_outside=allowed)
        return [f for f in findings if f.severity == "error"]

    def problem_text(self, finding: Finding) -> str:
        place = describe_location(self.doc.pack, finding.where)
        text = f"{place}: {finding.message}" if place else finding.message
        return text[:1].upper() + text[1:]

    def refuse_export(self, fmt: str, problems: list[Finding]) -> None:
        """Say why the pack cannot be exported (or printed: `fmt` "print"), with a button that
        shows the first problem."""
        box = QMessageBox(self)
        box.setObjectName("export_refused")
        box.setIcon(QMessageBox.Icon.Warning)
        doing = "printed" if fmt == "print" else "exported"
        box.setWindowTitle(
            "Cannot print yet" if fmt == "print" else f"Cannot export {fmt.upper()} yet"
        )
        count = len(problems)
        box.setText(
            f"This pack has {count} problem{'s' if count != 1 else ''} to fix before it can "
            f"be {doing}:"
        )
        lines = [f"• {self.problem_text(f)}" for f in problems[:SHOWN_PROBLEMS]]
        if count > SHOWN_PROBLEMS:
            lines.append(f"… and {count - SHOWN_PROBLEMS} more in the Checks panel.")
        box.setInformativeText("\n".join(lines))
        show = box.addButton("Show Section", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Close)
        box.setDefaultButton(show)
        self.refused_box = box
        box.exec()
        self.refused_box = None
        if box.clickedButton() is show:
            self.open_finding(problems[0])

    # ---- export -------------------------------------------------------------------------------

    def export_dialog(self, fmt: str) -> None:
        self.outside_consent.ensure_allowed()  # a "no" leaves its errors in the list below
        problems = self.blocking_problems()
        if problems:
            self.refuse_export(fmt, problems)
            return
        file, _ = QFileDialog.getSaveFileName(
            self, f"Export {fmt.upper()}", str(self.proposed_path(f".{fmt}")), EXPORT_FILTERS[fmt]
        )
        if file:
            path = Path(file)
            path = path if path.suffix else path.with_suffix(f".{fmt}")
            if self.export_to(path, fmt):
                from briefpack.gui.export import offer_to_open

                self.export_done_box = offer_to_open(self, path)

    def export_to(self, path: Path, fmt: str) -> bool:
        """Export as a job (progress after a moment, Cancel); True when written and checked."""
        from briefpack.gui.export import FORMAT_NAMES, export_job

        job = export_job(self.doc.pack, self.doc.files(), path, fmt)
        name = FORMAT_NAMES.get(fmt, fmt)
        outcome = self.jobs.run(f"Export {name}", f"Exporting {name}…", job)
        if not self._report_failure(outcome, f"Cannot export {path.name}"):
            return False
        if outcome.cancelled or not outcome.value:
            self.statusBar().showMessage("Export cancelled: no file written", 6000)
            return False
        self.remember_folder(path)
        self.statusBar().showMessage(f"Exported {path}", 6000)
        return True

    def _report_failure(self, outcome: Outcome, title: str) -> bool:
        """False (after telling the user) when a job failed or could not start."""
        if outcome.refused:
            self.statusBar().showMessage("Still busy with the last job: try again", 6000)
            return False
        error = outcome.error
        if error is None:
            return True
        if isinstance(error, BriefpackError):
            message = error_text(error, self.doc.pack, self.doc.path)
        else:  # a renderer bug: say so, keep the window
            message = f"internal error: {type(error).__name__}: {error}"
        self.show_error(title, message)
        return False

    # ---- printing -----------------------------------------------------------------------------

    def render_for_print(self) -> bytes | None:
        """The current pack as PDF bytes, or None (after saying why) when it cannot render."""
        from briefpack.gui.preview import render_pdf

        pack, files = self.doc.pack.model_copy(deep=True), self.doc.files()
        outcome = self.jobs.run(
            "Print", "Laying out the pages…", lambda _p: render_pdf(pack, *files)
        )
        if outcome.cancelled or not self._report_failure(outcome, "Cannot print"):
            return None
        return outcome.value

    def print_dialog(self) -> None:
        from briefpack.gui.print_dialog import run_print

        self.outside_consent.ensure_allowed()
        problems = self.blocking_problems()
        if problems:
            self.refuse_export("print", problems)
            return
        pdf_bytes = self.render_for_print()
        if pdf_bytes is None:
            return
        printed = run_print(self, pdf_bytes, self.doc.path.stem if self.doc.path else "")
        if printed is None:
            return
        if printed:
            self.statusBar().showMessage(f"Sent {printed} page(s) to the printer", 6000)
        else:
            self.show_error("Cannot print", "The printer did not accept the pages.")

    # ---- templates ----------------------------------------------------------------------------

    def ask_template_details(self) -> SaveTemplateChoice | None:
        """Name, description and where to save (tests replace this)."""
        from briefpack.gui.template_dialogs import ask_template_details

        return ask_template_details(self, self.doc.pack.meta.title)

    def save_as_template_dialog(self) -> bool:
        choice = self.ask_template_details()
        return choice is not None and self.save_template(choice)

    def save_template(self, choice: SaveTemplateChoice) -> bool:
        """Save the pack as a template: in My templates, or in the file the user chose."""
        from briefpack.gui.template_dialogs import save_chosen_template

        pack = self.doc.pack.model_copy(deep=True)
        outcome = self.jobs.run(
            "Save as Template",
            f"Saving template “{choice.name}”…",
            lambda _p: save_chosen_template(pack, choice),
            cancel=False,
        )
        if not self._report_failure(outcome, "Cannot save the template"):
            return False
        self.statusBar().showMessage(f"Saved template “{choice.name}” ({outcome.value})", 6000)
        return True

    def choose_template_file(self) -> Path | None:
        """The template the user picks in the gallery, or None (tests replace this)."""
        from briefpack.gui.template_gallery import choose_template

        return choose_template(self, self.settings)

    def new_from_template_dialog(self) -> bool:
        if not self.maybe_save():
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
            self.show_error("Cannot use the template", exc.message)
            return False
        self.show_pack(pack, None)
        self.statusBar().showMessage(f"New pack from {path.name}", 4000)
        return True
