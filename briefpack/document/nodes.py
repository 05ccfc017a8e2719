"""One output-neutral document tree: both renderers walk exactly this."""

from __future__ import annotations

from dataclasses import dataclass, field

from briefpack.model.brand import Brand

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
class ThreatScaleStep:
    rank: int  # 1 (low) .. 5 (critical)
    name: str
    meaning: str
    current: bool


@dataclass(frozen=True)
class ThreatPanel:
    """The national threat level, its official meaning, since when, and the NI level."""

    title: str
    rank: int
    name: str
    meaning: str
    since: str  # already written out, e.g. "29 August 2014"; "" when unknown
    scale: tuple[ThreatScaleStep, ...]
    ni_name: str = ""
    ni_meaning: str = ""
    note: tuple[Block, ...] = ()


@dataclass(frozen=True)
class StatTile:
    value: str
    label: str
    source: str = ""
    as_of: str = ""  # written out, e.g. "1 August 2016"


@dataclass(frozen=True)
class ChartBar:
    label: str
    value: float
    shown: str  # the value as the pack wrote it


@dataclass(frozen=True)
class BarChart:
    title: str
    bars: tuple[ChartBar, ...]


@dataclass(frozen=True)
class StatGrid:
    tiles: tuple[StatTile, ...]
    chart: BarChart | None = None


@dataclass(frozen=True)
class Callout:
    title: str
    blocks: tuple[Block, ...]
    style: str = "alert"  # "alert" or "info"


@dataclass(frozen=True)
class Quote:
    blocks: tuple[Block, ...]
    speaker: str
    role: str = ""


@dataclass(frozen=True)
class LinkEntry:
    label: str
    url: str = ""  # full, safe URL (http, https, mailto, tel) or ""
    shown_url: str = ""  # how the address is printed, e.g. "www.gov.uk/ACT"
    phone: str = ""
    phone_url: str = ""  # tel: link for the phone number
    note: str = ""
    qr: bool = False


@dataclass(frozen=True)
class Links:
    entries: tuple[LinkEntry, ...]


@dataclass(frozen=True)
class Image:
    data: bytes
    width_px: int
    height_px: int
    alt: str
    caption: str = ""
    width_mm: float | None = None
    format: str = "PNG"


@dataclass(frozen=True)
class PageBreak:
    pass


Block = (
    Title
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


@dataclass(frozen=True)
class Document:
    furniture: Furniture
    brand: Brand
    blocks: tuple[Block, ...] = field(default_factory=tuple)
