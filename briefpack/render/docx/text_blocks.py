"""The title block, headings, paragraphs, page breaks and lists, for the DOCX."""

from __future__ import annotations

from dataclasses import replace

from docx.oxml.numbering import CT_Num

from briefpack.document import nodes as n
from briefpack.render.docx import ooxml as x
from briefpack.render.docx.base import WriterBase
from briefpack.render.docx.flow import Context, Flow, gap
from briefpack.render.docx.styles import STYLE
from briefpack.render.docx.units import eighths, twips


class TextBlocks(WriterBase):
    def section_start(self, node: n.SectionStart, flow: Flow, ctx: Context) -> None:
        """Nothing: Word needs no section places."""

    def title(self, node: n.Title, flow: Flow, ctx: Context) -> None:
        last = flow.paragraph(STYLE.title)
        self.text(last, node.title)
        if node.subtitle:
            last = flow.paragraph(STYLE.subtitle)
            self.text(last, node.subtitle)
        if node.byline:
            last = flow.paragraph(STYLE.byline)
            self.text(last, node.byline)
        # The rule in the accent colour under the title block, as a bottom border.
        look = self.look
        pPr = x.ppr(last)
        rule = x.Border(self.design.palette.accent, size=eighths(look.title_rule),
                        space=round(look.title_rule_before))  # fmt: skip
        x.paragraph_borders(pPr, bottom=rule)
        x.spacing(pPr, after=twips(look.title_rule_after))

    def heading(self, node: n.Heading, flow: Flow, ctx: Context) -> None:
        # The tree skips no level (compose sees to it): a level is a Heading style.
        style = STYLE.headings[min(max(node.level, 1), len(STYLE.headings)) - 1]
        self.inlines(flow.paragraph(style), node.inlines)

    def paragraph(self, node: n.Paragraph, flow: Flow, ctx: Context) -> None:
        self.inlines(flow.paragraph(ctx.style), node.inlines)

    def page_break(self, node: n.PageBreak, flow: Flow, ctx: Context) -> None:
        if flow.is_cell:
            return  # a page break inside a box would only split the box
        p = flow.paragraph()
        gap(p, 1)
        x.page_break_run(p)

    # ---- lists ---------------------------------------------------------------------------

    def list_block(self, node: n.ListBlock, flow: Flow, ctx: Context) -> None:
        level = min(ctx.list_level + 1, 8)
        if node.ordered:
            num_id = self._restarted_list(level, node.start)
            style = STYLE.list_number[min(level, 2)]
        else:
            num_id = STYLE.bullet_num_id
            style = STYLE.list_bullet[min(level, 2)]
        inner = replace(ctx, list_level=level)
        for item in node.items:
            self._list_item(item, flow, inner, style, num_id)
        last = flow.last_paragraph()
        if level == 0 and last is not None:
            # The list as a whole is followed by the body's space, not the items' tighter one.
            x.spacing(last.get_or_add_pPr(), after=twips(self.look.after.body))

    def _restarted_list(self, level: int, start: int) -> int:
        """A new w:num for one numbered list, so that every list counts from its own start.

        All numbered lists share the "List Number" definition; the startOverride
        is what makes Word and LibreOffice restart rather than carry on counting.
        """
        while self._next_num_id in self._num_ids:  # the lowest free id, as python-docx picks
            self._next_num_id += 1
        num_id = self._next_num_id
        self._num_ids.add(num_id)
        num = CT_Num.new(num_id, STYLE.ordered_abstract_id)
        if self._num_anchor is not None:
            self._num_anchor.addprevious(num)
        else:
            self._numbering.append(num)
        num.add_lvlOverride(ilvl=level).add_startOverride(max(start, 0))
        return int(num.numId)

    def _list_item(self, item: n.ListItem, flow: Flow, ctx: Context, style: str, num_id: int):
        first = flow.paragraph(style)
        x.numbering(x.ppr(first), num_id, ctx.list_level)
        blocks = list(item.blocks)
        if blocks and isinstance(blocks[0], n.Paragraph):
            self.inlines(first, blocks.pop(0).inlines)
        # Further paragraphs of the item line up with its text, unnumbered.
        self.blocks(blocks, flow, replace(ctx, style=STYLE.list_continue[min(ctx.list_level, 2)]))
