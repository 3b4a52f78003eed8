"""``newsdesk list``: one line per article, or JSON."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from newsdesk.tui.commands.common import add_command, open_store, out_styled, print_json

if TYPE_CHECKING:
    from newsdesk.tui.commands.common import SubParsers

HELP = "list the articles in the database"
EPILOG = """\
examples:
  newsdesk list
  newsdesk list --json | jq '.[] | select(.lang == "fr") | .id'
"""


def register(sub: SubParsers, db_parent: argparse.ArgumentParser) -> None:
    p = add_command(sub, db_parent, "list", help=HELP, epilog=EPILOG)
    p.add_argument("--json", action="store_true", help="print a JSON array of articles")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    store = open_store(args)
    try:
        rows = store.summaries()
    finally:
        store.close()
    if args.json:
        print_json([row.to_dict() for row in rows])
        return 0
    for row in rows:
        out_styled(
            [
                (f"{row.id:<22} ", "bold"),
                (f"{row.date or '?':<10} ", "dim"),
                (f"{row.lang:<3} ", "cyan"),
                (f"{row.source or '-':<9} ", "magenta"),
                (row.title, "italic" if row.title_derived else ""),
            ],
            fit=True,
        )
    return 0
