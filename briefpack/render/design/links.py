"""Which links are clickable and which get a QR code: the same in every format."""

from __future__ import annotations

from briefpack.document.nodes import LinkEntry
from briefpack.document.qr_fit import qr_fits

# Only these become live links; any other address (javascript:, file:) stays plain text.
SAFE_SCHEMES = ("http://", "https://", "mailto:", "tel:")


def is_clickable(url: str) -> bool:
    """Whether `url` may be a live link in the output."""
    return url.lower().startswith(SAFE_SCHEMES)


def has_qr(entry: LinkEntry) -> bool:
    """Whether a link gets a QR code: asked for, a web address, and short enough for one.

    No QR code holds more than about 2,300 characters; a longer address is printed
    without one, and the Checks say so (document/layout_checks.py).
    """
    return bool(entry.qr and entry.url and qr_fits(entry.url))
