"""Small packs built in code, and where the example pack is (imported by tests)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "protective-security-update.bpack"

BASE_PACK: dict[str, Any] = {
    "format": "briefpack/pack",
    "version": 1,
    "meta": {
        "title": "Counter Terrorism Protective Security Update",
        "subtitle": "Update for sector leads",
        "audience": "Sector leads",
        "date": "2016-08-01",
        "author": "Protect and Prepare team",
        "marking": "OFFICIAL",
    },
    "threat": {"level": "severe", "since": "2014-08-29", "northern_ireland": "substantial"},
    "sections": [],
}


def pack_data(*sections: dict[str, Any], **meta: Any) -> dict[str, Any]:
    data = copy.deepcopy(BASE_PACK)
    data["sections"] = list(sections)
    data["meta"].update(meta)
    return data
