"""The live preview's renderer: a helper process started early and kept warm.

Why a process and not a thread: the first render imports reportlab and reads the fonts
(about a quarter of a second), and every render holds Python's GIL for tens of
milliseconds. In a helper process both run on another CPU core, so the window paints
while the helper warms up, and typing never waits for a render.

    parent --(frame: pickled request)--> helper
    parent <--(frame: pickled reply)---- helper

A frame is an 8-byte big-endian length and that many bytes of pickle. Pickle is safe here
because each side only ever reads what the other, started by us, wrote.

The helper renders the built-in template once at start (so the imports, regex compiles
and font files are done before the first request), then answers requests in order. Given
the pack file the app opens (`prestart(path)`), it renders that pack instead and keeps the
reply: the app's first request, for the same pack, is then answered at once. It
ends when its standard input closes, so it never outlives the app. A helper that dies is
replaced on the next request, and one that takes longer than the time limit is killed.
When no helper can be started at all, requests are rendered in this process instead.

Run as `python -m briefpack.services.preview` (the parent does this).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import queue
import struct
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from briefpack import helper_process

if TYPE_CHECKING:
    from briefpack.document.findings import Finding
    from briefpack.model.brand import Brand
    from briefpack.model.pack import Pack
    from briefpack.render.places import Place

TIMEOUT_SECONDS = 120.0  # a hung render, not a slow one: a 1 MB paragraph takes ~4 s
HEADER = struct.Struct(">Q")
HELPER_NICENESS = 5
MAX_FRAME_BYTES = 1 << 31


@dataclass(frozen=True)
class Preview:
    """A rendered preview: the PDF, where each section starts, seconds spent rendering, and
    the characters no bundled font draws (as Checks findings: the fonts are loaded here)."""

    pdf: bytes
    places: list[Place | None]
    seconds: float
    glyphs: list[Finding]


class PreviewFailed(Exception):
    """The pack could not be rendered; `message` says where and why, for the officer."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# ---- rendering (in the helper, or here when there is no helper) -----------------------


def render_preview(
    pack: Pack,
    base_dir: Path,
    source: Path | None,
    allow_outside: frozenset[Path] = frozenset(),
    brand: Brand | None = None,
) -> tuple[bytes, list]:
    """The PDF and where each section starts in it (a list of places.Place or None); `brand`
    (the brand editor's unsaved brand) in place of the pack's own."""
    from briefpack.document.compose import compose
    from briefpack.render.pdf.writer import render_pdf_with_places

    # Pictures the officer has not allowed show as a grey box here; exports refuse them.
    doc = compose(
        pack,
        base_dir,
        brand=brand,
        source=source,
        allow_outside=allow_outside,
        outside_placeholders=True,
    )
    return render_pdf_with_places(doc)


def render_reply(
    pack: Pack,
    base_dir: Path,
    source: Path | None,
    allow_outside: frozenset[Path] = frozenset(),
    brand: Brand | None = None,
) -> tuple[str, Any]:
    """("done", Preview) or ("failed", message): what the helper sends back."""
    from briefpack.model.editing import error_text
    from briefpack.model.errors import BriefpackError

    start = time.perf_counter()
    try:
        pdf, places = render_preview(pack, base_dir, source, allow_outside, brand)
    except BriefpackError as exc:
        return "failed", error_text(exc, pack, source)
    except Exception as exc:  # a renderer bug must not take the preview down
        return "failed", f"internal error while rendering: {type(exc).__name__}: {exc}"
    seconds = time.perf_counter() - start
    return "done", Preview(pdf, places, seconds, _glyph_findings(pack))


def _glyph_findings(pack: Pack) -> list[Finding]:
    from briefpack.model.errors import BriefpackError
    from briefpack.render.coverage import glyph_findings

    try:
        return glyph_findings(pack)
    except BriefpackError:
        return []  # the render itself reports what is wrong


# ---- frames ---------------------------------------------------------------------------


def write_frame(stream: IO[bytes], value: object) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(HEADER.pack(len(data)) + data)
    stream.flush()


def read_frame(stream: IO[bytes]) -> object:
    """The next value; EOFError when the other side has gone."""
    header = stream.read(HEADER.size)
    if len(header) < HEADER.size:
        raise EOFError
    (size,) = HEADER.unpack(header)
    if size > MAX_FRAME_BYTES:
        raise EOFError  # not a frame of ours: treat the stream as broken
    data = stream.read(size)
    if len(data) < size:
        raise EOFError
    return pickle.loads(data)


# ---- the helper ---------------------------------------------------------------------


def warm_up() -> None:
    """Render the built-in template once: imports, regexes and fonts are then ready."""
    from briefpack.model.packfile import load_pack
    from briefpack.model.resources import data_dir
    from briefpack.model.templates import with_current_threat

    template = data_dir("templates") / "protective-security-update.bpack"
    with contextlib.suppress(Exception):  # warming up is an optimisation only
        render_reply(with_current_threat(load_pack(template)), template.parent, template)


def first_request(path: Path) -> tuple[Any, ...] | None:
    """The request the app makes first when it opens the pack file at `path` (as the window
    reads it: a template gets today's level), or None when it cannot be read here."""
    from briefpack.model.errors import BriefpackError
    from briefpack.model.packfile import load_pack
    from briefpack.model.templates import with_current_threat

    try:
        pack = with_current_threat(load_pack(path))
    except (BriefpackError, OSError):
        return None  # the app says what is wrong with it
    return (pack, path.resolve().parent, path, frozenset(), None)


