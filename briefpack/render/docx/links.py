"""Links (with their QR codes) and pictures, for the DOCX."""

from __future__ import annotations

from docx.image.exceptions import UnrecognizedImageError
from docx.table import _Cell

from briefpack.document import nodes as n
from briefpack.render.design.links import has_qr
from briefpack.render.design.units import mm
from briefpack.render.docx import ooxml as x
from briefpack.render.docx.base import WriterBase
from briefpack.render.docx.boxes import cell_margins
from briefpack.render.docx.flow import NO_BORDERS, Context, Flow, end_box
from briefpack.render.docx.pictures import qr_png, word_image
from briefpack.render.docx.styles import STYLE
from briefpack.render.docx.units import eighths, emu, points, twips

MIN_PICTURE = 20  # twips: Word refuses a picture of no width


class LinkBlocks(WriterBase):
    def links(self, node: n.Links, flow: Flow, ctx: Context) -> None:
        """Label, address, phone and note per entry; a QR code beside each web address."""
        if not node.entries:
            return
        look = self.look
        with_qr = any(has_qr(e) for e in node.entries)
        qr_col = twips(look.qr_size + look.qr_gap) if with_qr else 0
        widths = [flow.width - qr_col, qr_col] if with_qr else [flow.width]
        table = flow.table(len(node.entries), len(widths), gap_after=look.after.links)
        tbl = table._tbl
        x.table_props(tbl, flow.width, borders=NO_BORDERS,
                      cell_margins=cell_margins(look.link_padding))  # fmt: skip
        x.column_widths(tbl, widths)
        # A rule under every entry but the last (not insideH, which LibreOffice
        # repeats at the top of a page when the table breaks).
        rule = {"bottom": x.Border(self.design.palette.rule, size=eighths(look.link_rule))}
        last = len(node.entries) - 1
        for i, (entry, row, tr) in enumerate(
            zip(node.entries, table.rows, tbl.tr_lst, strict=True)
        ):
            x.cant_split(tr)
            cells = row.cells
            if i < last:
                for c in cells:
                    x.cell_props(c._tc, borders=rule)
            self._link_entry(entry, Flow.cell(cells[0], widths[0]))
            if with_qr:
                self._qr(entry, cells[1])

    def _link_entry(self, entry: n.LinkEntry, cell: Flow) -> None:
        self.text(cell.paragraph(STYLE.link_label), entry.label)
        if entry.url:
            self.link(cell.paragraph(STYLE.link_text), entry.url, entry.shown_url or entry.url)
        if entry.phone_line:
            self.inlines(cell.paragraph(STYLE.link_text), entry.phone_line)
        if entry.note:
            self.text(cell.paragraph(STYLE.link_note), entry.note)
        end_box(cell)

    def _qr(self, entry: n.LinkEntry, cell: _Cell) -> None:
        p = cell.paragraphs[0]
        p._p.style = STYLE.qr
        if not has_qr(entry):
            return
        run = p.add_run()
        size = emu(twips(self.look.qr_size))
        self.picture(run, qr_png(entry.url), size, size)
        x.set_alt_text(run, entry.qr_alt)

    def image(self, node: n.Image, flow: Flow, ctx: Context) -> None:
        """The picture fitted to the text width and page height, centred, with its caption."""
        width, height = self._image_size(node, flow.width)
        p = flow.paragraph(STYLE.figure)
        run = p.add_run()
        try:
            self.picture(run, word_image(node.data), emu(width), emu(height))
        except (UnrecognizedImageError, OSError, ValueError):
            self.text(p, node.stand_in, italic=True)  # unreadable: keep its words
        else:
            x.set_alt_text(run, node.alt)
        last = p
        if node.caption:
            x.keep_next(x.ppr(p))
            last = flow.paragraph(STYLE.caption)
            self.text(last, node.caption)
        x.spacing(x.ppr(last), after=twips(self.look.after.image))

    def _image_size(self, node: n.Image, text_width: int) -> tuple[int, int]:
        """Twips: width_mm, else the pixels at 96 dpi; never wider than the text or
        taller than the page leaves room for (as the design says)."""
        look = self.look
        natural = twips(mm(node.width_mm) if node.width_mm else node.width_px * look.pt_per_px)
        ratio = node.height_px / node.width_px if node.width_px and node.height_px else 1.0
        width = min(max(natural, MIN_PICTURE), text_width)
        height = round(width * ratio)
        frame = points(self.text_height)
        max_height = twips(look.image_max_height(frame, captioned=bool(node.caption)))
        if height > max_height:
            height = max_height
            width = max(round(height / ratio), MIN_PICTURE)
        return width, height
