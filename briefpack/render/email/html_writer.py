"""The handout as HTML for mail clients: one column of tables, every style inline.

Built for the strictest reader, Outlook on Windows (Word's engine): no <style> block, no
flex or grid, no script; tables for layout with widths as attributes, bgcolor beside
background-color, a fixed 640 px column that a phone narrows. The marking heads and ends
the message, the brand band carries the logo and the running header, and the footer line
closes it, as on the printed page.
"""

from __future__ import annotations

import re

from briefpack.document import nodes as n
from briefpack.render.email.css import GUTTER, MAIL_WIDTH, attrs, colour, px, text
from briefpack.render.email.html_base import Ctx, layout_table
from briefpack.render.email.html_media import MediaBlocks
from briefpack.render.email.html_text import TextBlocks
from briefpack.render.email.pictures import Pictures, brand_logo_png

_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")
BAND_HEIGHT = 64  # px: the brand band, about the page's 17 mm
LOGO_HEIGHT = 44  # px: the logo inside it


def mail_html(doc: n.Document, pictures: Pictures) -> str:
    """The whole message as HTML; its pictures are added to `pictures` as it goes."""
    return MailHtml(doc, pictures).document()


class MailHtml(TextBlocks, MediaBlocks):
    """The walk: one method per node type (render/blocks.py), each returning HTML."""

    def document(self) -> str:
        furniture = self.doc.furniture
        body = self.blocks(self.doc.blocks, Ctx(self.styles.body))
        rows = [
            self._marking(furniture.marking),
            self._band(furniture),
            self._row(body, f"{GUTTER}px {GUTTER}px 8px {GUTTER}px"),
            self._footer(furniture),
            self._marking(furniture.marking),
        ]
        column = layout_table(
            "".join(rows),
            width=MAIL_WIDTH,
            bgcolor=colour(self.palette.white),
            align="center",
            # Outlook takes the width attribute; others narrow the column on a phone.
            style=f"table-layout:fixed;width:100%;max-width:{MAIL_WIDTH}px;"
            f"background-color:{colour(self.palette.white)}",
        )
        outer = layout_table(
            f"<tr><td{attrs(align='center', style='padding:16px 8px')}>{column}</td></tr>",
            bgcolor=colour(self.palette.panel),
            style=f"background-color:{colour(self.palette.panel)}",
        )
        return self._page(furniture, outer)

    def _page(self, furniture: n.Furniture, content: str) -> str:
        language = furniture.language if _LANGUAGE.fullmatch(furniture.language) else "en-GB"
        body_style = f"margin:0;padding:0;background-color:{colour(self.palette.panel)}"
        return (
            "<!DOCTYPE html>\n"
            f'<html lang="{language}" dir="ltr">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{text(' '.join(furniture.title.split()))}</title>\n</head>\n"
            f"<body{attrs(style=body_style, bgcolor=colour(self.palette.panel))}>\n"
            f"{content}\n</body>\n</html>\n"
        )

    def _row(self, inner: str, pad: str, fill: str | None = None, **cell) -> str:
        style = f"padding:{pad}" + (f";background-color:{fill}" if fill else "")
        return f"<tr><td{attrs(style=style, bgcolor=fill, **cell)}>{inner}</td></tr>"

    def _marking(self, marking: str) -> str:
        if not marking:
            return ""
        return self._row(self.words(self.styles.marking, marking), f"8px {GUTTER}px")

    def _band(self, furniture: n.Furniture) -> str:
        """The brand band: the logo and the running header, white on the primary colour."""
        primary = colour(self.palette.primary)
        cells = ""
        logo = brand_logo_png(self.brand)
        if logo is not None:
            data, ratio = logo
            image = self.img(data, furniture.logo_alt, round(LOGO_HEIGHT * ratio), LOGO_HEIGHT)
            room = round(LOGO_HEIGHT * ratio) + 12  # the logo, and a gap before the words
            cells += f"<td{attrs(width=room, valign='middle')}>{image}</td>"
        header = self.words(self.styles.band, furniture.header_text)
        cells += f"<td{attrs(valign='middle')}>{header}</td>"
        band = layout_table(f"<tr>{cells}</tr>")
        return self._row(band, f"0 {GUTTER}px", primary, height=BAND_HEIGHT, valign="middle")

    def _footer(self, furniture: n.Furniture) -> str:
        """The hairline, then the footer's words and the date (a message has no pages)."""
        line = self.words(self.styles.footer, furniture.footer_line())
        rule = f"border-top:{px(1)}px solid {colour(self.palette.rule)};padding-top:8px"
        inner = layout_table(f"<tr><td{attrs(style=rule)}>{line}</td></tr>")
        return self._row(inner, f"0 {GUTTER}px")
