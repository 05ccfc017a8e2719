"""Whether a web address fits in a QR code as the writers draw it (segno, error level M).

A module of its own, without segno at import: compose asks this for every link with a QR
code, and the common answer needs no encoder at all (see SURE_FIT_BYTES), so rendering a
PDF or a DOCX whose QR codes come from the cache never loads segno.
"""

from __future__ import annotations

from functools import lru_cache

# The error correction every writer uses. A QR code of the largest size (version 40) at this
# level holds 2,331 bytes in byte mode, 1,435 kanji (two bytes each in Shift JIS, three in
# UTF-8) and more in the numeric and alphanumeric modes.
QR_ERROR = "m"
# An address of at most this many UTF-8 bytes fits whichever mode segno picks: even as bytes
# it leaves 331 bytes for mode and length headers. tests/test_render_cache.py checks it
# against segno. Longer addresses are asked of segno itself.
SURE_FIT_BYTES = 2000


def qr_fits(url: str) -> bool:
    """True when `url` fits in a QR code as the writers draw it (segno, error level M)."""
    try:
        size = len(url.encode("utf-8"))
    except UnicodeEncodeError:  # a lone surrogate: segno answers, as it always has
        return _segno_fits(url)
    return size <= SURE_FIT_BYTES or _segno_fits(url)


@lru_cache(maxsize=256)
def _segno_fits(url: str) -> bool:
    import segno

    try:
        segno.make(url, error=QR_ERROR, micro=False)
    except segno.DataOverflowError:
        return False
    return True