def render_ahead(path: Path) -> tuple[tuple[Any, ...], tuple[str, Any]] | None:
    """Render the pack at `path` as the app will first ask: (request, reply), or None."""
    request = first_request(path)
    if request is None:
        return None
    return request, render_reply(*request)


def serve(requests: IO[bytes], replies: IO[bytes], first: Path | None = None) -> None:
    """Answer (request id, pack, base_dir, source, allowed outside files, brand or None)
    frames until the input closes. `first`: the pack file the app opens, rendered now (in
    place of the warm-up) for the app's first request."""
    ahead = render_ahead(first) if first is not None else None
    if ahead is None:
        warm_up()
    while True:
        try:
            ident, *request = read_frame(requests)
        except EOFError:
            return
        # The reply rendered ahead serves only an equal request: the same pack, folder and
        # file, no pictures outside allowed, no other brand. Anything else is rendered.
        if ahead is not None and tuple(request) == ahead[0]:
            reply = ahead[1]
        else:
            reply = render_reply(*request)
        ahead = None  # once only: the pictures on disk may change later
        try:
            write_frame(replies, (ident, *reply))
        except BrokenPipeError:  # the app has gone (killed, not closed): end quietly
            return


# ---- the parent -----------------------------------------------------------------------


class PreviewService:
    """One helper process; `render` is thread-safe (one request at a time)."""

    def __init__(self, timeout: float = TIMEOUT_SECONDS) -> None:
        self.timeout = timeout
        self.first: Path | None = None  # the pack file the next helper renders at start
        self.starts = 0  # helpers started, for tests and diagnostics
        self.in_process = False  # True once no helper could be started
        self._proc: subprocess.Popen[bytes] | None = None
        self._replies: queue.Queue[object] = queue.Queue()
        self._lock = threading.Lock()
        self._next_id = 0

    def start(self, first: Path | None = None) -> None:
        """Start the helper now, so it is warm by the time the first render is wanted;
        `first`: the pack file the app opens, which the helper renders ahead."""
        with self._lock:
            if self._proc is None:
                self.first = first
            self._running()

    def render(
        self,
        pack: Pack,
        base_dir: Path,
        source: Path | None,
        allow_outside: frozenset[Path] = frozenset(),
        brand: Brand | None = None,
    ) -> Preview:
        """Render in the helper (in this process if there is none); PreviewFailed if not.
        `brand`: drawn with this brand instead of the pack's own (the brand editor's)."""
        request = (pack, base_dir, source, allow_outside, brand)
        with self._lock:
            for attempt in range(2):  # a helper that died is replaced once
                proc = self._running()
                if proc is None:
                    return _unpack(render_reply(*request))
                reply = self._ask(proc, request)
                if reply is not None:
                    return _unpack(reply)
                if attempt:
                    raise PreviewFailed(
                        "the preview stopped unexpectedly while rendering this pack; "
                        "the next edit tries again"
                    )
        raise AssertionError("unreachable")

    def _ask(self, proc: subprocess.Popen[bytes], request: tuple) -> tuple[str, Any] | None:
        """The helper's reply, or None when it died; PreviewFailed after the time limit."""
        self._next_id += 1
        ident = self._next_id
        try:
            assert proc.stdin is not None
            write_frame(proc.stdin, (ident, *request))
        except (OSError, ValueError):
            self.stop()
            return None
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                reply = self._replies.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                self.stop()
                raise PreviewFailed(
                    f"the preview took longer than {self.timeout:.0f} s and was stopped"
                ) from None
            if reply is None:
                self.stop()
                return None
            assert isinstance(reply, tuple)
            if reply[0] == ident:  # an older reply belongs to a request given up on
                return reply[1], reply[2]

    def _running(self) -> subprocess.Popen[bytes] | None:
        if self.in_process:
            return None
        if self._proc is None or self._proc.poll() is not None:
            # Only the first helper renders ahead: a replacement has no first request.
            first, self.first = self.first, None
            try:
                self._proc, self._replies = helper_process.spawn(
                    "briefpack.services.preview",
                    read_frame,
                    text=False,
                    quiet=False,
                    args=[str(first)] if first is not None else [],
                )
            except OSError:
                self.in_process = True
                return None
            self.starts += 1
        return self._proc

    def stop(self) -> None:
        """End the helper (if any); the next request starts a fresh one."""
        proc, self._proc = self._proc, None
        if proc is not None:
            helper_process.stop(proc)

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc else None


def _unpack(reply: tuple[str, Any]) -> Preview:
    kind, value = reply
    if kind == "done":
        assert isinstance(value, Preview)
        return value
    raise PreviewFailed(str(value))


# The one preview helper of this program (started by `start` or the first render).
shared_service = helper_process.one_per_program(PreviewService)


def prestart(first: Path | None = None) -> None:
    """Start the helper now: it warms up on another core while the window is built; given
    `first`, the pack file (not a bundle) the app opens, by rendering that pack."""
    shared_service().start(first)


def main() -> None:
    if hasattr(os, "nice"):  # the window comes first when the cores are busy
        os.nice(HELPER_NICENESS)
    # Replies get a private copy of standard output; anything a library prints goes to
    # standard error instead of into the middle of a frame.
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    serve(sys.stdin.buffer, replies, Path(sys.argv[1]) if len(sys.argv) > 1 else None)


if __name__ == "__main__":
    # Run the module's own copy, not __main__'s: replies must unpickle as
    # briefpack.services.preview.Preview in the parent.
    from briefpack.services import preview as preview_service

    preview_service.main()
