"""Find which articles translate each other, without comparing every pair.

Each article is reduced to :class:`PairFeatures`: its language, date, body
length and a set of anchors that survive translation — figures (digits,
read the way the language writes them) and proper names (folded, first five
letters). Candidates are *blocked*: two articles are compared only when they
are in different languages and their dates are close (within a week for
day-precise dates); in a crowded window only the articles sharing the most
anchor weight are kept (ranked all at once: :mod:`store.align.windows`), and
without a date only those sharing the most rare anchors. Each candidate is scored
(idf-weighted overlap × length plausibility × date closeness) and pairs are
chosen greedily, best first, each article in at most one pair.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from newsdesk.store.align.windows import WindowWeights
from newsdesk.store.numbers import parse_number
from newsdesk.store.records import Article
from newsdesk.store.text import fold

__all__ = [
    "PAIR_THRESHOLD",
    "Idf",
    "Pair",
    "PairFeatures",
    "find_pairs",
    "pair_features",
    "repair_pairs",
    "score_features",
    "window_days",
]

#: A candidate scoring below this is not a translation.
PAIR_THRESHOLD = 0.45
#: Articles further apart than this (in days) are never compared.
DATE_WINDOW_DAYS = 7
#: Candidates scored per article in a crowded date window, most shared anchor weight first.
MAX_CANDIDATES = 12
#: A date window holding more articles of other languages than this is crowded.
CROWDED_WINDOW = 40

_DIGITS = re.compile(r"(?<![\w.,])\d+(?:[,.\u00a0\u202f\u2009 ]\d{3})*(?:[.,]\d+)?")
_NAME = re.compile(r"(?<![\w'’])[A-ZÀ-ÖØ-ÞĐ][^\W\d_]{3,}")
_COMMON_NAMES = frozenset(
    """the this that these those there then they their when where what while with from after
    before during however according also other some many most more such since last first
    les des une dans pour avec selon depuis pendant lors apres avant cette entre sous leur
    mais plus tout tous""".split()
)


@dataclass(frozen=True, slots=True)
class PairFeatures:
    """What pairing knows of one article."""

    id: str
    sha: str
    lang: str
    day: int | None
    precision: str | None
    length: int
    anchors: frozenset[str]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "sha": self.sha,
            "lang": self.lang,
            "day": self.day,
            "precision": self.precision,
            "length": self.length,
            "anchors": sorted(self.anchors),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PairFeatures:
        return cls(
            id=str(data["id"]),
            sha=str(data["sha"]),
            lang=str(data["lang"]),
            day=data.get("day"),
            precision=data.get("precision"),
            length=int(data["length"]),
            anchors=frozenset(data["anchors"]),
        )


@dataclass(frozen=True, slots=True)
class Pair:
    """Two articles that translate each other; ``left`` is the English one when there is one."""

    left: str
    right: str
    confidence: float

    def to_dict(self) -> dict[str, Any]:
        return {"left": self.left, "right": self.right, "confidence": round(self.confidence, 3)}


def _day(article: Article) -> int | None:
    if not article.date:
        return None
    parts = [int(p) for p in article.date.split("-")]
    year, month, day = (
        parts[0],
        parts[1] if len(parts) > 1 else 7,
        parts[2] if len(parts) > 2 else 15,
    )
    if len(parts) == 1:
        day = 1
    try:
        return dt.date(year, month, day).toordinal()
    except ValueError:
        return None


@lru_cache(maxsize=65536)
def _name_anchor(word: str) -> str | None:
    folded = fold(word)
    return None if folded in _COMMON_NAMES else "p:" + folded[:5]


def pair_features(article: Article) -> PairFeatures:
    """Anchors of ``article`` for pairing: figures and proper names of its body text."""
    text = "\n".join(p.text for p in article.paragraphs if p.kind in ("body", "title"))
    anchors: set[str] = set()
    lang = "fr" if article.lang.startswith("fr") else "en"
    for m in _DIGITS.finditer(text):
        value = parse_number(m.group(), lang)
        # One-digit figures are everywhere; they anchor nothing.
        if value is not None and (value >= 10 or value != int(value)):
            anchors.add(f"n:{value:.10g}")
    for word in set(_NAME.findall(text)):
        key = _name_anchor(word)
        if key:
            anchors.add(key)
    body_length = sum(len(p.text) for p in article.paragraphs if p.kind == "body")
    return PairFeatures(
        id=article.id,
        sha=article.sha256,
        lang=article.lang,
        day=_day(article),
        precision=article.date_precision,
        length=body_length,
        anchors=frozenset(anchors),
    )


def _date_factor(a: PairFeatures, b: PairFeatures) -> float | None:
    """1 for the same day, falling with distance; None when too far apart to compare."""
    if a.day is None or b.day is None:
        return 0.8
    window = DATE_WINDOW_DAYS
    if "year" in (a.precision, b.precision):
        window = 366
    elif "month" in (a.precision, b.precision):
        window = 45
    gap = abs(a.day - b.day)
    if gap > window:
        return None
    slack = 0 if window == DATE_WINDOW_DAYS else window // 2
    return math.exp(-max(0, gap - slack) / 10)


def _length_factor(a: PairFeatures, b: PairFeatures) -> float:
    if not a.length or not b.length:
        return 0.5
    ratio = math.log(b.length / a.length)
    return math.exp(-(ratio**2) / (2 * 0.5**2))


class Idf:
    """Inverse document frequency of anchors over a corpus of :class:`PairFeatures`."""

    def __init__(self, features: Iterable[PairFeatures]) -> None:
        df: Counter[str] = Counter()
        count = 0
        for f in features:
            df.update(f.anchors)
            count += 1
        self.count = max(count, 1)
        top = math.log(self.count + 1)
        self.weights = {a: top - math.log(n + 0.5) for a, n in df.items()}
        self.default = top - math.log(0.5)
        self._totals: dict[tuple[str, str, int], float] = {}

    @classmethod
    def from_counts(cls, df: Mapping[str, int], count: int) -> Idf:
        """The weights of a corpus of ``count`` articles in which each anchor of ``df``
        occurs that many times (those of the anchors it names: the same as
        ``Idf(features)`` gives them)."""
        idf = cls(())
        idf.count = max(count, 1)
        top = math.log(idf.count + 1)
        idf.weights = {a: top - math.log(n + 0.5) for a, n in df.items()}
        idf.default = top - math.log(0.5)
        return idf

    def rare(self, anchor_count: int) -> bool:
        """Whether an anchor held by ``anchor_count`` articles is rare enough to find
        the candidates of an undated article (:func:`candidate_pairs`)."""
        return anchor_count <= _rare_limit(self.count)

    def __call__(self, anchor: str) -> float:
        return self.weights.get(anchor, self.default)

    def total(self, f: PairFeatures) -> float:
        """The summed weight of ``f``'s anchors (cached per article version)."""
        key = (f.id, f.sha, len(f.anchors))
        value = self._totals.get(key)
        if value is None:
            value = self._totals[key] = self.summed(f.anchors)
        return value

    def summed(self, anchors: Iterable[str]) -> float:
        """The summed weight of ``anchors``, in their order."""
        return sum(map(self.weights.get, anchors, itertools.repeat(self.default)))


