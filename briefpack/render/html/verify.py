"""The web page's verifier (render/formats.py): the bytes are a whole page this writer made.

A page cut short still opens in a browser, showing part of the handout with nothing to say
so; this catches that before the file is written and again after. It also holds the writer
to its promise of a page that runs nothing: no <script> may be in it.
"""

from __future__ import annotations

import re
from pathlib import Path

# One wording for "the exported file is not complete", whichever the format.
from briefpack.render.verify import _broken

_START = b"<!DOCTYPE html>"
_END = b"</html>"
_SCRIPT = re.compile(rb"<script", re.IGNORECASE)
_PARTS = (b"<head>", b"</head>", b"<body>", b"<main>", b"</main>", b"</body>")


def check_html(data: bytes, path: str | Path) -> None:
    """Raise SaveError naming `path` unless `data` is a whole UTF-8 page with a body and
    its main part, ending where a page ends, and without a script."""
    if not data.startswith(_START):
        raise _broken(path, "it does not start like a web page")
    if not data.rstrip().endswith(_END):
        raise _broken(path, "the web page is cut short (no end tag)")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _broken(path, "the web page is not UTF-8 text") from exc
    missing = next((part for part in _PARTS if part not in data), None)
    if missing is not None:
        raise _broken(path, f"the web page has no {missing.decode()} tag")
    if _SCRIPT.search(data):
        raise _broken(path, "the web page holds a script")
