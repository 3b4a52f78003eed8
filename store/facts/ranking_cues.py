"""Ranks stated away from their index's name (EN, FR): found by the words around them.

:mod:`store.facts.ranking` reads a rank next to a named index. Wire copy names
the index once and then states ranks on their own; this module reads those,
with the index named last before them (else the first one the article names,
title included), when a cue says the figure is a rank:

* a rank noun: "2nd position", "110 e rang", "(15e rang)", "rank 71st";
* a total: "44ᵉ sur 139", "ranked 94th out of 155 countries", "ranked Vietnam
  39 out of 80 economies";
* a ranking verb right before: "ranks 50th", "stands at 37th", "se classe 20e",
  "se plaçant 3ᵉ", "placed Vietnam at 61st";
* a change leading to it: "up one place to 40th", "jumped two places to the
  57th", "passant de la 59ᵉ place en 2016 à la 44ᵉ";
* a list after such a rank in the same sentence: "… and 37th in innovation
  outputs", "… et 2e en Asie du Sud-Est", "42e pour l'égalité des revenus et
  39e pour l'attraction des investissements";
* a superlative: "the world's second-largest rice exporter", "deuxième
  exportateur mondial de riz" (the index is what is ranked: "World rice exporters").

What follows a rank narrows the index: "in innovation inputs", "pour les
extrants", "in terms of the innovation input sub-index" name a sub-index
(``indicator`` "Global Innovation Index – innovation inputs"); "among the 37
lower middle-income group economies", "en Asie", a sentence opening "En Asie du
Sud-Est," name a scope ("Global Innovation Index (Asie)"). The year is the one
stated right after the rank ("la 59ᵉ place en 2016"), else the one the index is
named with ("GII 2025", "the 2024 edition"), else the sentence's or the article's.

Not ranks: a bare figure in brackets after another place ("Singapore (5th)"),
ordinals without a cue ("the 2nd National Forum", "the third quarter").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsdesk.store.facts.common import DocContext, Para, make_fact
from newsdesk.store.facts.indicators import canonical_indicator
from newsdesk.store.facts.model import Fact
from newsdesk.store.facts.names import is_place, name_key
from newsdesk.store.numbers import Quantity

_PLACES = re.compile(r"\s*(?:places?|positions?|spots?|notch(?:es)?|rangs?)\b")
_UP = frozenset(
    """
rising rose risen rises rise jumped jumping jumps climbed climbing climbs up gaining gained gains
improving improved improves advancing advanced advances increased increasing increase moved
moving progresse progressant gagne gagnant grimpe grimpant remonte remontant hausse bond
""".split()
)
_DOWN = frozenset(
    """
