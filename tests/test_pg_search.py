"""Search on PostgreSQL: the server finds the candidates, the answers are the file store's.

Every hit (article, paragraph, score, text, spans, kind, start), the total and whether
it is exact must be the same on both stores, for the behaviour tests' queries and the
search benchmark's (exact words, typo'd fragments, accent-free names, filters and
operators) on the seeds and on a generated corpus; and still after articles are
changed and removed (the passages are written for those articles only) and after an
archive of schema version 2 is migrated.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

import psycopg
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from test_store_behaviour import QUERIES

from bench.bench_search import all_queries
from bench.corpus import generate_corpus
from newsdesk.store import Store, load_index, open_store, parse_query, search_store
from newsdesk.store.pg.schema import SCHEMA, SCHEMA_VERSION
from newsdesk.store.sidecars import SEARCH, reset_caches


def _answers(store: Store, queries: list[str]) -> list[tuple[Any, ...]]:
    found = []
    for query in queries:
        result = search_store(store, query)
        hits = [(h.doc, h.para, h.score, h.text, h.spans, h.kind, h.start) for h in result.hits]
        found.append((query, result.total, result.total_exact, hits))
    return found


#: Common words beside rarer ones (the engine assumes the common ones present), also
#: where the rarer word's passages lack them (French passages and "the").
MIXED = ["numérique the", "the of numerique", "gouvernement the and", "the vietnam of digital"]


def _queries(file_store: Store) -> list[str]:
    """The behaviour tests' queries and the benchmark's, drawn from the archive."""
    return QUERIES + MIXED + [q.text for q in all_queries(load_index(file_store), seed=7)]


def _compare(db_path: Path, pg_url: str, folders: list[Path]) -> list[tuple[Any, ...]]:
    reset_caches()
    with open_store(db_path) as local:
        for folder in folders:
            local.ingest([folder])
        queries = _queries(local)
        expected = _answers(local, queries)
    reset_caches()
    with open_store(pg_url) as server:
        for folder in folders:
            server.ingest([folder])
        got = _answers(server, queries)
        assert not server.sidecar_path(SEARCH).exists()  # no index file was built
    for want, have in zip(expected, got, strict=True):
        assert have == want, want[0]
    return expected


def test_the_seeds_answer_every_query_alike(db_path: Path, pg_url: str, seeds_dir: Path) -> None:
    answers = _compare(db_path, pg_url, [seeds_dir])
    assert len(answers) > 60
    assert sum(1 for *_, hits in answers if hits) > len(answers) // 2


def test_a_generated_corpus_answers_every_query_alike(
    db_path: Path, pg_url: str, tmp_path: Path
) -> None:
    folder = tmp_path / "corpus"
    generate_corpus(150, folder, seed=3)
    answers = _compare(db_path, pg_url, [folder])
    assert sum(1 for *_, hits in answers if len(hits) >= 10) > 10


def _tables(url: str) -> dict[str, Any]:
    """The search tables' content, without the passages' serial ids."""
    with psycopg.connect(url) as conn:
        passages = conn.execute(
            f"SELECT article_id, seq, para, start, stop, kind, words FROM {SCHEMA}.search_passages "
            "ORDER BY article_id, seq"
        ).fetchall()
        postings = conn.execute(
            f'SELECT DISTINCT u.word COLLATE "C", p.article_id, p.seq '
            f"FROM {SCHEMA}.search_passages p, unnest(string_to_array(p.words, ' ')) AS u(word) "
            "ORDER BY 1, 2, 3"
        ).fetchall()
        words = conn.execute(f"SELECT word, df FROM {SCHEMA}.search_words ORDER BY word").fetchall()
        count = conn.execute(
            f"SELECT value FROM {SCHEMA}.meta WHERE key = 'search_passages'"
        ).fetchone()
    return {"passages": passages, "postings": postings, "words": words, "count": count}


def test_changed_and_removed_articles_rewrite_their_passages_only(
    db_path: Path, pg_url: str, seeds_dir: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "seeds"
    shutil.copytree(seeds_dir, folder)
    first = sorted(folder.glob("*.txt"))
    with open_store(pg_url) as store:
        store.ingest([folder])
        before = _tables(pg_url)
        text = first[0].read_text(encoding="utf-8")
        first[0].write_text(text + "\nA quasar of unusual brightness lit the harbour.\n", "utf-8")
        store.ingest([folder])
        gone = store.ids()[-1]
        store.remove([gone])
        after = _tables(pg_url)
        assert "A quasar of unusual" in search_store(store, "quasar brightness").hits[0].text
    assert ("quasar", 1) in after["words"] and ("quasar", 1) not in before["words"]
    assert not any(row[0] == gone for row in after["passages"])
    assert after["count"][0] == len(after["passages"]) < len(before["passages"])
    # The df column counts the postings; no word is left without a passage.
    df: dict[str, int] = {}
    for word, *_ in after["postings"]:
        df[word] = df.get(word, 0) + 1
    assert after["words"] == sorted(df.items())
    # And the tables equal those of one ingest of the same articles, from scratch.
    first[-1].unlink()
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {SCHEMA} CASCADE")
    reset_caches()
    with open_store(pg_url) as fresh:
        fresh.ingest([folder])
        assert sorted(fresh.ids()) == sorted(r for r in {p[0] for p in after["passages"]})
    assert _tables(pg_url) == after
    reset_caches()
    with open_store(db_path) as local:
        local.ingest([folder])
        expected = _answers(local, QUERIES)
    with open_store(pg_url) as again:
        assert _answers(again, QUERIES) == expected


def test_an_archive_of_schema_2_gets_its_search_tables(
    db_path: Path, pg_url: str, seeds_dir: Path
) -> None:
    with open_store(pg_url) as store:
        store.ingest([seeds_dir])
    built = _tables(pg_url)
    # Back to version 2: no search tables, articles stored.
    with psycopg.connect(pg_url, autocommit=True) as conn:
        for table in ("search_passages", "search_words"):
            conn.execute(f"DROP TABLE {SCHEMA}.{table}")
        conn.execute(f"DELETE FROM {SCHEMA}.meta WHERE key = 'search_passages'")
        conn.execute(f"UPDATE {SCHEMA}.schema_version SET version = 2")
    reset_caches()
    with pytest.raises(Exception, match="schema version 3"):
        open_store(pg_url, read_only=True)
    with open_store(pg_url) as store:
        assert store.schema_version() == SCHEMA_VERSION == 3
        got = _answers(store, QUERIES)
    assert _tables(pg_url) == built
    reset_caches()
    with open_store(db_path) as local:
        local.ingest([seeds_dir])
        assert got == _answers(local, QUERIES)


def test_candidates_carry_the_whole_index_bounds(
    db_path: Path, pg_url: str, seeds_dir: Path
) -> None:
    """Each candidate's bound (what orders the engine's work) is the one the whole
    index gives the same passage, and every passage the whole index could match is
    a candidate."""
    from newsdesk.store.search.engine import _bounds
    from newsdesk.store.search.match import make_matcher

    reset_caches()
    with open_store(db_path) as local:
        local.ingest([seeds_dir])
        whole = load_index(local)
    with open_store(pg_url) as server:
        server.ingest([seeds_dir])
        for text in [*MIXED, "digital transformation", "transfromation digitale", "'gital"]:
            query = parse_query(text)
            part = server.search_candidates(query)
            assert part is not None
            bounds = []
            for index in (whole, part):
                clauses = [[make_matcher(index, t) for t in c.terms] for c in query.clauses]
                found = _bounds(index, clauses, None)
                keys = zip(
                    (index.docs[d] for d in index.pas_doc),
                    index.par_n[index.pas_par].tolist(),
                    index.pas_start.tolist(),
                    index.pas_end.tolist(),
                    strict=True,
                )
                bounds.append({k: b for k, b in zip(keys, found.tolist(), strict=True) if b > 0})
            assert bounds[1] == bounds[0], text
            assert bounds[0], text
