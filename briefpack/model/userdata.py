"""The officer's own folder, beside the built-in assets: where their library, templates
and brands live, and the names briefpack gives the files and ids it puts there.

The stores that write into it are modules of their own: template_store (templates),
brand_store (brands) and library (the content library); conflicts is what they share when
an import meets something already there. This module imports none of them, so any of them,
and brand.py, can import it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

USER_DIR_ENV = "BRIEFPACK_USER_DIR"

# Each user brand lives in its own folder, user_brands_dir()/<id>/, holding only files whose
# names briefpack chose: brand.json, logo.<png|jpg|gif> and font-<style>.<ttf|otf>. (Older
# versions kept user_brands_dir()/<id>.json with files beside it; those still load.)
BRAND_FILE = "brand.json"
EXPORT_LOG = "export-log.jsonl"  # one line per file exported (export_log.py)


# ---- folders ------------------------------------------------------------------------------


def user_dir() -> Path:
    """$BRIEFPACK_USER_DIR if set, else the platform's per-user data folder for briefpack."""
    override = os.environ.get(USER_DIR_ENV)
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir("briefpack", appauthor=False))


def user_templates_dir() -> Path:
    return user_dir() / "templates"


def user_brands_dir() -> Path:
    return user_dir() / "brands"


def user_brand_folder(brand_id: str) -> Path:
    return user_brands_dir() / brand_id


# ---- names --------------------------------------------------------------------------------


def slug(text: str, fallback: str = "item") -> str:
    """'Reporting: Suspicious activity!' -> 'reporting-suspicious-activity' (ids, file names)."""
    words = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return words[:48].rstrip("-") or fallback


def free_name(base: str, is_taken: Callable[[str], bool], sep: str = "-") -> str:
    """`base`, else `base<sep>2`, `base<sep>3`… the first that `is_taken` says is free."""
    name, n = base, 2
    while is_taken(name):
        name, n = f"{base}{sep}{n}", n + 1
    return name


def unique_name(base: str, taken: set[str], sep: str = "-") -> str:
    """`base`, else `base-2`, `base-3`… whichever is not in `taken`."""
    return free_name(base, taken.__contains__, sep)