falling fell fallen falls dropped dropping drops down slipped slipping slips declined
declining declines losing lost loses decreased decreasing slid sliding recule reculant
perdu perdant chute chutant baisse recul
""".split()
)

__all__ = ["DocIndicator", "doc_indicators", "extract_cued", "narrowing", "with_team"]

_NOUN_AFTER = re.compile(r"(?:\s*e)?\s+(?:position|place|rang|rank|spot)s?\b")
_TOTAL = re.compile(
    r"(?:\s*e)?(?:\s+(?:place|position|rang)(?:\s+mondial)?)?\s*\(?\s*(?:out\s+of|among|sur|parmi)\s+"
    r"(?:the\s+|les\s+)?(\d{1,3})(?!\d|[.,]\d)"
)
_VERB_BEFORE = re.compile(
    r"(?:\brank(?:s|ed|ing)?(?:\s+\w+(?:'s)?)?(?:\s+at)?|\bstands?\s+at|\bstood\s+at|\bremains?\s+at"
    r"|\bplace[sd]?\s+\w+\s+at|\bclasse[es]?(?:\s+(?:le|la|l'|\w+)){0,2}|\bse\s+classe(?:\s+desormais)?"
    r"|\bse\s+placant|\bse\s+hisse\s+au|\boccupe(?:\s+toujours)?\s+(?:la|le)|\breste\s+au"
    r"|\bmaintient\s+sa|\bmaintained\s+its|\bretain(?:s|ed)\s+its|\bconserve\s+sa"
    r"|\b(?:is|was|remains)\s+in\s+the)\s+(?:the\s+)?$"
)
_CHANGE_TO = re.compile(
    r"(?:places?|positions?|spots?|notch(?:es)?|rangs?)\s+(?:\w+\s+)?(?:to|a|au|a\s+la)"
    r"(?:\s+the)?\s+$|\bde\s+la\s+\d+\S*\s+place(?:\s+en\s+\d{4})?\s+a\s+la\s+$"
)
_LIST_LINK = re.compile(r"(?:,|\band|\bet|\bwhile|;)\s+(?:\w+\s+){0,3}$")
_SCOPE_AFTER = re.compile(
    r"\s*(?:,\s*)?(?:in|pour|for|en|among|parmi|dans|(?:de|of)\s+(?:la|the)\s+(?:liste|list)"
    r"\s+(?:des|of))\s+"
)
# Words naming the table itself, not a part of it: "30th position in the rankings".
_TABLE_WORDS = frozenset(
    "ranking rankings classement classements index indice report rapport list liste table "
    "survey enquete".split()
)
_SUPERLATIVE_EN = re.compile(
    r"\b(second|third|fourth|fifth|2nd|3rd|4th|5th)[- ](?:largest|biggest)\s+"
    r"((?:[a-z]+\s+){0,2}?(?:exporters?|importers?|producers?|"
    r"economy|economies|markets?|partners?|investors?|suppliers?|buyers?|consumers?))\b"
)
_SUPERLATIVE_FR = re.compile(
    r"\s+((?:exportateur|importateur|producteur|marche|partenaire|investisseur|fournisseur)"
    r"s?)\s+mondial(?:e|aux)?(?:\s+(?:de|du|des|d')\s*([a-z]+))?"
)
# French superlatives named in English, as indices are: "deuxième exportateur mondial de
# riz" → "World rice exporters".
_FR_ROLES = {
    "exportateur": "exporters",
    "importateur": "importers",
    "producteur": "producers",
    "marche": "markets",
    "partenaire": "partners",
    "investisseur": "investors",
    "fournisseur": "suppliers",
}
_FR_GOODS = {
    "riz": "rice",
    "cafe": "coffee",
    "poivre": "pepper",
    "cajou": "cashew",
    "caoutchouc": "rubber",
    "the": "tea",
    "textile": "textile",
    "petrole": "oil",
    "acier": "steel",
    "crevettes": "shrimp",
}


def _world_table(role: str, goods: str | None) -> str:
    noun = _FR_ROLES.get(role.rstrip("s"), role)
    if goods is None:
        return f"World {noun}"
    return f"World {_FR_GOODS.get(goods, goods)} {noun}"


_TOTAL_NOUNS = frozenset(
    "countries economies nations members states territories listed pays economies nations "
    "membres etats territoires and et".split()
)
_CLAUSE_END = re.compile(
    r"[,;.()]|\s(?:and|et|while|tandis|up|down|en hausse|en baisse|after|apres|behind|derriere"
    r"|qui|which|that)\s"
)
_NAMES_INDEX = re.compile(r"\b(?:index|indice|report|rapport|survey|ranking|classement|edition)\b")
_YEAR_NEAR = re.compile(r"\s*(?:in|en)\s+(\d{4})\b")
_BASELINE = re.compile(
    r"(?:compared (?:with|to)|from|since|than|depuis|par rapport a|rang de|position de|"
    r"place de|contre)\s+(?:[a-z]+\s+)?$"
)


@dataclass(frozen=True, slots=True)
class DocIndicator:
    """An index named in the article: paragraph, offset, canonical name, year stated with it."""

    para: int
    start: int
    end: int
    name: str
    year: int | None


# (pattern, canonical name or "" for the name as written, a word the text must hold).
_EXTRA_INDICATORS = [
    (
        re.compile(r"\b(?:E-Government Survey|e-Government Survey)\b"),
        "E-Government Development Index",
        "Survey",
    ),
    (re.compile(r"\bWorld Happiness Report\b"), "World Happiness Report", "Happiness"),
    (
        re.compile(
            r"\b(?:classement|Classement)(?:\s+mondial)?(?:\s+de\s+la)?\s+(?:de\s+juin\s+de\s+la\s+)?"
            r"(?:FIFA|Fédération internationale de football)"
        ),
        "FIFA World Ranking",
        "lassement",
    ),
    (re.compile(r"\bFIFA\s+(?:World\s+)?[Rr]anking"), "FIFA World Ranking", "FIFA"),
    (
        re.compile(r"\bU\.?S\.? News (?:and|&) World Report\b"),
        "U.S. News & World Report",
        "News",
    ),
    (
        re.compile(r"\b[A-Z][A-Za-z]+(?:\s+[A-Z][A-Za-z]+){0,4}\s+(?:Index|Report|Ranking)\b"),
        "",
        "",
    ),
]


def doc_indicators(
    ctx: DocContext, found: dict[int, list[tuple[int, int, str]]]
) -> list[DocIndicator]:
    """Every index the article names, in order; ``found`` holds, per paragraph, the
    (start, end, canonical name) :func:`store.facts.ranking.find_indicators` gave."""
    out: list[DocIndicator] = []
    for para in ctx.paras:
        names = list(found.get(para.n, []))
        text = para.text
        generic = "Index" in text or "Report" in text or "Ranking" in text
        for pattern, name, needs in _EXTRA_INDICATORS:
            if (needs and needs not in text) or (not needs and not generic):
                continue
            for m in pattern.finditer(text, 0, para.limit):
                named = m.group()
                if named.lower().startswith(("the ", "a ", "an ")):
                    continue
                if any(abs(s - m.start()) < len(named) + 8 for s, _, _ in names):
                    continue
                names.append((m.start(), m.end(), name or canonical_indicator(named)))
        names.sort()
        for start, end, name in names:
            out.append(DocIndicator(para.n, start, end, name, _indicator_year(para, start, end)))
    return out


# "Index 2023", "(GII) 2025", "(… - EGDI) de l'ONU 2024" after the index's name.
_YEAR_AFTER_INDEX = re.compile(
    r"(?:\s*\([^()]{1,60}\))?(?:\s+(?:de|of)\s+(?:l['’]|the\s+)?[A-Z]\w+)?"
    r"\s+(\d{4})\b"
)


# "the 2024 Global Innovation Index", "the 2024 edition of the United Nations (UN) … Survey".
_YEAR_BEFORE_INDEX = re.compile(
    r"\b(\d{4})\s+(?:edition\s+of\s+(?:the\s+)?(?:[A-Z(][\w()]*\s+){0,4}|by\s+|par\s+)?$"
)


def _indicator_year(para: Para, start: int, end: int) -> int | None:
    """A year stated with the index: "GII 2025", "(GII) 2025", "the 2024 edition of the …",
    "de l'ONU 2024", "le rapport 2025"."""
    after = _YEAR_AFTER_INDEX.match(para.text, end, min(len(para.text), end + 80))
    if after and 1990 <= int(after.group(1)) <= 2100:
        return int(after.group(1))
    before = _YEAR_BEFORE_INDEX.search(para.text, max(0, start - 70), start)
    if before and 1990 <= int(before.group(1)) <= 2100:
        return int(before.group(1))
    return None


@dataclass(slots=True)
class _Cand:
    start: int
    end: int
    rank: int
    out_of: int | None
    cue_start: int
    cued: bool


def _candidates(para: Para, quantities: list[Quantity]) -> list[_Cand]:
    low = para.low
    out: list[_Cand] = []
    for q in quantities:
        if q.kind not in ("ordinal", "number") or q.value != int(q.value) or q.approx:
            continue
        if q.kind == "number" and (q.spelled or q.value > 300 or q.value < 1):
            continue
        s0, _ = para.sentence_at(q.start)
        before = low[max(s0, q.start - 40) : q.start]
        total = _TOTAL.match(low, q.end)
        noun = _NOUN_AFTER.match(low, q.end)
        paired = noun is None and _PAIR_NOUN.match(low, q.end) is not None
        out_of = int(total.group(1)) if total else None
        end = total.end() if total else q.end
        if q.kind == "number":
            # "110 e rang", "ranked Vietnam 39 out of 80 economies", "No. 71 out of 193".
            if not (re.match(r"\s*e\s+rang\b", low[q.end :]) or total):
                continue
            if total and not re.search(
                r"\b(?:rank\w*|class\w*|plac\w*|no\.?|number|at)\s+(?:\w+\s+)?$", before
            ):
                continue
        cue = q.start if paired else None  # "les 34e et 43e positions"
        if noun:
            cue = q.start
            end = max(end, noun.end())
        if total:
            cue = q.start
        verb = _VERB_BEFORE.search(before)
        if verb:
            cue = q.start - len(before) + verb.start()
        change = _CHANGE_TO.search(before)
        if change:
            cue = q.start - len(before) + change.start()
        if low[max(0, q.start - 1) : q.start] == "(" and (
            not noun or _capitalised_before(para, q.start - 1)
        ):
            continue  # "Singapore (5th)", "Singapore (26th position)": an aside
        out.append(
            _Cand(
                q.start,
                end,
                int(q.value),
                out_of,
                cue if cue is not None else q.start,
                cue is not None,
            )
        )
    return out


_ORDINAL_WORDS = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "2nd": 2, "3rd": 3}
_ORDINAL_WORDS.update({"4th": 4, "5th": 5})


def _capitalised_before(para: Para, pos: int) -> bool:
    words = para.text[max(0, pos - 30) : pos].split()
    return bool(words) and words[-1][:1].isupper()


def _superlatives(para: Para, quantities: list[Quantity]) -> list[tuple[_Cand, str]]:
    """ "the world's second-largest rice exporter", "deuxième exportateur mondial de riz"."""
    out = []
    if para.lang == "fr":
        for q in quantities:
            if q.kind != "ordinal" or q.value > 10:
                continue
            m = _SUPERLATIVE_FR.match(para.low, q.end)
            if m:
                what = _world_table(m.group(1), m.group(2))
                out.append((_Cand(q.start, m.end(), int(q.value), None, q.start, True), what))
        return out
    if "largest" not in para.low and "biggest" not in para.low:
        return out
    for m in _SUPERLATIVE_EN.finditer(para.low, 0, para.limit):
        world = re.search(r"\bworld(?:'s)?\s+$", para.low[max(0, m.start() - 12) : m.start()])
        if not world:
            continue
        noun = m.group(2).strip()
        noun = noun if noun.endswith("s") else noun + "s"
        start = m.start() - len(para.low[max(0, m.start() - 12) : m.start()]) + world.start()
        rank = _ORDINAL_WORDS[m.group(1)]
        out.append((_Cand(start, m.end(), rank, None, start, True), "World " + noun))
    return out


def _scope(para: Para, pos: int, indicator: str) -> tuple[str, str, int]:
    """What narrows a rank right after ``pos``: ("sub", words) or ("scope", words), and the end."""
    m = _SCOPE_AFTER.match(para.low, pos)
    if not m:
        return "", "", pos
    rest_start = m.end()
    stop = _CLAUSE_END.search(para.low, rest_start, para.limit)
    end = stop.start() if stop else para.limit
    words = para.text[rest_start:end].strip()
    low = para.low[rest_start:end].strip()
    head = m.group().strip(" ,").split()[0]
    low = re.sub(r"^(?:terms of\s+)?(?:(?:the|les|la|le|l'|l’)\s*)?", "", low)
    if low in _TABLE_WORDS or low.startswith("latest "):
        return "", "", pos
    words = words[len(words) - len(low) :] if low else words
    if (
        not low
        or re.match(r"\d{4}\b", low)
        or low.startswith(("the world", "world", "globally", "monde"))
    ):
        return "", "", pos
    ind_words = set(re.findall(r"[a-z]+", canonical_indicator(indicator).lower()))
    first_cap = words[:1].isupper()
    if head in ("de", "of"):
        return "scope", words, end  # "au troisième rang de la liste des pays à revenu …"
    if head in ("among", "parmi"):
        # "among the 37 lower middle-income group economies": a scope unless just a total.
        kept = [w for w in re.findall(r"[^\W\d_][\w'’-]*", words) if w.lower() not in _TOTAL_NOUNS]
        inner = re.search(r"\b(?:in|en|de|du|des|of)\s+(.+)$", words)
        if inner and any(c.isupper() for c in inner.group(1)[:1]):
            return "scope", inner.group(1), end
        if not kept or (first_cap and set(w.lower() for w in kept) & ind_words):
            return "", "", pos
        if kept and kept[0].lower() in ("in", "en", "de", "of"):
            return "", "", pos
        return "scope", " ".join(kept), end
    if head == "dans":
        return "", "", pos
    if first_cap and (
        re.search(r"\b(?:Index|Indice|Report|Survey|Ranking)\b", words)
        or (set(w.lower() for w in words.split()) & ind_words and len(words.split()) > 2)
    ):
        return "", "", pos
    if head == "en" and not first_cap:
        return "", "", pos
    if first_cap or head == "en":
        return "scope", words, end
    return "sub", words, end


def place_changes(para: Para, quantities: list[Quantity]) -> list[tuple[int, int, int]]:
    """(start, end, signed places) for "rising 15 places", "en recul de 3 places"."""
    out: list[tuple[int, int, int]] = []
    for q in quantities:
        if q.kind != "number" or q.value != int(q.value):
            continue
        places = _PLACES.match(para.low, q.end)
        if not places:
            continue
        words = para.low[max(0, q.start - 30) : q.start].split()[-3:]
        sign = 0
        for w in reversed(words):
            if w in _UP:
                sign = 1
                break
            if w in _DOWN:
                sign = -1
                break
        if sign:
            out.append((q.start, places.end(), sign * int(q.value)))
    return out


def extract_cued(ctx: DocContext, indicators: list[DocIndicator], taken: list[Fact]) -> list[Fact]:
    """Rankings the cues give that ``taken`` (the index-adjacent rules' facts) lack."""
    facts: list[Fact] = []
    found: list[tuple[Para, list[_Cand], list[tuple[_Cand, str]]]] = []
    subjects = [_place_key(str(f.get("subject"))) for f in taken if f.get("subject")]
    for para in ctx.paras:
        if para.kind == "title":
            continue
        quantities = para.quantities()
        accepted = _accepted(para, _candidates(para, quantities))
        supers = _superlatives(para, quantities)
        if accepted or supers:
            found.append((para, accepted, supers))
            for cand in accepted:
                subject = clause_subject(para, cand.start)
                if subject is not None:
                    subjects.append(_place_key(subject))
    # The place the article ranks: the one most of its ranks are stated of.
    main = max(subjects, key=subjects.count) if subjects else None
    for para, accepted, supers in found:
        quantities = para.quantities()
        changes = place_changes(para, quantities)
        used = [(f.start, f.end) for f in taken if f.para == para.n] + [
            (f.start, f.end) for f in facts if f.para == para.n
        ]
        for cand, what in supers:
            if any(a.start <= cand.start < a.end for a in accepted):
                continue
            if any(s <= cand.start < e for s, e in used):
                continue
            facts.append(
                make_fact(
                    "ranking",
                    para,
                    cand.start,
                    cand.end,
                    dict(
                        indicator=what,
                        indicator_text=para.text[cand.start : cand.end],
                        subject=None,
                        rank=cand.rank,
                        out_of=None,
                        year=None,
                        year_source="none",
                        change=None,
                    ),
                )
            )
        for cand in accepted:
            if any(s <= cand.start < e for s, e in used):
                continue
            subject = clause_subject(para, cand.start)
            if subject is not None and main is not None and _place_key(subject) != main:
                continue  # "Indonesia is ranked 33rd": another place than the one ranked
            if _MANY_TABLES.match(para.low, cand.end):
                continue  # "ranked first among 37 economies in three indicators": many tables
            ind = _indicator_for(indicators, para, cand.start)
            if ind is None:
                continue
            kind, words, scope_end = _scope(para, _past_time(para, cand.end), ind.name)
            if cand.out_of is not None and not kind:
                kind, words, scope_end = _total_scope(para, cand.end)
            if not kind:
                kind, words = _bracket_sub(para, cand.start)
            s0, s1 = para.sentence_at(cand.start)
            if not kind:
                opener = _OPENER.match(para.text, s0, s1)
                if opener and cand.start > opener.end():
                    kind, words = "scope", opener.group(1).strip()
            if not kind:
                kind, words = _paired_sub(para, cand, accepted)
            if not kind:
                owned = _SUB_BEFORE.search(para.low, s0, cand.start)
                if owned:  # "its output level was up one place to 40th position"
                    kind, words = "sub", para.text[owned.start(1) : owned.end(1)]
            name = with_team(ctx, ind.name)
            if kind == "sub" or (kind == "scope" and name.endswith(")")):
                name = f"{name} – {words}"
            elif kind == "scope":
                name = f"{name} ({words})"
            hi = max(cand.end, scope_end if kind else cand.end)
            earlier = [a.end for a in accepted if a.end <= cand.start]
            lo = max([cand.cue_start, *earlier])
            change = None
            for c_start, c_end, value in changes:
                if (
                    s0 <= c_start
                    and c_end <= cand.start
                    and not re.search(r"\d", para.low[c_end : cand.start].replace(" ", "")[:0])
                ):
                    between = [a for a in accepted if c_end <= a.start < cand.start]
                    if not between:
                        change = value
                        lo = min(lo, c_start)
                elif cand.end <= c_start < min(s1, cand.end + 90):
                    nxt = [a for a in accepted if cand.start < a.start < c_start]
                    if not nxt:
                        change = value
                        hi = max(hi, c_end)
                        break
            bound = [a for a in accepted if a is not cand]
            year = _rank_year(ctx, para, quantities, cand, ind, bound)
            previous = [a for a in bound if s0 <= a.end <= cand.start]
            if (
                change is None
                and previous
                and _FROM_TO.search(para.low[max(s0, previous[-1].start - 12) : cand.start])
            ):
                change = previous[-1].rank - cand.rank  # "from its 54th position … to 46th"
            facts.append(
                make_fact(
                    "ranking",
                    para,
                    lo,
                    hi,
                    dict(
                        indicator=name,
                        indicator_text=ind.name,
                        subject=None,
                        rank=cand.rank,
                        out_of=cand.out_of,
                        year=year[0],
                        year_source=year[1],
                        change=change,
                    ),
                )
            )
            used.append((lo, hi))
    return facts


# A sentence opening on a region: "En Asie du Sud-Est, il occupe la 3ᵉ place".
_OPENER = re.compile(r"\s*(?i:in|en|among|parmi)\s+((?:[A-Z][\w'’-]*\s*)+(?:du\s+Sud-Est)?),")
_MANY_TABLES = re.compile(
    r"[^.;]{0,80}?\b(?:in|dans)\s+(?:\d+|two|three|four|five|six|several|many|deux|trois|quatre|"
    r"cinq|plusieurs)\s+(?:indicators|areas|categories|criteria|pillars|indicateurs|domaines|"
    r"criteres|piliers)\b"
)
_RANK_IN_YEAR = re.compile(r"\d\S*\s+(?:position|place|rang|rank)?\s*(?:in|en)\s+$")
_FROM_TO = re.compile(r"\b(?:from|de)\b.*\b(?:to|a)\s+(?:the\s+|la\s+)?$")
# "les 34e et 43e positions": the first of a pair of ranks sharing their noun.
_PAIR_NOUN = re.compile(r"\s+(?:et|and)\s+\d+\S*\s+(?:positions|places|rangs|ranks)\b")
# "… dans les indicateurs de marchés attractifs et d'aide au développement": one sub-index
# for each rank of a pair, in order.
_PAIRED_SUBS = re.compile(
    r"\s+(?:dans|in)\s+(?:les|the)\s+(?:indicateurs|indicators|categories|domaines|areas)\s+"
    r"(?:de\s+|d'|des\s+|of\s+)([^,.;]+?)\s+(?:et|and)\s+(?:de\s+|d'|des\s+|of\s+)?([^,.;]+?)"
    r"(?=\s+(?:montre\w*|show\w*|qui|que|which|that|is|are|est|sont|ont|has|have)\b|[,.;]|$)"
)
# A sub-index named as the subject of the rank's clause: "its output level was up … to 40th".
_SUB_BEFORE = re.compile(
    r"\b(?:its|their|sa|son)\s+((?:[a-z-]+\s+){0,2}?(?:level|sub-index|pillar|score|niveau"
    r"|sous-indice|pilier))\s+(?:was|is|has|rose|fell|climbed|moved|went|a|est)\b[^,;.]*$"
)
_TIME_AFTER = re.compile(r"\s*(?:from last year|in \d{4}|en \d{4}|last year|this year)\b")


def _past_time(para: Para, pos: int) -> int:
    """Past a time phrase right after a rank ("57th from last year in terms of …")."""
    m = _TIME_AFTER.match(para.low, pos)
    return m.end() if m else pos


def _total_scope(para: Para, pos: int) -> tuple[str, str, int]:
    """The scope a total states: "among the 37 lower middle-income group economies",
    "among the 17 economies in South East Asia", "sur 11 pays de l'ASEAN"."""
    stop = _CLAUSE_END.search(para.low, pos, para.limit)
    end = stop.start() if stop else para.limit
    words = para.text[pos:end].strip()
    if _NAMES_INDEX.search(para.low, pos, min(para.limit, end + 80)):
        return "", "", pos  # "… among 193 countries in the 2024 edition of the … Survey"
    inner = re.search(r"\b(?:in|en|de|du|des|of)\s+(?:the\s+|l['’]|la\s+|les\s+)?([A-Z].*)$", words)
    if inner:
        return "scope", inner.group(1), end
    lead = re.match(
        r"((?:[\w'’-]+\s+){1,5}?)(?:group\s+)?(?:countries|economies|pays|nations)\b", words
    )
    if lead and not re.match(r"(?:listed|surveyed|sondes|member|UN)\b", lead.group(1).strip()):
        return "scope", lead.group(1).strip(), end
    return "", "", pos


def _paired_sub(para: Para, cand: _Cand, accepted: list[_Cand]) -> tuple[str, str]:
    """The sub-index of one rank of a pair ("les 34e et 43e positions dans les indicateurs
    de A et d'B": 34 → A, 43 → B)."""
    first = cand
    if _PAIR_NOUN.match(para.low, cand.end) is None:
        before = [a for a in accepted if a.end <= cand.start]
        if not before or _PAIR_NOUN.match(para.low, before[-1].end) is None:
            return "", ""
        first = before[-1]
    pair = _PAIR_NOUN.match(para.low, first.end)
    assert pair is not None
    tail = _PAIRED_SUBS.match(para.low, pair.end())
    if tail is None:
        return "", ""
    group = 1 if first is cand else 2
    return "sub", para.text[tail.start(group) : tail.end(group)].strip()


def _bracket_sub(para: Para, pos: int) -> tuple[str, str]:
    """ "services publics (15e rang)": the sub-index named before a bracketed rank."""
    if para.text[max(0, pos - 1) : pos] != "(":
        return "", ""
    before = para.text[max(0, pos - 60) : pos - 1].rstrip()
    words = re.split(r"\s+", before)
    kept: list[str] = []
    for w in reversed(words):
        if w.lower() in ("et", "and", "dans", "in", "de", "des", "du") and kept:
            break
        kept.insert(0, w)
        if len(kept) == 3:
            break
    return ("sub", " ".join(kept)) if kept else ("", "")


_MEN = re.compile(r"\b(?:masculine?s?|men's|men)\b")
_WOMEN = re.compile(r"\b(?:feminine?s?|women's|women)\b")


def with_team(ctx: DocContext, indicator: str) -> str:
    """A football ranking names the men's or the women's table when the article says
    which team it ranks ("l'équipe nationale masculine" → "FIFA World Ranking (men)")."""
    if "FIFA" not in indicator or indicator.endswith(")"):
        return indicator
    men = women = False
    for para in ctx.paras[:4]:
        men = men or bool(_MEN.search(para.low))
        women = women or bool(_WOMEN.search(para.low))
    if men != women:
        return f"{indicator} ({'men' if men else 'women'})"
    return indicator


def narrowing(para: Para, pos: int, indicator: str, total: bool = False) -> tuple[str, str, int]:
    """The sub-index ("sub") or scope ("scope") stated right after a rank ending at
    ``pos`` (after its total when ``total``), its words and where they end; ("", "", pos)
    when none."""
    noun = _NOUN_AFTER.match(para.low, pos)
    if noun:
        pos = noun.end()  # "au troisième rang de la liste des pays …"
    found = _scope(para, _past_time(para, pos), indicator)
    if total and not found[0]:
        found = _total_scope(para, pos)
    return found


_PREPOSITIONS = frozenset(
    """
in en of de du d' a au aux after behind apres derriere among parmi than with avec to from
for pour by par over sur devant ahead like comme
""".split()
)


def _accepted(para: Para, cands: list[_Cand]) -> list[_Cand]:
    """The candidates a cue makes ranks, and those listed after one in their sentence
    ("… and 37th in innovation outputs")."""
    accepted: list[_Cand] = []
    for cand in cands:
        s0, _ = para.sentence_at(cand.start)
        if not cand.cued:
            prior = [a for a in accepted if s0 <= a.start < cand.start]
            link = para.low[prior[-1].end if prior else s0 : cand.start]
            if (
                not prior
                or not _LIST_LINK.search(link)
                or not _SCOPE_AFTER.match(para.low, cand.end)
            ):
                continue
        accepted.append(cand)
    return accepted


_RELATIVES = frozenset({"qui", "which", "who", "that"})


def clause_subject(para: Para, pos: int) -> str | None:
    """The place a rank at ``pos`` is stated of: the last place named before it in its
    sentence that no preposition governs ("Indonesia is ranked 33rd", "Le Vietnam se
    classe 20e en Asie et 2e …" → Vietnam, not Asie)."""
    s0, _ = para.sentence_at(pos)
    toks = [t for t in para.words(s0, pos)]
    best: str | None = None
    n = 0
    while n < len(toks):
        t = toks[n]
        if not (t.is_word and t.cap):
            n += 1
            continue
        for size in (3, 2, 1):
            part = toks[n : n + size]
            if len(part) < size or not all(x.is_word and x.cap for x in part):
                continue
            text = para.text[part[0].start : part[-1].end]
            if text.endswith(("'s", "’s")):
                text = text[:-2]
            if is_place(text):
                k = n - 1
                if k >= 0 and toks[k].low in ("the", "le", "la", "l'", "les"):
                    k -= 1
                governed = k >= 0 and (toks[k].low in _PREPOSITIONS or toks[k].text == "(")
                relative = n + size < len(toks) and toks[n + size].low in _RELATIVES
                governed = governed and not relative  # "après la Thaïlande qui reste au 101e"
                if not governed:
                    best = text
                n += size - 1
                break
        n += 1
    return best


def _place_key(name: str) -> str:
    return name_key(name).replace(" ", "")


def _indicator_for(indicators: list[DocIndicator], para: Para, pos: int) -> DocIndicator | None:
    before = [i for i in indicators if (i.para, i.start) < (para.n, pos)]
    _s0, s1 = para.sentence_at(pos)
    after = [i for i in indicators if i.para == para.n and pos < i.start < s1]
    if after and after[0].start - pos < 60:
        return after[0]
    if before:
        return before[-1]
    return indicators[0] if indicators else None


def _rank_year(
    ctx: DocContext,
    para: Para,
    quantities: list[Quantity],
    cand: _Cand,
    ind: DocIndicator,
    others: list[_Cand],
) -> tuple[int | None, str]:
    """The rank's year: stated right after it, else with its index, else in its sentence
    (not another rank's: "from its 54th position in 2023 to 46th"), else the article's."""
    near = _YEAR_NEAR.match(para.low, cand.end)
    if near:
        return int(near.group(1)), "text"
    s0, s1 = para.sentence_at(cand.start)
    taken = set()
    for other in others:
        m = _YEAR_NEAR.match(para.low, other.end)
        if m:
            taken.add(m.start(1))
    years = [
        q
        for q in quantities
        if q.kind == "year"
        and s0 <= q.start < s1
        and q.start not in taken
        and not _RANK_IN_YEAR.search(para.low, max(0, q.start - 30), q.start)
        and not _BASELINE.search(para.low, max(0, q.start - 24), q.start)
        and not para.low[q.end : q.end + 2].startswith(("'s", "’s"))
    ]
    if ind.year is not None:
        return ind.year, "text"
    if len(years) == 1:
        return int(years[0].value), "text"
    sentence = para.low[s0:s1]
    if ctx.year is not None and re.search(r"\b(?:this year|cette annee)\b", sentence):
        return ctx.year, "text"
    return ctx.year, "article"