def _overlap(a: PairFeatures, b: PairFeatures, idf: Idf) -> float:
    if not a.anchors or not b.anchors:
        return 0.0
    shared = idf.summed(a.anchors & b.anchors)
    total = idf.total(a) + idf.total(b)
    return 2 * shared / total if total > 0 else 0.0


def score_features(a: PairFeatures, b: PairFeatures, idf: Idf | None = None) -> float:
    """How likely ``a`` and ``b`` translate each other, from 0 to 1 (0 when the same language).

    ``idf`` weighs anchors by their rarity in the corpus; without it every
    anchor weighs the same.
    """
    if a.lang == b.lang or a.id == b.id:
        return 0.0
    date = _date_factor(a, b)
    if date is None:
        return 0.0
    if idf is None:
        idf = Idf([a, b])
    overlap = _overlap(a, b, idf)
    # Translations share most of their anchors: map an overlap of ~0.5 to ~1.
    return min(1.0, math.sqrt(min(1.0, overlap * 2))) * _length_factor(a, b) * date


def _ordered(a: PairFeatures, b: PairFeatures) -> tuple[str, str]:
    if a.lang == "en" and b.lang != "en":
        return a.id, b.id
    if b.lang == "en" and a.lang != "en":
        return b.id, a.id
    return (a.id, b.id) if a.id < b.id else (b.id, a.id)


def _rare_limit(count: int) -> int:
    """Articles an anchor may be held by and still find an undated article's candidates."""
    return max(8, int(count * 0.002))


def window_days(f: PairFeatures) -> int:
    """How many days from ``f``'s date its candidates may be dated."""
    return _window(f)


def _window(f: PairFeatures) -> int:
    if f.precision == "year":
        return 366
    if f.precision == "month":
        return 45
    return DATE_WINDOW_DAYS


