"""The grid and the boxes: how each kind of block is framed, padded and spaced.

Lengths in points (millimetres where the design thinks in them). The spaces after blocks
follow the body's space after paragraphs, so they grow with a large-print brand.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefpack.render.design.units import mm


@dataclass(frozen=True)
class Padding:
    """Space inside a box, in points."""

    top: float
    right: float
    bottom: float
    left: float


@dataclass(frozen=True)
class ListLook:
    """Bullets and numbers: ◆ in the accent colour at the top level, as the reference
    handout has them; then • and – by turns. Numbers go 1., a., i. by depth."""

    indent_em: float = 1.7  # the text's indent, in ems of the list's text
    bullets: tuple[str, ...] = ("◆", "•", "–")  # by depth; deeper lists repeat • and –
    top_bullet_scale: float = 0.8  # ◆ is drawn a little smaller than the text
    number_formats: tuple[str, ...] = ("decimal", "lowerLetter", "lowerRoman")  # by depth
    # Where the brand's font has no ◆, an editor is asked for this one (Windows has it).
    symbol_font: str = "Segoe UI Symbol"

    def bullet(self, depth: int) -> str:
        """The bullet for a list `depth` levels deep (0 is the top)."""
        if depth < len(self.bullets):
            return self.bullets[depth]
        return self.bullets[1 + (depth - 1) % (len(self.bullets) - 1)]

    def number_format(self, depth: int) -> str:
        return self.number_formats[depth % len(self.number_formats)]


# The space below each kind of block, in multiples of the body's space after a paragraph.
SPACE_AFTER = {
    "body": 1.0,
    "panel": 1.5,
    "tiles": 1.2,  # below the last row of tiles, after its tile gap
    "chart": 1.2,
    "callout": 1.6,
    "quote": 1.4,
    "links": 1.0,
    "image": 1.0,
}


@dataclass(frozen=True)
class SpaceAfter:
    """The space below each kind of block, in points; it grows with a large-print body."""

    body: float
    panel: float
    tiles: float
    chart: float
    callout: float
    quote: float
    links: float
    image: float

    @classmethod
    def of(cls, body_after: float) -> SpaceAfter:
        return cls(**{kind: body_after * share for kind, share in SPACE_AFTER.items()})


@dataclass(frozen=True)
class BlockLook:
    """Frames, rules, paddings and spaces of every block kind, in points."""

    after: SpaceAfter  # below each kind of block
    # The title block ends with a rule in the accent colour.
    title_rule: float = 1.5
    title_rule_before: float = 6
    title_rule_after: float = 10
    # The threat panel: shaded, a stripe in the primary colour down its left.
    panel_stripe: float = 4
    panel_padding: Padding = Padding(10, 12, 8, 12)
    scale_gap: float = 6  # above the threat scale and below it
    # Statistics: tiles three to a row, each with a rule across its top, then the chart.
    stat_columns: int = 3
    tile_gap: float = mm(4)  # between tiles, across and down
    tile_rule: float = 2.5
    tile_padding: Padding = Padding(8, 9, 9, 9)
    chart_before: float = 6
    # Call-outs: a box in the accent (alert) or primary (info) colour, a solid title bar.
    callout_border: float = 2
    callout_title_padding: Padding = Padding(7, 12, 7, 12)
    callout_body_padding: Padding = Padding(9, 12, 7, 12)
    # Quotes: indented, with a bar in the accent colour at the left.
    quote_indent: float = mm(6)
    quote_bar: float = 3
    quote_padding: Padding = Padding(2, 4, 2, 10)
    # Links: one entry a row, a hairline between entries, a QR code at the right.
    link_padding: Padding = Padding(6, 0, 7, 0)
    link_rule: float = 0.5
    qr_size: float = mm(20)
    qr_gap: float = 10  # between an entry's words and its QR code
    # Pictures: the pixels at 96 dpi unless a width is given; never taller than the frame
    # less room for a caption and a little space.
    pt_per_px: float = 0.75
    caption_room: float = 40
    image_room: float = 12
    lists: ListLook = ListLook()

    def tile_width(self, width: float) -> float:
        """One tile's width when `width` holds a row of them and the gaps between."""
        return (width - self.tile_gap * (self.stat_columns - 1)) / self.stat_columns

    def image_max_height(self, frame_height: float, captioned: bool) -> float:
        return frame_height - (self.caption_room if captioned else 0) - self.image_room

    def chart_max_height(self, frame_height: float) -> float:
        """A chart taller than this goes on over the page (the space around it kept)."""
        return frame_height - self.chart_before - self.after.chart - 2


@dataclass(frozen=True)
class ThreatScaleLook:
    """LOW … CRITICAL in five labelled boxes: the current one taller, outlined, and marked
    from above with the tree's words over a ▼, so "current" never depends on colour."""

    box_height: float
    marker_height: float  # room above the boxes for the marker's words and its ▼
    grow: float = 4  # how far the current box stands out above and below the others
    gap: float = 3  # between boxes
    outline: float = 2.5  # the current box's outline, in the text colour
    label_pad: float = 3  # a name is fitted to its box less this on each side
    meaning_pad: float = 2  # likewise the meaning under it
    meaning_gap: float = 3  # between a box (the current one grown) and its meaning
    meaning_lines: int = 4  # at most
    foot: float = 2  # below the meanings
    triangle_width: float = 8
    marker_glyph: str = "▼"  # the triangle, where a writer sets it as text
    triangle_height: float = 4
    marker_lift: float = 3  # the ▼'s tip above the current box
    marker_words_lift: float = 5.5  # the words' baseline above the ▼'s tip

    def step_width(self, width: float, steps: int) -> float:
        count = max(steps, 1)
        return (width - self.gap * (count - 1)) / count
