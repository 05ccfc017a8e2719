"""The output formats, in one table: adding a format touches this file (and its writer).

Everything that offers or checks a format reads this table: the command line's --format
choices and file suffixes, `briefpack.render.render`, the checks of render/verify.py, and the
app's export actions, progress lines and file-dialog filters.

Writers and verifiers are named by module path ("module:function") and imported when first
used, so rendering a PDF never loads python-docx and rendering a DOCX never loads reportlab.
This module itself imports nothing heavy: the preview helper and the command line load it
before anything is rendered.

    writer:   (document, *, invariant=...) -> bytes of the whole file
    verifier: (data, path) -> None; raises SaveError naming `path` when the bytes are not a
              complete file of the format (checked before writing and again after)
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from briefpack.document.nodes import Document


@dataclass(frozen=True)
class OutputFormat:
    """One output format: what it is called, its files, and who writes and checks them."""

    name: str  # "pdf": the --format choice and the key every caller uses
    label: str  # "PDF": window titles, messages and progress lines, within a sentence
    menu_text: str  # "&PDF…": its item in File ▸ Export (with the keyboard accelerator)
    suffix: str  # ".pdf"
    kind_of_file: str  # "PDF documents": what a file dialog calls such files
    writer: str  # "package.module:function", see the module docstring
    verifier: str  # "package.module:function", see the module docstring
    reproducible_option: bool = False  # the writer takes invariant=True (fixed dates, ids)

    @property
    def file_filter(self) -> str:
        """The file dialog's filter: "PDF documents (*.pdf)"."""
        return f"{self.kind_of_file} (*{self.suffix})"

    def write(self, doc: Document, *, invariant: bool = False) -> bytes:
        """The whole file as bytes; `invariant` asks for byte-identical output for equal
        input where the writer offers it (others ignore it)."""
        write = _load(self.writer)
        return write(doc, invariant=invariant) if self.reproducible_option else write(doc)

    def load_writer(self) -> None:
        """Import the writer now (a forked child loads it while its parent composes)."""
        _load(self.writer)

    def verify(self, data: bytes, path: str | Path = "<export>") -> None:
        """Raise SaveError naming `path` unless `data` is a complete file of this format."""
        _load(self.verifier)(data, path)


FORMATS: tuple[OutputFormat, ...] = (
    OutputFormat(
        name="pdf",
        label="PDF",
        menu_text="&PDF…",
        suffix=".pdf",
        kind_of_file="PDF documents",
        writer="briefpack.render.pdf.writer:render_pdf",
        verifier="briefpack.render.verify:check_pdf",
        reproducible_option=True,
    ),
    OutputFormat(
        name="docx",
        label="DOCX",
        menu_text="Word &Document (DOCX)…",
        suffix=".docx",
        kind_of_file="Word documents",
        writer="briefpack.render.docx.writer:render_docx",
        verifier="briefpack.render.verify:check_docx",
    ),
    OutputFormat(
        name="html",
        label="web page",
        menu_text="&Web Page…",
        suffix=".html",
        kind_of_file="Web pages",
        writer="briefpack.render.html.writer:render_html",
        verifier="briefpack.render.html.verify:check_html",
        reproducible_option=True,
    ),
    OutputFormat(
        name="eml",
        label="email draft",
        menu_text="&Email Draft…",
        suffix=".eml",
        kind_of_file="Email drafts",
        writer="briefpack.render.email:render_eml",
        verifier="briefpack.render.email:check_eml",
        reproducible_option=True,
    ),
)
DEFAULT_FORMAT = "pdf"  # what `briefpack render` writes when nothing says otherwise


def format_names() -> tuple[str, ...]:
    """Every format's name, in the table's order: ("pdf", "docx", "html", "eml")."""
    return tuple(f.name for f in FORMATS)


def get_format(name: str) -> OutputFormat:
    """The format called `name`; ValueError (a programming error, not the officer's) else."""
    for output in FORMATS:
        if output.name == name:
            return output
    raise ValueError(f"unknown format {name!r}; expected one of {', '.join(format_names())}")


def format_for_suffix(suffix: str) -> OutputFormat | None:
    """The format whose files end in `suffix` (".PDF" too), or None."""
    wanted = suffix.lower()
    return next((f for f in FORMATS if f.suffix == wanted), None)


def _load(spec: str) -> Callable[..., Any]:
    """The function named by "package.module:function", importing its module now."""
    module, _, function = spec.partition(":")
    return getattr(importlib.import_module(module), function)
