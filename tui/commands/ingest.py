"""``newsdesk ingest PATH…``: add or update articles from files and folders."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from tui.commands.common import add_command, open_store, out

HELP = "add articles from files or folders (recursively, *.txt)"
EPILOG = """\
examples:
  newsdesk ingest ~/archive              every *.txt below ~/archive
  newsdesk ingest a.txt b.txt            two files
  newsdesk --db team.json ingest news/   into another database

Running it again on the same files changes nothing; a changed file replaces its article.
exit status: 0 all went in, 1 some files were skipped (one line each says why), 2 usage error.
"""


def register(sub: Any, db_parent: argparse.ArgumentParser) -> None:
    p = add_command(sub, db_parent, "ingest", help=HELP, epilog=EPILOG)
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="file or folder")
    p.add_argument("-q", "--quiet", action="store_true", help="print only skipped files")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    store = open_store(args, seed=False)
    try:
        progress = _progress_printer() if sys.stderr.isatty() else None
        report = store.ingest(args.paths, progress=progress)
    finally:
        store.close()
    if progress is not None:
        print(file=sys.stderr)
    for skipped in report.skipped:
        out(f"skipped {skipped.path}: {skipped.reason}", file=sys.stderr)
    if not args.quiet:
        out(report.summary())
    return 1 if report.skipped else 0


def _progress_printer() -> Any:
    """A one-line progress bar on stderr, drawn only when there is much to do."""
    width = 30

    def show(done: int, total: int, path: str) -> None:
        if total < 50 or (done % 25 and done != total):
            return
        filled = width * done // total
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} files")
        sys.stderr.flush()

    return show
