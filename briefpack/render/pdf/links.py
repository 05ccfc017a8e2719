"""Links (with their QR codes) and pictures, for the PDF."""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer

from briefpack.document import nodes as n
from briefpack.render.design.links import has_qr
from briefpack.render.design.units import mm
from briefpack.render.pdf.base import Context, WalkerBase, padding
from briefpack.render.pdf.flowables import FittedImage, Keep, QrCode, WholeRowTable


class LinkBlocks(WalkerBase):
    def links(self, node: n.Links, ctx: Context) -> list[Flowable]:
        """One small table per entry: a heading then keeps with the first entry only,
        and the list breaks between entries, never through one."""
        look = self.blocks_look
        with_qr = any(has_qr(e) for e in node.entries)
        qr_col = look.qr_size + look.qr_gap if with_qr else 0
        widths = [ctx.width - qr_col, qr_col] if with_qr else [ctx.width]
        out: list[Flowable] = []
        with self.tags.group("L"):
            for i, entry in enumerate(node.entries):
                out.append(self._link_row(entry, widths, with_qr, last=i == len(node.entries) - 1))
        return out

    def _link_row(
        self, entry: n.LinkEntry, widths: list[float], with_qr: bool, *, last: bool
    ) -> WholeRowTable:
        """One entry as a list item: its words, then its QR code as a Figure in a Link."""
        look = self.blocks_look
        with self.tags.group("LI"), self.tags.group("LBody"):
            row: list = [self._link_entry(entry)]
            if with_qr:
                row.append(self._qr(entry) if has_qr(entry) else "")
        commands = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            *padding(look.link_padding),
            ("ALIGN", (-1, 0), (-1, -1), "RIGHT"),
        ]
        if not last:
            commands.append(("LINEBELOW", (0, 0), (-1, -1), look.link_rule, self.colours.rule))
        table = self.table([row], widths, commands, hAlign="LEFT", splitInRow=1, cls=WholeRowTable)
        if last:
            table.spaceAfter = look.after.links
        return table

    def _qr(self, entry: n.LinkEntry) -> QrCode:
        with self.tags.group("Link"):
            figure = self.tags.add("Figure", entry.qr_alt or entry.url)
        return QrCode(entry.url, self.blocks_look.qr_size, figure)

    def _link_entry(self, entry: n.LinkEntry) -> list[Flowable]:
        s = self.styles
        cell = self.text_paras(entry.label, s.link_label)
        if entry.url:
            shown = entry.shown_url or entry.url
            line = self.tags.add("P")
            line.note_link_words(entry.url, entry.label)  # the annotation says where it goes
            cell.append(self.para(self.link(entry.url, self.text(shown)), s.link_line, line))
        if entry.phone_line:
            cell.append(self.inline_para(entry.phone_line, s.link_line))
        if entry.note:
            cell += self.text_paras(entry.note, s.link_note)
        return cell

    def image(self, node: n.Image, ctx: Context) -> list[Flowable]:
        look = self.blocks_look
        natural = mm(node.width_mm) if node.width_mm else node.width_px * look.pt_per_px
        # A picture without words for it is taken as decoration: an artifact.
        figure = self.tags.add("Figure", node.alt) if node.alt.strip() else None
        picture = FittedImage(
            node.data, node.width_px, node.height_px, alt=node.alt, fonts=self.fonts,
            natural_width=natural,
            max_height=look.image_max_height(self.frame_h, captioned=bool(node.caption)),
            tag=figure,
        )  # fmt: skip
        parts: list[Flowable] = [picture]
        if node.caption:
            parts += self.text_paras(node.caption, self.styles.caption)
        parts.append(Spacer(1, look.after.image))
        return [Keep(parts)]
