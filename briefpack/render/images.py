"""Raster pictures for the DOCX: the statistics bar chart and QR codes, as PNG bytes.

Word cannot take reportlab drawings, so the chart is drawn with Pillow in the
brand's own TrueType fonts, laid out on the same measurements as the PDF's
vector chart (label column 38 % of the width, one row per bar, the value as
written at the bar's end) so both outputs take the same space on the page.

Both pictures are pure functions of their inputs and are cached: re-rendering
a pack while the officer edits it redraws nothing that has not changed.
"""

from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import segno
from PIL import Image, ImageDraw, ImageFont

from briefpack.document.layout_checks import qr_fits
from briefpack.document.nodes import BarChart, LinkEntry
from briefpack.model import filegate
from briefpack.model.brand import Brand
from briefpack.model.errors import BriefpackError
from briefpack.model.filegate import FONT_ADVICE

# ---- text measure --------------------------------------------------------------

_MEASURE_PX = 1000  # measure at a large size, then scale: sub-point accuracy


_LONG_TEXT = 4000  # more characters than any line of a page can hold


def text_width_pt(text: str, font_path: str, size_pt: float) -> float:
    """How wide `text` is, as one line, in the TrueType font at `font_path` at `size_pt`.

    Text longer than any line is estimated from its start: it is only measured to be
    shrunk or cut, and Pillow refuses a million characters (a 1 MB pack title).
    """
    if len(text) > _LONG_TEXT:
        head = text[:_LONG_TEXT]
        return text_width_pt(head, font_path, size_pt) * len(text) / len(head)
    return _font(font_path, _MEASURE_PX).getlength(one_line(text)) * size_pt / _MEASURE_PX


_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")


def one_line(text: str) -> str:
    """Whitespace runs (newlines included) as single spaces; lone surrogates as U+FFFD.

    Pillow's text layout fails on newlines, and a chart label or running
    header is one line anyway.
    """
    return _LONE_SURROGATE.sub("\ufffd", " ".join(text.split()))


# ---- QR codes ------------------------------------------------------------------

QR_MODULE_PX = 10  # pixels per module: sharp at 20 mm (≈ 400 dpi for a 33-module code)


def has_qr(entry: LinkEntry) -> bool:
    """Whether a link gets a QR code: asked for, a web address, and short enough for one.

    No QR code holds more than about 2,300 characters; a longer address is printed
    without one, and the Checks say so (document/layout_checks.py).
    """
    return bool(entry.qr and entry.url and qr_fits(entry.url))


@lru_cache(maxsize=256)
def qr_png(url: str) -> bytes:
    """A black-on-white QR code for `url` with a one-module margin.

    The cell it sits in is white and padded, which completes the quiet zone;
    a full four-module border would only shrink the code on paper.
    """
    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(
        buffer, kind="png", scale=QR_MODULE_PX, border=1, dpi=400
    )
    return buffer.getvalue()


# ---- bar chart -----------------------------------------------------------------


@dataclass(frozen=True)
class ChartStyle:
    """What the chart takes from the brand, in hashable form (for the cache)."""

    bar: str  # "#RRGGBB"
    ink: str
    muted: str
    regular_font: str  # path to a .ttf
    bold_font: str
    size_pt: float = 8.5  # text size, as the PDF's chart uses


@dataclass(frozen=True)
class ChartPicture:
    png: bytes
    width_pt: float
    height_pt: float


CHART_DPI = 200


def bar_chart_pngs(
    chart: BarChart, width_pt: float, style: ChartStyle, max_height_pt: float
) -> list[tuple[BarChart, ChartPicture]]:
    """The chart as pictures no taller than `max_height_pt`: one, or "… (continued)" parts.

    Word clips a picture taller than the page; the parts share one scale (the whole
    chart's largest value and widest figure), so bars compare across them. Each comes
    with its own bars, for its alt text.
    """
    width_pt = round(width_pt, 2)
    whole = _ChartLayout(chart, width_pt, style, CHART_DPI / 72)
    parts = deal_rows(whole.rows, whole.title_h + 4, max_height_pt)
    if len(parts) == 1:
        return [(chart, _bar_chart(chart, width_pt, style))]
    out = []
    for k, indexes in enumerate(parts):
        part = chart.part(indexes, first=k == 0)
        out.append((part, _bar_chart(part, width_pt, style, chart)))
    return out


