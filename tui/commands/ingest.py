"""``newsdesk ingest PATH…``: add or update articles from files and folders."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from newsdesk.tui.commands.common import add_command, open_store, out

if TYPE_CHECKING:
    from newsdesk.tui.commands.common import SubParsers

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


def register(sub: SubParsers, db_parent: argparse.ArgumentParser) -> None:
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


def _bar(done: int, total: int, width: int = 30) -> str:
    filled = width * done // total
    return f"[{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,} "


class ProgressLine:
    """The ingest's step on one terminal line, drawn by Rich's live progress display:
    a bar and a count for a step that counts files, the step's name alone otherwise.
    Erased when the ingest ends, before its summary."""

    #: Counted steps redraw at most this often (seconds); a new step draws at once.
    EVERY = 0.1

    def __init__(self, stream: TextIO, clock: Callable[[], float] = time.monotonic) -> None:
        from rich.console import Console
        from rich.progress import Progress, ProgressColumn, Task
        from rich.text import Text

        class StepColumn(ProgressColumn):
            def render(self, task: Task) -> Text:
                if task.fields.get("counted") and task.total:
                    return Text(_bar(int(task.completed), int(task.total)) + task.description)
                return Text(f"{task.description}…")

        # Made only for a terminal (the caller checks), so it is always drawn as one.
        console = Console(
            file=stream, force_terminal=True, highlight=False, markup=False, emoji=False
        )
        self._progress = Progress(StepColumn(), console=console, transient=True, auto_refresh=False)
        self._clock = clock
        self._task: Any = None
        self._step = ""
        self._drawn_at = -1.0

    def __call__(self, done: int, total: int, step: str) -> None:
        now = self._clock()
        if step == self._step and done != total and now - self._drawn_at < self.EVERY:
            return
        if self._task is None:
            self._progress.start()
            self._task = self._progress.add_task(step)
        self._step = step
        self._progress.update(
            self._task, completed=done, total=total or 1, description=step, counted=total > 0
        )
        self._progress.refresh()
        self._drawn_at = now

    def close(self) -> None:
        """Erase the line."""
        if self._task is not None:
            self._progress.stop()
