"""A space at the end of each line of a paragraph that breaks between two words.

reportlab moves to the next line without writing the space it broke at, so text taken from
the file (copied, read aloud from the structure tree, extracted by poppler's struct text)
joins the last word of a line to the first of the next: "Sector" + "Leads" becomes
"SectorLeads". Here the text object writes that space, after the line's last glyph, where
it cannot move anything on the page. A line that breaks inside a long word (an address
split over two lines) gets none, so the word stays whole.
"""

from __future__ import annotations

from collections.abc import Iterator

from reportlab.pdfgen.textobject import PDFTextObject


class SpacedLines(PDFTextObject):
    """A text object for one paragraph that writes a space at each line end `ends` says
    is between words (one flag per line, in drawing order)."""

    def __init__(self, canvas, x: float, y: float, ends: Iterator[bool]) -> None:
        super().__init__(canvas, x, y)
        self._ends = ends

    def _textOut(self, text: str, TStar: int = 0) -> None:
        # reportlab ends each line with one T* (TStar); that is where its space was.
        if TStar and next(self._ends, False) and not text[-1:].isspace():
            text += " "
        super()._textOut(text, TStar)


def line_ends(source: str, lines: list[str], continues: bool = False) -> list[bool]:
    """For each line of a paragraph (its text as drawn), whether a space follows it in
    `source` (the paragraph's words): True where the break fell on white space, False
    inside a word and after the last line (unless the paragraph `continues` in another
    part, on the next page). Lines are matched by their non-space characters, so spacing
    differences between the two do not matter; if they stop matching, every line break
    after that counts as a space, which is what almost every break is."""
    letters = [i for i, char in enumerate(source) if not char.isspace()]
    ends, used = [], 0
    for text in lines:
        count = sum(1 for char in text if not char.isspace())
        if count == 0:  # nothing drawn on it (a line holding only a picture, say)
            ends.append(False)
            continue
        if used + count > len(letters) or not _same(source, letters, used, text):
            return ends + [True] * (len(lines) - len(ends) - 1) + [continues]
        used += count
        if used >= len(letters):
            ends.append(continues)
        else:
            ends.append(source[letters[used - 1] + 1 : letters[used]] != "")
    if ends:
        ends[-1] = continues
    return ends


def paragraph_line_ends(para) -> list[bool]:
    """line_ends for a laid-out Para (flowables.py): its lines from blPara, its words as
    given (`bp_source`; None for a part made without them: then every break but the
    last is taken for a space). A forced break (<br/>) always counts as a space: the words
    it separates are written apart."""
    texts = line_texts(para.blPara)
    continues = getattr(para, "bp_continues", False)
    source = getattr(para, "bp_source", None)
    if not texts:
        return []
    if source is None:
        ends = [True] * (len(texts) - 1) + [continues]
    else:
        ends = line_ends(source, texts, continues)
    last = len(texts) - 1
    forced = [bool(getattr(line, "lineBreak", False)) for line in para.blPara.lines]
    pairs = enumerate(zip(ends, forced, strict=True))
    return [end or (brk and i < last) for i, (end, brk) in pairs]


def line_texts(blpara) -> list[str]:
    """The text each line draws: (extra space, words) for plain words, or fragments."""
    return [_line_text(line) for line in blpara.lines]


def _line_text(line) -> str:
    # A part split off a plain paragraph keeps kind 0's lines under a kind-1 blPara.
    if isinstance(line, tuple):
        return " ".join(line[1])
    return "".join(getattr(frag, "text", "") for frag in line.words)


def split_source(source: str, lines: list[str]) -> tuple[str, str, bool]:
    """`source` cut where `lines` (the first part of a paragraph split over two pages)
    end: the words of each part, and whether the cut fell between two words."""
    letters = sum(1 for text in lines for char in text if not char.isspace())
    seen = 0
    for index, char in enumerate(source):
        if not char.isspace():
            seen += 1
            if seen == letters:
                rest = source[index + 1 :]
                return source[: index + 1], rest.lstrip(), rest[:1].isspace()
    return source, "", False


def _same(source: str, letters: list[int], used: int, text: str) -> bool:
    drawn = "".join(text.split())
    return all(source[letters[used + i]] == char for i, char in enumerate(drawn))
