"""``newsdesk ingest PATH…``: add or update articles from files and folders."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from tui.commands.common import add_command, open_store, out

HELP = "add articles from files or folders (recursively, *.txt)"
EPILOG = """\
examples:
  newsdesk ingest ~/archive              every *.txt below ~/archive
  newsdesk ingest a.txt b.txt            two files
  newsdesk --db team.json ingest news/   into another database

Running it again on the same files changes nothing; a changed file replaces its article.
Links inside a folder are not followed out of it: a *.txt link to a file outside
the folder is skipped (and named), as are binary files (images, archives, PDF).
exit status: 0 all went in, 1 some files were skipped (one line each says why), 2 usage error.
"""


def register(sub: Any, db_parent: argparse.ArgumentParser) -> None:
    p = add_command(sub, db_parent, "ingest", help=HELP, epilog=EPILOG)
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="file or folder")
    p.add_argument("-q", "--quiet", action="store_true", help="print only skipped files")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    store = open_store(args, seed=False)
    progress = ProgressLine(sys.stderr) if sys.stderr.isatty() else None
    try:
        report = store.ingest(args.paths, progress=progress)
    finally:
        store.close()
        if progress is not None:
            progress.close()
    for skipped in report.skipped:
        out(f"skipped {skipped.path}: {skipped.reason}", file=sys.stderr)
    if not args.quiet:
        out(report.summary())
    return 1 if report.skipped else 0


class ProgressLine:
    """One line on a terminal, redrawn in place: the ingest's step and, for a step
    that counts files, a bar. Cleared when the ingest ends, before its summary."""

    BAR = 30
    #: Counted steps redraw at most this often (seconds); a new step draws at once.
    EVERY = 0.1

    def __init__(self, stream: TextIO, clock: Callable[[], float] = time.monotonic) -> None:
        self._stream = stream
        self._clock = clock
        self._step = ""
        self._drawn_at = -1.0
        self._width = 0

    def __call__(self, done: int, total: int, step: str) -> None:
        now = self._clock()
        if step == self._step and done != total and now - self._drawn_at < self.EVERY:
            return
        self._step = step
        if total:
            filled = self.BAR * done // total
            text = f"[{'#' * filled}{'.' * (self.BAR - filled)}] {done:,}/{total:,} {step}"
        else:
            text = f"{step}…"
        self._draw(text)
        self._drawn_at = now

    def close(self) -> None:
        """Erase the line."""
        if self._width:
            self._draw("")

    def _draw(self, text: str) -> None:
        self._stream.write("\r" + text.ljust(self._width) + ("\r" if not text else ""))
        self._stream.flush()
        self._width = len(text)
