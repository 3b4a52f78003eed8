"""Titles and roles (EN, FR): matching a title phrase in tokens and normalising it.

A *title phrase* is one or more *title units* joined by "and"/"et"/",":
"Chairman and President of China-ASEAN Information Harbor Ltd",
"Minister of Public Security, Senior Lieutenant General",
"secrétaire du Comité du Parti et gouverneur de la province du Zhejiang".
A unit is modifiers + a core title + an optional complement ("of …", "de …").

:func:`role_units` turns a stated role into language-neutral keys
("vice-Premier ministre" → "deputy prime minister") for comparing roles
across articles and languages.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from newsdesk.store.facts.common import Tok
from newsdesk.store.facts.names import (
    ENTITY_WORDS,
    FUNCTION_WORDS,
    PORTFOLIO,
    is_place,
    is_vn_surname,
)

__all__ = [
    "GENERIC_ROLES",
    "NATIONALITIES",
    "TitleMatch",
    "compatible_roles",
    "match_title_phrase",
    "role_units",
]

# Core titles, folded, as token tuples; longest first when matching.
_CORES_EN = """
prime minister|pm|premier|minister|president|chairman|chairwoman|chairperson|chair
general secretary|secretary general|secretary-general|secretary|governor|mayor
ambassador|consul general|consul|director general|director-general|general director
managing director|director|ceo|chief executive officer|chief executive|head
spokesperson|spokesman|spokeswoman|lieutenant general|major general|general|colonel
commander|professor|founder|rector|editor-in-chief|speaker|king|queen|chancellor
senator|envoy|leader|official|officer|deputy|member|vice president|vice-president
economist|analyst|expert|researcher|lawyer|journalist|scientist|engineer|entrepreneur
"""
_CORES_FR = """
premier ministre|vice-premier ministre|ministre|vice-ministre|president|presidente
vice-president|vice-presidente|pdg|p.-d.g|secretaire general|secretaire generale
secretaire|gouverneur|gouverneure|vice-gouverneur|maire|ambassadeur|ambassadrice
directeur general|directrice generale|directeur|directrice|porte-parole|chef|general
professeur|dirigeant|dirigeante|roi|reine|chancelier|chanceliere|fondateur|fondatrice
depute|deputee|senateur|senatrice|responsable|membre|economiste|analyste|expert|experte
chercheur|chercheuse|avocat|avocate|journaliste|ingenieur|ingenieure
"""


def _cores(spec: str) -> list[tuple[str, ...]]:
    items = [c.strip() for line in spec.split("\n") for c in line.split("|") if c.strip()]
    return sorted((tuple(c.split()) for c in items), key=len, reverse=True)


CORES: dict[str, list[tuple[str, ...]]] = {"en": _cores(_CORES_EN), "fr": _cores(_CORES_FR)}

# Words before a core that belong to the title.
_PRE_MODIFIERS = {
    "en": frozenset(
        "permanent standing first deputy vice acting former senior executive party state "
        "foreign interim associate assistant caretaker".split()
    ),
    "fr": frozenset("ancien ancienne premier premiere vice".split()),
}
# Words after a core that belong to the title ("secrétaire général adjoint").
_POST_MODIFIERS = {
    "en": frozenset(),
    "fr": frozenset("permanent permanente adjoint adjointe delegue deleguee interimaire".split()),
}
# Modifiers that change the rank a title names (kept in role keys).
_RANK_MODIFIERS = frozenset("deputy vice permanent standing first acting former senior".split())
_PROMOTIONS = frozenset("permanent standing first senior executive".split())

NATIONALITIES = frozenset(
    """
