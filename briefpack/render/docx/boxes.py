"""The boxed blocks of the DOCX: the threat panel and its scale, call-outs and quotes."""

from __future__ import annotations

from docx.shared import Pt, RGBColor
from docx.table import _Cell

from briefpack.document import nodes as n
from briefpack.render.design.blocks import Padding
from briefpack.render.docx import ooxml as x
from briefpack.render.docx.base import WriterBase
from briefpack.render.docx.flow import NO_BORDERS, Context, Flow, end_box, gap, keep_rows_together
from briefpack.render.docx.styles import STYLE
from briefpack.render.docx.units import eighths, twips


def cell_margins(pad: Padding) -> tuple[int, int, int, int]:
    """A design Padding as Word's cell margins (top, left, bottom, right) in twips."""
    return twips(pad.top), twips(pad.left), twips(pad.bottom), twips(pad.right)


class BoxBlocks(WriterBase):
    def threat_panel(self, node: n.ThreatPanel, flow: Flow, ctx: Context) -> None:
        palette = self.design.palette
        cell = self._panel(flow, palette.panel, stripe=palette.primary)
        if node.title:
            self.text(cell.paragraph(STYLE.kicker), node.title)
        self.text(cell.paragraph(STYLE.threat_level), node.name)
        if node.meaning_line:
            self.inlines(cell.paragraph(STYLE.threat_meaning), node.meaning_line)
        if node.since_line:
            self.text(cell.paragraph(STYLE.threat_since), node.since_line)
        if node.scale:
            self._threat_scale(node.scale, cell)
        if node.ni_line:
            self.inlines(cell.paragraph(), node.ni_line)
        self.blocks(node.note, cell, Context())
        end_box(cell)

    def _threat_scale(self, steps: tuple[n.ThreatScaleStep, ...], cell: Flow) -> None:
        """LOW … CRITICAL as a row of boxes, the marker's words and ▼ above the current one
        (outlined, in larger type), and each step's meaning under its box."""
        look, scale_gap = self.design.threat_scale, self.look.scale_gap
        gap_w = twips(look.gap)
        step_w = (cell.width - gap_w * (len(steps) - 1)) // len(steps)
        widths = [w for i in range(len(steps)) for w in ((gap_w, step_w) if i else (step_w,))]
        gap(cell.paragraph(), scale_gap)
        table = cell.table(3, len(widths), gap_after=scale_gap)
        tbl = table._tbl
        x.table_props(tbl, sum(widths), borders=NO_BORDERS, cell_margins=(0, 0, 0, 0))
        x.column_widths(tbl, widths)
        height = {"val": twips(look.box_height + look.grow), "hRule": "atLeast"}
        tbl.tr_lst[1].get_or_add_trPr().append(x.element("w:trHeight", height))
        markers, boxes, meanings = (row.cells for row in table.rows)
        for i, step in enumerate(steps):
            self._scale_step(step, markers[2 * i], boxes[2 * i], meanings[2 * i])
        for i in range(1, len(widths), 2):
            for row in (markers, boxes, meanings):
                gap(row[i].paragraphs[0], 1)

    def _scale_step(self, step: n.ThreatScaleStep, marker: _Cell, box: _Cell, meaning: _Cell):
        look, palette = self.design.threat_scale, self.design.palette
        marker_p = marker.paragraphs[0]
        marker_p._p.style = STYLE.threat_scale_marker
        if step.marker:
            # Words and a shape, so "current" never depends on colour alone.
            self.text(marker_p, step.marker).add_break()
            self.text(marker_p, look.marker_glyph)
        borders = None
        if step.current:
            line = x.Border(palette.text, size=eighths(look.outline))
            borders = dict.fromkeys(("top", "left", "bottom", "right"), line)
        label = Padding(0, look.label_pad, 0, look.label_pad)
        x.cell_props(box._tc, fill=palette.step_fill(step.rank), borders=borders,
                     margins=cell_margins(label), valign="center")  # fmt: skip
        p = box.paragraphs[0]
        p._p.style = STYLE.threat_scale
        run = self.text(p, step.name)
        run.font.color.rgb = RGBColor.from_string(palette.step_ink(step.rank))
        if step.current:
            run.font.size = Pt(self.design.styles.scale_current.size)
        below = Padding(look.meaning_gap, look.meaning_pad, 0, look.meaning_pad)
        x.cell_props(meaning._tc, margins=cell_margins(below))
        p = meaning.paragraphs[0]
        p._p.style = STYLE.threat_scale_note
        self.text(p, step.meaning, bold=step.current)

    def _panel(self, flow: Flow, fill: str, *, stripe: str) -> Flow:
        """A one-cell shaded panel with a thick stripe down its left, kept on one page."""
        look = self.look
        table = flow.table(1, 1, gap_after=look.after.panel)
        tbl = table._tbl
        borders = {**NO_BORDERS, "left": x.Border(stripe, size=eighths(look.panel_stripe))}
        x.table_props(tbl, flow.width, borders=borders)
        x.column_widths(tbl, [flow.width])
        x.cant_split(tbl.tr_lst[0])
        cell = table.rows[0].cells[0]
        pad = look.panel_padding
        x.cell_props(cell._tc, fill=fill, margins=cell_margins(pad))
        return Flow.cell(cell, flow.width - twips(pad.left + pad.right))

    def callout(self, node: n.Callout, flow: Flow, ctx: Context) -> None:
        """A box in the accent (alert) or primary (info) colour with a solid title bar."""
        if not node.title and not node.blocks:
            return
        alert = node.style != "info"
        look, palette = self.look, self.design.palette
        colour = palette.accent if alert else palette.primary
        rows = int(bool(node.title)) + int(bool(node.blocks))
        table = flow.table(rows, 1, gap_after=look.after.callout)
        tbl = table._tbl
        line = x.Border(colour, size=eighths(look.callout_border))
        box = dict.fromkeys(("top", "left", "bottom", "right"), line)
        x.table_props(tbl, flow.width, borders={**box, "insideH": None, "insideV": None})
        x.column_widths(tbl, [flow.width])
        cells = [row.cells[0] for row in table.rows]
        if node.title:
            pad = look.callout_title_padding
            title = cells.pop(0)
            x.cell_props(title._tc, fill=colour, margins=cell_margins(pad))
            inner = flow.width - twips(pad.left + pad.right)
            self.text(Flow.cell(title, inner).paragraph(STYLE.callout_title), node.title)
        if node.blocks:
            pad = look.callout_body_padding
            body_cell = cells[0]
            fill = None if alert else palette.panel
            x.cell_props(body_cell._tc, fill=fill, margins=cell_margins(pad))
            body = Flow.cell(body_cell, flow.width - twips(pad.left + pad.right))
            style = STYLE.callout_text if alert else STYLE.callout_info
            self.blocks(node.blocks, body, Context(style))
            end_box(body)
        for tr in tbl.tr_lst:
            x.cant_split(tr)
        keep_rows_together(tbl)

    def quote(self, node: n.Quote, flow: Flow, ctx: Context) -> None:
        """Quote-styled paragraphs (an accent bar at the left), then the attribution, and
        the quote's space after below the last of them."""
        start = len(flow.written)
        self.blocks(node.blocks, flow, Context(STYLE.quote))
        if node.attribution:
            self.text(flow.paragraph(STYLE.quote_attribution), node.attribution)
        written = flow.written[start:]
        for p in written[:-1]:  # a quote and its speaker stay together
            x.keep_next(x.ppr(p))
        if written:
            x.spacing(x.ppr(written[-1]), after=twips(self.look.after.quote))
