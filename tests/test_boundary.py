"""The typed boundary: ``tui`` uses only ``store``'s public API, and that API is typed."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

from import_scan import imported_names

from newsdesk import store

ROOT = Path(__file__).resolve().parent.parent


def _dynamic_import(node: ast.AST) -> list[str]:
    """The module an ``import_module("…")`` call names."""
    if (
        isinstance(node, ast.Call)
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
        and ast.unparse(node.func) in ("importlib.import_module", "import_module", "__import__")
    ):
        return [node.args[0].value]
    return []


def _store_submodule_imports(source: str, where: str) -> list[str]:
    """Every ``newsdesk.store.<submodule>`` ``source`` imports (statements, import_module calls)."""
    return [
        f"{where}:{line} {name}"
        for line, name in imported_names(source, where, _dynamic_import)
        if name.startswith("newsdesk.store.")
    ]


def test_the_check_sees_a_submodule_import() -> None:
    code = (
        "import newsdesk.store.db\nfrom newsdesk.store.text import fold\n"
        "importlib.import_module('newsdesk.store.facts')\n"
        "from newsdesk.store import Store\nimport newsdesk.store\nimport newsdesk.storage.x\n"
    )
    found = _store_submodule_imports(code, "sample.py")
    assert found == [
        "sample.py:1 newsdesk.store.db",
        "sample.py:2 newsdesk.store.text",
        "sample.py:3 newsdesk.store.facts",
    ]


def test_tui_imports_only_the_public_api_of_store() -> None:
    bad = [
        line
        for path in sorted((ROOT / "tui").rglob("*.py"))
        for line in _store_submodule_imports(
            path.read_text(encoding="utf-8"), str(path.relative_to(ROOT))
        )
    ]
    assert not bad, (
        "import these from `newsdesk.store` (add them to store/__init__.py):\n" + "\n".join(bad)
    )


def test_every_public_name_loads_and_is_typed() -> None:
    """Each name in ``_EXPORTS`` loads, and is imported for type checkers under the same name."""
    tree = ast.parse((ROOT / "store" / "__init__.py").read_text(encoding="utf-8"))
    typed: dict[str, tuple[str, str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            private: dict[str, tuple[str, str]] = {}
            for stmt in node.body:
                if isinstance(stmt, ast.Assign):  # a renamed export: `public = _private`
                    assert isinstance(stmt.value, ast.Name)
                    (target,) = stmt.targets
                    assert isinstance(target, ast.Name)
                    typed[target.id] = private.pop(stmt.value.id)
                    continue
                assert isinstance(stmt, ast.ImportFrom) and stmt.module
                for alias in stmt.names:
                    # `a as a`: mypy --strict sees the name as exported only so.
                    assert alias.asname, f"write `{alias.name} as {alias.name}`"
                    names = private if alias.asname.startswith("_") else typed
                    names[alias.asname] = (stmt.module, alias.name)
            assert not private, f"imported, never exported: {sorted(private)}"
    exports = store._EXPORTS
    assert typed == exports
    for name, (module, attr) in exports.items():
        assert getattr(store, name) is getattr(importlib.import_module(module), attr)
