"""Rules for ``person`` facts (EN, FR): named people, with their role as stated.

Constructions recognised:

* title + name: "Deputy Prime Minister Lê Thành Long", "PM Chính",
  "le vice-Premier ministre vietnamien Lê Thành Long";
* title phrase, comma, name (French order): "le Pdg de China-ASEAN … Ltd, Lu Dongliang";
* honorific + name: "Comrade Nguyen Minh Hung", "Mr Wang";
* name + appositive title: "Lu Dongliang, Chairman and President of …";
* name next to a speech verb: "Nguyễn Văn An said", "said Trần Bình";
* name after a meeting verb: "received Lu Dongliang";
* a three-syllable Vietnamese name: "Nguyễn Mạnh Hùng";
* later in the article, the full name again or its short form ("Long" for
  "Lê Thành Long", "Lu" for "Lu Dongliang"), not when part of a longer name.

Fields: ``name`` (the full name as the article gives it, made canonical across
the corpus by :mod:`store.facts.people`), ``key`` (folded name), ``surface``
(the words written here), ``role`` (as stated, or None), ``roles`` (role keys).
Role-only references ("the Prime Minister") and pronouns become mentions used
to resolve quote speakers, not facts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsdesk.store.facts.common import DocContext, Mention, Para, Tok, make_fact
from newsdesk.store.facts.model import Fact
from newsdesk.store.facts.names import (
    ENTITY_WORDS,
    HONORIFICS,
    NOT_NAME,
    PORTFOLIO,
    is_place,
    is_vn_surname,
    name_key,
    short_forms,
)
from newsdesk.store.facts.roles import (
    GENERIC_ROLES,
    NATIONALITIES,
    TITLE_STARTS,
    TitleMatch,
    match_title_phrase,
    role_units,
)
from newsdesk.store.facts.speech import PRONOUNS, SPEECH

__all__ = ["extract"]

_MEET = {
    "en": frozenset("received receives met meets welcomed welcomes hosted hosts with".split()),
    "fr": frozenset("recu recoit rencontre accueilli accueille avec".split()),
}
_ARTICLES = frozenset("the le la l' this ce cette a an un une".split())
_ORG_WORDS = frozenset(
    """
committee ministry government party bank group company corporation ltd inc corp agency
union council assembly association institute university academy federation commission
department office index day summit forum conference programme program team city province
district street news television radio comite ministere gouvernement parti banque agence
conseil assemblee institut universite academie commission office journee sommet
""".split()
)


_GEO_HEADS = frozenset(
    """
bay river lake island islands mountain mountains street road bridge pagoda temple park square
airport port province district city ward commune village beach cave valley delta
""".split()
)
# Common nouns written before a name like a title ("Visitor Kim Teeling").
_PERSON_NOUNS = frozenset(
    """
