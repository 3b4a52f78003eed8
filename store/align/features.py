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
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from store.numbers import Quantity, extract_quantities
from store.text import fold

__all__ = [
    "Segment",
    "Weights",
    "make_segment",
    "merge_segments",
    "name_tokens",
    "residual_similarity",
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


@dataclass(frozen=True, slots=True)
class Segment:
    """What the aligner compares: length in characters and a set of anchors."""

    length: int
    anchors: frozenset[str]
    quantities: tuple[Quantity, ...] = ()


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


def make_segment(text: str, lang: str) -> Segment:
    """The anchors of one piece of text."""
    folded = fold(text)
    anchors: set[str] = set()
    quantities = tuple(extract_quantities(text, lang))
    for q in quantities:
        # Figures in words ("first", "four") are often idiom ("the first
        # buyer" for "the largest"): they weigh like a word, digits like three.
        anchors.add(("w:" if q.spelled else "n:") + q.key)
    for start, end in name_tokens(text):
        for part in re.split(r"[-'’]", folded[start:end]):
            if len(part) >= 2 and part not in LEXICON:
                anchors.add("p:" + part[:4])
    previous = ""
    for m in _WORD.finditer(folded):
        word = _ELISION.sub("", m.group())
        for part in word.split("-"):
            concept = LEXICON.get(part) or _BIGRAMS.get((previous, part))
            if concept:
                anchors.add("l:" + concept)
            elif len(part) >= 4 and part not in STOPWORDS:
                anchors.add("s:" + _stem(part))
            previous = part
    return Segment(len(text), frozenset(anchors), quantities)


def merge_segments(segments: Iterable[Segment]) -> Segment:
    """One segment standing for several (a merge or split in translation)."""
    length = 0
    anchors: set[str] = set()
    quantities: list[Quantity] = []
    for seg in segments:
        length += seg.length
        anchors |= seg.anchors
        quantities.extend(seg.quantities)
    return Segment(length, frozenset(anchors), tuple(quantities))


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
        self._weights = {anchor: self._weigh(anchor, n) for anchor, n in df.items()}
        self._totals: dict[frozenset[str], float] = {}

    def _weigh(self, anchor: str, df: int) -> float:
        idf = max(math.log((self.count + 1) / (df + 0.5)), 0.1)
        kind = anchor[0]
        if kind == "n":
            return NUMBER_WEIGHT * min(idf, 2.0)
        if kind == "p":
            return NAME_WEIGHT * idf
        return idf

    def __call__(self, anchor: str) -> float:
        weight = self._weights.get(anchor)
        if weight is None:
            weight = self._weights[anchor] = self._weigh(anchor, 0)
        return weight

    def total(self, anchors: frozenset[str]) -> float:
        """The summed weight of a set of anchors (cached: segments are compared often)."""
        value = self._totals.get(anchors)
        if value is None:
            value = self._totals[anchors] = sum(map(self, anchors))
        return value


def similarity(a: Segment, b: Segment, weight: Weights) -> float:
    """Weighted Dice overlap of two segments' anchors, from 0 to 1."""
    if not a.anchors or not b.anchors:
        return 0.0
    total = weight.total(a.anchors) + weight.total(b.anchors)
    if total <= 0:
        return 0.0
    return 2 * sum(map(weight, a.anchors & b.anchors)) / total


def residual_similarity(part: Segment, partner: Segment, other: Segment, weight: Weights) -> float:
    """Overlap of ``part`` with the anchors of ``other`` that ``partner`` does not have.

    For a 2–1 link: how much of the single side only ``part`` explains.
    """
    rest = other.anchors - partner.anchors
    if not part.anchors or not rest:
        return 0.0
    total = weight.total(part.anchors) + sum(map(weight, rest))
    return 2 * sum(map(weight, part.anchors & rest)) / total if total > 0 else 0.0
