"""Search on both stores: the same answers, and each store's latency.

Ingests a generated corpus (``bench.corpus``) and the seeds into a TinyDB file and
into a new PostgreSQL database, runs the search benchmark's query set
(``bench.bench_search.all_queries``: exact words, typo'd quote fragments,
accent-free names, filters and operators) and the behaviour tests' queries on both,
and checks that every answer is the same: hits (article, paragraph, score, text,
spans, kind, start), the total and whether it is exact. Prints p50 / p95 / max per
store, each query timed through ``search_store`` as the app and ``newsdesk search``
call it (the TinyDB index already in memory; on PostgreSQL every query asks the
server).

Run from the repository root, with a server where the user may create databases::

    python -m bench.bench_pg_search --pg postgresql://user:pw@127.0.0.1:5432/postgres
    python -m bench.bench_pg_search --pg URL --size 1000 --folder DIR
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.bench_search import all_queries, percentile  # noqa: E402
from bench.corpus import generate_corpus  # noqa: E402
from newsdesk.store import Store, load_index, open_store, search_store  # noqa: E402
from newsdesk.store.pg.url import describe  # noqa: E402
from newsdesk.store.sidecars import reset_caches  # noqa: E402

SEEDS = ROOT / "seeds"
#: The behaviour tests' queries (tests/test_store_behaviour.py).
BEHAVIOUR = [
    "digital transformation", "transfromation digitale", "nguyen hoa binh", "'gital",
    "'nam'", '"digital data"', "^prime", "taught$", "digital !economy",
    "economy | society lang:en", "rien n'est impossible kind:quote", "numérique lang:fr",
    "date:2024-11 digital", "doc:004 government", "kind:fact percent", "by:chinh",
]  # fmt: skip


def answers(store: Store, queries: list[str]) -> tuple[list[Any], list[float]]:
    """Every query's answer and its milliseconds."""
    found: list[Any] = []
    times: list[float] = []
    search_store(store, "warm up")
    for query in queries:
        start = time.perf_counter()
        result = search_store(store, query)
        times.append((time.perf_counter() - start) * 1000)
        hits = [(h.doc, h.para, h.score, h.text, h.spans, h.kind, h.start) for h in result.hits]
        found.append((result.total, result.total_exact, hits))
    return found, times


def new_database(url: str, name: str) -> str:
    import psycopg
    from psycopg import sql

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    base, _, _ = url.rpartition("/")
    return f"{base}/{name}"


def drop_database(url: str, name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pg", required=True, help="a server URL where databases may be made")
    parser.add_argument("--size", type=int, default=1000, help="generated articles (1000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--folder", type=Path, help="corpus folder (made if missing)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        os.environ["NEWSDESK_PG_CACHE"] = str(work / "pg-cache")
        folder = args.folder or work / "corpus"
        if not any(folder.glob("*.txt")):
            generate_corpus(args.size, folder, args.seed)
        name = f"newsdesk_bench_search_{args.size}"
        url = new_database(args.pg, name)
        try:
            rows = {}
            for label, target in (("TinyDB", work / "bench.json"), ("PostgreSQL", url)):
                reset_caches()
                with open_store(target) as store:
                    start = time.perf_counter()
                    store.ingest([folder, SEEDS])
                    ingest_s = time.perf_counter() - start
                    if label == "TinyDB":
                        drawn = all_queries(load_index(store), args.seed)
                        queries = BEHAVIOUR + [q.text for q in drawn]
                    found, times = answers(store, queries)
                rows[label] = (found, times, ingest_s)
        finally:
            drop_database(args.pg, name)
    same = sum(1 for a, b in zip(rows["TinyDB"][0], rows["PostgreSQL"][0], strict=True) if a == b)
    print(f"{len(queries)} queries on {args.size:,} generated articles and the seeds")
    print(f"server: {describe(args.pg)}")
    print(f"identical answers: {same} / {len(queries)}")
    for i, (a, b) in enumerate(zip(rows["TinyDB"][0], rows["PostgreSQL"][0], strict=True)):
        if a != b:
            print(f"  differs: {queries[i]!r}")
    print(f"{'store':<12}{'ingest s':>10}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    for label, (_, times, ingest_s) in rows.items():
        print(
            f"{label:<12}{ingest_s:>10.1f}{percentile(times, 0.5):>9.1f}"
            f"{percentile(times, 0.95):>9.1f}{max(times):>9.1f}"
        )
    return 0 if same == len(queries) else 1


if __name__ == "__main__":
    raise SystemExit(main())