def chart_peak(chart: BarChart) -> float:
    """The largest finite value: the full length of a bar (a 400-digit figure is infinite)."""
    return max((b.value for b in chart.bars if math.isfinite(b.value)), default=0) or 1


def bar_fraction(value: float, peak: float) -> float:
    """How much of the full length a bar takes: 0 to 1, an infinite figure the whole."""
    if math.isnan(value):
        return 0.0
    return min(max(value, 0) / peak, 1.0)


def deal_rows(rows: list[float], fixed: float, max_height: float) -> list[list[int]]:
    """Row indexes dealt in order into parts whose rows and `fixed` fit `max_height`.

    A row taller than `max_height` alone still gets a part of its own.
    """
    parts: list[list[int]] = [[]]
    used = fixed
    for i, row_h in enumerate(rows):
        if parts[-1] and used + row_h > max_height:
            parts.append([])
            used = fixed
        parts[-1].append(i)
        used += row_h
    return parts


@lru_cache(maxsize=64)
def _bar_chart(
    chart: BarChart, width_pt: float, style: ChartStyle, whole: BarChart | None = None
) -> ChartPicture:
    scale = CHART_DPI / 72
    layout = _ChartLayout(chart, width_pt, style, scale, whole or chart)
    image = Image.new("RGB", (layout.width_px, layout.height_px), "white")
    layout.draw(ImageDraw.Draw(image))
    buffer = io.BytesIO()
    # The dpi lets Word show the right size even if the width is ever dropped.
    image.save(buffer, format="PNG", optimize=False, dpi=(CHART_DPI, CHART_DPI))
    return ChartPicture(buffer.getvalue(), width_pt, layout.height_pt)


@lru_cache(maxsize=16)
def _font(path: str, size_px: int) -> ImageFont.FreeTypeFont:
    # Through the gate: a brand's font file is as untrusted as the brand.
    data = brand_font_bytes(path)
    try:
        return ImageFont.truetype(io.BytesIO(data), size_px)
    except OSError as exc:  # FreeType: "unknown file format", "invalid outline" …
        raise BriefpackError(
            f"{Path(path).name} is a damaged font file FreeType cannot read; {FONT_ADVICE}",
            file=path,
            where="brand font",
        ) from exc


# ---- brand files: logo and fonts, through the file gate ------------------------


def brand_font_bytes(
    path: str | Path, *, brand_file: str | Path | None = None, where: str = "brand font"
) -> bytes:
    """A brand's TrueType/OpenType font file, read once through the gate; a refusal is one
    line naming the brand file (else the font file), the place (e.g. "fonts.bold") and the
    font file's name."""
    try:
        return filegate.read_font(path, shown=Path(path).name)
    except filegate.FileRefused as exc:
        raise BriefpackError(exc.problem, file=brand_file or path, where=where) from exc


def brand_logo(path: str | Path, brand_file: str | Path | None = None) -> filegate.GatedImage:
    """A brand's logo, read once through the gate (a whole PNG, JPEG or GIF of a sane size).

    A refusal is one line naming the brand file (or, without one, the logo file) and "logo".
    """
    try:
        return filegate.read_image(path, shown=f"the logo {Path(path).name}")
    except filegate.FileRefused as exc:
        file, where = (brand_file, "logo") if brand_file else (path, "brand logo")
        raise BriefpackError(exc.problem, file=file, where=where) from exc


FONT_STYLES = ("regular", "bold", "italic", "bold_italic", "fallback")


def check_brand_files(brand: Brand) -> None:
    """Every file the brand names (logo and fonts) through the gate, before anything is
    drawn: a bad one is one line naming the brand file and the place ("logo", "fonts.bold").
    Cached on the files' state, so a preview re-render reads nothing again."""
    brand_file = brand_file_of(brand.folder, brand.id)
    files = [("logo", logo)] if (logo := _logo_path(brand)) else []
    files += [
        (f"fonts.{style}", brand.resolve(name))
        for style in FONT_STYLES
        if (name := getattr(brand.fonts, style))
    ]
    _check_files(str(brand_file), tuple((where, str(p), _state(p)) for where, p in files))


def _logo_path(brand: Brand) -> Path | None:
    try:
        return brand.logo_path
    except BriefpackError:
        return None  # a missing logo is the writers' call (the DOCX goes without)


