"""``newsdesk people``: everyone the articles name, one entry per person."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from newsdesk.tui.commands.common import add_command, open_store, out, print_json

if TYPE_CHECKING:
    from newsdesk.store import Person
    from newsdesk.tui.commands.common import SubParsers

HELP = "list the people the articles name, with their roles and mentions"
DESCRIPTION = """\
List every person named in the articles once, under one canonical name
whatever the spelling or language ("Pham Minh Chinh", "Phạm Minh Chính" and
"PM Chính" are one person), with each role as the articles state it, the
articles that mention them and how many quotes they are given.
"""
EPILOG = """\
examples:
  newsdesk people
  newsdesk people --json | jq '.[] | select(.quotes > 0) | .name'
"""


def register(sub: SubParsers, db_parent: argparse.ArgumentParser) -> None:
    p = add_command(sub, db_parent, "people", help=HELP, epilog=EPILOG, description=DESCRIPTION)
    p.add_argument("--json", action="store_true", help="print a JSON array of people")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from newsdesk.store import load_facts, people

    store = open_store(args)
    try:
        everyone = people(load_facts(store, kinds=["person", "quote"]))
    finally:
        store.close()
    if args.json:
        print_json([p.to_dict() for p in everyone])
        return 0
    if not everyone:
        out("No people.")
        return 0
    for person in everyone:
        quotes = f", {person.quotes} quote{'s' * (person.quotes != 1)}" if person.quotes else ""
        out(
            f"{person.name} — {len(person.mentions)} mentions in {len(person.docs)} "
            f"articles{quotes}"
        )
        for role in _roles(person):
            out(f"    {role}")
        others = [s for s in person.spellings if s != person.name]
        if others:
            out(f"    also written: {', '.join(others)}")
    return 0


def _roles(person: Person) -> list[str]:
    by_role: dict[str, list[str]] = {}
    for r in person.roles:
        by_role.setdefault(str(r["role"]), []).append(str(r["doc"]))
    return [f"{role}  ({', '.join(docs)})" for role, docs in by_role.items()]
