"""The preview's helper process: same output as in process, survives crashes and hangs."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pypdf
import pytest

from briefpack.model.packfile import load_pack
from briefpack.render.places import Place
from briefpack.services.preview import (
    Preview,
    PreviewFailed,
    PreviewService,
    read_frame,
    render_preview,
    write_frame,
)

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "protective-security-update.bpack"


def pdf_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


@pytest.fixture
def service():
    svc = PreviewService()
    yield svc
    svc.stop()


@pytest.fixture
def example():
    return load_pack(EXAMPLE)


def test_helper_renders_what_the_process_itself_renders(service, example):
    preview = service.render(example, EXAMPLE.parent, EXAMPLE)
    pdf, places = render_preview(example, EXAMPLE.parent, EXAMPLE)
    assert service.pid is not None and not service.in_process
    assert pdf_text(preview.pdf) == pdf_text(pdf)
    assert preview.places == places and all(isinstance(p, Place) for p in places if p)
    assert preview.seconds > 0 and preview.glyphs == []


def test_a_render_error_names_the_section(service, example):
    section = example.sections[0].model_copy(update={"title": "Intro {{ nope }}"})
    broken = example.model_copy(update={"sections": [section, *example.sections[1:]]})
    with pytest.raises(PreviewFailed) as failed:
        service.render(broken, EXAMPLE.parent, EXAMPLE)
    assert failed.value.message.startswith("Section 1 “Intro {{ nope }}” (Text), heading")
    assert "nope" in failed.value.message
    assert service.render(example, EXAMPLE.parent, EXAMPLE).pdf  # and the helper carries on


def test_characters_no_font_draws_come_back_as_findings(service, example):
    section = example.sections[0].model_copy(update={"body": "Meeting notes 会议"})
    pack = example.model_copy(update={"sections": [section, *example.sections[1:]]})
    glyphs = service.render(pack, EXAMPLE.parent, EXAMPLE).glyphs
    assert [(g.section, g.where) for g in glyphs] == [(0, "sections[0].body")]
    assert "U+4F1A" in glyphs[0].message


def test_a_helper_that_died_is_replaced(service, example):
    service.start()
    first = service.pid
    assert first is not None
    subprocess.run(["kill", "-9", str(first)], check=True)
    assert service.render(example, EXAMPLE.parent, EXAMPLE).pdf.startswith(b"%PDF")
    assert service.pid not in (None, first) and service.starts == 2


def test_a_hung_render_is_stopped_and_the_next_one_works(example):
    slow = PreviewService(timeout=0.3)
    try:
        slow.start()
        pid = slow.pid
        # The helper is still warming up (~0.3 s and more): the first answer comes late.
        section = example.sections[0].model_copy(update={"body": "word " * 200_000})
        big = example.model_copy(update={"sections": [section]})
        with pytest.raises(PreviewFailed, match="took longer than 0 s and was stopped"):
            slow.render(big, EXAMPLE.parent, EXAMPLE)
        assert slow.pid is None  # killed
        slow.timeout = 60
        assert slow.render(example, EXAMPLE.parent, EXAMPLE).pdf.startswith(b"%PDF")
        assert slow.pid != pid
    finally:
        slow.stop()


def test_with_no_helper_the_preview_renders_in_process(monkeypatch, example):
    def refuse(*_args, **_kwargs):
        raise OSError("no processes left")

    monkeypatch.setattr(subprocess, "Popen", refuse)
    svc = PreviewService()
    preview = svc.render(example, EXAMPLE.parent, EXAMPLE)
    assert svc.in_process and svc.pid is None
    assert isinstance(preview, Preview) and preview.pdf.startswith(b"%PDF")


def test_the_helper_ends_when_the_app_closes_its_input(service):
    service.start()
    proc = service._proc
    assert proc is not None and proc.stdin is not None
    proc.stdin.close()
    assert proc.wait(timeout=30) == 0


def test_frames_round_trip_and_a_short_stream_is_eof():
    stream = io.BytesIO()
    write_frame(stream, (1, "done", b"%PDF"))
    data = stream.getvalue()
    assert read_frame(io.BytesIO(data)) == (1, "done", b"%PDF")
    for cut in (0, 3, len(data) - 1):
        with pytest.raises(EOFError):
            read_frame(io.BytesIO(data[:cut]))


def test_the_helper_ends_quietly_when_the_app_has_gone(example, monkeypatch) -> None:
    """Killed, not closed, the app leaves the helper a broken pipe to answer into."""
    from briefpack.services import preview as preview_service

    class GonePipe(io.BytesIO):
        def write(self, _data) -> int:
            raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(preview_service, "warm_up", lambda: None)
    requests = io.BytesIO()
    write_frame(requests, (1, example, EXAMPLE.parent, EXAMPLE, frozenset()))
    requests.seek(0)
    preview_service.serve(requests, GonePipe())  # returns; raised BrokenPipeError before
