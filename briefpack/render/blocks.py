"""Which method of a writer writes which kind of block: one table for every format.

A writer (render/pdf/, render/docx/, a third one) is a class with one method per entry
here; `dispatch_table` binds them, so a writer dispatches on node type without a table of
its own, and a Block type added to document/nodes.py without a method here fails the tests
(tests/test_render_design.py, tests/test_formats.py) rather than an officer's export.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from briefpack.document import nodes as n

BLOCK_METHODS: dict[type, str] = {
    n.SectionStart: "section_start",
    n.Title: "title",
    n.Heading: "heading",
    n.Paragraph: "paragraph",
    n.ListBlock: "list_block",
    n.ThreatPanel: "threat_panel",
    n.StatGrid: "stat_grid",
    n.Callout: "callout",
    n.Quote: "quote",
    n.Links: "links",
    n.Image: "image",
    n.PageBreak: "page_break",
}


def dispatch_table(writer: object) -> dict[type, Callable[..., Any]]:
    """The writer's method for each Block type, by the table above."""
    return {kind: getattr(writer, name) for kind, name in BLOCK_METHODS.items()}
