"""The floor for the PDF: the example handout written by hand with reportlab, as a competent
engineer would for this one handout. bench/process.py times it beside `briefpack render`.

    python bench/floor/pdf_handout.py OUT.pdf

The same words (placeholders filled, the Markdown's bold, italics, lists and links), the
threat panel and scale, the call-out, the quote, the statistics tiles and the bar chart,
the links with their QR codes, the brand band with the logo, the markings, and a footer
with "Page N of M" — in the brand's fonts from assets/fonts/ (DejaVu Sans for the ◆
bullets). Not tagged for screen readers: reportlab has no tagging of its own, and a script
like this would not add it. Imports nothing of briefpack.
"""

from __future__ import annotations

import sys
from pathlib import Path
from xml.sax.saxutils import escape

import segno
from handout_text import (
    FONTS,
    LEVELS,
    LOGO,
    MEANINGS,
    STEP_FILLS,
    STEP_INKS,
    Para,
    brand,
    byline,
    fill,
    footer_line,
    link_address,
    load,
    long_date,
    paragraphs,
    values,
)
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib.colors import HexColor, white
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    ListFlowable,
    ListItem,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

PACK, BRAND = load(), brand()
PRIMARY, ACCENT = HexColor(BRAND["primary"]), HexColor(BRAND["accent"])
TEXT, MUTED, PANEL = HexColor(BRAND["text"]), HexColor(BRAND["muted"]), HexColor(BRAND["panel"])
RULE = HexColor("#C9D1DA")
WIDTH, HEIGHT = A4
MARGIN = 18 * mm
FRAME_W = WIDTH - 2 * MARGIN


def register_fonts() -> None:
    for name in ("Regular", "Bold", "Italic", "BoldItalic"):
        pdfmetrics.registerFont(TTFont(f"Lib-{name}", str(FONTS / f"LiberationSans-{name}.ttf")))
    pdfmetrics.registerFont(TTFont("DejaVu", str(FONTS / "DejaVuSans.ttf")))
    pdfmetrics.registerFontFamily(
        "Lib-Regular",
        normal="Lib-Regular",
        bold="Lib-Bold",
        italic="Lib-Italic",
        boldItalic="Lib-BoldItalic",
    )


def style(name: str, size: float, **kw) -> ParagraphStyle:
    base = {"fontName": "Lib-Regular", "fontSize": size, "leading": size * 1.38, "textColor": TEXT}
    return ParagraphStyle(name, **{**base, **kw})


BODY = style("body", 10.5, spaceAfter=6)
TITLE = style("title", 24, fontName="Lib-Bold", leading=27, textColor=PRIMARY)
SUBTITLE = style("subtitle", 13, textColor=PRIMARY, spaceBefore=2)
BYLINE = style("byline", 8.5, textColor=MUTED, spaceBefore=4, spaceAfter=10)
H1 = style(
    "h1",
    14,
    fontName="Lib-Bold",
    leading=17,
    textColor=PRIMARY,
    spaceBefore=10,
    spaceAfter=4,
    keepWithNext=1,
)
SMALL_BOLD = style("kicker", 8.5, fontName="Lib-Bold")
LEVEL = style("level", 26, fontName="Lib-Bold", leading=30, textColor=PRIMARY)
SMALL = style("small", 8.5, textColor=MUTED)
STEP = style("step", 7.5, fontName="Lib-Bold", alignment=1)
STEP_MEANING = style("meaning", 6.5, leading=8, alignment=1)
VALUE = style("value", 20, fontName="Lib-Bold", leading=24, textColor=PRIMARY)
CENTRED = style("centred", 10.5, alignment=1)
QUOTE = style("quote", 11, fontName="Lib-Italic", textColor=PRIMARY)
LINK_LABEL = style("link", 9.5, fontName="Lib-Bold")


