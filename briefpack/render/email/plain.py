"""The handout as plain text: the message's text/plain part and the clipboard's.

Readable as it stands in any mail client: the marking first and last, a blank line between
blocks, headings underlined, links spelled out as "words (address)" (or the address alone
when the words already are it), lists with the design's bullets and numbers, statistics and
the chart as aligned columns. No line is wrapped here: mail clients wrap plain text to
their window, and the message's encoding keeps long lines safe.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from briefpack.document import nodes as n
from briefpack.render.blocks import dispatch_table
from briefpack.render.design import design_for
from briefpack.render.design.links import is_clickable
from briefpack.render.email.html_text import list_number

RULE_WIDTH = 72  # the longest underline: a line a plain-text reader shows whole
_SCHEME = re.compile(r"^(https?://|mailto:|tel:)", re.IGNORECASE)
_DIALLED = re.compile(r"[^0-9+]")  # what a phone dials: digits and a leading plus
CURRENT = "▶"  # before the current step of the threat scale; its words come from the tree


def plain_text(doc: n.Document) -> str:
    """The whole message as plain text, "\\n" line ends, ending in one newline."""
    return PlainText(doc).document()


def same_address(words: str, url: str) -> bool:
    """Whether a link's words already spell its address ("www.gov.uk/x" for https://…)."""
    if url.lower().startswith("tel:"):  # "0800 789 321" spells tel:0800789321
        return _DIALLED.sub("", words) == _DIALLED.sub("", url[4:])

    def bare(value: str) -> str:
        return _SCHEME.sub("", value.strip()).rstrip("/").lower()

    return bare(words) == bare(url)


def inline_text(inlines: Iterable[n.Inline], *, in_link: bool = False) -> str:
    """Inlines as words; a live link's address follows its words in brackets."""
    out = []
    for node in inlines:
        if isinstance(node, n.Text):
            out.append(node.text)
        elif isinstance(node, n.LineBreak):
            out.append("\n")
        else:
            words = inline_text(node.children, in_link=True)
            out.append(words)
            if not in_link and is_clickable(node.url) and not same_address(words, node.url):
                out.append(f" ({node.url})")
    return "".join(out)


def _underline(title: str, char: str) -> str:
    width = min(max((len(line) for line in title.splitlines()), default=0), RULE_WIDTH)
    return char * max(width, 3)