vietnamese chinese french american us british japanese korean lao laotian cambodian thai
indian russian german australian singaporean malaysian indonesian filipino european
vietnamien vietnamienne chinois chinoise francais francaise americain americaine japonais
japonaise coreen coreenne laotien laotienne cambodgien cambodgienne thailandais britannique
allemand allemande russe indien indienne australien australienne
pakistani romanian greek austrian portuguese maltese moroccan spanish italian brazilian
canadian mexican chilean argentine argentinian turkish iranian ukrainian polish hungarian
belgian swiss dutch swedish norwegian danish finnish egyptian saudi israeli philippine
myanmar mongolian cuban
pakistanais pakistanaise roumain roumaine grec grecque autrichien autrichienne portugais
portugaise marocain marocaine maltais maltaise espagnol espagnole italien italienne
bresilien bresilienne canadien canadienne mexicain mexicaine chilien chilienne argentin
argentine turc turque iranien iranienne ukrainien ukrainienne polonais polonaise hongrois
hongroise belge suisse neerlandais neerlandaise suedois suedoise norvegien norvegienne
danois danoise finlandais finlandaise egyptien egyptienne saoudien saoudienne israelien
israelienne philippin philippine indonesien indonesienne malaisien malaisienne
singapourien singapourienne birman birmane mongol mongole cubain cubaine
""".split()
)

# Roles that name no particular office ("the leader", "le dirigeant").
GENERIC_ROLES = frozenset({"leader", "official", "officer", "head", "member"})

# Complement openers: "Minister of …", "ministre de …".
_OF = {
    "en": frozenset({"of", "for", "at", "to"}),
    "fr": frozenset({"de", "du", "des", "d'", "aupres", "pour"}),
}
_CONNECT = frozenset(
    {"of", "on", "for", "and", "the", "de", "du", "des", "la", "le", "l'", "et", "&", "-", "d'"}
)
_GEO_NOUNS = frozenset("province city district region county state municipality".split())
_FR_COMPLEMENT_STOP = frozenset(
    "qui que a ont est sont sera va avait etait, . ; : ( ) a-t-il lors pour avec dans sur".split()
)

# Normalising cores to English keys.
_CORE_KEY = {
    "pm": "prime minister",
    "premier": "prime minister",
    "premier ministre": "prime minister",
    "vice-premier ministre": "deputy prime minister",
    "ministre": "minister",
    "vice-ministre": "deputy minister",
    "presidente": "president",
    "vice-president": "vice president",
    "vice-presidente": "vice president",
    "secretary general": "general secretary",
    "secretary-general": "general secretary",
    "secretaire general": "general secretary",
    "secretaire generale": "general secretary",
    "secretaire": "secretary",
    "gouverneur": "governor",
    "gouverneure": "governor",
    "vice-gouverneur": "deputy governor",
    "maire": "mayor",
    "ambassadeur": "ambassador",
    "ambassadrice": "ambassador",
    "director-general": "director general",
    "general director": "director general",
    "directeur general": "director general",
    "directrice generale": "director general",
    "directeur": "director",
    "directrice": "director",
    "porte-parole": "spokesperson",
    "spokesman": "spokesperson",
    "spokeswoman": "spokesperson",
    "chef": "head",
    "professeur": "professor",
    "dirigeant": "leader",
    "dirigeante": "leader",
    "roi": "king",
    "reine": "queen",
    "chancelier": "chancellor",
    "chanceliere": "chancellor",
    "fondateur": "founder",
    "fondatrice": "founder",
    "depute": "deputy",
    "deputee": "deputy",
    "senateur": "senator",
    "senatrice": "senator",
    "responsable": "official",
    "membre": "member",
    "chairwoman": "chairman",
    "chairperson": "chairman",
    "chair": "chairman",
    "chief executive officer": "ceo",
    "chief executive": "ceo",
    "vice-president ": "vice president",
}
_MULTI_KEY = {
    "pdg": ("chairman", "president", "ceo"),
    "p.-d.g": ("chairman", "president", "ceo"),
}
_MODIFIER_KEY = {
    "vice": "deputy",
    "permanent": "permanent",
    "permanente": "permanent",
    "adjoint": "deputy",
    "adjointe": "deputy",
    "ancien": "former",
    "ancienne": "former",
    "premier": "first",
    "premiere": "first",
}


@dataclass(frozen=True, slots=True, init=False)
class TitleMatch:
    """A title phrase over tokens ``[first, last)`` and its character span."""

    first: int
    last: int
    start: int
    end: int
    units: tuple[str, ...]

    def __init__(self, first: int, last: int, start: int, end: int, units: tuple[str, ...]) -> None:
        # The generated __init__ does the same, interpreted; compiled, this one is cheaper.
        object.__setattr__(self, "first", first)
        object.__setattr__(self, "last", last)
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)
        object.__setattr__(self, "units", units)

    @property
    def keys(self) -> tuple[str, ...]:
        return self.units


_CORES_BY_FIRST: dict[str, dict[str, list[tuple[str, ...]]]] = {
    lang: {first: [c for c in cores if c[0] == first] for first in {c[0] for c in cores}}
    for lang, cores in CORES.items()
}


def _match_core(toks: list[Tok], i: int, lang: str) -> tuple[int, str] | None:
    if i >= len(toks):
        return None
    for core in _CORES_BY_FIRST[lang].get(toks[i].low, ()):
        n = len(core)
        if i + n <= len(toks) and all(toks[i + k].low == core[k] for k in range(1, n)):
            return i + n, " ".join(core)
    return None


def _cap_seq_end(toks: list[Tok], i: int, lang: str) -> int:
    """End of a capitalised name run from ``i`` ("the Provincial People's Committee")."""
    j = i
    last_cap = i
    while j < len(toks):
        low = toks[j].low
        if toks[j].cap and toks[j].is_word:
            if j > i and _match_core(toks, j, lang) and toks[j - 1].low in ("and", "et", ","):
                break
            j += 1
            last_cap = j
            continue
        if low in _CONNECT and j + 1 < len(toks) and toks[j + 1].cap:
            if low in ("and", "et") and _match_core(toks, j + 1, lang):
                break
            j += 1
            continue
        if low == "," and j + 1 < len(toks) and toks[j + 1].low in PORTFOLIO:
            j += 1  # "Minister of Culture, Sports and Tourism"
            continue
        break
    if last_cap > i and toks[last_cap - 1].text.endswith(("'s", "’s")):
        # "head of the … University of Technology's chip design centre"
        k = last_cap
        while k < len(toks) and k - last_cap < 4 and toks[k].is_word:
            if toks[k].cap or toks[k].low in _CONNECT or toks[k].low.endswith("ly"):
                break
            k += 1
        return k
    return last_cap


_PARTICLES = frozenset("van der von den de da dos du bin ul al".split())
_BODY_WORDS = frozenset(
    """