def markup(para: Para) -> str:
    out = []
    for span in para.spans:
        text = escape(span.text)
        if span.url:
            text = f'<link href="{escape(span.url)}" color="#0563C1"><u>{text}</u></link>'
        if span.bold:
            text = f"<b>{text}</b>"
        if span.italic:
            text = f"<i>{text}</i>"
        out.append(text)
    return "".join(out)


def body(text: str, known: dict[str, str]) -> list:
    """Paragraphs and lists; a list is one ListFlowable of its items."""
    out, items, kind = [], [], None

    def close() -> None:
        if items:
            bullet = (
                {"bulletType": "1", "bulletFormat": "%s."}
                if kind == "number"
                else {
                    "bulletType": "bullet",
                    "start": "◆",
                    "bulletFontName": "DejaVu",
                    "bulletColor": ACCENT,
                }
            )
            out.append(ListFlowable(list(items), leftIndent=18, bulletFontSize=8, **bullet))
            items.clear()

    for para in paragraphs(text, known):
        if para.kind == "para":
            close()
            out.append(Paragraph(markup(para), BODY))
        else:
            if kind != para.kind:
                close()
            kind = para.kind
            items.append(ListItem(Paragraph(markup(para), style("li", 10.5, spaceAfter=3))))
    close()
    return out


def panel(rows: list, *, fill_colour, edge, edge_side: str = "LINEBEFORE") -> Table:
    table = Table([[row] for row in rows], colWidths=[FRAME_W])
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), fill_colour),
                (edge_side, (0, 0), (0, -1), 3, edge),
                ("LEFTPADDING", (0, 0), (-1, -1), 10),
                ("RIGHTPADDING", (0, 0), (-1, -1), 10),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def threat_scale(level: str) -> Table:
    current = LEVELS.index(level)
    marker = [Paragraph("CURRENT LEVEL ▼" if i == current else "", STEP) for i in range(5)]
    names = [
        Paragraph(f'<font color="#{STEP_INKS[i]}">{name.upper()}</font>', STEP)
        for i, name in enumerate(LEVELS)
    ]
    meanings = [Paragraph(MEANINGS[name], STEP_MEANING) for name in LEVELS]
    width = (FRAME_W - 20) / 5
    table = Table([marker, names, meanings], colWidths=[width] * 5)
    commands = [
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 1), (-1, 1), 6),
        ("BOTTOMPADDING", (0, 1), (-1, 1), 6),
    ]
    for i, fill_hex in enumerate(STEP_FILLS):
        commands.append(("BACKGROUND", (i, 1), (i, 1), HexColor(f"#{fill_hex}")))
    commands.append(("BOX", (current, 1), (current, 1), 2, TEXT))
    table.setStyle(TableStyle(commands))
    return table


def threat_panel(section: dict, known: dict[str, str]) -> list:
    threat = PACK["threat"]
    ni = threat["northern_ireland"]
    rows = [
        Paragraph(escape(section["title"]), SMALL_BOLD),
        Paragraph(threat["level"].upper(), LEVEL),
        Paragraph(f"Meaning: <b><i>{MEANINGS[threat['level']].capitalize()}</i></b>", BODY),
        Paragraph(f"Since {long_date(threat['since'])}", SMALL),
        threat_scale(threat["level"]),
        Paragraph(
            f"Northern Ireland-related terrorism: <b>{ni.upper()}</b> – "
            f"<i>{MEANINGS[ni].capitalize()}</i>",
            BODY,
        ),
        *body(section["note"], known),
    ]
    return [Spacer(1, 6), KeepTogether(panel(rows, fill_colour=PANEL, edge=PRIMARY))]


def callout(section: dict, known: dict[str, str]) -> list:
    head = Paragraph(f'<font color="white"><b>{escape(section["title"])}</b></font>', CENTRED)
    paras = [Paragraph(markup(p), CENTRED) for p in paragraphs(section["body"], known)]
    table = Table([[head], *[[p] for p in paras]], colWidths=[FRAME_W * 0.8])
    table.setStyle(
        TableStyle([("BACKGROUND", (0, 0), (0, 0), ACCENT), ("BOX", (0, 0), (-1, -1), 1.5, ACCENT)])
    )
    return [Spacer(1, 8), KeepTogether(table), Spacer(1, 8)]


