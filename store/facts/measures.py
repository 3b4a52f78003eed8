"""What a money or percent figure measures ("revenue from software and digital services").

The measure is the noun phrase around the nearest measure word before the
figure in its sentence ("tech product exports are expected to reach $100.8
billion"), or right after it ("$5 billion in investment", "5 milliards de
dollars d'investissements"). None when the sentence names none.
"""

from __future__ import annotations

import re

from newsdesk.store.facts.common import Para, Tok

__all__ = ["measure_near", "stated_year"]

_KEYWORDS = {
    "en": frozenset(
        """
revenue revenues export exports import imports investment investments turnover sales profit
profits budget capital gdp value spending cost costs output income earnings trade funding
loans loan credit disbursement fdi deficit surplus debt salary salaries wages price prices
valuation fund grant aid contract contracts deal capitalisation capitalization growth
""".split()
    ),
    "fr": frozenset(
        """
recettes revenus revenu exportations exportation importations importation investissements
investissement budget capital pib valeur depenses cout couts benefices benefice echanges
commerce financement prets pret aide contrat contrats chiffre croissance
""".split()
    ),
}
_STOP = frozenset(
    """
the a an its their his her our this that these those is are was were be been being has have
had will would can could may might should to and or but with by at as from in on of for while
which who whose le la les l' un une des du de d' et ou est sont a ont sera seront avec par pour
dans sur en au aux qui que dont se s' son sa ses leur leurs ce cette ces il elle
reported expected
""".split()
)
_RIGHT_LINKS = {
    "en": frozenset({"from", "of", "for", "on"}),
    "fr": frozenset({"de", "du", "des", "d'"}),
}
_VERBS = frozenset(
    """
is are was were has have had will would reached reach reaching rose rise increased increasing
hit hitting topped top totalled totaled amounted stood est sont a ont atteint atteindre
""".split()
)


def _phrase(para: Para, toks: list[Tok], k: int, stop_at: int) -> str:
    lang = para.lang
    i = k
    if lang == "en":
        while i > 0 and k - i < 3:
            w = toks[i - 1].low
            if not toks[i - 1].is_word or w in _STOP or w in _VERBS or w.endswith("ly"):
                break
            if w[:1].isdigit():
                break
            i -= 1
    j = k + 1
    if lang == "fr" and toks[k].low == "chiffre" and j + 1 < len(toks):
        j += 2  # chiffre d'affaires
    if j < len(toks) and toks[j].low in _RIGHT_LINKS[lang] and toks[j].start < stop_at:
        m = j + 1
        while m < len(toks) and m - j <= 5 and toks[m].start < stop_at:
            w = toks[m].low
            if not toks[m].is_word or w in _VERBS or (w in _STOP and w not in ("and", "et")):
                break
            m += 1
        if m > j + 1:
            while m > j + 1 and toks[m - 1].low in ("and", "et"):
                m -= 1
            j = m
    return para.text[toks[i].start : toks[j - 1].end]


def measure_near(para: Para, start: int, end: int) -> str | None:
    """The measure named for the figure at ``start``–``end``, or None."""
    s0, s1 = para.sentence_at(start)
    words = set(_KEYWORDS[para.lang])
    toks = para.words(s0, s1)
    before = [n for n, t in enumerate(toks) if t.end <= start and t.low in words]
    if before:
        k = before[-1]
        if len([t for t in toks[k:] if t.end <= start and t.is_word]) <= 14:
            return _phrase(para, toks, k, start)
    after = [n for n, t in enumerate(toks) if t.start >= end]
    if after:
        n = after[0]
        link = toks[n].low
        if link in ("in", "of", "de", "d'", "en") and n + 1 < len(toks):
            for k in range(n + 1, min(n + 4, len(toks))):
                if toks[k].low in words:
                    return _phrase(para, toks, k, s1)
    return None


def stated_year(para: Para, start: int, article_year: int | None = None) -> int | None:
    """The one year stated in the sentence of ``start`` (not a target such as "to 2030"),
    or "this year"/"last year"/"cette année"/"l'an dernier" against ``article_year``."""
    s0, s1 = para.sentence_at(start)
    years = [
        q
        for q in para.quantities()
        if q.kind == "year"
        and s0 <= q.start < s1
        and para.low[max(0, q.start - 12) : q.start].split()[-1:]
        not in (["until"], ["to"], ["by"], ["towards"], ["jusqu'en"], ["d'ici"], ["horizon"])
    ]
    if len(years) == 1:
        return int(years[0].value)
    if not years and article_year is not None:
        sentence = para.low[s0:s1]
        if re.search(r"\b(?:this year|cette annee)\b", sentence):
            return article_year
        if re.search(r"\b(?:last year|l'an dernier|l'annee derniere)\b", sentence):
            return article_year - 1
    return None
