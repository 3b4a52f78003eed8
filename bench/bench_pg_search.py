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
    python -m bench.bench_pg_search --pg URL --size 10000 --folder DIR --keep KEEP

With ``--keep KEEP`` the TinyDB file (in the folder KEEP) and the database stay after
the run, and a later run with the same ``--keep`` and ``--size`` searches them again
instead of ingesting (``--runs N`` times each query set, medians of the runs).
"""

from __future__ import annotations

import argparse
import os
import statistics
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


def database_url(url: str, name: str) -> str:
    base, _, _ = url.rpartition("/")
    return f"{base}/{name}"


def has_database(url: str, name: str) -> bool:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
    return row is not None


def new_database(url: str, name: str) -> str:
    import psycopg
    from psycopg import sql

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return database_url(url, name)


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
    parser.add_argument(
        "--keep", type=Path, help="keep (and reuse) the TinyDB file here and the database"
    )
    parser.add_argument("--runs", type=int, default=1, help="times each store answers (1)")
    parser.add_argument("--verbose", action="store_true", help="print every query's times")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        os.environ["NEWSDESK_PG_CACHE"] = str(work / "pg-cache")
        folder = args.folder or work / "corpus"
        name = f"newsdesk_bench_search_{args.size}"
        keep: Path | None = args.keep
        json_file = (keep or work) / f"bench-{args.size}.json"
        reuse = keep is not None and json_file.exists() and has_database(args.pg, name)
        if reuse:
            url = database_url(args.pg, name)
        else:
            if not any(folder.glob("*.txt")):
                generate_corpus(args.size, folder, args.seed)
            if keep is not None:
                keep.mkdir(parents=True, exist_ok=True)
                json_file.unlink(missing_ok=True)
            url = new_database(args.pg, name)
        try:
            rows: dict[str, tuple[list[Any], list[float], float | None]] = {}
            for label, target in (("TinyDB", json_file), ("PostgreSQL", url)):
                reset_caches()
                with open_store(target) as store:
                    ingest_s = None
                    if not reuse:
                        start = time.perf_counter()
                        store.ingest([folder, SEEDS])
                        ingest_s = time.perf_counter() - start
                    if label == "TinyDB":
                        drawn = all_queries(load_index(store), args.seed)
                        queries = BEHAVIOUR + [q.text for q in drawn]
                    runs = [answers(store, queries) for _ in range(max(args.runs, 1))]
                found = runs[0][0]
                times = [statistics.median(r[1][i] for r in runs) for i in range(len(queries))]
                rows[label] = (found, times, ingest_s)
        finally:
            if keep is None:
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
        ingest = f"{ingest_s:>10.1f}" if ingest_s is not None else f"{'-':>10}"
        print(
            f"{label:<12}{ingest}{percentile(times, 0.5):>9.1f}"
            f"{percentile(times, 0.95):>9.1f}{max(times):>9.1f}"
        )
    if args.verbose:
        print(f"{'ms TinyDB':>10}{'ms PG':>9}  query")
        for i, query in enumerate(queries):
            print(f"{rows['TinyDB'][1][i]:>10.1f}{rows['PostgreSQL'][1][i]:>9.1f}  {query}")
    return 0 if same == len(queries) else 1


if __name__ == "__main__":
    raise SystemExit(main())