def quote(section: dict) -> list:
    who = f"— {section['speaker']}, {section['role']}"
    rows = [Paragraph(escape(section["body"]), QUOTE), Paragraph(escape(who), SMALL)]
    return [KeepTogether(panel(rows, fill_colour=white, edge=ACCENT)), Spacer(1, 10)]


def tiles(items: list[dict]) -> Table:
    cells = []
    for item in items:
        text = (
            f'<font size="20" color="{BRAND["primary"]}"><b>{escape(item["value"])}</b>'
            f'</font><br/><br/>{escape(item["label"])}<br/><font size="7.5" color='
            f'"{BRAND["muted"]}">Source: {escape(item["source"])}<br/>'
            f"{long_date(item['as_of'])}</font>"
        )
        cells.append(Paragraph(text, style("tile", 9, leading=12)))
    rows = [cells[i : i + 3] + [""] * (3 - len(cells[i : i + 3])) for i in range(0, len(cells), 3)]
    table = Table(rows, colWidths=[FRAME_W / 3] * 3)
    table.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 14)])
    )
    return table


def chart(title: str, items: list[dict]) -> Drawing:
    """Horizontal bars, one per figure, the label wrapped on the left."""
    label_w, bar_room, row_h = FRAME_W * 0.3, FRAME_W * 0.62, 22
    numbers = [float(item["value"].replace(",", "")) for item in items]
    top = max(numbers)
    drawing = Drawing(FRAME_W, row_h * len(items) + 20)
    drawing.add(String(0, drawing.height - 10, title, fontName="Lib-Bold", fontSize=8.5))
    for i, (item, number) in enumerate(zip(items, numbers, strict=True)):
        y = drawing.height - 20 - row_h * (i + 1)
        for j, line in enumerate(simpleSplit(item["label"], "Lib-Regular", 7.5, label_w)[:2]):
            drawing.add(String(0, y + 12 - j * 9, line, fontName="Lib-Regular", fontSize=7.5))
        length = max(1.0, bar_room * number / top)
        drawing.add(Rect(label_w + 6, y + 3, length, 12, fillColor=PRIMARY, strokeColor=None))
        drawing.add(
            String(label_w + 10 + length, y + 6, item["value"], fontName="Lib-Bold", fontSize=7.5)
        )
    return drawing


def statistics(section: dict) -> list:
    items = section["items"]
    return [
        Paragraph(escape(section["title"]), style("stat-title", 12, fontName="Lib-Bold")),
        tiles(items),
        Spacer(1, 6),
        KeepTogether([chart(section["title"], items)]),
        Spacer(1, 12),
    ]


class QrCode(Flowable):
    """A QR code (segno) drawn as one filled path of its dark modules, row runs merged."""

    def __init__(self, url: str, size: float = 20 * mm) -> None:
        super().__init__()
        self.url, self.width, self.height = url, size, size

    def draw(self) -> None:
        matrix = segno.make(self.url, error="m", micro=False).matrix
        unit, count = self.width / len(matrix), len(matrix)
        path = self.canv.beginPath()
        for row, cells in enumerate(matrix):
            col = 0
            while col < count:
                start = col
                while col < count and cells[col]:
                    col += 1
                if col > start:
                    path.rect(start * unit, (count - row - 1) * unit, (col - start) * unit, unit)
                col += 1
        self.canv.drawPath(path, fill=1, stroke=0)
        self.canv.linkURL(self.url, (0, 0, self.width, self.height), relative=1)


