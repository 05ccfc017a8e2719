"""The desktop app's cold start: what the first frame waits for stays small, and the preview
helper renders the pack being opened before the window asks for it. Time itself is
bench/gui.py's to measure; these keep the savings from creeping back.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from probes import BUILT_MODELS

from briefpack.services import preview as preview_service
from briefpack.services.preview import read_frame, write_frame

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "protective-security-update.bpack"

# Imports the app's entry module as `briefpack FILE` does, then lists what it loaded and
# which of briefpack's models built their pydantic validators.
PROBE = (
    """
import json, sys
from briefpack.gui import app
"""
    + BUILT_MODELS
    + """
print(json.dumps({"modules": sorted(sys.modules), "built": built}))
"""
)

# Loaded at the first search, at the Library's install just after the first paint, or by a
# writer: never by the window's first frame.
NOT_AT_START = (
    "markdown_it",
    "briefpack.model.search",
    "briefpack.gui.library_panel",
    "briefpack.gui.library_drop",
    "briefpack.gui.library_model",
    "briefpack.render.design.spec",
    "importlib.metadata",
)


def test_the_app_module_loads_nothing_the_first_frame_does_not_need(tmp_path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BRIEFPACK_USER_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, check=True, capture_output=True, text=True
    )
    seen = json.loads(done.stdout.splitlines()[-1])
    modules = seen["modules"]
    for name in NOT_AT_START:
        assert not any(m == name or m.startswith(name + ".") for m in modules), name
    assert seen["built"] == []


def test_an_absent_record_file_reads_as_the_defaults(tmp_path) -> None:
    from briefpack.model import threat_record

    assert threat_record.user_changes(tmp_path / "threat.json") == ()
    assert threat_record.last_feed_read(tmp_path / "threat.json") is None


# ---- the helper renders the pack given ahead of the app's first request -------------------


@pytest.fixture
def counted_renders(monkeypatch) -> list[tuple]:
    """render_reply, counting its calls (the real one still renders)."""
    calls: list[tuple] = []
    real = preview_service.render_reply

    def counting(*request):
        calls.append(request)
        return real(*request)

    monkeypatch.setattr(preview_service, "render_reply", counting)
    monkeypatch.setattr(preview_service, "warm_up", lambda: calls.append(("warm-up",)))
    return calls


def _serve(requests: list[tuple], first: Path | None) -> list[tuple]:
    frames = io.BytesIO()
    for ident, request in enumerate(requests, 1):
        write_frame(frames, (ident, *request))
    frames.seek(0)
    replies = io.BytesIO()
    preview_service.serve(frames, replies, first)
    replies.seek(0)
    return [read_frame(replies) for _ in requests]


def test_the_first_request_for_the_pack_given_is_answered_from_the_render_ahead(
    counted_renders,
) -> None:
    request = preview_service.first_request(EXAMPLE)
    assert request is not None
    again = (request[0].model_copy(deep=True), *request[1:])  # as the window sends it
    replies = _serve([again, again], EXAMPLE)
    assert [r[:2] for r in replies] == [(1, "done"), (2, "done")]
    assert replies[0][2].pdf[:5] == b"%PDF-"
    # Rendered ahead instead of the warm-up, then once more for the second request only.
    assert len(counted_renders) == 2 and ("warm-up",) not in counted_renders


def test_another_request_first_is_rendered_as_asked(counted_renders) -> None:
    request = preview_service.first_request(EXAMPLE)
    assert request is not None
    allowed = (*request[:3], frozenset({Path("/elsewhere/picture.png")}), None)
    replies = _serve([allowed], EXAMPLE)
    assert replies[0][:2] == (1, "done")
    assert len(counted_renders) == 2  # ahead, then the request itself


def test_a_file_that_cannot_be_read_warms_up_as_before(counted_renders, tmp_path) -> None:
    broken = tmp_path / "broken.bpack"
    broken.write_text("{not json", encoding="utf-8")
    assert preview_service.first_request(broken) is None
    assert preview_service.first_request(tmp_path / "missing.bpack") is None
    assert _serve([], broken) == []
    assert counted_renders == [("warm-up",)]


class _GoneHelper:
    """A helper process that has already ended."""

    pid, stdin, stdout = 1, None, None

    def poll(self) -> int:
        return 0

    def wait(self) -> int:
        return 0


def test_only_the_first_helper_is_given_the_file(monkeypatch) -> None:
    spawned: list[list[str]] = []

    def spawn(module, read_reply, *, text, quiet, args=()):
        spawned.append(list(args))
        return _GoneHelper(), None

    monkeypatch.setattr(preview_service.helper_process, "spawn", spawn)
    service = preview_service.PreviewService()
    service.start(EXAMPLE)
    service.start(EXAMPLE)  # the first has gone: its replacement has no first request
    assert spawned == [[str(EXAMPLE)], []]
