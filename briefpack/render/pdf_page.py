"""Page furniture: marking, brand band with logo and running header, footer, page number.

The words are the furniture's (compose's): the marking, the header, the footer line and
the page number's wording; this module only fits and draws them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from PIL import Image as PILImage
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from briefpack.document.nodes import Furniture
from briefpack.render.images import brand_logo
from briefpack.render.palette import TypeScale
from briefpack.render.pdf_fonts import PdfFonts
from briefpack.render.pdf_styles import Palette

PAGE_SIZES = {"A4": A4, "LETTER": LETTER}

MARGIN = 18 * mm
MARKING_FROM_EDGE = 7.5 * mm  # baseline distance of the top/bottom marking from the edge
BAND_TOP = 11 * mm  # band starts this far below the top edge, under the top marking
BAND_HEIGHT = 17 * mm
LOGO_HEIGHT = 12.5 * mm
FRAME_TOP = BAND_TOP + BAND_HEIGHT + 7 * mm
FOOTER_BASELINE = 13 * mm
FOOTER_RULE = 17 * mm
FRAME_BOTTOM = 23 * mm
FOOTER_SIZE = 8.5
FOOTER_MIN_SIZE = 7.5  # a long footer shrinks to this, then is cut with "…"
FOOTER_GAP = 6 * mm  # between the footer text and the page number
MARKING_SIZE = 10


def page_size(name: str) -> tuple[float, float]:
    return PAGE_SIZES.get(name.upper(), A4)


@dataclass(frozen=True)
class PageLook:
    """Everything the furniture needs, fixed for one render."""

    furniture: Furniture
    fonts: PdfFonts
    palette: Palette
    logo: Path | None
    scale: TypeScale = field(default_factory=TypeScale)  # large print grows the furniture
    brand_file: Path | None = None  # named when the logo is refused (else the logo file is)

    def __post_init__(self) -> None:
        if self.logo is not None:  # refuse a bad logo now, not halfway through the pages
            _logo(str(self.logo), self.brand_file)


def draw_furniture(canv: Canvas, look: PageLook) -> None:
    """onPage callback body: everything outside the frame."""
    width, height = canv._pagesize
    canv.saveState()
    _draw_band(canv, look, width, height)
    _draw_footer(canv, look, width)
    if look.furniture.marking:
        _draw_marking(canv, look, width, height - MARKING_FROM_EDGE)
        _draw_marking(canv, look, width, MARKING_FROM_EDGE - look.scale(MARKING_SIZE) * 0.7)
    # The total is unknown until the end, so each page shows a form filled in at save.
    canv.translate(width - MARGIN, FOOTER_BASELINE)
    canv.doForm(PageCountCanvas.form_name(canv.getPageNumber()))
    canv.restoreState()


def _draw_marking(canv: Canvas, look: PageLook, width: float, baseline: float) -> None:
    text = look.furniture.marking
    font = look.fonts.bold
    size = look.scale(MARKING_SIZE)
    text_w = look.fonts.string_width(text, font, size)
    canv.setFillColor(colors.black)
    look.fonts.draw_string(canv, (width - text_w) / 2, baseline, text, font, size)


def _draw_band(canv: Canvas, look: PageLook, width: float, height: float) -> None:
    bottom = height - BAND_TOP - BAND_HEIGHT
    canv.setFillColor(look.palette.primary)
    canv.rect(0, bottom, width, BAND_HEIGHT, fill=1, stroke=0)
    x = MARGIN
    if look.logo is not None:
        reader, aspect = _logo(str(look.logo), look.brand_file)
        logo_w = LOGO_HEIGHT * aspect
        y = bottom + (BAND_HEIGHT - LOGO_HEIGHT) / 2
        canv.drawImage(reader, x, y, logo_w, LOGO_HEIGHT, mask="auto")
        x += logo_w + 4 * mm
    text = look.furniture.header_text
    if text:
        text, size = _fit(
            look, text, look.fonts.bold, look.scale(13), width - MARGIN - x, look.scale(8)
        )
        canv.setFillColor(colors.white)
        baseline = bottom + BAND_HEIGHT / 2 - size * 0.35
        look.fonts.draw_string(canv, x, baseline, text, look.fonts.bold, size)


def _draw_footer(canv: Canvas, look: PageLook, width: float) -> None:
    canv.setStrokeColor(look.palette.rule)
    canv.setLineWidth(0.6)
    canv.line(MARGIN, FOOTER_RULE, width - MARGIN, FOOTER_RULE)
    size = look.scale(FOOTER_SIZE)
    # Leave room at the right for the widest page number and a clear gap before it.
    widest = look.furniture.widest_page_number()
    number_w = look.fonts.string_width(widest, look.fonts.regular, size)
    room = width - 2 * MARGIN - number_w - FOOTER_GAP
    text, size = footer_line(look, room, size)
    if text:
        canv.setFillColor(look.palette.muted)
        look.fonts.draw_string(canv, MARGIN, FOOTER_BASELINE, text, look.fonts.regular, size)


def footer_line(look: PageLook, room: float, size: float) -> tuple[str, float]:
    """The footer words and the date on one line in `room` points: shrunk to a readable minimum,
    then the words (never the date) cut with '…'. Returns the text and its size."""
    furniture = look.furniture
    full = furniture.footer_line()
    if not full:
        return "", size
    font = look.fonts.regular
    text, size = _fit(look, full, font, size, room, look.scale(FOOTER_MIN_SIZE))
    if text == full or not (furniture.footer_text.strip() and furniture.date.strip()):
        return text, size

    def fits(head: str) -> bool:
        return look.fonts.string_width(furniture.footer_line(head), font, size) <= room

    return furniture.footer_line(shorten(furniture.footer_text, fits)), size


def _fit(
    look: PageLook, text: str, font: str, size: float, room: float, minimum: float
) -> tuple[str, float]:
    """A one-line text that fits its room: shrunk to a readable minimum, then cut with '…'."""
    natural = look.fonts.string_width(text, font, size)
    if natural <= room:
        return text, size
    size = max(minimum, size * room / natural)
    if look.fonts.string_width(text, font, size) <= room:
        return text, size
    return shorten(text, lambda t: look.fonts.string_width(t, font, size) <= room), size


def shorten(text: str, fits: Callable[[str], bool]) -> str:
    """The longest start of `text` that `fits` with '…' after it, cut between words when a
    word boundary is near (a single long word is cut inside it rather than dropped).

    Binary search: a 5,000-word title must not cost 5,000 width measurements of ever
    shorter strings on every page.
    """
    text = " ".join(text.split())
    low, high = 0, len(text)  # text[:low] + "…" is taken to fit; text[:high + 1] does not
    while low < high:
        middle = (low + high + 1) // 2
        if fits(_cut(text, middle)):
            low = middle
        else:
            high = middle - 1
    space = text.rfind(" ", 0, low + 1)
    return _cut(text, space if space > low // 2 else low)


def _cut(text: str, length: int) -> str:
    return text[:length].rstrip(" ,;:·–—-") + "…"


def _logo(path: str, brand_file: Path | None = None) -> tuple[ImageReader, float]:
    """The logo, read through the file gate (a bad logo is one line, before any page is
    drawn), scaled once to ~300 dpi at its printed size: smaller, faster PDFs."""
    try:  # keyed on the file's state: an edited logo is read again
        info = Path(path).stat()
        key = (info.st_mtime_ns, info.st_size)
    except OSError:
        key = (0, 0)  # the gate reports it, in one line
    return _scaled_logo(path, str(brand_file) if brand_file else None, *key)


@lru_cache(maxsize=8)
def _scaled_logo(
    path: str, brand_file: str | None, _mtime_ns: int, _size: int
) -> tuple[ImageReader, float]:
    logo = brand_logo(path, brand_file)
    # Only the format the gate found may decode it: no other Pillow plugin ever runs.
    with PILImage.open(BytesIO(logo.data), formats=[logo.format]) as img:
        img.load()
        target_h = int(LOGO_HEIGHT / 72 * 300)
        if img.height > target_h:
            target_w = max(1, round(img.width * target_h / img.height))
            img = img.resize((target_w, target_h), PILImage.LANCZOS)
        else:
            img = img.copy()
    return ImageReader(img), img.width / img.height


class PageCountCanvas(Canvas):
    """A canvas that fills in the page number ("Page N of M") once M is known.

    Each page draws a form XObject named for its number; the forms are written
    at save time. Unlike re-playing deferred pages (the usual NumberedCanvas),
    this keeps bookmarks and links on the right pages, and costs one pass.
    """

    def __init__(self, *args, look: PageLook, **kwargs):
        super().__init__(*args, **kwargs)
        self._look = look
        self._pages_shown = 0

    @staticmethod
    def form_name(page: int) -> str:
        return f"bpPageNo{page}"

    def showPage(self) -> None:
        self._pages_shown += 1
        super().showPage()

    def save(self) -> None:
        if len(self._code):
            self.showPage()
        total = self._pages_shown
        fonts = self._look.fonts
        size = self._look.scale(FOOTER_SIZE)
        for page in range(1, total + 1):
            text = self._look.furniture.page_number.format(page=page, pages=total)
            text_w = fonts.string_width(text, fonts.regular, size)
            self.beginForm(self.form_name(page), lowerx=-text_w - 2, lowery=-4, upperx=2,
                           uppery=size + 2)  # fmt: skip
            self.setFillColor(self._look.palette.muted)
            self.setFont(fonts.regular, size)
            self.drawRightString(0, 0, text)
            self.endForm()
        super().save()
