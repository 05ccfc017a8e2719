"""The title block, headings, paragraphs, page breaks and lists, as mail HTML."""

from __future__ import annotations

from dataclasses import replace

from briefpack.document import nodes as n
from briefpack.render.email.css import attrs, colour, px, text
from briefpack.render.email.html_base import Ctx, HtmlBase, layout_table, spacer

_ROMAN = ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def list_number(value: int, number_format: str) -> str:
    """A list item's number in the design's format for its depth: 3 → "3", "c", "iii"."""
    if number_format == "lowerLetter" and value > 0:
        letters = ""
        while value > 0:
            value, rest = divmod(value - 1, 26)
            letters = chr(ord("a") + rest) + letters
        return letters
    if number_format == "lowerRoman" and 0 < value < 40:
        out = ""
        for size, numeral in _ROMAN:
            count, value = divmod(value, size)
            out += numeral * count
        return out
    return str(value)


class TextBlocks(HtmlBase):
    def section_start(self, node: n.SectionStart, ctx: Ctx) -> str:
        return ""  # it takes no room

    def page_break(self, node: n.PageBreak, ctx: Ctx) -> str:
        return ""  # a message has no pages

    def title(self, node: n.Title, ctx: Ctx) -> str:
        """Title, subtitle and byline over the rule in the accent colour."""
        s, look = self.styles, self.look
        inner = self.para(s.title, text(node.title), tag="h1")
        inner += self.words(s.subtitle, node.subtitle) + self.words(s.byline, node.byline)
        rule = f"border-bottom:{px(look.title_rule)}px solid {colour(self.palette.accent)}"
        cell = attrs(style=f"{rule};padding:0 0 {px(look.title_rule_before)}px 0")
        return layout_table(f"<tr><td{cell}>{inner}</td></tr>") + spacer(px(look.title_rule_after))

    def heading(self, node: n.Heading, ctx: Ctx) -> str:
        # The title block is the message's h1; section titles come under it.
        tag = f"h{min(max(node.level, 1), 3) + 1}"
        return self.para(self.styles.heading(node.level), self.inlines(node.inlines), tag=tag)

    def paragraph(self, node: n.Paragraph, ctx: Ctx) -> str:
        return self.para(ctx.style, self.inlines(node.inlines))

    def list_block(self, node: n.ListBlock, ctx: Ctx) -> str:
        """One row per item: its bullet or number in a narrow cell, its blocks beside it
        (mail clients agree on tables, not on list indents)."""
        lists, style = self.look.lists, self.styles.list_body
        indent = px(lists.indent_em * style.size)
        inner = replace(ctx, style=style, width=ctx.width - indent, depth=ctx.depth + 1)
        rows = []
        for k, item in enumerate(node.items):
            marker = self._marker(node, k, ctx.depth)
            cell = attrs(width=indent, valign="top", style=f"width:{indent}px;padding:0")
            body = attrs(valign="top", style="padding:0")
            rows.append(f"<tr><td{cell}>{marker}</td><td{body}>{self.blocks(item.blocks, inner)}"
                        "</td></tr>")  # fmt: skip
        after = self.look.after.body - style.after if ctx.depth == 0 else 0
        return layout_table("".join(rows)) + spacer(px(after))

    def _marker(self, node: n.ListBlock, index: int, depth: int) -> str:
        lists, style = self.look.lists, self.styles.list_body
        if node.ordered:
            number = list_number(node.start + index, lists.number_format(depth))
            return self.para(style, text(f"{number}."))
        if depth == 0:  # ◆ in the accent colour, a little smaller, as the design draws it
            size = px(style.size * lists.top_bullet_scale)
            return self.para(style, text(lists.bullet(depth)), font_size=f"{size}px",
                             color=colour(self.palette.accent))  # fmt: skip
        return self.para(style, text(lists.bullet(depth)))
