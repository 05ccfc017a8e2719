"""Passes over the PDF story before layout, and what the page furniture is given.

Each keeps platypus from a layout it would give up on or take minutes over: headings
stranded at a page foot, a run of page breaks (LayoutError after ten empty pages), a
megabyte of title measured on every page.
"""

from __future__ import annotations

from dataclasses import replace

from reportlab.platypus import ActionFlowable, CondPageBreak, Flowable, KeepTogether, ListFlowable
from reportlab.platypus import PageBreak as RLPageBreak
from reportlab.platypus import Paragraph as RLParagraph

from briefpack.document import nodes as n
from briefpack.render.pdf.flowables import Keep

# More characters than any running header or footer line can show, even at its smallest
# size: what is cut off here would be cut off with "…" on the page anyway.
RUNNING_TEXT_CHARS = 600


def one_line_room(furniture: n.Furniture) -> n.Furniture:
    """The furniture with its header and footer words cut to what a line can ever show.

    The words are measured on every page to fit them: a 1 MB title measured in full
    there took minutes. Cut well past the widest line, the page shows the same.
    """
    return replace(
        furniture,
        header_text=_clip(furniture.header_text),
        footer_text=_clip(furniture.footer_text),
    )


def _clip(text: str) -> str:
    if len(text) <= RUNNING_TEXT_CHARS:
        return text
    return " ".join(text[: RUNNING_TEXT_CHARS * 4].split())[:RUNNING_TEXT_CHARS]


def keep_headings_with_next(story: list[Flowable]) -> list[Flowable]:
    """Headings stay with what follows, also where platypus' keepWithNext gives up.

    platypus will not group a keepWithNext paragraph with a following container
    (KeepTogether, ListFlowable), so a heading could be stranded at a page foot.
    Headings are folded into a following KeepTogether; before a list they get a
    conditional page break asking for room for the heading and a few lines.
    """
    out: list[Flowable] = []
    pending: list[Flowable] = []
    for flowable in story:
        if isinstance(flowable, RLParagraph) and flowable.getKeepWithNext():
            pending.append(flowable)
            continue
        if pending and isinstance(flowable, KeepTogether):
            for heading in pending:
                # Inside the group now: were the group split, platypus must not
                # re-group the heading with the next part and jump a page.
                heading.keepWithNext = 0
            flowable = Keep([*pending, *flowable._content])
        elif pending and isinstance(flowable, ListFlowable):
            out.append(CondPageBreak(sum(_room_for(p) for p in pending) + 48))
            out.extend(pending)
        else:
            out.extend(pending)
        pending = []
        out.append(flowable)
    out.extend(pending)
    return out


def one_break_at_a_time(story: list[Flowable]) -> list[Flowable]:
    """Page breaks with nothing between them count once.

    Eleven in a row would make eleven empty pages, and platypus stops with a
    LayoutError after ten pages without content; the Checks panel tells the
    officer about the extra breaks (document/layout_checks.py).
    """
    out: list[Flowable] = []
    after_break = False
    for flowable in story:
        if isinstance(flowable, RLPageBreak):
            if after_break:
                continue
            after_break = True
        elif not isinstance(flowable, ActionFlowable):  # section markers draw nothing
            after_break = False
        out.append(flowable)
    return out


def _room_for(heading: RLParagraph) -> float:
    """Rough height of a heading before layout: two lines and the space above it."""
    return heading.style.spaceBefore + 2 * heading.style.leading
