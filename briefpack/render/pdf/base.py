"""What every part of the PDF walk shares: the context, text as escaped markup, paragraphs,
layout tables, and the dispatch on node type.

User text only ever reaches reportlab through `PdfFonts.markup` (escaped) and quoted
attributes, so nothing a user types can become reportlab markup.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from xml.sax.saxutils import quoteattr

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Table, TableStyle

from briefpack.document import nodes as n
from briefpack.render.blocks import dispatch_table
from briefpack.render.design import Design
from briefpack.render.design.links import is_clickable
from briefpack.render.pdf.anchors import SectionPlaces
from briefpack.render.pdf.flowables import OutlineLevels, Para
from briefpack.render.pdf.fonts import PdfFonts
from briefpack.render.pdf.long_text import CHUNK_CHARS, split_inlines
from briefpack.render.pdf.styles import Colours, Styles
from briefpack.render.pdf.tagged import TABLE_ARTIFACTS
from briefpack.render.pdf.tagging import Elem, Tagger


@dataclass(frozen=True)
class Context:
    """Where blocks are being drawn: the paragraph style and width available."""

    style: ParagraphStyle
    width: float
    list_depth: int = 0


BlockWriter = Callable[[object, Context], list[Flowable]]


class WalkerBase:
    """Turns nodes into flowables; one instance per render (it numbers bookmarks)."""

    def __init__(
        self,
        fonts: PdfFonts,
        design: Design,
        frame_h: float,
        places: SectionPlaces | None = None,
    ):
        self.fonts = fonts
        self.design = design
        self.blocks_look = design.blocks
        self.styles = Styles(design, fonts)
        self.colours = Colours(design.palette)
        self.frame_h = frame_h
        self.places = places
        self.outline = OutlineLevels()
        self.tags = Tagger()  # the structure tree, built alongside the story
        self._joined: dict[tuple[str, bool, bool], ParagraphStyle] = {}
        self._dispatch: dict[type, BlockWriter] = dispatch_table(self)

    def blocks(self, blocks: Iterable[n.Block], ctx: Context) -> list[Flowable]:
        return list(self.stream(blocks, ctx))

    def stream(self, blocks: Iterable[n.Block], ctx: Context) -> Iterator[Flowable]:
        """The flowables of `blocks`, one block's at a time, as layout asks for them."""
        for block in blocks:
            yield from self._dispatch[type(block)](block, ctx)

    # ---- inline -------------------------------------------------------------

    def inline(self, inlines: Iterable[n.Inline]) -> str:
        return "".join(self._inline(node) for node in inlines)

    def _inline(self, node: n.Inline) -> str:
        if isinstance(node, n.Text):
            return self.text(node.text, bold=node.bold, italic=node.italic)
        if isinstance(node, n.LineBreak):
            return "<br/>"
        inner = self.inline(node.children)
        return self.link(node.url, inner) if inner else ""

    def text(self, text: str, *, bold: bool = False, italic: bool = False) -> str:
        markup = self.fonts.markup(text)
        if bold:
            markup = f"<b>{markup}</b>"
        if italic:
            markup = f"<i>{markup}</i>"
        return markup

    def link(self, url: str, inner_markup: str) -> str:
        """A clickable link around already-escaped markup; unsafe schemes stay plain text."""
        if not is_clickable(url):
            return inner_markup
        colour = self.colours.primary.hexval().replace("0x", "#")
        return f"<a href={quoteattr(url)} color={quoteattr(colour)}><u>{inner_markup}</u></a>"

    # ---- paragraphs ---------------------------------------------------------

    def para(self, markup: str, style: ParagraphStyle, tag: Elem | str = "P") -> Para:
        """A paragraph, tagged as `tag` (a new element of that role, or the one given)."""
        return Para(markup, style, self._tag(tag))

    def inline_para(self, inlines: tuple[n.Inline, ...], style: ParagraphStyle) -> Para:
        """One short line of inlines as one paragraph (a P that knows its links' words)."""
        elem = self.tags.add("P")
        _note_links(elem, inlines)
        return self.para(self.inline(inlines), style, elem)

    def paras(
        self, inlines: tuple[n.Inline, ...], style: ParagraphStyle, tag: Elem | str = "P"
    ) -> list[Flowable]:
        """One paragraph, as several ~2 KB paragraphs set as one when it is long (one
        element all the same)."""
        elem = self._tag(tag)
        _note_links(elem, inlines)
        chunks = split_inlines(inlines)
        if len(chunks) == 1:
            return [self.para(self.inline(inlines), style, elem)]
        last = len(chunks) - 1
        return [
            self.para(self.inline(chunk), self._joined_style(style, i == 0, i == last), elem)
            for i, chunk in enumerate(chunks)
        ]

    def text_paras(
        self, text: str, style: ParagraphStyle, tag: Elem | str = "P", **emphasis: bool
    ) -> list[Flowable]:
        """Paragraphs for a plain text field (a label, a caption, a note), split when long."""
        if len(text) <= CHUNK_CHARS:
            return [self.para(self.text(text, **emphasis), style, tag)]
        return self.paras((n.Text(text, **emphasis),), style, tag)

    def _tag(self, tag: Elem | str) -> Elem:
        return self.tags.add(tag) if isinstance(tag, str) else tag

    def _joined_style(self, style: ParagraphStyle, first: bool, last: bool) -> ParagraphStyle:
        """`style` without the space between the pieces of one split paragraph."""
        key = (style.name, first, last)
        if key not in self._joined:
            self._joined[key] = ParagraphStyle(
                f"{style.name}-piece-{int(first)}{int(last)}", parent=style,
                spaceBefore=style.spaceBefore if first else 0,
                spaceAfter=style.spaceAfter if last else 0,
            )  # fmt: skip
        return self._joined[key]

    def table(
        self, rows: list[list], widths: list[float], commands: list[tuple], cls=Table, **kw
    ) -> Table:
        """A layout table; its own font is set so empty cells never pull in Helvetica."""
        # Backgrounds, rules and empty cells are artifacts; the cells' flowables tag themselves.
        table = cls(rows, colWidths=widths, renderCB=TABLE_ARTIFACTS, **kw)
        table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), self.fonts.regular), *commands]))
        return table


def _note_links(elem: Elem, inlines: Iterable[n.Inline]) -> None:
    """Remember each link's words on its paragraph: its annotation's /Contents."""
    for node in inlines:
        if isinstance(node, n.Link):
            elem.note_link_words(node.url, n.plain_text(node.children), replace=False)


def padding(pad, first: tuple[int, int] = (0, 0), last: tuple[int, int] = (-1, -1)) -> list:
    """Table commands for a design Padding over the cells from `first` to `last`."""
    return [
        ("TOPPADDING", first, last, pad.top),
        ("RIGHTPADDING", first, last, pad.right),
        ("BOTTOMPADDING", first, last, pad.bottom),
        ("LEFTPADDING", first, last, pad.left),
    ]
