"""Typing a query into a PostgreSQL archive: every keystroke's search, as the app asks.

The search screen searches again at each keystroke (``search_store`` on the text typed
so far), so a query of 40 characters is 40 searches, most of them sharing all their
words but the last with the one before. This benchmark types the search benchmark's
typo'd quote fragments and names (``bench.bench_search``, drawn from the first
``--sample`` articles of the archive's generated corpus, which the archive holds) one
character at a time, each keystroke answered before the next, and reports p50 / p95
/ max per keystroke and per whole query (its last keystroke), and the slowest
keystrokes.

Run from the repository root on an archive of a generated corpus::

    python -m bench.bench_pg_typing --db postgresql://user:pw@host/db --folder bench/out/corpus-100k
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.bench_search import all_queries, percentile  # noqa: E402
from newsdesk.store import db_target, load_index, open_store, search_store  # noqa: E402
from newsdesk.store.pg.url import describe  # noqa: E402


def drawn_queries(folder: Path, sample: int, seed: int) -> list[str]:
    """The typo'd fragments and names the search benchmark draws from the first
    ``sample`` articles of ``folder`` (ingested into a throwaway TinyDB file)."""
    files = sorted(folder.glob("*.txt"))[:sample]
    if not files:
        raise SystemExit(f"no articles in {folder}")
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "sample.json") as store:
        store.ingest(files)
        index = load_index(store)
    return [q.text for q in all_queries(index, seed) if q.kind in ("typo", "name")]


def keystrokes(text: str) -> list[str]:
    """What the search box holds after each key typed (blank ones are not searched)."""
    return [text[:k] for k in range(1, len(text) + 1) if text[:k].strip()]


def typed(url: str, queries: list[str]) -> tuple[list[tuple[float, str]], list[float]]:
    """Milliseconds per keystroke (with the text searched) and per query's last
    keystroke, on a fresh client."""
    each: list[tuple[float, str]] = []
    last: list[float] = []
    with open_store(db_target(url), read_only=True) as store:
        for query in queries:
            for text in keystrokes(query):
                start = time.perf_counter()
                search_store(store, text, limit=50)
                each.append(((time.perf_counter() - start) * 1000, text))
            last.append(each[-1][0])
    return each, last


def summary(times: list[float]) -> str:
    return (
        f"p50 {percentile(times, 0.5):7.1f} ms  p95 {percentile(times, 0.95):7.1f} ms  "
        f"max {max(times):8.1f} ms"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="the archive's URL (postgresql://…)")
    parser.add_argument("--folder", type=Path, required=True, help="its generated corpus")
    parser.add_argument("--sample", type=int, default=1000, help="articles drawn from (1000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--slowest", type=int, default=10, help="keystrokes listed (10)")
    args = parser.parse_args(argv)
    queries = drawn_queries(args.folder, args.sample, args.seed)
    print(f"{describe(args.db)}: {len(queries)} queries, typed one key at a time")
    with open_store(db_target(args.db), read_only=True) as store:  # the server's cache warm
        for query in queries:
            search_store(store, query, limit=50)
    each, last = typed(args.db, queries)
    times = [ms for ms, _ in each]
    print(f"keystroke:   {summary(times)}  ({len(times)} searches, {sum(times) / 1000:.1f} s)")
    print(f"whole query: {summary(last)}")
    print("slowest keystrokes:")
    for ms, text in sorted(each, reverse=True)[: args.slowest]:
        print(f"  {ms:8.1f} ms  {text!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
