"""Pack → Document: placeholders expanded, Markdown parsed, brand and wording resolved.

The wording of the handout around the officer's text is decided here, once, for every
output format: the threat panel's lines, the scale's marker, the statistics' source lines,
the quote's attribution, the phone label, the footer and page number, alt texts. The
finished tree is cleaned once (textclean.clean_tree), so no writer cleans text again.
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from briefpack.document import nodes as n
from briefpack.document.context import placeholder_context
from briefpack.document.markdown import parse_blocks, parse_inlines, safe_url
from briefpack.document.placeholders import expand
from briefpack.document.qr_fit import qr_fits
from briefpack.document.textclean import clean_text, clean_tree
from briefpack.model import filegate, outside
from briefpack.model.brand import Brand, find_brand
from briefpack.model.dates import long_date
from briefpack.model.errors import BriefpackError, ComposeError
from briefpack.model.outside import AllowOutside
from briefpack.model.pack import Pack
from briefpack.model.sections import (
    CalloutSection,
    ImageSection,
    LinksSection,
    PageBreakSection,
    QuoteSection,
    StatisticsSection,
    TextSection,
    ThreatLevelSection,
)
from briefpack.model.threat import ThreatLevel


class _Composer:
    """Holds what every section needs: the pack, the placeholder context, the base folder."""

    def __init__(
        self,
        pack: Pack,
        base_dir: Path,
        today: date,
        allow_outside: AllowOutside = False,
        outside_placeholders: bool = False,
    ) -> None:
        self.pack = pack
        self.base_dir = base_dir
        self.allow_outside = allow_outside
        self.outside_placeholders = outside_placeholders
        self.context = placeholder_context(pack, today)

    def meta_shown(self) -> Pack:
        """The pack with meta.subtitle and meta.author as printed: placeholders filled in.

        Other fields' `{{ pack.subtitle }}` then say what the title page says. The title is
        left as typed: it is the file's name for the pack, in every header and window.
        """
        meta = self.pack.meta
        shown = {
            "subtitle": self.text(meta.subtitle, "meta.subtitle") if meta.subtitle else None,
            "author": self.text(meta.author, "meta.author") if meta.author else None,
        }
        self.context["pack"].update({k: v or "" for k, v in shown.items()})
        return self.pack.model_copy(update={"meta": meta.model_copy(update=shown)})

    def text(self, value: str | None, where: str) -> str:
        # Cleaned before Markdown sees it: "*\x1f*" is two asterisks, not emphasis.
        return clean_text(expand(value or "", self.context, where))

    def blocks(self, value: str | None, where: str) -> tuple[n.Block, ...]:
        return parse_blocks(self.text(value, where))

    def heading(self, title: str | None, where: str) -> list[n.Block]:
        return _heading(self.text(title, where))

    # ---- one method per section kind ------------------------------------

    def text_section(self, s: TextSection, at: str) -> list[n.Block]:
        return [*self.heading(s.title, f"{at}.title"), *self.blocks(s.body, f"{at}.body")]

    def threat_level(self, s: ThreatLevelSection, at: str) -> list[n.Block]:
        threat = self.pack.threat
        panel = n.ThreatPanel(
            title=self.text(s.title, f"{at}.title") or "Current UK threat level",
            rank=threat.level.rank,
            name=threat.level.display_name,
            meaning_line=_meaning_line(threat.level),
            since_line=f"Since {long_date(threat.since)}" if threat.since else "",
            scale=tuple(_scale_step(lvl, lvl == threat.level) for lvl in ThreatLevel),
            ni_line=_ni_line(threat.northern_ireland),
            note=self.blocks(s.note, f"{at}.note"),
        )
        return [panel]

    def callout(self, s: CalloutSection, at: str) -> list[n.Block]:
        title = self.text(s.title, f"{at}.title")
        return [n.Callout(title, self.blocks(s.body, f"{at}.body"), s.style or "alert")]

    def quote(self, s: QuoteSection, at: str) -> list[n.Block]:
        who = (self.text(s.speaker, f"{at}.speaker"), self.text(s.role, f"{at}.role"))
        return [n.Quote(self.blocks(s.body, f"{at}.body"), _attribution(*who))]

    def statistics(self, s: StatisticsSection, at: str) -> list[n.Block]:
        tiles = tuple(
            _tile(
                self.text(item.value, f"{at}.items[{i}].value"),
                self.text(item.label, f"{at}.items[{i}].label"),
                self.text(item.source, f"{at}.items[{i}].source"),
                long_date(item.as_of) if item.as_of else "",
            )
            for i, item in enumerate(s.items)
        )
        title = self.text(s.title, f"{at}.title")
        chart = _chart(title, tiles) if s.chart else None
        return [*_heading(title), n.StatGrid(tiles, chart, STAT_HEADERS)]

    def links(self, s: LinksSection, at: str) -> list[n.Block]:
        entries = tuple(self._link_entry(s, i, at) for i in range(len(s.items)))
        return [*self.heading(s.title, f"{at}.title"), n.Links(entries, _link_headers(entries))]

    def _link_entry(self, s: LinksSection, i: int, at: str) -> n.LinkEntry:
        item, where = s.items[i], f"{at}.items[{i}]"
        url = safe_url(item.url) if item.url else None
        if item.url and not url:
            url = "https://" + item.url.strip()
        qr = bool(s.qr and url and url.startswith(("http://", "https://")))
        return n.LinkEntry(
            label=self.text(item.label, f"{where}.label"),
            url=url or "",
            shown_url=_shown_url(item.url or "") or url or "",
            phone_line=_phone_line(self.text(item.phone, f"{where}.phone")),
            note=self.text(item.note, f"{where}.note"),
            qr=qr,
            qr_alt=f"QR code for {url}" if qr else "",
        )

    def image(self, s: ImageSection, at: str) -> list[n.Block]:
        if self.outside_placeholders and self._refused_outside(s.path):
            return [_not_shown_outside(s.width_mm)]
        data, fmt, size = _read_image(self.base_dir, s.path, f"{at}.path", self.allow_outside)
        alt = self.text(s.alt, f"{at}.alt")
        return [
            n.Image(
                data=data,
                width_px=size[0],
                height_px=size[1],
                alt=alt,
                caption=self.text(s.caption, f"{at}.caption"),
                width_mm=s.width_mm,
                format=fmt,
                stand_in=f"[Image: {alt}]",
            )
        ]

    def _refused_outside(self, path: str) -> bool:
        file = outside.outside_file(self.base_dir, path) if path.strip() else None
        return file is not None and not outside.is_allowed(file, self.allow_outside)

    def page_break(self, s: PageBreakSection, at: str) -> list[n.Block]:
        return [n.PageBreak()]


_DISPATCH: dict[type, Callable[[_Composer, Any, str], list[n.Block]]] = {
    TextSection: _Composer.text_section,
    ThreatLevelSection: _Composer.threat_level,
    CalloutSection: _Composer.callout,
    QuoteSection: _Composer.quote,
    StatisticsSection: _Composer.statistics,
    LinksSection: _Composer.links,
    ImageSection: _Composer.image,
    PageBreakSection: _Composer.page_break,
}


def compose(
    pack: Pack,
    base_dir: str | Path = ".",
    *,
    brand: Brand | None = None,
    today: date | None = None,
    source: str | Path | None = None,
    allow_outside: AllowOutside = False,
    outside_placeholders: bool = False,
) -> n.Document:
    """Build the output-neutral document for `pack`; errors name the section and field.

    Each section's blocks follow an `n.SectionStart` naming the section's index.
    Pictures outside the pack's folder are read only if `allow_outside` allows them; the
    others are an error, or (`outside_placeholders`, for the preview) a grey box saying so.
    """
    try:
        composer = _Composer(
            pack, Path(base_dir), today or date.today(), allow_outside, outside_placeholders
        )
        pack = composer.meta_shown()
        brand = brand or find_brand(pack.meta.brand)
        blocks: list[n.Block] = [_title(pack)]
        for i, section in enumerate(pack.sections):
            blocks.append(n.SectionStart(i))
            blocks.extend(_DISPATCH[type(section)](composer, section, f"sections[{i}]"))
        blocks = list(HeadingLevels().blocks(blocks))
    except BriefpackError as exc:
        if source:
            exc.with_file(source)
        raise
    # Once, here: brand wording and the words around the pack's text are cleaned too, so no
    # control character or lone surrogate reaches a writer (the Checks report each one).
    return clean_tree(n.Document(_furniture(pack, brand), brand, tuple(blocks)))


class HeadingLevels:
    """Headings that never skip a level, in reading order through the whole tree.

    A heading is at most one level below the one before it (the first is a level 1), so
    "##" straight under a section title is a level 2, not a 3. Decided here, once, so the
    PDF's H1-H3, Word's Heading styles and HTML's h-elements agree: a screen reader's list
    of headings and Word's navigation pane lose their way over a skipped level.
    """

    DEEPEST = 3  # section titles are 1; Markdown's "#" and "##" are 2 and 3

    def __init__(self) -> None:
        self.previous = 0  # the last heading's level; 0 before the first

    def blocks(self, blocks: Iterable[n.Block]) -> tuple[n.Block, ...]:
        return tuple(self.block(block) for block in blocks)

    def block(self, block: n.Block) -> n.Block:
        if isinstance(block, n.Heading):
            level = max(1, min(block.level, self.DEEPEST, self.previous + 1))
            self.previous = level
            return block if level == block.level else replace(block, level=level)
        if isinstance(block, n.ListBlock):
            items = tuple(replace(item, blocks=self.blocks(item.blocks)) for item in block.items)
            return replace(block, items=items)
        if isinstance(block, n.ThreatPanel):
            return replace(block, note=self.blocks(block.note))
        if isinstance(block, n.Callout | n.Quote):
            return replace(block, blocks=self.blocks(block.blocks))
        return block


def _heading(text: str) -> list[n.Block]:
    """A section title as a level-1 heading; none for a blank title."""
    return [n.Heading(1, parse_inlines(text))] if text.strip() else []


def _title(pack: Pack) -> n.Title:
    meta = pack.meta
    byline = " · ".join(p for p in (meta.author, long_date(meta.date)) if p)
    return n.Title(meta.title, meta.subtitle or "", byline)


def _furniture(pack: Pack, brand: Brand) -> n.Furniture:
    meta = pack.meta
    subject = meta.subtitle or f"Briefing for {meta.audience}" if meta.audience else meta.subtitle
    return n.Furniture(
        title=meta.title,
        subject=subject or "Protective security briefing",
        author=meta.author or "",
        date=long_date(meta.date),
        marking=meta.marking.upper(),
        page_size=meta.page_size,
        header_text=brand.header_text or meta.title,
        footer_text=_footer_text(pack, brand),
        keywords=(
            "counter terrorism",
            "protective security",
            f"threat level {pack.threat.level.value}",
        ),
        page_number="Page {page} of {pages}",
        logo_alt=f"{brand.name} logo",
    )


def _footer_text(pack: Pack, brand: Brand) -> str:
    """The words at the foot of every page: the brand's own footer if it sets one, else the
    pack's title, so a handout never carries another pack's or a fixed name. Decided here
    once; the writers add the date and the page number and only fit it to the line."""
    return (brand.footer_text or "").strip() or pack.meta.title


def _capitalise(text: str) -> str:
    """'an attack is likely' → 'An attack is likely' (the official wording is lower case)."""
    return text[:1].upper() + text[1:]


# The words that mark the current step of the threat scale, in both formats. The PDF's
# "CURRENT LEVEL" was chosen over the DOCX's "▲ current": it says what is marked (a level,
# not a current meaning), it reads in the capitals of the step names LOW … CRITICAL beside
# it, and it is the wording of the printed handout, whose pages the golden images hold.
# It still fits one line of Word's narrow step column (looked at in LibreOffice).
# The pointer (a drawn ▼ in the PDF, a ▲ in Word) is each writer's design, not wording.
SCALE_MARKER = "CURRENT LEVEL"


def _scale_step(level: ThreatLevel, current: bool) -> n.ThreatScaleStep:
    marker = SCALE_MARKER if current else ""
    return n.ThreatScaleStep(level.rank, level.display_name, level.meaning, current, marker)


def _meaning_line(level: ThreatLevel) -> tuple[n.Inline, ...]:
    """'Meaning: An attack is highly likely', the meaning in bold italics."""
    return (n.Text("Meaning: "), n.Text(_capitalise(level.meaning), bold=True, italic=True))


def _ni_line(level: ThreatLevel | None) -> tuple[n.Inline, ...]:
    """'Northern Ireland-related terrorism: SUBSTANTIAL – An attack is likely'; () if unset."""
    if level is None:
        return ()
    return (
        n.Text("Northern Ireland-related terrorism: "),
        n.Text(level.display_name, bold=True),
        n.Text(" – "),
        n.Text(_capitalise(level.meaning), italic=True),
    )


def _attribution(speaker: str, role: str) -> str:
    """'— Mark Rowley, National Lead'; "" when the quote names nobody."""
    who = ", ".join(part for part in (speaker, role) if part)
    return f"— {who}" if who else ""


def _tile(value: str, label: str, source: str, as_of: str) -> n.StatTile:
    """A statistic with its source line: 'Source: X · 1 August 2016', or either half."""
    lines = tuple(line for line in (f"Source: {source}" if source else "", as_of) if line)
    return n.StatTile(value, label, " · ".join(lines), lines, source, as_of)


# The column headers of the statistics and links as tables (a Word table, a tagged PDF's
# table): one per part of a statistic, and of a link entry as a table row shows it.
STAT_HEADERS = ("Figure", "What it counts", "Source", "As of")
LINK_HEADERS = ("Contact", "Address or phone")
QR_HEADER = "QR code"


def _link_headers(entries: tuple[n.LinkEntry, ...]) -> tuple[str, ...]:
    """The links' column headers: "QR code" only over a column that holds one."""
    with_qr = any(entry.qr and qr_fits(entry.url) for entry in entries)
    return (*LINK_HEADERS, QR_HEADER) if with_qr else LINK_HEADERS


