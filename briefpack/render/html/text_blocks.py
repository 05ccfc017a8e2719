"""Section starts, the title block, headings, paragraphs, lists and page breaks, for HTML."""

from __future__ import annotations

from briefpack.document import nodes as n
from briefpack.render.html.base import Context, WalkerBase, lines, text
from briefpack.render.html.css import LIST_DEPTHS

LIST_STYLES = {"body": "list_body"}  # a list's items in the tighter style, as in the PDF


class TextBlocks(WalkerBase):
    def section_start(self, node: n.SectionStart, ctx: Context) -> str:
        return ""  # takes no room; the headings carry the outline

    def title(self, node: n.Title, ctx: Context) -> str:
        level = self.heading_level(1)
        out = [self.para(text(node.title), "title", f"h{level}")]
        if node.subtitle:
            out.append(self.para(lines(node.subtitle), "subtitle"))
        if node.byline:
            out.append(self.para(lines(node.byline), "byline"))
        return f'<div class="title-block">{"".join(out)}</div>'

    def heading(self, node: n.Heading, ctx: Context) -> str:
        # The document's title is h1, so a section title (level 1) is h2.
        level = self.heading_level(node.level + 1)
        style = f"h{min(node.level, 3)}"
        return self.para(self.inline(node.inlines), style, f"h{level}")

    def paragraph(self, node: n.Paragraph, ctx: Context) -> str:
        return self.para(self.inline(node.inlines), ctx.style)

    def page_break(self, node: n.PageBreak, ctx: Context) -> str:
        return '<div class="page-break"></div>'

    def list_block(self, node: n.ListBlock, ctx: Context) -> str:
        tag = "ol" if node.ordered else "ul"
        depth = ctx.list_depth
        inner = Context(LIST_STYLES.get(ctx.style, ctx.style), depth + 1)
        start = f' start="{node.start}"' if node.ordered and node.start != 1 else ""
        items = "".join(f"<li>{self.blocks(item.blocks, inner)}</li>" for item in node.items)
        return f'<{tag} class="d{min(depth, LIST_DEPTHS - 1)}"{start}>{items}</{tag}>'
