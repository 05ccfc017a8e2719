"""The application services (briefpack/services): export, validate and opening, as both the
command line and the app use them."""

from __future__ import annotations

import json
import os
import pickle
from datetime import date
from pathlib import Path

import pytest
from packs import pack_data

from briefpack.model.bundle import write_bundle as bundle_pack_file
from briefpack.model.errors import BriefpackError, SaveError
from briefpack.model.pack import Pack
from briefpack.services import forked
from briefpack.services.export import ExportHooks, export_pack, render_all
from briefpack.services.opening import (
    open_given,
    outside_picture_count,
    refuse_outside_files,
    write_bundle,
)
from briefpack.services.validate import blocking_findings, pack_findings, validate_pack
from tests.test_bundle import PNG

HALF_A_PDF = b"%PDF-1.4 half a file"


def write_pack(folder: Path, *sections: dict) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "brief.bpack"
    path.write_text(json.dumps(pack_data(*sections)), encoding="utf-8")
    return path


def a_pack(*sections: dict) -> Pack:
    return Pack.model_validate(pack_data(*sections or ({"kind": "text", "body": "Hello."},)))


class Recorder:
    """Hooks that write down what the export said, and may ask it to stop."""

    def __init__(self, cancel: bool = False) -> None:
        self.stages: list[str] = []
        self.finished: list[Path] = []
        self.cancel = cancel

    def hooks(self) -> ExportHooks:
        return ExportHooks(self.stages.append, lambda: self.cancel, self.finished.append)


# ---- export -------------------------------------------------------------------------------


def test_export_says_each_stage_and_reports_each_file_once_checked(tmp_path: Path) -> None:
    said = Recorder()
    targets = {"pdf": tmp_path / "h.pdf", "docx": tmp_path / "h.docx"}
    assert export_pack(a_pack(), tmp_path, targets, hooks=said.hooks())
    assert said.stages == [
        "Putting the handout together…",
        "Laying out the PDF and DOCX pages…",
        "Writing h.pdf and h.docx…",
        "Checking h.pdf and h.docx…",
    ]
    assert said.finished == [tmp_path / "h.pdf", tmp_path / "h.docx"]
    assert (tmp_path / "h.docx").read_bytes().startswith(b"PK")


def test_a_cancelled_export_writes_nothing(tmp_path: Path) -> None:
    said = Recorder(cancel=True)
    assert not export_pack(a_pack(), tmp_path, {"pdf": tmp_path / "h.pdf"}, hooks=said.hooks())
    assert said.stages[-1] == "Laying out the PDF pages…" and said.finished == []
    assert list(tmp_path.iterdir()) == []


def test_both_or_neither_when_one_format_renders_broken(tmp_path: Path, monkeypatch) -> None:
    import briefpack.render as render_package

    real = render_package.render
    monkeypatch.setattr(
        render_package,
        "render",
        lambda doc, fmt, **kw: HALF_A_PDF if fmt == "pdf" else real(doc, fmt, **kw),
    )
    old = {tmp_path / "h.pdf": b"old pdf", tmp_path / "h.docx": b"old docx"}
    for path, data in old.items():
        path.write_bytes(data)
    targets = {"docx": tmp_path / "h.docx", "pdf": tmp_path / "h.pdf"}
    with pytest.raises(SaveError, match="not complete"):
        export_pack(a_pack(), tmp_path, targets)
    assert {p: p.read_bytes() for p in old} == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["h.docx", "h.pdf"]


def test_the_app_export_never_replaces_a_good_file_with_a_broken_one(
    tmp_path: Path, monkeypatch
) -> None:
    """The app's export used to write first and check after, leaving the broken file in
    place of the officer's good one; it now checks the bytes before writing, as the CLI."""
    pytest.importorskip("PySide6")
    import briefpack.render as render_package
    from briefpack.gui.export import export_file

    monkeypatch.setattr(render_package, "render", lambda *_a, **_k: HALF_A_PDF)
    target = tmp_path / "brief.pdf"
    target.write_bytes(b"%PDF- the officer's good handout %%EOF")
    with pytest.raises(SaveError, match="not complete"):
        export_file(a_pack(), (tmp_path, None, frozenset()), target, "pdf")
    assert target.read_bytes() == b"%PDF- the officer's good handout %%EOF"


def test_the_app_export_goes_through_the_service(tmp_path: Path, monkeypatch) -> None:
    pytest.importorskip("PySide6")
    from briefpack.gui import export
    from briefpack.services import export as service

    calls = []
    monkeypatch.setattr(service, "export_pack", lambda *a, **k: calls.append((a, k)) or True)
    files = (tmp_path, tmp_path / "brief.bpack", frozenset({tmp_path / "x.png"}))
    assert export.export_file(a_pack(), files, tmp_path / "b.docx", "docx")
    (_pack, base_dir, targets), options = calls[0]
    assert base_dir == tmp_path and targets == {"docx": tmp_path / "b.docx"}
    assert options["source"] == tmp_path / "brief.bpack"
    assert options["allow_outside"] == frozenset({tmp_path / "x.png"})
    assert not options.get("fork")  # a process with Qt's threads must never fork
    assert export.export_filter("docx") == "Word documents (*.docx)"


def test_a_template_without_a_level_exports_with_todays(tmp_path: Path) -> None:
    pack = a_pack({"kind": "threat_level"}).model_copy(update={"threat": None})
    assert export_pack(pack, tmp_path, {"pdf": tmp_path / "t.pdf"})


# ---- rendering on two cores ---------------------------------------------------------------


needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")


@needs_fork
def test_forked_rendering_returns_every_format() -> None:
    result = forked.render_concurrently(lambda fmt: fmt.encode() * 2, ["pdf", "docx", "txt"])
    assert result == {"pdf": b"pdfpdf", "docx": b"docxdocx", "txt": b"txttxt"}


