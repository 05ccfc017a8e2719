"""The format table (render/formats.py): every writer handles every Block type of the document
tree, each format loads only its own libraries, and a format added to the table is offered and
checked everywhere without touching anything else."""

from __future__ import annotations

import dataclasses
import io
import subprocess
import sys
import types
import typing
from pathlib import Path

import pytest
from packs import pack_data
from PIL import Image as PILImage

from briefpack.document import nodes
from briefpack.document.compose import compose
from briefpack.model.errors import SaveError
from briefpack.model.pack import Pack
from briefpack.render import formats
from briefpack.render.formats import FORMATS, OutputFormat, format_for_suffix, get_format

BLOCK_TYPES: tuple[type, ...] = typing.get_args(nodes.Block)


def _png() -> bytes:
    out = io.BytesIO()
    PILImage.new("RGB", (4, 3), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def sample(hint: object) -> object:
    """A plain value of type `hint`, built from the type alone, so a Block type added to
    nodes.py is tried without this test knowing its fields. Fields with defaults keep them;
    an optional field is None; a tuple holds one sample item (a block inside a block is a
    paragraph, so the walk stays shallow)."""
    simple = {str: "Sample words", bool: False, int: 1, float: 10.0, bytes: _png()}
    if hint in simple:
        return simple[hint]
    args = typing.get_args(hint)
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return None if type(None) in args else sample(args[0])
    if typing.get_origin(hint) is tuple:
        if set(typing.get_args(args[0])) == set(BLOCK_TYPES):
            return (nodes.Paragraph((nodes.Text("Inside a block"),)),)
        return (sample(args[0]),)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        hints = typing.get_type_hints(hint)
        return hint(
            **{
                f.name: sample(hints[f.name])
                for f in dataclasses.fields(hint)
                if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
            }
        )
    raise TypeError(f"sample() cannot build a {hint!r}: teach it this type")


@pytest.fixture(scope="module")
def base_doc() -> nodes.Document:
    return compose(Pack.model_validate(pack_data({"kind": "text", "body": "Hello"})), ".")


def test_the_block_union_is_read() -> None:
    assert nodes.Paragraph in BLOCK_TYPES and nodes.PageBreak in BLOCK_TYPES
    assert all(dataclasses.is_dataclass(t) for t in BLOCK_TYPES)


@pytest.mark.parametrize("block_type", BLOCK_TYPES, ids=lambda t: t.__name__)
@pytest.mark.parametrize("output", FORMATS, ids=lambda f: f.name)
def test_every_writer_handles_every_block_type(
    output: OutputFormat, block_type: type, base_doc: nodes.Document
) -> None:
    """A writer without a case for a Block type fails here (a KeyError in its dispatch, or
    a file its own verifier refuses), not in an officer's export."""
    block = sample(block_type)
    doc = dataclasses.replace(base_doc, blocks=(nodes.Paragraph((nodes.Text("Before"),)), block))
    data = output.write(doc)
    output.verify(data, f"block.{output.suffix}")


# ---- the table --------------------------------------------------------------------------


def test_the_table_is_consistent() -> None:
    names = [f.name for f in FORMATS]
    suffixes = [f.suffix for f in FORMATS]
    assert len(set(names)) == len(names) and len(set(suffixes)) == len(suffixes)
    assert formats.DEFAULT_FORMAT in names
    for output in FORMATS:
        assert output.suffix == output.suffix.lower() and output.suffix.startswith(".")
        assert output.file_filter == f"{output.kind_of_file} (*{output.suffix})"
        assert callable(formats._load(output.writer)) and callable(formats._load(output.verifier))
        assert get_format(output.name) is output
        assert format_for_suffix(output.suffix.upper()) is output
    assert get_format("pdf").file_filter == "PDF documents (*.pdf)"
    assert format_for_suffix(".odt") is None
    with pytest.raises(ValueError, match="unknown format 'odt'; expected one of pdf, docx"):
        get_format("odt")


@pytest.mark.parametrize(("fmt", "other"), [("pdf", "docx"), ("docx", "reportlab")])
def test_a_format_loads_only_its_own_libraries(fmt: str, other: str) -> None:
    code = (
        "import sys; sys.path.insert(0, 'tests');"
        "from packs import pack_data; from briefpack.model.pack import Pack;"
        "from briefpack.document.compose import compose; from briefpack.render import render;"
        "doc = compose(Pack.model_validate(pack_data({'kind': 'text', 'body': 'x'})), '.');"
        f"render(doc, {fmt!r}); print({other!r} in sys.modules)"
    )
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root
    )
    assert out.stdout.strip() == "False"


# ---- a third format: one entry in the table ------------------------------------------------


def write_words(doc: nodes.Document) -> bytes:
    """A toy writer for the test format: the paragraphs' words, one a line."""
    lines = [nodes.plain_text(b.inlines) for b in doc.blocks if isinstance(b, nodes.Paragraph)]
    return ("\n".join(lines) + "\n").encode()


def check_words(data: bytes, path: str | Path) -> None:
    if not data.endswith(b"\n"):
        raise SaveError("the exported file is not complete (no last line)", file=path)


WORDS = OutputFormat(
    name="words",
    label="Words",
    menu_text="&Words…",
    suffix=".words",
    kind_of_file="Word lists",
    writer=f"{__name__}:write_words",
    verifier=f"{__name__}:check_words",
)


def test_a_format_added_to_the_table_is_offered_rendered_and_checked(
    monkeypatch, tmp_path: Path, capsys
) -> None:
    from briefpack.cli import build_parser, main
    from briefpack.render import render
    from briefpack.render.verify import verify_bytes

    monkeypatch.setattr(formats, "FORMATS", (*FORMATS, WORDS))
    pack = tmp_path / "p.bpack"
    import json

    pack.write_text(json.dumps(pack_data({"kind": "text", "body": "Hello there"})), "utf-8")
    render_parser = build_parser()._subparsers._group_actions[0].choices["render"]
    choices = next(a.choices for a in render_parser._actions if "--format" in a.option_strings)
    assert "words" in choices
    doc = compose(Pack.model_validate(json.loads(pack.read_text("utf-8"))), tmp_path)
    assert render(doc, "words") == b"Hello there\n"
    with pytest.raises(SaveError, match="no last line"):
        verify_bytes(b"cut", "words", "x.words")
    # -o with the suffix picks the format; the file is read back through its own verifier
    assert main(["render", str(pack), "-o", str(tmp_path / "out.words")]) == 0
    assert (tmp_path / "out.words").read_bytes() == b"Hello there\n"
    assert capsys.readouterr().out == f"wrote {tmp_path / 'out.words'}\n"
