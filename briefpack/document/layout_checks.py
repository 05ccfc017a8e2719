"""Checks of what the writers will quietly change to lay a pack out: warnings, never errors.

Both writers lay out every valid pack; where they must bend it to do so (a run of page
breaks drawn as one, a web address too long for any QR code printed without one) the
officer hears about it here, in the Checks panel and from `briefpack validate`. No Qt.
"""

from __future__ import annotations

from briefpack.document.findings import Finding
from briefpack.document.markdown import safe_url
from briefpack.document.qr_fit import QR_ERROR, qr_fits
from briefpack.model.pack import Pack
from briefpack.model.sections import LinksSection, PageBreakSection

__all__ = ["QR_ERROR", "layout_findings", "qr_fits", "qr_url"]


def layout_findings(pack: Pack) -> list[Finding]:
    """Warnings about things the writers change to lay the pack out, in pack order."""
    findings: list[Finding] = []
    previous_break = False
    for i, section in enumerate(pack.sections):
        is_break = isinstance(section, PageBreakSection)
        if is_break and previous_break:
            findings.append(_extra_break(i))
        previous_break = is_break
        if isinstance(section, LinksSection) and section.qr:
            findings.extend(_qr_findings(section, i))
    return findings


def _extra_break(index: int) -> Finding:
    return Finding(
        index,
        f"sections[{index}]",
        "warning",
        "page break straight after another page break: only one new page is started",
        group="layout:page-break",
        group_text="{count} page breaks straight after another: only one new page is started",
    )


def _qr_findings(section: LinksSection, index: int) -> list[Finding]:
    out = []
    for j, item in enumerate(section.items):
        url = qr_url(item.url)
        if url and not qr_fits(url):
            out.append(
                Finding(
                    index,
                    f"sections[{index}].items[{j}].url",
                    "warning",
                    f"the web address of '{_short(item.label)}' is too long for a QR code "
                    f"({len(url):,} characters): it is printed without one",
                )
            )
    return out


def qr_url(url: str | None) -> str:
    """The address the writers would put in a QR code for a link item's `url`, or ""."""
    if not url:
        return ""
    full = safe_url(url) or "https://" + url.strip()
    return full if full.startswith(("http://", "https://")) else ""


def _short(label: str, limit: int = 60) -> str:
    text = " ".join(label.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
