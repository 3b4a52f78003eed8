"""Helpers every subcommand uses: opening the store, printing safely."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from store.text import visible_controls

__all__ = ["open_store", "out", "print_json"]


def open_store(args: argparse.Namespace, *, seed: bool = True) -> Any:
    """Open the database named by ``--db`` (or the default), seeding an empty one."""
    from store import Store

    db_path: Path | None = getattr(args, "db", None)
    store = Store.open(db_path)
    if seed:
        store.ensure_seeded()
    return store


def out(text: str = "", *, file: Any = None) -> None:
    """Print ``text`` with control characters shown as symbols (article text is untrusted)."""
    print(visible_controls(text), file=file or sys.stdout)


def print_json(obj: Any) -> None:
    """Print ``obj`` as UTF-8 JSON (escapes in strings stay escaped, so nothing reaches the tty)."""
    import orjson

    sys.stdout.buffer.write(orjson.dumps(obj, option=orjson.OPT_INDENT_2) + b"\n")
    sys.stdout.flush()
