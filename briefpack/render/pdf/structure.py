"""Writes the structure tree (tagging.py) into the PDF.

At save time: object numbers for the tree reserved in reportlab's document, and in the
catalog the StructTreeRoot, /MarkInfo and an XMP packet declaring PDF/UA-1. The tree's
objects (one StructElem per element, the ParentTree mapping page keys to the element of
each MCID and annotation keys to their Link, the StructTreeRoot) are formatted only as
serialize.py packs them into object streams. Pages get /StructParents and /Tabs /S as the
canvas finishes each. Every number follows reading or drawing order, so invariant output
stays byte-identical.
"""

from __future__ import annotations

from collections.abc import Iterator
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfdoc import (
    PDFDictionary,
    PDFName,
    PDFObjectReference,
    PDFPage,
    PDFStream,
    PDFString,
)

from briefpack.document.nodes import Furniture
from briefpack.render.pdf.serialize import reserve
from briefpack.render.pdf.tagging import Elem, Tagger, ref_mcid, ref_page

_PAGE_KEYS = [*PDFPage.__NoDefault__, "StructParents", "Tabs"]


def tag_page(page: PDFPage, key: int) -> None:
    """The page's /StructParents key, and tab order following the structure."""
    page.__NoDefault__ = _PAGE_KEYS  # the instance's: reportlab writes only listed keys
    page.StructParents = key
    page.Tabs = PDFName("S")


def write_structure(doc, tagger: Tagger, furniture: Furniture) -> Iterator[tuple[int, bytes]]:
    """Number the tree's objects in a block reserved in reportlab's document `doc`, point
    the catalog at the tree, and return the tree's objects (number, formatted) for
    serialize.pdf_file to pack: they are formatted only as they are written."""
    elems = _in_reading_order(tagger.root)
    for number, elem in enumerate(elems, reserve(doc, len(elems) + 2)):
        elem.num = number
    parent_tree, root = elems[-1].num + 1, elems[-1].num + 2
    doc.idToObjectNumberAndVersion[_ROOT] = (root, 0)  # so the catalog can refer to it
    catalog = doc.Catalog
    catalog.StructTreeRoot = PDFObjectReference(_ROOT)
    catalog.MarkInfo = PDFDictionary({"Marked": "true"})
    catalog.Metadata = _xmp(furniture)
    return _packed(doc, tagger, elems, parent_tree, root)


_ROOT = "bpStructTreeRoot"


def _packed(
    doc, tagger: Tagger, elems: list[Elem], parent_tree: int, root: int
) -> Iterator[tuple[int, bytes]]:
    numbers = doc.idToObjectNumberAndVersion
    pages = {page: numbers[_page(page)][0] for page in range(1, doc.pageCounter)}
    for elem in elems:
        parent = elem.parent.num if elem.parent is not None else root
        yield elem.num, _struct_elem(doc, elem, parent, pages)
    yield parent_tree, _parent_tree(tagger)
    yield (
        root,
        (
            b"<< /Type /StructTreeRoot /K %d 0 R /ParentTree %d 0 R /ParentTreeNextKey %d >>"
            % (tagger.root.num, parent_tree, tagger.next_key)
        ),
    )


def _has_content(elem: Elem, memo: dict[Elem, bool]) -> bool:
    if elem not in memo:
        memo[elem] = bool(elem.actual) or any(
            not isinstance(kid, Elem) or _has_content(kid, memo) for kid in elem.kids
        )
    return memo[elem]


def _in_reading_order(root: Elem) -> list[Elem]:
    """Every element with content under it, in reading order (empty ones, made for
    flowables that drew nothing, are left out of the file); their kids lists are
    trimmed to match, so nothing later refers to an element left out."""
    memo: dict[Elem, bool] = {}
    order: list[Elem] = []
    stack = [root]
    while stack:
        elem = stack.pop()
        order.append(elem)
        elem.kids = [k for k in elem.kids if not isinstance(k, Elem) or _has_content(k, memo)]
        stack.extend(reversed([k for k in elem.kids if isinstance(k, Elem)]))
    return order


