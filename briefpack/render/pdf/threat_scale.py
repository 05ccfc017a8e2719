"""The five-step threat scale for the PDF: the design's look (render/design/blocks.py)
drawn on the canvas."""

from __future__ import annotations

from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from briefpack.document.nodes import ThreatScaleStep
from briefpack.render.design import Design
from briefpack.render.design.fitting import shrink_to_fit
from briefpack.render.pdf.fonts import PdfFonts
from briefpack.render.pdf.styles import colour
from briefpack.render.pdf.tagging import Elem, marked


class ThreatScale(Flowable):
    """LOW … CRITICAL in five labelled boxes; the current one is taller, boxed and marked.

    Tagged as a list (`tags`: each step's element): a step's words are its item, the
    current step's marker words included; the boxes and the triangle are artifacts.
    """

    def __init__(
        self,
        steps: tuple[ThreatScaleStep, ...],
        fonts: PdfFonts,
        design: Design,
        tags: list[Elem] | None = None,
    ):
        super().__init__()
        self.steps = steps
        self.tags: list[Elem | None] = list(tags) if tags else [None] * len(steps)
        self.fonts = fonts
        self.look = design.threat_scale
        self.styles = design.styles
        self.palette = design.palette
        self.scale = design.scale
        self._meaning_lines: list[list[str]] = []

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        look, meaning = self.look, self.styles.scale_meaning
        self.width = avail_width
        step_w = look.step_width(self.width, len(self.steps))
        font = self.fonts.for_face(meaning.face)
        self._meaning_lines = [
            simpleSplit(s.meaning, font, meaning.size, step_w - 2 * look.meaning_pad)[
                : look.meaning_lines
            ]
            for s in self.steps
        ]
        lines = max((len(m) for m in self._meaning_lines), default=0)
        self.height = (
            look.marker_height + 2 * look.grow + look.box_height + look.meaning_gap + look.foot
            + lines * meaning.leading
        )  # fmt: skip
        return self.width, self.height

    def draw(self) -> None:
        look = self.look
        step_w = look.step_width(self.width, len(self.steps))
        box_bottom = self.height - look.marker_height - look.grow - look.box_height
        for i, step in enumerate(self.steps):
            x = i * (step_w + look.gap)
            tag = self.tags[i]
            self._draw_step(step, x, box_bottom, step_w, tag)
            with marked(self.canv, tag):
                self._draw_meaning(self._meaning_lines[i], x, box_bottom, step_w, step.current)

    def _draw_step(
        self, step: ThreatScaleStep, x: float, bottom: float, w: float, tag: Elem | None
    ) -> None:
        canv, look = self.canv, self.look
        canv.saveState()
        canv.setFillColor(colour(self.palette.step_fill(step.rank)))
        if step.current:
            canv.setStrokeColor(colour(self.palette.text))
            canv.setLineWidth(look.outline)
            with marked(canv, None):
                canv.rect(x, bottom - look.grow, w, look.box_height + 2 * look.grow, fill=1,
                          stroke=1)  # fmt: skip
            self._draw_marker(x + w / 2, bottom + look.box_height + look.grow + look.marker_lift,
                              step.marker, tag)  # fmt: skip
            style = self.styles.scale_current
        else:
            with marked(canv, None):
                canv.rect(x, bottom, w, look.box_height, fill=1, stroke=0)
            style = self.styles.scale_step
        canv.setFillColor(colour(self.palette.step_ink(step.rank)))
        font = self.fonts.for_face(style.face)
        room = w - 2 * look.label_pad
        size = shrink_to_fit(stringWidth(step.name, font, style.size), style.size, room, 0)
        size = self.scale.at_least(size)
        canv.setFont(font, size)
        with marked(canv, tag):
            canv.drawCentredString(x + w / 2, bottom + look.box_height / 2 - size * 0.35,
                                   step.name)  # fmt: skip
        canv.restoreState()

    def _draw_marker(self, cx: float, y: float, words: str, tag: Elem | None) -> None:
        """A downward triangle and the tree's words, so 'current' never depends on colour."""
        canv, look, style = self.canv, self.look, self.styles.scale_marker
        canv.setFillColor(colour(style.colour))
        half = look.triangle_width / 2
        path = canv.beginPath()
        path.moveTo(cx - half, y + look.triangle_height)
        path.lineTo(cx + half, y + look.triangle_height)
        path.lineTo(cx, y)
        path.close()
        with marked(canv, None):
            canv.drawPath(path, fill=1, stroke=0)
        canv.setFont(self.fonts.for_face(style.face), style.size)
        with marked(canv, tag):
            canv.drawCentredString(cx, y + look.marker_words_lift, words)

    def _draw_meaning(self, lines: list[str], x: float, bottom: float, w: float, current: bool):
        canv, look, style = self.canv, self.look, self.styles.scale_meaning
        canv.saveState()
        canv.setFillColor(colour(style.colour))
        # The current step's meaning in bold, as its name is.
        canv.setFont(self.fonts.bold if current else self.fonts.for_face(style.face), style.size)
        y = bottom - look.grow - look.meaning_gap - style.size
        for line in lines:
            canv.drawCentredString(x + w / 2, y, line)
            y -= style.leading
        canv.restoreState()
