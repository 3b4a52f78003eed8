"""Rules for ``ranking`` facts (EN, FR): a rank in a named indicator.

Constructions recognised (numbers come from :mod:`store.numbers`):

* a rank: an ordinal ("74th", "74e"), "number 71"/"No. 71"/"rank 71",
  or "44 out of 133"/"44 sur 133";
* its total: "out of 193", "among 193 countries", "of 193", "sur 193 pays";
* its indicator: a capitalised name ending in Index/Indicator/Ranking
  ("e-Government Development Index"), a known acronym (EGDI, GII), or French
  "l'indice …" ("l'indice mondial de l'innovation") — after the rank with "in"/
  "dans" ("74th … in the e-Government Development Index") or before it in the
  same sentence with no other rank between ("Global Innovation Index also
  jumped two places to 44 out of 133");
* a change: "rising 15 places", "jumped two places", "increased by eight
  places", "fell three places", "gagnant 15 places", "en recul de 3 places";
* a year: stated in the indicator or the clause ("in 2024", "the 2024 Global
  Innovation Index"), "this year"/"cette année", "last year"; else the
  article's year (``year_source`` says which).

Ranks stated away from their index's name ("… and 37th in innovation outputs",
"moved up 12 places to 73rd out of 167 economies") are read by
:mod:`store.facts.ranking_cues`, which also names sub-indices and scopes.

Fields: ``indicator`` (canonical English name; a sub-index after " – ", a scope in
brackets: "Global Innovation Index – innovation inputs"), ``indicator_text`` (as written),
``rank``, ``out_of``, ``year``, ``year_source`` ("text" or "article"),
``change`` (signed places or None), ``subject`` (the place ranked, as written).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsdesk.store.facts.common import DocContext, Para, make_fact
from newsdesk.store.facts.indicators import canonical_indicator, indicator_key
from newsdesk.store.facts.model import Fact
from newsdesk.store.facts.names import FUNCTION_WORDS, is_place
from newsdesk.store.facts.ranking_cues import (
    doc_indicators,
    extract_cued,
    narrowing,
    place_changes,
    with_team,
)
from newsdesk.store.numbers import Quantity, word_start_alt

__all__ = ["extract", "find_indicators"]

_HEADS = frozenset({"index", "indicator", "ranking", "rankings", "barometer", "scoreboard"})
_ACRONYMS = frozenset({"EGDI", "GII", "GCI", "HDI", "NRI", "LPI", "OSI", "IDH"})
# A folded word at least one of which an indicator holds.
_INDICATOR_WORDS = _HEADS | {a.lower() for a in _ACRONYMS} | {"indice"}
_FR_STOP = frozenset(
    """
