"""``newsdesk search QUERY``: fuzzy search over every sentence and quotation."""

from __future__ import annotations

import argparse
import os
import re
import sys
from typing import TYPE_CHECKING

from newsdesk.tui.commands.common import add_command, open_store, print_json

if TYPE_CHECKING:
    from newsdesk.store import Hit, Query
    from newsdesk.tui.commands.common import SubParsers

HELP = "search sentences and quotations (typo-tolerant, accent-insensitive)"
DESCRIPTION = """\
Search every sentence, quoted passage and photo caption (without its credit) of
every article. Case, accents and width never matter ("viet nam" finds "Việt
Nam"); plain words forgive typos and may come in any order. Exit status: 0 with
hits, 1 with none (a line on stderr says so), 2 for an empty or bad query.

query syntax (as in fzf):
  word          typo-tolerant word; all plain words are matched together
  'exact        this text exactly (still case- and accent-insensitive)
  'word'        this text as a whole word
  "a phrase"    these words next to each other, in this order
  ^prefix       the passage starts with this      suffix$   it ends with this
  !not          the passage does not contain this
  a | b         either term
  lang:fr  doc:003  kind:quote  date:2024  date:2024-10..2024-11   filters
                (kind: is sentence, quote, caption or fact)
"""
EPILOG = """\
examples:
  newsdesk search "nothing is dificult only fear of not being stedfast"
  newsdesk search "pham minh chinh" --lang en --limit 5
  newsdesk search "'digital !transformation date:2024-10..2024-11"
  newsdesk search "kind:quote viet nam" --json | jq '.[0].text'
"""


def register(sub: SubParsers, db_parent: argparse.ArgumentParser) -> None:
    p = add_command(sub, db_parent, "search", help=HELP, epilog=EPILOG, description=DESCRIPTION)
    p.add_argument("query", metavar="QUERY", help="what to find (see the syntax above)")
    p.add_argument("--lang", metavar="L", help="only articles in this language (en, fr, …)")
    p.add_argument(
        "--limit", metavar="N", type=_positive, default=20, help="show at most N hits (20)"
    )
    p.add_argument("--json", action="store_true", help="print the hits as a JSON array")
    p.set_defaults(func=run)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def run(args: argparse.Namespace) -> int:
    from newsdesk.store import QueryError, parse_query, search_store

    if args.lang is not None and not re.fullmatch(r"[A-Za-z]{2,3}", args.lang):
        raise QueryError(f"--lang takes a language code such as en or fr, not {args.lang!r}")
    parsed = parse_query(args.query)  # a bad query fails before the database is opened
    if parsed.is_empty():
        raise QueryError("the query is empty: give words to find (newsdesk search --help)")
    store = open_store(args)
    try:
        result = search_store(store, args.query, lang=args.lang, limit=args.limit)
        languages = set() if result.hits else {row.lang for row in store.summaries()}
    finally:
        store.close()
    if args.json:
        print_json([hit.to_dict() for hit in result.hits])
    else:
        _print_hits(result.hits)
        if sys.stdout.isatty() and result.hits:
            print(result.status(), file=sys.stderr)
    if not result.hits:
        # Exit 1 like grep, with a line on stderr (stdout stays empty for scripts).
        print(f"newsdesk: {_why_nothing(parsed, args.lang, languages)}", file=sys.stderr)
    return 0 if result.hits else 1


def _why_nothing(parsed: Query, lang: str | None, languages: set[str]) -> str:
    """One line on an empty answer; it names a language no article is in."""
    asked = [*parsed.filters.langs, *([lang.lower()] if lang else [])]
    unknown = [code for code in asked if code not in languages]
    if unknown:
        have = ", ".join(sorted(languages)) or "none"
        return f"no hits: no article is in {', '.join(unknown)} (languages here: {have})"
    return "no hits"


def _print_hits(hits: list[Hit]) -> None:
    from newsdesk.store import visible_controls

    bold = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    on, off = ("\x1b[1;4m", "\x1b[0m") if bold else ("", "")
    lines: list[str] = []
    for hit in hits:
        lines.append(
            f"{hit.doc}  ¶{hit.para}  {hit.score:5.1f}  {hit.kind:<8}  "
            f"{hit.date or '?'}  {hit.lang}"
        )
        parts: list[str] = []
        pos = 0
        for start, end in hit.spans:
            parts.append(visible_controls(hit.text[pos:start]))
            parts.append(on + visible_controls(hit.text[start:end]) + off)
            pos = end
        parts.append(visible_controls(hit.text[pos:]))
        lines.append("    " + "".join(parts).replace("\n", " "))
    if lines:
        sys.stdout.write("\n".join(lines) + "\n")
        sys.stdout.flush()
