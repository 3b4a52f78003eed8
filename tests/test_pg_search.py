"""Search on PostgreSQL: the server finds the candidates, the answers are the file store's.

Every hit (article, paragraph, score, text, spans, kind, start), the total and whether
it is exact must be the same on both stores, for the behaviour tests' queries and the
search benchmark's (exact words, typo'd fragments, accent-free names, filters and
operators) on the seeds and on a generated corpus; and still after articles are
changed and removed (the passages are written for those articles only) and after an
archive of schema version 2 or 3 is migrated.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import psycopg
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from test_search_engine import COMMON_TYPO_QUERIES, TIE_QUERIES, write_copies
from test_store_behaviour import QUERIES

from bench.bench_search import all_queries
from bench.corpus import generate_corpus
from newsdesk.store import Store, load_index, open_store, parse_query, search_store
from newsdesk.store.pg.schema import SCHEMA, SCHEMA_VERSION
from newsdesk.store.pg.search import (
    HIDDEN,
    MEMBER,
    _distinct_kept_words,
    _kept_words,
    check_passages,
    search_ready,
)
from newsdesk.store.search.index import SearchIndex
from newsdesk.store.search.match import NEAR
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
#: Article filters, which the server applies too.
BY_ARTICLE = ["!doc:004 government", "doc:00 !doc:001 digital", "doc:zz digital", "!doc:0 the"]
#: Filters alone (every passage they keep, shortest first) and the facts' filters.
FILTERS = [
    "lang:fr", "!lang:en", "kind:quote", "kind:caption !lang:fr", "date:2024-11", "doc:00",
    "!doc:0", "kind:fact", "kind:fact lang:en", "by:chinh lang:en", "kind:fact digital",
    "by:chinh government | economy", "lang:xx",
]  # fmt: skip


def _apart(index: SearchIndex, count: int = 12) -> list[str]:
    """Queries whose words sit a few words apart in a passage, in its order and the
    other way round (the fuzzy order bonus counts neighbours up to ``NEAR`` apart),
    and phrases and edges of the same passages: the server sends a candidate's other
    words as runs of a stand-in, which must leave every such score alone."""
    found: list[str] = []
    taken = 0
    for pid in range(0, len(index), max(1, len(index) // (count * 8))):
        toks, _, _ = index.tokens_of(np.array([pid]))
        words = [index.vocab[t] for t in toks.tolist()]
        if len(words) < NEAR + 5 or not all(w.isalpha() for w in words[: NEAR + 4]):
            continue
        first = words[0]
        for gap in (NEAR - 1, NEAR, NEAR + 1, NEAR + 3):
            found += [f"{first} {words[gap]}", f"{words[gap]} {first}"]
        found += [f'"{words[1]} {words[2]}"', f"^{first}", f"{words[-1]}$", f"{first} !{words[3]}"]
        taken += 1
        if taken == count:
            break
    return found


def _queries(file_store: Store) -> list[str]:
    """The behaviour tests' queries and the benchmark's, drawn from the archive."""
    index = load_index(file_store)
    drawn = [q.text for q in all_queries(index, seed=7)]
    return QUERIES + MIXED + BY_ARTICLE + FILTERS + _apart(index) + drawn


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
    assert len(answers) > 80
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
        places = {
            int(i): (str(d), int(q), int(n), int(k), str(t).split(" "))
            for i, d, q, n, k, t in conn.execute(
                f"SELECT id, article_id, seq, stop - start, kind, words "
                f"FROM {SCHEMA}.search_passages"
            ).fetchall()
        }
        packed = []
        for word, data in conn.execute(f"SELECT word, ids FROM {SCHEMA}.search_postings"):
            for i, length, kind, edge in np.frombuffer(bytes(data), dtype=MEMBER).tolist():
                article, seq, real, real_kind, terms = places[i]
                assert (length, kind) == (real, real_kind)
                assert edge == (terms[0] == word) + 2 * (terms[-1] == word)
                packed.append((word, article, seq))
        runs: dict[str, set[int]] = {}
        for article, first, last in conn.execute(f"SELECT * FROM {SCHEMA}.search_ranges"):
            runs.setdefault(article, set()).update(range(first, last + 1))
        held: dict[str, set[int]] = {}
        for i, (article, *_) in places.items():
            held.setdefault(article, set()).add(i)
        assert runs == held  # each article's passage ids, in runs
        count = conn.execute(
            f"SELECT value FROM {SCHEMA}.meta WHERE key = 'search_passages'"
        ).fetchone()
    assert sorted(packed) == sorted(postings)  # each word's packed passages, once each
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
        for table in ("search_passages", "search_words", "search_postings", "search_ranges"):
            conn.execute(f"DROP TABLE {SCHEMA}.{table}")
        conn.execute(f"DROP SEQUENCE {SCHEMA}.search_parts")
        conn.execute(f"DELETE FROM {SCHEMA}.meta WHERE key = 'search_passages'")
        conn.execute(f"UPDATE {SCHEMA}.schema_version SET version = 2")
    reset_caches()
    with pytest.raises(Exception, match=f"schema version {SCHEMA_VERSION}"):
        open_store(pg_url, read_only=True)
    with open_store(pg_url) as store:
        assert store.schema_version() == SCHEMA_VERSION
        got = _answers(store, QUERIES)
    assert _tables(pg_url) == built
    reset_caches()
    with open_store(db_path) as local:
        local.ingest([seeds_dir])
        assert got == _answers(local, QUERIES)


def _columns(url: str) -> list[str]:
    """The columns of the passages' table."""
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass "
            "AND attnum > 0 AND NOT attisdropped ORDER BY attnum",
            (f"{SCHEMA}.search_passages",),
        ).fetchall()
    return [str(r[0]) for r in rows]


