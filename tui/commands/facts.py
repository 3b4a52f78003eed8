"""``newsdesk facts``: the facts stated in the articles, and where sources disagree."""

from __future__ import annotations

import argparse
import csv
import sys
from typing import TYPE_CHECKING

from newsdesk.tui.commands.common import add_command, open_store, out, print_json

if TYPE_CHECKING:
    from newsdesk.store import Fact, Group, Ledger
    from newsdesk.tui.commands.common import SubParsers

HELP = "list facts (rankings, money, people, quotes …) or the conflicts between sources"
DESCRIPTION = """\
List the facts stated in the articles — rankings, money, percentages, counts,
dates, people, organizations and quotes — each with its article, paragraph and
the exact words it comes from.

With --conflicts, list what the sources disagree on instead: facts about the
same thing with different values (the same indicator and year ranked
differently, say), then, for each translation pair, the facts one version
states and the other does not or states differently.
"""
EPILOG = """\
examples:
  newsdesk facts                               every fact of every article
  newsdesk facts --doc 002 --kind ranking      the rankings in article 002…
  newsdesk facts --kind person,quote --json    people and quotes as JSON
  newsdesk facts --conflicts                   where the sources disagree
  newsdesk facts --csv > facts.csv

kinds: ranking money percent count date person organization quote
marks: ✗ sources disagree   ≠ a translation differs or leaves a fact out
"""

CONFLICT = "✗"
DISCREPANCY = "≠"
CSV_COLUMNS = ["id", "kind", "doc", "para", "start", "end", "value", "text", "fields"]


def _kinds(value: str) -> list[str]:
    from newsdesk.store import KINDS

    kinds = [k.strip().lower() for k in value.split(",") if k.strip()]
    bad = [k for k in kinds if k not in KINDS]
    if bad or not kinds:
        raise argparse.ArgumentTypeError(
            f"unknown kind {', '.join(bad) or value!r} (choose from {', '.join(KINDS)})"
        )
    return kinds


def register(sub: SubParsers, db_parent: argparse.ArgumentParser) -> None:
    p = add_command(sub, db_parent, "facts", help=HELP, epilog=EPILOG, description=DESCRIPTION)
    p.add_argument("--doc", metavar="ID", help="only this article (id or unique prefix)")
    p.add_argument("--kind", metavar="K", type=_kinds, help="only these kinds (comma-separated)")
    p.add_argument(
        "--conflicts", action="store_true", help="list disagreements between sources instead"
    )
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="print JSON")
    fmt.add_argument("--csv", action="store_true", help="print CSV")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from newsdesk.store import build_ledger, load_facts

    store = open_store(args)
    try:
        doc = store.resolve(args.doc) if args.doc else None
        facts = load_facts(store)
        pairs = {s.id: s.pair for s in store.summaries() if s.pair}
    finally:
        store.close()
    kinds = set(args.kind or [])
    if args.conflicts:
        ledger = build_ledger(facts, pairs)
        return _conflicts(args, ledger, doc, kinds)
    shown = [f for f in facts if (doc is None or f.doc == doc) and (not kinds or f.kind in kinds)]
    if args.json:
        print_json([f.to_dict() for f in shown])
    elif args.csv:
        _csv(shown)
    else:
        _text(shown)
    return 0


def _text(facts: list[Fact]) -> None:
    from newsdesk.store import fact_value

    if not facts:
        out("No facts.")
        return
    for f in facts:
        out(f"{f.doc:<22} p{f.para:<3} {f.kind:<12} {fact_value(f)}  «{f.text}»")


def _csv(facts: list[Fact]) -> None:
    import orjson

    from newsdesk.store import fact_value

    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for f in facts:
        writer.writerow(
            [
                f.id,
                f.kind,
                f.doc,
                f.para,
                f.start,
                f.end,
                fact_value(f),
                f.text,
                orjson.dumps(f.fields).decode(),
            ]
        )


def _conflicts(args: argparse.Namespace, ledger: Ledger, doc: str | None, kinds: set[str]) -> int:
    groups = [
        g
        for g in ledger.conflicts
        if (doc is None or doc in g.docs) and (not kinds or g.kind in kinds or _role(g, kinds))
    ]
    gaps = [
        d
        for d in ledger.discrepancies
        if (doc is None or doc in (d.left, d.right)) and (not kinds or d.kind in kinds)
    ]
    if args.json:
        print_json(
            {
                "conflicts": [g.to_dict() for g in groups],
                "discrepancies": [d.to_dict() for d in gaps],
            }
        )
        return 0
    if args.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["type", "kind", "subject", "value", "docs"])
        for g in groups:
            for value, docs in g.values().items():
                writer.writerow(["conflict", g.kind, g.label, value, " ".join(docs)])
        for d in gaps:
            writer.writerow(["translation", d.kind, f"{d.left} / {d.right}", d.describe(), ""])
        return 0
    if not groups and not gaps:
        out("No conflicts.")
        return 0
    for g in groups:
        out(f"{CONFLICT} {g.kind:<9} {g.label}")
        for value, docs in g.values().items():
            out(f"    {value:<24} {', '.join(docs)}")
    if groups and gaps:
        out()
    for d in gaps:
        out(f"{DISCREPANCY} translation {d.left} / {d.right}: {d.describe()}")
    return 0


def _role(group: Group, kinds: set[str]) -> bool:
    return group.kind == "role" and "person" in kinds
