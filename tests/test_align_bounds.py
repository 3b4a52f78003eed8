"""A pair's bound (store.align.bounds): while it holds, the pair scores exactly what it
scored, whatever the anchors' counts did within what the drift accounts for."""

from __future__ import annotations

import math
import random

from newsdesk.store.align.bounds import RARE_ANCHOR, anchor_drift, bound_of, holds
from newsdesk.store.align.pairing import Idf, PairFeatures, score_features


def _features(doc: str, lang: str, anchors: set[str], length: int) -> PairFeatures:
    return PairFeatures(doc, "sha-" + doc, lang, 740000, "day", length, frozenset(anchors))


def _moved_counts(
    rng: random.Random, counts: dict[str, int], steps: int
) -> tuple[dict[str, int], float, set[str]]:
    """``counts`` after ``steps`` random articles came or went: the new counts, the drift
    those moves add, and the rare anchors whose count moved."""
    now = dict(counts)
    drift, rare = 0.0, set()
    for _ in range(steps):
        for anchor in rng.sample(sorted(now), 3):
            before = now[anchor]
            now[anchor] = max(1, before + rng.choice((-1, 1)) * rng.randint(1, 200))
            step = anchor_drift(before, now[anchor])
            if step is None:
                rare.add(anchor)
            else:
                drift += step
    return now, drift, rare


def test_a_pair_whose_bound_holds_scores_exactly_as_before() -> None:
    """Random pairs in a random archive, the counts moved at random: wherever the bound
    says the score cannot have moved it has not (bit for bit); pairs near the edge,
    counts moved far, so that ignoring the drift would let changed scores through."""
    rng = random.Random(7)
    vocabulary = [f"p:{n:05d}" for n in range(400)]
    checked = held = 0
    for _ in range(1000):
        # Near the edge: about as many anchors of their own as shared ones.
        shared = set(rng.sample(vocabulary, rng.randint(3, 25)))
        rest = [x for x in vocabulary if x not in shared]
        own = rng.sample(rest, 2 * len(shared) + 4)
        cut = rng.randint(len(shared) - 2, len(shared) + 2)
        a = _features("a", "en", shared | set(own[:cut]), 900)
        b = _features("b", "fr", shared | set(own[len(own) - cut :]), 1000)
        count = rng.randint(2_000, 50_000)
        counts = {
            x: rng.randint(1, 20) if rng.random() < 0.1 else rng.randint(RARE_ANCHOR, 2_000)
            for x in vocabulary
        }
        idf = Idf.from_counts(counts, count)
        score = score_features(a, b, idf)
        bound = bound_of(a, b, idf, score, drift=10.0)
        if bound is None:
            assert 2 * 2 * idf.summed(a.anchors & b.anchors) <= (idf.total(a) + idf.total(b)) * (
                1 + 1e-5
            )
            continue
        assert bound.score == score
        moved, drift, rare = _moved_counts(rng, counts, rng.randint(1, 40))
        if rare & (a.anchors | b.anchors):
            continue  # a rare anchor of theirs moved: the pair is scored again
        count_now = count + rng.randint(-30, 30)
        checked += 1
        if holds(bound, count_now, 10.0 + drift):
            held += 1
            assert score_features(a, b, Idf.from_counts(moved, count_now)) == score
    assert checked > 100 and held > checked // 4


def test_a_bound_stops_holding_before_the_score_moves() -> None:
    """A pair just saturated loses its bound as soon as the drift could have eaten its
    margin; an unsaturated pair has none."""
    shared = {f"p:{n}" for n in range(4)}
    a = _features("a", "en", shared | {"p:a1", "p:a2"}, 900)
    b = _features("b", "fr", shared | {"p:b1", "p:b2"}, 900)
    counts = dict.fromkeys(a.anchors | b.anchors, 1_000)
    idf = Idf.from_counts(counts, 10_000)
    bound = bound_of(a, b, idf, score_features(a, b, idf), drift=0.0)
    assert bound is not None
    assert holds(bound, 10_000, 0.0)
    assert not holds(bound, 10_000, bound.margin)
    unsaturated = _features("c", "fr", {"p:0", "p:c1", "p:c2", "p:c3", "p:c4"}, 900)
    counts.update(dict.fromkeys(unsaturated.anchors, 1_000))
    idf = Idf.from_counts(counts, 10_000)
    assert bound_of(a, unsaturated, idf, score_features(a, unsaturated, idf), 0.0) is None


def test_a_rare_anchor_moving_adds_no_drift_and_a_common_one_its_weights_change() -> None:
    assert anchor_drift(0, 1) is None
    assert anchor_drift(RARE_ANCHOR - 1, RARE_ANCHOR) is None
    step = anchor_drift(1_000, 1_001)
    assert step is not None
    assert math.isclose(step, 2 * (math.log(1_001.5) - math.log(1_000.5)))
