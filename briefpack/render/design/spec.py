"""The whole design for one brand, in one record: what a writer is given to draw with."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from briefpack.model.brand import Brand
from briefpack.render.design.blocks import BlockLook, SpaceAfter, ThreatScaleLook
from briefpack.render.design.page import PageGeometry
from briefpack.render.design.palette import Palette
from briefpack.render.design.styles import StyleSheet, style_sheet
from briefpack.render.design.tables import DataTableLook
from briefpack.render.design.typography import TypeScale


@dataclass(frozen=True)
class Design:
    """How a handout in this brand looks. Hashable: a writer may cache on it."""

    palette: Palette
    scale: TypeScale  # for the few sizes drawn outside the style sheet
    styles: StyleSheet
    blocks: BlockLook
    threat_scale: ThreatScaleLook
    tables: DataTableLook  # tables of data with a header row (statistics, links)

    def page(self, page_size: str) -> PageGeometry:
        """The page geometry for "A4" or "Letter"."""
        return PageGeometry.of(page_size)


def design_for(brand: Brand) -> Design:
    """The design spec for `brand`: its colours and body size decide everything else."""
    return _design(Palette.of(brand), brand.body_size)


@lru_cache(maxsize=16)
def _design(palette: Palette, body_size: float) -> Design:
    scale = TypeScale.for_body(body_size)
    styles = style_sheet(body_size, palette)
    return Design(
        palette=palette,
        scale=scale,
        styles=styles,
        blocks=BlockLook(after=SpaceAfter.of(styles.body.after)),
        threat_scale=ThreatScaleLook(box_height=scale(26), marker_height=scale(11)),
        tables=DataTableLook.of(styles, palette),
    )
