"""What every export records: the force library revision in each file's metadata, and a
line per file in the export log (model/export_log.py), the audit trail of what went to
which meeting.

services/export.py's export_pack calls the two functions here, so the command line (one
pack, or a batch on forked workers: each worker exports through export_pack) and the app
all record alike. The revision is set on the tree after compose, not by it, so composing
stays a function of the pack alone (and the preview's tree records nothing).

A log that cannot be written (a read-only or full user folder) does not fail the export:
the file is written and checked by then, so the officer is told (ExportHooks.warned: a
warning line on the command line, a note in the app) and the handout still goes out.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from briefpack.document.nodes import Document
    from briefpack.model.export_log import ExportRecord
    from briefpack.model.pack import Pack
    from briefpack.services.export import ExportHooks


def audited_hooks(
    pack: Pack, targets: Mapping[str, Path], hooks: ExportHooks
) -> tuple[ExportHooks, str]:
    """`hooks` that append each file to the export log as it is reported finished (written
    and read back whole), before the front end hears of it; and the force library revision
    in use, read once so that every file of the export says the same."""
    from briefpack.model.export_log import pack_hash, record_for
    from briefpack.model.force_revision import library_revision

    revision = library_revision()
    formats = {path: name for name, path in targets.items()}
    digest = pack_hash(pack)  # the pack as given: a template's current level is not in it
    told = hooks.finished

    def finished(path: Path) -> None:
        problem = _recorded(record_for(pack, path, formats[path], digest, revision))
        told(path)
        if problem is not None:  # the file is written and checked: said, not undone
            hooks.warned(problem)

    return replace(hooks, finished=finished), revision


def _recorded(record: ExportRecord) -> str | None:
    """Append `record` to the export log; None when done, else what went wrong."""
    from briefpack.model.errors import SaveError
    from briefpack.model.export_log import append_record

    try:
        append_record(record)
    except SaveError as exc:
        return exc.message
    return None


def warn_on_stderr(text: str) -> None:
    """ExportHooks.warned's default, for the command line (one pack, or a batch's workers):
    the app passes its own. The export went out; the officer should still know."""
    from briefpack.model.storage import shown_path

    print(f"warning: {shown_path(text)}", file=sys.stderr)


def with_revision(doc: Document, revision: str) -> Document:
    """`doc` recording the force library `revision` in its metadata (never on a page)."""
    return replace(doc, furniture=replace(doc.furniture, library_revision=revision))
