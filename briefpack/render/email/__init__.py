"""The email edition: an unsent draft (.eml) and the same message as rich text to paste.

One mail HTML writer (table layout, every style inline, for Outlook's Word engine and the
rest) and one plain-text writer walk the document tree; message.py wraps both, with the
pictures as related parts, into a multipart/alternative draft built with Python's `email`
package. Nothing here sends mail. How it looks comes from render/design/, every word from
the tree.

The chart, QR codes and scaled pictures are the same PNGs the DOCX writer embeds, drawn by
render/raster/ (Pillow); importing this package loads neither python-docx nor reportlab.
"""

from __future__ import annotations

from briefpack.render.email.message import clipboard_parts, render_eml
from briefpack.render.email.verify import check_eml

__all__ = ["check_eml", "clipboard_parts", "render_eml"]
