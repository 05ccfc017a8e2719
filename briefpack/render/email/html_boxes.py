"""The boxed blocks as mail HTML: the threat panel and its scale, call-outs and quotes.

Each box is a table cell: the only element whose background, border and padding Outlook's
Word engine draws. Colours are given twice, as bgcolor and in the style, for the clients
that honour only one of them.
"""

from __future__ import annotations

from briefpack.document import nodes as n
from briefpack.render.design.blocks import Padding
from briefpack.render.email.css import attrs, colour, declarations, px, text
from briefpack.render.email.html_base import Ctx, HtmlBase, layout_table, spacer


def padding(pad: Padding) -> str:
    return f"{px(pad.top)}px {px(pad.right)}px {px(pad.bottom)}px {px(pad.left)}px"


class BoxBlocks(HtmlBase):
    def box_cell(self, inner: str, *, fill: str | None = None, **style: str | None) -> str:
        """One table cell holding `inner`, filled with `fill` ('RRGGBB') when given."""
        bg = colour(fill) if fill else None
        cell = attrs(bgcolor=bg, valign="top", style=declarations(background_color=bg, **style))
        return f"<td{cell}>{inner}</td>"

    def threat_panel(self, node: n.ThreatPanel, ctx: Ctx) -> str:
        s, look, palette = self.styles, self.look, self.palette
        pad = look.panel_padding
        inner_width = ctx.width - px(pad.left + pad.right + look.panel_stripe)
        inner = self.words(s.kicker, node.title) + self.words(s.threat_name, node.name)
        if node.meaning_line:
            inner += self.para(s.threat_meaning, self.inlines(node.meaning_line))
        inner += self.words(s.threat_since, node.since_line)
        if node.scale:
            inner += spacer(px(look.scale_gap)) + self._scale(node.scale)
            inner += spacer(px(look.scale_gap))
        if node.ni_line:
            inner += self.para(s.body, self.inlines(node.ni_line))
        inner += self.blocks(node.note, Ctx(s.body, inner_width))
        stripe = f"{px(look.panel_stripe)}px solid {colour(palette.primary)}"
        cell = self.box_cell(inner, fill=palette.panel, border_left=stripe, padding=padding(pad))
        return layout_table(f"<tr>{cell}</tr>") + spacer(px(look.after.panel))

    def _scale(self, steps: tuple[n.ThreatScaleStep, ...]) -> str:
        """LOW … CRITICAL in a row of boxes; the current one outlined, in larger type, with
        the tree's marker words and ▼ above it, so "current" never depends on colour."""
        look, s = self.design.threat_scale, self.styles
        width = f"{100 // max(len(steps), 1)}%"
        markers, boxes, meanings = [], [], []
        for step in steps:
            marker = ""
            if step.marker:
                marker = self.para(s.scale_marker, f"{text(step.marker)}<br>{look.marker_glyph}")
            markers.append(f"<td{attrs(width=width, valign='bottom')}>{marker}</td>")
            boxes.append(self._step_box(step, width))
            meaning = self.para(s.scale_meaning, text(step.meaning),
                                font_weight="bold" if step.current else "normal")  # fmt: skip
            meanings.append(f"<td{attrs(valign='top', style='padding-top:3px')}>{meaning}</td>")
        rows = "".join(f"<tr>{''.join(row)}</tr>" for row in (markers, boxes, meanings))
        return layout_table(rows, cellspacing=px(look.gap) // 2)

    def _step_box(self, step: n.ThreatScaleStep, width: str) -> str:
        look, s, palette = self.design.threat_scale, self.styles, self.palette
        style = s.scale_current if step.current else s.scale_step
        ink = colour(palette.step_ink(step.rank))
        name = self.para(style, text(step.name), color=ink)
        outline = f"{px(look.outline)}px solid {colour(palette.text)}" if step.current else None
        height = px(look.box_height + (2 * look.grow if step.current else 0))
        fill = colour(palette.step_fill(step.rank))
        cell = attrs(width=width, height=height, bgcolor=fill, align="center", valign="middle",
                     style=declarations(background_color=fill, border=outline,
                                        padding=f"0 {px(look.label_pad)}px"))  # fmt: skip
        return f"<td{cell}>{name}</td>"

    def callout(self, node: n.Callout, ctx: Ctx) -> str:
        """A box in the accent (alert) or primary (info) colour with a solid title bar."""
        if not node.title and not node.blocks:
            return ""
        alert = node.style != "info"
        s, look, palette = self.styles, self.look, self.palette
        edge = palette.accent if alert else palette.primary
        rows = ""
        if node.title:
            title = self.words(s.callout_title, node.title)
            rows += f"<tr>{self.box_cell(title, fill=edge, padding=padding(look.callout_title_padding))}</tr>"  # noqa: E501
        if node.blocks:
            pad = look.callout_body_padding
            style = s.callout_alert if alert else s.callout_info
            inner = self.blocks(node.blocks, Ctx(style, ctx.width - px(pad.left + pad.right)))
            fill = None if alert else palette.panel
            rows += f"<tr>{self.box_cell(inner, fill=fill, padding=padding(pad))}</tr>"
        border = f"{px(look.callout_border)}px solid {colour(edge)}"
        table = layout_table(
            rows, style=f"table-layout:fixed;border:{border};border-collapse:collapse"
        )
        return table + spacer(px(look.after.callout))

    def quote(self, node: n.Quote, ctx: Ctx) -> str:
        """Indented, with a bar in the accent colour at its left, then the attribution."""
        s, look = self.styles, self.look
        pad = look.quote_padding
        indent = px(look.quote_indent)
        width = ctx.width - indent - px(pad.left + pad.right + look.quote_bar)
        inner = self.blocks(node.blocks, Ctx(s.quote, width))
        inner += self.words(s.attribution, node.attribution)
        bar = f"{px(look.quote_bar)}px solid {colour(self.palette.accent)}"
        gap = f"<td{attrs(width=indent, style=f'width:{indent}px')}></td>"
        cell = self.box_cell(inner, border_left=bar, padding=padding(pad))
        return layout_table(f"<tr>{gap}{cell}</tr>") + spacer(px(look.after.quote))
