"""Passes over the PDF story before layout, and what the page furniture is given.

Each keeps platypus from a layout it would give up on or take minutes over: headings
stranded at a page foot, a run of page breaks (LayoutError after ten empty pages), a
megabyte of title measured on every page.

The story is a stream, not a list: the passes are generators, and StreamedStory hands
platypus a few hundred flowables at a time, so a 1,500-page handout never holds all its
paragraphs at once (they are the biggest thing a render makes).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from itertools import islice

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    ActionFlowable,
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    KeepTogether,
    ListFlowable,
    Spacer,
)
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


def keep_headings_with_next(story: Iterable[Flowable]) -> Iterator[Flowable]:
    """Headings stay with what follows, also where platypus' keepWithNext gives up.

    platypus will not group a keepWithNext paragraph with a following container
    (KeepTogether, ListFlowable), so a heading could be stranded at a page foot.
    Headings are folded into a following KeepTogether; before a list they get a
    conditional page break asking for room for the heading and a few lines.
    """
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
            yield CondPageBreak(sum(_room_for(p) for p in pending) + 48)
            yield from pending
        else:
            yield from pending
        pending = []
        yield flowable
    yield from pending


def one_break_at_a_time(story: Iterable[Flowable]) -> Iterator[Flowable]:
    """Page breaks with nothing between them count once.

    Eleven in a row would make eleven empty pages, and platypus stops with a
    LayoutError after ten pages without content; the Checks panel tells the
    officer about the extra breaks (document/layout_checks.py).
    """
    after_break = False
    for flowable in story:
        if isinstance(flowable, RLPageBreak):
            if after_break:
                continue
            after_break = True
        elif not isinstance(flowable, ActionFlowable):  # section markers draw nothing
            after_break = False
        yield flowable


def _room_for(heading: RLParagraph) -> float:
    """Rough height of a heading before layout: two lines and the space above it."""
    return heading.style.spaceBefore + 2 * heading.style.leading


# Flowables platypus is given at a time: more than it ever looks ahead (a heading kept with
# what follows, a split table's rest), few enough that a long story stays lean.
STORY_BATCH = 300
STORY_LOW_WATER = 100


class StreamedStory(BaseDocTemplate):
    """A doc template fed from an iterator of flowables instead of one list.

    `build_streamed(canvasmaker)` lays the whole stream out. After each flowable of the
    story is handled (reportlab's one step), the list platypus works on is topped up from
    the stream, so its build loop ends exactly when the stream does. Only that list: the
    template also handles lists of its own (flowables left hanging over a page end)."""

    def __init__(self, *args, story: Iterator[Flowable], **kwargs):
        super().__init__(*args, **kwargs)
        self._story = story
        self._working: list[Flowable] | None = None

    def build_streamed(self, canvasmaker: Callable[..., Canvas]) -> None:
        # A story with nothing in it still lays out one empty page.
        self._working = list(islice(self._story, STORY_BATCH)) or [Spacer(1, 1)]
        self.build(self._working, canvasmaker=canvasmaker)

    def handle_flowable(self, flowables: list[Flowable]) -> None:
        super().handle_flowable(flowables)
        if flowables is self._working and len(flowables) < STORY_LOW_WATER:
            flowables.extend(islice(self._story, STORY_BATCH))
