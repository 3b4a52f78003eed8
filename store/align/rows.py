"""Pairing in an archive that keeps each article's features as rows (a server's:
``store.pairing_rows()``, store.pg.rows), reading only what a small ingest needs.

After a small ingest the pairs are repaired (:func:`store.align.pairing.repair_pairs`):
the pairs of unchanged articles are scored again with the corpus's weights, and the
changed articles, with the partners they free, are scored against their date
windows. So the features read are those of the paired articles, of the articles
scored and of their windows (for an undated article: of the articles holding one
of its rare anchors), and the weights come from each anchor's article count kept
beside the rows, not from every article's anchors. The repair runs again with the
windows of any article it came to score whose window was not read yet, until none
is missing: the pairs are those the whole corpus's features would give.

The rows of the articles extracted now are written first, in the ingest's
transaction, so the counts are the corpus's as it is after the ingest.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from newsdesk.store.align.pairing import (
    Idf,
    Pair,
    PairFeatures,
    find_pairs,
    repair_pairs,
    window_days,
)

__all__ = ["FeatureStore", "repaired_pairs", "stored_features", "whole_corpus_pairs"]


class FeatureStore(Protocol):
    """What store.pg.rows.FeatureRows answers."""

    def all(self) -> list[dict[str, Any]]: ...
    def shas(self) -> dict[str, str]: ...
    def of(self, ids: Iterable[str]) -> list[dict[str, Any]]: ...
    def dated(self, spans: Iterable[tuple[int, int]]) -> list[dict[str, Any]]: ...
    def holding(self, anchors: Iterable[str]) -> list[dict[str, Any]]: ...
    def counts(self, anchors: Iterable[str]) -> dict[str, int]: ...
    def count(self) -> int: ...
    def put(
        self, rows: Iterable[Mapping[str, Any]], gone: Iterable[str] = (), prune: bool = False
    ) -> None: ...


def stored_features(rows: FeatureStore) -> dict[str, PairFeatures]:
    """Every stored article's features, by id."""
    return {str(f["id"]): PairFeatures.from_dict(f) for f in rows.all()}


def repaired_pairs(rows: FeatureStore, count: int, kept: list[Pair], redo: set[str]) -> list[Pair]:
    """:func:`repair_pairs` over a corpus of ``count`` articles whose features are
    ``rows``, reading the features it needs only."""
    loaded: dict[str, PairFeatures] = {}
    weights: dict[str, int] = {}

    def load(found: Iterable[dict[str, Any]]) -> None:
        fresh = [PairFeatures.from_dict(f) for f in found if str(f["id"]) not in loaded]
        loaded.update((f.id, f) for f in fresh)
        unknown = {a for f in fresh for a in f.anchors} - weights.keys()
        if unknown:
            counts = rows.counts(unknown)
            # Every stored anchor is counted; one read otherwise counts as its own article.
            weights.update({a: counts.get(a, 1) for a in unknown})

    load(rows.of({d for p in kept for d in (p.left, p.right)} | redo))
    idf = Idf.from_counts(weights, count)
    windowed: set[str] = set()
    todo = {d for d in redo if d in loaded}
    while True:
        _load_windows(rows, [loaded[d] for d in sorted(todo - windowed)], idf, load)
        windowed |= todo
        idf = Idf.from_counts(weights, count)
        features = [loaded[i] for i in sorted(loaded)]
        looked: set[str] = set()
        pairs = repair_pairs(features, kept, redo, idf=idf, looked=looked)
        if looked <= windowed:
            return pairs
        todo = looked


def _load_windows(rows: FeatureStore, articles: list[PairFeatures], idf: Idf, load: Any) -> None:
    """Read the articles the candidates of ``articles`` are looked for among."""
    spans = [
        (f.day - window_days(f), f.day + window_days(f)) for f in articles if f.day is not None
    ]
    if spans:
        load(rows.dated(spans))
    undated = [f for f in articles if f.day is None]
    if undated:
        anchors = {a for f in undated for a in f.anchors}
        counts = rows.counts(anchors)
        rare = [a for a in anchors if idf.rare(counts.get(a, 0))]
        if rare:
            load(rows.holding(rare))


def whole_corpus_pairs(rows: FeatureStore) -> list[Pair]:
    """The pairs found over every stored article's features."""
    features = stored_features(rows)
    return find_pairs([features[i] for i in sorted(features)])
