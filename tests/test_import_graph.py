"""The packages import one way: index ← service ← eval, bench (no cycle), and the searcher
reads an index folder without loading the code that builds one.

The graph is read from the source (module-level imports only: an import inside a function
runs when that function is called, which is how the CLI reaches eval and bench).
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("index", "service", "eval", "bench")
# The searcher's modules and what they may not load.
SEARCHER = ("index.search",)
BUILDER = ("index.ingest", "index.structure", "index.build", "index.targets.extract")


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, Path]:
    return {
        _module_name(path): path for package in PACKAGES for path in (ROOT / package).rglob("*.py")
    }


def _top_level_imports(tree: ast.Module) -> list[str]:
    """Names imported by statements that run on import (not inside functions or classes'
    methods, not under `if TYPE_CHECKING`)."""
    names: list[str] = []
    pending: list[ast.stmt] = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names += [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
        elif isinstance(node, ast.If):
            if not (isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"):
                pending += node.body + node.orelse
        elif isinstance(node, ast.Try):
            pending += node.body + node.orelse + node.finalbody
            pending += [stmt for handler in node.handlers for stmt in handler.body]
        elif isinstance(node, ast.ClassDef):
            pending += [stmt for stmt in node.body if not isinstance(stmt, ast.FunctionDef)]
    return names


@cache
def imports_of(module: str) -> frozenset[str]:
    """The project modules `module` imports when it is imported (a package's __init__
    included: importing index.storage.local runs index/storage/__init__.py first)."""
    known = modules()
    tree = ast.parse(known[module].read_text("utf-8"))
    # Its own packages are already being imported when a module runs: no edge back to them.
    own = {".".join(module.split(".")[:end]) for end in range(1, module.count(".") + 2)}
    found: set[str] = set()
    for name in _top_level_imports(tree):
        parts = name.split(".")
        for end in range(1, len(parts) + 1):
            candidate = ".".join(parts[:end])
            if candidate in known and candidate not in own:
                found.add(candidate)
    return frozenset(found)


def loaded_by(module: str) -> set[str]:
    seen: set[str] = set()
    pending = [module]
    while pending:
        for imported in imports_of(pending.pop()):
            if imported not in seen:
                seen.add(imported)
                pending.append(imported)
    return seen


def package_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {package: set() for package in PACKAGES}
    for module in modules():
        source = module.split(".")[0]
        graph[source] |= {m.split(".")[0] for m in imports_of(module)} - {source}
    return graph


def cycle_in(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph as its nodes in order (first repeated last), or None."""
    state: dict[str, int] = {}  # 1 on the current path, 2 finished
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (found := visit(target)):
                return found
        state[node] = 2
        path.pop()
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_the_packages_import_each_other_without_a_cycle():
    graph = package_graph()
    assert cycle_in(graph) is None, " → ".join(cycle_in(graph) or ())
    assert graph["index"] == set(), "index is the core: it imports no other package"
    assert not graph["service"] & {"eval", "bench"}, "the service may not import eval or bench"


def test_no_module_of_a_package_imports_itself_round_a_cycle():
    graph = {module: set(imports_of(module)) for module in modules()}
    assert cycle_in(graph) is None, " → ".join(cycle_in(graph) or ())


@pytest.mark.parametrize("searcher", SEARCHER)
def test_the_searcher_loads_nothing_of_the_builder(searcher):
    loaded = loaded_by(searcher)
    assert searcher in modules()
    assert sorted(m for m in loaded if m.startswith(BUILDER)) == []


def test_the_cycle_finder_finds_a_cycle_and_passes_a_one_way_graph():
    assert cycle_in({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert cycle_in({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


def test_the_embedders_embed_and_the_builder_decides_what_to_reuse():
    embedders = [m for m in modules() if m.startswith("index.embedders")]
    reading_builds = {"index.store", "index.manifest", "index.reuse", "index.build"}
    assert {m: sorted(imports_of(m) & reading_builds) for m in embedders} == {
        m: [] for m in embedders
    }
    assert "index.query" not in loaded_by("index.build"), "query parsing is for query time"