def _without_postings(conn: psycopg.Connection[Any]) -> None:
    """Drop the postings, the article ranges and their sequence (schema 5 and before)."""
    conn.execute(f"DROP TABLE {SCHEMA}.search_postings, {SCHEMA}.search_ranges")
    conn.execute(f"DROP SEQUENCE {SCHEMA}.search_parts")


def _with_terms(conn: psycopg.Connection[Any]) -> None:
    """Give the passages back the words as an indexed ``text[]`` (schema 4 to 6)."""
    conn.execute(f"ALTER TABLE {SCHEMA}.search_passages ADD COLUMN terms text[]")
    conn.execute(f"UPDATE {SCHEMA}.search_passages SET terms = string_to_array(words, ' ')")
    conn.execute(f"ALTER TABLE {SCHEMA}.search_passages ALTER COLUMN terms SET NOT NULL")
    conn.execute(
        f"CREATE INDEX search_passages_terms ON {SCHEMA}.search_passages USING gin (terms)"
    )


def test_an_archive_of_schema_3_gets_its_words_as_arrays_in_place(
    db_path: Path, pg_url: str, seeds_dir: Path
) -> None:
    with open_store(pg_url) as store:
        store.ingest([seeds_dir])
    built = _tables(pg_url)
    # Back to version 3: each passage's words one space-separated text only, indexed
    # as an expression.
    with psycopg.connect(pg_url, autocommit=True) as conn:
        _without_postings(conn)
        conn.execute(
            f"CREATE INDEX search_passages_words ON {SCHEMA}.search_passages "
            "USING gin ((string_to_array(words, ' ')))"
        )
        conn.execute(f"UPDATE {SCHEMA}.schema_version SET version = 3")
    reset_caches()
    with pytest.raises(Exception, match=f"schema version {SCHEMA_VERSION}"):
        open_store(pg_url, read_only=True)
    with open_store(pg_url) as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert search_ready(store)  # the passages were converted: no rebuild pending
        got = _answers(store, QUERIES)
    assert _tables(pg_url) == built
    assert "terms" not in _columns(pg_url)
    reset_caches()
    with open_store(db_path) as local:
        local.ingest([seeds_dir])
        assert got == _answers(local, QUERIES)


