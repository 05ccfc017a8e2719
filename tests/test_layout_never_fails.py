"""Property test: every valid pack lays out as a PDF (issue 18, point 6).

Packs are built from the sections that once stopped the PDF writer with LayoutError:
statistics with many items and long labels (chart on or off), runs of page breaks, long
and nested lists (also inside call-outs), links with QR codes for over-long addresses,
in the default and the large-print brand. Each must render to a PDF with pages, and the
DOCX writer must take the same pack.

CI runs a modest number of examples. The long run is one command:

    BRIEFPACK_LAYOUT_EXAMPLES=2000 pytest -p no:cacheprovider tests/test_layout_never_fails.py
"""

from __future__ import annotations

import io
import os
import zipfile
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from packs import pack_data

from briefpack.document.compose import compose
from briefpack.document.layout_checks import layout_findings
from briefpack.model.pack import Pack
from briefpack.render.docx import render_docx
from briefpack.render.pdf import render_pdf
from briefpack.render.verify import pdf_page_count, verify_bytes

EXAMPLES = int(os.environ.get("BRIEFPACK_LAYOUT_EXAMPLES", "25"))
PROGRESS = os.environ.get("BRIEFPACK_LAYOUT_PROGRESS")  # a file the long run counts into
PROPERTY = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=EXAMPLES <= 25,  # CI: the same examples every run
)

WORDS = st.sampled_from(
    [
        *("the", "of", "police", "force", "premises", "crowded", "places", "advice"),
        *("search", "screening", "lockdown", "night-time", "economy", "protective"),
        *("security", "counter", "terrorism", "Metropolitan", "Yorkshire", "£3,629", "–"),
        "supercalifragilisticexpialidocious-neighbourhood-policing",  # wider than a column
    ]
)


def words(min_size: int = 1, max_size: int = 40) -> st.SearchStrategy[str]:
    return st.lists(WORDS, min_size=min_size, max_size=max_size).map(" ".join)


stat_item = st.fixed_dictionaries(
    {
        "value": st.one_of(
            st.integers(0, 10**7).map(lambda v: f"{v:,}"),
            st.floats(0, 100, allow_nan=False).map(lambda v: f"{v:.1f}%"),
            words(1, 3),  # not a number: a tile without a bar
            st.integers(300, 400).map(lambda k: "9" * k),  # an infinite float
        ),
        "label": words(1, 60),
    },
    optional={"source": words(1, 8)},
)
statistics = st.fixed_dictionaries(
    {
        "kind": st.just("statistics"),
        "items": st.lists(stat_item, min_size=1, max_size=70),
        "chart": st.booleans(),
    },
    optional={"title": words(1, 30)},
)


@st.composite
def markdown_list(draw, depth: int = 0) -> str:
    marker = draw(st.sampled_from(["-", "1."]))
    lines = []
    for _ in range(draw(st.integers(1, 60 if depth == 0 else 8))):
        lines.append("  " * depth + f"{marker} {draw(words(1, 50))}")
        if depth < 2 and draw(st.integers(0, 9)) == 0:
            lines.append(draw(markdown_list(depth + 1)))
    return "\n".join(lines)


text_section = st.builds(
    lambda title, body: {"kind": "text", "title": title, "body": body},
    words(1, 12),
    st.one_of(markdown_list(), words(1, 400)),
)
callout = st.builds(
    lambda body, style: {"kind": "callout", "title": "Report it", "body": body, "style": style},
    st.one_of(markdown_list(), words(1, 200)),
    st.sampled_from(["alert", "info"]),
)
link_item = st.builds(
    lambda label, tail: {"label": label, "url": "https://www.gov.uk/" + tail},
    words(1, 8),
    st.one_of(st.just("ACT"), st.integers(1, 3200).map(lambda k: "a" * k)),
)
links = st.builds(
    lambda items, qr: {"kind": "links", "items": items, "qr": qr},
    st.lists(link_item, min_size=1, max_size=12),
    st.booleans(),
)
page_breaks = st.integers(1, 15).map(lambda k: [{"kind": "page_break"}] * k)
section_runs = st.one_of(
    statistics.map(lambda s: [s]),
    text_section.map(lambda s: [s]),
    callout.map(lambda s: [s]),
    links.map(lambda s: [s]),
    page_breaks,
)


@st.composite
def packs(draw) -> Pack:
    runs = draw(st.lists(section_runs, min_size=1, max_size=6))
    sections = [section for run in runs for section in run]
    brand = draw(st.sampled_from(["default", "high-contrast"]))
    return Pack.model_validate(pack_data(*sections, brand=brand))


