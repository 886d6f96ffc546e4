"""No import cycle anywhere in src/: every import counts, function-local ones included.

A cycle hidden inside a function still ties two modules together (each needs the
other to work); Python merely stops complaining. This walks every module's syntax
tree, resolves each import to the modules of ``hrgraph`` it names, and looks for
strongly connected components of more than one module (or a module importing itself).
"""

from __future__ import annotations

import ast
from pathlib import Path

from helpers import ROOT

SRC = ROOT / "src"
PACKAGE = "hrgraph"


def module_name(path: Path, src: Path) -> str:
    parts = list(path.relative_to(src).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules(src: Path) -> dict[str, Path]:
    return {module_name(p, src): p for p in sorted((src / PACKAGE).rglob("*.py"))}


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The modules of ours that ``name`` imports, anywhere in its file."""
    is_package = path.name == "__init__.py"
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                package = name if is_package else name.rpartition(".")[0]
                for _ in range(node.level - 1):
                    package = package.rpartition(".")[0]
                origin = f"{package}.{node.module}" if node.module else package
            else:
                origin = node.module or ""
            # "from a.b import c": c is a module when a.b.c is one, else a name in a.b
            targets = [
                f"{origin}.{alias.name}" if f"{origin}.{alias.name}" in known else origin
                for alias in node.names
            ]
        else:
            continue
        for target in targets:
            while target and target not in known:  # "import a.b.c" of a name below
                target = target.rpartition(".")[0]
            if target and target.split(".")[0] == PACKAGE:
                found.add(target)
    return found


def graph(src: Path = SRC) -> dict[str, set[str]]:
    found = modules(src)
    known = set(found)
    return {name: imports_of(name, path, known) for name, path in found.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with a cycle (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    counter = 0

    def visit(v: str) -> None:
        nonlocal counter
        index[v] = low[v] = counter
        counter += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1 or v in edges.get(v, ()):
                out.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def test_the_walk_sees_local_and_relative_imports(tmp_path):
    pkg = tmp_path / PACKAGE / "sub"
    pkg.mkdir(parents=True)
    (pkg.parent / "__init__.py").write_text("")
    (pkg / "__init__.py").write_text("from . import a\n")
    (pkg / "a.py").write_text("def f():\n    from hrgraph.sub.b import g\n")
    (pkg / "b.py").write_text("from .a import f\n")
    edges = graph(tmp_path)
    assert edges["hrgraph.sub"] == {"hrgraph.sub.a"}
    assert edges["hrgraph.sub.a"] == {"hrgraph.sub.b"}
    assert edges["hrgraph.sub.b"] == {"hrgraph.sub.a"}
    assert cycles(edges) == [["hrgraph.sub.a", "hrgraph.sub.b"]]


def test_no_import_cycle_in_src():
    edges = graph()
    assert "hrgraph.web.app" in edges and edges["hrgraph.web.app"]
    found = cycles(edges)
    assert found == [], "import cycles: " + "; ".join(" <-> ".join(c) for c in found)
