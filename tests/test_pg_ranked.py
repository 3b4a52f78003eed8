"""The server store's choice of candidates (store.pg.ranked.choose), against the
engine's order spelled out: every candidate sorted by bound in tenths, then length,
then place."""

from __future__ import annotations

import math

import numpy as np
import pytest

from newsdesk.store.pg.held import Held, merged, numbered
from newsdesk.store.pg.ranked import Choice, choose


def _spelled_out(
    bound: np.ndarray, lengths: np.ndarray, count: int, cut: bool, slack: int
) -> Choice:
    """The choice as a full sort gives it."""
    candidates = np.flatnonzero(bound > 0)
    if len(candidates) <= count:
        return Choice(candidates, 0, None)
    # Each bound rounded to tenths as a score is (match.round1).
    tenths = [math.floor(float(b) * 10.0 + 0.5) for b in bound[candidates]]
    size = lengths[candidates]
    order = sorted(range(len(candidates)), key=lambda i: (-tenths[i], size[i], i))
    last = order[count - 1]
    group = [i for i in order if (tenths[i], size[i]) == (tenths[last], size[last])]
    begin = order.index(group[0])
    end = begin + len(group)
    if cut and end - count > slack:
        return Choice(
            candidates[sorted(order[:begin])],
            len(candidates) - end,
            None,
            (candidates[group], count - begin, int(tenths[last])),
        )
    sent = candidates[sorted(order[:end])]
    if end == len(order):
        return Choice(sent, 0, None)
    out = order[end]
    before = int(np.count_nonzero(lengths[sent] < size[out]))
    return Choice(sent, len(candidates) - end, (int(tenths[out]), before))


@pytest.mark.parametrize("seed", range(40))
def test_choose_picks_what_the_engines_order_sorted_whole_picks(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 400))
    # Few distinct bounds and lengths: large ties, as repeated sentences make them.
    bound = rng.choice(np.array([0.0, 12.5, 40.0, 40.04, 66.7, 100.0], dtype=np.float32), n)
    lengths = rng.integers(1, 6, n).astype(np.int64) * 10
    count = int(rng.integers(1, n + 5))
    cut = bool(rng.integers(0, 2))
    slack = int(rng.choice([0, 3, 256]))
    import newsdesk.store.pg.ranked as ranked

    old, ranked.TIE_SLACK = ranked.TIE_SLACK, slack
    try:
        got = choose(bound, lengths, count, cut=cut)
    finally:
        ranked.TIE_SLACK = old
    want = _spelled_out(bound, lengths, count, cut, slack)
    assert got.sent.tolist() == want.sent.tolist()
    assert (got.left_out, got.next) == (want.left_out, want.next)
    if want.tie is None:
        assert got.tie is None
    else:
        assert got.tie is not None
        assert got.tie[0].tolist() == want.tie[0].tolist()
        assert got.tie[1:] == want.tie[1:]


@pytest.mark.parametrize("spread", ["dense", "sparse", "ascending"])
def test_passages_numbered_as_unique_numbers_them(spread: str) -> None:
    rng = np.random.default_rng(3)
    top = 5_000_000 if spread == "sparse" else 5_000
    found = rng.integers(0, top, 20_000).astype(np.int64)
    if spread == "ascending":  # one word's postings: distinct, in order
        found = np.unique(found)
    ids, numbers = numbered(found)
    want_ids, want_numbers = np.unique(found, return_inverse=True)
    assert ids.tolist() == want_ids.tolist()
    assert numbers.tolist() == want_numbers.tolist()
    assert numbered(np.zeros(0, dtype=np.int64))[0].tolist() == []


def test_several_words_postings_merge_alike_marked_or_sorted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A group of words' postings, each passage once with its edges joined: marking
    ids in an array (common words) gives what sorting them gives."""
    import newsdesk.store.pg.held as pg_held
    from newsdesk.store.pg.passages import MEMBER

    rng = np.random.default_rng(4)
    ids = rng.integers(1, 3_000, 6_000)
    packed = np.zeros(len(ids), dtype=MEMBER)
    packed["id"] = ids
    packed["length"] = ids % 97  # a passage's length and kind in every word's postings
    packed["kind"] = ids % 3
    packed["edge"] = rng.integers(0, 4, len(ids))
    held = Held.unpack(packed.tobytes())
    marked = merged(held)
    monkeypatch.setattr(pg_held, "DENSE", 0)
    sorted_ = merged(held)
    assert len(marked) == len(np.unique(ids)) < len(ids)
    for column in ("ids", "lengths", "kinds", "edges"):
        assert getattr(marked, column).tolist() == getattr(sorted_, column).tolist()
    assert marked.lengths.tolist() == (marked.ids % 97).tolist()
    assert marked.kinds.tolist() == (marked.ids % 3).tolist()
    both = {int(i): 0 for i in ids}
    for i, e in zip(ids.tolist(), packed["edge"].tolist(), strict=True):
        both[i] |= e
    assert marked.edges.tolist() == [both[i] for i in sorted(both)]


def test_kept_sizes_place_passages_among_those_that_exist() -> None:
    """Ids with no passage (removed, or never drawn) are skipped; an id not kept, or
    past the largest kept, has no place."""
    from newsdesk.store.pg.sizes import PassageSizes

    lengths = np.array([-1, 50, -1, 70, 30, -1], dtype=np.int32)
    kinds = np.array([0, 1, 0, 0, 1, 0], dtype=np.int8)
    sizes = PassageSizes(lengths, kinds, count=3)
    ids, kept_lengths, kept_kinds = sizes.columns()
    assert ids.tolist() == [1, 3, 4]
    assert kept_lengths.tolist() == [50, 70, 30] and kept_kinds.tolist() == [1, 0, 1]
    asked = np.array([4, 1, 3, 9, 2, 5], dtype=np.int64)
    assert sizes.places(asked).tolist() == [2, 0, 1, -1, -1, -1]
    assert sizes.covers(np.array([1, 4], dtype=np.int64))
    assert not sizes.covers(np.array([1, 2], dtype=np.int64))
    assert not sizes.covers(np.array([9], dtype=np.int64))
    assert sizes.top == 5
    # Few ids without a passage (an archive with few removals): the same places.
    lengths = np.full(40, 10, dtype=np.int32)
    lengths[[0, 17]] = -1
    sizes = PassageSizes(lengths, np.zeros(40, dtype=np.int8), count=38)
    asked = np.array([1, 16, 17, 18, 39, 40], dtype=np.int64)
    assert sizes.places(asked).tolist() == [0, 15, -1, 16, 37, -1]