association committee ministry council union federation agency bank group company corporation
office department institute university academy commission organisation organization fund
authority administration assembly party front court board bureau centre center team club
comite ministere conseil agence banque groupe societe institut universite academie
organisation fonds autorite assemblee parti tribunal bureau equipe
""".split()
)


def _name_words(tail: list[Tok]) -> bool:
    """2–5 words that can be a person's name: capitalised words, inner particles."""
    if not 2 <= len(tail) <= 5 or not (tail[0].cap and tail[-1].cap):
        return False
    for t in tail:
        if not t.is_word or t.low.rstrip(".") in ENTITY_WORDS or t.low in PORTFOLIO:
            return False
        if t.low in _BODY_WORDS:
            return False
        if not t.cap and t.low not in _PARTICLES:
            return False
    return True


def _joined(toks: list[Tok]) -> str:
    return " ".join(t.text for t in toks)


def _after_place(toks: list[Tok], j: int, end: int) -> int | None:
    """Where a name starts right after a country closing a title's complement: "of
    Austria Alexander Van der Bellen", "of Foreign Affairs of Pakistan Jalil Abbas
    Jilani", "de l'Autriche Alexander Van der Bellen"."""
    for k in range(max(j + 1, end - 5), end - 1):  # a name is 2–5 words
        if not _name_words(toks[k:end]):
            continue
        for size in (1, 2, 3):
            words = toks[k - size : k]
            if k - size >= j and all(t.cap for t in words) and is_place(_joined(words)):
                return k
    return None


