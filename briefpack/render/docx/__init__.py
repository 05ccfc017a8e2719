"""The DOCX writer (python-docx): a walk over the document tree that dispatches on node
type (writer.py and the block writers beside it), with its Word styles and template, page
furniture, flows, pictures and WordprocessingML helpers (ooxml.py). How everything looks
comes from render/design/.

Importing this package loads python-docx; formats.py names the writer by its module path
so that nothing else pays for that.
"""

from __future__ import annotations

from briefpack.render.docx.writer import render_docx

__all__ = ["render_docx"]
