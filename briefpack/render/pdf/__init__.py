"""The PDF writer (reportlab platypus): a walk over the document tree that dispatches on
node type (writer.py and the block writers beside it), with its styles, page furniture,
fonts and flowables. How everything looks comes from render/design/.

Importing this package loads reportlab; formats.py names the writer by its module path so
that nothing else pays for that.
"""

from __future__ import annotations

from briefpack.render.pdf.writer import layout_problem, render_pdf, render_pdf_with_places

__all__ = ["layout_problem", "render_pdf", "render_pdf_with_places"]
