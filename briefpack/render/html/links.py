"""Links (with their QR codes as inline SVG) and pictures (as data: URIs), for the web page."""

from __future__ import annotations

import base64
from functools import lru_cache

import segno

from briefpack.document import nodes as n
from briefpack.model import filegate
from briefpack.render.design.links import has_qr
from briefpack.render.design.units import mm
from briefpack.render.html.base import Context, WalkerBase, attr, lines, text
from briefpack.render.html.css import pt, style_class


def data_uri(data: bytes) -> str | None:
    """A picture as a data: URI, or None for bytes that are not a PNG, JPEG or GIF."""
    fmt = filegate.image_format(data)
    if fmt is None:
        return None
    return f"data:image/{fmt.lower()};base64,{base64.b64encode(data).decode('ascii')}"


@lru_cache(maxsize=256)
def qr_svg(url: str, alt: str) -> str:
    """A black-on-white QR code for `url`, one module of margin (its cell is white), that
    says what it is to a screen reader."""
    code = segno.make(url, error="m", micro=False)
    svg = code.svg_inline(scale=1, border=1, omitsize=True, dark="#000", light="#fff")
    return svg.replace("<svg ", f'<svg role="img" aria-label="{attr(alt)}" ', 1)


class LinkBlocks(WalkerBase):
    def links(self, node: n.Links, ctx: Context) -> str:
        items = "".join(f"<li>{self._entry(entry)}</li>" for entry in node.entries)
        return f'<ul class="links">{items}</ul>'

    def _entry(self, entry: n.LinkEntry) -> str:
        words = [self.para(lines(entry.label), "link_label")]
        if entry.url:
            shown = text(entry.shown_url or entry.url)
            words.append(self.para(self.link(entry.url, shown), "link_line"))
        if entry.phone_line:
            words.append(self.para(self.inline(entry.phone_line), "link_line"))
        if entry.note:
            words.append(self.para(lines(entry.note), "link_note"))
        qr = f'<div class="qr">{qr_svg(entry.url, entry.qr_alt)}</div>' if has_qr(entry) else ""
        return f'<div class="entry">{"".join(words)}</div>{qr}'

    def image(self, node: n.Image, ctx: Context) -> str:
        source = data_uri(node.data)
        if source is None:  # the gate lets only PNG, JPEG and GIF in; say what was meant
            return self.para(text(node.stand_in or node.alt), "caption")
        look = self.look
        width = mm(node.width_mm) if node.width_mm else node.width_px * look.pt_per_px
        picture = (
            f'<img src="{source}" alt="{attr(node.alt)}" width="{node.width_px}" '
            f'height="{node.height_px}" style="width:{pt(width)}">'
        )
        caption = (
            f'<figcaption class="{style_class("caption")}">{lines(node.caption)}</figcaption>'
            if node.caption
            else ""
        )
        return f'<figure class="picture">{picture}{caption}</figure>'