visitor tourist traveller traveler resident farmer student expert economist analyst
entrepreneur businessman businesswoman
""".split()
)
# A title in either language starts with one of these (the test before matching one).
_TITLE_STARTS_ANY = TITLE_STARTS["en"] | TITLE_STARTS["fr"]
# Lower-case words inside a foreign name, after its first two words.
_PARTICLES = frozenset("van der von den de da dos du".split())


@dataclass(slots=True)
class _Found:
    para: Para
    start: int
    end: int
    name_start: int
    name_end: int
    role: str | None


def _possessive(word: str) -> bool:
    return word.endswith(("'s", "’s")) and len(word) > 2


def _name_run(toks: list[Tok], i: int, max_len: int = 4) -> int:
    """End index of a run of name words from ``i`` (``i`` when there is none)."""
    j = i
    while j < len(toks) and j - i < max_len:
        tok = toks[j]
        word = tok.text
        if not (tok.is_word and tok.cap) or word.isdigit():
            break
        possessive = _possessive(word)
        bare = word[:-2] if possessive else word
        low = tok.low[:-2] if possessive else tok.low
        # After a name's first word, "Sơn" or "Mai" are names, not "son" or "mai".
        stop = NOT_NAME if j == i else ENTITY_WORDS
        if low in stop or low in _ORG_WORDS or low in HONORIFICS:
            # "Lê", "Le", "To" open Vietnamese names: a surname followed by a name word.
            follows = j + 1 < len(toks) and toks[j + 1].is_word and toks[j + 1].cap
            if not (j == i and is_vn_surname(bare) and follows):
                break
            nxt = toks[j + 1].low
            if nxt in NOT_NAME or nxt in _ORG_WORDS:
                break
        if tok.low in _TITLE_STARTS_ANY and (
            match_title_phrase(toks, j, "en") or match_title_phrase(toks, j, "fr")
        ):
            break
        if len(bare) > 2 and bare.isupper():
            break  # an acronym
        j += 1
        if possessive:
            break
        # "Alexander Van der Bellen", "Marcelo Rebelo de Sousa": inner particles.
        while (
            j - i >= 2
            and j + 1 < len(toks)
            and toks[j].low in _PARTICLES
            and not toks[j].cap
            and toks[j + 1].is_word
            and toks[j + 1].cap
            and not is_place(toks[j + 1].text)
            and toks[j + 1].low not in _ORG_WORDS
        ):
            j += 1
    # A run followed by more capitalised words is part of a longer name (a place,
    # an organisation); keep only runs that end cleanly.
    if j < len(toks) and toks[j].is_word and toks[j].cap and j - i == max_len:
        return i
    return j


def _name_span(toks: list[Tok], i: int, j: int) -> tuple[int, int]:
    end = toks[j - 1].end
    if _possessive(toks[j - 1].text):
        end -= 2
    return toks[i].start, end


def _valid_bare_name(para: Para, toks: list[Tok], i: int, j: int) -> bool:
    """A 2–4 word name found without a title must not be a place or an organisation."""
    if not 2 <= j - i <= 4:
        return False
    start, end = _name_span(toks, i, j)
    text = para.norm[start:end]
    if is_place(text):
        return False
    if j < len(toks) and toks[j].low in _ORG_WORDS:
        return False
    if toks[j - 1].low in _GEO_HEADS:
        return False  # "Ha Long Bay", "Red River": a place
    # "Rural Development said": words of an office's name are not a person's.
    return not any(
        t.low in NATIONALITIES or t.low in PORTFOLIO or t.low in ENTITY_WORDS for t in toks[i:j]
    )


def _appositive(toks: list[Tok], j: int, lang: str) -> TitleMatch | None:
    """A title phrase after ", " following a name at token ``j``."""
    if j < len(toks) and toks[j].text == "," and j + 1 < len(toks):
        k = j + 1
        if toks[k].low in _ARTICLES and k + 1 < len(toks):
            k += 1
        title = match_title_phrase(toks, k, lang)
        if title is not None and _name_run(toks, title.last) - title.last >= 2:
            return None  # "…, King of Morocco Mohamed VI": the next person of a list
        return title
    return None


def _skip_nationality(toks: list[Tok], j: int) -> int:
    while j < len(toks) and toks[j].low in NATIONALITIES:
        j += 1
    return j


def _scan(ctx: DocContext, para: Para, found: list[_Found], roles: list[Mention]) -> None:
    toks = para.words()
    lang = para.lang
    starts = TITLE_STARTS[lang]
    i = 0
    # Most words are neither a name, an honorific nor a title's start: only the others
    # are looked at, in order, past those a rule has read.
    for at in [n for n, t in enumerate(toks) if t.cap or t.low in starts]:
        if at < i:
            continue
        i = at
        tok = toks[i]
        low = tok.low
        prev = toks[i - 1].low if i else ""
        # Honorific + name ("Comrade Nguyen Minh Hung").
        if low in HONORIFICS and tok.cap:
            j = _name_run(toks, i + 1)
            if j > i + 1:
                app = _appositive(toks, j, lang)
                role = para.text[app.start : app.end] if app else None
                n0, n1 = _name_span(toks, i + 1, j)
                end = app.end if app else n1
                found.append(_Found(para, tok.start, end, n0, n1, role))
                i = app.last if app else j
                continue
        title = match_title_phrase(toks, i, lang) if tok.is_word and low in starts else None
        if title is not None and toks[title.first].text in ("pm", "am"):
            title = None  # "04:58 pm PT": a time, not a Prime Minister
        if title is not None:
            j = _skip_nationality(toks, title.last)
            comma = j < len(toks) and toks[j].text == ","
            k = j + 1 if comma else j
            n_end = _name_run(toks, k)
            ok = n_end > k and (not comma or n_end - k >= 2)
            if ok and n_end - k >= 2 and not _valid_bare_name(para, toks, k, n_end):
                ok = False
            if ok and n_end - k == 1 and (is_place(toks[k].text) or toks[k].low in PORTFOLIO):
                ok = False
            if ok and n_end < len(toks) and toks[n_end].low in _ORG_WORDS:
                ok = False  # "the General Statistics Office" names a body
            if ok:
                app = _appositive(toks, n_end, lang)
                t0 = title.start
                owner = toks[title.first - 1] if title.first else None
                if owner and owner.text.isalpha() and owner.text.isupper() and len(owner.text) > 1:
                    t0 = owner.start  # "NIC director Vũ Quốc Huy"
                role = para.text[t0 : title.end]
                end = _name_span(toks, k, n_end)[1]
                if app is not None:
                    role = f"{role}, {para.text[app.start : app.end]}"
                    end = app.end
                n0, n1 = _name_span(toks, k, n_end)
                found.append(_Found(para, t0, end, n0, n1, role))
                i = app.last if app else n_end
                continue
            if title.last > title.first and prev in _ARTICLES:
                # A role without a name: "the Prime Minister", "le dirigeant vietnamien".
                roles.append(Mention(para.n, title.start, title.end, "role", None, title.units))
            i = title.last
            continue
        if low in _PERSON_NOUNS and tok.cap:
            # "Visitor Kim Teeling from Australia": a common noun standing as a title.
            j = _name_run(toks, i + 1)
            if 2 <= j - (i + 1) <= 3 and _valid_bare_name(para, toks, i + 1, j):
                n0, n1 = _name_span(toks, i + 1, j)
                found.append(_Found(para, tok.start, n1, n0, n1, tok.text))
                i = j
                continue
        after_cue = i > 0 and toks[i - 1].low in ("selon", "according", "d'apres")
        if tok.is_word and tok.cap and not (i and toks[i - 1].cap and not after_cue):
            j = _name_run(toks, i)
            if j - i >= 2 and _valid_bare_name(para, toks, i, j):
                app = _appositive(toks, j, lang)
                nxt = toks[j].low if j < len(toks) else ""
                before = toks[i - 1].low if i else ""
                before2 = toks[i - 2].low if i > 1 else ""
                cue = before in ("selon", "d'apres") or (before, before2) == ("to", "according")
                speech = nxt in SPEECH[lang] or before in SPEECH[lang] or cue
                meet = before in _MEET[lang]
                vn = (
                    j - i == 3
                    and is_vn_surname(tok.text)
                    and all(len(t.text) <= 7 for t in toks[i:j])
                )
                if app is not None or speech or meet or vn:
                    n0, n1 = _name_span(toks, i, j)
                    role = para.text[app.start : app.end] if app else None
                    found.append(_Found(para, n0, app.end if app else n1, n0, n1, role))
                    i = app.last if app else j
                    continue
        i += 1


def _later_mentions(
    ctx: DocContext, full_names: dict[str, str], covered: dict[int, list[tuple[int, int]]]
) -> list[_Found]:
    """Full names again and unambiguous short forms, outside already found spans."""
    if not full_names:
        return []  # no name to look for
    shorts: dict[str, set[str]] = {}
    for key in full_names:
        for short in short_forms(key):
            shorts.setdefault(short, set()).add(key)
    out: list[_Found] = []
    by_first: dict[str, list[str]] = {}
    for key in sorted(full_names, key=lambda k: -len(k.split())):
        if len(key.split()) >= 2:
            by_first.setdefault(key.split()[0], []).append(key)
    for para in ctx.paras:
        toks = para.words()
        taken = para.tokens_in(covered.get(para.n, ()))
        i = 0
        for at in para.cap_words():  # a name starts with a capitalised word
            if at < i or at in taken:
                continue
            i = at
            tok = toks[i]
            tok_key = name_key(tok.text)
            firsts = by_first.get((tok_key.split() or [""])[0], ())
            possessive = _possessive(tok.text)
            owners = shorts.get(name_key(tok.text[:-2]) if possessive else tok_key, set())
            if not firsts and len(owners) != 1:
                i += 1  # most capitalised words: no name of this article starts so
                continue
            prev_cap = i > 0 and toks[i - 1].is_word and toks[i - 1].cap
            matched = False
            for key in firsts:
                n = len(key.split())
                if i + n > len(toks):
                    continue
                words = toks[i : i + n]
                if name_key(" ".join(w.text for w in words)) == key:
                    n0, n1 = _name_span(toks, i, i + n)
                    out.append(_Found(para, n0, n1, n0, n1, None))
                    i += n
                    matched = True
                    break
            if matched:
                continue
            nxt_cap = (
                i + 1 < len(toks) and toks[i + 1].is_word and toks[i + 1].cap and not possessive
            )
            if len(owners) == 1 and not prev_cap and not nxt_cap:
                n0, n1 = _name_span(toks, i, i + 1)
                out.append(_Found(para, n0, n1, n0, n1, None))
            i += 1
    return out


def _best_surface(surfaces: list[str]) -> str:
    return max(surfaces, key=lambda s: (sum(not c.isascii() for c in s), surfaces.count(s)))


def extract(ctx: DocContext) -> list[Fact]:
    """Person facts of the article; also fills ``ctx.mentions`` (names, roles, pronouns)."""
    found: list[_Found] = []
    role_mentions: list[Mention] = []
    for para in ctx.paras:
        _scan(ctx, para, found, role_mentions)
    # Full names (two words or more) known in this article, by key.
    surfaces: dict[str, list[str]] = {}
    for f in found:
        surface = f.para.text[f.name_start : f.name_end]
        key = name_key(surface)
        if len(key.split()) >= 2:
            surfaces.setdefault(key, []).append(surface)
    full_names = {k: _best_surface(v) for k, v in surfaces.items()}
    covered: dict[int, list[tuple[int, int]]] = {}
    for f in found:
        covered.setdefault(f.para.n, []).append((f.start, f.end))
    found.extend(_later_mentions(ctx, full_names, covered))
    # Resolve one-word names to the full name that has them as a short form.
    short_owner: dict[str, str] = {}
    ambiguous: set[str] = set()
    for key in full_names:
        for short in short_forms(key):
            if short in short_owner and short_owner[short] != key:
                ambiguous.add(short)
            short_owner[short] = key
    facts: list[Fact] = []
    found.sort(key=lambda f: (f.para.n, f.start))
    seen: set[tuple[int, int, int]] = set()
    for f in found:
        if (f.para.n, f.name_start, f.name_end) in seen:
            continue
        seen.add((f.para.n, f.name_start, f.name_end))
        surface = f.para.text[f.name_start : f.name_end]
        key = name_key(surface)
        if len(key.split()) == 1 and key in short_owner and key not in ambiguous:
            key = short_owner[key]
        name = full_names.get(key, surface)
        roles = role_units(f.role, f.para.lang)
        facts.append(
            make_fact(
                "person",
                f.para,
                f.start,
                f.end,
                dict(
                    name=name,
                    key=key,
                    surface=surface,
                    name_span=[f.name_start, f.name_end],
                    role=f.role,
                    roles=list(roles),
                ),
            )
        )
    facts.extend(_bylines(ctx))
    _fill_mentions(ctx, facts, role_mentions)
    return facts


# "By Kim Loan", "By Minh Tam- Translated by Huyen Huong", "Par Lê Hà".
_BYLINE = re.compile(
    r"(?:^|(?<=[\s\-–]))(By|Par|Translated by|Traduit par)\s+"
    r"([^\W\d_][\w'’]*(?:\s+[^\W\d_][\w'’]*){1,3}?)(?=\s*(?:[-–,/|(]|$))"
)


def _bylines(ctx: DocContext) -> list[Fact]:
    """Authors and translators named in credit lines ("By Kim Loan")."""
    out: list[Fact] = []
    for p in ctx.article.paragraphs:
        if p.kind != "credit" or len(p.text) > 120:
            continue
        para = Para(ctx.article.id, p.n, p.kind, p.text, p.text, p.text, ctx.lang, len(p.text), [])
        for m in _BYLINE.finditer(p.text):
            name = m.group(2)
            if not all(w[:1].isupper() for w in name.split()):
                continue
            role = "translator" if m.group(1).lower().startswith(("trans", "trad")) else "author"
            out.append(
                make_fact(
                    "person",
                    para,
                    m.start(2),
                    m.end(2),
                    dict(
                        name=name,
                        key=name_key(name),
                        surface=name,
                        name_span=[m.start(2), m.end(2)],
                        role=role,
                        roles=[],
                    ),
                )
            )
    return out


def _fill_mentions(ctx: DocContext, facts: list[Fact], role_mentions: list[Mention]) -> None:
    """Names, roles resolved to people of this article, and pronouns, in text order."""
    mentions = [
        Mention(f.para, f.start, f.end, "name", str(f.get("key")), tuple(f.get("roles") or ()))
        for f in facts
    ]
    people_roles: dict[str, set[str]] = {}
    for f in facts:
        people_roles.setdefault(str(f.get("key")), set()).update(f.get("roles") or ())
    ordered = sorted([*mentions, *role_mentions], key=lambda m: (m.para, m.start))
    resolved: list[Mention] = []
    for m in ordered:
        if m.kind == "role":
            key = _resolve_role(m, people_roles, resolved)
            m = Mention(m.para, m.start, m.end, "role", key, m.roles)
        resolved.append(m)
    for para in ctx.paras:
        pronouns = PRONOUNS[para.lang]
        if para.lows().isdisjoint(pronouns):
            continue
        for tok in para.words():
            if tok.low in pronouns:
                resolved.append(Mention(para.n, tok.start, tok.end, "pronoun", None))
    resolved.sort(key=lambda m: (m.para, m.start))
    ctx.mentions = resolved


def _resolve_role(
    mention: Mention, people_roles: dict[str, set[str]], before: list[Mention]
) -> str | None:
    """The person of this article a role-only mention refers to, if one fits."""
    wanted = set(mention.roles)
    if not wanted:
        return None
    if wanted <= GENERIC_ROLES:
        for m in reversed(before):
            if m.key is not None:
                return m.key
        return None
    exact = [k for k, r in people_roles.items() if wanted & r]
    if len(exact) == 1:
        return exact[0]
    if not exact:
        loose = [
            k
            for k, r in people_roles.items()
            if any(x.endswith(" " + w) for x in r for w in wanted)
        ]
        if len(loose) == 1:
            return loose[0]
    if len(exact) > 1:
        for m in reversed(before):
            if m.key in exact:
                return m.key
    return None
