"""A long handout's DOCX body leaves python-docx's tree as it is written (render/docx/spill.py):
the file must be exactly the file the whole tree would have saved."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx.oxml.ns import qn
from lxml import etree

from briefpack.document.compose import compose
from briefpack.model.packfile import load_pack, pack_from_data
from briefpack.render.docx import spill
from briefpack.render.docx.writer import render_docx
from briefpack.render.verify import verify_bytes

# Times when docProps/core.xml says it was made: the only part allowed to differ.
MADE_AT = "docProps/core.xml"


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


@pytest.fixture(scope="module")
def long_doc(example_path_module):
    """The example's sections four times over: pictures, tables, lists and boxes."""
    data = load_pack(example_path_module).model_dump(mode="json")
    data["sections"] = data["sections"] * 4
    return compose(pack_from_data(data), example_path_module.parent)


@pytest.fixture(scope="module")
def example_path_module():
    from packs import EXAMPLE

    return EXAMPLE


@pytest.fixture(scope="module")
def kept_whole(long_doc) -> dict[str, bytes]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(spill, "SPILL_EVERY", 10**9)
        return _parts(render_docx(long_doc))


@pytest.mark.parametrize("every", [1, 7])
def test_spilled_body_saves_the_same_file(monkeypatch, long_doc, kept_whole, every) -> None:
    monkeypatch.setattr(spill, "SPILL_EVERY", every)
    data = render_docx(long_doc)
    verify_bytes(data, "docx")
    parts = _parts(data)
    assert list(parts) == list(kept_whole)  # the same entries, in the same order
    for name, content in parts.items():
        if name != MADE_AT:
            assert content == kept_whole[name], name


def test_spilling_really_happens(monkeypatch, long_doc) -> None:
    """The body is written out in pieces (else the test above proves nothing)."""
    chunks: list[int] = []
    real = spill.BodySpill.spill

    def count(self) -> None:
        real(self)
        chunks.append(len(self._chunks))

    monkeypatch.setattr(spill, "SPILL_EVERY", 3)
    monkeypatch.setattr(spill.BodySpill, "spill", count)
    render_docx(long_doc)
    assert len(long_doc.blocks) // 3 - 1 <= len(chunks) and chunks[-1] >= 10


def test_picture_ids_are_unique_across_the_document(monkeypatch, long_doc) -> None:
    monkeypatch.setattr(spill, "SPILL_EVERY", 2)
    parts = _parts(render_docx(long_doc))
    ids = []
    for name in ("word/document.xml", *sorted(n for n in parts if "header" in n or "footer" in n)):
        root = etree.fromstring(parts[name])
        ids += [int(d.get("id")) for d in root.iter(qn("wp:docPr"))]
    assert len(ids) > 8
    assert sorted(ids) == list(range(1, len(ids) + 1))
