"""Helpers every subcommand uses: opening the store, printing safely."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from newsdesk.store import visible_controls

if TYPE_CHECKING:
    from newsdesk.store import Store

    #: What ``parser.add_subparsers()`` returns: each command adds its parser to it.
    SubParsers = argparse._SubParsersAction[argparse.ArgumentParser]

__all__ = ["add_command", "open_store", "out", "out_styled", "print_json", "rich_output"]


def add_command(
    sub: SubParsers,
    db_parent: argparse.ArgumentParser | None,
    name: str,
    *,
    help: str,
    epilog: str,
    description: str | None = None,
) -> argparse.ArgumentParser:
    """Add subcommand ``name`` with its help, examples (``epilog``) and the ``--db`` option."""
    parser: argparse.ArgumentParser = sub.add_parser(
        name,
        help=help,
        description=description or help,
        epilog=epilog,
        parents=[db_parent] if db_parent is not None else [],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    return parser


def open_store(args: argparse.Namespace, *, seed: bool = True) -> Store:
    """Open the database named by ``--db`` (or the default), seeding an empty one."""
    from newsdesk.store import open_store

    target: Path | str | None = getattr(args, "db", None)
    store = open_store(target)
    if seed:
        store.ensure_seeded()
    return store


def out(text: str = "", *, file: TextIO | None = None) -> None:
    """Print ``text`` with control characters shown as symbols (article text is untrusted)."""
    print(visible_controls(text), file=file or sys.stdout)


def rich_output(file: TextIO | None = None) -> bool:
    """True when ``file`` (stdout) is a terminal that wants colour: not piped, no NO_COLOR."""
    import os

    stream = file or sys.stdout
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and not os.environ.get("NO_COLOR")


def out_styled(
    parts: list[tuple[str, str]], *, file: TextIO | None = None, fit: bool = False
) -> None:
    """Print ``(text, style)`` parts on one line: styled on a terminal, plain when piped.

    Text is never parsed as markup and control characters are shown as symbols.
    With ``fit``, a line longer than the terminal is cut to its width with "…"
    (a pipe gets the whole line).
    """
    if not rich_output(file):
        out("".join(text for text, _ in parts), file=file)
        return
    from rich.console import Console
    from rich.text import Text

    line = Text.assemble(*((visible_controls(text), style) for text, style in parts))
    console = Console(file=file or sys.stdout, highlight=False, markup=False, emoji=False)
    if fit:
        line.truncate(console.width, overflow="ellipsis")
    console.print(line, soft_wrap=True)


def print_json(obj: object) -> None:
    """Print ``obj`` as UTF-8 JSON (escapes in strings stay escaped, so nothing reaches the tty)."""
    import orjson

    sys.stdout.buffer.write(orjson.dumps(obj, option=orjson.OPT_INDENT_2) + b"\n")
    sys.stdout.flush()