def _name_tail(toks: list[Tok], j: int, end: int) -> int:
    """Where a person's name starts at the end of a title's complement, else ``end``.

    "of Information and Communications Nguyễn Mạnh Hùng" → before "Nguyễn";
    "for Digital Development and Information Josephine Teo" → before "Josephine".
    """
    split = _after_place(toks, j, end)
    if split is not None:
        return split
    for k in range(j + 1, end - 1):
        tail = toks[k:end]
        if not 2 <= len(tail) <= 4:
            continue
        if not all(t.is_word and t.cap for t in tail):
            continue
        folded = [t.low.rstrip(".") for t in tail]
        if any(w in ENTITY_WORDS or w in PORTFOLIO or w in _BODY_WORDS for w in folded):
            continue  # "… Trade Agency Tran Thanh Hai": the body's name ends at "Agency"
        if folded[0] in FUNCTION_WORDS and not is_vn_surname(tail[0].text):
            continue
        if is_place(" ".join(t.text for t in tail)):
            continue
        before = toks[k - 1].low
        if before in _CONNECT:
            continue
        if is_vn_surname(tail[0].text) or before in PORTFOLIO:
            return k
    return end


def _complement(toks: list[Tok], i: int, lang: str) -> int:
    """End of a title's complement starting at ``i`` (an "of"/"de" word), or ``i``."""
    if i >= len(toks) or toks[i].low not in _OF[lang]:
        return i
    if toks[i].cap:
        return i  # "General Secretary To Lâm": a name, not "to"
    j = i + 1
    if lang == "en":
        if j < len(toks) and toks[j].low == "the":
            j += 1
        end = _cap_seq_end(toks, j, lang)
        if end == j:
            return i
        end = _name_tail(toks, j, end)
        if end < len(toks) and toks[end].low in _GEO_NOUNS:
            end += 1
        return end
    # French: "de la province du Zhejiang", "du Comité du Parti", "de China-ASEAN … Ltd".
    end = j
    k = j
    while k < len(toks) and k - j < 10:
        low = toks[k].low
        if low in _FR_COMPLEMENT_STOP or (not toks[k].is_word and toks[k].text not in ("-", "'")):
            break
        if low == "et" and (
            _match_core(toks, k + 1, lang)
            or (
                toks[k + 1 : k + 2]
                and toks[k + 1].low in ("le", "la", "les", "l'")
                and _match_core(toks, k + 2, lang)
            )
        ):
            break
        if k > j and toks[k].cap and _looks_like_name_start(toks, k):
            break
        k += 1
        if low not in _CONNECT:
            end = k
    while (
        end < len(toks)
        and end - j < 14
        and (
            (toks[end].is_word and toks[end].cap)
            or (toks[end].low in _PARTICLES and end + 1 < len(toks) and toks[end + 1].cap)
        )
    ):
        end += 1  # a name with particles after the complement: "… Van der Bellen"
    split = _after_place(toks, j, end)
    if split is not None:
        return split
    cap_from = end
    while cap_from > j and toks[cap_from - 1].is_word and toks[cap_from - 1].cap:
        cap_from -= 1
    if cap_from < end:
        end = _name_tail(toks, cap_from - 1 if cap_from > j else j, end)
    return end


def _looks_like_name_start(toks: list[Tok], k: int) -> bool:
    # A capitalised word right after a comma opens a name, not the complement.
    return k > 0 and toks[k - 1].text == ","


def _match_unit(toks: list[Tok], i: int, lang: str) -> tuple[int, str] | None:
    """One title unit at ``i``: (end token, normalised key)."""
    run = i
    while run < len(toks) and toks[run].low in _PRE_MODIFIERS[lang]:
        run += 1
    # Longest reading wins; on a tie, fewer modifiers ("Premier ministre" is one core,
    # "Deputy Prime Minister" is a modifier and a core).
    best: tuple[int, int, str] | None = None
    for j in range(i, run + 1):
        core = _match_core(toks, j, lang)
        if core is not None and (best is None or core[0] > best[0]):
            best = (core[0], j, core[1])
    if best is None:
        return None
    j, mod_end, core_text = best
    mods = [t.low for t in toks[i:mod_end]]
    while j < len(toks) and toks[j].low in _POST_MODIFIERS[lang]:
        mods.append(toks[j].low)
        j += 1
    k = j
    while lang == "fr" and k < len(toks) and toks[k].low in NATIONALITIES:
        k += 1  # "le ministre vietnamien des Sciences …"
    if k > j and _complement(toks, k, lang) > k:
        j = k
    j = _complement(toks, j, lang)
    return j, _unit_key(mods, core_text)


