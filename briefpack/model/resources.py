"""Where the built-in assets and templates live, in a wheel and in a checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


@cache
def data_dir(name: str) -> Path:
    """The built-in folder `name` ('assets' or 'templates')."""
    installed = _PACKAGE / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name


def asset(*parts: str) -> Path:
    return data_dir("assets").joinpath(*parts)
