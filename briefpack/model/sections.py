"""The section kinds of a pack, exactly as docs/pack-format.md describes them."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field, field_validator

from briefpack.model.base import Model

ALLOWED_URL_SCHEMES = ("http://", "https://", "mailto:", "tel:")


class SectionBase(Model):
    id: str | None = None
    origin: str | None = None
    # The library item's `updated` date when the section was copied from it.
    origin_updated: date | None = None


class TextSection(SectionBase):
    kind: Literal["text"] = "text"
    title: str | None = None
    body: str


class ThreatLevelSection(SectionBase):
    kind: Literal["threat_level"] = "threat_level"
    title: str | None = None
    note: str | None = None


class CalloutSection(SectionBase):
    kind: Literal["callout"] = "callout"
    title: str
    body: str
    style: Literal["alert", "info"] | None = None


class QuoteSection(SectionBase):
    kind: Literal["quote"] = "quote"
    body: str
    speaker: str
    role: str | None = None


class StatItem(Model):
    id: str | None = None
    value: str
    label: str
    source: str | None = None
    as_of: date | None = None
    # Where the figure is published, so the next person can check it and find a newer one.
    source_url: str | None = None

    @field_validator("source_url")
    @classmethod
    def _safe_source_url(cls, value: str | None) -> str | None:
        return check_url(value)


class StatisticsSection(SectionBase):
    kind: Literal["statistics"] = "statistics"
    title: str | None = None
    items: list[StatItem]
    chart: bool | None = None


def check_url(url: str | None) -> str | None:
    """Accept http(s), mailto and tel links, and bare web addresses like www.gov.uk/ACT."""
    if url is None:
        return None
    text = url.strip()
    lowered = text.lower()
    if lowered.startswith(ALLOWED_URL_SCHEMES):
        return text
    host = lowered.split("/", 1)[0]
    if not host or (":" in host and not host.rsplit(":", 1)[1].isdigit()) or " " in text:
        raise ValueError("links may only be web addresses (http, https), mailto: or tel:")
    return text


class LinkItem(Model):
    label: str
    url: str | None = None
    phone: str | None = None
    note: str | None = None

    @field_validator("url")
    @classmethod
    def _safe_url(cls, value: str | None) -> str | None:
        return check_url(value)


class LinksSection(SectionBase):
    kind: Literal["links"] = "links"
    title: str | None = None
    items: list[LinkItem]
    qr: bool | None = None


class ImageSection(SectionBase):
    kind: Literal["image"] = "image"
    path: str
    alt: str
    caption: str | None = None
    width_mm: Annotated[float, Field(gt=0, le=500)] | None = None


class PageBreakSection(SectionBase):
    kind: Literal["page_break"] = "page_break"


Section = Annotated[
    TextSection
    | ThreatLevelSection
    | CalloutSection
    | QuoteSection
    | StatisticsSection
    | LinksSection
    | ImageSection
    | PageBreakSection,
    Field(discriminator="kind"),
]

SECTION_TYPES: dict[str, type[SectionBase]] = {
    cls.model_fields["kind"].default: cls
    for cls in (
        TextSection,
        ThreatLevelSection,
        CalloutSection,
        QuoteSection,
        StatisticsSection,
        LinksSection,
        ImageSection,
        PageBreakSection,
    )
}
SECTION_KINDS = tuple(SECTION_TYPES)
