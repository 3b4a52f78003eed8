"""``newsdesk doctor``: check the database; restore its backup or rebuild derived data."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from newsdesk.tui.commands.common import add_command, out, print_json

if TYPE_CHECKING:
    from newsdesk.tui.commands.common import SubParsers

HELP = "check the database; restore its backup or rebuild derived data"
DESCRIPTION = """\
Check the database without changing it: that the file is whole JSON, its schema
version, that every article is readable and holds no raw control characters,
the generation counter, derived data (search index and the like), leftovers of
interrupted writes and the backup (the file as it was before the last write).
"""
EPILOG = """\
examples:
  newsdesk doctor                  check the default database
  newsdesk --db team.json doctor   check another one
  newsdesk doctor --restore        put the backup back (the replaced file is kept)
  newsdesk doctor --rebuild        rebuild derived data from the articles
  newsdesk doctor --json           findings as JSON

exit status: 0 healthy (warnings allowed), 1 problems found, 3 restore/rebuild failed.
"""


def register(sub: SubParsers, db_parent: argparse.ArgumentParser | None = None) -> None:
    p = add_command(sub, db_parent, "doctor", help=HELP, epilog=EPILOG, description=DESCRIPTION)
    action = p.add_mutually_exclusive_group()
    action.add_argument(
        "--restore",
        action="store_true",
        help="replace the database by its backup (kept as <db>.replaced-<time>)",
    )
    action.add_argument(
        "--rebuild", action="store_true", help="rebuild derived data from the articles"
    )
    p.add_argument("--json", action="store_true", help="print the findings as JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from newsdesk.store import (
        check_database,
        default_target,
        open_store,
        rebuild_derived,
        restore_backup,
        show_target,
    )

    path = getattr(args, "db", None) or default_target()
    if args.restore:
        kept = restore_backup(path)
        out(f"restored {show_target(path)} from its backup")
        if kept is not None:
            out(f"the file it replaced is kept as {kept}")
    elif args.rebuild:
        with open_store(path) as store:
            count = rebuild_derived(store)
        out(f"rebuilt derived data for {count} articles")
    report = check_database(path)
    if args.json:
        print_json(report.to_dict())
    else:
        for line in report.lines():
            out(line)
        verdict = "healthy" if report.healthy else "PROBLEMS FOUND"
        out(f"{verdict}: {show_target(path)}")
    return 0 if report.healthy else 1
