"""Templates: a pack saved for reuse under a name, and a new pack made from one.

A template carries no threat level (see pack.Template): the level of a pack made from it,
its date since and the Northern Ireland level come from the record of levels on the day
the pack is made.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from briefpack.model.pack import TEMPLATE_FORMAT, Pack, Template

# editing (and the record of levels it reads) loads only when a template is made into a
# pack or shown without its level: rendering a pack file never needs it.
if TYPE_CHECKING:
    from briefpack.model.threat_record import ThreatRecord


def pack_to_template(pack: Pack, name: str, description: str) -> Template:
    """A template holding a copy of `pack` without its threat block (the pack is left alone):
    the level is the one thing in a pack that is sure to be out of date one day."""
    data = pack.model_dump(mode="python")
    data.pop("name", None)
    data.pop("description", None)
    data.pop("threat", None)
    data["format"] = TEMPLATE_FORMAT
    return Template.model_validate({**data, "name": name, "description": description})


def template_to_pack(
    template: Pack, today: date | None = None, record: ThreatRecord | None = None
) -> Pack:
    """A new pack from `template`: format briefpack/pack, no name or description, dated
    today, with the threat level the record gives for today (editing.new_pack)."""
    from briefpack.model import editing

    return editing.new_pack(template, today=today, record=record)


def with_current_threat(pack: Pack, today: date | None = None) -> Pack:
    """`pack` itself when it has a threat block; a template without one as a copy that has
    the level in force today, so it can be previewed, rendered or checked like a pack."""
    if pack.threat is not None:
        return pack
    from briefpack.model import editing

    threat = editing.current_threat(today)
    return pack.model_copy(update={"threat": threat})
