"""Rules for ``count`` facts (EN, FR): a number of things and what is counted.

A count is a cardinal from :mod:`store.numbers` (digits, scale words and
number words: "51,000", "1.5 million", "un millier", "six") followed by the
counted noun phrase: "51,000 tech companies", "1.5 million jobs", "un millier
de délégués", "nearly 1.2 billion information search and verification
requests". English heads come last ("tech companies"), French heads first
("années consécutives"). A coordinated phrase stops at "and"/"et" once it has
a plural head ("civil servants and public employees" counts civil servants)
and goes on when it has not yet ("search and verification requests").

Not counts: figures inside a ranking, date, amount or percent; years;
"5G"-like codes; "Decree 13"-like numbers; periods ("the first nine
months"); rank changes ("two places").

Fields: ``value``, ``unit`` (the counted phrase), ``head`` (its head word,
folded, singular), ``qualifier`` ("approximately", "plus de" … or None),
``approx``.
"""

from __future__ import annotations

import re

from store.facts.common import DocContext, Para, Tok, is_cap, make_fact, overlaps, qualifier_before
from store.facts.model import Fact
from store.text import fold

__all__ = ["extract", "head_word"]

_EN_STOP = frozenset(
    """
of from in on at to for with by as into across over under than about around per each
and or but nor the a an this that these those its their his her our which who whose that
is are was were be been being has have had will would can could may might should shall do
does did not no also both all while when where if since because including such
""".split()
)
_FR_STOP = frozenset(
    """
de du des d' la le les l' un une et ou a au aux en dans sur pour par avec sans sous entre
que qui dont est sont ont a ete sera seront se s' ne n' ce cette ces son sa ses leur leurs
il elle ils elles y comme parmi selon vers chez contre
""".split()
)
_IRREGULAR_PLURALS = frozenset(
    "people data staff personnel children men women police media cattle criteria gens".split()
)
_FR_ADJ_SUFFIX = re.compile(
    r"(?:el|elle|els|elles|al|ale|aux|ales|ique|iques|if|ive|ifs|ives|aire|aires|eux|euse|euses|"
    r"ien|ienne|iens|iennes|ais|aise|aises|ain|aine|ains|aines|ible|ibles|able|ables|"
    r"ant|ante|ants|antes|ent|ente|ents|entes)$"
)
_PERIOD_BEFORE = frozenset(
    "first last past next previous coming premiers premieres derniers dernieres prochains".split()
)
_SCALE_NOUNS = frozenset(
    "millier milliers million millions milliard milliards dizaine dizaines centaine centaines "
    "douzaine douzaines dozen dozens".split()
)
_AGO = frozenset({"ago", "earlier", "later", "before", "plus", "auparavant", "apres"})
_TOTAL_BEFORE = re.compile(r"\d\s+(?:out of|sur|of)\s+$")
_RANK_UNITS = frozenset({"place", "places", "position", "positions", "spot", "spots", "rang"})


_FR_INVARIABLE = frozenset("pays fois prix bras temps corps mois souris cas repas".split())


def head_word(word: str, lang: str = "en") -> str:
    """A head word folded and made singular ("companies" → "company", "délégués" → "delegue")."""
    w = fold(word)
    if w in _IRREGULAR_PLURALS:
        return w
    if lang == "fr":
        if w in _FR_INVARIABLE or len(w) <= 3:
            return w
        if w.endswith("aux"):
            return w[:-3] + "al"
        return w[:-1] if w.endswith(("s", "x")) else w
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("sses", "xes", "ches", "shes")):
        return w[:-2]
    if w.endswith("aux") and len(w) > 4:
        return w[:-3] + "al"
    if w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) > 3:
        return w[:-1]
    return w


def _plural(word: str) -> bool:
    w = fold(word)
    return w in _IRREGULAR_PLURALS or (w.endswith(("s", "x")) and not w.endswith("ss"))


