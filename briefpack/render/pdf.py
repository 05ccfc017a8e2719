"""Render a Document to PDF with reportlab platypus: one walk over the node tree.

User text only ever reaches reportlab through `PdfFonts.markup` (escaped) and
quoted attributes, so nothing a user types can become reportlab markup. The tree comes
from compose finished and cleaned: every word here is the tree's, none is made up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from io import BytesIO
from xml.sax.saxutils import quoteattr

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    HRFlowable,
    ListFlowable,
    ListItem,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus import PageBreak as RLPageBreak
from reportlab.platypus.doctemplate import LayoutError

from briefpack.document import nodes as n
from briefpack.render.images import has_qr
from briefpack.render.pdf_anchors import SectionPlaces
from briefpack.render.pdf_chart import ChartLook, bar_chart
from briefpack.render.pdf_flowables import (
    CHUNK_CHARS,
    FittedImage,
    Keep,
    OutlinedParagraph,
    OutlineLevels,
    Para,
    QrCode,
    ThreatScale,
    WholeRowTable,
    split_inlines,
)
from briefpack.render.pdf_fonts import PdfFonts, fonts_for
from briefpack.render.pdf_page import (
    FRAME_BOTTOM,
    FRAME_TOP,
    MARGIN,
    PageCountCanvas,
    PageLook,
    draw_furniture,
    page_size,
)
from briefpack.render.pdf_story import keep_headings_with_next, one_break_at_a_time, one_line_room
from briefpack.render.pdf_styles import Palette, Styles, make_styles
from briefpack.render.places import Place

__all__ = ["layout_problem", "render_pdf", "render_pdf_with_places"]

# Binary (Flate-only) streams: ASCII85 on top makes files a quarter larger and,
# without reportlab's C accelerator, costs several ms a render.
rl_config.useA85 = 0

SAFE_SCHEMES = ("http://", "https://", "mailto:", "tel:")
TILE_GAP = 4 * mm
STAT_COLUMNS = 3
QR_SIZE = 20 * mm


def render_pdf(doc: n.Document, *, invariant: bool = False) -> bytes:
    """The document as PDF bytes. invariant=True gives byte-identical output for equal input."""
    return _render(doc, invariant, None)


def render_pdf_with_places(
    doc: n.Document, *, invariant: bool = False
) -> tuple[bytes, list[Place | None]]:
    """The PDF and where each section starts on its pages (the preview scrolls there): one
    place per section (see n.SectionStart), None for a section that drew nothing."""
    places = SectionPlaces(doc.blocks)
    return _render(doc, invariant, places), places.places


def _render(doc: n.Document, invariant: bool, places: SectionPlaces | None) -> bytes:
    fonts = fonts_for(doc.brand)
    palette = Palette.of(doc.brand)
    styles = make_styles(doc.brand, fonts, palette)
    furniture = doc.furniture
    size = page_size(furniture.page_size)
    frame_w = size[0] - 2 * MARGIN
    frame_h = size[1] - FRAME_TOP - FRAME_BOTTOM
    walker = _Walker(fonts, styles, palette, frame_h, places)
    story = keep_headings_with_next(walker.blocks(doc.blocks, _Context(styles.body, frame_w)))
    story = one_break_at_a_time(story)
    if not story:
        story = [Spacer(1, 1)]  # platypus needs something to lay out

    out = BytesIO()
    look = PageLook(one_line_room(furniture), fonts, palette, doc.brand.logo_path, styles.scale)
    template = _doc_template(out, furniture, size, fonts, invariant)
    if places is not None:
        places.watch(template)
    frame = Frame(MARGIN, FRAME_BOTTOM, frame_w, frame_h, 0, 0, 0, 0, id="body")
    template.addPageTemplates(
        [PageTemplate("page", [frame], onPage=lambda canv, _doc: draw_furniture(canv, look))]
    )
    template.build(story, canvasmaker=partial(PageCountCanvas, look=look))
    return out.getvalue()


def layout_problem(doc: n.Document) -> str | None:
    """Lay `doc` out exactly as render_pdf does and throw the bytes away: None if it lays
    out, else one line saying why (for `briefpack validate`, so "ok" means it renders)."""
    try:
        render_pdf(doc)
    except LayoutError as exc:
        lines = str(exc).strip().splitlines()
        return f"the PDF cannot be laid out ({lines[0][:200] if lines else 'no room'})"
    return None


def _doc_template(out, furniture: n.Furniture, size, fonts: PdfFonts, invariant: bool):
    return BaseDocTemplate(
        out,
        pagesize=size,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=FRAME_TOP,
        bottomMargin=FRAME_BOTTOM,
        title=furniture.title,
        author=furniture.author,
        subject=furniture.subject,
        keywords=list(furniture.keywords),
        creator="briefpack",
        producer="briefpack (ReportLab)",
        lang=furniture.language or "en-GB",
        invariant=1 if invariant else 0,
        displayDocTitle=1,
        # Without this the page preamble names Helvetica, a font we never embed.
        initialFontName=fonts.regular,
        initialFontSize=10,
        initialLeading=12,
    )


@dataclass(frozen=True)
class _Context:
    """Where blocks are being drawn: the paragraph style and width available."""

    style: ParagraphStyle
    width: float
    list_depth: int = 0


class _Walker:
    """Turns nodes into flowables; one instance per render (it numbers bookmarks)."""

    def __init__(
        self,
        fonts: PdfFonts,
        styles: Styles,
        palette: Palette,
        frame_h: float,
        places: SectionPlaces | None = None,
    ):
        self.fonts = fonts
        self.styles = styles
        self.palette = palette
        self.frame_h = frame_h
        self.places = places
        self.outline = OutlineLevels()
        self._joined: dict[tuple[str, bool, bool], ParagraphStyle] = {}
        self._dispatch: dict[type, Callable[[object, _Context], list[Flowable]]] = {
            n.SectionStart: self.section_start,
            n.Title: self.title,
            n.Heading: self.heading,
            n.Paragraph: self.paragraph,
            n.ListBlock: self.list_block,
            n.ThreatPanel: self.threat_panel,
            n.StatGrid: self.stat_grid,
            n.Callout: self.callout,
            n.Quote: self.quote,
            n.Links: self.links,
            n.Image: self.image,
            n.PageBreak: lambda _node, _ctx: [RLPageBreak()],
        }

    def blocks(self, blocks: Iterable[n.Block], ctx: _Context) -> list[Flowable]:
        out: list[Flowable] = []
        for block in blocks:
            out.extend(self._dispatch[type(block)](block, ctx))
        return out

    # ---- inline -------------------------------------------------------------

    def inline(self, inlines: Iterable[n.Inline]) -> str:
        return "".join(self._inline(node) for node in inlines)

    def _inline(self, node: n.Inline) -> str:
        if isinstance(node, n.Text):
            return self.text(node.text, bold=node.bold, italic=node.italic)
        if isinstance(node, n.LineBreak):
            return "<br/>"
        inner = self.inline(node.children)
        return self.link(node.url, inner) if inner else ""

    def text(self, text: str, *, bold: bool = False, italic: bool = False) -> str:
        markup = self.fonts.markup(text)
        if bold:
            markup = f"<b>{markup}</b>"
        if italic:
            markup = f"<i>{markup}</i>"
        return markup

    def link(self, url: str, inner_markup: str) -> str:
        """A clickable link around already-escaped markup; unsafe schemes stay plain text."""
        if not url.lower().startswith(SAFE_SCHEMES):
            return inner_markup
        colour = self.palette.primary.hexval().replace("0x", "#")
        return f"<a href={quoteattr(url)} color={quoteattr(colour)}><u>{inner_markup}</u></a>"

    def para(self, markup: str, style: ParagraphStyle) -> Para:
        return Para(markup, style)

    def paras(self, inlines: tuple[n.Inline, ...], style: ParagraphStyle) -> list[Flowable]:
        """One paragraph, as several ~2 KB paragraphs set as one when it is long."""
        chunks = split_inlines(inlines)
        if len(chunks) == 1:
            return [self.para(self.inline(inlines), style)]
        last = len(chunks) - 1
        return [
            self.para(self.inline(chunk), self._joined_style(style, i == 0, i == last))
            for i, chunk in enumerate(chunks)
        ]

    def text_paras(self, text: str, style: ParagraphStyle, **emphasis: bool) -> list[Flowable]:
        """Paragraphs for a plain text field (a label, a caption, a note), split when long."""
        if len(text) <= CHUNK_CHARS:
            return [self.para(self.text(text, **emphasis), style)]
        return self.paras((n.Text(text, **emphasis),), style)

    def _joined_style(self, style: ParagraphStyle, first: bool, last: bool) -> ParagraphStyle:
        """`style` without the space between the pieces of one split paragraph."""
        key = (style.name, first, last)
        if key not in self._joined:
            self._joined[key] = ParagraphStyle(
                f"{style.name}-piece-{int(first)}{int(last)}", parent=style,
                spaceBefore=style.spaceBefore if first else 0,
                spaceAfter=style.spaceAfter if last else 0,
            )  # fmt: skip
        return self._joined[key]

    def table(
        self, rows: list[list], widths: list[float], commands: list[tuple], cls=Table, **kw
    ) -> Table:
        """A layout table; its own font is set so empty cells never pull in Helvetica."""
        table = cls(rows, colWidths=widths, **kw)
        table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), self.fonts.regular), *commands]))
        return table

    # ---- simple blocks ------------------------------------------------------

    def section_start(self, node: n.SectionStart, ctx: _Context) -> list[Flowable]:
        """Nothing drawn; when places are kept, a marker that notes where the section lands.
        (Only then: an export lays out exactly as it did before section places existed.)"""
        return [self.places.marker(node)] if self.places is not None else []

    def title(self, node: n.Title, ctx: _Context) -> list[Flowable]:
        s = self.styles
        out = self._outlined((n.Text(node.title),), node.title, s.title, 0)
        if node.subtitle:
            out += self.text_paras(node.subtitle, s.subtitle)
        if node.byline:
            out += self.text_paras(node.byline, s.byline)
        out.append(
            HRFlowable(
                width="100%", thickness=1.5, color=self.palette.accent,
                spaceBefore=6, spaceAfter=10, hAlign="LEFT",
            )
        )  # fmt: skip
        return out

    def heading(self, node: n.Heading, ctx: _Context) -> list[Flowable]:
        style = self.styles.heading(node.level)
        if node.level <= 2 and ctx.list_depth == 0:
            return self._outlined(node.inlines, node.text, style, node.level)
        return self.paras(node.inlines, style)

    def _outlined(
        self, inlines: tuple[n.Inline, ...], title: str, style: ParagraphStyle, wanted: int
    ) -> list[Flowable]:
        """A heading with a bookmark (on its first piece, should it be long enough to split)."""
        level, key = self.outline.next(wanted)
        out = self.paras(inlines, style)
        first = out[0]
        heading = OutlinedParagraph(first.text, first.style).set_outline(
            " ".join(title.split()), level, key
        )
        return [heading, *out[1:]]

    def paragraph(self, node: n.Paragraph, ctx: _Context) -> list[Flowable]:
        return self.paras(node.inlines, ctx.style)

    # ---- lists --------------------------------------------------------------

    def list_block(self, node: n.ListBlock, ctx: _Context) -> list[Flowable]:
        size = ctx.style.fontSize
        indent = size * 1.7
        inner = _Context(
            self._list_style(ctx.style), ctx.width - indent, list_depth=ctx.list_depth + 1
        )
        items = [ListItem(self.blocks(item.blocks, inner) or [Spacer(1, 1)]) for item in node.items]
        common = dict(
            leftIndent=indent, spaceAfter=ctx.style.spaceAfter if not ctx.list_depth else 0
        )
        if node.ordered:
            return [
                ListFlowable(
                    items, bulletType="1", start=node.start, bulletFormat="%s.",
                    bulletFontName=self.fonts.regular, bulletFontSize=size,
                    bulletColor=ctx.style.textColor, bulletAlign="right",
                    bulletDedent=size * 0.5, **common,
                )
            ]  # fmt: skip
        return [ListFlowable(items, bulletType="bullet", **self._bullet(ctx, size), **common)]

    def _bullet(self, ctx: _Context, size: float) -> dict:
        """◆ in the accent colour at the top level (the reference handout's look), • nested."""
        if ctx.list_depth == 0 and self.fonts.fallback and self.fonts.needs_fallback("◆"):
            font, char, colour, scale = self.fonts.fallback, "◆", self.palette.accent, 0.8
        elif ctx.list_depth == 0 and ord("◆") in self.fonts.covered:
            font, char, colour, scale = self.fonts.regular, "◆", self.palette.accent, 0.8
        else:
            # No font with ◆: the top level still stands out in the accent colour.
            colour = self.palette.accent if ctx.list_depth == 0 else ctx.style.textColor
            font, char, scale = self.fonts.regular, "•", 1.0
        return dict(
            start=char, bulletFontName=font, bulletColor=colour,
            bulletFontSize=self.styles.scale.at_least(size * scale),  # large print: >= floor
            bulletOffsetY=-size * (1 - scale) * 0.15,
        )  # fmt: skip

    def _list_style(self, style: ParagraphStyle) -> ParagraphStyle:
        """List items: tighter spacing, and always left-aligned (bullets sit at the left)."""
        if style is self.styles.body:
            return self.styles.list_body
        tight = style.fontSize * 0.3
        if style.spaceAfter <= tight and style.alignment == TA_LEFT:
            return style
        return ParagraphStyle(
            f"{style.name}-list", parent=style, spaceAfter=min(style.spaceAfter, tight),
            alignment=TA_LEFT,
        )  # fmt: skip

    # ---- threat panel -------------------------------------------------------

    def threat_panel(self, node: n.ThreatPanel, ctx: _Context) -> list[Flowable]:
        s = self.styles
        inner_w = ctx.width - 2 * 12
        cell: list[Flowable] = []
        if node.title:
            cell += self.text_paras(node.title, s.kicker)
        cell.append(self.para(self.text(node.name), s.threat_name))
        if node.meaning_line:
            cell.append(self.para(self.inline(node.meaning_line), s.threat_meaning))
        if node.since_line:
            cell.append(self.para(self.text(node.since_line), s.threat_small))
        if node.scale:
            cell += [Spacer(1, 6), self._threat_scale(node.scale)]
        if node.ni_line:
            cell.append(Spacer(1, 6))
            cell.append(self.para(self.inline(node.ni_line), s.body))
        cell += self.blocks(node.note, _Context(s.body, inner_w))
        return [Keep([self._panel(cell, ctx.width, self.palette.primary)])]

    def _threat_scale(self, steps: tuple[n.ThreatScaleStep, ...]) -> ThreatScale:
        colours = (self.palette.step_fills, self.palette.step_inks)
        return ThreatScale(steps, self.fonts, self.palette.text, self.styles.scale, colours)

    def _panel(self, cell: list[Flowable], width: float, stripe: colors.Color) -> Table:
        table = self.table(
            [[cell]], [width],
            [
                ("BACKGROUND", (0, 0), (-1, -1), self.palette.panel),
                ("LINEBEFORE", (0, 0), (0, -1), 4, stripe),
                ("LEFTPADDING", (0, 0), (-1, -1), 12),
                ("RIGHTPADDING", (0, 0), (-1, -1), 12),
                ("TOPPADDING", (0, 0), (-1, -1), 10),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
            ],
            splitInRow=1,
        )  # fmt: skip
        table.spaceAfter = self.styles.body.spaceAfter * 1.5
        return table

    # ---- statistics ---------------------------------------------------------

    def stat_grid(self, node: n.StatGrid, ctx: _Context) -> list[Flowable]:
        tile_w = (ctx.width - TILE_GAP * (STAT_COLUMNS - 1)) / STAT_COLUMNS
        # One table per row of tiles: a grid taller than a page then breaks
        # between rows, never through a tile.
        parts: list[Flowable] = [
            self._tile_row(node.tiles[i : i + STAT_COLUMNS], tile_w)
            for i in range(0, len(node.tiles), STAT_COLUMNS)
        ]
        gap = Spacer(1, self.styles.body.spaceAfter * 1.2)
        # Tiles and chart are kept whole each, not together: together they can
        # outgrow a page and would then be split between tile rows.
        out: list[Flowable] = [Keep([*parts, gap])] if parts else []
        if node.chart and node.chart.bars:
            # A chart taller than a page (less the space around it) splits between rows.
            room = self.frame_h - 6 - gap.height - 2
            chart = self._chart(node.chart, ctx.width, room)
            out.append(Keep([Spacer(1, 6), chart, gap]))
        return out

    def _tile_row(self, tiles: tuple[n.StatTile, ...], tile_w: float) -> Table:
        pad = 9
        row: list = []
        commands: list[tuple] = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), pad),
            ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            ("TOPPADDING", (0, 0), (-1, -1), 8),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 9),
        ]
        for i in range(STAT_COLUMNS):
            if i:
                row.append("")  # gutter column
            if i < len(tiles):
                row.append(self._tile(tiles[i], tile_w - 2 * pad))
                commands += [
                    ("BACKGROUND", (2 * i, 0), (2 * i, 0), self.palette.panel),
                    ("LINEABOVE", (2 * i, 0), (2 * i, 0), 2.5, self.palette.primary),
                ]
            else:
                row.append("")
        widths = [tile_w, TILE_GAP] * (STAT_COLUMNS - 1) + [tile_w]
        # A tile taller than a page (a 5,000-word label) breaks inside itself.
        table = self.table([row], widths, commands, hAlign="LEFT", splitInRow=1, cls=WholeRowTable)
        table.spaceAfter = TILE_GAP
        return table

    def _tile(self, tile: n.StatTile, width: float) -> list[Flowable]:
        s = self.styles
        cell = [
            *self.text_paras(tile.value, self._value_style(tile.value, width)),
            *self.text_paras(tile.label, s.stat_label),
        ]
        for line in self._source_lines(tile, width):
            cell += self.text_paras(line, s.stat_source)
        return cell

    def _value_style(self, value: str, width: float) -> ParagraphStyle:
        """The big figure on one line: a long value is set smaller rather than broken."""
        style = self.styles.stat_value
        natural = self.fonts.string_width(value, style.fontName, style.fontSize)
        if natural <= width:
            return style
        size = max(self.styles.scale(11.0), style.fontSize * width / natural)
        return ParagraphStyle("bp-stat-value-fit", parent=style, fontSize=size, leading=size * 1.15)

    def _source_lines(self, tile: n.StatTile, width: float) -> tuple[str, ...]:
        """The source line on one line when it fits, else as two (the date on its own)."""
        style = self.styles.stat_source
        line = tile.source_line
        if not line or self.fonts.string_width(line, style.fontName, style.fontSize) <= width:
            return (line,) if line else ()
        return tile.source_lines or (line,)

    def _chart(self, chart: n.BarChart, width: float, room: float) -> Flowable:
        look = ChartLook(
            bar=self.palette.primary, ink=self.palette.text, muted=self.palette.muted,
            size=self.styles.body.fontSize - 1,
        )  # fmt: skip
        return bar_chart(chart, width, self.fonts, look, room)

    # ---- callout and quote --------------------------------------------------

    def callout(self, node: n.Callout, ctx: _Context) -> list[Flowable]:
        alert = node.style != "info"
        colour = self.palette.accent if alert else self.palette.primary
        body_style = self.styles.callout_alert if alert else self.styles.callout_info
        pad = 12
        rows: list[list] = []
        if node.title:
            rows.append([self.text_paras(node.title, self.styles.callout_title)])
        body = self.blocks(node.blocks, _Context(body_style, ctx.width - 2 * pad))
        if body:
            rows.append([body])
        if not rows:
            return []
        commands: list[tuple] = [
            ("BOX", (0, 0), (-1, -1), 2, colour),
            ("LEFTPADDING", (0, 0), (-1, -1), pad),
            ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            ("TOPPADDING", (0, 0), (-1, -1), 9),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
        ]
        if node.title:
            commands += [
                ("BACKGROUND", (0, 0), (-1, 0), colour),
                ("TOPPADDING", (0, 0), (-1, 0), 7),
                ("BOTTOMPADDING", (0, 0), (-1, 0), 7),
            ]
        if not alert:
            commands.append(("BACKGROUND", (0, len(rows) - 1), (-1, -1), self.palette.panel))
        table = self.table(rows, [ctx.width], commands, splitInRow=1)
        table.spaceBefore = 4
        table.spaceAfter = self.styles.body.spaceAfter * 1.6
        return [Keep([table])]

    def quote(self, node: n.Quote, ctx: _Context) -> list[Flowable]:
        indent = 6 * mm
        pad = 10
        width = ctx.width - indent
        cell = self.blocks(node.blocks, _Context(self.styles.quote, width - pad - 4))
        if node.attribution:
            cell += self.text_paras(node.attribution, self.styles.attribution)
        table = self.table(
            [[cell]], [width],
            [
                ("LINEBEFORE", (0, 0), (0, -1), 3, self.palette.accent),
                ("LEFTPADDING", (0, 0), (-1, -1), pad),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ],
            hAlign="RIGHT", splitInRow=1,
        )  # fmt: skip
        table.spaceBefore = 2
        table.spaceAfter = self.styles.body.spaceAfter * 1.4
        return [table]

    # ---- links --------------------------------------------------------------

    def links(self, node: n.Links, ctx: _Context) -> list[Flowable]:
        """One small table per entry: a heading then keeps with the first entry only,
        and the list breaks between entries, never through one."""
        with_qr = any(has_qr(e) for e in node.entries)
        qr_col = QR_SIZE + 10 if with_qr else 0
        widths = [ctx.width - qr_col, qr_col] if with_qr else [ctx.width]
        out: list[Flowable] = []
        for i, entry in enumerate(node.entries):
            row: list = [self._link_entry(entry)]
            if with_qr:
                row.append(QrCode(entry.url, QR_SIZE) if has_qr(entry) else "")
            last = i == len(node.entries) - 1
            commands = [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
                ("ALIGN", (-1, 0), (-1, -1), "RIGHT"),
            ]
            if not last:
                commands.append(("LINEBELOW", (0, 0), (-1, -1), 0.5, self.palette.rule))
            table = self.table(
                [row], widths, commands, hAlign="LEFT", splitInRow=1, cls=WholeRowTable
            )
            if last:
                table.spaceAfter = self.styles.body.spaceAfter
            out.append(table)
        return out

    def _link_entry(self, entry: n.LinkEntry) -> list[Flowable]:
        s = self.styles
        cell = self.text_paras(entry.label, s.link_label)
        if entry.url:
            shown = entry.shown_url or entry.url
            cell.append(self.para(self.link(entry.url, self.text(shown)), s.link_line))
        if entry.phone_line:
            cell.append(self.para(self.inline(entry.phone_line), s.link_line))
        if entry.note:
            cell += self.text_paras(entry.note, s.link_note)
        return cell

    # ---- images -------------------------------------------------------------

    def image(self, node: n.Image, ctx: _Context) -> list[Flowable]:
        natural = node.width_mm * mm if node.width_mm else node.width_px * 0.75  # 96 dpi
        caption_room = 40 if node.caption else 0
        picture = FittedImage(
            node.data, node.width_px, node.height_px, alt=node.alt, fonts=self.fonts,
            natural_width=natural, max_height=self.frame_h - caption_room - 12,
        )  # fmt: skip
        parts: list[Flowable] = [picture]
        if node.caption:
            parts += self.text_paras(node.caption, self.styles.caption)
        parts.append(Spacer(1, self.styles.body.spaceAfter))
        return [Keep(parts)]
