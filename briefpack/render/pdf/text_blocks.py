"""Section starts, the title block, headings, paragraphs and lists, for the PDF."""

from __future__ import annotations

from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, ListItem, Spacer
from reportlab.platypus import PageBreak as RLPageBreak

from briefpack.document import nodes as n
from briefpack.render.pdf.base import Context, WalkerBase
from briefpack.render.pdf.flowables import OutlinedParagraph
from briefpack.render.pdf.tagged import ArtifactRule, TaggedList
from briefpack.render.pdf.tagging import Elem

# reportlab's names for the design's number formats (render/design/blocks.py ListLook).
NUMBER_TYPES = {"decimal": "1", "lowerLetter": "a", "lowerRoman": "i"}


class TextBlocks(WalkerBase):
    def section_start(self, node: n.SectionStart, ctx: Context) -> list[Flowable]:
        """Nothing drawn; when places are kept, a marker that notes where the section lands.
        (Only then: an export lays out exactly as it did before section places existed.)"""
        return [self.places.marker(node)] if self.places is not None else []

    def title(self, node: n.Title, ctx: Context) -> list[Flowable]:
        s, look = self.styles, self.blocks_look
        out = self._outlined((n.Text(node.title),), node.title, s.title, 0, self.tags.heading(1))
        if node.subtitle:
            out += self.text_paras(node.subtitle, s.subtitle)
        if node.byline:
            out += self.text_paras(node.byline, s.byline)
        out.append(
            ArtifactRule(
                width="100%", thickness=look.title_rule, color=self.colours.accent,
                spaceBefore=look.title_rule_before, spaceAfter=look.title_rule_after,
                hAlign="LEFT",
            )
        )  # fmt: skip
        return out

    def heading(self, node: n.Heading, ctx: Context) -> list[Flowable]:
        style = self.styles.heading(node.level)
        # The title is the H1, so a section title (level 1) is an H2.
        tag = self.tags.heading(node.level + 1)
        if node.level <= 2 and ctx.list_depth == 0:
            return self._outlined(node.inlines, node.text, style, node.level, tag)
        return self.paras(node.inlines, style, tag)

    def _outlined(
        self,
        inlines: tuple[n.Inline, ...],
        title: str,
        style: ParagraphStyle,
        wanted: int,
        tag: Elem,
    ) -> list[Flowable]:
        """A heading with a bookmark (on its first piece, should it be long enough to split)."""
        level, key = self.outline.next(wanted)
        out = self.paras(inlines, style, tag)
        first = out[0]
        heading = OutlinedParagraph(first.text, first.style, tag).set_outline(
            " ".join(title.split()), level, key
        )
        return [heading, *out[1:]]

    def paragraph(self, node: n.Paragraph, ctx: Context) -> list[Flowable]:
        return self.paras(node.inlines, ctx.style)

    def page_break(self, node: n.PageBreak, ctx: Context) -> list[Flowable]:
        return [RLPageBreak()]

    # ---- lists --------------------------------------------------------------

    def list_block(self, node: n.ListBlock, ctx: Context) -> list[Flowable]:
        size = ctx.style.fontSize
        lists = self.blocks_look.lists
        indent = size * lists.indent_em
        inner = Context(
            self._list_style(ctx.style), ctx.width - indent, list_depth=ctx.list_depth + 1
        )
        labels, items = [], []
        with self.tags.group("L"):
            for item in node.items:
                with self.tags.group("LI"):
                    labels.append(self.tags.add("Lbl"))
                    with self.tags.group("LBody"):
                        flowables = self.blocks(item.blocks, inner) or [Spacer(1, 1)]
                items.append(ListItem(flowables))
        common = dict(
            leftIndent=indent, spaceAfter=ctx.style.spaceAfter if not ctx.list_depth else 0,
            labels=labels,
        )  # fmt: skip
        if node.ordered:
            kind = NUMBER_TYPES.get(lists.number_format(ctx.list_depth), "1")
            return [
                TaggedList(
                    items, bulletType=kind, start=node.start, bulletFormat="%s.",
                    bulletFontName=self.fonts.regular, bulletFontSize=size,
                    bulletColor=ctx.style.textColor, bulletAlign="right",
                    bulletDedent=size * 0.5, **common,
                )
            ]  # fmt: skip
        return [TaggedList(items, bulletType="bullet", **self._bullet(ctx, size), **common)]

    def _bullet(self, ctx: Context, size: float) -> dict:
        """The design's bullet for this depth: ◆ in the accent colour at the top level."""
        lists, fonts = self.blocks_look.lists, self.fonts
        char = lists.bullet(ctx.list_depth)
        top = ctx.list_depth == 0
        colour = self.colours.accent if top else ctx.style.textColor
        scale = lists.top_bullet_scale if top else 1.0
        if fonts.fallback and fonts.needs_fallback(char):
            font = fonts.fallback
        elif ord(char) in fonts.covered:
            font = fonts.regular
        else:  # no font has it: a plain bullet, still in the accent colour at the top
            font, char, scale = fonts.regular, "•", 1.0
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