def candidate_pairs(
    features: Sequence[PairFeatures],
    idf: Idf | None = None,
    only: Iterable[int] | None = None,
) -> Iterable[tuple[int, int]]:
    """Index pairs ``(i, j)``, ``i < j``, worth scoring (those of articles ``only``
    when given).

    Blocking, so that a large corpus is not compared pair by pair: two
    articles are candidates only when their languages differ and their dates
    are close (a sorted date index gives each article its window). In a
    crowded window only the articles sharing the most anchor weight (figures,
    names) are kept, and for undated articles those sharing the most rare ones.
    """
    if idf is None:
        idf = Idf(features)
    count = idf.count  # the corpus's: ``features`` may hold only the articles needed
    weights = idf.weights
    by_lang: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for i, f in enumerate(features):
        if f.day is not None:
            by_lang[f.lang].append((f.day, i))
    for entries in by_lang.values():
        entries.sort()
    days = {lang: [d for d, _ in entries] for lang, entries in by_lang.items()}

    rare_limit = _rare_limit(count)
    rare_weight = math.log(count + 1) - math.log(rare_limit + 0.5)
    index: dict[str, list[int]] | None = None

    def rare_index() -> dict[str, list[int]]:
        nonlocal index
        if index is None:
            index = defaultdict(list)
            for k, g in enumerate(features):
                for anchor in g.anchors:
                    if weights[anchor] >= rare_weight:
                        index[anchor].append(k)
        return index

    scorer: WindowWeights | None = None

    def best(i: int, windows: dict[str, tuple[int, int]]) -> list[int]:
        """The articles of ``windows`` sharing the most anchor weight with ``i``."""
        nonlocal scorer
        if only is not None:  # a few articles: their windows alone, not the corpus's matrix
            return _top_shared(features, i, windows, by_lang, idf, MAX_CANDIDATES)
        if scorer is None:
            order = {lang: [j for _, j in entries] for lang, entries in by_lang.items()}
            scorer = WindowWeights(features, order, idf)
        return scorer.top(i, windows, MAX_CANDIDATES)

    seen: set[tuple[int, int]] = set()
    members = range(count) if only is None else sorted(only)
    for i in members:
        f = features[i]
        if f.day is not None:
            window = _window(f)
            windows = {
                lang: (
                    bisect.bisect_left(days[lang], f.day - window),
                    bisect.bisect_right(days[lang], f.day + window),
                )
                for lang in by_lang
                if lang != f.lang
            }
            if sum(hi - lo for lo, hi in windows.values()) <= CROWDED_WINDOW:
                chosen = [j for lang, (lo, hi) in windows.items() for _, j in by_lang[lang][lo:hi]]
            else:
                chosen = best(i, windows)
        else:
            shared: Counter[int] = Counter()
            for anchor in f.anchors:
                for j in rare_index().get(anchor, ()):
                    if features[j].lang != f.lang:
                        shared[j] += 1
            chosen = [j for j, _ in shared.most_common(MAX_CANDIDATES)]
        for j in chosen:
            pair = (i, j) if i < j else (j, i)
            if pair not in seen and _date_factor(features[i], features[j]) is not None:
                seen.add(pair)
                yield pair


def _top_shared(
    features: Sequence[PairFeatures],
    i: int,
    windows: dict[str, tuple[int, int]],
    by_lang: dict[str, list[tuple[int, int]]],
    idf: Idf,
    limit: int,
) -> list[int]:
    """What :meth:`WindowWeights.top` answers, article by article: the same weights
    summed in the same (anchor) order, the same order of the result."""
    anchors = features[i].anchors
    get, default = idf.weights.get, idf.default
    found: list[tuple[float, int]] = []
    for lang, (lo, hi) in windows.items():
        for _, j in by_lang[lang][lo:hi]:
            shared = 0.0
            for anchor in sorted(anchors & features[j].anchors):
                shared += get(anchor, default)
            if shared > 0:
                found.append((shared, j))
    found.sort(reverse=True)
    return [j for _, j in found[:limit]]


def find_pairs(
    features: Sequence[PairFeatures], threshold: float = PAIR_THRESHOLD, idf: Idf | None = None
) -> list[Pair]:
    """The translation pairs among ``features``, best first, each article at most once
    (``idf``: their weights, when already worked out)."""
    if idf is None:
        idf = Idf(features)
    scored: dict[tuple[str, str], float] = {}
    for i, j in candidate_pairs(features, idf):
        score = score_features(features[i], features[j], idf)
        if score >= threshold:
            scored[(features[i].id, features[j].id)] = score
    return _greedy(features, {f.id: i for i, f in enumerate(features)}, {}, scored)