def test_an_archive_of_schema_5_gets_its_postings_in_place(
    db_path: Path, pg_url: str, seeds_dir: Path
) -> None:
    """Version 6 adds each word's passages as rows, written from the passages there
    (no rebuild); the doctor finds them in step. (Changes and removals keep them in
    step: _tables checks them in every test.)"""
    with open_store(pg_url) as store:
        store.ingest([seeds_dir])
    built = _tables(pg_url)
    with psycopg.connect(pg_url, autocommit=True) as conn:
        _without_postings(conn)
        _with_terms(conn)
        conn.execute(f"UPDATE {SCHEMA}.schema_version SET version = 5")
    reset_caches()
    with pytest.raises(Exception, match=f"schema version {SCHEMA_VERSION}"):
        open_store(pg_url, read_only=True)
    with open_store(pg_url) as store:
        assert store.schema_version() == SCHEMA_VERSION == 9
        assert search_ready(store)
        assert [f.level for f in check_passages(store)] == ["ok"]
        got = _answers(store, QUERIES)
    assert _tables(pg_url) == built
    with psycopg.connect(pg_url, autocommit=True) as conn:  # a word's passages lost
        conn.execute(f"DELETE FROM {SCHEMA}.search_postings WHERE word = 'digital'")
    with open_store(pg_url) as store:
        assert any("postings are off" in f.message for f in check_passages(store))
    reset_caches()
    with open_store(db_path) as local:
        local.ingest([seeds_dir])
        assert got == _answers(local, QUERIES)


def test_an_archive_of_schema_6_drops_the_words_array_and_adds_after_it(
    db_path: Path, pg_url: str, seeds_dir: Path, tmp_path: Path
) -> None:
    """Version 7 drops the passages' ``terms`` column and its GIN index (the postings
    answer every look-up); the tables are left as they were, and a later ingest
    writes the same rows as one from scratch."""
    first, rest = tmp_path / "first", tmp_path / "rest"
    first.mkdir()
    rest.mkdir()
    for i, path in enumerate(sorted(seeds_dir.glob("*.txt"))):
        shutil.copy(path, (first if i < 3 else rest) / path.name)
    with open_store(pg_url) as store:
        store.ingest([first])
    built = _tables(pg_url)
    with psycopg.connect(pg_url, autocommit=True) as conn:
        _with_terms(conn)
        conn.execute(f"UPDATE {SCHEMA}.schema_version SET version = 6")
    assert "terms" in _columns(pg_url)
    reset_caches()
    with pytest.raises(Exception, match=f"schema version {SCHEMA_VERSION}"):
        open_store(pg_url, read_only=True)
    with open_store(pg_url) as store:
        assert store.schema_version() == SCHEMA_VERSION == 9
        assert [f.level for f in check_passages(store)] == ["ok"]
        assert _tables(pg_url) == built
        assert "terms" not in _columns(pg_url)
        store.ingest([rest])
        assert [f.level for f in check_passages(store)] == ["ok"]
        got = _answers(store, QUERIES)
    reset_caches()
    with open_store(db_path) as local:
        local.ingest([first])
        local.ingest([rest])
        assert got == _answers(local, QUERIES)


#: What the engine works out per passage of an index for a query's clauses.
Measure = Callable[[SearchIndex, list[list[Any]]], np.ndarray]


def _bounds_of(index: SearchIndex, clauses: list[list[Any]]) -> np.ndarray:
    from newsdesk.store.search.engine import _bounds

    return _bounds(index, clauses, None)


def _scores_of(index: SearchIndex, clauses: list[list[Any]]) -> np.ndarray:
    from newsdesk.store.search.engine import _Checker

    return _Checker(index, clauses, []).refine(np.arange(len(index)))


