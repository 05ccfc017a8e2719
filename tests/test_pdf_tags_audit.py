"""Our own walk of a tagged PDF (pikepdf): the structure tree against the page content.

`audit(pdf)` returns the problems found, one line each; [] for a well-tagged file. It checks
what PDF/UA-1 asks of briefpack's files beyond what the pdfua package looks at: every MCID
on every page reached from the tree exactly once, no painting outside marked content,
nothing tagged inside an artifact, headings that do not skip a level, Figures with /Alt,
Link annotations with /StructParent and /Contents held by a Link element's OBJR, and the
catalog and page entries.
"""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass, field

import pikepdf

# Operators that put marks on the page: text, paths, images and shadings.
PAINT = {"Tj", "TJ", "'", '"', "Do", "f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "sh"}


@dataclass
class Tree:
    """What the structure tree holds, in reading order."""

    roles: list[str] = field(default_factory=list)
    mcids: Counter = field(default_factory=Counter)  # (page index, mcid) -> times reached
    objrs: list[tuple[int, int]] = field(default_factory=list)  # annotation objgen
    figures_without_alt: int = 0
    problems: list[str] = field(default_factory=list)


def audit(pdf: bytes) -> list[str]:
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        problems = _catalog(doc)
        pages = {page.obj.objgen: i for i, page in enumerate(doc.pages)}
        tree = structure_tree(doc, pages)
        problems += tree.problems
        content = Counter()
        for i, page in enumerate(doc.pages):
            problems += _page_entries(page, i)
            found, trouble = page_mcids(page)
            problems += [f"page {i + 1}: {t}" for t in trouble]
            content.update((i, mcid) for mcid in found)
        problems += _mcids_match(content, tree.mcids)
        problems += _headings(tree.roles)
        if tree.figures_without_alt:
            problems.append(f"{tree.figures_without_alt} Figure(s) without /Alt")
        problems += _links(doc, tree, pages)
        problems += _parent_tree(doc, pages)
    return problems


def _catalog(doc: pikepdf.Pdf) -> list[str]:
    root, problems = doc.Root, []
    mark_info = root.get("/MarkInfo")
    if mark_info is None or not bool(mark_info.get("/Marked", False)):
        problems.append("catalog: /MarkInfo /Marked is not true")
    tree = root.get("/StructTreeRoot")
    if tree is None or "/ParentTree" not in tree or "/ParentTreeNextKey" not in tree:
        problems.append("catalog: no StructTreeRoot with ParentTree and ParentTreeNextKey")
    if str(root.get("/Lang", "")) != "en-GB":
        problems.append(f"catalog: /Lang is {root.get('/Lang')!r}")
    prefs = root.get("/ViewerPreferences")
    if prefs is None or not bool(prefs.get("/DisplayDocTitle", False)):
        problems.append("catalog: DisplayDocTitle is not true")
    if "/Metadata" not in root:
        problems.append("catalog: no XMP metadata")
    else:
        xmp = root.Metadata.read_bytes().decode("utf-8")
        for needed in ("<pdfuaid:part>1</pdfuaid:part>", "<dc:title>", "<dc:language>"):
            if needed not in xmp:
                problems.append(f"XMP lacks {needed}")
    return problems


def _page_entries(page: pikepdf.Page, index: int) -> list[str]:
    problems = []
    if page.obj.get("/Tabs") != pikepdf.Name.S:
        problems.append(f"page {index + 1}: /Tabs is not /S")
    if "/StructParents" not in page.obj:
        problems.append(f"page {index + 1}: no /StructParents")
    return problems


def page_mcids(page: pikepdf.Page) -> tuple[list[int], list[str]]:
    """The MCIDs a page's content marks, and painting found outside marked content."""
    stack: list[str] = []  # "mcid", "artifact" or "other" per open sequence
    found, problems = [], []
    for item in pikepdf.parse_content_stream(page):
        if isinstance(item, pikepdf.ContentStreamInlineImage):
            if not stack:
                problems.append("an inline image outside marked content")
            continue
        op = str(item.operator)
        if op in ("BDC", "BMC"):
            kind = _sequence_kind(op, item.operands)
            if kind == "mcid":
                if "mcid" in stack or "artifact" in stack:
                    problems.append("tagged content nested in tagged content or an artifact")
                found.append(int(item.operands[1].MCID))
            stack.append(kind)
        elif op == "EMC":
            if not stack:
                problems.append("EMC without an open sequence")
            else:
                stack.pop()
        elif op in PAINT and not stack:
            problems.append(f"{op} outside marked content")
    if stack:
        problems.append("marked content left open at the end of the page")
    return found, problems


def _sequence_kind(op: str, operands) -> str:
    if operands[0] == pikepdf.Name.Artifact:
        return "artifact"
    props = operands[1] if op == "BDC" else None
    if isinstance(props, pikepdf.Dictionary) and "/MCID" in props:
        return "mcid"
    return "other"


def structure_tree(doc: pikepdf.Pdf, pages: dict) -> Tree:
    tree = Tree()
    root = doc.Root.get("/StructTreeRoot")
    if root is not None:
        for kid in _kids(root):
            _walk(kid, None, pages, tree)
    return tree


def _kids(node) -> list:
    k = node.get("/K")
    if k is None:
        return []
    return list(k) if isinstance(k, pikepdf.Array) else [k]


def _walk(node, page, pages: dict, tree: Tree) -> None:
    if isinstance(node, int):  # an MCID on the element's page
        if page is None:
            tree.problems.append("an MCID in an element without /Pg")
        tree.mcids[(page, int(node))] += 1
        return
    kind = node.get("/Type")
    if kind == pikepdf.Name.MCR:
        tree.mcids[(pages[node.Pg.objgen], int(node.MCID))] += 1
        return
    if kind == pikepdf.Name.OBJR:
        tree.objrs.append(node.Obj.objgen)
        return
    role = str(node.S)[1:]
    tree.roles.append(role)
    if role == "Figure" and not str(node.get("/Alt", "")).strip():
        tree.figures_without_alt += 1
    own_page = pages[node.Pg.objgen] if "/Pg" in node else page
    for kid in _kids(node):
        _walk(kid, own_page, pages, tree)


def _mcids_match(content: Counter, tree: Counter) -> list[str]:
    problems = []
    for key in sorted(set(content) | set(tree)):
        if content[key] != 1:
            problems.append(f"page {key[0] + 1} MCID {key[1]} marked {content[key]} times")
        if tree[key] != 1:
            problems.append(f"page {key[0] + 1} MCID {key[1]} reached {tree[key]} times")
    return problems


def _headings(roles: list[str]) -> list[str]:
    levels = [int(r[1:]) for r in roles if len(r) == 2 and r[0] == "H" and r[1].isdigit()]
    problems, last = [], 0
    for level in levels:
        if level > last + 1:
            problems.append(f"heading level skips from H{last} to H{level}")
        last = level
    return problems


def _links(doc: pikepdf.Pdf, tree: Tree, pages: dict) -> list[str]:
    problems, held = [], Counter(tree.objrs)
    for i, page in enumerate(doc.pages):
        for annot in page.obj.get("/Annots", []):
            if annot.get("/Subtype") != pikepdf.Name.Link:
                continue
            if "/StructParent" not in annot or not str(annot.get("/Contents", "")).strip():
                problems.append(f"page {i + 1}: link without /StructParent or /Contents")
            if held[annot.objgen] != 1:
                problems.append(f"page {i + 1}: link held by {held[annot.objgen]} OBJRs")
    return problems


def _parent_tree(doc: pikepdf.Pdf, pages: dict) -> list[str]:
    """Each page's ParentTree entry names, for each MCID, the element that holds it."""
    if "/StructTreeRoot" not in doc.Root:
        return []  # reported with the catalog
    nums = list(doc.Root.StructTreeRoot.ParentTree.Nums)
    entries = dict(zip((int(k) for k in nums[::2]), nums[1::2], strict=True))
    problems = []
    for i, page in enumerate(doc.pages):
        parents = entries.get(int(page.obj.get("/StructParents", -1)))
        if parents is None:
            problems.append(f"page {i + 1}: no ParentTree entry")
            continue
        for mcid, elem in enumerate(parents):
            if not _holds(elem, mcid, page.obj.objgen):
                problems.append(f"page {i + 1}: ParentTree entry {mcid} does not hold it")
    return problems


def _holds(elem, mcid: int, page) -> bool:
    own = elem.Pg.objgen if "/Pg" in elem else None
    for kid in _kids(elem):
        if isinstance(kid, int) and int(kid) == mcid and own == page:
            return True
        is_mcr = isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == pikepdf.Name.MCR
        if is_mcr and int(kid.MCID) == mcid and kid.Pg.objgen == page:
            return True
    return False


# ---- the audit itself: it must see what is missing -------------------------------------


def test_audit_finds_an_untagged_file_wanting():
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out)
    canvas.drawString(72, 72, "untagged words")
    canvas.save()
    problems = audit(out.getvalue())
    assert any("MarkInfo" in p for p in problems)
    assert any("Tj outside marked content" in p for p in problems)
    assert any("/Tabs" in p for p in problems)


def test_audit_finds_unreached_and_skipped():
    assert _headings(["Document", "H1", "H3"]) == ["heading level skips from H1 to H3"]
    assert _mcids_match(Counter({(0, 0): 1, (0, 1): 1}), Counter({(0, 0): 1})) == [
        "page 1 MCID 1 reached 0 times"
    ]
