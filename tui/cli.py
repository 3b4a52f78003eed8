"""The ``newsdesk`` command line: opens the app, or runs a subcommand."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

__all__ = ["build_parser", "main"]

#: Subcommand modules in ``tui.commands``, in the order ``--help`` lists them.
COMMANDS = (
    "ingest",
    "list",
    "show",
    "search",
    "compare",
    "facts",
    "people",
    "export",
    "copy",
    "doctor",
    "serve",
)

DESCRIPTION = """\
Explore a corpus of news articles and their translations.

With no command, opens the app on the database (the bundled corpus on first start).
"""

EPILOG = """\
examples:
  newsdesk                         open the app
  newsdesk ingest ~/archive        add every *.txt below ~/archive
  newsdesk list --json             every article as JSON
  newsdesk show 003                one article (any unique id prefix works)
  newsdesk --db postgresql://anna@db.example/news   the archive on a PostgreSQL server

database: --db PATH or postgresql://URL, else $NEWSDESK_DB, else the user data directory.
Run `newsdesk COMMAND --help` for a command's options and examples.
"""


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("newsdesk")
    except PackageNotFoundError:  # pragma: no cover - source checkout
        return "0+unknown"


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser, with every available subcommand."""
    from newsdesk.store import db_target

    db_parent = argparse.ArgumentParser(add_help=False)
    db_parent.add_argument(
        "--db",
        type=db_target,
        default=argparse.SUPPRESS,
        metavar="PATH|URL",
        help=(
            "database file, or a PostgreSQL server as postgresql://user@host/db "
            "(default: $NEWSDESK_DB or the user data directory)"
        ),
    )
    parser = argparse.ArgumentParser(
        prog="newsdesk",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[db_parent],
    )
    parser.add_argument("--version", action="version", version=f"newsdesk {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"newsdesk.tui.commands.{name}").register(sub, db_parent)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``newsdesk`` console script; returns the exit status."""
    from newsdesk.store import NewsdeskError

    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "db"):
        args.db = None
    try:
        if args.command is None:
            from newsdesk.tui.app import run_app

            return run_app(args.db)
        status: int = args.func(args)
        return status
    except NewsdeskError as exc:
        print(f"newsdesk: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("newsdesk: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `newsdesk list | head`: the reader went away; that is not an error.
        sys.stderr.close()
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
