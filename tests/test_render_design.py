"""One design spec under every writer (issue 12, point 2): render/design/ decides how a
handout looks; the PDF and DOCX writers adapt it, keep no measurements of their own, and
where they used to disagree they now do the same (docs/architecture.md lists each case)."""

from __future__ import annotations

import io
import subprocess
import sys
import typing
from datetime import date
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from packs import EXAMPLE, ROOT, pack_data
from readback import pdf_text

from briefpack.document import nodes as n
from briefpack.document.compose import compose
from briefpack.model import pack_from_data
from briefpack.model.brand import find_brand
from briefpack.model.packfile import load_pack
from briefpack.render.blocks import BLOCK_METHODS
from briefpack.render.design import design_for
from briefpack.render.design.chart import chart_layout
from briefpack.render.design.units import mm
from briefpack.render.docx import render_docx
from briefpack.render.docx.writer import Writer
from briefpack.render.pdf import render_pdf
from briefpack.render.pdf.fonts import fonts_for
from briefpack.render.pdf.writer import Walker
from briefpack.render.raster.chart import ChartStyle, bar_chart_pngs
from briefpack.render.raster.pictures import BrandMeasure

TWIPS_PER_MM = 1440 / 25.4


def _doc(*sections: dict, brand: str = "default", **meta) -> n.Document:
    pack = pack_from_data(pack_data(*sections, brand=brand, **meta))
    return compose(pack, today=date(2016, 8, 2))


def _example() -> n.Document:
    return compose(load_pack(EXAMPLE), EXAMPLE.parent, today=date(2016, 8, 1))


# ---- the spec itself ------------------------------------------------------------------------


