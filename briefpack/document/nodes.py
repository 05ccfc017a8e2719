"""One output-neutral document tree: both renderers walk exactly this.

Every word a reader sees is decided here or in compose, never in a writer: compose fills
finished strings ("Meaning: …", "Since …", "Source: … · …", "— Speaker, Role", "Tel: …")
into the nodes, cleaned of characters no format can hold. Writers only lay them out. What
depends on the layout (the page number, a footer cut to fit, the later parts of a long
chart) is worded by the few helpers below, which the writers call.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from briefpack.model.brand import Brand
from briefpack.model.force_revision import NO_REVISION

# ---- inline -----------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class LineBreak:
    pass


@dataclass(frozen=True)
class Link:
    url: str
    children: tuple[Inline, ...]


Inline = Text | LineBreak | Link


def plain_text(inlines: tuple[Inline, ...]) -> str:
    """The words of some inlines, as a reader sees them."""
    out = []
    for node in inlines:
        if isinstance(node, Text):
            out.append(node.text)
        elif isinstance(node, LineBreak):
            out.append("\n")
        else:
            out.append(plain_text(node.children))
    return "".join(out)


# ---- blocks -----------------------------------------------------------------


@dataclass(frozen=True)
class Title:
    """The opening block: pack title, subtitle and a byline."""

    title: str
    subtitle: str = ""
    byline: str = ""


@dataclass(frozen=True)
class Heading:
    level: int  # 1 = section title, 2-3 = headings inside a text body
    inlines: tuple[Inline, ...]

    @property
    def text(self) -> str:
        return plain_text(self.inlines)


@dataclass(frozen=True)
class Paragraph:
    inlines: tuple[Inline, ...]


@dataclass(frozen=True)
class ListItem:
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class ListBlock:
    ordered: bool
    items: tuple[ListItem, ...]
    start: int = 1


@dataclass(frozen=True)
class SectionStart:
    """Where section `index` of the pack begins, just before its blocks. It takes no room:
    a writer that keeps section places (the preview's PDF) notes it; the others skip it."""

    index: int


@dataclass(frozen=True)
class ThreatScaleStep:
    rank: int  # 1 (low) .. 5 (critical)
    name: str  # as printed in the step's box, "SEVERE"
    meaning: str  # as printed under it, the official lower-case wording
    current: bool
    marker: str = ""  # the words marking the current step ("CURRENT LEVEL"); "" on the others


@dataclass(frozen=True)
class ThreatPanel:
    """The national threat level, its official meaning, since when, and the NI level.

    The lines are finished: "Meaning: An attack is highly likely" (the meaning emphasised),
    "Since 29 August 2014", "Northern Ireland-related terrorism: SUBSTANTIAL – An attack is
    likely"; "" or () when there is nothing to say.
    """

    title: str
    rank: int
    name: str  # "SEVERE"
    meaning_line: tuple[Inline, ...]
    since_line: str
    scale: tuple[ThreatScaleStep, ...]
    ni_line: tuple[Inline, ...] = ()
    note: tuple[Block, ...] = ()


@dataclass(frozen=True)
class StatTile:
    """One figure. `source_line` is "Source: X · 1 August 2016" (or either half alone);
    `source_lines` is the same words as two lines, for a tile too narrow to keep the date
    whole on one. `source` and `as_of` are the two halves on their own ("X", "1 August
    2016"), for a table that gives each a column under its header."""

    value: str
    label: str
    source_line: str = ""
    source_lines: tuple[str, ...] = ()
    source: str = ""
    as_of: str = ""


@dataclass(frozen=True)
class ChartBar:
    label: str
    value: float
    shown: str  # the value as the pack wrote it


@dataclass(frozen=True)
class BarChart:
    title: str
    bars: tuple[ChartBar, ...]
    continued_title: str = ""  # over the later parts of a chart too long for one page
    alt: str = ""  # what a screen reader says for the picture of the chart

    def part(self, indexes: Sequence[int], *, first: bool) -> BarChart:
        """Some rows, as one page's part of a long chart: titled as printed there, with alt
        text naming its own bars."""
        bars = tuple(self.bars[i] for i in indexes)
        title = self.title if first else self.continued_title
        return BarChart(title, bars, self.continued_title, chart_alt(title, bars))


def chart_alt(title: str, bars: Sequence[ChartBar]) -> str:
    """'Bar chart: Key figures. Calls: 32; Referrals: 2' (each bar as the pack wrote it)."""
    return f"Bar chart: {title}. " + "; ".join(f"{bar.label}: {bar.shown}" for bar in bars)


@dataclass(frozen=True)
class StatGrid:
    """The statistics. `headers` are the column headers of a table of them, one per part
    of a tile: the figure, what it counts, its source and its date (none: no header row)."""

    tiles: tuple[StatTile, ...]
    chart: BarChart | None = None
    headers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Callout:
    title: str
    blocks: tuple[Block, ...]
    style: str = "alert"  # "alert" or "info"


@dataclass(frozen=True)
class Quote:
    blocks: tuple[Block, ...]
    attribution: str = ""  # "— Speaker, Role", or "" when nobody is named


@dataclass(frozen=True)
class LinkEntry:
    label: str
    url: str = ""  # full, safe URL (http, https, mailto, tel) or ""
    shown_url: str = ""  # how the address is printed, e.g. "www.gov.uk/ACT"
    phone_line: tuple[Inline, ...] = ()  # "Tel: 0800 789 321", the number bold and linked
    note: str = ""
    qr: bool = False
    qr_alt: str = ""  # what a screen reader says for the QR code


@dataclass(frozen=True)
class Links:
    """The entries. `headers` are the column headers of a table of them: the entry's name
    and note, its address and phone, and its QR code when the block shows QR codes
    (none: no header row)."""

    entries: tuple[LinkEntry, ...]
    headers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Image:
    data: bytes
    width_px: int
    height_px: int
    alt: str
    caption: str = ""
    width_mm: float | None = None
    format: str = "PNG"
    stand_in: str = ""  # printed where a writer cannot embed the picture: "[Image: alt]"


@dataclass(frozen=True)
class PageBreak:
    pass


Block = (
    SectionStart
    | Title
    | Heading
    | Paragraph
    | ListBlock
    | ThreatPanel
    | StatGrid
    | Callout
    | Quote
    | Links
    | Image
    | PageBreak
)


# ---- the document -----------------------------------------------------------


@dataclass(frozen=True)
class Furniture:
    """What goes on every page and in the file's metadata."""

    title: str
    subject: str
    author: str
    date: str
    marking: str  # "" or the marking in capitals
    page_size: str  # "A4" or "Letter"
    header_text: str  # the running header in the band (brand's, else the pack title)
    footer_text: str  # the footer's words (brand's, else the pack title); the date follows
    language: str = "en-GB"
    keywords: tuple[str, ...] = ()
    # "{page}" and "{pages}" are filled in per page (a PDF) or become fields (Word).
    page_number: str = "Page {page} of {pages}"
    logo_alt: str = ""  # the brand logo's alt text, "Thames Valley Police logo"
    # Metadata only, never on a page: the force library commit the export was made with
    # (model/force_revision.py). Compose leaves it "none"; the export service sets it, so
    # composing stays a function of the pack alone.
    library_revision: str = NO_REVISION

    def footer_line(self, words: str | None = None) -> str:
        """The footer as one line: its words, then the date. A writer short of room passes
        the words cut to fit (`words`); the date is never cut."""
        words = self.footer_text if words is None else words
        return " · ".join(" ".join(part.split()) for part in (words, self.date) if part.strip())

    def widest_page_number(self) -> str:
        """The page number at its widest, for the room a writer leaves beside the footer."""
        return self.page_number.format(page=888, pages=888)


@dataclass(frozen=True)
class Document:
    furniture: Furniture
    brand: Brand
    blocks: tuple[Block, ...] = field(default_factory=tuple)
