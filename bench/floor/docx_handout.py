"""The floor for the DOCX: the example handout written by hand with python-docx, as a
competent engineer would for this one handout. bench/process.py times it beside
`briefpack render`.

    python bench/floor/docx_handout.py OUT.docx

The same words (placeholders filled, the Markdown's bold, italics, lists and links), the
threat panel and scale, the call-out, the quote, the statistics table and the bar chart (a
1260×860 PNG drawn with Pillow in the brand's fonts), the links with their QR codes (segno
PNGs), the brand band with the logo in the header, the markings, and a footer with PAGE and
NUMPAGES fields. Imports nothing of briefpack.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import docx
import segno
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
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
from PIL import Image, ImageDraw, ImageFont

PACK, BRAND = load(), brand()
PRIMARY, ACCENT = BRAND["primary"].lstrip("#"), BRAND["accent"].lstrip("#")
MUTED, PANEL = BRAND["muted"].lstrip("#"), BRAND["panel"].lstrip("#")
TEXT_WIDTH = Mm(210 - 36)


def rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour)


def shade(cell, hex_colour: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:fill"), hex_colour)
    cell._tc.get_or_add_tcPr().append(shading)


def hyperlink(paragraph, url: str, text: str, bold: bool = False) -> None:
    r_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = paragraph.add_run(text)
    run.font.color.rgb = rgb("0563C1")
    run.font.underline = True
    run.bold = bold or None
    link.append(run._r)
    paragraph._p.append(link)


def field(paragraph, code: str) -> None:
    """A PAGE or NUMPAGES field."""
    for kind, text in (("begin", None), (None, code), ("end", None)):
        run = paragraph.add_run()
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        else:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)


def write_spans(paragraph, para: Para) -> None:
    for span in para.spans:
        if span.url:
            hyperlink(paragraph, span.url, span.text, span.bold)
            continue
        run = paragraph.add_run(span.text)
        run.bold = span.bold or None
        run.italic = span.italic or None


def body(container, text: str, known: dict[str, str]) -> None:
    styles = {"para": None, "bullet": "List Bullet", "number": "List Number"}
    for para in paragraphs(text, known):
        write_spans(container.add_paragraph(style=styles[para.kind]), para)


def set_up(word) -> None:
    normal = word.styles["Normal"]
    normal.font.name, normal.font.size = "Arial", Pt(10.5)
    normal.paragraph_format.space_after = Pt(6)
    for name, size in (("Title", 24), ("Subtitle", 13), ("Heading 1", 14)):
        style = word.styles[name]
        style.font.name, style.font.size, style.font.color.rgb = "Arial", Pt(size), rgb(PRIMARY)
    section = word.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(18)
    section.top_margin, section.bottom_margin = Mm(35), Mm(23)
    section.header_distance, section.footer_distance = Mm(5), Mm(5)


def header_and_footer(word) -> None:
    section, meta = word.sections[0], PACK["meta"]
    head = section.header
    marking = head.paragraphs[0]
    marking.alignment = WD_ALIGN_PARAGRAPH.CENTER
    marking.add_run(meta["marking"]).bold = True
    band = head.add_table(1, 2, Mm(210))
    band.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell in band.rows[0].cells:
        shade(cell, PRIMARY)
    band.cell(0, 0).width, band.cell(0, 1).width = Mm(30), Mm(180)
    band.cell(0, 0).paragraphs[0].add_run().add_picture(str(LOGO), height=Mm(12.5))
    title = band.cell(0, 1).paragraphs[0].add_run(meta["title"])
    title.bold, title.font.color.rgb, title.font.size = True, rgb("FFFFFF"), Pt(11)
    foot = section.footer
    line = foot.paragraphs[0]
    line.add_run(footer_line(PACK) + "\t\tPage ").font.size = Pt(7.5)
    field(line, "PAGE")
    line.add_run(" of ")
    field(line, "NUMPAGES")
    bottom = foot.add_paragraph()
    bottom.alignment = WD_ALIGN_PARAGRAPH.CENTER
    bottom.add_run(meta["marking"]).bold = True


def threat_panel(word, section: dict, known: dict[str, str]) -> None:
    threat = PACK["threat"]
    level, ni = threat["level"], threat["northern_ireland"]
    cell = word.add_table(1, 1).cell(0, 0)
    shade(cell, PANEL)
    cell.paragraphs[0].add_run(section["title"]).bold = True
    name = cell.add_paragraph().add_run(level.upper())
    name.bold, name.font.size, name.font.color.rgb = True, Pt(26), rgb(PRIMARY)
    meaning = cell.add_paragraph("Meaning: ")
    run = meaning.add_run(MEANINGS[level].capitalize())
    run.bold = run.italic = True
    cell.add_paragraph(f"Since {long_date(threat['since'])}")
    scale = cell.add_table(3, 5)
    current = LEVELS.index(level)
    scale.cell(0, current).paragraphs[0].add_run("CURRENT LEVEL ▼").bold = True
    for i, step in enumerate(LEVELS):
        box = scale.cell(1, i)
        shade(box, STEP_FILLS[i])
        text = box.paragraphs[0].add_run(step.upper())
        text.bold, text.font.color.rgb = True, rgb(STEP_INKS[i])
        scale.cell(2, i).paragraphs[0].add_run(MEANINGS[step]).font.size = Pt(6.5)
    line = cell.add_paragraph("Northern Ireland-related terrorism: ")
    line.add_run(ni.upper()).bold = True
    line.add_run(" – ")
    line.add_run(MEANINGS[ni].capitalize()).italic = True
    body(cell, section["note"], known)


def callout(word, section: dict, known: dict[str, str]) -> None:
    table = word.add_table(2, 1)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    head = table.cell(0, 0)
    shade(head, ACCENT)
    title = head.paragraphs[0].add_run(section["title"])
    title.bold, title.font.color.rgb = True, rgb("FFFFFF")
    body(table.cell(1, 0), section["body"], known)


def quote(word, section: dict) -> None:
    word.add_paragraph(section["body"], style="Quote")
    who = word.add_paragraph().add_run(f"— {section['speaker']}, {section['role']}")
    who.font.size, who.font.color.rgb = Pt(8.5), rgb(MUTED)


def chart_png(title: str, items: list[dict]) -> bytes:
    """The bar chart at 1260×860 px, drawn with Pillow in the brand's fonts."""
    width, height = 1260, 860
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    regular = ImageFont.truetype(str(FONTS / "LiberationSans-Regular.ttf"), 22)
    bold = ImageFont.truetype(str(FONTS / "LiberationSans-Bold.ttf"), 24)
    draw.text((0, 0), title, font=bold, fill="black")
    numbers = [float(item["value"].replace(",", "")) for item in items]
    row, label_w, room = (height - 50) / len(items), 400, 760
    for i, (item, number) in enumerate(zip(items, numbers, strict=True)):
        top = 50 + i * row
        words, lines = item["label"].split(), [""]
        for word in words:  # wrap the label into its column
            trial = f"{lines[-1]} {word}".strip()
            if draw.textlength(trial, font=regular) > label_w and lines[-1]:
                lines.append(word)
            else:
                lines[-1] = trial
        for j, line in enumerate(lines[:2]):
            draw.text((0, top + j * 26), line, font=regular, fill="black")
        length = max(2, room * number / max(numbers))
        draw.rectangle((label_w + 20, top + 8, label_w + 20 + length, top + 40), fill=f"#{PRIMARY}")
        draw.text((label_w + 30 + length, top + 12), item["value"], font=bold, fill="black")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def statistics(word, section: dict) -> None:
    word.add_paragraph(section["title"], style="Heading 1")
    table = word.add_table(1, 4)
    heads = ("Figure", "What it counts", "Source", "As of")
    for cell, text in zip(table.rows[0].cells, heads, strict=True):
        shade(cell, PRIMARY)
        run = cell.paragraphs[0].add_run(text)
        run.bold, run.font.color.rgb = True, rgb("FFFFFF")
    for item in section["items"]:
        cells = table.add_row().cells
        value = cells[0].paragraphs[0].add_run(item["value"])
        value.bold, value.font.size, value.font.color.rgb = True, Pt(16), rgb(PRIMARY)
        cells[1].text, cells[2].text = item["label"], item["source"]
        cells[3].text = long_date(item["as_of"])
    chart = chart_png(section["title"], section["items"])
    word.add_paragraph().add_run().add_picture(io.BytesIO(chart), width=TEXT_WIDTH)