et ou cette ce cet ces en avec pour qui que a est sont ou a-t-il a-t-elle selon grace apres
avant depuis par sur dans se s' il elle ont avait etait sera parmi
""".split()
)
_RANK_WORDS = frozenset({"number", "no", "no.", "rank", "position", "place", "numero", "rang"})
_RANK_VERBS = frozenset(
    "ranked ranking ranks placed came finished classe classee classant place placee".split()
)
_OUT_OF = re.compile(
    r"\s*(?:th\s+)?(?:place|position|rang)?\s*(?:out\s+of|among|of|from|sur|parmi)\s+(?:the\s+|les\s+)?$"
)
_NOUN_AFTER_RANK = re.compile(r"\s+(?:position|place|rang|rank)\b")
_BASELINE = re.compile(
    r"(?:compared (?:with|to)|from|since|than|over|versus|vs\.?|par rapport a|depuis|contre"
    r"|(?:son|sa|its) (?:rang|position|place|rank) (?:de|of))\s+$"
)
# A year that is a goal, not the ranking's ("by 2030", "d'ici 2030").
_TARGET_YEAR = re.compile(r"\b(?:until|to|by|towards|vision|horizon|jusqu'en|d'ici)\s+$")
# "\b(?:words)\b", the look-behind after each first letter (a search that skips ahead).
_LAST_YEAR = re.compile(
    word_start_alt(["last year", "l'annee derniere", "l'an dernier"], r"\w") + r"\b"
)
_THIS_YEAR = re.compile(
    word_start_alt(["this year", "cette annee", "cette annee-ci"], r"\w") + r"\b"
)
_PREPS = frozenset({"in", "on", "of", "dans", "de", "du", "au", "a", "the", "l'", "la", "le"})


@dataclass(frozen=True, slots=True)
class Indicator:
    start: int
    end: int
    text: str
    name: str


@dataclass(frozen=True, slots=True)
class _Rank:
    start: int
    end: int
    rank: int
    out_of: int | None


def _shrink_to_known(text: str) -> str:
    """The longest leading part of a French indicator phrase that is a known name."""
    words = text.split()
    for n in range(len(words), 1, -1):
        candidate = " ".join(words[:n])
        name = canonical_indicator(candidate)
        if indicator_key(name) != indicator_key(candidate):
            return candidate
    return text


def find_indicators(para: Para) -> list[Indicator]:
    """Named indicators in the paragraph, in order."""
    if para.lows().isdisjoint(_INDICATOR_WORDS):
        return []
    toks = para.words()
    found: list[Indicator] = []
    for i, tok in enumerate(toks):
        low = tok.low
        if low in _HEADS and tok.cap:
            j = i
            while j > 0:
                prev = toks[j - 1]
                name_word = prev.is_word and prev.cap and prev.low not in FUNCTION_WORDS
                owner = prev.text.endswith(("'s", "’s"))
                link = prev.low in ("of", "for", "and", "on") and j > 1
                if (name_word and not owner) or (link and toks[j - 2].cap):
                    j -= 1
                else:
                    break
            if j < i or low == "index":
                start = toks[j].start
                text = para.text[start : tok.end]
                found.append(Indicator(start, tok.end, text, canonical_indicator(text)))
        elif tok.text in _ACRONYMS:
            if found and found[-1].end <= tok.start <= found[-1].end + 3:
                continue  # "(EGDI)" right after its name
            found.append(Indicator(tok.start, tok.end, tok.text, canonical_indicator(tok.text)))
        elif low == "indice" and para.lang == "fr":
            j = i + 1
            end = tok.end
            while j < len(toks) and j - i <= 9:
                w = toks[j].low
                if not toks[j].is_word or w in _FR_STOP or w[:1].isdigit():
                    break
                j += 1
                end = toks[j - 1].end
            start = tok.start
            if i and toks[i - 1].low == "l'":
                start = toks[i - 1].start
            text = _shrink_to_known(para.text[start:end])
            found.append(Indicator(start, start + len(text), text, canonical_indicator(text)))
    return found


def _ranks(para: Para, quantities: list[Quantity]) -> list[_Rank]:
    low = para.low
    numbers = [q for q in quantities if q.kind in ("number", "ordinal")]
    out: list[_Rank] = []
    used: set[int] = set()
    for n, q in enumerate(numbers):
        if q.start in used or q.value != int(q.value) or q.approx:
            continue
        before = low[max(0, q.start - 14) : q.start].split()
        prev = before[-1] if before else ""
        is_rank = False
        if q.kind == "ordinal":
            is_rank = not q.spelled or prev in _RANK_VERBS or prev in ("at", "au", "a", "la")
            if _aside(para, q.start) and not _NOUN_AFTER_RANK.match(low, q.end):
                continue  # "after India (40th)": an aside on another place
        elif prev.rstrip(".") in _RANK_WORDS:
            is_rank = True
        out_of: int | None = None
        for m in numbers[n + 1 : n + 2]:
            gap = low[q.end : m.start]
            if _OUT_OF.fullmatch(gap) and m.kind == "number" and not m.approx:
                out_of = int(m.value)
                if q.kind == "number":
                    is_rank = True
                used.add(m.start)
                end = m.end
                break
        else:
            end = q.end
        if is_rank and q.kind == "number" and q.spelled and out_of is None:
            is_rank = False
        if is_rank:
            out.append(_Rank(q.start, end, int(q.value), out_of))
    return out


def _aside(para: Para, pos: int) -> bool:
    """A figure in brackets right after a capitalised word: "after India (40th)"."""
    if para.text[max(0, pos - 1) : pos] != "(":
        return False
    words = para.text[max(0, pos - 20) : pos - 1].split()
    return bool(words) and words[-1][:1].isupper()


def _year(
    ctx: DocContext, para: Para, quantities: list[Quantity], lo: int, hi: int
) -> tuple[int | None, str]:
    s0, s1 = para.sentence_at(lo)
    years = [
        q
        for q in quantities
        if q.kind == "year"
        and s0 <= q.start < s1
        # a baseline ("up 25 places compared with 2018") is not the ranking's year
        and not _BASELINE.search(para.low, max(0, q.start - 16), q.start)
    ]
    inside = [q for q in years if lo - 8 <= q.start <= hi + 12]
    if inside:
        return int(inside[0].value), "text"
    if len(years) == 1 and not _TARGET_YEAR.search(
        para.low[max(0, years[0].start - 12) : years[0].start]
    ):
        return int(years[0].value), "text"
    if ctx.year is not None:
        sentence = para.low[s0:s1]
        if _LAST_YEAR.search(sentence):
            return ctx.year - 1, "text"
        if _THIS_YEAR.search(sentence):
            return ctx.year, "text"
    return ctx.year, "article"


def _pick_indicator(
    para: Para, rank: _Rank, indicators: list[Indicator], ranks: list[_Rank]
) -> tuple[Indicator | None, str]:
    s0, s1 = para.sentence_at(rank.start)
    for ind in indicators:
        if rank.end <= ind.start < rank.end + 60 and ind.start < s1:
            gap = para.low[rank.end : ind.start]
            if re.search(r"\d", gap):
                continue
            words = gap.replace("'", "' ").split()
            if any(w in _PREPS for w in words) and len(words) <= 6:
                return ind, "after"
    before = [i for i in indicators if s0 <= i.start and i.end <= rank.start]
    if before:
        # The nearest indicator before, even past another place's rank in the same
        # table: "…, Việt Nam ranked 56th …, while HCM City rose to 115th".
        return before[-1], "before"
    return None, ""


def _anaphoric(para: Para, rank: _Rank, ranks: list[_Rank]) -> bool:
    """A rank whose sentence names no indicator refers to the last one named when it is
    plainly a rank of the same table: "In the previous edition, Việt Nam was ranked 25th
    out of 194", "Singapore ranked fourth, and China 11th" — not "ranked first among 37
    economies in three indicators" (its own scope)."""
    s0, s1 = para.sentence_at(rank.start)
    clause_end = min([s1] + [m.start() for m in re.finditer(r"[,;.]", para.low[rank.end : s1])])
    if clause_end != s1:
        clause_end += rank.end
    if re.search(r"\b(?:in|on|dans|for|pour)\b", para.low[rank.end : clause_end]):
        return False
    before = para.low[max(s0, rank.start - 14) : rank.start].split()
    prev = before[-1] if before else ""
    if prev in _RANK_VERBS or prev in ("was", "is", "were", "est", "etait"):
        return True
    words = para.text[max(s0, rank.start - 30) : rank.start].split()
    stated_earlier = any(w in _RANK_VERBS for w in para.low[s0 : rank.start].split())
    return bool(words) and is_place(words[-1]) and stated_earlier


