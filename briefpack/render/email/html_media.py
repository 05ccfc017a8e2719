"""Statistics, the chart, links with their QR codes, and pictures, as mail HTML."""

from __future__ import annotations

from briefpack.document import nodes as n
from briefpack.render.design.fitting import shrink_to_fit, source_lines
from briefpack.render.design.links import has_qr
from briefpack.render.email.css import PX_PER_MM, attrs, colour, declarations, px, text
from briefpack.render.email.html_base import Ctx, layout_table, spacer
from briefpack.render.email.html_boxes import BoxBlocks, padding
from briefpack.render.email.pictures import chart_png, mail_image, qr_code
from briefpack.render.raster.pictures import BrandMeasure

PT_PER_PX = 0.75


def _share(width: int, whole: int) -> str:
    """A column's width as a share of its row: the row narrows on a phone, the columns with
    it (Outlook, at the full width, draws the same widths as pixels would)."""
    return f"{width * 100 / max(whole, 1):.2f}%"


class MediaBlocks(BoxBlocks):
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
        """Tiles three to a row, then the chart as a picture with its text alternative."""
        out = self._tiles(node.tiles, ctx) if node.tiles else ""
        if node.chart is not None and node.chart.bars:
            out += self._chart(node.chart, ctx)
        return out

    def _tiles(self, tiles: tuple[n.StatTile, ...], ctx: Ctx) -> str:
        look = self.look
        columns, gap = look.stat_columns, px(look.tile_gap)
        tile_w = (ctx.width - gap * (columns - 1)) // columns
        rows = []
        for start in range(0, len(tiles), columns):
            cells = []
            for col in range(columns):
                if col:
                    cells.append(f"<td{attrs(width=_share(gap, ctx.width))}></td>")
                index = start + col
                cells.append(self._tile(tiles[index], tile_w, ctx.width) if index < len(tiles)
                             else f"<td{attrs(width=_share(tile_w, ctx.width))}></td>")  # fmt: skip
            if rows:
                rows.append(f"<tr><td{attrs(colspan=2 * columns - 1, height=gap)}></td></tr>")
            rows.append(f"<tr>{''.join(cells)}</tr>")
        return layout_table("".join(rows)) + spacer(px(look.tile_gap + look.after.tiles))

    def _tile(self, tile: n.StatTile, width: int, row_width: int) -> str:
        s, look, palette = self.styles, self.look, self.palette
        pad = look.tile_padding
        room_pt = (width - px(pad.left + pad.right)) * PT_PER_PX
        value_style = s.stat_value
        natural = self.measure(tile.value, value_style.face, value_style.size)
        size = shrink_to_fit(natural, value_style.size, room_pt, s.stat_value_min)
        inner = self.para(value_style, text(tile.value), font_size=f"{px(size)}px")
        inner += self.words(s.stat_label, tile.label)
        for line in source_lines(tile, self.measure, s.stat_source.size, room_pt):
            inner += self.words(s.stat_source, line)
        rule = f"{px(look.tile_rule)}px solid {colour(palette.primary)}"
        fill = colour(palette.panel)
        cell = attrs(width=_share(width, row_width), valign="top", bgcolor=fill,
                     style=declarations(background_color=fill,
                                        border_top=rule, padding=padding(pad)))  # fmt: skip
        return f"<td{cell}>{inner}</td>"

    def _chart(self, chart: n.BarChart, ctx: Ctx) -> str:
        png, width_pt, height_pt = chart_png(chart, ctx.width * PT_PER_PX, self.design, self.brand)
        picture = self.img(
            png, chart.alt, round(width_pt / PT_PER_PX), round(height_pt / PT_PER_PX)
        )
        look = self.look
        return spacer(px(look.chart_before)) + picture + spacer(px(look.after.chart))

    # ---- links -------------------------------------------------------------------------

    def links(self, node: n.Links, ctx: Ctx) -> str:
        """Label, address, phone and note per entry; a QR code beside each web address."""
        if not node.entries:
            return ""
        look = self.look
        with_qr = any(has_qr(entry) for entry in node.entries)
        qr_col = px(look.qr_size + look.qr_gap) if with_qr else 0
        rule = f"{px(look.link_rule) or 1}px solid {colour(self.palette.rule)}"
        last = len(node.entries) - 1
        rows = []
        for i, entry in enumerate(node.entries):
            border = rule if i < last else None
            cell = declarations(padding=padding(look.link_padding), border_bottom=border)
            words = f"<td{attrs(valign='top', style=cell)}>{self._link_words(entry)}</td>"
            qr = ""
            if with_qr:
                qr = (f'<td{attrs(width=qr_col, align="right", valign="top", style=cell)}>'
                      f"{self._qr(entry)}</td>")  # fmt: skip
            rows.append(f"<tr>{words}{qr}</tr>")
        return layout_table("".join(rows)) + spacer(px(look.after.links))

    def _link_words(self, entry: n.LinkEntry) -> str:
        s = self.styles
        out = self.words(s.link_label, entry.label)
        if entry.url:
            out += self.para(s.link_line, self.link_words(entry.url, entry.shown_url or entry.url))
        if entry.phone_line:
            out += self.para(s.link_line, self.inlines(entry.phone_line))
        return out + self.words(s.link_note, entry.note)

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