def test_the_design_loads_no_output_library():
    """A third writer starts from the spec without paying for reportlab or python-docx."""
    modules = sorted(p.stem for p in (ROOT / "briefpack/render/design").glob("*.py"))
    code = (
        "import sys; import importlib;"
        f"[importlib.import_module('briefpack.render.design.' + m) for m in {modules!r}];"
        "print([m for m in ('reportlab', 'docx', 'PIL') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_every_block_type_has_a_method_in_both_writers():
    assert set(BLOCK_METHODS) == set(typing.get_args(n.Block))
    for writer in (Walker, Writer):
        missing = [name for name in BLOCK_METHODS.values() if not callable(getattr(writer, name))]
        assert not missing, f"{writer.__module__} lacks {missing}"


def test_large_print_grows_the_sizes_and_the_spaces():
    normal, large = design_for(find_brand("default")), design_for(find_brand("high-contrast"))
    assert large.styles.body.size > normal.styles.body.size
    assert large.styles.stat_source.size >= 12  # the large-print floor
    assert large.blocks.after.panel > normal.blocks.after.panel
    assert large.palette.step_fills != normal.palette.step_fills  # AAA contrast


# ---- the DOCX now follows the design where it used to differ -------------------------------


def test_the_body_ends_23_mm_above_the_foot_in_both():
    doc = _example()
    section = docx.Document(io.BytesIO(render_docx(doc))).sections[0]
    bottom_mm = section.bottom_margin / 635 / TWIPS_PER_MM
    assert bottom_mm == pytest.approx(23, abs=0.05)  # was 21 mm
    assert design_for(doc.brand).page("A4").frame_bottom_from_bottom == pytest.approx(mm(23))


def test_large_print_list_indents_follow_the_body_in_the_docx():
    data = render_docx(_doc({"kind": "text", "body": "- one\n- two"}, brand="high-contrast"))
    numbering = docx.Document(io.BytesIO(data)).part.numbering_part.element
    indents = [int(ind.get(qn("w:left"))) for ind in numbering.iter(qn("w:ind"))]
    body = design_for(find_brand("high-contrast")).styles.body.size
    assert round(body * 1.7 * 20) in indents  # was a fixed 357 twips (10.5 pt × 1.7)
    assert 357 not in indents


def test_the_panel_kicker_is_printed_as_written_in_the_docx():
    word = docx.Document(io.BytesIO(render_docx(_example())))
    kicker = word.styles["Panel Kicker"].element
    assert kicker.find(f"{qn('w:rPr')}/{qn('w:caps')}") is None  # the PDF adds no capitals


def test_a_long_statistic_value_is_set_smaller_in_the_docx_as_in_the_pdf():
    figure = "1,234,567,890,123,456"
    tiles = {"kind": "statistics", "items": [{"value": figure, "label": "Calls"}]}
    word = docx.Document(io.BytesIO(render_docx(_doc(tiles))))
    runs = [r for p in word.element.body.iter(qn("w:p")) for r in p.iter(qn("w:r"))]
    (run,) = [r for r in runs if "".join(t.text for t in r.iter(qn("w:t"))) == figure]
    size = run.find(f"{qn('w:rPr')}/{qn('w:sz')}")
    stat_value = design_for(find_brand("default")).styles.stat_value.size
    assert size is not None and int(size.get(qn("w:val"))) < stat_value * 2


def test_a_long_running_header_is_cut_with_an_ellipsis_in_the_docx():
    brand = find_brand("default").model_copy(update={"header_text": "Safer Streets " * 40})
    doc = compose(pack_from_data(pack_data({"kind": "text", "body": "Hi"})), brand=brand,
                  today=date(2016, 8, 2))  # fmt: skip
    header = docx.Document(io.BytesIO(render_docx(doc))).sections[0].header._element
    band = [
        p for p in header.iter(qn("w:p")) if "Safer" in "".join(t.text for t in p.iter(qn("w:t")))
    ]
    text = "".join(t.text for t in band[0].iter(qn("w:t")))
    assert text.startswith("Safer Streets") and text.endswith("…") and len(text) < 200


def test_nested_lists_are_numbered_and_bulleted_alike():
    body = "1. one\n2. two\n    1. inner\n        1. deep\n\n- top\n    - mid\n        - low\n"
    doc = _doc({"kind": "text", "body": body})
    text = pdf_text(render_pdf(doc))
    for shown in ("1. one", "a. inner", "i. deep", "◆ top", "• mid", "– low"):
        assert shown in text, shown  # the PDF numbered and bulleted every depth "1." and "•"
    numbering = docx.Document(io.BytesIO(render_docx(doc))).part.numbering_part.element
    formats = [f.get(qn("w:val")) for f in numbering.iter(qn("w:numFmt"))][:3]
    assert formats == ["decimal", "lowerLetter", "lowerRoman"]


# ---- the chart: one layout, two painters ---------------------------------------------------


def _example_chart() -> n.BarChart:
    grid = next(b for b in _example().blocks if isinstance(b, n.StatGrid) and b.chart)
    return grid.chart


def test_both_painters_draw_one_layout():
    """The PDF measures with reportlab, the DOCX with FreeType: the rows come out the same."""
    brand, chart = find_brand("default"), _example_chart()
    size = design_for(brand).styles.chart.size
    pdf = chart_layout(chart, 480, size, fonts_for(brand).measure)
    word = chart_layout(chart, 480, size, BrandMeasure(brand))
    assert [r.labels for r in pdf.rows] == [r.labels for r in word.rows]
    assert [r.height for r in pdf.rows] == [r.height for r in word.rows]
    for one, two in zip(pdf.rows, word.rows, strict=True):
        assert one.length == pytest.approx(two.length, abs=0.5)


def test_the_docx_chart_is_the_layouts_size_and_cuts_a_long_title():
    brand = find_brand("default")
    chart = _example_chart()
    chart = n.BarChart("A very long chart title " * 12, chart.bars, "(continued)", chart.alt)
    measure = BrandMeasure(brand)
    style = ChartStyle("17375E", "1A1A1A", "56606B", measure.path("regular"),
                       measure.path("bold"), 9.5)  # fmt: skip
    layout = chart_layout(chart, 480, 9.5, style.measure)
    assert layout.title.endswith("…")  # the DOCX drew the whole title off the picture
    ((_part, picture),) = bar_chart_pngs(chart, 480, style, 10_000)
    assert picture.height_pt == pytest.approx(layout.height_of(tuple(range(len(chart.bars)))))


# ---- the furniture sits where the design puts it, in LibreOffice too -----------------------


def _lines(pdf_path_or_bytes) -> dict[str, float]:
    """Per page 1 text line of the furniture, its lowest glyph bottom in mm from the foot."""
    import pypdfium2 as pdfium

    page = pdfium.PdfDocument(pdf_path_or_bytes)[0]
    text = page.get_textpage()
    boxes = [(text.get_text_range(i, 1), text.get_charbox(i, loose=False))
             for i in range(text.count_chars())]  # fmt: skip
    height = page.get_height()

    def bottom(word: str, low: float, high: float) -> float:
        found = [b[1] for c, b in boxes if c in word and low <= b[1] / mm(1) <= high]
        return min(found) / mm(1)

    top = height / mm(1)
    return {
        "top marking": bottom("OFFICIAL", top - 10, top),
        "running header": bottom("Counter", top - 28, top - 10),
        "footer line": bottom("Page", 10, 17),
        "bottom marking": bottom("OFFICIAL", 0, 9),
    }


def _lowest_body_line(pdf_path) -> float:
    """The lowest glyph of the body text over all pages, in mm from the foot."""
    import pypdfium2 as pdfium

    lowest = 1000.0
    for page in pdfium.PdfDocument(pdf_path):
        text = page.get_textpage()
        for i in range(text.count_chars()):
            box = text.get_charbox(i, loose=False)
            if box[1] / mm(1) > 19 and box[2] > box[0]:  # above the footer rule (17 mm)
                lowest = min(lowest, box[1] / mm(1))
    return lowest


def test_libreoffice_lays_the_docx_furniture_and_frame_out_as_the_pdf(tmp_path: Path, soffice):
    words = "Officers should report anything that looks out of place to the hotline. " * 6
    doc = _doc(*({"kind": "text", "body": words} for _ in range(20)))
    source = tmp_path / "out.docx"
    source.write_bytes(render_docx(doc))
    subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    office, ours = _lines(tmp_path / "out.pdf"), _lines(render_pdf(doc))
    for line, height in ours.items():
        assert office[line] == pytest.approx(height, abs=0.6), line
    assert _lowest_body_line(tmp_path / "out.pdf") > 22.3  # the 23 mm frame (was 21 mm)
