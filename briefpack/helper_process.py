"""Long-lived helper processes (`python -m MODULE`) that answer requests over their pipes.

Used by the placeholder sandbox (document/sandbox_worker.py) and the live preview
(services/preview.py). This module only starts, reads and stops them; what goes
over the pipes is up to each user. It sits outside the layers and imports none of them.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import queue
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Any, Protocol, TypeVar

H = TypeVar("H", bound="Stoppable")
PACKAGE_ROOT = str(Path(__file__).resolve().parents[1])


def spawn(
    module: str,
    read_reply: Callable[[IO[Any]], Any],
    *,
    text: bool,
    quiet: bool,
    args: Sequence[str] = (),
) -> tuple[subprocess.Popen[Any], queue.Queue[Any]]:
    """Start `python -m module *args` with this briefpack importable.

    A daemon thread calls `read_reply(stdout)` over and over and puts each reply on the
    returned queue, then None once the helper has gone (or a reply could not be read).
    `quiet` sends the helper's standard error to /dev/null instead of ours.
    """
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (PACKAGE_ROOT, env.get("PYTHONPATH")) if p)
    proc = subprocess.Popen(
        [sys.executable, "-m", module, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL if quiet else None,
        env=env,
        **({"text": True, "encoding": "utf-8"} if text else {}),
    )
    replies: queue.Queue[Any] = queue.Queue()
    assert proc.stdout is not None
    threading.Thread(target=_pump, args=(proc.stdout, read_reply, replies), daemon=True).start()
    return proc, replies


def _pump(stream: IO[Any], read_reply: Callable[[IO[Any]], Any], replies: queue.Queue) -> None:
    try:
        while True:
            replies.put(read_reply(stream))
    except Exception:  # EOF, a closed pipe, a broken reply: the waiting request hears None
        replies.put(None)


def stop(proc: subprocess.Popen[Any]) -> bool:
    """Kill the helper if it still runs and reap it; True when it had to be killed."""
    killed = proc.poll() is None
    if killed:
        proc.kill()
    proc.wait()
    for pipe in (proc.stdin, proc.stdout):
        if pipe is not None:
            with contextlib.suppress(OSError):
                pipe.close()
    return killed


class Stoppable(Protocol):
    def stop(self) -> None: ...


def one_per_program(make: Callable[[], H]) -> Callable[[], H]:
    """A getter for one `make()` per program: made on first use, stopped at exit."""
    made: list[H] = []
    lock = threading.Lock()

    def get() -> H:
        with lock:
            if not made:
                made.append(make())
                atexit.register(made[0].stop)
            return made[0]

    # A forked child (services/batch.py's workers) must not share the parent's helper: its
    # pipes belong to the parent, so the child starts its own when it needs one.
    os.register_at_fork(after_in_child=made.clear)
    return get
