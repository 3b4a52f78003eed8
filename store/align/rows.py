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

An archive that keeps each saturated pair's :class:`Bound` (store.align.bounds) gives
the kept pairs whose score cannot have moved their stored score: their features are
not read unless a pair breaks, and most of a large archive's pairs are such.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from newsdesk.store.align.bounds import Bound, bound_of, holds
from newsdesk.store.align.pairing import (
    Idf,
    Pair,
    PairFeatures,
    find_pairs,
    repair_pairs,
    window_days,
)

__all__ = [
    "FeatureStore",
    "keep_whole_bounds",
    "repaired_pairs",
    "stored_features",
    "whole_corpus_pairs",
]


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
    def bounds(self) -> dict[tuple[str, str], Bound]: ...
    def drift(self) -> float: ...
    def put_bounds(
        self,
        bounds: Mapping[tuple[str, str], Bound],
        gone: Iterable[tuple[str, str]] = (),
        whole: bool = False,
    ) -> None: ...


def stored_features(rows: FeatureStore) -> dict[str, PairFeatures]:
    """Every stored article's features, by id."""
    return {str(f["id"]): PairFeatures.from_dict(f) for f in rows.all()}


def repaired_pairs(rows: FeatureStore, count: int, kept: list[Pair], redo: set[str]) -> list[Pair]:
    """:func:`repair_pairs` over a corpus of ``count`` articles whose features are
    ``rows``, reading the features it needs only; the pairs' bounds are kept in step."""
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

    bounds, drift = rows.bounds(), rows.drift()
    fixed = {
        (p.left, p.right): bound.score
        for p in kept
        if (bound := bounds.get((p.left, p.right))) is not None and holds(bound, count, drift)
    }
    load(
        rows.of(
            {d for p in kept if (p.left, p.right) not in fixed for d in (p.left, p.right)} | redo
        )
    )
    idf = Idf.from_counts(weights, count)
    windowed: set[str] = set()
    asked: set[str] = set()  # the articles of fixed pairs that broke, read since
    todo = {d for d in redo if d in loaded}
    while True:
        _load_windows(rows, [loaded[d] for d in sorted(todo - windowed)], idf, load)
        windowed |= todo
        idf = Idf.from_counts(weights, count)
        features = [loaded[i] for i in sorted(loaded)]
        looked: set[str] = set()
        wanted: set[str] = set()
        pairs = repair_pairs(
            features, kept, redo, idf=idf, looked=looked, fixed=fixed, wanted=wanted
        )
        if wanted - asked:  # fixed pairs that broke: their articles are scored now
            asked |= wanted
            load(rows.of(wanted))
            todo = looked | wanted
            continue
        if looked <= windowed:
            _keep_bounds(rows, pairs, bounds, fixed, loaded, idf, drift)
            return pairs
        todo = looked


def _keep_bounds(
    rows: FeatureStore,
    pairs: list[Pair],
    before: Mapping[tuple[str, str], Bound],
    fixed: Mapping[tuple[str, str], float],
    loaded: Mapping[str, PairFeatures],
    idf: Idf,
    drift: float,
) -> None:
    """Store the bounds of ``pairs`` scored now, and forget those of pairs gone or no
    longer saturated (the bounds of ``fixed`` pairs that stay stay as they are)."""
    now: dict[tuple[str, str], Bound] = {}
    for pair in pairs:
        key = (pair.left, pair.right)
        if key not in fixed:
            bound = bound_of(loaded[pair.left], loaded[pair.right], idf, pair.confidence, drift)
            if bound is not None:
                now[key] = bound
    held = {(pair.left, pair.right) for pair in pairs}
    gone = [key for key in before if key not in now and (key not in fixed or key not in held)]
    if now or gone:
        rows.put_bounds(now, gone)


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
    """The pairs found over every stored article's features (their bounds stored)."""
    features = stored_features(rows)
    ordered = [features[i] for i in sorted(features)]
    idf = Idf(ordered)
    pairs = find_pairs(ordered, idf=idf)
    keep_whole_bounds(rows, pairs, features, idf)
    return pairs


def keep_whole_bounds(
    rows: FeatureStore, pairs: Iterable[Pair], features: Mapping[str, PairFeatures], idf: Idf
) -> None:
    """Store the bounds of ``pairs``, their confidences their exact scores with ``idf``
    over every article's ``features``, in place of every stored bound."""
    drift = rows.drift()
    bounds = {
        (p.left, p.right): bound
        for p in pairs
        if (bound := bound_of(features[p.left], features[p.right], idf, p.confidence, drift))
    }
    rows.put_bounds(bounds, whole=True)
