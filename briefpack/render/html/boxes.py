"""The boxed blocks of the web page: the threat panel with its scale, call-outs and quotes."""

from __future__ import annotations

from briefpack.document import nodes as n
from briefpack.render.html.base import Context, WalkerBase, lines, text
from briefpack.render.html.css import style_class

CALLOUT_STYLES = {"info": "callout_info"}  # any other style is an alert


class BoxBlocks(WalkerBase):
    def threat_panel(self, node: n.ThreatPanel, ctx: Context) -> str:
        out = []
        if node.title:
            out.append(self.para(lines(node.title), "kicker"))
        out.append(self.para(text(node.name), "threat_name"))
        if node.meaning_line:
            out.append(self.para(self.inline(node.meaning_line), "threat_meaning"))
        if node.since_line:
            out.append(self.para(text(node.since_line), "threat_since"))
        if node.scale:
            out.append(self.threat_scale(node.scale))
        if node.ni_line:
            out.append(self.para(self.inline(node.ni_line), "body"))
        out.append(self.blocks(node.note, Context()))
        return f'<div class="panel">{"".join(out)}</div>'

    def threat_scale(self, steps: tuple[n.ThreatScaleStep, ...]) -> str:
        """The five steps as an ordered list; the current one says so in the tree's words
        over it, never by colour alone."""
        items = []
        meaning_class = style_class("scale_meaning")
        for step in steps:
            now = step.current  # the style sheet sets its name larger and its meaning bold
            marker = (
                f'<span class="marker {style_class("scale_marker")}">{text(step.marker)}</span>'
                if now and step.marker
                else ""
            )
            items.append(
                f'<li class="r{step.rank}{" now" if now else ""}">{marker}'
                f'<span class="step"><span>{text(step.name)}</span></span>'
                f'<span class="meaning {meaning_class}">{text(step.meaning)}</span></li>'
            )
        return f'<ol class="scale">{"".join(items)}</ol>'

    def callout(self, node: n.Callout, ctx: Context) -> str:
        body_style = CALLOUT_STYLES.get(node.style, "callout_alert")
        kind = "info" if node.style == "info" else "alert"
        body = self.blocks(node.blocks, Context(body_style))
        if not node.title and not body:
            return ""
        title = (
            f'<div class="callout-title">{self.para(lines(node.title), "callout_title")}</div>'
            if node.title
            else ""
        )
        inside = f'<div class="callout-body">{body}</div>' if body else ""
        return f'<div class="callout {kind}">{title}{inside}</div>'

    def quote(self, node: n.Quote, ctx: Context) -> str:
        body = self.blocks(node.blocks, Context("quote"))
        if node.attribution:
            body += self.para(text(node.attribution), "attribution")
        return f"<blockquote>{body}</blockquote>"
