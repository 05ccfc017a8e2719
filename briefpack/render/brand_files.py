"""A brand's own files, the logo and the fonts, read through the file gate.

Both writers, validate and the glyph check read them here: a bad file is refused in one
line naming the brand file and the place ("logo", "fonts.bold") before anything is drawn.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from briefpack.model import filegate
from briefpack.model.brand import Brand
from briefpack.model.errors import BriefpackError


def brand_font_bytes(
    path: str | Path, *, brand_file: str | Path | None = None, where: str = "brand font"
) -> bytes:
    """A brand's TrueType/OpenType font file, read once through the gate; a refusal is one
    line naming the brand file (else the font file), the place (e.g. "fonts.bold") and the
    font file's name."""
    try:
        return filegate.read_font(path, shown=Path(path).name)
    except filegate.FileRefused as exc:
        raise BriefpackError(exc.problem, file=brand_file or path, where=where) from exc


def brand_logo(path: str | Path, brand_file: str | Path | None = None) -> filegate.GatedImage:
    """A brand's logo, read once through the gate (a whole PNG, JPEG or GIF of a sane size).

    A refusal is one line naming the brand file (or, without one, the logo file) and "logo".
    """
    try:
        return filegate.read_image(path, shown=f"the logo {Path(path).name}")
    except filegate.FileRefused as exc:
        file, where = (brand_file, "logo") if brand_file else (path, "brand logo")
        raise BriefpackError(exc.problem, file=file, where=where) from exc


FONT_STYLES = ("regular", "bold", "italic", "bold_italic", "fallback")


def check_brand_files(brand: Brand) -> None:
    """Every file the brand names (logo and fonts) through the gate, before anything is
    drawn: a bad one is one line naming the brand file and the place ("logo", "fonts.bold").
    Cached on the files' state, so a preview re-render reads nothing again."""
    brand_file = brand_file_of(brand.folder, brand.id)
    files = [("logo", logo)] if (logo := _logo_path(brand)) else []
    files += [
        (f"fonts.{style}", brand.resolve(name))
        for style in FONT_STYLES
        if (name := getattr(brand.fonts, style))
    ]
    _check_files(str(brand_file), tuple((where, str(p), _state(p)) for where, p in files))


def _logo_path(brand: Brand) -> Path | None:
    try:
        return brand.logo_path
    except BriefpackError:
        return None  # a missing logo is the writers' call (the DOCX goes without)


def _state(path: Path) -> tuple[int, int]:
    try:
        info = path.stat()
    except OSError:
        return (0, 0)  # the gate reports it, in one line
    return (info.st_mtime_ns, info.st_size)


@lru_cache(maxsize=16)
def _check_files(brand_file: str, files: tuple[tuple[str, str, tuple[int, int]], ...]) -> None:
    for where, path, _state_key in files:
        if where == "logo":
            brand_logo(path, brand_file)
        else:
            brand_font_bytes(path, brand_file=brand_file, where=where)


def brand_file_of(folder: Path, brand_id: str) -> Path:
    """The brand's own file where it is the usual <id>.json, else its folder."""
    candidate = folder / f"{brand_id}.json"
    return candidate if candidate.is_file() else folder
