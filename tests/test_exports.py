"""Exports are checked after writing, and a failed export leaves no partial file behind."""

from __future__ import annotations

import errno
import inspect
import io
import os
import zipfile
from pathlib import Path

import pytest

from briefpack.cli import EXIT_BAD_INPUT, main
from briefpack.document.compose import compose
from briefpack.model import storage
from briefpack.model.errors import SaveError
from briefpack.model.packfile import load_pack
from briefpack.render import render
from briefpack.render.verify import pdf_page_count, verify_bytes, verify_export, verify_written


@pytest.fixture(scope="module")
def exports(example_path_module: Path) -> dict[str, bytes]:
    doc = compose(load_pack(example_path_module), example_path_module.parent)
    return {fmt: render(doc, fmt, invariant=True) for fmt in ("pdf", "docx")}


@pytest.fixture(scope="module")
def example_path_module() -> Path:
    from packs import EXAMPLE

    return EXAMPLE


def test_signature_is_what_the_app_calls() -> None:
    params = list(inspect.signature(verify_export).parameters)
    assert params == ["path", "fmt"]
    assert inspect.signature(verify_export).return_annotation in (None, "None")
    assert list(inspect.signature(verify_written).parameters) == ["path", "fmt", "checked"]


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_written_file_must_be_the_checked_bytes(tmp_path: Path, exports, fmt: str) -> None:
    data = exports[fmt]
    path = tmp_path / f"out.{fmt}"
    path.write_bytes(data)
    verify_written(path, fmt, data)
    for wrong in (data[:-1], data + b"\n", data[:100] + b"X" + data[101:]):
        path.write_bytes(wrong)
        with pytest.raises(SaveError, match="on disk is not what was written"):
            verify_written(path, fmt, data)
    path.unlink()
    with pytest.raises(SaveError, match="cannot be read back"):
        verify_written(path, fmt, data)


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_good_exports_pass(tmp_path: Path, exports, fmt: str) -> None:
    path = tmp_path / f"out.{fmt}"
    path.write_bytes(exports[fmt])
    verify_export(path, fmt)


def test_page_count_is_read_from_the_pdf(exports) -> None:
    assert pdf_page_count(exports["pdf"]) >= 2


def rezip(docx: bytes, drop: str = "", replace: tuple[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            if item.filename == drop:
                continue
            data = src.read(item)
            if replace and item.filename == replace[0]:
                data = replace[1]
            dst.writestr(item, data)
    return out.getvalue()


def broken_exports(exports: dict[str, bytes]) -> list[tuple[str, bytes, str]]:
    pdf, docx = exports["pdf"], exports["docx"]
    return [
        ("pdf", pdf[: len(pdf) // 2], "cut short"),
        ("pdf", b"", "does not start like a PDF"),
        ("pdf", pdf.replace(b"/Type /Page", b"/Type /Xage"), "no pages"),
        ("docx", docx[: len(docx) // 2], "not a complete Word file"),
        ("docx", rezip(docx, drop="word/document.xml"), "word/document.xml is missing"),
        ("docx", rezip(docx, drop="[Content_Types].xml"), "[Content_Types].xml is missing"),
        ("docx", rezip(docx, replace=("word/document.xml", b"<w:document")), "does not parse"),
        ("docx", pdf, "not a complete Word file"),
    ]


def test_broken_exports_are_caught(tmp_path: Path, exports) -> None:
    cases = broken_exports(exports)
    for i, (fmt, data, why) in enumerate(cases):
        path = tmp_path / f"bad{i}.{fmt}"
        path.write_bytes(data)
        with pytest.raises(SaveError) as info:
            verify_export(path, fmt)
        assert why in info.value.message, (i, info.value.message)
        assert info.value.message.startswith(f"{path}: the exported file is not complete")


def test_missing_export_is_a_save_error(tmp_path: Path) -> None:
    with pytest.raises(SaveError, match="cannot be read back"):
        verify_export(tmp_path / "gone.pdf", "pdf")


# ---- through the CLI ------------------------------------------------------------


def render_cli(example: Path, out: Path, capsys, fmt: str = "pdf") -> tuple[int, str]:
    status = main(["render", str(example), "-o", str(out), "--format", fmt])
    return status, capsys.readouterr().err


@pytest.fixture
def previous(tmp_path: Path) -> Path:
    """An export from an earlier run that a failed export must not damage."""
    path = tmp_path / "handout.pdf"
    path.write_bytes(b"%PDF-1.4 earlier export\n%%EOF\n")
    return path


@pytest.mark.parametrize(
    ("call", "code", "reason"),
    [
        ("replace", errno.EBUSY, "the file is open in another program"),
        ("replace", errno.EACCES, "you do not have permission to write there"),
        ("write", errno.ENOSPC, "the disk is full"),
    ],
)
def test_failed_export_leaves_no_partial_file(
    monkeypatch, capsys, example_path: Path, previous: Path, call: str, code: int, reason: str
) -> None:
    before = previous.read_bytes()

    def fail(*_args, **_kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(storage.os, call, fail)
    status, err = render_cli(example_path, previous, capsys)
    monkeypatch.undo()
    assert status == EXIT_BAD_INPUT
    assert err == f"{previous}: could not save ({reason}); the previous version is unchanged\n"
    assert previous.read_bytes() == before
    assert sorted(p.name for p in previous.parent.iterdir()) == [previous.name]


def test_export_to_a_missing_folder(capsys, example_path: Path, tmp_path: Path) -> None:
    status, err = render_cli(example_path, tmp_path / "no" / "out.pdf", capsys)
    assert status == EXIT_BAD_INPUT and err.count("\n") == 1
    assert "the folder does not exist" in err


def test_broken_render_is_never_written(
    monkeypatch, capsys, example_path: Path, previous: Path
) -> None:
    import briefpack.render as render_package

    monkeypatch.setattr(render_package, "render", lambda *_a, **_k: b"%PDF-1.4 half a file")
    before = previous.read_bytes()
    status, err = render_cli(example_path, previous, capsys)
    assert status == EXIT_BAD_INPUT and err.count("\n") == 1
    assert "the exported file is not complete" in err
    assert previous.read_bytes() == before


def test_successful_export_is_verified_from_disk(
    monkeypatch, capsys, example_path: Path, tmp_path: Path
) -> None:
    import briefpack.render.verify as verify

    checked: list[tuple[str, str]] = []
    real = verify.verify_written

    def spy(path, fmt, data):
        assert Path(path).exists()  # called on the written file, after the replace
        checked.append((Path(path).name, fmt))
        real(path, fmt, data)

    monkeypatch.setattr(verify, "verify_written", spy)
    status = main(["render", str(example_path), "-o", str(tmp_path / "h"), "--format", "both"])
    out = capsys.readouterr().out
    assert status == 0
    assert sorted(checked) == [("h.docx", "docx"), ("h.pdf", "pdf")]
    assert out.count("wrote ") == 2


def test_verify_bytes_rejects_unknown_format() -> None:
    with pytest.raises(ValueError):
        verify_bytes(b"", "odt")
