"""Export as a job (gui/jobs.py runs it off the UI thread), then "Open" or "Show in Folder".

The worker composes, renders, writes (atomically) and, when the render.verify module is
there, reads the file back to check it, before the export is reported as done.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from briefpack.gui.jobs import PROGRESS_AFTER_MS, Progress
from briefpack.model.pack import Pack

__all__ = ["PROGRESS_AFTER_MS", "export_file", "export_job", "offer_to_open", "open_path"]
FORMAT_NAMES = {"pdf": "PDF", "docx": "DOCX"}


def verify_hook():
    """briefpack.render.verify.verify_export, if that module exists, else None."""
    if importlib.util.find_spec("briefpack.render.verify") is None:
        return None
    from briefpack.render import verify

    return getattr(verify, "verify_export", None)


def export_file(
    pack: Pack,
    files: tuple[Path, Path | None, frozenset[Path]],
    path: Path,
    fmt: str,
    stage=lambda _text: None,
    cancelled=lambda: False,
) -> bool:
    """Compose, render, write and check one export; False when cancelled before writing."""
    from briefpack.document.compose import compose
    from briefpack.model.storage import atomic_write
    from briefpack.render import render

    base_dir, source, allow_outside = files  # see PackDocument.files
    stage("Putting the handout together…")
    doc = compose(pack, base_dir, source=source, allow_outside=allow_outside)
    stage(f"Laying out the {FORMAT_NAMES.get(fmt, fmt)} pages…")
    data = render(doc, fmt)
    if cancelled():
        return False
    stage(f"Writing {path.name}…")
    atomic_write(path, data, follow_links=False)  # never through a link found at the target
    verify = verify_hook()
    if verify is not None:
        stage(f"Checking {path.name}…")
        verify(path, fmt)
    return True


def export_job(
    pack: Pack, files: tuple[Path, Path | None, frozenset[Path]], path: Path, fmt: str
) -> Callable[[Progress], bool]:
    """The export as a job for gui/jobs.py, on a private copy of the pack."""
    copy = pack.model_copy(deep=True)
    return lambda progress: export_file(copy, files, path, fmt, progress.stage, progress.cancelled)


def offer_to_open(parent: QWidget, path: Path) -> QMessageBox:
    """A non-blocking "Exported" box with Open and Show in Folder buttons."""
    box = QMessageBox(
        QMessageBox.Icon.Information,
        "Export finished",
        f"Saved {path.name}",
        QMessageBox.StandardButton.Close,
        parent,
    )
    box.setObjectName("export_done")
    box.setInformativeText(str(path.parent))
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
