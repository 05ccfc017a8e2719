"""Statistics and the chart's figures, links with their QR codes (tables of data, as the
DOCX sets them out), and pictures, as mail HTML."""

from __future__ import annotations

from briefpack.document import nodes as n
from briefpack.render.design.fitting import shrink_to_fit
from briefpack.render.design.links import has_qr, is_clickable
from briefpack.render.email.css import PX_PER_MM, attrs, declarations, px, text
from briefpack.render.email.html_base import Ctx, layout_table, spacer
from briefpack.render.email.html_tables import TableBlocks, column_widths
from briefpack.render.email.pictures import chart_png, mail_image, qr_code
from briefpack.render.raster.pictures import BrandMeasure

PT_PER_PX = 0.75


class MediaBlocks(TableBlocks):
    _measure: BrandMeasure | None = None

    @property
    def measure(self) -> BrandMeasure:
        if self._measure is None:
            self._measure = BrandMeasure(self.brand)
        return self._measure

    def img(self, data: bytes, alt: str, width: int, height: int) -> str:
        """A picture at a fixed size (Outlook ignores CSS sizes on images, so both are
        attributes too), never wider than its column on a phone."""
        style = declarations(display="block", width=f"{width}px", max_width="100%",
                             height="auto", border=0, outline="none")  # fmt: skip
        src = self.pictures.source(data)
        return f"<img{attrs(src=src, alt=alt, width=width, height=height, style=style)}>"

    # ---- statistics --------------------------------------------------------------------

    def stat_grid(self, node: n.StatGrid, ctx: Ctx) -> str:
        """The statistics as a table, then the chart as a picture with its text alternative
        and its figures as a table after it, as the DOCX sets them out."""
        look = self.look
        out = ""
        if node.tiles:
            out = self._stat_table(node, ctx) + spacer(px(look.tile_gap + look.after.tiles))
        if node.chart is not None and node.chart.bars:
            out += self._chart(node.chart, ctx)
            out += self._chart_table(node.chart, node.headers[:2], ctx)
            out += spacer(px(look.after.chart))
        return out

    def _stat_table(self, node: n.StatGrid, ctx: Ctx) -> str:
        """One statistic a row: its figure (the tile's big bold figure, set smaller rather
        than broken when long), what it counts, its source and its date."""
        s, tables = self.styles, self.design.tables
        widths = column_widths(tables.stat_shares, ctx.width)
        pad = tables.cell_padding
        room_pt = (widths[0] - px(pad.left + pad.right)) * PT_PER_PX
        rows = []
        for tile in node.tiles:
            natural = self.measure(tile.value, tables.value.face, tables.value.size)
            size = shrink_to_fit(natural, tables.value.size, room_pt, s.stat_value_min)
            figure = self.cell([(tables.value, text(tile.value))], font_size=f"{px(size)}px")
            rows.append([figure, self.cell([(s.stat_label, text(tile.label))]),
                         self.cell([(s.stat_source, text(tile.source))]),
                         self.cell([(s.stat_source, text(tile.as_of))])])  # fmt: skip
        return self.data_table(node.headers, widths, rows, tables.right_aligned)

    def _chart(self, chart: n.BarChart, ctx: Ctx) -> str:
        png, width_pt, height_pt = chart_png(chart, ctx.width * PT_PER_PX, self.design, self.brand)
        picture = self.img(
            png, chart.alt, round(width_pt / PT_PER_PX), round(height_pt / PT_PER_PX)
        )
        # The chart's table follows closely: the space below the picture is the space above.
        gap = spacer(px(self.look.chart_before))
        return gap + picture + gap

    def _chart_table(self, chart: n.BarChart, headers: tuple[str, ...], ctx: Ctx) -> str:
        """The chart's bars as a table of figure and what it counts, for anyone who cannot
        see the picture (and for a client that blocks pictures)."""
        tables = self.design.tables
        widths = column_widths(tables.chart_shares, ctx.width)
        rows = [[self.cell([(tables.figure, text(bar.shown))]),
                 self.cell([(self.styles.stat_label, text(bar.label))])]
                for bar in chart.bars]  # fmt: skip
        return self.data_table(headers, widths, rows, tables.right_aligned)

    # ---- links -------------------------------------------------------------------------

    def links(self, node: n.Links, ctx: Ctx) -> str:
        """One entry a row under the tree's column headers: its name and note, its address
        and phone, and a QR code beside each web address (a column only when one has)."""
        if not node.entries:
            return ""
        look, tables = self.look, self.design.tables
        with_qr = any(has_qr(entry) for entry in node.entries)
        pad = tables.cell_padding
        qr_col = px(look.qr_size + pad.left + pad.right) if with_qr else 0
        widths = column_widths(tables.link_shares, ctx.width - qr_col) + (
            [qr_col] if with_qr else []
        )
        rows = []
        for entry in node.entries:
            row = [self._link_name(entry), self._link_reach(entry)]
            rows.append(row + ([self._qr(entry)] if with_qr else []))
        return self.data_table(node.headers, widths, rows) + spacer(px(look.after.links))

    def _link_name(self, entry: n.LinkEntry) -> str:
        s = self.styles
        return self.cell([(s.link_label, text(entry.label)), (s.link_note, text(entry.note))])

    def _link_reach(self, entry: n.LinkEntry) -> str:
        s = self.styles
        address = ""
        if entry.url:
            # A long address may break after a slash rather than inside a word.
            shown = text(entry.shown_url or entry.url).replace("/", "/<wbr>")
            address = self.anchor(entry.url, shown) if is_clickable(entry.url) else shown
        return self.cell([(s.link_line, address), (s.link_line, self.inlines(entry.phone_line))])

    def _qr(self, entry: n.LinkEntry) -> str:
        if not has_qr(entry):
            return ""
        size = px(self.look.qr_size)
        return self.img(qr_code(entry.url), entry.qr_alt, size, size)

    # ---- pictures ----------------------------------------------------------------------

    def image(self, node: n.Image, ctx: Ctx) -> str:
        """The picture centred at its size (width_mm, else its pixels), never wider than
        the column, with its caption; one no decoder can read is printed as its words."""
        width, height = self._image_size(node, ctx.width)
        try:
            picture = self.img(mail_image(node), node.alt, width, height)
        except (OSError, ValueError):
            picture = self.para(ctx.style, f"<em>{text(node.stand_in)}</em>")
        cell = f"<tr><td{attrs(align='center')}>{picture}</td></tr>"
        out = layout_table(cell) + self.words(self.styles.caption, node.caption)
        return out + spacer(px(self.look.after.image))

    def _image_size(self, node: n.Image, column: int) -> tuple[int, int]:
        natural = node.width_mm * PX_PER_MM if node.width_mm else node.width_px
        ratio = node.height_px / node.width_px if node.width_px and node.height_px else 1.0
        width = max(min(round(natural), column), 1)
        return width, max(round(width * ratio), 1)