def _subject(para: Para, pos: int) -> str | None:
    """The place named last before ``pos`` in its sentence ("Việt Nam's", "le Vietnam")."""
    s0, _ = para.sentence_at(pos)
    toks = [t for t in para.words(s0, pos) if t.is_word]
    best: str | None = None
    for n in range(len(toks)):
        if not toks[n].cap:
            continue  # every place below starts with a capitalised word
        for size in (3, 2, 1):
            part = toks[n : n + size]
            if len(part) < size or not all(t.cap for t in part):
                continue
            text = para.text[part[0].start : part[-1].end]
            if text.endswith(("'s", "’s")):
                text = text[:-2]
            if is_place(text):
                best = text
                break
    return best


def _clause_start(para: Para, after: int, rank_start: int) -> int:
    """Where the clause of a rank starts: its place named after ``after``, else ``after``."""
    for tok in para.words(after, rank_start):
        if tok.is_word and tok.cap:
            return tok.start
    return after


def _change_for(
    para: Para,
    rank: _Rank,
    ind: Indicator,
    side: str,
    span: tuple[int, int],
    changes: list[tuple[int, int, int]],
    ranks: list[_Rank],
) -> tuple[int | None, int]:
    """The change stated for ``rank`` and the span's new end."""
    hi = span[1]
    _, s1 = para.sentence_at(rank.start)
    later = min([r.start for r in ranks if r.start > rank.start] + [s1])
    for c_start, c_end, value in changes:
        others = [r for r in ranks if ind.end <= r.start < c_start]
        between = side == "before" and ind.end <= c_start and c_end <= rank.start and not others
        just_before = c_end <= rank.start and re.fullmatch(
            r"\s*(?:to|at|a|au|a la|,)?\s*(?:number|no\.?)?\s*", para.low[c_end : rank.start]
        )
        if between or just_before:
            return value, hi
        if hi <= c_start < later:
            return value, max(hi, c_end)
    return None, hi