def _phone_line(phone: str) -> tuple[n.Inline, ...]:
    """'Tel: 0800 789 321', the number bold and a tel: link where it has enough digits."""
    if not phone:
        return ()
    number: n.Inline = n.Text(phone, bold=True)
    url = _tel_url(phone)
    return (n.Text("Tel: "), n.Link(url, (number,)) if url else number)


_NUMBER = re.compile(r"^\s*[£€$]?\s*(-?\d[\d,]*(?:\.\d+)?)\s*%?\s*$")


def _number(value: str) -> float | None:
    match = _NUMBER.match(value)
    return float(match.group(1).replace(",", "")) if match else None


def _chart(title: str, tiles: tuple[n.StatTile, ...]) -> n.BarChart | None:
    bars = tuple(
        n.ChartBar(t.label, num, t.value) for t in tiles if (num := _number(t.value)) is not None
    )
    if not bars:
        return None
    title = title or "Statistics"
    return n.BarChart(title, bars, f"{title} (continued)", n.chart_alt(title, bars))


def _shown_url(url: str) -> str:
    text = url.strip()
    for prefix in ("https://", "http://", "mailto:", "tel:"):
        if text.lower().startswith(prefix):
            text = text[len(prefix) :]
            break
    return text.rstrip("/")


def _tel_url(phone: str) -> str:
    digits = re.sub(r"[^\d+]", "", phone)
    return f"tel:{digits}" if len(digits) >= 3 else ""


