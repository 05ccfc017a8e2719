"""The statistics bar chart as inline SVG: the design's layout (render/design/chart.py)
painted in points, with the chart's text alternative, and its figures again as a table for
screen readers and anyone who cannot see the bars."""

from __future__ import annotations

from briefpack.document.nodes import BarChart
from briefpack.render.design import Design
from briefpack.render.design.chart import Axis, Bar, ChartLayout, Words, chart_layout
from briefpack.render.design.fitting import Measure
from briefpack.render.html.base import attr, text
from briefpack.render.html.css import PHONE_COLUMN, hex_css, pt


def chart_svg(
    chart: BarChart, width: float, design: Design, measure: Measure, headers: tuple[str, ...] = ()
) -> str:
    """The whole chart (a web page has no pages, so it is never cut into parts), laid out
    for the page's width and for a phone's (the style sheet shows one), then its figures as
    a visually hidden table."""
    size = design.styles.chart.size
    wide = _svg(chart, chart_layout(chart, width, size, measure), design, "wide")
    narrow = _svg(chart, chart_layout(chart, PHONE_COLUMN, size, measure), design, "narrow")
    return f'<figure class="chart">{wide}{narrow}{_table(chart, headers)}</figure>'


def _svg(chart: BarChart, layout: ChartLayout, design: Design, kind: str) -> str:
    palette = design.palette
    rows = tuple(range(len(layout.rows)))
    height = layout.height_of(rows)
    shapes = []
    for shape in layout.shapes(rows):
        if isinstance(shape, Words):
            weight = ' font-weight="bold"' if shape.face == "bold" else ""
            shapes.append(f'<text x="{_n(shape.x)}" y="{_n(shape.baseline)}"{weight}>'
                          f"{text(shape.text)}</text>")  # fmt: skip
        elif isinstance(shape, Bar):
            shapes.append(f'<rect x="{_n(shape.x)}" y="{_n(shape.top)}" width="{_n(shape.width)}" '
                          f'height="{_n(shape.height)}"/>')  # fmt: skip
        elif isinstance(shape, Axis):
            shapes.append(f'<line x1="{_n(shape.x)}" y1="{_n(shape.top)}" x2="{_n(shape.x)}" '
                          f'y2="{_n(shape.bottom)}" stroke="{hex_css(palette.muted)}" '
                          f'stroke-width="{_n(shape.width)}"/>')  # fmt: skip
    bars = [s for s in shapes if s.startswith("<rect")]  # filled together in the bars' colour
    others = [s for s in shapes if not s.startswith("<rect")]
    return (
        f'<svg class="{kind}" role="img" aria-label="{attr(chart.alt)}" focusable="false" '
        f'viewBox="0 0 {_n(layout.width)} {_n(height)}" style="max-width:{pt(layout.width)}" '
        f'font-size="{_n(layout.size)}" fill="{hex_css(palette.text)}">'
        f'<g fill="{hex_css(palette.primary)}">{"".join(bars)}</g>{"".join(others)}</svg>'
    )


def column_headers(headers: tuple[str, ...]) -> str:
    """A table's header row, for screen readers only (the tiles and bars say it by their
    look): the tree's words, or nothing when it gives none."""
    if not headers:
        return ""
    cells = "".join(f'<th scope="col">{text(header)}</th>' for header in headers)
    return f'<thead class="sr-only"><tr>{cells}</tr></thead>'


def _table(chart: BarChart, headers: tuple[str, ...]) -> str:
    caption = f"<caption>{text(chart.title)}</caption>" if chart.title else ""
    rows = "".join(
        f'<tr><th scope="row">{text(bar.label)}</th><td>{text(bar.shown)}</td></tr>'
        for bar in chart.bars
    )
    head = column_headers(headers).replace(' class="sr-only"', "")
    return f'<table class="sr-only">{caption}{head}<tbody>{rows}</tbody></table>'


def _n(value: float) -> str:
    """A coordinate, to a hundredth of a point."""
    return f"{round(value, 2):g}"