@needs_fork
def test_an_error_in_the_forked_child_is_raised_here() -> None:
    def render_one(fmt: str) -> bytes:
        if fmt == "pdf":  # the first format is the child's
            raise BriefpackError("the logo cannot be read", file="brand.json", where="logo")
        return b"docx"

    with pytest.raises(BriefpackError, match="the logo cannot be read"):
        forked.render_concurrently(render_one, ["pdf", "docx"])


class Unpicklable(Exception):
    def __reduce__(self):
        raise pickle.PicklingError("no")


@needs_fork
def test_an_unpicklable_error_in_the_child_is_described() -> None:
    def render_one(fmt: str) -> bytes:
        if fmt == "pdf":
            raise Unpicklable("odd")
        return b""

    with pytest.raises(RuntimeError, match="Unpicklable: odd"):
        forked.render_concurrently(render_one, ["pdf", "docx"])


def test_forking_only_when_it_helps(monkeypatch) -> None:
    monkeypatch.setattr(forked, "cores", lambda: 2)
    assert not forked.can_fork_for(["pdf"])
    assert forked.can_fork_for(["pdf", "docx"]) == hasattr(os, "fork")
    monkeypatch.setattr(forked, "cores", lambda: 1)
    assert not forked.can_fork_for(["pdf", "docx"])


def test_forked_and_in_turn_give_the_same_pdf(monkeypatch) -> None:
    from briefpack.document.compose import compose

    monkeypatch.setattr(forked, "cores", lambda: 2)
    doc = compose(a_pack(), ".")
    together = render_all(doc, ["pdf", "docx"], invariant=True, fork=True)
    in_turn = render_all(doc, ["pdf"], invariant=True)
    assert together["pdf"] == in_turn["pdf"] and together["docx"].startswith(b"PK")


# ---- validate -----------------------------------------------------------------------------


def test_validate_lists_checks_and_glyphs_and_lays_out(tmp_path: Path) -> None:
    odd = "\U0001d11e"  # MUSICAL SYMBOL G CLEF: no bundled font draws it
    pack = Pack.model_validate(pack_data({"kind": "text", "body": f"Clef {odd}"}, marking=""))
    result = validate_pack(pack, tmp_path)
    found = {(f.where, f.severity) for f in result.findings}
    assert ("sections[0].body", "warning") in found  # the glyph
    assert ("meta.marking", "warning") in found  # a check
    assert result.sections == 1 and result.layout_problem() is None


def test_findings_take_glyphs_found_elsewhere(tmp_path: Path) -> None:
    pack = a_pack({"kind": "text", "body": "Clef \U0001d11e"})
    today = date(2026, 12, 1)
    assert any("empty box" in f.message for f in pack_findings(pack, tmp_path, today))
    assert not any(
        "empty box" in f.message for f in pack_findings(pack, tmp_path, today, glyphs=())
    )
    errors = blocking_findings(a_pack({"kind": "image", "path": "", "alt": "x"}), tmp_path)
    assert [f.message for f in errors] == ["no image file chosen"]


def test_validate_names_the_field_a_placeholder_breaks(tmp_path: Path) -> None:
    with pytest.raises(BriefpackError, match=r"sections\[0\]\.body"):
        validate_pack(a_pack({"kind": "text", "body": "{{ nope }}"}), tmp_path, source="p.bpack")


# ---- opening ------------------------------------------------------------------------------


def test_open_given_reads_a_pack_or_a_bundle(tmp_path: Path) -> None:
    pack_file = write_pack(tmp_path / "here", {"kind": "text", "body": "Hi"})
    opened = open_given(pack_file)
    assert opened.base_dir == pack_file.resolve().parent and not opened.from_bundle
    bundle = bundle_pack_file(pack_file, tmp_path / "sent.bpackz")
    from_bundle = open_given(bundle)
    assert from_bundle.given == bundle and from_bundle.from_bundle
    assert from_bundle.base_dir != bundle.parent  # a private folder, never beside the bundle
    assert from_bundle.pack.sections[0].body == "Hi"


def test_outside_refusal_says_how_this_front_end_allows_it(tmp_path: Path) -> None:
    (tmp_path / "pic.png").write_bytes(PNG)
    pack_file = write_pack(tmp_path / "pack", {"kind": "image", "path": "../pic.png", "alt": "x"})
    opened = open_given(pack_file)
    assert outside_picture_count(opened) == 1
    refuse_outside_files(opened, True, how_to_allow="say yes")  # allowed: nothing said
    with pytest.raises(BriefpackError) as caught:
        refuse_outside_files(opened, False, how_to_allow="say yes", action="put in the bundle")
    assert caught.value.message == (
        f"{pack_file}: sections[0].path: the picture ../pic.png is outside the pack's folder, "
        "so it is not put in the bundle; move the picture beside the pack, or say yes if you "
        "trust it"
    )


def test_write_bundle_never_writes_through_a_link(tmp_path: Path) -> None:
    pack_file = write_pack(tmp_path / "pack", {"kind": "text", "body": "Hi"})
    opened = open_given(pack_file)
    victim = tmp_path / "victim.txt"
    victim.write_text("mine")
    (tmp_path / "out.bpackz").symlink_to(victim)
    with pytest.raises(SaveError, match="is a link to"):
        write_bundle(opened.pack, opened.base_dir, "brief.bpack", tmp_path / "out.bpackz")
    assert victim.read_text() == "mine"
    written = write_bundle(opened.pack, opened.base_dir, "brief.bpack", tmp_path / "b.bpackz")
    assert open_given(written).pack.sections[0].body == "Hi"
