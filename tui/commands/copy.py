"""``newsdesk copy SRC DST``: move an archive between a TinyDB file and PostgreSQL."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from newsdesk.tui.commands.common import add_command, out

if TYPE_CHECKING:
    from newsdesk.tui.commands.common import SubParsers

HELP = "copy an archive into another store (a TinyDB file or a PostgreSQL database)"
EPILOG = """\
examples:
  newsdesk copy ~/news.json postgresql://anna@db.example/news   to a newsroom server
  newsdesk copy postgresql://anna@db.example/news backup.json   and back to a file

Every article (with its translation partner), the translation pairs and the stored
alignments are copied; facts and the search index are built again where they land.
The destination must hold no articles. A password is best kept in ~/.pgpass or
$PGPASSWORD rather than in the URL.
exit status: 0 copied, 2 usage error (destination not empty), 3 database error.
"""


def register(sub: SubParsers, db_parent: argparse.ArgumentParser) -> None:
    from newsdesk.store import db_target

    p = add_command(sub, None, "copy", help=HELP, epilog=EPILOG)
    p.add_argument("source", type=db_target, metavar="SRC", help="database file or URL to read")
    p.add_argument("destination", type=db_target, metavar="DST", help="empty archive to fill")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from newsdesk.store import copy_archive
    from newsdesk.tui.commands.ingest import ProgressLine

    progress = ProgressLine(sys.stderr) if sys.stderr.isatty() else None
    try:
        copied = copy_archive(args.source, args.destination, progress=progress)
    finally:
        if progress is not None:
            progress.close()
    out(copied.summary())
    return 0
