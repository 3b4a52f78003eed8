"""Reading the imports out of Python source, for the tests that enforce import rules."""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator


def imported_names(
    source: str, where: str, extra: Callable[[ast.AST], list[str]] | None = None
) -> Iterator[tuple[int, str]]:
    """``(line, module)`` for every absolute import statement in ``source``.

    ``extra`` may name more modules a node refers to (a dynamic import, a string).
    """
    for node in ast.walk(ast.parse(source, filename=where)):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif extra is not None:
            names = extra(node)
        line = getattr(node, "lineno", 0)
        yield from ((line, name) for name in names)
