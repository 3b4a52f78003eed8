"""Anchors that survive translation: figures, proper names and cognates.

A segment (a paragraph, a sentence, or a run of them) is reduced to a set of
typed anchor strings: ``n:<quantity key>`` for figures and dates,
``p:<name prefix>`` for proper names and ``s:<stem>`` for content words (the
first five letters of a folded word: "coopération" and "cooperation" share
``s:coope``). :class:`Weights` turns anchor frequencies into idf weights so
words used everywhere in an article count for little.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from rapidfuzz.distance import Indel

from newsdesk.store.align.lexicon import concept
from newsdesk.store.numbers import Quantity, extract_quantities
from newsdesk.store.text import fold

__all__ = [
    "Cognates",
    "Segment",
    "Weights",
    "is_cognate",
    "keep_shared",
    "make_segment",
    "make_segments",
    "merge_segments",
    "name_tokens",
    "residual_similarity",
    "shared_anchors",
    "similarity",
]

# Function words (folded) that share prefixes across languages by accident.
STOPWORDS = frozenset(
    """the of and to in is that for on with as was by at it from are be this has have an
    which or its their will he she they said not but were been also who his her them than
    into over under about after before while would could should other more most some such
    these those there where when what being only very well both each many much between
    le la les de des du et est un une dans pour que qui sur au aux par pas avec il elle
    ont sont ete ce cette ses leur leurs mais ou plus tout tous toute toutes comme aussi
    entre apres avant selon lors dont nous vous ils elles son sa notre votre depuis sans
    sous vers chez tres bien deja encore ainsi alors etait avait avoir etre fait faire
    a-t-il a-t-elle""".split()
)

# A small EN/FR lexicon of frequent news words that are not cognates; each
# folded form maps to a shared concept anchor ``l:<concept>``.
_LEXICON_ROWS = """
country countries pays | year years an ans annee annees | month months mois |
week weeks semaine semaines | day days jour jours | government gouvernement |
deputy vice | city cities town ville villes | world global monde mondial mondiale mondiaux |
digital numerique numeriques | growth croissance | price prices prix |
trade commerce | company companies firm firms business businesses entreprise entreprises |
revenue revenues recettes | training formation | data donnees | rice riz | water eau |
sea mer | bridge pont | lake lac | street streets rue rues | river fleuve riviere |
race course | runners runner coureurs coureur | winner winners vainqueur vainqueurs |
market markets marche marches | new nouveau nouvelle nouveaux nouvelles |
meeting reunion rencontre | summit sommet | agreement accord | friendship amitie |
health sante | school schools ecole ecoles | hospital hospitals hopital hopitaux |
foreign etranger etrangers etrangere etrangeres | people citoyens habitants personnes |
farmers agriculteurs paysans | law loi | rate taux | jobs emplois | workers travailleurs |
export exports exported exportations exporte | import imports importations |
korea coree | japan japon | china chinese chine chinois chinoise | india indian inde indien |
germany allemagne | red rouge | black noir noire | white blanc blanche | yellow jaune |
blue bleu bleue | green vert verte | usa americain americaine americains |
vietnam vietnamese vietnamien
vietnamienne vietnamiens viet | hanoi | realestate immobilier | said declare | record record
"""
LEXICON: dict[str, str] = {
    word: row.split()[0] for row in _LEXICON_ROWS.split("|") for word in row.split()
}
_BIGRAMS = {
    ("united", "states"): "usa", ("south", "korea"): "korea", ("real", "estate"): "realestate",
    ("ha", "noi"): "hanoi", ("viet", "nam"): "vietnam", ("etats", "unis"): "usa",
}  # fmt: skip

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_ELISION = re.compile(r"^(?:l|d|qu|n|s|c|j|m|t|jusqu|lorsqu|puisqu)['’]")
_SENTENCE_START = re.compile(r"(?:^|[.!?…:]\s*[\"“«‘(]?\s*|[\"“«]\s*)$")

#: Weight of one matched figure, relative to a word of idf 1.
NUMBER_WEIGHT = 3.0
#: Extra weight of a proper name.
NAME_WEIGHT = 1.5
#: Weight against a link of each figure one side holds that the other article has nowhere.
UNSHARED_WEIGHT = 3.0
#: A name the other article has nowhere counts as this share of such a figure.
NAME_SHARE = 1.0


@dataclass(frozen=True, slots=True)
class Segment:
    """What the aligner compares: length in characters and a set of anchors."""

    length: int
    anchors: frozenset[str]
    quantities: tuple[Quantity, ...] = ()
    #: A headline: it links to a headline, and never as part of a merge.
    title: bool = False
    #: Figures (in digits) that the other article has nowhere: content it does not carry.
    unshared: float = 0.0


def _stem(word: str) -> str:
    return word[:5]


def name_tokens(text: str) -> list[tuple[int, int]]:
    """Spans of capitalised words that are not at the start of a sentence, and acronyms."""
    spans: list[tuple[int, int]] = []
    for m in _WORD.finditer(text):
        word = m.group()
        core = _ELISION.sub("", word) if word[:1].islower() else word
        if not core[:1].isupper():
            continue
        is_acronym = len(core) >= 2 and core.isupper()
        if is_acronym or not _SENTENCE_START.search(text[max(0, m.start() - 4) : m.start()]):
            start = m.start() + (len(word) - len(core))
            spans.append((start, m.end()))
    return spans


def _content_words(folded: str) -> list[str]:
    """The word parts of folded text, elided articles stripped, hyphenated words split."""
    parts: list[str] = []
    for m in _WORD.finditer(folded):
        parts.extend(_word_parts(m.group()))
    return parts


def _word_parts(word: str) -> list[str]:
    if "'" in word or "’" in word:
        word = _ELISION.sub("", word)
    return word.split("-") if "-" in word else [word]


def is_cognate(a: str, b: str) -> bool:
    """Whether two folded words look like translations of each other by their letters.

    Words of four letters or more that share a five-letter prefix, or a
    three-letter one and most of their letters in order ("passengers" /
    "passagers"), or their first two letters and nearly all of the rest
    ("government" / "gouvernement"). "regulatory" / "reglementaires" is not one.
    """
    if len(a) < 4 or len(b) < 4 or a[:2] != b[:2]:
        return False
    if a[:5] == b[:5]:
        return True
    similar = Indel.normalized_similarity(a, b)
    return similar >= 0.85 or (a[:3] == b[:3] and similar >= 0.78)


class Cognates:
    """Stems of two texts joined across languages when their words are cognates.

    Built once per article pair: every content word of the left side is
    compared with the right side's words that begin with the same two letters;
    a cognate joins the two words' stems into one anchor.
    """

    def __init__(
        self, left: Iterable[str], left_lang: str, right: Iterable[str], right_lang: str
    ) -> None:
        self._root: dict[str, str] = {}
        self._compare(self._words(left, left_lang), self._words(right, right_lang))

    @classmethod
    def of_words(cls, left: Iterable[str], right: Iterable[str]) -> Cognates:
        """Cognates of two sets of content words (as :func:`make_segments` collects them)."""
        cognates = cls((), "", (), "")
        cognates._compare(left, right)
        return cognates

    def _compare(self, l_words: Iterable[str], r_words: Iterable[str]) -> None:
        by_start: dict[str, list[str]] = {}
        r_stems = set()
        for word in r_words:
            by_start.setdefault(word[:2], []).append(word)
            r_stems.add(_stem(word))
        for word in l_words:
            if _stem(word) in r_stems:
                continue  # already an anchor of both sides
            for other in by_start.get(word[:2], ()):
                if _stem(word) != _stem(other) and is_cognate(word, other):
                    self._join(_stem(word), _stem(other))

    @staticmethod
    def _words(texts: Iterable[str], lang: str) -> set[str]:
        found: set[str] = set()
        for text in texts:
            for part in _content_words(fold(text)):
                if len(part) >= 4 and part not in STOPWORDS and not concept(part, lang):
                    found.add(part)
        return found

    def _find(self, stem: str) -> str:
        root = self._root.get(stem, stem)
        while root != self._root.get(root, root):
            root = self._root.get(root, root)
        return root

    def _join(self, a: str, b: str) -> None:
        ra, rb = self._find(a), self._find(b)
        if ra != rb:
            self._root[max(ra, rb)] = min(ra, rb)

    def key(self, stem: str) -> str:
        """The anchor name of ``stem``: the same for cognate stems of either side."""
        return self._find(stem) if self._root else stem

    def apply(self, segment: Segment) -> Segment:
        """``segment`` with its stems named by :meth:`key`."""
        if not self._root:
            return segment
        anchors = frozenset(
            "s:" + self.key(a[2:]) if a.startswith("s:") else a for a in segment.anchors
        )
        return replace(segment, anchors=anchors)


def make_segments(
    text: str,
    lang: str,
    spans: Sequence[tuple[int, int]],
    cognates: Cognates | None = None,
    *,
    title: bool = False,
    words: set[str] | None = None,
) -> list[Segment]:
    """The anchors of the pieces ``spans`` of one text (its sentences), read in one pass.

    ``cognates`` joins stems across the pair; ``words``, when given, collects
    the content words that became stems (to find cognates with). An anchor
    belongs to the piece it starts in.
    """
    starts = [start for start, _ in spans]
    anchors: list[set[str]] = [set() for _ in spans]
    quantities: list[list[Quantity]] = [[] for _ in spans]

    def slot(pos: int) -> int:
        return max(bisect_right(starts, pos) - 1, 0)

    folded = fold(text)
    for q in extract_quantities(text, lang):
        # Figures in words ("first", "four") are often idiom ("the first
        # buyer" for "the largest"): they weigh like a word, digits like three.
        k = slot(q.start)
        anchors[k].add(("w:" if q.spelled else "n:") + q.key)
        quantities[k].append(q)
    for start, end in name_tokens(text):
        for part in re.split(r"[-'’]", folded[start:end]):
            if len(part) >= 2 and part not in LEXICON and not concept(part, lang):
                anchors[slot(start)].add("p:" + part[:4])
    previous = ""
    for m in _WORD.finditer(folded):
        here = anchors[slot(m.start())]
        for part in _word_parts(m.group()):
            concepts = concept(part, lang)
            old = LEXICON.get(part) or _BIGRAMS.get((previous, part))
            if concepts or old:
                here.update("l:" + c for c in concepts)
                if old:
                    here.add("l:" + old)
            elif len(part) >= 4 and part not in STOPWORDS:
                stem = _stem(part)
                here.add("s:" + (cognates.key(stem) if cognates else stem))
                if words is not None:
                    words.add(part)
            previous = part
    return [
        Segment(end - start, frozenset(a), tuple(q), title)
        for (start, end), a, q in zip(spans, anchors, quantities, strict=True)
    ]


def make_segment(
    text: str, lang: str, cognates: Cognates | None = None, *, title: bool = False
) -> Segment:
    """The anchors of one piece of text (``cognates`` joins stems across the pair)."""
    return make_segments(text, lang, [(0, len(text))], cognates, title=title)[0]


def shared_anchors(left: Iterable[Segment], right: Iterable[Segment]) -> frozenset[str]:
    """The anchors found on both sides."""
    l_all = frozenset().union(*(s.anchors for s in left))
    return l_all & frozenset().union(*(s.anchors for s in right))


def keep_shared(left: list[Segment], right: list[Segment]) -> tuple[list[Segment], list[Segment]]:
    """Both sides with only the anchors that occur on both sides somewhere.

    An anchor found on one side only (a word with no known translation, a name
    the other side leaves out) cannot tell a translation from a neighbour; it
    would only dilute every overlap alike. A paragraph left untranslated keeps
    (almost) nothing, and so costs more to link than to leave one-sided.
    """
    both = shared_anchors(left, right)

    def kept(s: Segment) -> Segment:
        unshared = sum(
            1 if a.startswith("n:") else NAME_SHARE for a in s.anchors - both if a[0] in "np"
        )
        return replace(s, anchors=s.anchors & both, unshared=unshared)

    return [kept(s) for s in left], [kept(s) for s in right]


def merge_segments(segments: Iterable[Segment]) -> Segment:
    """One segment standing for several (a merge or split in translation)."""
    length = 0
    anchors: set[str] = set()
    quantities: list[Quantity] = []
    title = False
    unshared = 0.0
    for seg in segments:
        length += seg.length
        unshared += seg.unshared
        anchors |= seg.anchors
        quantities.extend(seg.quantities)
        title = title or seg.title
    return Segment(length, frozenset(anchors), tuple(quantities), title, unshared)


class Weights:
    """idf weights of anchors over a collection of segments (both sides of a pair)."""

    def __init__(self, segments: Iterable[Segment]) -> None:
        df: Counter[str] = Counter()
        count = 0
        for seg in segments:
            df.update(seg.anchors)
            count += 1
        self.count = max(count, 1)
        self.df = df
        self._weights = _WeightTable(self)
        self._weights.update((anchor, self._weigh(anchor, n)) for anchor, n in df.items())
        self._totals: dict[frozenset[str], float] = {}
        #: The weight of one anchor (a bound C method: summed over sets often).
        self.of = self._weights.__getitem__

    def _weigh(self, anchor: str, df: int) -> float:
        idf = max(math.log((self.count + 1) / (df + 0.5)), 0.1)
        kind = anchor[0]
        if kind == "n":
            return NUMBER_WEIGHT * min(idf, 2.0)
        if kind == "p":
            return NAME_WEIGHT * idf
        return idf

    def __call__(self, anchor: str) -> float:
        return self._weights[anchor]

    def total(self, anchors: frozenset[str]) -> float:
        """The summed weight of a set of anchors (cached: segments are compared often)."""
        value = self._totals.get(anchors)
        if value is None:
            value = self._totals[anchors] = sum(map(self.of, anchors))
        return value


class _WeightTable(dict[str, float]):
    """Anchor → weight; an anchor never counted weighs as one seen nowhere."""

    def __init__(self, owner: Weights) -> None:
        super().__init__()
        self._owner = owner

    def __missing__(self, anchor: str) -> float:
        weight = self[anchor] = self._owner._weigh(anchor, 0)
        return weight


def similarity(a: Segment, b: Segment, weight: Weights, prior: float = 0.0) -> float:
    """Weighted Dice overlap of two segments' anchors, from 0 to 1.

    ``prior`` is a weight of agreement assumed before any anchor is seen: two
    short sentences with no anchor to compare are not taken for strangers, while
    two with many unshared anchors still are.
    """
    total = weight.total(a.anchors) + weight.total(b.anchors) + prior
    total += UNSHARED_WEIGHT * (a.unshared + b.unshared)
    if total <= 0:
        return 0.0
    return (2 * sum(map(weight.of, a.anchors & b.anchors)) + prior) / total


def residual_similarity(part: Segment, partner: Segment, other: Segment, weight: Weights) -> float:
    """Overlap of ``part`` with the anchors of ``other`` that ``partner`` does not have.

    For a 2–1 link: how much of the single side only ``part`` explains.
    """
    rest = other.anchors - partner.anchors
    if not part.anchors or not rest:
        return 0.0
    total = weight.total(part.anchors) + sum(map(weight.of, rest))
    return 2 * sum(map(weight.of, part.anchors & rest)) / total if total > 0 else 0.0
