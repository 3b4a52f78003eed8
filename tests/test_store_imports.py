"""The import graph of ``store/``: no cycles, and the database opens without the heavy parts.

An edge is any ``import`` a module of ``store/`` runs: at module level and
inside functions (a deferred import is still a dependency, deferred only to keep
the app's start fast); imports under ``if TYPE_CHECKING:`` are not (they never
run). Importing ``newsdesk.store.a.b`` also runs ``store/a/__init__.py``, so it counts
as an edge to ``newsdesk.store.a`` too. The names ``store/__init__.py`` loads lazily through
``importlib`` are its public API, not edges: that package imports nothing else.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STORE = ROOT / "store"

#: Edges of a cycle left for the owners of that code to break, each with why.
#: Every entry must still exist: remove it once the cycle is gone.
KNOWN_CYCLE_EDGES: set[tuple[str, str]] = set()


def _modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for path in STORE.rglob("*.py"):
        parts = ["newsdesk", *path.relative_to(ROOT).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imported_names(module: str, path: Path) -> set[str]:
    """Every module name ``module`` imports at run time (module level and in functions)."""
    names: set[str] = set()
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - (node.level - 1)]
                base = ".".join([*parts, *([base] if base else [])])
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return names


def import_graph() -> dict[str, set[str]]:
    """store module → the store modules importing it runs (see the module docstring)."""
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        edges: set[str] = set()
        for name in _imported_names(module, path):
            parts = name.split(".")
            for end in range(1, len(parts) + 1):
                target = ".".join(parts[:end])
                own_package = module == target or module.startswith(target + ".")
                if target in modules and not own_package:
                    edges.add(target)
        graph[module] = edges
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph.get(node, ())):
            if other not in index:
                connect(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component: list[str] = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return found


def test_the_graph_sees_deferred_imports() -> None:
    graph = import_graph()
    # db imports ingest inside Store.ingest, and derived the storages inside its stages.
    assert "newsdesk.store.ingest" in graph["newsdesk.store.db"]
    assert "newsdesk.store.facts.storage" in graph["newsdesk.store.derived"]
    assert "newsdesk.store.facts" in graph["newsdesk.store.derived"]  # its __init__ runs too
    # A TYPE_CHECKING import is not an edge.
    assert "newsdesk.store.db" not in graph["newsdesk.store.facts.storage"]


def test_store_has_no_import_cycle() -> None:
    graph = import_graph()
    for source, target in KNOWN_CYCLE_EDGES:
        assert target in graph[source], f"{source} → {target} is gone: drop it from the list"
        graph[source].discard(target)
    assert cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]


def test_opening_a_database_loads_none_of_the_derived_data_code() -> None:
    """The stages' imports stay deferred: opening a store loads no rules, index or numpy."""
    code = (
        "import sys, newsdesk.store.db, newsdesk.store.derived, newsdesk.store.doctor\n"
        "heavy = ('numpy', 'newsdesk.store.ingest', 'newsdesk.store.parse',\n"
        "         'newsdesk.store.facts', 'newsdesk.store.search', 'newsdesk.store.align')\n"
        "print(','.join(m for m in heavy if m in sys.modules))\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert result.stdout.strip() == ""