@PROPERTY
@given(packs())
def test_every_valid_pack_lays_out(pack: Pack) -> None:
    doc = compose(pack, ".", today=date(2016, 8, 1))
    pdf = render_pdf(doc)  # raised LayoutError for charts, page-break runs; QR overflow
    verify_bytes(pdf, "pdf")
    assert pdf_page_count(pdf) >= 1
    verify_bytes(render_docx(doc), "docx")
    if PROGRESS:
        with open(PROGRESS, "a", encoding="utf-8") as log:
            log.write(f"{len(pack.sections)} sections, {pdf_page_count(pdf)} pages\n")


def _pack(*sections: dict, brand: str = "default") -> Pack:
    return Pack.model_validate(pack_data(*sections, brand=brand))


def _force_items(count: int, label: str = "Police force") -> list[dict]:
    return [{"value": f"{(i * 37) % 500 + 10}", "label": f"{label} {i}"} for i in range(count)]


def test_43_forces_chart_splits_into_continued_parts() -> None:
    pack = _pack(
        {"kind": "statistics", "title": "Visits", "items": _force_items(43), "chart": True}
    )
    pdf = render_pdf(compose(pack, "."))
    assert pdf_page_count(pdf) >= 2
    assert b"Visits (continued)" in pdf or _pdf_has_text(pdf, "Visits (continued)")


def test_long_labels_chart_in_large_print() -> None:
    label = "premises in the night-time economy given advice on searching bags " * 2
    items = _force_items(18, label)
    pack = _pack({"kind": "statistics", "items": items, "chart": True}, brand="high-contrast")
    assert pdf_page_count(render_pdf(compose(pack, "."))) >= 2


def test_figure_too_large_for_a_float_draws_a_full_bar() -> None:
    items = [{"value": "9" * 400, "label": "huge"}, {"value": "12", "label": "small"}]
    doc = compose(_pack({"kind": "statistics", "items": items, "chart": True}), ".")
    verify_bytes(render_pdf(doc), "pdf")  # was: ValueError, cannot convert float NaN
    verify_bytes(render_docx(doc), "docx")


def test_page_breaks_in_a_row_count_once_and_are_reported() -> None:
    text = {"kind": "text", "body": "words"}
    pack = _pack(text, *[{"kind": "page_break"}] * 11, text)
    doc = compose(pack, ".")
    assert pdf_page_count(render_pdf(doc)) == 2
    with zipfile.ZipFile(io.BytesIO(render_docx(doc))) as archive:
        assert archive.read("word/document.xml").count(b'w:type="page"') == 1  # DOCX alike
    found = layout_findings(pack)
    assert [f.where for f in found] == [f"sections[{i}]" for i in range(2, 12)]
    assert all(f.severity == "warning" for f in found)
    assert "only one new page" in found[0].message


def test_one_page_break_is_not_reported() -> None:
    text = {"kind": "text", "body": "words"}
    assert layout_findings(_pack(text, {"kind": "page_break"}, text)) == []


def test_too_long_address_gets_no_qr_and_a_warning() -> None:
    long_url = "https://www.gov.uk/" + "a" * 3000
    section = {
        "kind": "links",
        "qr": True,
        "items": [{"label": "Long", "url": long_url}, {"label": "ACT", "url": "www.gov.uk/ACT"}],
    }
    pack = _pack(section)
    doc = compose(pack, ".")
    verify_bytes(render_pdf(doc), "pdf")
    verify_bytes(render_docx(doc), "docx")
    found = layout_findings(pack)
    assert [f.where for f in found] == ["sections[0].items[0].url"]
    assert "too long for a QR code" in found[0].message and "'Long'" in found[0].message


def _pdf_has_text(pdf: bytes, text: str) -> bool:
    from io import BytesIO

    from pypdf import PdfReader

    return any(text in (page.extract_text() or "") for page in PdfReader(BytesIO(pdf)).pages)


def test_validate_lays_the_pack_out(tmp_path, monkeypatch, capsys) -> None:
    """validate runs the PDF layout: were it ever to fail, validate says so in one line."""
    import json

    from reportlab.platypus.doctemplate import LayoutError

    from briefpack import cli
    from briefpack.render.pdf import writer as pdf

    pack = tmp_path / "p.bpack"
    pack.write_text(json.dumps(pack_data({"kind": "text", "body": "Hello"})), encoding="utf-8")
    assert cli.main(["validate", str(pack)]) == 0

    def no_room(doc, **_kw):
        raise LayoutError("Flowable too large on page 1\nmore detail")

    monkeypatch.setattr(pdf, "render_pdf", no_room)
    capsys.readouterr()
    assert cli.main(["validate", str(pack)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        f"{pack}: layout: error: the PDF cannot be laid out (Flowable too large on page 1)"
    ]
