"""The page's furniture: the marking at the top and the foot, the brand band with the logo
and the running header, and the footer line. The words are the furniture's (compose's); a
web page has no page numbers, so the footer is its line alone."""

from __future__ import annotations

from functools import lru_cache

from briefpack.document.nodes import Furniture
from briefpack.model.brand import Brand
from briefpack.model.errors import BriefpackError
from briefpack.render.brand_files import brand_file_of, brand_logo
from briefpack.render.html.base import attr, text
from briefpack.render.html.css import style_class
from briefpack.render.html.links import data_uri


def header(furniture: Furniture, brand: Brand) -> str:
    logo = _logo(brand, furniture.logo_alt)
    words = (
        f'<p class="{style_class("band")}">{text(furniture.header_text)}</p>'
        if furniture.header_text
        else ""
    )
    band = f'<div class="band">{logo}{words}</div>' if logo or words else ""
    return f"<header>{_marking(furniture)}{band}</header>"


def footer(furniture: Furniture) -> str:
    line = furniture.footer_line()
    words = f'<p class="{style_class("footer")}">{text(line)}</p>' if line else ""
    return f'<footer><div class="footer-line">{words}</div>{_marking(furniture)}</footer>'


def _marking(furniture: Furniture) -> str:
    if not furniture.marking:
        return ""
    return (
        f'<div class="marking"><p class="{style_class("marking")}">'
        f"{text(furniture.marking)}</p></div>"
    )


def _logo(brand: Brand, alt: str) -> str:
    """The logo as a data: URI, read through the file gate; nothing when the brand has
    none or its file is missing (as the DOCX goes without)."""
    try:
        path = brand.logo_path
    except BriefpackError:
        return ""
    if path is None:
        return ""
    try:  # keyed on the file's state: an edited logo is read again
        info = path.stat()
        key = (info.st_mtime_ns, info.st_size)
    except OSError:
        key = (0, 0)  # the gate reports it, in one line
    source = _logo_source(str(path), str(brand_file_of(brand.folder, brand.id)), *key)
    return f'<img src="{source}" alt="{attr(alt)}">' if source else ""


@lru_cache(maxsize=8)
def _logo_source(path: str, brand_file: str, _mtime_ns: int, _size: int) -> str | None:
    return data_uri(brand_logo(path, brand_file).data)