def links(word, section: dict) -> None:
    word.add_paragraph(section["title"], style="Heading 1")
    table = word.add_table(1, 3)
    heads = ("Contact", "Address or phone", "QR code")
    for cell, text in zip(table.rows[0].cells, heads, strict=True):
        shade(cell, PRIMARY)
        run = cell.paragraphs[0].add_run(text)
        run.bold, run.font.color.rgb = True, rgb("FFFFFF")
    for item in section["items"]:
        cells = table.add_row().cells
        cells[0].paragraphs[0].add_run(item["label"]).bold = True
        cells[0].add_paragraph(item["note"]).runs[0].font.size = Pt(8)
        target = item.get("url") or f"tel:{item['phone']}"
        hyperlink(cells[1].paragraphs[0], target, link_address(item))
        if item.get("url"):
            png = io.BytesIO()
            segno.make(item["url"], error="m").save(png, kind="png", scale=4, border=2)
            cells[2].paragraphs[0].add_run().add_picture(io.BytesIO(png.getvalue()), width=Mm(20))


def main(out: Path) -> None:
    word = docx.Document()
    set_up(word)
    header_and_footer(word)
    known, meta = values(PACK), PACK["meta"]
    word.add_paragraph(meta["title"], style="Title")
    word.add_paragraph(meta["subtitle"], style="Subtitle")
    word.add_paragraph(byline(PACK)).runs[0].font.color.rgb = rgb(MUTED)
    for section in PACK["sections"]:
        kind = section["kind"]
        if kind == "text":
            word.add_paragraph(fill(section["title"], known), style="Heading 1")
            body(word, section["body"], known)
        elif kind == "threat_level":
            threat_panel(word, section, known)
        elif kind == "callout":
            callout(word, section, known)
        elif kind == "quote":
            quote(word, section)
        elif kind == "statistics":
            statistics(word, section)
        elif kind == "links":
            links(word, section)
    word.core_properties.title, word.core_properties.author = meta["title"], meta["author"]
    word.core_properties.language = "en-GB"
    word.save(str(out))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
