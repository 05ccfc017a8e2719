"""Links (with their QR codes) and pictures, for the DOCX."""

from __future__ import annotations

from docx.image.exceptions import UnrecognizedImageError

from briefpack.document import nodes as n
from briefpack.render.design.links import has_qr
from briefpack.render.design.units import mm
from briefpack.render.docx import ooxml as x
from briefpack.render.docx.base import WriterBase
from briefpack.render.docx.data_tables import data_table, finish, whole_twips
from briefpack.render.docx.flow import Context, Flow
from briefpack.render.docx.styles import STYLE
from briefpack.render.docx.units import emu, points, twips
from briefpack.render.raster.pictures import qr_png, word_image

MIN_PICTURE = 20  # twips: Word refuses a picture of no width


class LinkBlocks(WriterBase):
    def links(self, node: n.Links, flow: Flow, ctx: Context) -> None:
        """One entry a row under the tree's column headers: its name and note, its address
        and phone, and a QR code beside each web address."""
        if not node.entries:
            return
        look, tables = self.look, self.design.tables
        with_qr = any(has_qr(e) for e in node.entries)
        pad = tables.cell_padding
        qr_col = twips(look.qr_size + pad.left + pad.right) if with_qr else 0
        widths = whole_twips(tables.widths(tables.link_shares, flow.width - qr_col))
        widths += [qr_col] if with_qr else []
        rows = data_table(flow, tables, node.headers, widths, len(node.entries),
                          look.after.links)  # fmt: skip
        for entry, cells in zip(node.entries, rows.rows, strict=True):
            self._link_entry(entry, *cells[:2])
            if with_qr:
                self._qr(entry, cells[2])
        finish(rows, whole=False)  # an entry a row, as before: the links run on

    def _link_entry(self, entry: n.LinkEntry, name: Flow, reach: Flow) -> None:
        self.text(name.paragraph(STYLE.link_label), entry.label)
        if entry.note:
            self.text(name.paragraph(STYLE.link_note), entry.note)
        if entry.url:
            self.link(reach.paragraph(STYLE.link_text), entry.url, entry.shown_url or entry.url)
        if entry.phone_line:
            self.inlines(reach.paragraph(STYLE.link_text), entry.phone_line)

    def _qr(self, entry: n.LinkEntry, cell: Flow) -> None:
        p = cell.paragraph(STYLE.qr)
        if not has_qr(entry):
            return
        run = p.add_run()
        size = emu(twips(self.look.qr_size))
        self.picture(run, qr_png(entry.url), size, size)
        x.set_alt_text(run, entry.qr_alt, entry.qr_alt)

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
            x.set_alt_text(run, node.alt, node.caption or node.alt)
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
