"""The email's pictures: the logo, the pack's pictures, QR codes and the chart, each once.

The mail HTML names a picture by a source this module gives it: `cid:…` for the .eml (the
picture travels as a related part) or a `data:` URI for the clipboard (a pasted message
has no parts to point at). The chart and QR code PNGs are the ones the DOCX writer
embeds, drawn by the same functions (render/raster/); the pack's pictures are the bytes the
tree carries, read by compose through model/filegate.py, and the logo is read through the
same gate (render/brand_files.py).
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from functools import lru_cache

from briefpack.document import nodes as n
from briefpack.model import filegate
from briefpack.model.brand import Brand
from briefpack.model.errors import BriefpackError
from briefpack.render.brand_files import brand_file_of, brand_logo
from briefpack.render.design import Design
from briefpack.render.raster.chart import ChartStyle, bar_chart_pngs
from briefpack.render.raster.pictures import BrandMeasure, qr_png, word_image

CID_DOMAIN = "briefpack.invalid"  # a name that can never be a real host (RFC 2606)
NO_PAGE = 1e9  # points: a message has no pages, so a chart is never cut into parts


@dataclass(frozen=True)
class Picture:
    """One picture of the message: its bytes, MIME subtype and Content-ID (no brackets)."""

    data: bytes
    subtype: str  # "png", "jpeg" or "gif"
    cid: str


class Pictures:
    """The pictures one message uses, in the order it first uses them; the same bytes
    are one part however often they appear (a QR code for a link given twice)."""

    def __init__(self, *, inline: bool) -> None:
        self.inline = inline  # data: URIs (clipboard) rather than cid: (the .eml)
        self._by_digest: dict[str, Picture] = {}

    @property
    def parts(self) -> list[Picture]:
        return list(self._by_digest.values())

    def source(self, data: bytes) -> str:
        """What an <img src> says for these bytes: cid:… or data:…. Raises ValueError for
        bytes that are not a whole PNG, JPEG or GIF the gate would take."""
        picture = self._add(data)
        if self.inline:
            encoded = base64.b64encode(picture.data).decode("ascii")
            return f"data:image/{picture.subtype};base64,{encoded}"
        return f"cid:{picture.cid}"

    def _add(self, data: bytes) -> Picture:
        digest = hashlib.sha256(data).hexdigest()
        found = self._by_digest.get(digest)
        if found is None:
            fmt = filegate.image_format(data)
            if fmt is None:
                raise ValueError("not a PNG, JPEG or GIF")
            # Numbered in order of use and named by content: the same message, the same ids.
            cid = f"{len(self._by_digest) + 1}.{digest[:16]}@{CID_DOMAIN}"
            found = Picture(data, fmt.lower(), cid)
            self._by_digest[digest] = found
        return found


def mail_image(node: n.Image) -> bytes:
    """A picture of the tree as bytes every mail client shows (PNG, JPEG or GIF); raises
    ValueError or OSError for one no decoder the gate allows can read."""
    return word_image(node.data)


def qr_code(url: str) -> bytes:
    return qr_png(url)


def chart_png(
    chart: n.BarChart, width_pt: float, design: Design, brand: Brand
) -> tuple[bytes, float, float]:
    """The whole chart as one PNG, `width_pt` wide: (png, width_pt, height_pt)."""
    measure = BrandMeasure(brand)
    style = ChartStyle(
        bar=design.palette.primary,
        ink=design.palette.text,
        muted=design.palette.muted,
        regular_font=measure.path("regular"),
        bold_font=measure.path("bold"),
        size_pt=design.styles.chart.size,
    )
    ((_part, picture),) = bar_chart_pngs(chart, width_pt, style, NO_PAGE)
    return picture.png, picture.width_pt, picture.height_pt


def brand_logo_png(brand: Brand) -> tuple[bytes, float] | None:
    """The logo's bytes and its width/height ratio, through the gate; None when the brand
    has none or its file is missing (the message goes without, as the DOCX does)."""
    try:
        path = brand.logo_path
    except BriefpackError:
        return None
    if path is None:
        return None
    try:  # keyed on the file's state: an edited logo is read again
        info = path.stat()
        key = (info.st_mtime_ns, info.st_size)
    except OSError:
        key = (0, 0)  # the gate reports it, in one line
    return _read_logo(str(path), str(brand_file_of(brand.folder, brand.id)), *key)


@lru_cache(maxsize=8)
def _read_logo(path: str, brand_file: str, _mtime_ns: int, _size: int) -> tuple[bytes, float]:
    logo = brand_logo(path, brand_file)
    width, height = logo.size
    return logo.data, width / max(height, 1)
