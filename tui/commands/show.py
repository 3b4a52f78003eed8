"""``newsdesk show ID``: one article, as text or JSON."""

from __future__ import annotations

import argparse
import textwrap
from typing import TYPE_CHECKING

from newsdesk.tui.commands.common import add_command, open_store, out, out_styled, print_json

if TYPE_CHECKING:
    from newsdesk.tui.commands.common import SubParsers

HELP = "show one article (any unique id prefix works)"
EPILOG = """\
examples:
  newsdesk show 003
  newsdesk show 001 --json
"""

_MARKS = {"title": "#", "caption": "▣", "credit": "—", "junk": "×"}


def register(sub: SubParsers, db_parent: argparse.ArgumentParser) -> None:
    p = add_command(sub, db_parent, "show", help=HELP, epilog=EPILOG)
    p.add_argument("id", metavar="ID", help="article id or unique prefix")
    p.add_argument("--json", action="store_true", help="print the article as JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    store = open_store(args)
    try:
        article = store.get(args.id)
    finally:
        store.close()
    if args.json:
        print_json(article.to_dict())
        return 0
    out_styled([(article.title, "bold")])
    meta = [
        article.id,
        f"{article.date or 'date unknown'} ({article.date_precision or '-'}, "
        f"from {article.date_source or '-'})",
        article.lang,
    ]
    if article.dateline:
        meta.append(article.dateline)
    if article.credits:
        meta.append(", ".join(article.credits))
    out_styled([(" · ".join(meta), "dim")])
    out()
    for p in article.paragraphs:
        # Six columns for every label ("¶12 # ", "¶3    "): wrapped lines line up
        # with the first one's text.
        prefix = f"¶{p.n:<3}{_MARKS.get(p.kind, ' ')} "
        indent = " " * max(6, len(prefix))
        out(textwrap.fill(p.text, width=88, initial_indent=prefix, subsequent_indent=indent))
        out()
    return 0