def _struct_elem(doc, elem: Elem, parent: int, pages: dict[int, int]) -> bytes:
    """One StructElem dictionary, formatted straight to bytes: thousands of them go
    through reportlab's generic formatting otherwise, a fifth of the render's time."""
    marked = [ref_page(k) for k in elem.kids if isinstance(k, int)]
    home = marked[0] if marked else None
    kids = []
    for kid in elem.kids:
        if isinstance(kid, Elem):
            kids.append(f"{kid.num} 0 R")
        elif isinstance(kid, int):
            page, mcid = ref_page(kid), ref_mcid(kid)
            kids.append(
                str(mcid)
                if page == home
                else f"<< /Type /MCR /Pg {pages[page]} 0 R /MCID {mcid} >>"
            )
        else:  # an annotation: an object reference (OBJR)
            annot = doc.idToObjectNumberAndVersion["Annot." + kid.name][0]
            kids.append(f"<< /Type /OBJR /Obj {annot} 0 R /Pg {pages[kid.page]} 0 R >>")
    k = kids[0] if len(kids) == 1 else f"[ {' '.join(kids)} ]"
    out = f"<< /S {PDFName(elem.role)} /P {parent} 0 R /K {k}"
    if home is not None:
        out += f" /Pg {pages[home]} 0 R"
    if elem.scope:
        out += f" /A << /O /Table /Scope {PDFName(elem.scope)} >>"
    elif elem.col_span > 1:
        out += f" /A << /O /Table /ColSpan {elem.col_span} >>"
    data = out.encode("ascii")
    if elem.alt:
        data += b" /Alt " + PDFString(elem.alt).format(doc)
    if elem.actual:
        data += b" /ActualText " + PDFString(elem.actual).format(doc)
    return data + b" >>"


def _parent_tree(tagger: Tagger) -> bytes:
    """The number tree: each page's key -> the element of each MCID on it; each link
    annotation's key -> its Link element."""
    entries: dict[int, str] = {}
    for page, key in tagger.page_keys.items():
        elems = tagger.page_elems.get(page, [])
        entries[key] = f"[ {' '.join(f'{e.num} 0 R' for e in elems)} ]"
    for key, link in tagger.link_elems.items():
        if link.num:
            entries[key] = f"{link.num} 0 R"
    nums = "\n".join(f"{key} {entries[key]}" for key in sorted(entries))
    return f"<< /Nums [\n{nums}\n] >>".encode("ascii")


def _page(page: int) -> str:
    return f"Page{page}"  # reportlab's name for page n (1-based)


# briefpack's own XMP properties (bp:libraryRevision); the .invalid host can never resolve,
# as with the email's Content-IDs, so the name is ours alone.
BRIEFPACK_XMP_NS = "http://briefpack.invalid/ns/xmp/1.0/"


def _xmp(furniture: Furniture) -> PDFStream:
    """The XMP packet: title, language, author, subject, the marking, pdfuaid:part 1, and
    the force library revision the export was made with."""
    lang = escape(furniture.language or "en-GB")
    fields = [
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(furniture.title)}</rdf:li>'
        "</rdf:Alt></dc:title>",
        f"<dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>",
    ]
    if furniture.author:
        fields.append(
            f"<dc:creator><rdf:Seq><rdf:li>{escape(furniture.author)}</rdf:li></rdf:Seq>"
            "</dc:creator>"
        )
    if furniture.subject:
        fields.append(
            f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">'
            f"{escape(furniture.subject)}</rdf:li></rdf:Alt></dc:description>"
        )
    if furniture.marking:  # the protective marking, for whoever reads the metadata
        fields.append(
            f'<dc:rights><rdf:Alt><rdf:li xml:lang="x-default">{escape(furniture.marking)}'
            "</rdf:li></rdf:Alt></dc:rights>"
        )
    packet = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:pdf="http://ns.adobe.com/pdf/1.3/"'
        ' xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"'
        f' xmlns:bp="{BRIEFPACK_XMP_NS}">\n'
        + "\n".join(fields)
        + "\n<pdf:Producer>briefpack (ReportLab)</pdf:Producer>"
        "\n<pdfuaid:part>1</pdfuaid:part>"
        f"\n<bp:libraryRevision>{escape(furniture.library_revision)}</bp:libraryRevision>\n"
        "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n"
        '<?xpacket end="w"?>'
    )
    dictionary = PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")})
    return PDFStream(dictionary, packet.encode("utf-8"))