def repair_pairs(
    features: Sequence[PairFeatures],
    kept: Iterable[Pair],
    redo: Iterable[str],
    threshold: float = PAIR_THRESHOLD,
    idf: Idf | None = None,
    looked: set[str] | None = None,
    fixed: Mapping[tuple[str, str], float] | None = None,
    wanted: set[str] | None = None,
) -> list[Pair]:
    """The pairs after a few articles were added, changed or removed, without scoring
    the whole corpus.

    ``kept`` are the earlier pairs of unchanged articles, scored again with the
    corpus's weights now (a pair that falls below ``threshold`` frees both its
    articles); the articles ``redo`` (the added and changed ones, and the partners
    of pairs that went) are scored against their date windows. Pairs are chosen
    best first among both; an earlier pair that loses an article to a better
    candidate frees its other article, which is scored in turn, until nothing
    changes. Only candidates of articles not scored again are not revisited: a
    full :func:`find_pairs` differs only where the moved weights would now rank
    an unchanged article's candidates otherwise.

    ``features`` may hold only some of the corpus, with ``idf`` the corpus's: the
    articles of ``kept`` and ``redo`` and those the candidates of each article
    scored are looked for among (its date window, or for an undated article every
    article holding one of its rare anchors). ``looked`` gets the ids of the
    articles whose candidates were looked for: the result is the whole corpus's
    when the subset held their candidates. ``fixed`` gives the scores of kept pairs
    ``(left, right)`` known not to have moved (store.align.bounds): their articles
    need no features until a pair breaks; the ids of a broken one's articles that
    ``features`` lacks are then added to ``wanted`` and the result is not final
    (run again with their features). ``features`` is sorted by id.
    """
    if idf is None:
        idf = Idf(features)
    fixed = fixed or {}
    index = {f.id: i for i, f in enumerate(features)}
    old: dict[tuple[str, str], float] = {}  # by the pair's ids in order
    given: dict[tuple[str, str], Pair] = {}  # the pairs of ``fixed``, as they were
    todo = {index[d] for d in redo if d in index}
    for pair in kept:
        key = (pair.left, pair.right) if pair.left < pair.right else (pair.right, pair.left)
        known = fixed.get((pair.left, pair.right))
        if known is not None:
            old[key] = known
            given[key] = Pair(pair.left, pair.right, known)
        elif pair.left in index and pair.right in index:
            a, b = index[pair.left], index[pair.right]
            # Scored again: the weights moved with the articles that came and went.
            score = score_features(features[a], features[b], idf)
            if score >= threshold:
                old[key] = score
            else:
                todo.update((a, b))
    scored: dict[tuple[str, str], float] = {}
    done: set[int] = set()
    while True:
        for i, j in candidate_pairs(features, idf, only=todo):
            first, second = sorted((features[i].id, features[j].id))
            key = (first, second)
            if key not in scored and key not in old:
                score = score_features(features[i], features[j], idf)
                if score >= threshold:
                    scored[key] = score
        done |= todo
        if looked is not None:
            looked.update(features[k].id for k in todo)
        everything = {**scored, **old}
        pairs = _greedy(features, index, given, everything)
        chosen = {(p.left, p.right) for p in pairs} | {(p.right, p.left) for p in pairs}
        broken = {d for key in old if key not in chosen for d in key}
        absent = {d for d in broken if d not in index}
        if absent and wanted is not None:
            wanted.update(absent)
            return pairs
        todo = {index[d] for d in broken if d in index} - done
        if not todo:
            return pairs


def _greedy(
    features: Sequence[PairFeatures],
    index: Mapping[str, int],
    given: Mapping[tuple[str, str], Pair],
    scored: Mapping[tuple[str, str], float],
) -> list[Pair]:
    """Pairs chosen best first among ``scored`` (by the two articles' ids), each article at
    most once, equal scores in the order of the ids; the pairs of ``given`` keep their
    order of articles, the others are put in order from ``features`` (``index``: each
    id's place there)."""
    ranked = sorted(scored.items(), key=lambda t: (-t[1], t[0]))
    taken: set[str] = set()
    pairs: list[Pair] = []
    for (a, b), score in ranked:
        if a in taken or b in taken:
            continue
        taken.update((a, b))
        before = given.get((a, b))
        if before is not None:
            pairs.append(before)
        else:
            left, right = _ordered(features[index[a]], features[index[b]])
            pairs.append(Pair(left, right, score))
    return pairs
