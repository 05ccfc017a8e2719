"""The design spec every writer draws from: how a handout looks, decided once.

Built from the Brand: the palette, the type scale and the style sheet (sizes in points), the
page geometry and the grid (measured in millimetres), the boxes, rules and spaces of each
block, tables of data with a header row, the threat scale, the bar chart's layout, and
which links are clickable. The writers (render/pdf/, render/docx/) adapt these records to
their libraries and keep no measurements of their own, so the PDF and the DOCX look alike
and a third format starts from the same spec. No output library is imported here.

    design_for(brand) -> Design
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from briefpack.render.design.spec import Design, design_for

__all__ = ["Design", "design_for"]


def __getattr__(name: str) -> object:
    """The spec (and every part it builds on) loads at first use, so a module that needs one
    part (the desktop app's threat badge reads the palette's colours) loads that part only."""
    if name in __all__:
        from briefpack.render.design import spec

        return getattr(spec, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
