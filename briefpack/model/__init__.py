"""Plain-Python data for packs, templates, brands and the library; no Qt, no renderers.

The names below load on first use (PEP 562): importing briefpack.model.errors, as every
command does, must not load pydantic and build the pack's models (`briefpack --help`,
`briefpack brands` never need them).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from briefpack.model.errors import (
        BriefpackError,
        ComposeError,
        NewerVersionError,
        PackFormatError,
        SaveError,
    )
    from briefpack.model.pack import Meta, Pack, Template, Threat
    from briefpack.model.packfile import load_pack, pack_from_data, pack_to_bytes, save_pack
    from briefpack.model.threat import ThreatLevel

_WHERE = {
    "BriefpackError": "errors",
    "ComposeError": "errors",
    "NewerVersionError": "errors",
    "PackFormatError": "errors",
    "SaveError": "errors",
    "Meta": "pack",
    "Pack": "pack",
    "Template": "pack",
    "Threat": "pack",
    "load_pack": "packfile",
    "pack_from_data": "packfile",
    "pack_to_bytes": "packfile",
    "save_pack": "packfile",
    "ThreatLevel": "threat",
}

__all__ = [
    "BriefpackError",
    "ComposeError",
    "Meta",
    "NewerVersionError",
    "Pack",
    "PackFormatError",
    "SaveError",
    "Template",
    "Threat",
    "ThreatLevel",
    "load_pack",
    "pack_from_data",
    "pack_to_bytes",
    "save_pack",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'briefpack.model' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"briefpack.model.{module}"), name)
    globals()[name] = value  # looked up once
    return value