def _state(path: Path) -> tuple[int, int]:
    try:
        info = path.stat()
    except OSError:
        return (0, 0)  # the gate reports it, in one line
    return (info.st_mtime_ns, info.st_size)


@lru_cache(maxsize=16)
def _check_files(brand_file: str, files: tuple[tuple[str, str, tuple[int, int]], ...]) -> None:
    for where, path, _state_key in files:
        if where == "logo":
            brand_logo(path, brand_file)
        else:
            brand_font_bytes(path, brand_file=brand_file, where=where)


def brand_file_of(folder: Path, brand_id: str) -> Path:
    """The brand's own file where it is the usual <id>.json, else its folder."""
    candidate = folder / f"{brand_id}.json"
    return candidate if candidate.is_file() else folder


class _ChartLayout:
    """Measures in points (like the PDF chart), draws in pixels."""

    def __init__(
        self,
        chart: BarChart,
        width_pt: float,
        style: ChartStyle,
        scale: float,
        whole: BarChart | None = None,  # the chart this is part of: sets the scale
    ):
        self.chart = chart
        whole = whole or chart
        self.style = style
        self.scale = scale
        size = style.size_pt
        self.size = size
        px = max(round(size * scale), 6)
        self.regular = _font(style.regular_font, px)
        self.bold = _font(style.bold_font, px)
        self.width_pt = width_pt
        self.label_w = width_pt * 0.38
        value_w = max((self._text_w(one_line(b.shown), self.bold) for b in whole.bars), default=0)
        self.peak = chart_peak(whole)
        value_w += 6
        self.bar_area = max(width_pt - self.label_w - value_w - 8, 10)
        self.labels = [self._wrap(b.label, self.label_w - 6)[:3] for b in chart.bars]
        self.rows = [max(len(lines), 1) * size * 1.2 + 6 for lines in self.labels]
        self.title_h = size * 1.8 if chart.title else 0
        self.height_pt = sum(self.rows) + self.title_h + 4

    @property
    def width_px(self) -> int:
        return max(round(self.width_pt * self.scale), 1)

    @property
    def height_px(self) -> int:
        return max(round(self.height_pt * self.scale), 1)

    def _text_w(self, text: str, font: ImageFont.FreeTypeFont) -> float:
        return font.getlength(text) / self.scale

    def _wrap(self, text: str, width: float) -> list[str]:
        """Greedy word wrap in points; a word wider than the column gets a line of its own."""
        lines: list[str] = []
        line = ""
        for word in one_line(text).split():
            candidate = f"{line} {word}" if line else word
            if line and self._text_w(candidate, self.regular) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        if line:
            lines.append(line)
        return lines or [""]

    def _px(self, value: float) -> int:
        return round(value * self.scale)

    def _text(self, draw: ImageDraw.ImageDraw, x: float, top: float, text: str, font, fill: str):
        """Text whose cap height sits `top` points below the image's top edge."""
        draw.text((self._px(x), self._px(top)), text, font=font, fill=fill, anchor="ls")

    def draw(self, draw: ImageDraw.ImageDraw) -> None:
        size, ink = self.size, self.style.ink
        if self.chart.title:
            self._text(draw, 0, size * 1.1, one_line(self.chart.title), self.bold, ink)
        peak = self.peak
        top = self.title_h
        for bar, lines, row_h in zip(self.chart.bars, self.labels, self.rows, strict=True):
            mid = top + row_h / 2
            # Baseline of the first label line, so the block of lines centres on the bar.
            y = mid - (len(lines) - 1) * size * 0.6 + size * 0.35
            for line in lines:
                self._text(draw, 0, y, line, self.regular, ink)
                y += size * 1.2
            length = self.bar_area * bar_fraction(bar.value, peak)
            bar_h = min(row_h - 6, size * 1.5)
            x0 = self.label_w
            if length > 0:
                draw.rectangle(
                    (
                        self._px(x0),
                        self._px(mid - bar_h / 2),
                        self._px(x0 + length),
                        self._px(mid + bar_h / 2),
                    ),
                    fill=self.style.bar,
                )
            self._text(
                draw, x0 + length + 4, mid + size * 0.35, one_line(bar.shown), self.bold, ink
            )
            top += row_h
        axis_x = self._px(self.label_w)
        draw.line(
            (axis_x, self._px(self.title_h), axis_x, self._px(self.height_pt - 2)),
            fill=self.style.muted,
            width=max(round(0.6 * self.scale), 1),
        )
