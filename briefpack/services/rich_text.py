"""The handout as rich text for the clipboard: what Edit ▸ Copy as Rich Text pastes into an
open email (the email draft's HTML, pictures inline, and its plain-text twin)."""

from __future__ import annotations

from pathlib import Path

from briefpack.model.outside import AllowOutside
from briefpack.model.pack import Pack


def rich_text(
    pack: Pack,
    base_dir: str | Path,
    *,
    source: str | Path | None = None,
    allow_outside: AllowOutside = False,
) -> tuple[str, str]:
    """(HTML, plain text) of the whole handout, composed as an export composes it."""
    from briefpack.document.compose import compose
    from briefpack.model.templates import with_current_threat
    from briefpack.render.email import clipboard_parts

    pack = with_current_threat(pack)  # a template file has no level of its own
    doc = compose(pack, base_dir, source=source, allow_outside=allow_outside)
    return clipboard_parts(doc)
