"""The newsdesk benchmark suite: ``python -m bench.run [--sizes seeds,1k,10k,50k]``.

For each corpus size (generated deterministically from the seeds by
``bench.corpus``, one article in ten a French translation) it measures, each
step in a fresh subprocess so memory and start-up are real:

* ingest: seconds and articles/second end to end (parse, derived data: search
  index, pairs, facts), then re-ingest of the unchanged archive, and adding one
  new article to a copy of the archive ("add one");
* database size, and its ratio to the raw text;
* open: seconds to open the database and read the article list;
* app: first paint and list on screen after launch (Pilot, headless), when
  the whole database is read and keys answer at once ("keys"), and, in
  launches of their own, when a query entered in the search box as soon as
  the list is up has its hits on screen ("search");
* query: p50 / p95 latency over the search benchmark's query set (each query
  cold, on the index the ingest saved);
* peak memory (RSS) of the ingest and of the app;
* CPU milliseconds an article of each per-article ingest step (parse, facts,
  pairing features, search passages), over a sample of the corpus;
* the machine's pace, to read the rest against: when a Textual app with a
  single widget paints (the floor under "paint s"; importing Textual, part of
  it, is timed too) and how long a plain
  Python loop takes. A shared machine's speed varies from day to day.

The project's modules are byte-compiled first, as ``pip install`` does: with
``PYTHONDONTWRITEBYTECODE`` set, an editable checkout would otherwise compile
them from source at every launch (about 0.05 s of each start-up here).

With ``--pg URL`` (a PostgreSQL server where the user may create databases) every
size is measured a second time on PostgreSQL, in a new database per ingest (dropped
afterwards): the "db MB" column is then the database's size on the server, and
"index MB" the derived files the archive keeps in its local cache folder.

On TinyDB the app is not launched from 50k on (ingest, database, open and query only);
on PostgreSQL it is, at every size (``--sizes 100k --pg URL --pg-only`` for the server's row
alone).
Steps are repeated ``--runs`` times (ingest of 10k and more once; app
launches, cheap and noisy, three times as often) and the median is reported
(the app's ranges too, in the JSON). It prints a table and writes ``bench/out/results.json``.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from bench import child_prelude

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
SIZES = {"seeds": 0, "1k": 1_000, "10k": 10_000, "50k": 50_000, "100k": 100_000}

# Each child prints one JSON line; "t0" is the parent's wall clock at launch.
_INGEST_CHILD = """
import json, resource, sys, time
from pathlib import Path
from newsdesk.store import db_target, open_store
t = time.perf_counter()
store = open_store(db_target(sys.argv[1]))
report = store.ingest([Path(sys.argv[2])])
store.close()
print(json.dumps({"seconds": time.perf_counter() - t, "added": len(report.added),
    "unchanged": len(report.unchanged), "skipped": len(report.skipped),
    "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

_OPEN_CHILD = """
import json, resource, sys, time
from pathlib import Path
t = time.perf_counter()
from newsdesk.store import db_target, open_store
store = open_store(db_target(sys.argv[1]), read_only=True)
rows = store.summaries()
print(json.dumps({"seconds": time.perf_counter() - t, "rows": len(rows),
    "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

_APP_CHILD = """
import asyncio, json, resource, sys, time
t0 = float(sys.argv[2])
searching = sys.argv[3] == "search"
from pathlib import Path
from textual import events
from newsdesk.tui.app import NewsdeskApp
from newsdesk.tui.screens.search import SearchScreen

async def main():
    from newsdesk.store import db_target
    app = NewsdeskApp(db_target(sys.argv[1]))
    marks = {}
    async with app.run_test(size=(160, 48)) as pilot:
        while "list_shown" not in app.timings:
            await asyncio.sleep(0.005)
        if searching:
            # As soon as the list is up, the user opens the search box and enters a
            # query (at once, as if pasted); "search" is when its hits reach the pane.
            # The key is posted as a terminal delivers it: pilot.press would also wait
            # for the whole process to be idle (up to 1 s), which no keystroke does.
            app.post_message(events.Key("slash", "/"))
            while not isinstance(app.screen, SearchScreen):
                await asyncio.sleep(0.005)
            screen = app.screen
            screen.query_input.value = "digital transformation"
            while not screen.hits:
                await asyncio.sleep(0.005)
            marks["search_ready"] = time.time() - t0
        while app.store is None or "store_ready" not in app.timings:
            await asyncio.sleep(0.005)
        await pilot.pause()
        # The app notes when its first frame and its list reached the screen.
        marks["first_paint"] = app.timings["first_paint"] - t0
        marks["list_shown"] = app.timings["list_shown"] - t0
        marks["store_ready"] = app.timings["store_ready"] - t0
    marks["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(marks))

asyncio.run(main())
"""


# Search latency over the search benchmark's query set (bench.bench_search: exact
# words, typo'd quote fragments, accent-free names, filters), each query cold. On
# PostgreSQL each query goes through search_store: the server finds the candidates
# (the queries are drawn from every passage, which an empty query's candidates are).
_QUERIES_CHILD = """
import json, sys, time
from pathlib import Path
from bench.bench_search import Query, all_queries, percentile, time_ours
from newsdesk.store import db_target, open_store, parse_query, search_store
from newsdesk.store.search.index import load_index
store = open_store(db_target(sys.argv[1]), read_only=True)
server = getattr(store, "search_candidates", None)
index = server(parse_query("")) if server else load_index(store)
queries = all_queries(index, seed=0)

def timed(query):
    if server is None:
        return time_ours(index, query, 50)[0]
    start = time.perf_counter()
    search_store(store, query.text, limit=50)
    return (time.perf_counter() - start) * 1000

timed(Query("warm up", "exact"))  # builds the typo buckets once
times = [timed(query) for query in queries]
print(json.dumps({"queries": len(times), "p50_ms": percentile(times, 0.5),
    "p95_ms": percentile(times, 0.95)}))
"""

# CPU milliseconds an article of each per-article ingest step, in one process over
# a sample of the corpus: what the worker processes spend, step by step.
_STEPS_CHILD = """
import gc, json, sys, time
from pathlib import Path
from newsdesk.store.derived import ARTICLE_STAGES
from newsdesk.store.parse import parse_bytes
files = sorted(Path(sys.argv[1]).glob("*.txt"))[: int(sys.argv[2])]
data = [(f.read_bytes(), f.stem, str(f)) for f in files]
for stage in ARTICLE_STAGES.values():  # imports each step's code, as the workers have
    stage(parse_bytes(data[0][0], doc_id=data[0][1], file=data[0][2]))
gc.disable()  # as in the workers
t = time.process_time()
articles = [parse_bytes(d, doc_id=i, file=f) for d, i, f in data]
ms = {"parse": (time.process_time() - t) * 1000 / len(files)}
for name, stage in ARTICLE_STAGES.items():
    t = time.process_time()
    for article in articles:
        stage(article)
    ms[name] = (time.process_time() - t) * 1000 / len(files)
print(json.dumps(ms))
"""

#: Articles sampled for the per-article step figures.
STEP_SAMPLE = 300


# The machine's own pace, to read the figures against: a Textual app with one
# Static (the floor under "paint s") and a pure-Python loop (CPU speed).
_FLOOR_CHILD = """
import asyncio, json, sys, time
t0 = float(sys.argv[1])
from textual.app import App
from textual.widgets import Static
imported = time.time()

class Floor(App[None]):
    def compose(self):
        yield Static("newsdesk")

    def on_mount(self):
        self.call_after_refresh(lambda: setattr(self, "painted", time.time()))

async def main():
    app = Floor()
    async with app.run_test(size=(80, 24)):
        while not hasattr(app, "painted"):
            await asyncio.sleep(0.001)
    t = time.perf_counter()
    total = 0
    for i in range(5_000_000):
        total += i * i
    print(json.dumps({"textual_import_s": imported - t0, "textual_paint_s": app.painted - t0,
        "loop_s": time.perf_counter() - t}))

asyncio.run(main())
"""


def add_one(
    db: Path, work: Path, runs: int, pg: PgDatabases | None = None, name: str = ""
) -> float:
    """Median seconds to ingest one new article into a fresh copy of the archive ``db``
    (of the PostgreSQL database ``name`` when ``pg`` is given)."""
    from bench.corpus import generate_corpus

    article = work / "add-one"
    if not article.exists():
        generate_corpus(1, article, seed=1)  # another seed: an article the corpus lacks
    seconds = []
    cache = os.environ.get("NEWSDESK_PG_CACHE")
    for i in range(runs):
        copy = work / f"add-{i}"
        copy.mkdir()
        if pg:
            target = pg.copy(name, f"{name}_add_{i}")
            os.environ["NEWSDESK_PG_CACHE"] = str(copy)  # a client that has no files yet
        else:
            # The database and its derived files, their times kept: a catalog records
            # the database file's modification time, and a copy must find it current.
            for part in db.parent.glob(f"{db.stem}.*"):
                if part.is_file() and not part.name.endswith((".bak", ".lock")):
                    shutil.copy2(part, copy / part.name)
            target = str(copy / db.name)
            # On disk before the add is timed, as an archive at rest is: the add's first
            # flush would otherwise wait for the whole copy to be written.
            os.sync()
        result = run_child(_INGEST_CHILD, target, str(article))
        if result["added"] != 1:
            raise RuntimeError(f"adding one article added {result['added']}")
        seconds.append(result["seconds"])
        shutil.rmtree(copy)
    if cache is not None:
        os.environ["NEWSDESK_PG_CACHE"] = cache
    return _median(seconds)


def machine_pace(runs: int) -> dict[str, float]:
    """Medians of the floor app's import and first paint, and of the 5M-step Python loop."""
    marks = [run_child(_FLOOR_CHILD, repr(time.time())) for _ in range(runs)]
    return _medians(marks, ("textual_import_s", "textual_paint_s", "loop_s"))


def run_child(code: str, *args: str) -> dict[str, Any]:
    """Run ``code`` in a fresh interpreter from the project root; its last JSON line.

    It imports the installed newsdesk when there is one (:func:`bench.child_prelude`).
    """
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = subprocess.run(
        [sys.executable, "-c", child_prelude() + code, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"benchmark step failed:\n{result.stderr[-2000:]}")
    line = [ln for ln in result.stdout.splitlines() if ln.startswith("{")][-1]
    data: dict[str, Any] = json.loads(line)
    return data


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def _medians(marks: list[dict[str, Any]], keys: Iterable[str]) -> dict[str, float]:
    """For each of ``keys``, the median of its value over the children's ``marks``."""
    return {key: _median([m[key] for m in marks]) for key in keys}


def _spread(row: dict[str, Any], key: str, values: list[float]) -> None:
    """``row[key]``: the median of ``values``; ``row[key + "_range"]``: their extremes."""
    row[key] = _median(values)
    row[f"{key}_range"] = [min(values), max(values)]


def corpus_for(size: str, work: Path) -> Path:
    """The corpus folder for ``size`` (generated once and cached under bench/out)."""
    if size == "seeds":
        return ROOT / "seeds"
    from bench.corpus import generate_corpus

    folder = OUT / f"corpus-{size}"
    if not (folder / "corpus.json").exists():
        generate_corpus(SIZES[size], folder, seed=0)
    return folder


def raw_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*.txt"))


class PgDatabases:
    """New databases on a PostgreSQL server for the benchmark, dropped at the end."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.made: list[str] = []

    def new(self, name: str) -> str:
        """A URL to a new, empty database ``name`` (replacing one left by an earlier run)."""
        import psycopg
        from psycopg import sql

        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        self.made.append(name)
        return f"{self.url.rpartition('/')[0]}/{name}"

    def copy(self, name: str, to: str) -> str:
        """A URL to ``to``, a new database copied from database ``name``."""
        import psycopg
        from psycopg import sql

        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(to))
            )
            conn.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                    sql.Identifier(to), sql.Identifier(name)
                )
            )
        self.made.append(to)
        return f"{self.url.rpartition('/')[0]}/{to}"

    def size_mb(self, name: str) -> float:
        import psycopg

        with psycopg.connect(self.url) as conn:
            row = conn.execute("SELECT pg_database_size(%s)", (name,)).fetchone()
        return float(row[0]) / 1e6 if row else float("nan")

    def drop_all(self) -> None:
        import psycopg
        from psycopg import sql

        with psycopg.connect(self.url, autocommit=True) as conn:
            for name in self.made:
                conn.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
                )


def measure(size: str, runs: int, work: Path, pg: PgDatabases | None = None) -> dict[str, Any]:
    """Every figure for one corpus size (on PostgreSQL when ``pg`` is given)."""
    folder = corpus_for(size, work)
    n = SIZES[size] or len(list(folder.glob("*.txt")))
    ingest_runs = 1 if n >= 10_000 else runs
    ingests, db = [], work / f"{size}.json"
    target = str(db)
    name = ""
    cache = work
    for i in range(ingest_runs):
        db = work / f"{size}-{i}.json"
        name = f"newsdesk_bench_{size}_{i}"
        target = pg.new(name) if pg else str(db)
        cache = work / f"pg-cache-{size}-{i}"  # the archive's derived files, for its children
        os.environ["NEWSDESK_PG_CACHE"] = str(cache)
        ingests.append(run_child(_INGEST_CHILD, target, str(folder)))
    reingest = run_child(_INGEST_CHILD, target, str(folder))
    seconds = _median([r["seconds"] for r in ingests])
    row: dict[str, Any] = {
        "size": size + (" (PostgreSQL)" if pg else ""),
        "articles": n,
        "raw_mb": raw_bytes(folder) / 1e6,
        "ingest_s": seconds,
        "articles_per_s": n / seconds if seconds else float("nan"),
        "reingest_s": reingest["seconds"],
        "ingest_rss_mb": max(r["rss_mb"] for r in ingests),
        "db_mb": pg.size_mb(name) if pg else db.stat().st_size / 1e6,
        # Derived files kept beside it (search index, catalog, pairing cache); not the backup.
        "derived_mb": sum(
            p.stat().st_size
            for p in (cache.rglob("*") if pg else work.glob(f"{db.stem}.*"))
            if p.is_file() and p != db and not p.name.endswith((".bak", ".lock"))
        )
        / 1e6,
    }
    row["add_one_s"] = add_one(db, work, runs, pg, name)
    row["db_ratio"] = row["db_mb"] / row["raw_mb"]
    row["total_ratio"] = (row["db_mb"] + row["derived_mb"]) / row["raw_mb"]
    steps = [run_child(_STEPS_CHILD, str(folder), str(STEP_SAMPLE)) for _ in range(runs)]
    row["step_ms"] = _medians(steps, steps[0])
    opens = [run_child(_OPEN_CHILD, target) for _ in range(runs)]
    row["open_s"] = _median([o["seconds"] for o in opens])
    latencies = [run_child(_QUERIES_CHILD, target) for _ in range(runs)]
    row["queries"] = latencies[0]["queries"]
    for key, value in _medians(latencies, ("p50_ms", "p95_ms")).items():
        row[f"query_{key}"] = value
    if n >= 50_000 and not pg:  # TinyDB's curve: ingest, open and query; no app launches
        return row
    # Launches are cheap and noisy: three of each kind a run, alternating. "browse"
    # launches time the start-up alone; "search" ones open the search box at once
    # (a search opened during start-up is answered before the database read).
    browse: list[dict[str, Any]] = []
    search: list[dict[str, Any]] = []
    for _ in range(3 * runs):
        browse.append(run_child(_APP_CHILD, target, repr(time.time()), "browse"))
        search.append(run_child(_APP_CHILD, target, repr(time.time()), "search"))
    for key in ("first_paint", "list_shown", "store_ready"):
        _spread(row, f"app_{key}", [a[key] for a in browse])
    _spread(row, "app_search_ready", [a["search_ready"] for a in search])
    row["app_rss_mb"] = max(a["rss_mb"] for a in browse + search)
    return row


COLUMNS = [
    ("size", "corpus", "{}"),
    ("articles", "articles", "{:,}"),
    ("raw_mb", "raw MB", "{:.1f}"),
    ("ingest_s", "ingest s", "{:.1f}"),
    ("articles_per_s", "art/s", "{:.0f}"),
    ("reingest_s", "re-ingest s", "{:.2f}"),
    ("add_one_s", "add one s", "{:.2f}"),
    ("db_mb", "db MB", "{:.1f}"),
    ("db_ratio", "db/raw", "{:.1f}x"),
    ("derived_mb", "index MB", "{:.1f}"),
    ("total_ratio", "all/raw", "{:.1f}x"),
    ("open_s", "open s", "{:.2f}"),
    ("query_p50_ms", "query p50 ms", "{:.1f}"),
    ("query_p95_ms", "query p95 ms", "{:.1f}"),
    ("app_first_paint", "paint s", "{:.2f}"),
    ("app_list_shown", "list s", "{:.2f}"),
    ("app_store_ready", "keys s", "{:.2f}"),
    ("app_search_ready", "search s", "{:.2f}"),
    ("app_rss_mb", "app MB", "{:.0f}"),
    ("ingest_rss_mb", "ingest MB", "{:.0f}"),
]


def table(rows: list[dict[str, Any]]) -> str:
    """A Markdown table of the results."""
    head = "| " + " | ".join(title for _, title, _ in COLUMNS) + " |"
    rule = "|" + "|".join("---:" for _ in COLUMNS) + "|"
    lines = [head, rule]
    for row in rows:
        cells = []
        for key, _, fmt in COLUMNS:
            value = row.get(key)
            cells.append("—" if value is None else fmt.format(value))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def steps_line(row: dict[str, Any]) -> str:
    """CPU per article of each per-article step at one size, and their sum."""
    steps = row["step_ms"]
    parts = ", ".join(f"{name} {ms:.1f}" for name, ms in steps.items())
    return f"{row['size']}: CPU ms an article: {parts}; in all {sum(steps.values()):.1f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="seeds,1k,10k,50k", help="comma-separated sizes")
    parser.add_argument("--runs", type=int, default=3, help="repeats per step (median)")
    parser.add_argument(
        "--pg",
        metavar="URL",
        help="also measure on this PostgreSQL server (new databases, dropped afterwards)",
    )
    parser.add_argument(
        "--pg-only", action="store_true", help="with --pg: measure PostgreSQL rows only"
    )
    args = parser.parse_args(argv)
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in sizes if s not in SIZES]
    if args.pg_only and not args.pg:
        parser.error("--pg-only needs --pg URL")
    if unknown:
        parser.error(f"unknown size(s): {', '.join(unknown)}; choose from {', '.join(SIZES)}")
    OUT.mkdir(parents=True, exist_ok=True)
    for package in ("store", "tui"):  # as installed: start-ups measure no compiling
        compileall.compile_dir(ROOT / package, quiet=1)
    rows = []
    pg = PgDatabases(args.pg) if args.pg else None
    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-") as tmp:
        try:
            for size in sizes:
                if not args.pg_only:
                    print(f"measuring {size} …", file=sys.stderr, flush=True)
                    rows.append(measure(size, args.runs, Path(tmp)))
                if pg is not None:
                    print(f"measuring {size} on PostgreSQL …", file=sys.stderr, flush=True)
                    rows.append(measure(size, args.runs, Path(tmp), pg))
        finally:
            if pg is not None:
                pg.drop_all()
        pace = machine_pace(args.runs)
    print(table(rows))
    print()
    for row in rows:
        print(steps_line(row))
    print(
        f"\nmachine pace: a one-widget Textual app paints at {pace['textual_paint_s']:.2f} s"
        f" (importing Textual: {pace['textual_import_s']:.2f} s);"
        f" a 5M-step Python loop takes {pace['loop_s']:.2f} s"
    )
    machine = {"cpus": os.cpu_count(), "python": sys.version.split()[0], **pace}
    results = {"machine": machine, "rows": rows}
    (OUT / "results.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(f"\nwritten: {OUT / 'results.json'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
