"""Validate: what the Checks list says about a pack, and whether it lays out.

The findings are document/checks.py's (wording, dates, pictures, placeholders…) and the
characters no bundled font draws (render/coverage.py: that needs the fonts, so it lives in
render/ and is added here), sorted as the Checks panel lists them. `briefpack validate` adds
the layout check, so its "ok" means the pack renders.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from briefpack.model.review import MAX_FIGURE_AGE_MONTHS, REVIEW_MONTHS

if TYPE_CHECKING:
    from briefpack.document.findings import Finding
    from briefpack.document.nodes import Document
    from briefpack.model.outside import AllowOutside
    from briefpack.model.pack import Pack


@dataclass(frozen=True)
class Validation:
    """A pack that composed: its document, its findings (sorted), and its section count."""

    document: Document
    findings: list[Finding]
    sections: int

    def layout_problem(self) -> str | None:
        """None when the document lays out as `render` would lay it out, else one line why.
        (Asked separately: it takes about a third of a second for a handout.)"""
        return layout_problem(self.document)


def validate_pack(
    pack: Pack,
    base_dir: Path,
    *,
    source: str | Path | None = None,
    today: date | None = None,
    max_age_months: int = MAX_FIGURE_AGE_MONTHS,
    review_months: int = REVIEW_MONTHS,
    allow_outside: AllowOutside = False,
) -> Validation:
    """Compose `pack` (BriefpackError naming the field when it cannot be), then list what the
    Checks list. A template with no threat level of its own gets the level in force today."""
    from briefpack.document.compose import compose
    from briefpack.model.templates import with_current_threat

    pack = with_current_threat(pack)
    today = today or date.today()
    doc = compose(pack, base_dir, today=today, source=source, allow_outside=allow_outside)
    # compose has just filled every placeholder: the checks need not spend the budget again
    findings = pack_findings(
        pack,
        base_dir,
        today,
        max_age_months=max_age_months,
        review_months=review_months,
        allow_outside=allow_outside,
        placeholders_filled=True,
    )
    return Validation(doc, findings, len(pack.sections))


def pack_findings(
    pack: Pack,
    base_dir: Path,
    today: date,
    *,
    max_age_months: int = MAX_FIGURE_AGE_MONTHS,
    review_months: int = REVIEW_MONTHS,
    allow_outside: AllowOutside = False,
    placeholders_filled: bool = False,
    glyphs: Iterable[Finding] | None = None,
) -> list[Finding]:
    """The checks' findings and the glyph findings, errors first, then in pack order.

    `glyphs`: the glyph findings when already found (the app's preview helper finds them
    off the UI thread, where the fonts are loaded); None finds them here. `placeholders_filled`
    says the pack has just composed without error (see check_pack)."""
    from briefpack.document.checks import check_pack
    from briefpack.document.findings import sort_findings

    checks = check_pack(
        pack,
        base_dir,
        today,
        max_age_months=max_age_months,
        review_months=review_months,
        allow_outside=allow_outside,
        placeholders_filled=placeholders_filled,
    )
    if glyphs is None:
        from briefpack.render.coverage import glyph_findings

        glyphs = glyph_findings(pack)
    return sort_findings([*checks, *glyphs])


def blocking_findings(
    pack: Pack, base_dir: Path, today: date | None = None, *, allow_outside: AllowOutside = False
) -> list[Finding]:
    """The findings that stop an export or a print: the errors. (Characters no font draws
    are warnings, so the fonts are not loaded for this.)"""
    found = pack_findings(
        pack, base_dir, today or date.today(), allow_outside=allow_outside, glyphs=()
    )
    return [f for f in found if f.severity == "error"]


def layout_problem(doc: Document) -> str | None:
    """Lay the document out as `render` would: None if it lays out, else one line why.

    The PDF is laid out in memory and thrown away; the DOCX's brand font name is checked
    (a name a Word file cannot hold raises a one-line BriefpackError)."""
    from briefpack.render.design.typography import word_font_name
    from briefpack.render.pdf import layout_problem as pdf_layout_problem

    word_font_name(doc.brand)
    return pdf_layout_problem(doc)
