"""Page furniture: marking, brand band with logo and running header, footer, page number.

The words are the furniture's (compose's) and the places the design's (render/design/page.py):
this module only fits and draws them."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from PIL import Image as PILImage
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfdoc import PDFString
from reportlab.pdfgen.canvas import Canvas

from briefpack.document.nodes import Furniture
from briefpack.model.cache import cached_bytes, code_stamp
from briefpack.render.brand_files import brand_logo
from briefpack.render.design import Design
from briefpack.render.design.fitting import fit_one_line
from briefpack.render.design.fitting import footer_line as fitted_footer_line
from briefpack.render.design.page import PageGeometry
from briefpack.render.pdf.fonts import PdfFonts
from briefpack.render.pdf.lean import compress_now
from briefpack.render.pdf.serialize import pdf_file
from briefpack.render.pdf.structure import tag_page, write_structure
from briefpack.render.pdf.styles import colour
from briefpack.render.pdf.tagging import Tagger, marked, tagger_of

LOGO_DPI = 300  # the logo is scaled once to this at its printed size: smaller, faster PDFs


@dataclass(frozen=True)
class PageLook:
    """Everything the furniture needs, fixed for one render."""

    furniture: Furniture
    fonts: PdfFonts
    design: Design
    page: PageGeometry
    logo: Path | None
    brand_file: Path | None = None  # named when the logo is refused (else the logo file is)

    def __post_init__(self) -> None:
        if self.logo is not None:  # refuse a bad logo now, not halfway through the pages
            _logo(str(self.logo), self.page.logo_height, self.brand_file)


def draw_furniture(canv: Canvas, look: PageLook) -> None:
    """onPage callback body: everything outside the frame, all of it an artifact but the
    first page's top marking, which is the P that opens the structure (a screen reader
    hears the marking once, not on every page)."""
    page = look.page
    canv.saveState()
    with marked(canv, None):
        _draw_band(canv, look)
        _draw_footer(canv, look)
    if look.furniture.marking:
        size = look.design.styles.marking.size
        tagger = tagger_of(canv)
        first = tagger.marking if tagger and canv.getPageNumber() == 1 else None
        with marked(canv, first):
            _draw_marking(canv, look, page.height - page.marking_baseline)
        with marked(canv, None):
            _draw_marking(canv, look, page.bottom_marking_baseline(size))
    # The total is unknown until the end, so each page shows a form filled in at save.
    with marked(canv, None):
        canv.translate(page.width - page.margin, page.footer_baseline_from_bottom)
        canv.doForm(PageCountCanvas.form_name(canv.getPageNumber()))
    canv.restoreState()


def _draw_marking(canv: Canvas, look: PageLook, baseline: float) -> None:
    text, style = look.furniture.marking, look.design.styles.marking
    font = look.fonts.for_face(style.face)
    text_w = look.fonts.string_width(text, font, style.size)
    canv.setFillColor(colour(style.colour))
    look.fonts.draw_string(canv, (look.page.width - text_w) / 2, baseline, text, font, style.size)


def _draw_band(canv: Canvas, look: PageLook) -> None:
    page, style = look.page, look.design.styles.band
    bottom = page.height - page.band_top - page.band_height
    canv.setFillColor(colour(look.design.palette.primary))
    canv.rect(0, bottom, page.width, page.band_height, fill=1, stroke=0)
    x = page.margin
    if look.logo is not None:
        reader, aspect = _logo(str(look.logo), page.logo_height, look.brand_file)
        logo_w = page.logo_height * aspect
        y = bottom + (page.band_height - page.logo_height) / 2
        canv.drawImage(reader, x, y, logo_w, page.logo_height, mask="auto")
        x += logo_w + page.logo_gap
    text = look.furniture.header_text
    if text:
        room = page.width - page.margin - x
        styles = look.design.styles
        text, size = fit_one_line(
            text, look.fonts.measure, style.face, style.size, room, styles.band_min
        )
        canv.setFillColor(colour(style.colour))
        font = look.fonts.for_face(style.face)
        look.fonts.draw_string(canv, x, bottom + page.band_baseline(size), text, font, size)


def _draw_footer(canv: Canvas, look: PageLook) -> None:
    page, style = look.page, look.design.styles.footer
    canv.setStrokeColor(colour(look.design.palette.rule))
    canv.setLineWidth(page.footer_rule_width)
    rule = page.footer_rule_from_bottom
    canv.line(page.margin, rule, page.width - page.margin, rule)
    text, size = footer_line(look)
    if text:
        canv.setFillColor(colour(style.colour))
        font = look.fonts.for_face(style.face)
        look.fonts.draw_string(canv, page.margin, page.footer_baseline_from_bottom, text, font,
                               size)  # fmt: skip


def footer_line(look: PageLook) -> tuple[str, float]:
    """The footer line and its size, fitted beside the widest page number and a clear gap."""
    page, style = look.page, look.design.styles.footer
    widest = look.furniture.widest_page_number()
    number_w = look.fonts.measure(widest, style.face, style.size)
    room = page.frame_width - number_w - page.footer_gap
    return fitted_footer_line(
        look.furniture, look.fonts.measure, style.size, room, look.design.styles.footer_min
    )


def _logo(path: str, height: float, brand_file: Path | None = None) -> tuple[ImageReader, float]:
    """The logo, read through the file gate (a bad logo is one line, before any page is
    drawn), scaled once to LOGO_DPI at its printed height."""
    try:  # keyed on the file's state: an edited logo is read again
        info = Path(path).stat()
        key = (info.st_mtime_ns, info.st_size)
    except OSError:
        key = (0, 0)  # the gate reports it, in one line
    return _scaled_logo(path, height, str(brand_file) if brand_file else None, *key)


@lru_cache(maxsize=8)
def _scaled_logo(
    path: str, height: float, brand_file: str | None, _mtime_ns: int, _size: int
) -> tuple[ImageReader, float]:
    logo = brand_logo(path, brand_file)
    # The scaled logo is kept in the user's cache as PNG, keyed on the logo's bytes.
    parts = ("pdf-logo", hashlib.sha256(logo.data).hexdigest(), logo.format, height, LOGO_DPI,
             code_stamp("PIL", __name__))  # fmt: skip
    scaled = cached_bytes("logo", lambda: _scaled_png(logo.data, logo.format, height), parts)
    if scaled:
        with PILImage.open(BytesIO(scaled), formats=["PNG"]) as img:
            img.load()
    else:  # a mode PNG does not keep as it is (CMYK): scaled here every time
        img = _scaled(logo.data, logo.format, height)
    return ImageReader(img), img.width / img.height


def _scaled(data: bytes, image_format: str, height: float) -> PILImage.Image:
    """The logo decoded and scaled down to LOGO_DPI at `height` points."""
    # Only the format the gate found may decode it: no other Pillow plugin ever runs.
    with PILImage.open(BytesIO(data), formats=[image_format]) as img:
        img.load()
        target_h = int(height / 72 * LOGO_DPI)
        if img.height > target_h:
            target_w = max(1, round(img.width * target_h / img.height))
            return img.resize((target_w, target_h), PILImage.LANCZOS)
        return img.copy()


def _scaled_png(data: bytes, image_format: str, height: float) -> bytes:
    """The scaled logo as PNG, which keeps every pixel of these modes exactly; empty (not
    cached) for any other mode."""
    img = _scaled(data, image_format, height)
    if img.mode not in _PNG_MODES:
        return b""
    out = BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()


_PNG_MODES = ("L", "LA", "RGB", "RGBA")


class PageCountCanvas(Canvas):
    """A canvas that fills in the page number ("Page N of M") once M is known, and
    writes the structure tree its drawing was tagged with (`bp_tagger`).

    Each page draws a form XObject named for its number; the forms are written
    at save time. Unlike re-playing deferred pages (the usual NumberedCanvas),
    this keeps bookmarks and links on the right pages, and costs one pass.
    """

    def __init__(self, *args, look: PageLook, tagger: Tagger | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._look = look
        self._pages_shown = 0
        self.bp_tagger = tagger

    @staticmethod
    def form_name(page: int) -> str:
        return f"bpPageNo{page}"

    def showPage(self) -> None:
        self._pages_shown += 1
        name, number = self._doc.thisPageName(), self.getPageNumber()
        super().showPage()
        page = self._doc.idToObject[name]
        compress_now(page)
        if self.bp_tagger is not None:
            tag_page(page, self.bp_tagger.page_key(number))

    def linkURL(self, url, rect, relative=0, thickness=0, color=None, dashArray=None,
                kind="URI", **kw) -> None:  # fmt: skip
        """A link annotation; when tagging, with /StructParent and /Contents, owned by a
        Link element of what is being drawn."""
        tagger = self.bp_tagger
        link = None
        if tagger is not None:
            key, contents, link = tagger.link_keys(url)
            kw.update(StructParent=key, Contents=PDFString(contents))
        super().linkURL(url, rect, relative, thickness, color, dashArray, kind, **kw)
        if tagger is not None:
            name = f"NUMBER{self._annotationCount}"  # reportlab's name for it
            tagger.note_link(link, self.getPageNumber(), name)

    def save(self) -> None:
        if len(self._code):
            self.showPage()
        total = self._pages_shown
        fonts, style = self._look.fonts, self._look.design.styles.footer
        font, size = fonts.for_face(style.face), style.size
        for page in range(1, total + 1):
            text = self._look.furniture.page_number.format(page=page, pages=total)
            text_w = fonts.string_width(text, font, size)
            self.beginForm(self.form_name(page), lowerx=-text_w - 2, lowery=-4, upperx=2,
                           uppery=size + 2)  # fmt: skip
            self.setFillColor(colour(style.colour))
            self.setFont(font, size)
            self.drawRightString(0, 0, text)
            self.endForm()
        packed = ()
        if self.bp_tagger is not None:
            packed = write_structure(self._doc, self.bp_tagger, self._look.furniture)
        # reportlab's SaveToFile, with the file written as serialize.py does it
        self._filename.write(pdf_file(self._doc, self, packed))
