"""Spaces at line ends (render/pdf/line_ends.py): text read from the PDF keeps its words
apart across line breaks, and a word broken over two lines stays one word."""

from __future__ import annotations

import io
import shutil
import subprocess

import pikepdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from briefpack.render.pdf.flowables import Para
from briefpack.render.pdf.line_ends import line_ends, line_texts, paragraph_line_ends

# ---- which line ends fall between words -------------------------------------------------


def test_breaks_between_words_are_spaces_and_the_last_line_is_not():
    assert line_ends("one two three four", ["one two", "three", "four"]) == [True, True, False]


def test_a_break_inside_a_word_is_not_a_space():
    source = "see https://www.example.org/a/very/long/path today"
    lines = ["see https://www.exam", "ple.org/a/very/lo", "ng/path today"]
    assert line_ends(source, lines) == [False, False, False]


def test_a_paragraph_continued_on_the_next_page_ends_with_a_space():
    assert line_ends("one two three", ["one", "two"], continues=True) == [True, True]


def test_lines_that_stop_matching_count_as_spaces_from_there_on():
    assert line_ends("alpha beta gamma delta", ["alpha", "betx", "gamma", "delta"]) == [
        True,
        True,
        True,
        False,
    ]


def test_an_empty_line_gets_no_space():
    assert line_ends("a b", ["a", "", "b"]) == [True, False, False]


# Each item: a word, whether a line ends after it, and where a line ending cuts the word
# (none unless 0 < cut < its length).
items = st.lists(
    st.tuples(st.text("abcdefgh-é’", min_size=1, max_size=12), st.booleans(), st.integers(0, 12)),
    min_size=1,
    max_size=30,
)


@settings(max_examples=200, deadline=None)
@given(items=items)
def test_every_break_is_told_apart_from_a_cut_inside_a_word(items):
    """Lines made as a line breaker makes them, from whole words and pieces of words: a line
    end is a space exactly where the break fell between two words."""
    lines, truth, current = [], [], []
    for word, break_after, cut in items:
        if 0 < cut < len(word):
            current.append(word[:cut])
            lines.append(" ".join(current))
            truth.append(False)
            current = [word[cut:]]
        else:
            current.append(word)
        if break_after:
            lines.append(" ".join(current))
            truth.append(True)
            current = []
    if current:
        lines.append(" ".join(current))
        truth.append(True)
    truth[-1] = False
    source = " ".join(word for word, _, _ in items)
    assert line_ends(source, lines) == truth


# ---- in reportlab's paragraphs ------------------------------------------------------------


STYLE = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=12)


def _laid_out(text: str, width: float) -> Para:
    para = Para(text, STYLE)
    para.wrap(width, 10_000)
    return para


def test_a_plain_paragraph_has_a_space_at_every_break():
    para = _laid_out("the quick brown fox jumps over the lazy dog " * 6, 120)
    ends = paragraph_line_ends(para)
    assert len(ends) > 3
    assert ends == [True] * (len(ends) - 1) + [False]


def test_a_long_address_split_over_lines_stays_one_word():
    address = "https://www.example.org/" + "protective-security-guidance/" * 4
    para = _laid_out(f"Read <b>the guidance</b> at {address} before the meeting.", 140)
    texts = ["".join(f.text for f in line.words) for line in para.blPara.lines]
    ends = paragraph_line_ends(para)
    joined = "".join(t + (" " if end else "") for t, end in zip(texts, ends, strict=True))
    assert address in joined
    assert "the guidance at" in " ".join(joined.split())


def test_a_forced_line_break_separates_its_words():
    para = _laid_out("first line<br/>second line", 400)
    assert paragraph_line_ends(para) == [True, False]


@pytest.mark.parametrize("markup", ["plain words", "some <b>bold</b> words"])
@pytest.mark.parametrize(("lines", "between"), [(4, True), (5, False)])  # or inside a word
def test_a_paragraph_split_over_two_pages_keeps_its_words_in_each_part(markup, lines, between):
    text = f"{markup} and a long address https://www.example.org/{'guidance/' * 6} " * 4
    para = _laid_out(text, 150)
    head, tail = para.split(150, lines * STYLE.leading)
    tail.wrap(150, 10_000)
    assert head.bp_continues == between and not tail.bp_continues
    joined = head.bp_source + (" " if between else "") + tail.bp_source
    assert " ".join(joined.split()) == " ".join(para.bp_source.split())
    for part in (head, tail):
        texts = line_texts(part.blPara)
        ends = paragraph_line_ends(part)
        joined = "".join(t + (" " if end else "") for t, end in zip(texts, ends, strict=True))
        assert joined.strip() == part.bp_source.strip()


def _one_page(para_class, text: str, width: float) -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out, invariant=1)
    para = para_class(text, STYLE)
    para.wrap(width, 10_000)
    para.drawOn(canvas, 72, 400)
    canvas.save()
    return out.getvalue()


def test_the_space_is_in_the_file_and_moves_nothing(tmp_path):
    text = "Protective security update for sector leads across the region"
    spaced = _one_page(Para, text, 90)
    with pikepdf.open(io.BytesIO(spaced)) as pdf:
        shown = [
            bytes(operands[0])
            for operands, operator in pikepdf.parse_content_stream(pdf.pages[0])
            if str(operator) == "Tj"
        ]
    assert len(shown) > 2
    assert all(line.endswith(b" ") for line in shown[:-1]) and not shown[-1].endswith(b" ")
    assert b"".join(shown).decode() == text
    if not shutil.which("pdftoppm"):
        pytest.skip("poppler-utils (pdftoppm) is not installed")
    pictures = []
    for name, data in (("spaced", spaced), ("plain", _one_page(Paragraph, text, 90))):
        (tmp_path / f"{name}.pdf").write_bytes(data)
        subprocess.run(
            ["pdftoppm", "-r", "100", "-gray", str(tmp_path / f"{name}.pdf"), str(tmp_path / name)],
            check=True,
        )
        pictures.append(next(tmp_path.glob(f"{name}*.pgm")).read_bytes())
    assert pictures[0] == pictures[1]  # not a pixel moved
