"""Find which articles translate each other, without comparing every pair.

Each article is reduced to :class:`PairFeatures`: its language, date, body
length and a set of anchors that survive translation — figures (digits,
read the way the language writes them) and proper names (folded, first five
letters). Candidates are *blocked*: two articles are compared only when they
are in different languages, share at least one rare anchor, and their dates
are close. Each candidate is scored (idf-weighted overlap × length
plausibility × date closeness) and pairs are chosen greedily, best first,
each article in at most one pair.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from store.numbers import parse_number
from store.records import Article
from store.text import fold

__all__ = [
    "PAIR_THRESHOLD",
    "Pair",
    "PairFeatures",
    "find_pairs",
    "pair_features",
    "score_features",
]

#: A candidate scoring below this is not a translation.
PAIR_THRESHOLD = 0.3
#: Articles further apart than this (in days) are never compared.
DATE_WINDOW_DAYS = 14
#: Candidates scored per article, most shared rare anchors first.
MAX_CANDIDATES = 12

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
    folded = fold(text)
    for m in _NAME.finditer(text):
        word = folded[m.start() : m.end()]
        if word not in _COMMON_NAMES:
            anchors.add("p:" + word[:5])
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


class _Idf:
    def __init__(self, df: Counter[str], count: int) -> None:
        self.df = df
        self.count = max(count, 1)

    def __call__(self, anchor: str) -> float:
        return math.log((self.count + 1) / (self.df.get(anchor, 0) + 0.5))


def _overlap(a: PairFeatures, b: PairFeatures, idf: _Idf) -> float:
    if not a.anchors or not b.anchors:
        return 0.0
    shared = sum(idf(x) for x in a.anchors & b.anchors)
    total = sum(idf(x) for x in a.anchors) + sum(idf(x) for x in b.anchors)
    return 2 * shared / total if total > 0 else 0.0


def score_features(a: PairFeatures, b: PairFeatures, idf: _Idf | None = None) -> float:
    """How likely ``a`` and ``b`` translate each other, from 0 to 1 (0 when the same language)."""
    if a.lang == b.lang or a.id == b.id:
        return 0.0
    date = _date_factor(a, b)
    if date is None:
        return 0.0
    if idf is None:
        idf = _Idf(Counter(a.anchors | b.anchors), 2)
    overlap = _overlap(a, b, idf)
    # Translations share most of their anchors: map an overlap of ~0.5 to ~1.
    return min(1.0, math.sqrt(min(1.0, overlap * 2))) * _length_factor(a, b) * date


def _ordered(a: PairFeatures, b: PairFeatures) -> tuple[str, str]:
    if a.lang == "en" and b.lang != "en":
        return a.id, b.id
    if b.lang == "en" and a.lang != "en":
        return b.id, a.id
    return (a.id, b.id) if a.id < b.id else (b.id, a.id)


def candidate_pairs(features: Sequence[PairFeatures]) -> Iterable[tuple[int, int]]:
    """Index pairs worth scoring: different languages, a shared rare anchor, close dates."""
    count = len(features)
    df: Counter[str] = Counter()
    for f in features:
        df.update(f.anchors)
    rare_limit = max(8, int(count * 0.002))
    index: dict[str, list[int]] = defaultdict(list)
    for i, f in enumerate(features):
        for anchor in f.anchors:
            if df[anchor] <= rare_limit:
                index[anchor].append(i)
    for i, f in enumerate(features):
        shared: Counter[int] = Counter()
        for anchor in f.anchors:
            postings = index.get(anchor)
            if postings is None:
                continue
            for j in postings:
                if j > i and features[j].lang != f.lang:
                    shared[j] += 1
        for j, _ in shared.most_common(MAX_CANDIDATES):
            if _date_factor(f, features[j]) is not None:
                yield i, j


def find_pairs(features: Sequence[PairFeatures], threshold: float = PAIR_THRESHOLD) -> list[Pair]:
    """The translation pairs among ``features``, best first, each article at most once."""
    df: Counter[str] = Counter()
    for f in features:
        df.update(f.anchors)
    idf = _Idf(df, len(features))
    scored: list[tuple[float, int, int]] = []
    for i, j in candidate_pairs(features):
        score = score_features(features[i], features[j], idf)
        if score >= threshold:
            scored.append((score, i, j))
    scored.sort(key=lambda t: (-t[0], features[t[1]].id, features[t[2]].id))
    taken: set[int] = set()
    pairs: list[Pair] = []
    for score, i, j in scored:
        if i in taken or j in taken:
            continue
        taken.update((i, j))
        left, right = _ordered(features[i], features[j])
        pairs.append(Pair(left, right, score))
    return pairs
