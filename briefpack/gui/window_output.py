"""The window's output: export (every format of render/formats.py), print, and the handout
copied as rich text.

OutputFeature is one feature object per window. Rendering always runs as a job
(gui/jobs.py): the job runner owns the progress dialog, so it is gone before any message
about the outcome appears. A pack with errors is refused before any file dialog, with a
button to the first problem.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox

from briefpack.model.editing import describe_location
from briefpack.render.formats import get_format

if TYPE_CHECKING:
    from briefpack.document.findings import Finding
    from briefpack.gui.document import PackDocument
    from briefpack.gui.jobs import JobRunner
    from briefpack.gui.outside_consent import OutsideConsent
    from briefpack.gui.window_feedback import Feedback
    from briefpack.gui.window_files import FileLifecycle

SHOWN_PROBLEMS = 5
REFUSALS = {  # what cannot be done yet, for what is not an export format: (done, title)
    "print": ("printed", "Cannot print yet"),
    "copy": ("copied", "Cannot copy yet"),
}


class OutputFeature:
    """Export and print for one window; `open_finding` shows a problem's place."""

    def __init__(
        self,
        window: QMainWindow,
        doc: PackDocument,
        jobs: JobRunner,
        files: FileLifecycle,
        outside_consent: OutsideConsent,
        open_finding: Callable[[Finding], None],
    ) -> None:
        self.window, self.doc, self.jobs, self.files = window, doc, jobs, files
        self.feedback: Feedback = files.feedback
        self.outside_consent, self.open_finding = outside_consent, open_finding
        self.export_done_box: QMessageBox | None = None  # "Export finished": Open / Show
        self.refused_box: QMessageBox | None = None  # "Cannot export yet" while it is open
        self.export_notes: list[str] = []  # what the last export's job said besides done

    # ---- what stops an export ----------------------------------------------------------------

    def blocking_problems(self) -> list[Finding]:
        """The Checks findings that would make an export fail (errors, not warnings)."""
        from briefpack.services.validate import blocking_findings

        base_dir, _source, allowed = self.doc.files()
        return blocking_findings(self.doc.pack, base_dir, date.today(), allow_outside=allowed)

    def problem_text(self, finding: Finding) -> str:
        place = describe_location(self.doc.pack, finding.where)
        text = f"{place}: {finding.message}" if place else finding.message
        return text[:1].upper() + text[1:]

    def refuse_export(self, fmt: str, problems: list[Finding]) -> None:
        """Say why the pack cannot be exported (or printed: `fmt` "print"; or copied: "copy"),
        with a button that shows the first problem."""
        box = QMessageBox(self.window)
        box.setObjectName("export_refused")
        box.setIcon(QMessageBox.Icon.Warning)
        doing, title = REFUSALS.get(fmt) or (
            "exported",
            f"Cannot export {get_format(fmt).label} yet",
        )
        box.setWindowTitle(title)
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
        output = get_format(fmt)
        file, _ = QFileDialog.getSaveFileName(
            self.window,
            f"Export {output.label}",
            str(self.files.proposed_path(output.suffix)),
            output.file_filter,
        )
        if file:
            path = Path(file)
            path = path if path.suffix else path.with_suffix(output.suffix)
            if self.export_to(path, fmt):
                from briefpack.gui.export import offer_to_open

                self.export_done_box = offer_to_open(self.window, path, self.export_notes)

    def export_to(self, path: Path, fmt: str) -> bool:
        """Export as a job (progress after a moment, Cancel); True when written and checked."""
        from briefpack.gui.export import export_job

        self.export_notes = []  # e.g. not recorded in the export log: said once it is done
        job = export_job(self.doc.pack, self.doc.files(), path, fmt, self.export_notes)
        name = get_format(fmt).label
        outcome = self.jobs.run(f"Export {name}", f"Exporting {name}…", job)
        if not self.feedback.report_failure(outcome, f"Cannot export {path.name}"):
            return False
        if outcome.cancelled or not outcome.value:
            self.feedback.status("Export cancelled: no file written", 6000)
            return False
        self.files.remember_folder(path)
        unlogged = " (not recorded in the export log)" if self.export_notes else ""
        self.feedback.status(f"Exported {path}{unlogged}", 6000)
        return True

    # ---- the clipboard ----------------------------------------------------------------------

    def copy_rich_text(self) -> None:
        """Put the whole handout on the clipboard as HTML for email and as plain text."""
        self.outside_consent.ensure_allowed()
        problems = self.blocking_problems()
        if problems:
            self.refuse_export("copy", problems)
            return
        from briefpack.services.rich_text import rich_text

        pack, (base_dir, source, allowed) = self.doc.pack.model_copy(deep=True), self.doc.files()
        outcome = self.jobs.run(
            "Copy as Rich Text",
            "Putting the handout together…",
            lambda _p: rich_text(pack, base_dir, source=source, allow_outside=allowed),
        )
        if outcome.cancelled or not self.feedback.report_failure(outcome, "Cannot copy"):
            return
        html, plain = outcome.value
        data = QMimeData()
        data.setHtml(html)
        data.setText(plain)
        QGuiApplication.clipboard().setMimeData(data)
        self.feedback.status("Copied the handout: paste it into an email", 6000)

    # ---- printing -----------------------------------------------------------------------------

    def render_for_print(self) -> bytes | None:
        """The current pack as PDF bytes, or None (after saying why) when it cannot render."""
        from briefpack.gui.preview import render_pdf

        pack, files = self.doc.pack.model_copy(deep=True), self.doc.files()
        outcome = self.jobs.run(
            "Print", "Laying out the pages…", lambda _p: render_pdf(pack, *files)
        )
        if outcome.cancelled or not self.feedback.report_failure(outcome, "Cannot print"):
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
        printed = run_print(self.window, pdf_bytes, self.doc.path.stem if self.doc.path else "")
        if printed is None:
            return
        if printed:
            self.feedback.status(f"Sent {printed} page(s) to the printer", 6000)
        else:
            self.feedback.show_error("Cannot print", "The printer did not accept the pages.")
