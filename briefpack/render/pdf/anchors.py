"""Where each section of the pack starts in the PDF, noted by the renderer while it lays out.

compose puts an `n.SectionStart` in front of each section's blocks. When places are wanted
(the preview), the writer turns each into a marker (an action, taking no room). Once a marker
has been passed, the next flowable platypus actually draws (after any keep-with-next or page
break moved it) is where the section starts: its page and its top edge are recorded. The
preview uses this side table to scroll to the section selected in the outline.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import ActionFlowable, BaseDocTemplate, Flowable

from briefpack.document import nodes as n
from briefpack.render.places import Place


class _MarkerFlowable(ActionFlowable):
    """Tells the side table a section is about to start.

    An action, not a drawn flowable: the frame never sees it, so the space between the
    blocks around it (and so the layout) stays exactly as without markers.
    """

    def __init__(self, places: SectionPlaces, section: int) -> None:
        super().__init__()
        self.places, self.section = places, section

    def apply(self, doc: BaseDocTemplate) -> None:
        self.places.pending.append(self.section)


class SectionPlaces:
    """The side table: `places[i]` is where section i starts, or None if it drew nothing."""

    def __init__(self, blocks: Sequence[n.Block]) -> None:
        count = max((b.index + 1 for b in blocks if isinstance(b, n.SectionStart)), default=0)
        self.places: list[Place | None] = [None] * count
        self.pending: list[int] = []
        self._page_height = 0.0

    def marker(self, start: n.SectionStart) -> Flowable:
        """What the walker puts in the story for a SectionStart."""
        return _MarkerFlowable(self, start.index)

    def watch(self, template: BaseDocTemplate) -> None:
        """Note the place of the first flowable drawn after each marker."""
        self._page_height = template.pagesize[1]
        previous = template.afterFlowable

        def after_flowable(flowable: Flowable) -> None:
            previous(flowable)
            if self.pending and not isinstance(flowable, ActionFlowable):
                self._record(template, flowable)

        template.afterFlowable = after_flowable  # type: ignore[method-assign]

    def _record(self, template: BaseDocTemplate, flowable: Flowable) -> None:
        frame = getattr(template, "frame", None)
        if frame is None:
            return
        # The frame's cursor is below the flowable and its space after by now.
        height = getattr(flowable, "height", 0) or 0
        bottom = frame._y + flowable.getSpaceAfter()
        top = min(self._page_height, bottom + height)
        place = Place(template.page - 1, self._page_height - top)
        for section in self.pending:
            self.places[section] = place
        self.pending.clear()
