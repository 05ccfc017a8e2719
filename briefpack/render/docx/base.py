"""What every part of the DOCX walk shares: the dispatch on node type, runs of text,
hyperlinks and pictures."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Iterable

from docx.document import Document as WordDocument
from docx.oxml.ns import qn
from docx.oxml.shape import CT_Inline
from docx.shared import Emu
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from briefpack.document import nodes as n
from briefpack.model.brand import Brand
from briefpack.render.blocks import dispatch_table
from briefpack.render.design import Design
from briefpack.render.design.links import is_clickable
from briefpack.render.docx import ooxml as x
from briefpack.render.docx.flow import Context, Flow
from briefpack.render.docx.styles import STYLE
from briefpack.render.raster.pictures import BrandMeasure

BlockWriter = Callable[[object, Flow, Context], None]


class WriterBase:
    """Writes nodes into flows; one instance per render."""

    def __init__(
        self, word: WordDocument, brand: Brand, design: Design, text_width: int, text_height: int
    ):
        self.word = word
        self.brand = brand
        self.design = design
        self.look = design.blocks
        self.measure = BrandMeasure(brand)
        self.body = Flow(word, text_width)
        self.text_height = text_height
        self._numbering = word.part.numbering_part.element
        # Counters and indexes that python-docx would recompute by scanning the
        # whole document (or its numbering or relationships) on every call.
        self._num_ids = {int(num.numId) for num in self._numbering.num_lst}
        self._next_num_id = 1
        self._num_anchor = self._numbering.find(qn("w:numIdMacAtCleanup"))
        self._links = x.ExternalLinks(word.part)
        self._images: dict[str, tuple[str, object]] = {}
        self._shape_id = 0  # wp:docPr ids; spill.py numbers them document-wide
        self._dispatch: dict[type, BlockWriter] = dispatch_table(self)

    def blocks(self, blocks: Iterable[n.Block], flow: Flow, ctx: Context) -> None:
        previous = None
        for block in blocks:
            if isinstance(block, n.PageBreak) and isinstance(previous, n.PageBreak):
                continue  # a run of page breaks is one, as in the PDF (the Checks warn)
            if not isinstance(block, n.SectionStart):  # it takes no room between two breaks
                previous = block
            self._dispatch[type(block)](block, flow, ctx)

    # ---- inline ------------------------------------------------------------------------

    def inlines(
        self,
        p: Paragraph,
        inlines: Iterable[n.Inline],
        *,
        bold: bool = False,
        italic: bool = False,
        link=None,
    ) -> None:
        for node in inlines:
            if isinstance(node, n.Text):
                self.text(
                    p, node.text, bold=bold or node.bold, italic=italic or node.italic, link=link
                )
            elif isinstance(node, n.LineBreak):
                run = x.link_run(link, p, "") if link is not None else p.add_run()
                run.add_break()
            elif link is None and node.children and is_clickable(node.url):
                target = x.add_hyperlink(p, node.url, self._links)
                self.inlines(p, node.children, bold=bold, italic=italic, link=target)
            else:  # an unsafe scheme or a link inside a link: keep the words only
                self.inlines(p, node.children, bold=bold, italic=italic, link=link)

    def text(
        self, p: Paragraph, text: str, *, bold: bool = False, italic: bool = False, link=None
    ) -> Run:
        if link is not None:
            run = x.link_run(link, p, text)
            run._r.style = STYLE.hyperlink
        else:
            run = p.add_run(text)
        if bold:
            run.bold = True
        if italic:
            run.italic = True
        return run

    def link(self, p: Paragraph, url: str, shown: str, *, bold: bool = False) -> None:
        if is_clickable(url):
            self.text(p, shown, bold=bold, link=x.add_hyperlink(p, url, self._links))
        else:
            self.text(p, shown, bold=bold)

    def picture(self, run: Run, data: bytes, width: Emu, height: Emu) -> None:
        """`run.add_picture`, without its per-call scans of the document.

        python-docx numbers each picture by the largest id in the whole story
        (an XPath over every element) and finds its image part and relationship
        by scanning all of them; here the same image bytes map to the same
        (rId, image) once embedded, and the shape ids come from a counter
        (spill.py's `number_drawings` rewrites them document-wide at the end anyway).
        """
        key = hashlib.sha1(data).hexdigest()
        found = self._images.get(key)
        if found is None:
            found = self.word.part.get_or_add_image(io.BytesIO(data))
            self._images[key] = found
        r_id, image = found
        cx, cy = image.scaled_dimensions(width, height)
        self._shape_id += 1
        run._r.add_drawing(CT_Inline.new_pic_inline(self._shape_id, r_id, image.filename, cx, cy))