def extract(ctx: DocContext) -> list[Fact]:
    """Ranking facts of the article."""
    facts: list[Fact] = []
    recent: Indicator | None = None  # the last indicator named, for "the previous edition"
    last_subject: str | None = None
    named: dict[int, list[tuple[int, int, str]]] = {}
    for para in ctx.paras:
        indicators = find_indicators(para)
        named[para.n] = [(i.start, i.end, i.name) for i in indicators]
        quantities = para.quantities()
        ranks = _ranks(para, quantities) if indicators or recent else []
        changes = place_changes(para, quantities)
        for rank in ranks:
            ind, side = _pick_indicator(para, rank, indicators, ranks)
            if ind is None:
                if recent is None or not _anaphoric(para, rank, ranks):
                    continue
                ind, side = recent, "anaphora"
                lo, hi = rank.start, rank.end
            else:
                lo, hi = min(ind.start, rank.start), max(ind.end, rank.end)
                previous = [r for r in ranks if lo <= r.start < rank.start]
                if side == "before" and previous:
                    # Another place's rank comes first: the evidence starts after it.
                    lo = _clause_start(para, previous[-1].end, rank.start)
            name = with_team(ctx, ind.name)
            if side != "after":
                # "GII 2025: 50th in innovation inputs": a sub-index or scope of the index.
                kind, words, end = narrowing(para, rank.end, ind.name, rank.out_of is not None)
                if kind:
                    bracket = kind == "scope" and not name.endswith(")")
                    name = f"{name} ({words})" if bracket else f"{name} – {words}"
                    hi = max(hi, end)
            change, hi = _change_for(para, rank, ind, side, (lo, hi), changes, ranks)
            year, source = _year(ctx, para, quantities, lo, hi)
            subject = _subject(para, rank.start) or last_subject
            last_subject = subject
            if subject is not None and side == "anaphora":
                start = para.text.rfind(subject, para.sentence_at(rank.start)[0], rank.start)
                if start != -1 and rank.start - start < 30:
                    lo = start
            facts.append(
                make_fact(
                    "ranking",
                    para,
                    lo,
                    hi,
                    dict(
                        indicator=name,
                        indicator_text=ind.text,
                        subject=subject,
                        rank=rank.rank,
                        out_of=rank.out_of,
                        year=year,
                        year_source=source,
                        change=change,
                    ),
                )
            )
        if indicators:
            recent = indicators[-1]
    return facts + extract_cued(ctx, doc_indicators(ctx, named), facts)
