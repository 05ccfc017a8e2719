"""Plain-Python data for packs, templates, brands and the library; no Qt, no renderers."""

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
