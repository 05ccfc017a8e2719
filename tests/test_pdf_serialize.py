"""The PDF file as render/pdf/serialize.py writes it: reportlab's objects, the structure tree
packed into object streams, a cross-reference stream. Read back by pikepdf (qpdf) and
poppler, and the cross-reference stream decoded here by hand."""

from __future__ import annotations

import io
import shutil
import subprocess
import zlib

import pikepdf
import pytest
from reportlab.pdfgen.canvas import Canvas

from briefpack.document.compose import compose
from briefpack.model.packfile import load_pack, pack_from_data
from briefpack.render.pdf import serialize
from briefpack.render.pdf.writer import render_pdf


@pytest.fixture(scope="module")
def example_doc():
    from packs import EXAMPLE

    return compose(load_pack(EXAMPLE), EXAMPLE.parent)


@pytest.fixture(scope="module")
def tagged(example_doc) -> bytes:
    return render_pdf(example_doc, invariant=True)


def _xref_rows(data: bytes) -> tuple[pikepdf.Dictionary, list[tuple[int, int, int]]]:
    """The trailer (the cross-reference stream's dictionary) and its rows, decoded from
    the bytes as a reader would: startxref points at the stream."""
    start = int(data[data.rindex(b"startxref") :].split()[1])
    head, rest = data[start:].split(b"stream\n", 1)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        trailer = pdf.trailer
        widths = [int(w) for w in trailer.W]
        length = int(trailer.Length)
        size = int(trailer.Size)
    assert head.startswith(b"%d 0 obj" % (size - 1))  # the stream is the last object
    raw = zlib.decompress(rest[:length])
    step = sum(widths)
    rows = []
    for at in range(0, len(raw), step):
        fields, pos = [], at
        for width in widths:
            fields.append(int.from_bytes(raw[pos : pos + width], "big"))
            pos += width
        rows.append(tuple(fields))
    assert len(rows) == size
    return trailer, rows


def test_a_reader_finds_every_object_and_no_syntax_problem(tagged):
    with pikepdf.open(io.BytesIO(tagged)) as pdf:
        assert pdf.check_pdf_syntax() == []
        assert pdf.pdf_version == "1.7"
        assert pdf.Root.StructTreeRoot.K.S == "/Document"
        assert len(pdf.objects) == int(pdf.trailer.Size) - 1  # object 0 is the free head


def test_the_structure_is_packed_and_everything_else_is_at_an_offset(tagged):
    _trailer, rows = _xref_rows(tagged)
    assert rows[0] == (0, 0, 0xFFFF)
    packed = [number for number, row in enumerate(rows) if row[0] == 2]
    direct = [(number, row[1]) for number, row in enumerate(rows) if row[0] == 1]
    with pikepdf.open(io.BytesIO(tagged)) as pdf:
        kinds = {pdf.get_object(n, 0).get("/Type") for n in packed if n}
        elems = sum(
            1
            for n in packed
            if isinstance(pdf.get_object(n, 0), pikepdf.Dictionary) and "/S" in pdf.get_object(n, 0)
        )
        tree = pdf.Root.StructTreeRoot
        assert tree.objgen[0] in packed and tree.ParentTree.objgen[0] in packed
    assert elems == len(packed) - 2  # every StructElem, the ParentTree and the root
    assert kinds <= {None, "/StructTreeRoot"}
    for number, offset in direct:  # each offset is where that object begins
        assert tagged[offset:].startswith(b"%d 0 obj" % number)


def test_poppler_reads_the_structure(tagged, tmp_path):
    if not shutil.which("pdfinfo"):
        pytest.skip("poppler-utils (pdfinfo) is not installed")
    path = tmp_path / "out.pdf"
    path.write_bytes(tagged)
    out = subprocess.run(
        ["pdfinfo", "-struct-text", str(path)], capture_output=True, text=True, check=True
    ).stdout
    assert out.splitlines()[0] == "Document"
    assert '"Introduction"' in out


def test_an_untagged_file_has_no_object_streams(example_doc):
    data = render_pdf(example_doc, invariant=True, tagged=False)
    _trailer, rows = _xref_rows(data)
    assert {row[0] for row in rows[1:]} == {1}
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert pdf.check_pdf_syntax() == []
        assert "/StructTreeRoot" not in pdf.Root


def test_packing_makes_a_long_tagged_file_smaller_than_one_object_each(example_doc):
    from packs import EXAMPLE

    data = load_pack(EXAMPLE).model_dump(mode="json")
    data["sections"] = data["sections"] * 4
    doc = compose(pack_from_data(data), EXAMPLE.parent)
    tagged = render_pdf(doc, invariant=True)
    untagged = render_pdf(doc, invariant=True, tagged=False)
    _trailer, rows = _xref_rows(tagged)
    streams = sum(1 for row in rows if row[0] == 2 and row[2] == 0)
    assert streams >= 2  # more elements than one stream holds
    # One object each, the structure alone was over half the untagged file again.
    assert len(tagged) < 1.3 * len(untagged)


def test_a_reserved_number_left_unwritten_is_an_error_not_a_broken_file():
    canvas = Canvas(io.BytesIO(), invariant=1)
    canvas.showPage()
    serialize.reserve(canvas._doc, 2)
    with pytest.raises(ValueError, match="reserved but never written"):
        serialize.pdf_file(canvas._doc, canvas, [])


def test_packed_objects_are_read_back_as_written():
    canvas = Canvas(io.BytesIO(), invariant=1)
    canvas.drawString(72, 72, "packed")
    canvas.showPage()
    first = serialize.reserve(canvas._doc, 450)
    objects = [(first + i, b"<< /Note %d >>" % i) for i in range(450)]
    data = serialize.pdf_file(canvas._doc, canvas, reversed(objects))
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert pdf.check_pdf_syntax() == []
        for number, _ in objects[::37]:
            assert int(pdf.get_object(number, 0).Note) == number - first
        assert len(pdf.pages) == 1
    _trailer, rows = _xref_rows(data)
    streams = {row[1] for row in rows if row[0] == 2}
    assert len(streams) == -(-450 // serialize.OBJECTS_PER_STREAM)
