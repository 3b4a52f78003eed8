"""When a stored pair's score cannot have moved, so that adding one article to a large
archive does not score every pair again.

A pair's score is ``min(1, sqrt(min(1, 2·overlap))) × length × date`` with
``overlap = 2·shared / total`` (:func:`store.align.pairing.score_features`): once the
overlap reaches one half the weights drop out and the score is the length and date
factors alone, which an unchanged article keeps. Most translations are well past it.

An anchor weighs ``w = L − l`` with ``L = log(N + 1)`` (N articles) and
``l = log(df + 0.5)`` (df of them hold it). The pair is saturated while the margin
``M = 4·shared − total = Σ c·w`` stays positive, where ``c`` is 2 for an anchor both
articles hold and −1 for one only one of them holds; so with ``k = Σ c`` it moves by
``k·ΔL − Σ c·Δl``. An archive's writes add to one running *drift* ``2·|Δl|`` for every
anchor whose count moves while at least :data:`RARE_ANCHOR` articles hold it (a bound
on its share of any pair's ``Σ c·Δl``); when a rarer anchor's count moves, the
pairs of the articles holding it lose their bound and are scored again. A stored
:class:`Bound` (the margin, ``k``, N and the drift when it was scored) then tells
exactly whether the margin can have reached zero: while it cannot, the score is the
stored one, bit for bit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from newsdesk.store.align.pairing import Idf, PairFeatures

__all__ = ["RARE_ANCHOR", "Bound", "anchor_drift", "bound_of", "holds"]

#: An anchor held by fewer articles than this has the pairs of its holders scored
#: again when its count moves; a commoner one adds to the archive's drift.
RARE_ANCHOR = 128
#: The margin kept below any rounding of the sums (relative to the pair's total weight).
_SLACK = 1e-6


@dataclass(frozen=True, slots=True)
class Bound:
    """What a saturated pair's score needed to stay as it is, when it was scored."""

    score: float
    margin: float
    total: float
    k: int
    count: int
    drift: float


def bound_of(
    a: PairFeatures, b: PairFeatures, idf: Idf, score: float, drift: float
) -> Bound | None:
    """The bound of the pair ``a``, ``b`` scored ``score`` with ``idf`` at the archive's
    ``drift`` (None when its score still depends on the weights)."""
    shared_anchors = a.anchors & b.anchors
    shared = idf.summed(shared_anchors)
    total = idf.total(a) + idf.total(b)
    margin = 4 * shared - total
    if margin <= _SLACK * (1 + total):
        return None
    k = 4 * len(shared_anchors) - len(a.anchors) - len(b.anchors)
    return Bound(score, margin, total, k, idf.count, drift)


def holds(bound: Bound, count: int, drift: float) -> bool:
    """Whether a pair of ``bound`` is still saturated in an archive of ``count``
    articles at ``drift``: its score is then ``bound.score``."""
    moved = bound.k * (math.log(max(count, 1) + 1) - math.log(bound.count + 1))
    least = bound.margin + moved - (drift - bound.drift)
    return least > _SLACK * (1 + bound.total + abs(moved))


def anchor_drift(before: int, after: int) -> float | None:
    """What an anchor's count moving from ``before`` to ``after`` adds to the drift
    (None for a rare anchor: its holders' pairs are scored again)."""
    if min(before, after) < RARE_ANCHOR:
        return None
    return 2 * abs(math.log(after + 0.5) - math.log(before + 0.5))
