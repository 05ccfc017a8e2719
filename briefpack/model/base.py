"""The pydantic base shared by every file-format model."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, model_serializer


class Model(BaseModel):
    """Keeps fields it does not know (a newer writer's) and omits unset optional ones on save.

    Validators are built on first use (defer_build), not when the classes are defined: a
    command-line render makes its pack and brand with quick.py and never needs them."""

    model_config = ConfigDict(extra="allow", populate_by_name=True, defer_build=True)

    @model_serializer(mode="wrap")
    def _drop_declared_nones(self, handler: Any) -> dict[str, Any]:
        data = handler(self)
        declared = type(self).model_fields
        # Only declared optional fields are pruned: a newer writer's null must survive.
        kept = {k: v for k, v in data.items() if not (v is None and k in declared)}
        if "kind" in kept:  # a section reads best with its kind first
            kept = {"kind": kept.pop("kind"), **kept}
        return kept
