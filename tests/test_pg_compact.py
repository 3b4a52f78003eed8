"""A word's postings kept in few parts as articles are added one at a time
(store.pg.compact): the merge rule alone, then on a real server."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import psycopg
from test_pg_search import _compare, _tables

from bench.corpus import generate_corpus
from newsdesk.store.pg.compact import FACTOR, TIER_BASE, merged_from, tier
from newsdesk.store.pg.passages import MEMBER
from newsdesk.store.pg.schema import SCHEMA


def _add(parts: list[int], size: int) -> tuple[list[int], int]:
    """``parts`` after a write of ``size`` bytes and its merge; the bytes rewritten."""
    parts = [*parts, size]
    start = merged_from(parts)
    if start == len(parts):
        return parts, 0
    merged = sum(parts[start:])
    return [*parts[:start], merged], merged


def test_tiers_grow_by_the_factor() -> None:
    assert [tier(s) for s in (1, TIER_BASE, TIER_BASE + 1)] == [0, 0, 1]
    assert tier(TIER_BASE * FACTOR) == 1 and tier(TIER_BASE * FACTOR + 1) == 2


def test_one_posting_at_a_time_keeps_few_parts_and_leaves_a_large_one_alone() -> None:
    big = 16 * 1_000_000  # a bulk ingest's part of a common word
    parts, rewritten, most = [big], 0, 1
    for _ in range(20_000):
        parts, cost = _add(parts, 16)
        rewritten += cost
        most = max(most, len(parts))
    assert sum(parts) == big + 16 * 20_000
    assert parts[0] == big  # never merged: what came after is far smaller
    assert most <= 8
    tiers = [tier(p) for p in parts]
    assert tiers == sorted(tiers, reverse=True)  # oldest first, down in tier
    assert rewritten < 16 * 20_000 * 40  # a posting rewritten a few times a tier


def test_a_larger_write_takes_in_the_smaller_parts_before_it() -> None:
    parts = [16 * 1_000_000, 5_000, 300, 40]
    assert merged_from(parts) == len(parts)  # already going down
    assert merged_from([*parts, 80_000]) == 1  # the three before it are smaller
    assert merged_from([*parts, 30]) == 3  # joins the part of its own tier


def test_articles_added_one_at_a_time_keep_few_parts_and_answer_alike(
    db_path: Path, pg_url: str, tmp_path: Path
) -> None:
    folder = tmp_path / "corpus"
    generate_corpus(24, folder, seed=5)
    files = sorted(folder.rglob("*.txt"))
    _compare(db_path, pg_url, files)  # one write each: the same answers as the file store
    _tables(pg_url)  # each word's postings hold its passages once each
    with psycopg.connect(pg_url) as conn:
        counts = dict(
            conn.execute(
                f"SELECT word, count(*) FROM {SCHEMA}.search_postings GROUP BY word"
            ).fetchall()
        )
        common = max(
            conn.execute(f"SELECT word, df FROM {SCHEMA}.search_words").fetchall(),
            key=lambda row: row[1],
        )[0]
        chunks = conn.execute(
            f"SELECT ids FROM {SCHEMA}.search_postings WHERE word = %s ORDER BY part", (common,)
        ).fetchall()
    assert len(files) == 24 and max(counts.values()) <= 6  # 24 writes of every common word
    ids = np.frombuffer(b"".join(bytes(c) for (c,) in chunks), dtype=MEMBER)["id"]
    assert (np.diff(ids) > 0).all()  # read in part order, still in id order
