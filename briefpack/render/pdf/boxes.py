"""The boxed blocks of the PDF: the threat panel, call-outs and quotes."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.platypus import Flowable, Spacer, Table

from briefpack.document import nodes as n
from briefpack.render.pdf.base import Context, WalkerBase, padding
from briefpack.render.pdf.flowables import Keep
from briefpack.render.pdf.tagging import Elem
from briefpack.render.pdf.threat_scale import ThreatScale


class BoxBlocks(WalkerBase):
    def threat_panel(self, node: n.ThreatPanel, ctx: Context) -> list[Flowable]:
        with self.tags.group("Sect"):
            cell = self._threat_cell(node, ctx)
        return [Keep([self._panel(cell, ctx.width, self.colours.primary)])]

    def _threat_cell(self, node: n.ThreatPanel, ctx: Context) -> list[Flowable]:
        s, pad = self.styles, self.blocks_look.panel_padding
        inner_w = ctx.width - pad.left - pad.right
        cell: list[Flowable] = []
        if node.title:
            cell += self.text_paras(node.title, s.kicker)
        cell.append(self.para(self.text(node.name), s.threat_name))
        if node.meaning_line:
            cell.append(self.inline_para(node.meaning_line, s.threat_meaning))
        if node.since_line:
            cell.append(self.para(self.text(node.since_line), s.threat_since))
        if node.scale:
            cell += [
                Spacer(1, self.blocks_look.scale_gap),
                ThreatScale(node.scale, self.fonts, self.design, self._scale_tags(node.scale)),
            ]
        if node.ni_line:
            cell.append(Spacer(1, self.blocks_look.scale_gap))
            cell.append(self.inline_para(node.ni_line, s.body))
        cell += self.blocks(node.note, Context(s.body, inner_w))
        return cell

    def _scale_tags(self, steps: tuple[n.ThreatScaleStep, ...]) -> list[Elem]:
        """The scale as a list: one item per step, holding its name, its meaning and, on
        the current step, the words that mark it current."""
        with self.tags.group("L"):
            return [self.tags.chain("LI", "LBody") for _ in steps]

    def _panel(self, cell: list[Flowable], width: float, stripe: colors.Color) -> Table:
        look = self.blocks_look
        table = self.table(
            [[cell]], [width],
            [
                ("BACKGROUND", (0, 0), (-1, -1), self.colours.panel),
                ("LINEBEFORE", (0, 0), (0, -1), look.panel_stripe, stripe),
                *padding(look.panel_padding),
            ],
            splitInRow=1,
        )  # fmt: skip
        table.spaceAfter = look.after.panel
        return table

    def callout(self, node: n.Callout, ctx: Context) -> list[Flowable]:
        with self.tags.group("Div"):
            return self._callout(node, ctx)

    def _callout(self, node: n.Callout, ctx: Context) -> list[Flowable]:
        look = self.blocks_look
        alert = node.style != "info"
        colour = self.colours.accent if alert else self.colours.primary
        body_style = self.styles.callout_alert if alert else self.styles.callout_info
        body_pad = look.callout_body_padding
        rows: list[list] = []
        if node.title:
            rows.append([self.text_paras(node.title, self.styles.callout_title)])
        body = self.blocks(node.blocks, Context(body_style, ctx.width - body_pad.left
                                                - body_pad.right))  # fmt: skip
        if body:
            rows.append([body])
        if not rows:
            return []
        commands: list[tuple] = [
            ("BOX", (0, 0), (-1, -1), look.callout_border, colour),
            *padding(body_pad),
        ]
        if node.title:
            commands += [
                ("BACKGROUND", (0, 0), (-1, 0), colour),
                *padding(look.callout_title_padding, (0, 0), (-1, 0)),
            ]
        if not alert:
            commands.append(("BACKGROUND", (0, len(rows) - 1), (-1, -1), self.colours.panel))
        table = self.table(rows, [ctx.width], commands, splitInRow=1)
        table.spaceAfter = look.after.callout
        return [Keep([table])]

    def quote(self, node: n.Quote, ctx: Context) -> list[Flowable]:
        with self.tags.group("BlockQuote"):
            return self._quote(node, ctx)

    def _quote(self, node: n.Quote, ctx: Context) -> list[Flowable]:
        look = self.blocks_look
        pad = look.quote_padding
        width = ctx.width - look.quote_indent
        cell = self.blocks(node.blocks, Context(self.styles.quote, width - pad.left - pad.right))
        if node.attribution:
            cell += self.text_paras(node.attribution, self.styles.attribution)
        table = self.table(
            [[cell]], [width],
            [
                ("LINEBEFORE", (0, 0), (0, -1), look.quote_bar, self.colours.accent),
                *padding(pad),
            ],
            hAlign="RIGHT", splitInRow=1,
        )  # fmt: skip
        table.spaceAfter = look.after.quote
        return [table]
