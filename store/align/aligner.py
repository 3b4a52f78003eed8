"""Gale–Church-style alignment of a translation pair, paragraphs then sentences.

A dynamic program walks both articles' headline and body paragraphs in order
with five kinds of step: 1–1, 1–0, 0–1, 1–2 and 2–1. A step linking text costs
a length term (Gale & Church's: how unlikely the length ratio is) plus a
content term: how little the two sides share of the anchors both articles
have somewhere — figures, names, cognates and words of the seed lexicon
(:mod:`store.align.lexicon`) — with a small prior of agreement, so short text
with nothing to compare is not taken for strangers; figures and names the other
article has nowhere count against a link (a rewrite's own content is not a
translation). A step dropping a paragraph costs a constant, whatever its length;
a 1–2 or 2–1 step needs an overlap of its own. Headlines link to headlines.
After the program, a one-sided paragraph whose content a link's other side holds
joins that link (3–1, 4–1…; past other one-sided paragraphs too, when it shares
more), one-sided paragraphs that plainly translate each other link out of order,
two 1–1 links trading a sentence across the paragraph break become one 2–2, and
a paragraph repeating its neighbour (a lead printed twice) joins its link.
Captions and credits never enter the program: they are one-sided, except two of
a kind at the same place on both sides (captions only when alike), or two alike
captions either side of one link. Inside each link the same program aligns
sentences.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from newsdesk.store.align.features import (
    Cognates,
    Segment,
    Weights,
    keep_shared,
    make_segments,
    merge_segments,
    residual_similarity,
    shared_anchors,
    similarity,
)
from newsdesk.store.records import Article, Paragraph
from newsdesk.store.sentences import split_sentences
from newsdesk.store.text import fold

__all__ = [
    "PARAGRAPH_COSTS",
    "SENTENCE_COSTS",
    "Alignment",
    "Costs",
    "Link",
    "SentenceLink",
    "SentenceRef",
    "align_articles",
    "align_segments",
]


@dataclass(frozen=True, slots=True)
class Costs:
    """The knobs of the dynamic program (costs are negative log odds)."""

    #: Cost per unit of dissimilarity (1 - weighted anchor overlap) of a link.
    content: float
    #: Overlap at which linking two items costs the same as dropping both.
    threshold: float
    #: Extra cost of a 1–2 or 2–1 step, on top of the drop it saves.
    merge: float
    #: Gale–Church variance of the length difference per character.
    variance: float
    #: Share of the content weight a merge earns back from each part's own evidence.
    merge_support: float = 0.5
    #: Ceiling on the length term, so one odd length cannot veto strong anchors.
    max_length_cost: float = 5.0
    #: Temperature of the confidence: margin over the alternative / temperature.
    temperature: float = 3.0
    #: Extra cost of linking a headline to something that is not one.
    title_mismatch: float = 6.0
    #: What linking two headlines saves: they are rephrased more than body text.
    title_bonus: float = 15.0
    #: Anchor weight of agreement assumed before comparing (see ``similarity``).
    prior: float = 2.0
    #: Overlap below which two items never link to one (a 1–2 or 2–1 step).
    merge_floor: float = 0.0

    @property
    def drop(self) -> float:
        """Cost of leaving one item unlinked: a constant, whatever the item's length.

        Two drops cost as much as a 1–1 link of overlap ``threshold`` and
        typical length, so a long untranslated paragraph is no harder to
        leave out than a short one.
        """
        return (self.content * (1 - self.threshold) + 1.0) / 2


PARAGRAPH_COSTS = Costs(content=50.0, threshold=0.25, merge=3.0, variance=6.8, merge_floor=0.3)
SENTENCE_COSTS = Costs(content=30.0, threshold=0.1, merge=2.0, variance=6.8)


@dataclass(frozen=True, slots=True)
class SentenceRef:
    """Sentence ``s`` (from 1) of paragraph ``n``, at ``start:end`` in its text."""

    n: int
    s: int
    start: int
    end: int

    @property
    def label(self) -> str:
        return f"{self.n}.{self.s}"

    def to_dict(self) -> dict[str, int]:
        return {"n": self.n, "s": self.s, "start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SentenceRef:
        return cls(int(data["n"]), int(data["s"]), int(data["start"]), int(data["end"]))


@dataclass(frozen=True, slots=True)
class SentenceLink:
    """Sentences on the left that translate sentences on the right (either may be empty)."""

    left: tuple[SentenceRef, ...]
    right: tuple[SentenceRef, ...]
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "left": [r.to_dict() for r in self.left],
            "right": [r.to_dict() for r in self.right],
            "score": round(self.score, 3),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SentenceLink:
        return cls(
            tuple(SentenceRef.from_dict(r) for r in data["left"]),
            tuple(SentenceRef.from_dict(r) for r in data["right"]),
            float(data["score"]),
        )


@dataclass(frozen=True, slots=True)
class Link:
    """Paragraphs ``left`` (numbers, from 1) translate paragraphs ``right``."""

    left: tuple[int, ...]
    right: tuple[int, ...]
    score: float
    sentences: tuple[SentenceLink, ...] = ()

    @property
    def kind(self) -> str:
        return f"{len(self.left)}-{len(self.right)}"

    @property
    def one_sided(self) -> bool:
        return not self.left or not self.right

    def to_dict(self) -> dict[str, Any]:
        return {
            "left": list(self.left),
            "right": list(self.right),
            "score": round(self.score, 3),
            "sentences": [s.to_dict() for s in self.sentences],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Link:
        return cls(
            tuple(int(n) for n in data["left"]),
            tuple(int(n) for n in data["right"]),
            float(data["score"]),
            tuple(SentenceLink.from_dict(s) for s in data.get("sentences", [])),
        )


@dataclass(frozen=True, slots=True)
class Alignment:
    """The links between two articles, in reading order."""

    left: str
    right: str
    links: tuple[Link, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"left": self.left, "right": self.right, "links": [k.to_dict() for k in self.links]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Alignment:
        return cls(
            str(data["left"]),
            str(data["right"]),
            tuple(Link.from_dict(k) for k in data["links"]),
        )


# -- the dynamic program ------------------------------------------------------

Step = tuple[tuple[int, ...], tuple[int, ...], float]

_MOVES = ((1, 1), (1, 0), (0, 1), (1, 2), (2, 1))


def length_cost(l1: int, l2: int, ratio: float, costs: Costs) -> float:
    """Gale & Church: -log P(|δ|) for lengths ``l1`` and ``l2`` at expected ratio ``ratio``."""
    mean = max((l1 + l2 / ratio) / 2, 1.0)
    delta = (l2 - l1 * ratio) / math.sqrt(mean * costs.variance)
    p = math.erfc(abs(delta) / math.sqrt(2))
    return min(-math.log(max(p, 1e-300)), costs.max_length_cost)


def _sigmoid(x: float) -> float:
    if x < -40:
        return 0.0
    return 1 / (1 + math.exp(-x))


def align_segments(
    left: Sequence[Segment],
    right: Sequence[Segment],
    weight: Weights,
    costs: Costs,
    ratio: float = 1.0,
    content_memo: dict[tuple[int, int, int, int], float] | None = None,
) -> list[Step]:
    """Align two sequences; each step is (left indices, right indices, confidence).

    ``content_memo`` keeps the length-free part of each link's cost, so a second
    pass over the same sequences at another length ratio reuses it.
    """
    n, m = len(left), len(right)
    inf = math.inf
    band = max(12, abs(n - m) + 8)
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int, float]]] = [[(0, 0, 0.0)] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    memo: dict[tuple[int, int, int, int], float] = {}
    content = {} if content_memo is None else content_memo

    def merged(items: Sequence[Segment], start: int, count: int) -> Segment:
        return items[start] if count == 1 else merge_segments(items[start : start + count])

    def content_cost(i: int, di: int, j: int, dj: int) -> float:
        key = (i, di, j, dj)
        found = content.get(key)
        if found is not None:
            return found
        a, b = merged(left, i, di), merged(right, j, dj)
        if di + dj > 2 and (a.title or b.title):
            content[key] = inf  # a headline is never part of a merge
            return inf
        alike = similarity(a, b, weight, costs.prior)
        if di + dj > 2 and alike < costs.merge_floor:
            content[key] = inf  # a merge is made on the evidence of content alone
            return inf
        value = costs.content * (1 - alike)
        if a.title != b.title:
            value += costs.title_mismatch
        if di + dj == 3:
            # A merge pays for the drop it saves; each part earns back what it
            # shares with the other side that its partner part does not.
            parts = left[i : i + di] if di == 2 else right[j : j + dj]
            other = b if di == 2 else a
            support = min(
                residual_similarity(parts[k], parts[1 - k], other, weight) for k in (0, 1)
            )
            value += costs.drop + costs.merge - costs.merge_support * costs.content * support
        content[key] = value
        return value

    def link_cost(i: int, di: int, j: int, dj: int) -> float:
        key = (i, di, j, dj)
        found = memo.get(key)
        if found is not None:
            return found
        value = content_cost(i, di, j, dj)
        if value < inf:
            l_len = sum(s.length for s in left[i : i + di])
            r_len = sum(s.length for s in right[j : j + dj])
            value += length_cost(l_len, r_len, ratio, costs)
            if di == dj == 1 and left[i].title and right[j].title:
                value = max(0.0, value - costs.title_bonus)
        memo[key] = value
        return value

    for i in range(n + 1):
        centre = i * m / n if n else 0
        lo = max(0, int(centre) - band) if n * m > 2500 else 0
        hi = min(m, int(centre) + band) if n * m > 2500 else m
        for j in range(lo, hi + 1):
            here = cost[i][j]
            if here == inf:
                continue
            for di, dj in _MOVES:
                ni, nj = i + di, j + dj
                if ni > n or nj > m:
                    continue
                step = costs.drop if di == 0 or dj == 0 else link_cost(i, di, j, dj)
                total = here + step
                if total < cost[ni][nj]:
                    cost[ni][nj] = total
                    back[ni][nj] = (di, dj, step)
    steps: list[Step] = []
    i, j = n, m
    while i > 0 or j > 0:
        di, dj, step = back[i][j]
        if di == 0 and dj == 0:  # pragma: no cover - unreachable: every cell has a way back
            break
        i, j = i - di, j - dj
        left_ids = tuple(range(i, i + di))
        right_ids = tuple(range(j, j + dj))
        if di and dj:
            alternative = costs.drop * (di + dj)
            score = _sigmoid((alternative - step) / costs.temperature)
        else:
            score = _one_sided_score(left, right, i, j, di, link_cost, costs)
        steps.append((left_ids, right_ids, round(score, 3)))
    steps.reverse()
    return steps


def _one_sided_score(
    left: Sequence[Segment],
    right: Sequence[Segment],
    i: int,
    j: int,
    di: int,
    link_cost: Any,
    costs: Costs,
) -> float:
    """How sure we are that an item is untranslated: its best nearby link is costly."""
    best = math.inf
    if di:
        for jj in range(max(0, j - 2), min(len(right), j + 2)):
            best = min(best, link_cost(i, 1, jj, 1) - 2 * costs.drop)
            if jj + 1 < len(right):
                best = min(best, link_cost(i, 1, jj, 2) - 3 * costs.drop)
            for ii in (i - 1, i):
                if ii >= 0 and ii + 1 < len(left):
                    best = min(best, link_cost(ii, 2, jj, 1) - 3 * costs.drop)
    else:
        for ii in range(max(0, i - 2), min(len(left), i + 2)):
            best = min(best, link_cost(ii, 1, j, 1) - 2 * costs.drop)
            if ii + 1 < len(left):
                best = min(best, link_cost(ii, 2, j, 1) - 3 * costs.drop)
            for jj in (j - 1, j):
                if jj >= 0 and jj + 1 < len(right):
                    best = min(best, link_cost(ii, 1, jj, 2) - 3 * costs.drop)
    if best == math.inf:
        return 1.0
    return _sigmoid(best / costs.temperature)


def absorb_one_sided(
    steps: list[Step],
    left: Sequence[Segment],
    right: Sequence[Segment],
    weight: Weights,
    threshold: float = 0.4,
    most: int = 4,
    distant: bool = False,
) -> list[Step]:
    """Join a one-sided item to the link beside it when that link's other side holds
    its content: what it shares there, that its would-be partners do not, reaches
    ``threshold``. This finds 3–1, 4–1 and 1–3 links the five kinds of step cannot make.

    ``distant``: the link may stand past other one-sided items (never past a link),
    so a paragraph the other side folded into a paragraph elsewhere joins it."""
    steps = list(steps)
    changed = True
    while changed:
        changed = False
        for k, (li, ri, _) in enumerate(steps):
            if li and ri:
                continue
            for nk in _beside(steps, k, distant):
                nl, nr, nscore = steps[nk]
                if not nl or not nr:
                    continue
                if li:
                    own, partner, other = left, nl, nr
                    part = left[li[0]]
                else:
                    own, partner, other = right, nr, nl
                    part = right[ri[0]]
                if len(partner) >= most or part.title:
                    continue
                a = merge_segments(own[i] for i in partner)
                b = merge_segments((right if li else left)[j] for j in other)
                if a.title or residual_similarity(part, a, b, weight) < threshold:
                    continue
                joined_l = tuple(sorted(nl + li))
                joined_r = tuple(sorted(nr + ri))
                steps[nk] = (joined_l, joined_r, nscore)
                del steps[k]
                changed = True
                break
            if changed:
                break
    return steps


def _beside(steps: Sequence[Step], k: int, distant: bool) -> list[int]:
    """The links next to step ``k``: the steps either side, or with ``distant`` the
    nearest links either side past one-sided steps."""
    if not distant:
        return [nk for nk in (k - 1, k + 1) if 0 <= nk < len(steps)]
    found = []
    for way in (-1, 1):
        nk = k + way
        while 0 <= nk < len(steps) and not (steps[nk][0] and steps[nk][1]):
            nk += way
        if 0 <= nk < len(steps) and abs(nk - k) > 1:
            found.append(nk)
    return found


#: What a paragraph must share with a link past one-sided paragraphs to join it.
DISTANT_SHARE = 0.5

#: Overlap at which two one-sided paragraphs far apart are taken for a moved translation.
MOVED_SIMILARITY = 0.6


def link_moved(
    steps: list[Step], left: Sequence[Segment], right: Sequence[Segment], weight: Weights
) -> list[Step]:
    """Link a one-sided paragraph to a one-sided paragraph of the other side out of order
    (a paragraph the translation moved) when the two plainly share their content."""
    l_alone = [(k, li[0]) for k, (li, ri, _) in enumerate(steps) if li and not ri]
    r_alone = [(k, ri[0]) for k, (li, ri, _) in enumerate(steps) if ri and not li]
    candidates = sorted(
        (
            (similarity(left[i], right[j], weight), lk, rk, i, j)
            for lk, i in l_alone
            for rk, j in r_alone
            if not left[i].title and not right[j].title
        ),
        reverse=True,
    )
    used: set[int] = set()
    moved: dict[int, Step] = {}
    for sim, lk, rk, i, j in candidates:
        if sim < MOVED_SIMILARITY:
            break
        if lk in used or rk in used:
            continue
        used |= {lk, rk}
        moved[lk] = ((i,), (j,), round(sim, 3))
    if not moved:
        return steps
    return [moved.get(k, step) for k, step in enumerate(steps) if k not in used or k in moved]


# -- articles -----------------------------------------------------------------


def _ratio(left: Sequence[Segment], right: Sequence[Segment], steps: list[Step] | None) -> float:
    """Expected right/left length ratio, from linked items when known."""
    if steps:
        l_total = sum(left[i].length for li, ri, _ in steps if li and ri for i in li)
        r_total = sum(right[j].length for li, ri, _ in steps if li and ri for j in ri)
    else:
        l_total = sum(s.length for s in left)
        r_total = sum(s.length for s in right)
    if not l_total or not r_total:
        return 1.0
    return min(max(r_total / l_total, 0.6), 1.8)


#: One paragraph read for alignment: its anchors whole, and sentence by sentence.
Analysed = tuple[Segment, list[tuple[SentenceRef, Segment]]]


def analyse(
    p: Paragraph, lang: str, cognates: Cognates | None = None, words: set[str] | None = None
) -> Analysed:
    """The segment of paragraph ``p`` and of each of its sentences, in one reading
    (``words`` collects its content words)."""
    spans = split_sentences(p.text) or [(0, len(p.text))]
    title = p.kind == "title"
    parts = make_segments(p.text, lang, spans, cognates, title=title, words=words)
    whole = merge_segments(parts)
    whole = Segment(len(p.text), whole.anchors, whole.quantities, title)
    refs = [SentenceRef(p.n, s, start, end) for s, (start, end) in enumerate(spans, start=1)]
    return whole, list(zip(refs, parts, strict=True))


def align_sentences(
    left: Sequence[Analysed],
    right: Sequence[Analysed],
    weight: Weights,
    ratio: float,
    shared: frozenset[str] | None = None,
) -> tuple[SentenceLink, ...]:
    """Align the sentences of linked paragraphs.

    ``shared``: the anchors both articles have somewhere (by default, those both
    sides of the link have); only they are compared.
    """
    ls = [item for _, sentences in left for item in sentences]
    rs = [item for _, sentences in right for item in sentences]
    if len(ls) == 1 and len(rs) == 1:
        return (SentenceLink((ls[0][0],), (rs[0][0],), 1.0),)
    l_seg, r_seg = [seg for _, seg in ls], [seg for _, seg in rs]
    if shared is None:
        shared = shared_anchors(l_seg, r_seg)
    l_seg = [replace(seg, anchors=seg.anchors & shared) for seg in l_seg]
    r_seg = [replace(seg, anchors=seg.anchors & shared) for seg in r_seg]
    steps = align_segments(l_seg, r_seg, weight, SENTENCE_COSTS, ratio)
    return tuple(
        SentenceLink(tuple(ls[i][0] for i in li), tuple(rs[j][0] for j in ri), score)
        for li, ri, score in steps
    )


#: Paragraph kinds the dynamic program aligns; captions and credits are placed after.
_TEXT = ("title", "body")


def align_articles(left: Article, right: Article) -> Alignment:
    """Align ``left`` with its translation ``right``, paragraphs then sentences."""
    l_body = [p for p in left.paragraphs if p.kind in _TEXT]
    r_body = [p for p in right.paragraphs if p.kind in _TEXT]
    l_words: set[str] = set()
    r_words: set[str] = set()
    l_read = {p.n: analyse(p, left.lang, None, l_words) for p in left.paragraphs}
    r_read = {p.n: analyse(p, right.lang, None, r_words) for p in right.paragraphs}
    cognates = Cognates.of_words(l_words, r_words)
    for read in (l_read, r_read):
        for n, (whole, sentences) in read.items():
            read[n] = (cognates.apply(whole), [(r, cognates.apply(s)) for r, s in sentences])
    l_seg, r_seg = keep_shared([l_read[p.n][0] for p in l_body], [r_read[p.n][0] for p in r_body])
    shared = shared_anchors(l_seg, r_seg)
    weight = Weights([*l_seg, *r_seg])
    memo: dict[tuple[int, int, int, int], float] = {}
    first = _ratio(l_seg, r_seg, None)
    steps = align_segments(l_seg, r_seg, weight, PARAGRAPH_COSTS, first, memo)
    ratio = _ratio(l_seg, r_seg, steps)
    if abs(ratio - first) > 0.02 * first:  # lengths of what links differ: align again
        steps = align_segments(l_seg, r_seg, weight, PARAGRAPH_COSTS, ratio, memo)
    steps = absorb_one_sided(steps, l_seg, r_seg, weight)
    steps = link_moved(steps, l_seg, r_seg, weight)
    steps = absorb_one_sided(steps, l_seg, r_seg, weight, DISTANT_SHARE, distant=True)

    def sentences_of(lk: Sequence[int], rk: Sequence[int]) -> tuple[SentenceLink, ...]:
        return align_sentences(
            [l_read[n] for n in lk], [r_read[n] for n in rk], weight, ratio, shared
        )

    body_links: list[Link] = []
    for li, ri, score in steps:
        lk = tuple(l_body[i].n for i in li)
        rk = tuple(r_body[j].n for j in ri)
        body_links.append(Link(lk, rk, score, sentences_of(lk, rk) if lk and rk else ()))
    body_links = _join_moved_sentences(body_links, sentences_of)
    body_links = _join_lone_sentences(body_links, sentences_of)
    body_links = _join_repeats(body_links, l_body, r_body, sentences_of)

    def alike(lp: Paragraph, rp: Paragraph) -> bool:
        a, b = l_read[lp.n][0], r_read[rp.n][0]
        return similarity(a, b, weight, PARAGRAPH_COSTS.prior) >= PARAGRAPH_COSTS.threshold

    links = _place_non_body(left.paragraphs, right.paragraphs, body_links, alike)
    return Alignment(left.id, right.id, tuple(links))


def _one_sided_count(sentences: Sequence[SentenceLink]) -> int:
    return sum(1 for s in sentences if not s.left or not s.right)


def _join_moved_sentences(
    links: list[Link], realign: Callable[[Sequence[int], Sequence[int]], tuple[SentenceLink, ...]]
) -> list[Link]:
    """Join two 1–1 links into a 2–2 where a sentence moved across the paragraph break.

    The sign is in the sentences: the first link ends with a sentence of one
    side left alone, the next begins with one of the other side's. The links
    are joined when aligning the sentences of both together links those two.
    """
    out: list[Link] = []
    k = 0
    while k < len(links):
        a = links[k]
        b = links[k + 1] if k + 1 < len(links) else None
        if (
            b is not None
            and a.kind == "1-1"
            and b.kind == "1-1"
            and a.sentences
            and b.sentences
            and _moved(a.sentences[-1], b.sentences[0])
            and _in_one_piece(links, (k, k + 1), a.left + b.left, a.right + b.right)
        ):
            sentences = realign(a.left + b.left, a.right + b.right)
            before = _one_sided_count(a.sentences) + _one_sided_count(b.sentences)
            if _one_sided_count(sentences) <= before - 2:
                score = min(a.score, b.score)
                out.append(Link(a.left + b.left, a.right + b.right, score, sentences))
                k += 2
                continue
        out.append(a)
        k += 1
    return out


#: How sure the sentence program must be of a link that moves a paragraph into a link.
LONE_SENTENCE_SCORE = 0.8


def _join_lone_sentences(
    links: list[Link], realign: Callable[[Sequence[int], Sequence[int]], tuple[SentenceLink, ...]]
) -> list[Link]:
    """Join a one-sided paragraph to the link beside it when its sentences translate the
    sentences that link leaves alone at that edge.

    A short paragraph split off a translated one ("I've realised my wrongdoing." as a
    paragraph of its own) often shares no anchor with it; the sentence program, which
    weighs lengths sentence by sentence, still finds where it belongs.
    """
    links = list(links)
    k = 0
    while k < len(links):
        alone = links[k]
        joined = False
        if alone.one_sided:
            for nk in (k - 1, k + 1):
                if not 0 <= nk < len(links) or links[nk].one_sided or not links[nk].sentences:
                    continue
                link = links[nk]
                edge = link.sentences[0] if nk > k else link.sentences[-1]
                # The link's sentence left alone at the edge must be of the other side.
                if alone.left and not (edge.right and not edge.left):
                    continue
                if alone.right and not (edge.left and not edge.right):
                    continue
                left = tuple(sorted(link.left + alone.left))
                right = tuple(sorted(link.right + alone.right))
                if max(len(left), len(right)) > 4 or not _in_one_piece(links, (k, nk), left, right):
                    continue
                sentences = realign(left, right)
                moved = set(alone.left) | set(alone.right)
                sure = all(
                    s.score >= LONE_SENTENCE_SCORE
                    for s in sentences
                    if s.left and s.right and moved & {r.n for r in (*s.left, *s.right)}
                )
                if sure and _one_sided_count(sentences) < _one_sided_count(link.sentences):
                    links[nk] = Link(left, right, link.score, sentences)
                    del links[k]
                    joined = True
                    break
        if not joined:
            k += 1
    return links


#: Shortest text taken for a repeat of a paragraph (shorter ones repeat by chance).
REPEAT_MIN_CHARS = 40


def _repeats(a: str, b: str) -> bool:
    """Whether one paragraph's text holds the other's whole (a web page repeating its
    lead after a photo caption); case, accents and spacing aside."""
    a, b = (" ".join(fold(t).split()) for t in (a, b))
    short, long = sorted((a, b), key=len)
    return len(short) >= REPEAT_MIN_CHARS and short in long


def _join_repeats(
    links: list[Link],
    l_body: Sequence[Paragraph],
    r_body: Sequence[Paragraph],
    realign: Callable[[Sequence[int], Sequence[int]], tuple[SentenceLink, ...]],
) -> list[Link]:
    """Join a one-sided paragraph to the link of the paragraph beside it that it repeats.

    A page that prints its lead twice (once as a summary, once after a caption)
    has one translation of both: the repeat is not text the other side left out.
    Headlines stay out of it, as they stay out of every merge.
    """
    for body, side in ((l_body, 0), (r_body, 1)):
        text = {p.n: p.text for p in body if p.kind != "title"}
        order = [p.n for p in body]
        k = 0
        while k < len(links):
            alone = links[k]
            own = (alone.left, alone.right)[side]
            if not alone.one_sided or not own:
                k += 1
                continue
            n = own[0]
            if n not in text:
                k += 1
                continue
            at = order.index(n)
            neighbours = {order[i] for i in (at - 1, at + 1) if 0 <= i < len(order)}
            target = next(
                (
                    t
                    for t, link in enumerate(links)
                    if not link.one_sided
                    and any(
                        m in neighbours and m in text and _repeats(text[n], text[m])
                        for m in (link.left, link.right)[side]
                    )
                ),
                None,
            )
            if target is None:
                k += 1
                continue
            link = links[target]
            left = tuple(sorted(link.left + alone.left))
            right = tuple(sorted(link.right + alone.right))
            links[target] = Link(left, right, link.score, realign(left, right))
            del links[k]
    return links


def _in_one_piece(
    links: Sequence[Link], joined: tuple[int, int], left: Sequence[int], right: Sequence[int]
) -> bool:
    """Whether no other link holds a paragraph between the first and last of a joined link
    (a paragraph linked out of order is never joined across others)."""
    for k, link in enumerate(links):
        if k in joined:
            continue
        if left and any(min(left) < n < max(left) for n in link.left):
            return False
        if right and any(min(right) < n < max(right) for n in link.right):
            return False
    return True


def _moved(last: SentenceLink, first: SentenceLink) -> bool:
    """Whether ``last`` and ``first`` are sentences of opposite sides left alone."""
    return (bool(last.left) and not last.right and bool(first.right) and not first.left) or (
        bool(last.right) and not last.left and bool(first.left) and not first.right
    )


def _place_non_body(
    left: Sequence[Paragraph],
    right: Sequence[Paragraph],
    body_links: list[Link],
    alike: Callable[[Paragraph, Paragraph], bool],
) -> list[Link]:
    """Insert captions and credits one-sided where they stand, or linked when both sides
    carry one of the same kind at the same place (captions only when ``alike``: two
    photos at one place are not always the same photo)."""
    l_extra = [p for p in left if p.kind not in _TEXT]
    r_extra = [p for p in right if p.kind not in _TEXT]
    links: list[Link] = []

    def flush(l_limit: float, r_limit: float) -> None:
        l_here = [p for p in l_extra if p.n < l_limit]
        r_here = [p for p in r_extra if p.n < r_limit]
        for p in l_here:
            l_extra.remove(p)
        for p in r_here:
            r_extra.remove(p)
        paired: dict[int, Paragraph] = {}
        for kind in ("caption", "credit"):
            l_kind = [p for p in l_here if p.kind == kind]
            r_kind = [p for p in r_here if p.kind == kind]
            for lp, rp in zip(l_kind, r_kind, strict=False):
                if kind == "credit" or alike(lp, rp):
                    paired[lp.n] = rp
        paired_right = {p.n for p in paired.values()}
        for p in r_here:
            if p.n not in paired_right:
                links.append(Link((), (p.n,), 1.0))
        for p in l_here:
            mate = paired.get(p.n)
            if mate is None:
                links.append(Link((p.n,), (), 1.0))
            else:
                ref_l = SentenceRef(p.n, 1, 0, len(p.text))
                ref_r = SentenceRef(mate.n, 1, 0, len(mate.text))
                links.append(Link((p.n,), (mate.n,), 1.0, (SentenceLink((ref_l,), (ref_r,), 1.0),)))

    # Extras stand before the first paragraph still to come on their side (a link
    # out of order, a moved paragraph, does not pull them forward).
    l_next = [math.inf] * (len(body_links) + 1)
    r_next = [math.inf] * (len(body_links) + 1)
    for k in range(len(body_links) - 1, -1, -1):
        l_next[k] = min(l_next[k + 1], *body_links[k].left, math.inf)
        r_next[k] = min(r_next[k + 1], *body_links[k].right, math.inf)
    for k, link in enumerate(body_links):
        # A one-sided link says nothing about where the other side's extras stand.
        flush(l_next[k] if link.left else 0, r_next[k] if link.right else 0)
        links.append(link)
    flush(math.inf, math.inf)
    return _ordered(_pair_captions_across(links, left, right, alike))


def _pair_captions_across(
    links: list[Link],
    left: Sequence[Paragraph],
    right: Sequence[Paragraph],
    alike: Callable[[Paragraph, Paragraph], bool],
) -> list[Link]:
    """Link two alike captions that stand on either side of one linked paragraph (one
    side prints the photo above the lead, the other below it); the link takes the
    place of the first."""
    l_by_n = {p.n: p for p in left}
    r_by_n = {p.n: p for p in right}
    out = list(links)
    k = 0
    while k + 2 < len(out):
        a, mid, b = out[k], out[k + 1], out[k + 2]
        if not mid.one_sided and a.one_sided and b.one_sided and bool(a.left) != bool(b.left):
            lone_l, lone_r = (a, b) if a.left else (b, a)
            lp, rp = l_by_n[lone_l.left[0]], r_by_n[lone_r.right[0]]
            if lp.kind == rp.kind == "caption" and alike(lp, rp):
                ref_l = SentenceRef(lp.n, 1, 0, len(lp.text))
                ref_r = SentenceRef(rp.n, 1, 0, len(rp.text))
                pair = SentenceLink((ref_l,), (ref_r,), 1.0)
                out[k : k + 3] = [Link((lp.n,), (rp.n,), 1.0, (pair,)), mid]
        k += 1
    return out


def _ordered(links: list[Link]) -> list[Link]:
    """Links in reading order; in a run of one-sided links, the left side's come first."""
    out: list[Link] = []
    run: list[Link] = []
    for link in [*links, None]:
        if link is not None and link.one_sided:
            run.append(link)
            continue
        out += [k for k in run if k.left] + [k for k in run if not k.left]
        run = []
        if link is not None:
            out.append(link)
    return out
