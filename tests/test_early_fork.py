"""`--format both` forks the PDF's child before composing (services/forked.py's EarlyChild):
the child loads its writer while the parent composes, then renders what it is sent.

The files are those rendered in turn; an error on either side is raised here with nothing
written; a child not needed any more is stopped, never left behind.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from packs import pack_data

from briefpack.model.errors import BriefpackError
from briefpack.model.pack import Pack
from briefpack.services import export, forked
from briefpack.services.export import export_pack, render_all

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")

TEXT = {"kind": "text", "title": "Hello", "body": "Some **bold** words."}


def a_pack(*sections: dict) -> Pack:
    return Pack.model_validate(pack_data(*sections))


@pytest.fixture(autouse=True)
def children(monkeypatch) -> list[forked.EarlyChild]:
    """Two cores, and every early child started, to see each was reaped."""
    monkeypatch.setattr(forked, "cores", lambda: 2)
    started: list[forked.EarlyChild] = []
    real = forked.EarlyChild

    def recorded(fmt: str, invariant: bool) -> forked.EarlyChild:
        started.append(real(fmt, invariant))
        return started[-1]

    monkeypatch.setattr(forked, "EarlyChild", recorded)
    return started


def reaped(child: forked.EarlyChild) -> bool:
    """Whether the child has ended and been waited for (no zombie, nothing left running)."""
    try:
        os.waitpid(child.pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_the_early_child_renders_what_rendering_in_turn_renders(tmp_path: Path):
    from briefpack.document.compose import compose

    doc = compose(a_pack(TEXT), tmp_path)
    early = forked.EarlyChild("pdf", True)
    together = render_all(doc, ["pdf", "docx"], invariant=True, early=early)
    assert together["pdf"] == render_all(doc, ["pdf"], invariant=True)["pdf"]
    assert together["docx"].startswith(b"PK")
    assert reaped(early)


def test_an_export_of_both_forks_early_and_writes_both(tmp_path: Path, children):
    targets = {"pdf": tmp_path / "p.pdf", "docx": tmp_path / "p.docx"}
    assert export_pack(a_pack(TEXT), tmp_path, targets, fork=True)
    assert [child.fmt for child in children] == ["pdf"]
    assert targets["pdf"].read_bytes().startswith(b"%PDF-")
    assert targets["docx"].read_bytes().startswith(b"PK")
    assert all(reaped(child) for child in children)


def test_an_error_while_composing_stops_the_child_and_writes_nothing(tmp_path: Path, children):
    bad = a_pack({"kind": "text", "body": "{{ no_such_name }}"})
    targets = {"pdf": tmp_path / "p.pdf", "docx": tmp_path / "p.docx"}
    with pytest.raises(BriefpackError, match="no_such_name"):
        export_pack(bad, tmp_path, targets, fork=True)
    assert not any(tmp_path.iterdir())
    assert len(children) == 1 and reaped(children[0])


def test_an_error_in_the_child_is_raised_here(tmp_path: Path, monkeypatch, children):
    import briefpack.render

    real = briefpack.render.render

    def failing(doc, fmt, *, invariant=False):
        if fmt == "pdf":  # the child's format
            raise BriefpackError("the logo cannot be read", file="brand.json", where="logo")
        return real(doc, fmt, invariant=invariant)

    monkeypatch.setattr(briefpack.render, "render", failing)
    targets = {"pdf": tmp_path / "p.pdf", "docx": tmp_path / "p.docx"}
    with pytest.raises(BriefpackError, match="the logo cannot be read"):
        export_pack(a_pack(TEXT), tmp_path, targets, fork=True)
    assert not any(tmp_path.iterdir())
    assert len(children) == 1 and reaped(children[0])


def test_a_document_that_cannot_be_sent_is_rendered_here(tmp_path: Path, monkeypatch):
    from briefpack.document.compose import compose

    doc = compose(a_pack(TEXT), tmp_path)
    early = forked.EarlyChild("pdf", True)
    monkeypatch.setattr(forked.pickle, "dumps", _refuse)
    out = render_all(doc, ["pdf", "docx"], invariant=True, early=early)
    assert out["pdf"].startswith(b"%PDF-") and out["docx"].startswith(b"PK")
    assert reaped(early)


def _refuse(*_args, **_kwargs):
    raise TypeError("cannot pickle this")


def test_no_fork_no_early_child(monkeypatch):
    monkeypatch.setattr(forked, "cores", lambda: 1)
    assert export._early_child(["pdf", "docx"], False) is None
    assert export._early_child(["pdf"], False) is None
