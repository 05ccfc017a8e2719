"""Templates: a pack saved for reuse under a name, and a new pack made from one."""

from __future__ import annotations

from datetime import date

from briefpack.model import editing
from briefpack.model.pack import TEMPLATE_FORMAT, Pack, Template


def pack_to_template(pack: Pack, name: str, description: str) -> Template:
    """A template holding a copy of `pack` (the pack itself is left alone)."""
    data = pack.model_dump(mode="python")
    data.pop("name", None)
    data.pop("description", None)
    data["format"] = TEMPLATE_FORMAT
    return Template.model_validate({**data, "name": name, "description": description})


def template_to_pack(template: Pack, today: date | None = None) -> Pack:
    """A new pack from `template`: format briefpack/pack, no name or description, dated today."""
    return editing.new_pack(template, today=today)