def _unit_key(mods: list[str], core: str) -> str:
    if core in _MULTI_KEY:
        return "/".join(_MULTI_KEY[core])
    key = _CORE_KEY.get(core, core)
    kept = [_MODIFIER_KEY.get(m, m) for m in mods]
    kept = [m for m in kept if m in _RANK_MODIFIERS]
    if key in ("president", "vice president") and "deputy" in kept:
        kept.remove("deputy")
        key = "vice president"
    if key.startswith("deputy ") and "deputy" in kept:
        kept.remove("deputy")
    if "deputy" in kept and key == "prime minister":
        kept.remove("deputy")
        key = "deputy prime minister"
    # French puts "permanent" after the core; English before "deputy".
    order = {"former": 0, "acting": 1, "permanent": 2, "standing": 2, "first": 2, "senior": 3}
    kept.sort(key=lambda m: order.get(m, 5))
    return " ".join([*kept, key])


# Words a title phrase can start with.
#: Folded words a title phrase can start with, by language.
TITLE_STARTS = {
    lang: frozenset({c[0] for c in cores}) | _PRE_MODIFIERS[lang] | NATIONALITIES
    for lang, cores in CORES.items()
}


def match_title_phrase(toks: list[Tok], i: int, lang: str) -> TitleMatch | None:
    """The longest title phrase starting at token ``i``, or None.

    Leading nationality adjectives are skipped ("Vietnamese Deputy PM").
    """
    if i >= len(toks) or toks[i].low not in TITLE_STARTS[lang]:
        return None  # the common case, answered at once
    first = i
    while first < len(toks) and toks[first].low in NATIONALITIES:
        first += 1
    unit = _match_unit(toks, first, lang)
    if unit is None:
        return None
    end, key = unit
    units = [key]
    while end < len(toks):
        sep = toks[end].low
        if sep in ("and", "et", ",", "&"):
            nxt = _match_unit(toks, end + 1, lang)
            if nxt is not None:
                end, key = nxt
                units.append(key)
                continue
        break
    stop = toks[end - 1].end
    if toks[end - 1].text.endswith(".") and len(toks[end - 1].text) > 1:
        stop -= 1  # "… Harbor Ltd." at a sentence's end: the dot ends the sentence
    return TitleMatch(first, end, toks[first].start, stop, tuple(units))


@lru_cache(maxsize=1 << 14)  # an article repeats its roles; a corpus, its titles
def role_units(role: str | None, lang: str) -> tuple[str, ...]:
    """Language-neutral keys of a stated role ("vice-Premier ministre" → deputy prime minister)."""
    if not role:
        return ()
    from newsdesk.store.facts.common import norm_text, tokens

    toks = [t for t in tokens(norm_text(role)) if t.text not in ("(", ")")]
    found: list[str] = []
    i = 0
    while i < len(toks):
        m = match_title_phrase(toks, i, lang)
        if m is None:
            i += 1
            continue
        found.extend(m.units)
        i = m.last
    return tuple(dict.fromkeys(found))


def _unit_parts(key: str) -> set[str]:
    return set(key.split("/"))


def _units_compatible(a: str, b: str) -> bool:
    if _unit_parts(a) & _unit_parts(b):
        return True
    wa, wb = a.split(), b.split()
    short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    if long_[len(long_) - len(short) :] != short:
        return False
    return all(w in _PROMOTIONS for w in long_[: len(long_) - len(short)])


def compatible_roles(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """True when two role-key sets can describe the same person (some unit agrees)."""
    if not a or not b:
        return True
    return any(_units_compatible(x, y) for x in a for y in b)