def _read_image(
    base_dir: Path, path: str, where: str, allow_outside: AllowOutside
) -> tuple[bytes, str, tuple[int, int]]:
    """Read an image once through the file gate: a whole PNG, JPEG or GIF of a sane size,
    inside the pack's folder unless the officer allowed files outside it."""
    file = outside.image_file(base_dir, path)
    if not outside.is_inside(base_dir, file) and not outside.is_allowed(file, allow_outside):
        raise ComposeError(outside.outside_message(path), where=where)
    try:
        image = filegate.read_image(file, shown=path)
    except filegate.FileRefused as exc:
        raise ComposeError(_image_problem(exc, path), where=where) from exc
    return image.data, image.format, image.size


@functools.cache
def _grey_png() -> bytes:
    """A plain light grey picture standing in for one that is not read."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (480, 160), "#D9DDE2").save(out, "PNG")
    return out.getvalue()


def _not_shown_outside(width_mm: float | None) -> n.Image:
    return n.Image(
        data=_grey_png(),
        width_px=480,
        height_px=160,
        alt="Picture not shown",
        caption="Picture not shown: it is outside the pack's folder and has not been allowed",
        width_mm=width_mm,
        format="PNG",
        stand_in="[Image: Picture not shown]",
    )


def _image_problem(exc: filegate.FileRefused, path: str) -> str:
    """The gate's one line, worded for a picture in a pack."""
    if exc.reason == "missing":
        return f"image not found: {path}; put the picture beside the pack or choose it again"
    if exc.reason in ("size", "pixels"):
        return f"the image {exc.problem}"
    return exc.problem
