"""The PDF's structure tree (tagged PDF, PDF/UA-1), built by the walk and filled by drawing.

The walker knows what every block means, so it builds the tree while it builds the story:
each flowable is handed the element it draws (`Elem`). When platypus draws it, the flowable
wraps its marks in a marked-content sequence (`/P <</MCID n>> BDC … EMC`) and the element
notes that page's MCID. Decoration is wrapped in `/Artifact BMC … EMC`. A paragraph split
over two pages is two flowables sharing one element: one P with an MCID on each page.

structure.py writes the tree into the file at save time. Nothing here draws: a render with
tagging makes the same marks on the page as one without.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas

# One marked-content sequence is an int: its page (1-based) above MCID_BITS, its MCID on
# that page below. A 1,500-page handout has 100,000 of them: as objects they were 5 MB.
MCID_BITS = 20


def content_ref(page: int, mcid: int) -> int:
    return page << MCID_BITS | mcid


def ref_page(kid: int) -> int:
    return kid >> MCID_BITS


def ref_mcid(kid: int) -> int:
    return kid & ((1 << MCID_BITS) - 1)


@dataclass(frozen=True, slots=True)
class Annotation:
    """A link annotation an element owns (an OBJR): its page and reportlab's name for it."""

    page: int
    name: str


class Elem:
    """One structure element: a standard role (P, H2, LI, Figure…) and its kids in order."""

    __slots__ = ("actual", "alt", "col_span", "kids", "links", "num", "parent", "role", "scope")

    def __init__(self, role: str, parent: Elem | None, alt: str = "", scope: str = "") -> None:
        self.role = role
        self.parent = parent
        self.alt = alt
        self.scope = scope  # "Row" or "Column" on a TH
        self.actual = ""  # /ActualText: the words of an element nothing on the page draws
        self.col_span = 1
        self.num = 0  # its PDF object number, given when the file is written
        self.kids: list[Elem | int | Annotation] = []  # int: marked content (content_ref)
        # url -> its words, for the annotations' /Contents; most elements have no links,
        # and a 1,500-page handout has 70,000 elements: made when the first is noted.
        self.links: dict[str, str] | None = None

    def add(self, role: str, alt: str = "", scope: str = "") -> Elem:
        elem = Elem(role, self, alt, scope)
        self.kids.append(elem)
        return elem

    def note_link_words(self, url: str, words: str, *, replace: bool = True) -> None:
        """What a link to `url` drawn in this element says (its annotation's /Contents);
        `replace=False` keeps the words noted first."""
        if self.links is None:
            self.links = {}
        if replace or url not in self.links:
            self.links[url] = words


class Tagger:
    """The tree of one render, and the bookkeeping of drawing it.

    Building: `add` puts an element under the one open now; `group` opens one for the
    blocks inside it. Drawing: `begin`/`end` bracket what a flowable draws, giving each
    page's marked content its MCID; `link_keys`/`note_link` tie a link annotation to a
    Link element.
    """

    def __init__(self) -> None:
        self.root = Elem("Document", None)
        self._open: list[Elem] = [self.root]
        self._heading = 0  # the last heading level used, so levels never skip
        self.marking: Elem | None = None  # the P holding the marking, first in the tree
        self.page_elems: dict[int, list[Elem]] = {}  # page -> the element of each MCID
        self.page_keys: dict[int, int] = {}  # page -> its /StructParents key
        self.link_elems: dict[int, Elem] = {}  # annotation's /StructParent key -> Link
        self.next_key = 0
        self._drawing: list[Elem | None] = []  # what is being drawn now (None: an artifact)

    # ---- building -----------------------------------------------------------

    def add(self, role: str, alt: str = "", scope: str = "") -> Elem:
        return self._open[-1].add(role, alt, scope)

    @contextmanager
    def group(self, role: str, alt: str = "") -> Iterator[Elem]:
        """An element holding whatever is added until the block ends."""
        elem = self.add(role, alt)
        self._open.append(elem)
        try:
            yield elem
        finally:
            self._open.pop()

    def chain(self, *roles: str) -> Elem:
        """New elements each inside the one before (LI, LBody): the innermost."""
        elem = self._open[-1]
        for role in roles:
            elem = elem.add(role)
        return elem

    def heading(self, wanted: int) -> Elem:
        """An H1…H6 no deeper than one below the heading before it (PDF/UA: no skips)."""
        level = max(1, min(wanted, self._heading + 1, 6))
        self._heading = level
        return self.add(f"H{level}")

    def key(self) -> int:
        """The next /StructParent(s) key of the parent tree."""
        self.next_key += 1
        return self.next_key - 1

    # ---- drawing --------------------------------------------------------------

    def begin(self, canv: Canvas, elem: Elem | None) -> None:
        """Open marked content for `elem` (an artifact when None) on the current page."""
        self._drawing.append(elem)
        if elem is None:
            canv.addLiteral("/Artifact BMC")
            return
        page = canv.getPageNumber()
        elems = self.page_elems.setdefault(page, [])
        elem.kids.append(content_ref(page, len(elems)))
        canv.addLiteral(f"/{elem.role} <</MCID {len(elems)}>> BDC")
        elems.append(elem)

    def end(self, canv: Canvas) -> None:
        self._drawing.pop()
        canv.addLiteral("EMC")

    def page_key(self, page: int) -> int:
        if page not in self.page_keys:
            self.page_keys[page] = self.key()
        return self.page_keys[page]

    def link_keys(self, url: str) -> tuple[int, str, Elem | None]:
        """For a link annotation about to be made: its /StructParent key, its /Contents
        (the link's words and address) and the Link element to own it (None when the
        link is drawn outside tagged content)."""
        drawing = self._drawing[-1] if self._drawing else None
        if drawing is None:
            return self.key(), url, None
        if drawing.parent is not None and drawing.parent.role == "Link":
            link = drawing.parent  # a QR code: its Link holds the Figure
        else:
            link = drawing.add("Link")
        words = " ".join(_link_words(drawing, url).split())
        contents = url if not words or words == url else f"{words} ({url})"
        key = self.key()
        self.link_elems[key] = link
        return key, contents, link

    def note_link(self, link: Elem | None, page: int, name: str) -> None:
        if link is not None:
            link.kids.append(Annotation(page, name))


def _link_words(elem: Elem, url: str) -> str:
    while elem is not None:
        if elem.links and url in elem.links:
            return elem.links[url]
        if elem.alt:
            return elem.alt
        elem = elem.parent  # type: ignore[assignment]
    return ""


def tagger_of(canv: Canvas) -> Tagger | None:
    """The canvas's tagger; None on a canvas that is not tagging (then nothing is marked)."""
    return getattr(canv, "bp_tagger", None)


@contextmanager
def marked(canv: Canvas, elem: Elem | None) -> Iterator[None]:
    """Whatever is drawn inside is `elem`'s content, or an artifact when elem is None."""
    tagger = tagger_of(canv)
    if tagger is None:
        yield
        return
    tagger.begin(canv, elem)
    try:
        yield
    finally:
        tagger.end(canv)


class TaggedDraw:
    """Mixin for a Flowable: what it draws is its `tag` element's content (an artifact
    when the tag is None)."""

    tag: Elem | None = None

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        # begin/end rather than `marked`: this runs for every paragraph drawn.
        tagger = getattr(canvas, "bp_tagger", None)
        if tagger is None:
            super().drawOn(canvas, x, y, _sW)  # type: ignore[misc]
            return
        tagger.begin(canvas, self.tag)
        super().drawOn(canvas, x, y, _sW)  # type: ignore[misc]
        tagger.end(canvas)
