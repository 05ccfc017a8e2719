"""The web edition: one self-contained, accessible .html file from the document tree.

render_html(doc, *, invariant=False) -> bytes     (writer.py)
check_html(data, path) -> None                     (verify.py)
"""

from __future__ import annotations

from briefpack.render.html.verify import check_html
from briefpack.render.html.writer import render_html

__all__ = ["check_html", "render_html"]