def _same_per_passage(
    whole: SearchIndex, server: Store, texts: list[str], measure: Measure = _bounds_of
) -> None:
    """Each candidate's ``measure`` (its bound, which orders the engine's work, or its
    exact score) is the one the whole index gives the same passage, and every
    passage the whole index could match is a candidate."""
    from newsdesk.store.search.match import make_matcher

    for text in texts:
        query = parse_query(text)
        part = server.search_candidates(query)
        assert part is not None
        found = []
        for index in (whole, part):
            clauses = [[make_matcher(index, t) for t in c.terms] for c in query.clauses]
            values = measure(index, clauses)
            keys = zip(
                (index.docs[d] for d in index.pas_doc),
                index.par_n[index.pas_par].tolist(),
                index.pas_start.tolist(),
                index.pas_end.tolist(),
                strict=True,
            )
            found.append({k: v for k, v in zip(keys, values.tolist(), strict=True) if v > 0})
        assert found[1] == found[0], text
        assert found[0], text


def test_candidates_carry_the_whole_index_bounds(
    db_path: Path, pg_url: str, seeds_dir: Path
) -> None:
    reset_caches()
    with open_store(db_path) as local:
        local.ingest([seeds_dir])
        whole = load_index(local)
    with open_store(pg_url) as server:
        server.ingest([seeds_dir])
        texts = [*MIXED, "digital transformation", "transfromation digitale", "'gital"]
        _same_per_passage(whole, server, texts)


