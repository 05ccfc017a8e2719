"""The handout as plain text: the message's text/plain part and the clipboard's.

Readable as it stands in any mail client: the marking first and last, a blank line between
blocks, headings underlined, links spelled out as "words (address)" (or the address alone
when the words already are it), lists with the design's bullets and numbers. The statistics,
the chart's figures and the links are the DOCX's tables, their words in the same order:
header rows first, then a row at a time. No line is wrapped here: mail clients wrap plain text to
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
INDENT = "    "  # the second column of the links' table
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
        """The statistics as the DOCX's table, set out for plain text; then the chart's
        title (its picture cannot be shown) over its figures as a table."""
        figure, *others = node.headers or ("",)
        chunks = []
        if node.tiles:
            rows = [(t.value, [t.label, t.source, t.as_of]) for t in node.tiles]
            chunks.append(_table(figure, others, rows))
        chart = node.chart
        if chart is not None and chart.bars:
            table = _table(figure, others[:1], [(bar.shown, [bar.label]) for bar in chart.bars])
            title = f"{chart.title}\n{_underline(chart.title, '-')}" if chart.title else ""
            chunks.append("\n\n".join(part for part in (title, table) if part))
        return "\n\n".join(chunks)

    def links(self, node: n.Links, depth: int) -> str:
        """The DOCX's table of links, an entry a block: its name and note, then its address
        and phone indented, as the second column's header is. Plain text has no QR codes,
        so no header names their column."""
        head = [*node.headers[:1], *(INDENT + header for header in node.headers[1:2])]
        entries = [_ruled(head)] if head else []
        for entry in node.entries:
            lines = [entry.label, entry.note]
            if entry.url:
                shown = entry.shown_url or entry.url
                same = same_address(shown, entry.url) or not is_clickable(entry.url)
                lines.append(INDENT + (shown if same else f"{shown} ({entry.url})"))
            if entry.phone_line:
                lines.append(INDENT + inline_text(entry.phone_line))
            entries.append("\n".join(line for line in lines if line.strip()))
        return "\n\n".join(entries)

    def image(self, node: n.Image, depth: int) -> str:
        """Plain text holds no pictures: the tree's stand-in words, then the caption."""
        return "\n".join(part for part in (node.stand_in, node.caption) if part)


def _ruled(lines: list[str]) -> str:
    """A header row's lines over a rule as long as the longest."""
    return "\n".join([*lines, "-" * min(max(map(len, lines)), RULE_WIDTH)])


def _table(figure: str, heads: list[str], rows: list[tuple[str, list[str]]]) -> str:
    """A table of figures as plain text: its header row laid out as a row is (the figure's
    header, then the others' a line each), ruled off, then the rows. No line is padded to
    a width: a mail client wraps long lines, and the figures' column stays straight all
    the same."""
    width = max([len(figure), *(len(value) for value, _ in rows)])
    body = [_row(value, cells, width) for value, cells in rows]
    # Rows of more than one line stand apart, or they would run together.
    gap = "\n\n" if any("\n" in row for row in body) else "\n"
    heads = [head for head in heads if head]
    if not (figure or heads):
        return gap.join(body)
    rule = _row("-" * width, ["-" * min(max(map(len, heads), default=0), RULE_WIDTH)], width)
    return gap.join([_row(figure, heads, width) + "\n" + rule, *body])


def _row(figure: str, cells: list[str], width: int) -> str:
    """The figure right-aligned in its column, the row's other cells (those with words) a
    line each beside and under it."""
    kept = [cell for cell in cells if cell] or [""]
    pad = " " * (width + 2)
    lines = [f"{figure.rjust(width)}  {kept[0]}", *(pad + cell for cell in kept[1:])]
    return "\n".join(line.rstrip() for line in lines)
