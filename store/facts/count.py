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
months", "the past more than 35 years"); rank changes ("two places");
scores ("99.74 out of 100 points"); numbers of a set the text has already
named ("the two economies can …", "les deux parties", "X, Y and Z are the
three largest buyers"); a ranking's total said again ("across 139
economies" after "44th among the 139 economies"). A part and its whole
both count: "686 out of 1,247 cases".

Fields: ``value``, ``unit`` (the counted phrase), ``head`` (its head word,
folded, singular), ``qualifier`` ("approximately", "plus de" … or None),
``approx``.
"""

from __future__ import annotations

import re

from newsdesk.store.facts.common import (
    DocContext,
    Para,
    Tok,
    is_cap,
    make_fact,
    overlaps,
    qualifier_before,
)
from newsdesk.store.facts.model import Fact
from newsdesk.store.text import fold

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
# "-year-old", "-day-old": an age after a figure.
_AGE_AFTER = re.compile(r"-(?:year|month|day|week)s?-old\b")
# A part and its whole: "686 out of 1,247 cases" counts both (the part takes the unit
# written after the whole); a score is not a count ("99.74 out of 100 points"), nor is
# the set a part is taken from ("189 out of the 193 nations": all the nations there are).
_TOTAL_BEFORE = re.compile(r"\d\s+(?:out of|sur|of)\s+$")
_WHOLE_SET_BEFORE = re.compile(r"\d\s+(?:out of|sur)\s+(?:the|les)\s+$")
_PART_OF = re.compile(r"\s+(?:out\s+of|sur)\s+(?:(?:the|les)\s+)?")
_SCORE_HEADS = frozenset({"point"})
_RANK_UNITS = frozenset(
    {
        "place",
        "places",
        "position",
        "positions",
        "spot",
        "spots",
        "rang",
        "rangs",
        "notch",
        "notches",
    }
)


# Words a capitalised figure-naming word ("Decree 13") cannot be: "In 60 days", "Over 5 …".
_NOT_IDENTIFIER = frozenset(
    """
in on at of for by with from over about around after before within under nearly almost some
only just all dans en sur pour par avec apres avant sous pres plus environ quelque seulement
""".split()
)
# Ratios, not counts: "2.8 times the number", "1,32 fois plus".
_RATIO_UNITS = frozenset({"times", "fois", "folds", "fold"})
# Measures written as abbreviations: "3.48 million ha", "500 km".
_ABBREVIATED_UNITS = frozenset("ha km km2 m2 m3 kw mw gw kwh mwh gwh teu cbm".split())
_TIME_UNITS = frozenset(
    "mois annees ans jours semaines trimestres heures minutes months years days weeks".split()
)
# A bare figure whose sentence says what it counts: "le nombre de touristes a atteint 933.000",
# "a population of 98.2 million", "Parmi les visiteurs étrangers, 1,636 million sont arrivés".
# "La plupart des visiteurs viennent d'Asie avec 1,29 million", "le nombre des visiteurs".
_SUBJECT = re.compile(
    r"\b(?:(?:le|the)\s+(?:total\s+)?(?:nombre|number)(?:\s+total)?\s+(?:de|des|d'|of)\s+"
    r"|parmi\s+les\s+|among\s+the\s+|(?:la\s+plupart|most)\s+(?:des|of\s+the)\s+)"
    r"((?:[a-z]+\s+){0,2}?[a-z]+s)\b"
)
# A written-out figure after an elided hedge: "plus d'un million de visiteurs".
_ELIDED_ONE = re.compile(r"(?<=\bd['’])(?:un|une)\s+(millier|million|milliard)\s+(?:de\s+|d['’])")
_ELIDED_HEDGE = re.compile(r"\b(?:plus|moins|pres|autour)\s+d['’]$")
_ONE_SCALE = {"millier": 1e3, "million": 1e6, "milliard": 1e9}
_POPULATION = re.compile(r"\bpopulation\s+of\s+(?:\S+\s+){0,2}$")
# A range or a part whose unit follows the second figure: "700.000 et 800.000 tonnes",
# "100.000 à 200.000 tonnes", "between 5 and 7 ships".
_SECOND_FIGURE = re.compile(r"\s*(?:(?:a|et|to|and)\s+|[-–]\s*)$")
# The scale a range's second figure gives the first: "6.3-6.5 million tonnes".
_SCALES = {
    "thousand": 1e3,
    "thousands": 1e3,
    "million": 1e6,
    "millions": 1e6,
    "billion": 1e9,
    "billions": 1e9,
    "milliard": 1e9,
    "milliards": 1e9,
    "trillion": 1e12,
}

# A time frame, not a count: "in the eight months", "sur les huit mois", "en huit mois",
# "au cours des sept mois", "dans les deux ou trois années à venir"; a reciprocal
# reference: "between the two countries", "entre les deux pays".
_FRAME_BEFORE = re.compile(
    r"\b(?:(?:in|during|over|sur|pendant|durant|dans)\s+(?:the|les)|au\s+cours\s+des|en)\s+"
    r"(?:\w+\s+(?:or|ou)\s+)?$"
)
# "the highest figure in 20 years", "le plus haut niveau en dix ans": a time frame.
_SINCE_SUPERLATIVE = re.compile(
    r"\b(?:highest|lowest|biggest|largest|strongest|weakest|fastest|best|worst|record|plus\s+"
    r"(?:haut|bas|fort|faible|eleve))\b[^.;]*\b(?:in|en|depuis)\s+(?:\S+\s+)?$"
)
_BETWEEN_BEFORE = re.compile(r"\b(?:between|entre)\s+(?:the|les)\s+$")

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
        if n == 0 and tok.cap and not _nationality_like(tok.text) and not _acronym(tok.text):
            return 0
        n += 1
        if _plural(tok.text):
            return n
    return 0


def _acronym(word: str) -> bool:
    """An acronym naming the counted things' group: "193 UN member states"."""
    return len(word) >= 2 and word.isalpha() and word.isupper()


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
        if w.endswith(("vent", "ont")) or w in ("sont", "est", "ont", "font"):
            break  # "deux économies peuvent": a verb
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


def _subject_unit(para: Para, pos: int) -> str | None:
    """What a bare figure at ``pos`` counts, when its sentence says ("le nombre de X")."""
    s0, _ = para.sentence_at(pos)
    if _POPULATION.search(para.low, max(s0, pos - 30), pos):
        return "people"
    found = list(_SUBJECT.finditer(para.low, s0, pos))
    if not found:
        return None
    m = found[-1]
    return para.text[m.start(1) : m.end(1)]


def extract(ctx: DocContext) -> list[Fact]:
    """Count facts of the article (after ranking, money, percent and date facts)."""
    facts: list[Fact] = []
    for para in ctx.paras:
        quantities = para.quantities()
        for n_q, q in enumerate(quantities):
            if q.kind != "number" or q.value < 0:
                continue
            if _blocked(ctx, para, q.start, q.end):
                continue
            if q.end < len(para.text) and para.text[q.end].isalnum():
                continue  # "5G"
            if q.start > 1 and para.text[q.start - 1] == "-" and para.text[q.start - 2].isalpha():
                continue  # "COVID-19 waves": part of a name
            before = para.low[max(0, q.start - 16) : q.start].split()
            prev = before[-1] if before else ""
            if prev in _PERIOD_BEFORE:
                continue
            qual = qualifier_before(para, q.start)
            if qual and set(para.low[max(0, qual[0] - 10) : qual[0]].split()[-1:]) & _PERIOD_BEFORE:
                continue  # "in the past more than 35 years": a period
            prev_raw = para.text[max(0, q.start - 16) : q.start].split()
            identifier = (
                prev_raw
                and is_cap(prev_raw[-1])
                and prev_raw[-1].rstrip(".").isalpha()
                and qual is None
                and fold(prev_raw[-1]) not in ("top", "the", "les", "le", "la")
                and fold(prev_raw[-1]) not in _NOT_IDENTIFIER
            )
            if identifier:
                continue  # "Decree 13", "No. 5", "Tier 1"
            whole = _TOTAL_BEFORE.search(para.low, max(0, q.start - 12), q.start) is not None
            if _WHOLE_SET_BEFORE.search(para.low, max(0, q.start - 16), q.start):
                continue  # "189 out of the 193 nations": the set, not a count
            # An age opens with a hyphen right after the figure: without one, no match.
            if para.low.startswith("-", q.end) and _AGE_AFTER.match(para.low[q.end : q.end + 12]):
                continue  # "25-year-old plants": an age
            unit_from = q.end
            value = q.value
            scale_word = fold(q.text.split()[-1]) in _SCALE_NOUNS
            following = quantities[n_q + 1] if n_q + 1 < len(quantities) else None
            if (
                following is not None
                and following.kind == "number"
                and _SECOND_FIGURE.fullmatch(para.low, q.end, following.start)
            ):
                unit_from = following.end  # "700.000 et 800.000 tonnes"
                scale = _SCALES.get(fold(following.text.split()[-1]))
                if scale and not scale_word:
                    value, scale_word = q.value * scale, True  # "6,3 à 6,5 millions de"
            part = (
                following is not None
                and following.kind == "number"
                and _PART_OF.fullmatch(para.low, q.end, following.start) is not None
            )
            if part and following is not None:
                unit_from = following.end  # "686 out of 1,247 cases"
            toks = para.words(unit_from, min(para.limit, unit_from + 120))
            if toks and toks[0].low in ("de", "d'", "of") and scale_word:
                toks = toks[1:]
            if toks and toks[0].low in _RANK_UNITS:
                continue
            if toks and toks[0].low in ("chiffres", "digits") and prev in ("a", "of"):
                continue  # "une croissance à deux chiffres": the size of a figure
            if toks and toks[0].low in _RATIO_UNITS:
                continue
            n = _unit_fr(toks) if para.lang == "fr" else _unit_en(toks)
            if n == 0 and toks and toks[0].low in _ABBREVIATED_UNITS:
                n = 1
            if n == 0 and para.lang == "fr":
                n = _top_unit(toks)
            end = 0
            unit = head = ""
            if n:
                if n < len(toks) and toks[n].low in _AGO:
                    continue  # "three years ago": a time, not a count
                lead = para.low[max(0, q.start - 30) : q.start]
                if _BETWEEN_BEFORE.search(lead):
                    continue
                if fold(toks[n - 1].text) in _TIME_UNITS and (
                    _FRAME_BEFORE.search(lead)
                    or _SINCE_SUPERLATIVE.search(para.low, para.sentence_at(q.start)[0], q.start)
                    or para.low.startswith(("a venir", "to come", "ahead"), toks[n - 1].end + 1)
                ):
                    continue
                if (
                    n < len(toks)
                    and toks[n].text in ("'", "’")
                    and toks[n].start == toks[n - 1].end
                ):
                    continue  # "the two countries’ relations": a reference
                if _named_set(para, q.start, q.value, toks, n):
                    continue  # "the two economies can …": the set the text has named
                unit_toks = toks[:n]
                unit = para.text[unit_toks[0].start : unit_toks[-1].end]
                head_tok = unit_toks[0] if para.lang == "fr" else unit_toks[-1]
                if para.lang == "fr" and head_tok.low in ("premiers", "premieres"):
                    head_tok = unit_toks[1]
                head = head_tok.text
                end = unit_toks[-1].end
            elif (q.value >= 1000 or scale_word) and not _word_after(para, q.end):
                subject = _subject_unit(para, q.start) or _listed_unit(para, facts, q.start)
                if subject is None:
                    continue
                unit = subject
                head = subject.split()[0 if para.lang == "fr" else -1]
                end = q.end
            else:
                continue
            if (whole or part) and head_word(head, para.lang) in _SCORE_HEADS:
                continue  # "99.74 out of 100 points": a score
            if head and _ranking_total(ctx, para, q.start, q.value, head_word(head, para.lang)):
                continue  # "across 139 economies" after "44th among the 139 economies"
            start = qual[0] if qual else q.start
            facts.append(
                make_fact(
                    "count",
                    para,
                    start,
                    end,
                    dict(
                        value=value,
                        unit=unit,
                        head=head_word(head, para.lang),
                        qualifier=qual[1] if qual else None,
                        approx=q.approx,
                    ),
                )
            )
        if para.lang == "fr" and "un" in para.lows():
            facts += _elided_counts(ctx, para)
    return facts


def _elided_counts(ctx: DocContext, para: Para) -> list[Fact]:
    """Counts written out after an elided hedge, which the number reader leaves:
    "plus d'un million de visiteurs internationaux"."""
    out: list[Fact] = []
    for m in _ELIDED_ONE.finditer(para.low, 0, para.limit):
        if _blocked(ctx, para, m.start(), m.end()):
            continue  # "plus d'un milliard de dollars": an amount
        toks = para.words(m.end(), min(para.limit, m.end() + 80))
        n = _unit_fr(toks)
        if not n:
            continue
        hedge = _ELIDED_HEDGE.search(para.low, max(0, m.start() - 12), m.start())
        start = hedge.start() if hedge else m.start()
        unit = para.text[toks[0].start : toks[n - 1].end]
        out.append(
            make_fact(
                "count",
                para,
                start,
                toks[n - 1].end,
                dict(
                    value=_ONE_SCALE[m.group(1)],
                    unit=unit,
                    head=head_word(toks[0].text, "fr"),
                    qualifier=para.text[hedge.start() : m.start()].strip() if hedge else None,
                    approx=hedge is not None,
                ),
            )
        )
    return out


# A small set named before, not a figure stated: "the two economies can supplement each
# other", "The three months posted …", "les deux parties." — "the"/"les" and a small
# cardinal before a bare noun that no complement defines. Sets with a complement or a
# modifier of their own are counts: "the three pillars of digital government", "the ten
# ASEAN member states", "one of the two countries that holds the record", "les cinq
# meilleures équipes d'Asie sont …".
_NAMED_SET_MAX = 10
_DEFINITE_BEFORE = re.compile(r"\b(?:the|these|those|les|ces)\s+$")
_SET_COMPLEMENT = frozenset(
    """
of in from with that which who whose where across under on at for to by than among between
de du des d' a au aux en avec qui que dont ayant dans pour sur par parmi entre
""".split()
)
# "one of the two", "among the three", "l'un des deux": a part of a set is a count.
_PARTITIVE = re.compile(r"\b(?:one|each|either|neither|among|parmi)\s+(?:of\s+)?$")
# A predicate counting its own subject: "the US, China and Russia are the three most
# powerful countries", "X et Y sont par ailleurs les deux formations les mieux classées".
_COPULA = re.compile(
    r"\b(?:are|were|remain|remained|sont|etaient|restent|demeurent|seront)\s+"
    r"(?:(?:also|still|now|currently|together|aussi|toujours|desormais|ainsi|donc|"
    r"actuellement|par\s+ailleurs|[a-z]+ly)\s+){0,2}$"
)
# French adjectives written before the noun: "les cinq meilleures équipes".
_FR_PRENOMINAL = frozenset(
    """
meilleurs meilleures premiers premieres derniers dernieres principaux principales grands
grandes plus nouveaux nouvelles autres seuls seules
""".split()
)


def _named_set(para: Para, pos: int, value: float, toks: list[Tok], n: int) -> bool:
    """True when the figure at ``pos`` numbers a set the text has named (see above)."""
    if value > _NAMED_SET_MAX or value != int(value):
        return False
    lead = para.low[max(0, pos - 60) : pos]
    article = _DEFINITE_BEFORE.search(lead)
    if article is None:
        return False
    before = lead[: article.start()]
    if _COPULA.search(before):
        return True
    if _PARTITIVE.search(before) or n != 1:
        return False
    if para.lang == "fr" and toks[0].low in _FR_PRENOMINAL:
        return False
    if n < len(toks) and toks[n].low in _SET_COMPLEMENT:
        return False
    # "les dix pays membres": a noun after the noun defines the set (a verb does not:
    # "les deux économies peuvent", "les deux parties organiseront").
    nxt = toks[n] if n < len(toks) else None
    return not (
        para.lang == "fr"
        and nxt is not None
        and nxt.is_word
        and not nxt.cap
        and _plural(nxt.text)
        and not nxt.low.endswith("nt")
    )


def _ranking_total(ctx: DocContext, para: Para, pos: int, value: float, head: str) -> bool:
    """True when the figure repeats the total of a ranking stated before it ("ranks 44th
    among the 139 economies … tracked innovation across 139 economies"): the ranking's
    field said again, not a new count."""
    figure = f"{value:g}"
    for f in ctx.of_kind("ranking"):
        if f.get("out_of") != value or (f.para, f.start) >= (para.n, pos):
            continue
        words = re.findall(r"[^\W_]+(?:[.,'-][^\W_]+)*", fold(f.text))
        for k, w in enumerate(words):
            if w.replace(",", "") == figure and any(
                head_word(x, para.lang) == head for x in words[k + 1 : k + 4]
            ):
                return True
    return False


def _listed_unit(para: Para, facts: list[Fact], pos: int) -> str | None:
    """The unit of a list a bare figure continues: "1,29 million de visiteurs d'Asie,
    suivis des Européens (242.500)" — a count with a unit before it in its sentence."""
    s0, _ = para.sentence_at(pos)
    before = [f for f in facts if f.para == para.n and s0 <= f.start < pos]
    if not before or before[-1].get("value", 0) < 1000:
        return None
    return str(before[-1].get("unit"))


def _word_after(para: Para, pos: int) -> bool:
    """A word (not punctuation, a figure or a function word) right after ``pos``."""
    toks = para.words(pos, min(para.limit, pos + 30))
    return (
        bool(toks)
        and toks[0].is_word
        and not toks[0].low[:1].isdigit()
        and (toks[0].low not in _EN_STOP and toks[0].low not in _FR_STOP)
    )


def _top_unit(toks: list[Tok]) -> int:
    """French "les 100 premiers pôles d'innovation": the top N things (0: not that)."""
    if len(toks) < 2 or toks[0].low not in ("premiers", "premieres"):
        return 0
    if toks[1].low in _TIME_UNITS:
        return 0  # "les dix premiers mois": a period
    rest = _unit_fr(toks[1:])
    return rest + 1 if rest else 0
