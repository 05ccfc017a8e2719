"""Export, the one way both front ends do it: compose → render → check the bytes → write
atomically → check the file written.

`briefpack render` (one format or both) and the app's Export job call export_pack. Nothing is
written until every format has rendered and its bytes have passed the format's checks, and
then every file is written or none is (a full disk leaves the old files as they were), never
through a link found at a target (it may have come inside a colleague's zip; see
model/storage.py). Each file is read back from disk and checked before it is called done.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from briefpack.services.export_audit import warn_on_stderr

if TYPE_CHECKING:
    from briefpack.document.nodes import Document
    from briefpack.model.outside import AllowOutside
    from briefpack.model.pack import Pack
    from briefpack.services.forked import EarlyChild

VerifyFile = Callable[[Path, str], None]  # (path, format name): raises SaveError if broken


def _say_nothing(_what: object) -> None:
    return None


def _never() -> bool:
    return False


@dataclass(frozen=True)
class ExportHooks:
    """How an export reports to its front end (every hook may be left out)."""

    stage: Callable[[str], None] = _say_nothing  # a line for the officer: "Writing x.pdf…"
    cancelled: Callable[[], bool] = _never  # asked once everything is rendered, before writing
    finished: Callable[[Path], None] = _say_nothing  # each file, written and read back whole
    warned: Callable[[str], None] = warn_on_stderr  # done, but not all (export_audit.py)


NO_HOOKS = ExportHooks()


def export_pack(
    pack: Pack,
    base_dir: Path,
    targets: Mapping[str, Path],
    *,
    source: str | Path | None = None,
    allow_outside: AllowOutside = False,
    invariant: bool = False,
    hooks: ExportHooks = NO_HOOKS,
    fork: bool = False,
    verify_written: VerifyFile | None = None,
) -> bool:
    """Compose `pack` and export it to `targets` ({format name: file}); see export_document.

    A template with no threat level of its own gets the level in force today. `source` is
    the file messages name; `allow_outside` the pictures outside `base_dir` the officer
    allowed (True: all). False when cancelled before anything was written."""
    # Forked before composing, the child loads its writer while this process composes.
    early = _early_child(list(targets), invariant) if fork else None
    try:
        from briefpack.document.compose import compose
        from briefpack.model.templates import with_current_threat
        from briefpack.services.export_audit import audited_hooks, with_revision

        hooks, revision = audited_hooks(pack, targets, hooks)  # the export log (export_audit)
        pack = with_current_threat(pack)  # a template file has no level of its own
        hooks.stage("Putting the handout together…")
        doc = compose(pack, base_dir, source=source, allow_outside=allow_outside)
        doc = with_revision(doc, revision)  # the force library revision, in the metadata
    except BaseException:
        if early is not None:
            early.abandon()
        raise
    return export_document(
        doc,
        targets,
        invariant=invariant,
        hooks=hooks,
        fork=fork,
        verify_written=verify_written,
        early=early,
    )


def _early_child(formats: list[str], invariant: bool) -> EarlyChild | None:
    """A child for the first of two formats, forked now (see forked.py), when forking helps."""
    from briefpack.services.forked import EarlyChild, can_fork_for

    if not can_fork_for(formats):
        return None
    try:
        return EarlyChild(formats[0], invariant)
    except OSError:  # no process to spare: everything is rendered here, in turn
        return None


def export_document(
    doc: Document,
    targets: Mapping[str, Path],
    *,
    invariant: bool = False,
    hooks: ExportHooks = NO_HOOKS,
    fork: bool = False,
    verify_written: VerifyFile | None = None,
    early: EarlyChild | None = None,
) -> bool:
    """Render `doc` in every format of `targets`, check, write all or none, check again.

    `invariant` asks for byte-identical output where the writer offers it. `fork` lets two
    formats render at once in a forked child (the command line only: see forked.py);
    `early` is such a child forked already, for the first format (export_pack's).
    `verify_written` replaces the check of each file read back (by default render/verify.py's
    verify_written: the bytes on disk are the ones checked before writing).
    Raises BriefpackError (SaveError for a write or a check) with nothing half-written;
    returns False when `hooks.cancelled()` said so before anything was written."""
    from briefpack.model.storage import atomic_write_all
    from briefpack.render.formats import get_format
    from briefpack.render.verify import verify_bytes

    formats = list(targets)
    labels = " and ".join(get_format(name).label for name in formats)
    hooks.stage(f"Laying out the {labels} pages…")
    outputs = render_all(doc, formats, invariant=invariant, fork=fork, early=early)
    if hooks.cancelled():
        return False
    for name, data in outputs.items():
        verify_bytes(data, name, targets[name])  # never replace a good file with a broken one
    files = _names(targets.values())
    hooks.stage(f"Writing {files}…")
    atomic_write_all({targets[name]: outputs[name] for name in formats}, follow_links=False)
    hooks.stage(f"Checking {files}…")
    for name, path in targets.items():
        # Reopened from disk before it is reported done.
        if verify_written is None:
            _verify_written(path, name, outputs[name])
        else:
            verify_written(path, name)
        hooks.finished(path)
    return True


def render_all(
    doc: Document,
    formats: list[str],
    *,
    invariant: bool = False,
    fork: bool = False,
    early: EarlyChild | None = None,
) -> dict[str, bytes]:
    """Every format's bytes, in memory (a failure leaves no half-written file). `early`
    renders the first format (it was forked for it), this process the rest."""
    from briefpack.services.forked import can_fork_for, render_concurrently

    def render_one(name: str) -> bytes:
        from briefpack.render import render  # looked up now: tests replace it

        return render(doc, name, invariant=invariant)

    if early is not None:
        return _with_early_child(early, doc, formats, render_one)
    if fork and can_fork_for(formats):
        return render_concurrently(render_one, formats)
    return {name: render_one(name) for name in formats}


def _with_early_child(
    early: EarlyChild, doc: Document, formats: list[str], render_one: Callable[[str], bytes]
) -> dict[str, bytes]:
    """The first format from `early`, the rest rendered here meanwhile."""
    try:
        if not early.send(doc):  # it could not be sent: all of them here, in turn
            return {name: render_one(name) for name in formats}
        rest = {name: render_one(name) for name in formats if name != early.fmt}
    except BaseException:
        early.abandon()
        raise
    return {early.fmt: early.result(), **rest}


def _verify_written(path: Path, fmt: str, checked: bytes) -> None:
    from briefpack.render.verify import verify_written  # looked up now: tests replace it

    verify_written(path, fmt, checked)


def _names(paths: Iterable[Path]) -> str:
    return " and ".join(path.name for path in paths)
