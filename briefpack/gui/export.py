"""Export as a job (gui/jobs.py runs it off the UI thread), then "Open" or "Show in Folder".

The work is services/export.py's, as for `briefpack render`: compose, render, check the
bytes, write atomically (never through a link), and read the file back to check it before the
export is reported as done. The formats, their names and file-dialog filters are the table in
render/formats.py.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from briefpack.gui.jobs import PROGRESS_AFTER_MS, Progress
from briefpack.model.pack import Pack
from briefpack.render.formats import get_format

__all__ = [
    "PROGRESS_AFTER_MS",
    "export_file",
    "export_filter",
    "export_job",
    "offer_to_open",
    "open_path",
]


def export_filter(fmt: str) -> str:
    """The save dialog's filter for format `fmt`: "PDF documents (*.pdf)"."""
    return get_format(fmt).file_filter


def export_file(
    pack: Pack,
    files: tuple[Path, Path | None, frozenset[Path]],
    path: Path,
    fmt: str,
    stage: Callable[[str], None] = lambda _text: None,
    cancelled: Callable[[], bool] = lambda: False,
    warned: Callable[[str], None] = lambda _text: None,
) -> bool:
    """Compose, render, check, write and check again one export; False when cancelled before
    writing. `files` is PackDocument.files(): pictures' folder, the pack file, allowed.
    `warned` hears what the officer should know of an export done (not in the export log)."""
    from briefpack.services.export import ExportHooks, export_pack

    base_dir, source, allow_outside = files
    return export_pack(
        pack,
        base_dir,
        {fmt: path},
        source=source,
        allow_outside=allow_outside,
        hooks=ExportHooks(stage=stage, cancelled=cancelled, warned=warned),
    )


def export_job(
    pack: Pack,
    files: tuple[Path, Path | None, frozenset[Path]],
    path: Path,
    fmt: str,
    notes: list[str] | None = None,
) -> Callable[[Progress], bool]:
    """The export as a job for gui/jobs.py, on a private copy of the pack; what the officer
    should know of an export done is added to `notes` (from the job's thread: a list's
    append is safe there, and the window reads it once the job has ended)."""
    copy = pack.model_copy(deep=True)
    said = notes.append if notes is not None else (lambda _text: None)
    return lambda progress: export_file(
        copy, files, path, fmt, progress.stage, progress.cancelled, said
    )


def offer_to_open(parent: QWidget, path: Path, notes: list[str] | None = None) -> QMessageBox:
    """A non-blocking "Exported" box with Open and Show in Folder buttons; `notes` (an
    export done but not recorded in the export log) are said in it, with a warning sign."""
    box = QMessageBox(
        QMessageBox.Icon.Warning if notes else QMessageBox.Icon.Information,
        "Export finished",
        f"Saved {path.name}",
        QMessageBox.StandardButton.Close,
        parent,
    )
    box.setObjectName("export_done")
    box.setInformativeText("\n\n".join([str(path.parent), *(notes or [])]))
    open_button = box.addButton("Open", QMessageBox.ButtonRole.AcceptRole)
    folder_button = box.addButton("Show in Folder", QMessageBox.ButtonRole.ActionRole)
    box.setDefaultButton(open_button)
    open_button.clicked.connect(lambda: open_path(path))
    folder_button.clicked.connect(lambda: open_path(path.parent))
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def open_path(path: Path) -> bool:
    """Open a file or folder with the desktop's own application."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.resolve())))