def _unit_en(toks: list[Tok]) -> int:
    """How many tokens make the counted phrase, up to its first plural noun (0: none)."""
    n = 0
    while n < len(toks) and n < 6:
        tok = toks[n]
        w = tok.low
        if not tok.is_word or w[:1].isdigit():
            return 0
        if w in ("and", "or"):
            if n == 0:
                return 0
            n += 1  # "search and verification requests": no plural head yet
            continue
        if w in _EN_STOP or w.endswith("ly"):
            return 0
        if n == 0 and tok.cap and not _nationality_like(tok.text):
            return 0
        n += 1
        if _plural(tok.text):
            return n
    return 0


def _nationality_like(word: str) -> bool:
    return fold(word).endswith(("ese", "ian", "an", "ish"))


def _unit_fr(toks: list[Tok]) -> int:
    """The counted noun and the adjectives after it (0: none)."""
    if not toks or not toks[0].is_word:
        return 0
    first = toks[0].low
    if first in _FR_STOP or first[:1].isdigit() or not _plural(toks[0].text):
        return 0
    if first in _PERIOD_BEFORE:
        return 0  # "les dix premiers mois": a period
    n = 1
    while n < len(toks) and n < 3:
        w = toks[n].low
        if not toks[n].is_word or w in _FR_STOP or not _FR_ADJ_SUFFIX.search(w):
            break
        if w.endswith(("ant", "ants")) and n:
            break
        n += 1
    return n


def _blocked(ctx: DocContext, para: Para, start: int, end: int) -> bool:
    for f in ctx.facts:
        if (
            f.para == para.n
            and f.kind in ("ranking", "money", "percent", "date")
            and overlaps((f.start, f.end), (start, end))
        ):
            return True
    return False


def extract(ctx: DocContext) -> list[Fact]:
    """Count facts of the article (after ranking, money, percent and date facts)."""
    facts: list[Fact] = []
    for para in ctx.paras:
        for q in para.quantities():
            if q.kind != "number" or q.value < 0:
                continue
            if _blocked(ctx, para, q.start, q.end):
                continue
            if q.end < len(para.text) and para.text[q.end].isalnum():
                continue  # "5G"
            before = para.low[max(0, q.start - 16) : q.start].split()
            prev = before[-1] if before else ""
            if prev in _PERIOD_BEFORE:
                continue
            qual = qualifier_before(para, q.start)
            prev_raw = para.text[max(0, q.start - 16) : q.start].split()
            identifier = (
                prev_raw
                and is_cap(prev_raw[-1])
                and prev_raw[-1].rstrip(".").isalpha()
                and qual is None
                and fold(prev_raw[-1]) not in ("top", "the", "les", "le", "la")
            )
            if identifier:
                continue  # "Decree 13", "No. 5", "Tier 1"
            if _TOTAL_BEFORE.search(para.low, max(0, q.start - 12), q.start):
                continue  # "99.74 out of 100 points": a total, not a count
            toks = para.words(q.end, min(para.limit, q.end + 120))
            if (
                toks
                and toks[0].low in ("de", "d'", "of")
                and (fold(q.text.split()[-1]) in _SCALE_NOUNS)
            ):
                toks = toks[1:]
            if toks and toks[0].low in _RANK_UNITS:
                continue
            if toks and toks[0].low in ("chiffres", "digits") and prev in ("a", "of"):
                continue  # "une croissance à deux chiffres": the size of a figure
            n = _unit_fr(toks) if para.lang == "fr" else _unit_en(toks)
            if n == 0:
                continue
            if n < len(toks) and toks[n].low in _AGO:
                continue  # "three years ago": a time, not a count
            unit_toks = toks[:n]
            unit = para.text[unit_toks[0].start : unit_toks[-1].end]
            head = unit_toks[0].text if para.lang == "fr" else unit_toks[-1].text
            start = qual[0] if qual else q.start
            facts.append(
                make_fact(
                    "count",
                    para,
                    start,
                    unit_toks[-1].end,
                    value=q.value,
                    unit=unit,
                    head=head_word(head, para.lang),
                    qualifier=qual[1] if qual else None,
                    approx=q.approx,
                )
            )
    return facts