class PlainText:
    """The walk: one method per node type (render/blocks.py), each returning lines."""

    def __init__(self, doc: n.Document) -> None:
        self.doc = doc
        self.design = design_for(doc.brand)
        self._dispatch = dispatch_table(self)

    def document(self) -> str:
        furniture = self.doc.furniture
        chunks = [furniture.marking] if furniture.marking else []
        chunks += self.blocks(self.doc.blocks, 0)
        chunks += [furniture.footer_line()] + ([furniture.marking] if furniture.marking else [])
        return "\n\n".join(chunk for chunk in chunks if chunk.strip()) + "\n"

    def blocks(self, blocks: Iterable[n.Block], depth: int) -> list[str]:
        """Each block's text as one chunk; blank lines go between chunks."""
        chunks = [self._dispatch[type(block)](block, depth) for block in blocks]
        return [chunk for chunk in chunks if chunk]

    # ---- text --------------------------------------------------------------------------

    def section_start(self, node: n.SectionStart, depth: int) -> str:
        return ""

    def page_break(self, node: n.PageBreak, depth: int) -> str:
        return ""

    def title(self, node: n.Title, depth: int) -> str:
        lines = [node.title, _underline(node.title, "="), node.subtitle, node.byline]
        return "\n".join(line for line in lines if line)

    def heading(self, node: n.Heading, depth: int) -> str:
        words = inline_text(node.inlines)
        return f"{words}\n{_underline(words, '=' if node.level <= 1 else '-')}"

    def paragraph(self, node: n.Paragraph, depth: int) -> str:
        return inline_text(node.inlines)

    def list_block(self, node: n.ListBlock, depth: int) -> str:
        lists = self.design.blocks.lists
        items = []
        for k, item in enumerate(node.items):
            if node.ordered:
                marker = list_number(node.start + k, lists.number_format(depth)) + "."
            else:
                marker = lists.bullet(depth)
            body = "\n\n".join(self.blocks(item.blocks, depth + 1))
            pad = " " * (len(marker) + 1)
            lines = [pad + line if line else "" for line in body.split("\n")]
            items.append(marker + " " + "\n".join(lines)[len(pad) :])
        # Items of a top-level list stand apart; a nested list sits under its item.
        return ("\n\n" if depth == 0 else "\n").join(items)

    # ---- boxes -------------------------------------------------------------------------

    def threat_panel(self, node: n.ThreatPanel, depth: int) -> str:
        lines = [node.title, node.name, inline_text(node.meaning_line), node.since_line]
        chunks = ["\n".join(line for line in lines if line)]
        if node.scale:
            chunks.append(self._scale(node.scale))
        if node.ni_line:
            chunks.append(inline_text(node.ni_line))
        return "\n\n".join(chunks + self.blocks(node.note, depth))

    def _scale(self, steps: tuple[n.ThreatScaleStep, ...]) -> str:
        """One step a line, names in a column; the current one marked by the tree's words."""
        width = max(len(step.name) for step in steps)
        rows = []
        for step in steps:
            lead = CURRENT if step.current else " "
            row = f"{lead} {step.name.ljust(width)}  {step.meaning}"
            rows.append(f"{row}  {step.marker}" if step.marker else row)
        return "\n".join(rows)

    def callout(self, node: n.Callout, depth: int) -> str:
        body = "\n\n".join(self.blocks(node.blocks, depth))
        title = f"{node.title}\n{_underline(node.title, '-')}" if node.title else ""
        return "\n".join(part for part in (title, body) if part)

    def quote(self, node: n.Quote, depth: int) -> str:
        body = "\n\n".join(self.blocks(node.blocks, depth))
        quoted = "\n".join(f"> {line}" if line else ">" for line in body.splitlines())
        return "\n".join(part for part in (quoted, node.attribution) if part)

    # ---- statistics, links, pictures ---------------------------------------------------

    def stat_grid(self, node: n.StatGrid, depth: int) -> str:
        """Figures right-aligned in a column, each label beside its figure, the source
        under it; then the chart as a two-column table of its bars."""
        chunks = []
        if node.tiles:
            width = max(len(tile.value) for tile in node.tiles)
            pad = " " * (width + 2)
            rows = []
            for tile in node.tiles:
                row = f"{tile.value.rjust(width)}  {tile.label}"
                rows.append(row + (f"\n{pad}{tile.source_line}" if tile.source_line else ""))
            chunks.append("\n".join(rows))
        if node.chart is not None and node.chart.bars:
            chunks.append(self._chart(node.chart))
        return "\n\n".join(chunks)

    def _chart(self, chart: n.BarChart) -> str:
        """The title, then one bar a line: its figure right-aligned in a column, its label
        after (labels are long; figures first keep the column straight)."""
        shown = max(len(bar.shown) for bar in chart.bars)
        rows = [f"{bar.shown.rjust(shown)}  {bar.label}" for bar in chart.bars]
        return "\n".join([chart.title, _underline(chart.title, "-"), *rows] if chart.title
                         else rows)  # fmt: skip

    def links(self, node: n.Links, depth: int) -> str:
        entries = []
        for entry in node.entries:
            lines = [entry.label]
            if entry.url:
                shown = entry.shown_url or entry.url
                same = same_address(shown, entry.url) or not is_clickable(entry.url)
                lines.append(shown if same else f"{shown} ({entry.url})")
            if entry.phone_line:
                lines.append(inline_text(entry.phone_line))
            lines.append(entry.note)
            entries.append("\n".join(line for line in lines if line))
        return "\n\n".join(entries)

    def image(self, node: n.Image, depth: int) -> str:
        """Plain text holds no pictures: the tree's stand-in words, then the caption."""
        return "\n".join(part for part in (node.stand_in, node.caption) if part)
