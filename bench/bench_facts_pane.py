"""The facts pane at scale: ``python -m bench.bench_facts_pane DB [--runs 2] [--cold]``.

Each run launches the app headless (160×48) in a process of its own on the archive
``DB`` (a path or a ``postgresql://`` URL), waits until its keys answer, then presses
``f`` and times until the pane is filled: every article's facts read, the ledger,
people and chart filled (``filled_s``). Then ``a`` (every article's facts in the
table) and ``G`` (the table's last row), timed each. It prints a JSON line a run:

* ``rss_before_mb``: the app's resident memory before ``f``;
* ``rss_mb``: after the pane is filled and ``a`` and ``G`` have run (memory held now);
* ``peak_mb``: the app process's peak; ``children_peak_mb``: its children's (the
  facts view is built in a process of its own on a large archive).

``--cold`` removes the facts view beside a file database first, so the first run
builds it (as the first ``f`` after an ingest does); later runs read it.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

# Keys are posted as a terminal delivers them: pilot.press would also wait for the
# whole process to be idle (up to 1 s), which no keystroke does.
_CHILD = """
import asyncio, json, resource, sys, time
from textual import events
from newsdesk.tui.app import NewsdeskApp
from newsdesk.tui.screens.facts import FactsScreen
from newsdesk.tui.widgets.lazy_table import LazyTable


def rss_mb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


async def until(test, step=0.002):
    while not test():
        await asyncio.sleep(step)


async def main():
    from newsdesk.store import db_target
    app = NewsdeskApp(db_target(sys.argv[1]))
    marks = {}
    async with app.run_test(size=(160, 48)) as pilot:
        await until(lambda: app.store is not None and "store_ready" in app.timings, 0.01)
        await pilot.pause()
        marks["rss_before_mb"] = rss_mb()
        t = time.perf_counter()
        app.post_message(events.Key("f", "f"))
        await until(lambda: isinstance(app.screen, FactsScreen) and app.screen.loaded)
        await pilot.pause()
        marks["filled_s"] = time.perf_counter() - t
        screen = app.screen
        table = screen.query_one("#facts-table", LazyTable)
        t = time.perf_counter()
        app.post_message(events.Key("a", "a"))
        await until(lambda: screen.corpus and table.row_count > 0)
        await pilot.pause()
        marks["all_s"] = time.perf_counter() - t
        marks["rows"] = table.row_count
        t = time.perf_counter()
        app.post_message(events.Key("G", "G"))
        await until(lambda: table.cursor == table.row_count - 1)
        await pilot.pause()
        marks["last_s"] = time.perf_counter() - t
        marks["rss_mb"] = rss_mb()
    marks["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    marks["children_peak_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps(marks))

asyncio.run(main())
"""


def run_once(db: str) -> dict[str, Any]:
    """One launch's figures (see the module's docstring)."""
    from bench.run import run_child

    return run_child(_CHILD, db)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("db", help="the archive: a database file or a postgresql:// URL")
    parser.add_argument("--runs", type=int, default=2, help="launches (default 2)")
    parser.add_argument("--cold", action="store_true", help="remove the facts view first")
    args = parser.parse_args(argv)
    if args.cold and "://" not in args.db:
        db = Path(args.db)
        db.with_name(f"{db.stem}.facts-view").unlink(missing_ok=True)
    for n in range(args.runs):
        started = time.time()
        marks = run_once(args.db)
        print(json.dumps({"run": n + 1, "wall_s": round(time.time() - started, 2), **marks}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