def test_copies_of_a_sentence_answer_alike_with_a_common_word_typod(
    db_path: Path, pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Forty copies of one sentence, queried with typos (one in a word of most
    passages, which both stores assume present with its best similarity in the
    archive): the same bounds where the server ranks the candidates and where the
    engine scores them, the same answers, every copy scoring its bound."""
    from newsdesk.store.pg import search as pg_search
    from newsdesk.store.search.engine import _bounds
    from newsdesk.store.search.match import make_matcher

    folder = tmp_path / "copies"
    write_copies(folder)
    texts = TIE_QUERIES + COMMON_TYPO_QUERIES
    reset_caches()
    with open_store(db_path) as local:
        local.ingest([folder])
        whole = load_index(local)
        expected = _answers(local, texts)
    ranked: list[np.ndarray] = []
    real = pg_search.bounds

    def kept(*args: Any, **kwargs: Any) -> np.ndarray:
        ranked.append(real(*args, **kwargs))
        return ranked[-1]

    monkeypatch.setattr(pg_search, "bounds", kept)
    reset_caches()
    with open_store(pg_url) as server:
        server.ingest([folder])
        _same_per_passage(whole, server, texts)
        for text in texts:
            ranked.clear()
            search_store(server, text)
            query = parse_query(text)
            clauses = [[make_matcher(whole, t) for t in c.terms] for c in query.clauses]
            want = _bounds(whole, clauses, None)
            assert sorted(ranked[0][ranked[0] > 0].tolist()) == sorted(want[want > 0].tolist())
        assert _answers(server, texts) == expected
    for text, *_, hits in expected:
        assert len(hits) >= 10, text


def test_a_candidate_keeps_its_words_places_up_to_the_neighbour_reach() -> None:
    """Only the words a term can match count; the others become runs of a stand-in
    no longer than NEAR + 1, the passage's edges where they were."""
    texts = (
        "x digital a b c d e f economy y z w",
        "p q",
        "",
        "a b c d e f g h i",
        "alpha beta alpha",
    )
    fwd, lengths, words = _kept_words(texts, {"digital", "economy", "alpha", "beta"})
    assert words[0] == HIDDEN
    seen = [words[t] for t in fwd.tolist()]
    gap = [HIDDEN] * min(6, NEAR + 1)
    first = [HIDDEN, "digital", *gap, "economy", *[HIDDEN] * min(3, NEAR + 1)]
    assert lengths.tolist() == [len(first), 2, 1, min(9, NEAR + 1), 3]
    assert seen == [*first, HIDDEN, HIDDEN, HIDDEN, *[HIDDEN] * min(9, NEAR + 1), *texts[4].split()]


def test_passages_of_the_same_words_are_kept_as_when_worked_out_one_by_one() -> None:
    """A sentence repeated across articles (wire copy picked up again) is worked out
    once: the forward index, lengths and words are those of each passage on its own."""
    texts = (
        "the prime minister said digital transformation is a must",
        "p q digital",
        "the prime minister said digital transformation is a must",
        "economy grew",
        "p q digital",
        "the prime minister said digital transformation is a must",
    )
    kept = {"digital", "transformation", "economy", "minister"}
    fwd, lengths, words = _kept_words(texts, kept)
    one_by_one = _distinct_kept_words(texts, kept)
    assert words == one_by_one[2]
    assert lengths.tolist() == one_by_one[1].tolist()
    assert fwd.tolist() == one_by_one[0].tolist()
    first = [HIDDEN, HIDDEN, "minister", HIDDEN, "digital", "transformation"]
    first += [HIDDEN] * min(3, NEAR + 1)
    assert [words[t] for t in fwd[: lengths[0]].tolist()] == first


def test_candidates_carry_the_whole_index_scores(
    db_path: Path, pg_url: str, seeds_dir: Path
) -> None:
    """The index's exact score of each candidate (fuzzy order bonus, phrases) is the
    one the whole index gives the same passage, though a candidate carries only the
    words a term can match."""
    reset_caches()
    with open_store(db_path) as local:
        local.ingest([seeds_dir])
        whole = load_index(local)
    queries = _apart(whole, count=30)
    assert len(queries) > 20
    with open_store(pg_url) as server:
        server.ingest([seeds_dir])
        _same_per_passage(whole, server, queries, _scores_of)


#: Terms whose every candidate scores 100 (whole words, parts of words), alone, in
#: several clauses, in alternatives and with the filters the server applies.
SAME_SCORE = [
    "'digital", "'gital", "'tion", "'the", "'nam'", '"government"', "'digital 'economy",
    "'digital | 'society", "'the lang:fr", "'the kind:quote", "'ment lang:en kind:sentence",
]  # fmt: skip


def test_terms_scoring_alike_fetch_the_shortest_candidates_only(
    db_path: Path, pg_url: str, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where every candidate scores the same the server sends the first few in the
    engine's order and counts the others; the answers (total included) stay the file
    store's for every limit, also when the few sent run out (all are fetched then)."""
    import newsdesk.store.pg.search as pg_search

    reset_caches()
    with open_store(db_path) as local:
        local.ingest([seeds_dir])
        expected = {
            (q, n): search_store(local, q, limit=n) for q in SAME_SCORE for n in (1, 3, 20, 200)
        }
    left_out = []
    with open_store(pg_url) as server:
        server.ingest([seeds_dir])
        for times, more in ((4, 64), (1, 0)):
            monkeypatch.setattr(pg_search, "FIRST_TIMES", times)
            monkeypatch.setattr(pg_search, "FIRST_MORE", more)
            _answer_alike(server, expected, times)
            for query, limit in expected:
                part = server.search_candidates(parse_query(query), None, limit)
                assert part is not None
                left_out.append(part.left_out)
    assert max(left_out) > 0
    assert sum(1 for want in expected.values() if not want.total_exact) > 3


def _answer_alike(server: Store, expected: dict[tuple[str, int], Any], label: object) -> None:
    """Each query of ``expected`` (by query and limit) has the same hits, total and
    exactness from ``server`` as the file store gave."""
    for (query, limit), want in expected.items():
        got = search_store(server, query, limit=limit)
        assert (got.total, got.total_exact, got.hits) == (
            want.total,
            want.total_exact,
            want.hits,
        ), (query, limit, label)


def test_ranked_candidates_answer_alike_for_every_limit_and_batch(
    db_path: Path, pg_url: str, seeds_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fuzzy words, exact terms, alternatives, negations and the server's filters: the
    server ranks the candidates by the engine's bound and sends the best first, more
    when those run out; hits, total and its exactness stay the file store's for every
    limit, also when only one candidate comes first and the rest in small batches,
    and when the server picks the first of every tie of equal bound and length."""
    import newsdesk.store.pg.ranked as pg_ranked
    import newsdesk.store.pg.search as pg_search

    folder = tmp_path / "corpus"
    generate_corpus(60, folder, seed=5)
    reset_caches()
    with open_store(db_path) as local:
        local.ingest([folder, seeds_dir])
        queries = _queries(local)
        expected = {(q, n): search_store(local, q, limit=n) for q in queries for n in (1, 7, 50)}
    sent: list[int] = []
    more = pg_search._Ranked.index

    cut = pg_search._Ranked._cut_tie
    ties: list[int] = []

    def counted(self: Any, count: int, *args: Any, **kwargs: Any) -> SearchIndex:
        index = more(self, count, *args, **kwargs)
        sent.append(index.left_out)
        return index

    def cutting(self: Any, tie: Any, need: int, tenths: int, population: int) -> Any:
        ties.append(len(tie) - need)
        return cut(self, tie, need, tenths, population)

    monkeypatch.setattr(pg_search._Ranked, "index", counted)
    monkeypatch.setattr(pg_search._Ranked, "_cut_tie", cutting)
    with open_store(pg_url) as server:
        server.ingest([folder, seeds_dir])
        for times, extra, grow, slack in ((4, 64, 8, 256), (0, 1, 2, 256), (0, 1, 2, 0)):
            monkeypatch.setattr(pg_search, "FIRST_TIMES", times)
            monkeypatch.setattr(pg_search, "FIRST_MORE", extra)
            monkeypatch.setattr(pg_search, "MORE_TIMES", grow)
            monkeypatch.setattr(pg_ranked, "TIE_SLACK", slack)
            _answer_alike(server, expected, times)
    assert len(ties) > len(queries) and all(left > 0 for left in ties)  # ties were cut
    ranked = len(sent)
    assert ranked > len(expected)  # most queries are ranked, many more than once
    assert sum(1 for left in sent if left > 0) > ranked // 4
    assert sum(1 for want in expected.values() if not want.total_exact) > len(expected) // 4


def test_more_candidates_stop_at_what_the_engine_ever_scores(
    db_path: Path, pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the first candidates were not enough, the server sends more, growing, but
    never more than the engine scores from an index (it stops after MAX_REFINED);
    the answers, totals and their exactness stay the file store's."""
    import newsdesk.store.pg.search as pg_search
    import newsdesk.store.search.engine as engine

    monkeypatch.setattr(engine, "MAX_REFINED", 40)
    monkeypatch.setattr(engine, "_FIRST_CHUNK", 4)
    monkeypatch.setattr(engine, "_CHUNK", 8)
    folder = tmp_path / "corpus"
    generate_corpus(30, folder, seed=14)
    reset_caches()
    with open_store(db_path) as local:
        local.ingest([folder])
        queries = _queries(local) + EVERYWHERE
        expected = {(q, n): search_store(local, q, limit=n) for q in queries for n in (1, 20)}
    sent: list[int] = []
    more = pg_search._Ranked.index

    def counted(self: Any, count: int, *args: Any, **kwargs: Any) -> SearchIndex:
        sent.append(count)
        return more(self, count, *args, **kwargs)

    monkeypatch.setattr(pg_search._Ranked, "index", counted)
    monkeypatch.setattr(pg_search, "FIRST_TIMES", 0)
    monkeypatch.setattr(pg_search, "FIRST_MORE", 3)
    with open_store(pg_url) as server:
        server.ingest([folder])
        _answer_alike(server, expected, "few refined")
    assert engine.most_refined() == 48
    assert 48 in sent and max(sent) == 48  # grown from 3, then no further than 48
    assert sum(1 for want in expected.values() if not want.total_exact) > len(expected) // 4


def _corpus_and_its_changes(tmp_path: Path, seed: int) -> tuple[Path, Path]:
    """A corpus of 40 articles, and a second one of the same names with other texts
    (changed articles) and 10 new ones in a folder of its own (``extra``)."""
    first, second = tmp_path / "first", tmp_path / "second"
    generate_corpus(40, first, seed=seed)
    generate_corpus(40, second, seed=seed + 1)
    (second / "extra").mkdir()
    generate_corpus(10, second / "extra", seed=seed + 2)
    return first, second


@pytest.mark.parametrize("client_order", [True, False])
def test_ties_cut_in_the_archive_order_as_articles_come_and_change(
    db_path: Path,
    pg_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    client_order: bool,
) -> None:
    """Every large tie is cut by the archive's order, and the candidates' articles
    get their language and date: from the client's copy of the passages' ranges
    (read again once new articles' ids are met) or, when that copy cannot place
    them, from the server; the answers stay the file store's after articles are
    added and changed."""
    import newsdesk.store.pg.order as pg_order
    import newsdesk.store.pg.ranked as pg_ranked
    import newsdesk.store.pg.search as pg_search

    first, second = _corpus_and_its_changes(tmp_path, seed=8)
    reads: list[int] = []
    real_read = pg_order.PassageOrder.read.__func__  # type: ignore[attr-defined]

    def read(cls: Any, store: Any, population: int) -> Any:
        reads.append(population)
        return real_read(cls, store, population)

    def no_order(*args: Any) -> Any:
        raise LookupError("no order")

    monkeypatch.setattr(pg_order.PassageOrder, "read", classmethod(read))
    if not client_order:
        monkeypatch.setattr(pg_search, "first_in_order", no_order)
        monkeypatch.setattr(pg_search, "passage_ranges", no_order)
    monkeypatch.setattr(pg_search, "FIRST_TIMES", 0)
    monkeypatch.setattr(pg_search, "FIRST_MORE", 1)
    monkeypatch.setattr(pg_ranked, "TIE_SLACK", 0)
    reset_caches()
    with open_store(db_path) as local, open_store(pg_url) as server:
        for folder in (first, second):
            local.ingest([folder])
            server.ingest([folder])
            queries = _queries(local)
            expected = {(q, n): search_store(local, q, limit=n) for q in queries for n in (1, 7)}
            _answer_alike(server, expected, folder.name)
    assert (len(reads) >= 2) == client_order  # read once, again after the second ingest


#: Queries as they stand while typed, a common word before a letter or two: any
#: passage may match them (the common word alone reaches the coverage), so every
#: passage is a candidate; and filters alone.
EVERYWHERE = ["the p", "and c", "the su", "of t", "lang:fr", "kind:quote", "!lang:en digital"]


def test_queries_any_passage_may_match_rank_every_passage_as_articles_come_and_go(
    db_path: Path, pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A query every passage may match ranks them all from the sizes the client keeps
    (store.pg.sizes), not from every passage's row: read once, then the passages
    added since; all again once passages were removed. The answers stay the file
    store's, for every limit, as articles are added, changed and removed."""
    import newsdesk.store.pg.search as pg_search
    import newsdesk.store.pg.sizes as pg_sizes

    first, second = _corpus_and_its_changes(tmp_path, seed=11)
    reads: list[int] = []
    real_read = pg_sizes.PassageSizes.read.__func__  # type: ignore[attr-defined]

    def read(cls: Any, store: Any, after: int = 0, into: Any = None) -> Any:
        reads.append(after)
        return real_read(cls, store, after, into)

    monkeypatch.setattr(pg_sizes.PassageSizes, "read", classmethod(read))
    monkeypatch.setattr(pg_search, "FIRST_TIMES", 0)
    monkeypatch.setattr(pg_search, "FIRST_MORE", 5)
    reset_caches()
    with open_store(db_path) as local, open_store(pg_url) as server:
        for step, folders in enumerate([[first], [second / "extra"], [second]]):
            local.ingest(folders)
            server.ingest(folders)
            if step == 2:  # articles removed as well
                gone = local.ids()[:3]
                local.remove(gone)
                server.remove(gone)
            expected = {
                (q, n): search_store(local, q, limit=n) for q in EVERYWHERE for n in (1, 7, 50)
            }
            _answer_alike(server, expected, step)
            if step == 0:
                assert reads == [0]  # every passage's size, once
            if step == 1:
                assert len(reads) == 2 and reads[1] > 0  # only the passages added since
            if step == 2:
                assert len(reads) == 4 and reads[2] > 0 and reads[3] == 0  # all again
    totals = [want.total for want in expected.values()]
    assert max(totals) > 50  # most passages are candidates


#: Terms one of whose tokens stands for many words, beside rarer ones.
WIDE = [
    "'e-commerce", "'e-government", "'al transformation", '"the digital"', "'s-economy",
    "digital 'e-commerce", "'e-commerce | economy", "'e-government !digital", "^the digital",
    "'e", "'al-transformation lang:en", "government 'nt$",
]  # fmt: skip


def test_wide_tokens_read_only_where_the_query_can_match(
    db_path: Path, pg_url: str, seeds_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A token standing for many words (``'e``: every word ending in *e*) is not read
    whole: its passages are found among those the term's other tokens allow, from
    their words; hits, totals and exactness stay the file store's, for every limit
    and the smallest batches."""
    import newsdesk.store.pg.ranked as ranked
    import newsdesk.store.pg.search as pg_search

    folder = tmp_path / "corpus"
    generate_corpus(40, folder, seed=11)
    reset_caches()
    with open_store(db_path) as local:
        local.ingest([folder, seeds_dir])
        queries = WIDE + QUERIES + _apart(load_index(local), 4)
        expected = {(q, n): search_store(local, q, limit=n) for q in queries for n in (1, 7, 50)}
    read: list[int] = []
    real = pg_search._postings

    def counted(store: Any, groups: list[list[str]]) -> Any:
        read.append(sum(len(g) for g in groups))
        return real(store, groups)

    monkeypatch.setattr(pg_search, "_postings", counted)
    monkeypatch.setattr(ranked, "BIG_GROUP", 40)  # every common group is "big" here
    with open_store(pg_url) as server:
        server.ingest([folder, seeds_dir])
        # WORDS_READ 0 and a passage worth no end of postings: the big groups whole;
        # a passage worth one posting: their members from the words, however many.
        for times, extra, words, worth in (
            (4, 64, 20_000, 50),
            (0, 1, 20_000, 50),
            (0, 1, 0, 10**9),
            (0, 1, 0, 1),
        ):
            monkeypatch.setattr(pg_search, "FIRST_TIMES", times)
            monkeypatch.setattr(pg_search, "FIRST_MORE", extra)
            monkeypatch.setattr(pg_search, "WORDS_READ", words)
            monkeypatch.setattr(pg_search, "POSTINGS_A_PASSAGE", worth)
            _answer_alike(server, expected, (times, words, worth))
        monkeypatch.setattr(pg_search, "FIRST_TIMES", 4)
        monkeypatch.setattr(pg_search, "FIRST_MORE", 64)

        def postings_read(big: int, words: int, worth: int) -> int:
            """The postings ``'e-commerce`` reads with these settings."""
            monkeypatch.setattr(ranked, "BIG_GROUP", big)
            monkeypatch.setattr(pg_search, "WORDS_READ", words)
            monkeypatch.setattr(pg_search, "POSTINGS_A_PASSAGE", worth)
            read.clear()
            search_store(server, "'e-commerce", limit=7)
            return read[0]

        skipped = postings_read(40, 20_000, 50)
        whole = postings_read(10**9, 20_000, 50)
        # More passages allowed than WORDS_READ, but the big groups' postings are more
        # than a passage is worth: still read from the passages' words.
        beside = postings_read(40, 0, 1)
    assert skipped * 10 < whole and beside == skipped  # the words ending in e were not read
