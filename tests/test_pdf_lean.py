"""A long PDF in bounded memory (render/pdf/story.py's StreamedStory, render/pdf/lean.py):
each saving must leave the file byte-for-byte what the writer makes without it."""

from __future__ import annotations

import hashlib

import pytest

from briefpack.document.compose import compose
from briefpack.model.packfile import load_pack, pack_from_data
from briefpack.render.pdf import lean, page, story
from briefpack.render.pdf.writer import render_pdf
from briefpack.render.verify import pdf_page_count


@pytest.fixture(scope="module")
def long_doc():
    """The example's sections three times over: every kind of block, splits across pages."""
    from packs import EXAMPLE

    data = load_pack(EXAMPLE).model_dump(mode="json")
    data["sections"] = data["sections"] * 3
    return compose(pack_from_data(data), EXAMPLE.parent)


def _digest(doc) -> str:
    return hashlib.sha256(render_pdf(doc, invariant=True)).hexdigest()


@pytest.fixture(scope="module")
def whole_story(long_doc) -> str:
    """The story handed to platypus as one list, pages compressed by reportlab at save."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(story, "STORY_BATCH", 10**9)
        patch.setattr(page, "compress_now", lambda _page: None)
        return _digest(long_doc)


@pytest.mark.parametrize(("batch", "low"), [(1, 1), (7, 3)])
def test_streamed_story_makes_the_same_file(monkeypatch, long_doc, whole_story, batch, low):
    monkeypatch.setattr(story, "STORY_BATCH", batch)
    monkeypatch.setattr(story, "STORY_LOW_WATER", low)
    assert _digest(long_doc) == whole_story


def test_story_is_walked_as_layout_asks(monkeypatch, long_doc) -> None:
    """Never all flowables at once: the walk runs at most a batch ahead of the layout."""
    monkeypatch.setattr(story, "STORY_BATCH", 5)
    monkeypatch.setattr(story, "STORY_LOW_WATER", 2)
    sizes: list[int] = []
    real = story.StreamedStory.handle_flowable

    def watch(self, flowables) -> None:
        if flowables is self._working:
            sizes.append(len(flowables))
        real(self, flowables)

    monkeypatch.setattr(story.StreamedStory, "handle_flowable", watch)
    render_pdf(long_doc, invariant=True)
    assert len(sizes) > 100 and max(sizes) <= 5 + 2 + 10  # a split may put parts back


def test_pages_are_compressed_as_they_are_shown(monkeypatch, long_doc) -> None:
    compressed: list[int] = []
    real = lean.compress_now

    def spy(pdf_page) -> None:
        real(pdf_page)
        assert pdf_page.stream is None and pdf_page.Contents is not None
        compressed.append(1)

    monkeypatch.setattr(page, "compress_now", spy)
    data = render_pdf(long_doc, invariant=True)
    assert len(compressed) == pdf_page_count(data)
    assert len(compressed) >= 10


def test_finished_file_keeps_the_bytes_given() -> None:
    out = lean.FinishedFile()
    data = b"%PDF-1.4 whole file"
    out.write(data)
    assert out.getvalue() is data
    out.write(b"!")
    assert out.getvalue() == data + b"!"
