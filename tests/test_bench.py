"""The benchmark suite's measuring steps run on the seeds and report what they claim."""

from __future__ import annotations

import sys
from pathlib import Path

# bench/ is part of the checkout, not of the installed package.
sys.path.append(str(Path(__file__).resolve().parent.parent))

from bench.bench_search import all_queries
from bench.run import _QUERIES_CHILD, _STEPS_CHILD, add_one, run_child, steps_line, table
from newsdesk.store import Store
from newsdesk.store.derived import ARTICLE_STAGES
from newsdesk.store.search.index import load_index

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def test_step_figures_name_every_per_article_step() -> None:
    steps = run_child(_STEPS_CHILD, str(SEEDS), "300")
    assert list(steps) == ["parse", *ARTICLE_STAGES]
    assert all(ms > 0 for ms in steps.values())
    line = steps_line({"size": "seeds", "step_ms": steps})
    assert line.startswith("seeds: CPU ms an article: parse ")
    assert f"in all {sum(steps.values()):.1f}" in line


def test_query_latency_runs_the_search_benchmark_queries(seeded_db: Path) -> None:
    latency = run_child(_QUERIES_CHILD, str(seeded_db))
    with Store.open(seeded_db, read_only=True) as store:
        queries = all_queries(load_index(store), seed=0)
    assert {q.kind for q in queries} == {"exact", "typo", "name", "filter"}
    assert latency["queries"] == len(queries)
    assert 0 < latency["p50_ms"] <= latency["p95_ms"]


def test_table_shows_query_latency_and_dashes_for_figures_not_measured() -> None:
    rows = [
        {"size": "10k", "articles": 10_000, "query_p50_ms": 6.44, "query_p95_ms": 9.51},
        {"size": "50k", "articles": 50_000},
    ]
    head, _, ten, fifty = table(rows).splitlines()
    titles = [cell.strip() for cell in head.strip("|").split("|")]
    cells = [cell.strip() for cell in ten.strip("|").split("|")]
    assert cells[titles.index("query p50 ms")] == "6.4"
    assert cells[titles.index("query p95 ms")] == "9.5"
    assert cells[titles.index("articles")] == "10,000"
    assert fifty.count("—") == len(titles) - 2


def test_add_one_ingests_a_new_article_into_a_copy(seeded_db: Path, tmp_path: Path) -> None:
    before = seeded_db.read_bytes()
    assert add_one(seeded_db, tmp_path, 1) > 0  # it raises unless exactly one was added
    assert seeded_db.read_bytes() == before  # the archive itself is left alone
