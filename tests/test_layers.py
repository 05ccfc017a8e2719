"""The layer contracts (pyproject.toml) hold, plain layers do not pull in Qt, and no module of
briefpack imports itself through others (an import cycle)."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_linter_contracts_hold():
    lint = Path(sys.executable).with_name("lint-imports")
    out = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "broken" not in out.stdout.split("Contracts:")[-1].lower().replace("0 broken", "")


def test_rendering_does_not_import_qt_or_docx_for_pdf():
    code = (
        "import sys, briefpack.render.pdf, briefpack.document.compose;"
        "bad = [m for m in ('PySide6', 'docx') if m in sys.modules]; print(bad)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# ---- no import cycles ---------------------------------------------------------------------

# Import cycles known and being worked on elsewhere, as pairs of modules that import each
# other (either way round). Each entry must still be a cycle: a fixed one fails
# test_known_cycles_are_still_there until it is taken off this list.
KNOWN_CYCLES: frozenset[frozenset[str]] = frozenset()


def _module_name(root: Path, file: Path) -> str:
    parts = list(file.relative_to(root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(test: ast.expr) -> bool:
    """`if TYPE_CHECKING:` or `if typing.TYPE_CHECKING:`."""
    if isinstance(test, ast.Name):
        return test.id == "TYPE_CHECKING"
    return isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"


def _imports(tree: ast.AST, module: str, is_package: bool) -> Iterator[tuple[str, list[str]]]:
    """(module imported from, names) for every import that runs, at any depth (an import in
    a function closes a cycle as surely as one at the top, only later); the body of an
    `if TYPE_CHECKING:` never runs, so its imports are left out (its `else:` is not)."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                yield from _imports(child, module, is_package)
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, []
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.split(".")
                package = package if is_package else package[:-1]
                package = package[: len(package) - (node.level - 1)]
                base = ".".join([*package, *([base] if base else [])])
            yield base, [alias.name for alias in node.names]
        yield from _imports(node, module, is_package)


def import_graph(root: Path) -> dict[str, set[str]]:
    """Module -> the modules of the package at `root` it imports (ast only: nothing is run).
    `from a import b` counts as importing a.b when that is a module, else a."""
    files = {_module_name(root, f): f for f in sorted(root.rglob("*.py"))}
    graph: dict[str, set[str]] = {name: set() for name in files}
    for name, file in files.items():
        tree = ast.parse(file.read_text(encoding="utf-8"), str(file))
        for base, names in _imports(tree, name, file.name == "__init__.py"):
            targets = [f"{base}.{n}" for n in names if f"{base}.{n}" in files]
            if len(targets) < len(names) or not names:
                targets.append(base)
            graph[name].update(t for t in targets if t in files and t != name)
    return graph


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm), each
    sorted; every module of a group imports, directly or not, every other."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(groups)


def _without_known(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    return {
        name: {t for t in targets if frozenset((name, t)) not in KNOWN_CYCLES}
        for name, targets in graph.items()
    }


def _cycle_text(graph: dict[str, set[str]], group: list[str]) -> str:
    edges = [f"  {a} -> {b}" for a in group for b in sorted(graph[a]) if b in group]
    return "\n".join([", ".join(group), *edges])


def test_no_import_cycles_in_briefpack():
    graph = _without_known(import_graph(ROOT / "briefpack"))
    cycles = import_cycles(graph)
    assert not cycles, "import cycles:\n" + "\n".join(_cycle_text(graph, g) for g in cycles)


def test_known_cycles_are_still_there():
    graph = import_graph(ROOT / "briefpack")
    fixed = [
        sorted(pair)
        for pair in KNOWN_CYCLES
        if not any(len(pair & set(group)) == 2 for group in import_cycles(graph))
    ]
    assert not fixed, f"no longer a cycle, take off KNOWN_CYCLES: {fixed}"


def test_the_cycle_check_finds_a_cycle_and_skips_type_checking(tmp_path):
    """The check itself: a cycle through a function's import is found; one closed only
    under `if TYPE_CHECKING:` is not; relative imports and `from pkg import module` count."""
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    files = {
        "__init__.py": "",
        "a.py": "from pkg import b\n",
        "b.py": "def f():\n    from .sub.c import x\n",
        "sub/__init__.py": "",
        "sub/c.py": "import pkg.a\n",
        "d.py": "from typing import TYPE_CHECKING\nfrom pkg.e import y\n",
        "e.py": "import typing\nif typing.TYPE_CHECKING:\n    from pkg import d\n"
        "else:\n    import os\n",
    }
    for name, text in files.items():
        (pkg / name).write_text(text, encoding="utf-8")
    graph = import_graph(pkg)
    assert graph["pkg.b"] == {"pkg.sub.c"} and graph["pkg.e"] == set()
    assert import_cycles(graph) == [["pkg.a", "pkg.b", "pkg.sub.c"]]


# ---- every module in a layer ----------------------------------------------------------------


def _contracts() -> list[dict]:
    import tomllib

    with (ROOT / "pyproject.toml").open("rb") as file:
        return tomllib.load(file)["tool"]["importlinter"]["contracts"]


def _layer_modules() -> list[str]:
    """Every module named as a layer (or one of its siblings) by the layers contract."""
    import re

    (contract,) = [c for c in _contracts() if c["type"] == "layers"]
    containers = contract.get("containers", [""])
    names = [n.strip() for layer in contract["layers"] for n in re.split(r"[:|]", layer)]
    return [f"{c}.{n}" if c else n for c in containers for n in names]


def _covered(module: str, by: list[str]) -> bool:
    return any(module == top or module.startswith(f"{top}.") for top in by)


def test_every_module_of_briefpack_is_in_a_layer():
    """A module outside every layer is checked by no layers contract: a new top-level
    module or package must be placed in pyproject.toml's layers. (The root package itself
    holds the layers and only the version; it imports nothing of briefpack.)"""
    package = ROOT / "briefpack"
    layers = _layer_modules()
    modules = [_module_name(package, f) for f in sorted(package.rglob("*.py"))]
    unlayered = [m for m in modules if m != "briefpack" and not _covered(m, layers)]
    assert not unlayered, f"not in any layer of the contract (pyproject.toml): {unlayered}"
    assert import_graph(package)["briefpack"] == set()


WRITER_PACKAGES = ("pdf", "docx", "html", "email", "raster")


def test_every_writer_module_is_in_the_writers_contracts():
    """The contracts that keep the writers apart list their modules; one added beside them
    (render/pdf_x.py, or render/html/x.py) must be too."""
    import re

    package = ROOT / "briefpack"
    sources = {
        family: [
            m
            for c in _contracts()
            if c["type"] == "forbidden"
            for m in c["source_modules"]
            if re.fullmatch(rf"briefpack\.render\.{family}(_\w+)?(\..+)?", m)
        ]
        for family in WRITER_PACKAGES
    }
    for file in sorted((package / "render").rglob("*.py")):
        module = _module_name(package, file)
        found = re.fullmatch(
            rf"briefpack\.render\.({'|'.join(WRITER_PACKAGES)})(_\w+)?(\..+)?", module
        )
        if found:
            assert _covered(module, sources[found[1]]), f"{module}: add it to the contracts"