def links(section: dict) -> list:
    out = [Paragraph(escape(section["title"]), H1)]
    for item in section["items"]:
        address = escape(link_address(item))
        target = item.get("url") or f"tel:{item.get('phone', '')}"
        text = [
            Paragraph(escape(item["label"]), LINK_LABEL),
            Paragraph(
                f'<link href="{escape(target)}" color="#0563C1"><u>{address}</u></link>', BODY
            ),
            Paragraph(escape(item["note"]), SMALL),
        ]
        code = QrCode(item["url"]) if item.get("url") else ""
        table = Table([[text, code]], colWidths=[FRAME_W - 24 * mm, 24 * mm])
        table.setStyle(
            TableStyle(
                [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE)]
            )
        )
        out.append(KeepTogether(table))
    return out


def story() -> list:
    known, meta = values(PACK), PACK["meta"]
    out = [
        Paragraph(escape(meta["title"]), TITLE),
        Paragraph(escape(meta["subtitle"]), SUBTITLE),
        Paragraph(escape(byline(PACK)), BYLINE),
    ]
    for section in PACK["sections"]:
        kind = section["kind"]
        if kind == "text":
            out += [
                Paragraph(escape(fill(section["title"], known)), H1),
                *body(section["body"], known),
            ]
        elif kind == "threat_level":
            out += threat_panel(section, known)
        elif kind == "callout":
            out += callout(section, known)
        elif kind == "quote":
            out += quote(section)
        elif kind == "statistics":
            out += statistics(section)
        elif kind == "links":
            out += links(section)
    return out


def furniture(canv: Canvas, _doc) -> None:
    """Marking, brand band with the logo and running header, footer rule and line."""
    canv.saveState()
    marking = PACK["meta"]["marking"]
    canv.setFont("Lib-Bold", 8)
    canv.drawCentredString(WIDTH / 2, HEIGHT - 7.5 * mm, marking)
    canv.drawCentredString(WIDTH / 2, 7.5 * mm - 5.6, marking)
    band_bottom = HEIGHT - 28 * mm
    canv.setFillColor(PRIMARY)
    canv.rect(0, band_bottom, WIDTH, 17 * mm, fill=1, stroke=0)
    logo_h = 12.5 * mm
    canv.drawImage(
        str(LOGO), MARGIN, band_bottom + 2.25 * mm, logo_h * 512 / 563, logo_h, mask="auto"
    )
    canv.setFillColor(white)
    canv.setFont("Lib-Bold", 11)
    canv.drawString(MARGIN + logo_h + 4 * mm, band_bottom + 8.5 * mm - 3.85, PACK["meta"]["title"])
    canv.setStrokeColor(RULE)
    canv.setLineWidth(0.6)
    canv.line(MARGIN, 17 * mm, WIDTH - MARGIN, 17 * mm)
    canv.setFillColor(MUTED)
    canv.setFont("Lib-Regular", 7.5)
    canv.drawString(MARGIN, 13 * mm, footer_line(PACK))
    canv.doForm(f"pageno{canv.getPageNumber()}")  # "Page N of M", filled in at the end
    canv.restoreState()


class NumberedCanvas(Canvas):
    """Fills in "Page N of M" once M is known: a form per page, written at save."""

    def save(self) -> None:
        total = self.getPageNumber() - 1
        for page in range(1, total + 1):
            self.beginForm(f"pageno{page}")
            self.setFillColor(MUTED)
            self.setFont("Lib-Regular", 7.5)
            self.drawRightString(WIDTH - MARGIN, 13 * mm, f"Page {page} of {total}")
            self.endForm()
        super().save()


def main(out: Path) -> None:
    register_fonts()
    meta = PACK["meta"]
    doc = BaseDocTemplate(
        str(out),
        pagesize=A4,
        title=meta["title"],
        author=meta["author"],
        subject=meta["subtitle"],
        lang="en-GB",
        initialFontName="Lib-Regular",
    )
    frame = Frame(MARGIN, 23 * mm, FRAME_W, HEIGHT - 35 * mm - 23 * mm, 0, 0, 0, 0)
    doc.addPageTemplates([PageTemplate("page", [frame], onPage=furniture)])
    doc.build(story(), canvasmaker=NumberedCanvas)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
