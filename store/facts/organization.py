"""Rules for ``organization`` facts (EN, FR): named bodies, companies and agencies.

Constructions recognised:

* a capitalised name ending in a body word: "Provincial People's Committee",
  "Community Digital Technology Team", "China-ASEAN Information Harbor Ltd";
* a body word with its complement: "Ministry of Public Security",
  "Government of Việt Nam", "National Committee on Digital Transformation";
* French, body word first: "Comité du Parti", "Ministère de l'Information et
  des Communications", "Assemblée nationale", "Banque d'État du Vietnam";
* a one-word body ("Politburo") and well-known acronyms ("VNA", "ASEAN");
  an acronym defined in brackets after a name ("… Committee (NCDT)", "…
  (VFA - Vietnam Food Association)") names that body wherever it recurs;
* a body of a place: "People's Committee of the Mekong Delta city of Can Tho".

One body, one name in an article: "U.S. News and World Report" and "U.S.
News & World Report", "General Statistics Office" after "General Statistics
Office of Vietnam", "Singapore Chandler Institute of Governance" beside
"Chandler Institute of Governance" take the first (or the place-less) name.

Not organisations: events (summits, forums, conferences, days), indexes,
programmes, places (a name before "building": "the People's Committee
building"), and "the Government" alone, with a nationality too ("the Chilean
Government": a common noun in this house style). Title words before "of" are
cut: "Chairman of the X Committee" gives "X Committee".

Fields: ``name`` (as written), ``key`` (folded, for grouping), ``acronym``.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from newsdesk.store.dates import MONTH_NAMES, WEEKDAY_NAMES
from newsdesk.store.facts.common import DocContext, Para, Tok, make_fact, overlaps
from newsdesk.store.facts.model import Fact
from newsdesk.store.facts.names import NOT_NAME, is_place, name_key, short_forms
from newsdesk.store.text import fold

__all__ = ["extract", "org_key"]

_HEADS_EN = frozenset(
    """
committee commission council ministry agency bank association union assembly institute
university academy federation department administration authority corporation company
group ltd inc corp co jsc plc llc team organisation organization fund foundation
secretariat court front board bureau centre center police army parliament office nations
news times post press television radio journal herald gazette mission embassy consulate
delegation network
""".split()
)
# Heads that name a body only with a complement ("Government of Việt Nam").
_NEEDS_COMPLEMENT = frozenset({"government", "party", "state"})
_HEADS_FR = frozenset(
    """
comite ministere banque agence commission conseil assemblee association union institut
universite academie organisation federation groupe societe fonds office departement
parti front cour gouvernement bureau equipe tribunal administration autorite centre
""".split()
)
_FR_ADJECTIVES = frozenset(
    """
populaire provincial provinciale national nationale mondial mondiale central centrale
international internationale europeen europeenne asiatique communiste municipal municipale
permanent permanente executif executive politique supreme superieur superieure general
generale vietnamien vietnamienne chinois chinoise francais francaise rural rurale
etranger etrangere etrangers etrangeres economique economiques
""".split()
)
_FR_STOP_WORDS = frozenset(
    "de du des d' la le les l' et ou a au aux en dans sur pour par avec que qui ont est "
    "plusieurs certains certaines nombreux nombreuses ces leurs tous toutes chaque depuis "
    "pendant avant apres lors vers chez contre entre sous sans afin ainsi aussi deja encore "
    "mais donc car".split()
)
_SINGLE = frozenset({"politburo", "secretariat", "interpol"})
ACRONYMS = frozenset(
    """
VNA VNS TTXVN ASEAN UN WTO WHO IMF OECD APEC EU UNDP UNESCO ITU ADB NATO ILO FAO UNICEF
WB AFP CVN VOV VTV FIFA ONU OMPI WIPO OCDE UNWTO OMC OMS FMI BAD
""".split()
)
_CONNECT_EN = frozenset({"of", "on", "for", "and", "the", "&", "-", "de", "du"})
# Capitalised words that end a name: days and months ("the World Bank on Monday").
_TIME_WORDS = frozenset((*WEEKDAY_NAMES["en"], *MONTH_NAMES["en"], *WEEKDAY_NAMES["fr"]))
_COMPLEMENT = frozenset({"of", "on", "for", "de", "du"})
_EVENT_HEADS = frozenset(
    "summit forum conference day week festival expo fair congress games exhibition".split()
)
# "(NCDT)", or with the name in another language: "(VFA - Vietnam Food Association)".
_ACRONYM_RE = re.compile(r"\(\s*([A-Z][A-Za-z]{1,9})\s*(?:[-–—,:]\s*([^()]*[^\s()])\s*)?\)")


_HYPHEN_SPACING = re.compile(r"\s*-\s*")
_LEADING_ARTICLE = re.compile(r"^(the|le|la|l')\s+")
_ARTICLE_OPENINGS = ("the", "le", "la", "l'")


def org_key(name: str) -> str:
    """A grouping key: folded, spacing around hyphens and a final dot removed, "&" read
    as "and"."""
    key = fold(name).replace(" & ", " and ")
    # Each pattern's text opens or holds what the test before it looks for: most names
    # have no hyphen and open with no article, and skip both substitutions.
    if "-" in key:
        key = _HYPHEN_SPACING.sub("-", key)
    if key.startswith(_ARTICLE_OPENINGS):
        key = _LEADING_ARTICLE.sub("", key)
    return " ".join(key.rstrip(".").split())


def _cap_runs(toks: list[Tok], blocked: frozenset[int], caps: list[int]) -> list[tuple[int, int]]:
    """Maximal runs of capitalised words and inner connectors, not through people's names
    (``caps``: the indexes of the capitalised words, where runs start)."""
    runs: list[tuple[int, int]] = []
    i = 0
    for at in caps:
        if at < i or at in blocked:
            continue
        i = at
        j = i + 1
        end = j
        if _owner(toks[i].text):
            runs.append((i, end))
            i = end
            continue
        while j < len(toks):
            if _owner(toks[j - 1].text) and j - 1 > i:
                end = j - 1
                break
            if j in blocked:
                break
            if toks[j].is_word and toks[j].cap and toks[j].low not in _TIME_WORDS:
                j += 1
                end = j
            elif toks[j].low in _CONNECT_EN and _cap_follows(toks, j + 1):
                j += 1
            elif toks[j].low == "to" and _envoy_before(toks, i, j) and _cap_follows(toks, j + 1):
                j += 1  # "the Permanent Mission of Vietnam to the United Nations"
            else:
                break
        runs.append((i, end))
        i = end
    return runs


_ENVOYS = frozenset({"mission", "embassy", "consulate", "delegation"})


def _envoy_before(toks: list[Tok], i: int, j: int) -> bool:
    """A body sent to another ("Mission", "Embassy") in the run before ``j``."""
    return any(toks[k].low in _ENVOYS for k in range(i, j))


def _owner(word: str) -> bool:
    """An acronym's possessive ("MPI's"): a body of its own before another name."""
    if word[-1:] != "s":
        return False
    base = word[:-2] if word.endswith(("'s", "’s")) else ""
    return len(base) >= 2 and base.isupper()


def _cap_follows(toks: list[Tok], k: int) -> bool:
    if k < len(toks) and toks[k].low == "the":
        k += 1
    return k < len(toks) and toks[k].is_word and toks[k].cap


def _segments(toks: list[Tok], i: int, j: int) -> list[tuple[int, int]]:
    """Split a run at "and" where the next part names a body of its own or none."""
    cuts = [i]
    for k in range(i + 1, j):
        if toks[k].low == "and":
            cuts.append(k)
    segs: list[tuple[int, int]] = []
    for n, start in enumerate(cuts):
        end = cuts[n + 1] if n + 1 < len(cuts) else j
        segs.append((start + 1 if n else start, end))
    merged: list[tuple[int, int]] = []
    for seg in segs:
        has_head = any(_head(toks, k) for k in range(*seg))
        if merged and not has_head and _head_first(toks, *merged[-1]):
            merged[-1] = (merged[-1][0], seg[1])  # "Ministry of Information and Communications"
        else:
            merged.append(seg)
    return merged


def _head(toks: list[Tok], k: int) -> bool:
    low = toks[k].low.rstrip(".")
    return low in _HEADS_EN or low in _NEEDS_COMPLEMENT


def _head_first(toks: list[Tok], i: int, j: int) -> bool:
    return any(_head(toks, k) and k + 1 < j and toks[k + 1].low in _COMPLEMENT for k in range(i, j))


# Words a capitalised run can open with that are not part of the body's name.
_LEADING = frozenset("the l' le la les d' au aux en selon according".split())


def _org_in_segment(toks: list[Tok], i: int, j: int) -> tuple[int, int] | None:
    # Cut a title or other words before "of (the)" when they hold no body word.
    for k in range(j - 1, i, -1):
        if toks[k].low in _COMPLEMENT and not any(_head(toks, m) for m in range(i, k)):
            start = k + 1
            if start < j and toks[start].low == "the":
                start += 1
            i = start
            break
    while i < j and toks[i].low in _LEADING:
        i += 1
    if i >= j:
        return None
    last = toks[j - 1].low.rstrip(".")
    if last.endswith("'s"):
        last = last[:-2]  # "the World Bank's top 75 countries"
    if last in _HEADS_EN and (j - i >= 2 or last in _SINGLE):
        return i, j
    if j - i == 1 and last in _SINGLE:
        return i, j
    for k in range(i, j - 1):
        low = toks[k].low
        if (low in _HEADS_EN or low in _NEEDS_COMPLEMENT) and toks[k + 1].low in _COMPLEMENT:
            if any(toks[m].low in _EVENT_HEADS for m in range(i, j)):
                return None
            return i, j
    # "&" joins one name: "US News & World Report" names the body its "News" heads.
    amp = [k for k in range(i + 1, j - 1) if toks[k].text == "&"]
    if amp and any(toks[k].low.rstrip(".") in _HEADS_EN for k in range(i, amp[0])):
        return i, j
    return None


# The words that can head an English body's name, as tokens hold them: a token keeps at
# most one final dot ("Co."), and an owner's "'s" ("the World Bank's").
_BODY_FORMS = frozenset(
    form
    for word in _HEADS_EN | _NEEDS_COMPLEMENT | _SINGLE
    for form in (word, word + ".", word + "'s", word + "'s.")
)


def _may_name_body(para: Para) -> bool:
    """True when a word of the paragraph can head an English body's name (tested first)."""
    return not para.lows().isdisjoint(_BODY_FORMS)


def _english(para: Para, toks: list[Tok], blocked: frozenset[int]) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    if not _may_name_body(para):
        return found  # every name found below holds one of those words
    for i, j in _cap_runs(toks, blocked, para.cap_words()):
        for seg in _segments(toks, i, j):
            hit = _org_in_segment(toks, *seg)
            if hit is not None:
                end = _place_tail(toks, hit[1], blocked)
                if end < len(toks) and toks[end].low in _BUILDINGS:
                    continue  # "HCMC People's Committee building": a place
                found.append((toks[hit[0]].start, toks[end - 1].end))
    return found


# A body's name before one of these names a place: "the People's Committee building".
_BUILDINGS = frozenset("building buildings headquarters compound premises campus tower".split())


# "People's Committee of the Mekong Delta city of Can Tho", "People's Committee of the
# central province of Quang Nam": a body of a place named after a lower-case place word.
_PLACE_NOUNS = frozenset(
    "city province district town commune ward county region prefecture municipality".split()
)


def _place_tail(toks: list[Tok], j: int, blocked: frozenset[int]) -> int:
    """Where a body's name ending at ``j`` ends once its place is read (``j``: none)."""
    k = j
    if k + 1 < len(toks) and toks[k].low == "of":
        k += 1  # "People's Committee" then "of the central province of Quang Nam"
        if toks[k].low == "the":
            k += 1
        lower = k
        while k < len(toks) and k - lower < 2 and toks[k].is_word and not toks[k].cap:
            if toks[k].low in _PLACE_NOUNS:
                break
            k += 1
    # Else "… of the Mekong Delta" then "city of Can Tho".
    if not (k + 1 < len(toks) and toks[k].low in _PLACE_NOUNS and toks[k + 1].low == "of"):
        return j
    m = k + 2
    while m < len(toks) and toks[m].is_word and toks[m].cap and m not in blocked:
        m += 1
    return m if m > k + 2 else j


def _french(para: Para, toks: list[Tok]) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        low = tok.low
        # "ministère de l'Agriculture": French writes a ministry's name in lower case.
        lower_ministry = (
            low == "ministere"
            and i + 2 < len(toks)
            and toks[i + 1].low in ("de", "du", "des", "d'")
            and (
                toks[i + 2].cap
                or (toks[i + 2].low in ("la", "l'") and i + 3 < len(toks) and toks[i + 3].cap)
            )
        )
        if not (tok.is_word and (tok.cap or lower_ministry) and low in _HEADS_FR):
            i += 1
            continue
        j = i + 1
        end = j
        while j < len(toks) and (toks[j].low in _FR_ADJECTIVES or _fr_adjective(toks[j])):
            j += 1
            end = j
        if low == "bureau" and j < len(toks) and toks[j].low == "politique":
            j += 1
            end = j
        # "Office général des statistiques", "Département de l'investissement étranger".
        lower_ok = True
        chunks = 0  # lower-case complements read: "Organisation de coopération et de …"
        while j < len(toks):
            w = toks[j].low
            comma_list = (
                w == ","
                and j + 2 < len(toks)
                and toks[j + 1].low in ("de", "du", "des", "d'")
                and not lower_ok
            )
            if comma_list:
                j += 1  # "ministère de la Culture, des Sports et du Tourisme"
                w = toks[j].low
            connector = w in ("de", "du", "des", "d'", "pour", "sur") or (w == "et" and end > i + 1)
            if connector or (w == "en" and chunks and lower_ok):
                k = j + 1
                if w == "et" and k < len(toks) and toks[k].low in ("de", "du", "des", "d'"):
                    k += 1  # "… de l'Agriculture et du Développement rural"
                if k < len(toks) and toks[k].low in ("la", "le", "l'", "les", "des"):
                    k += 1
                if w == "et" and k < len(toks) and toks[k].low in _HEADS_FR:
                    break  # "le Ministère de … et la Banque d'État …": two bodies
                if k < len(toks) and toks[k].cap and toks[k].is_word:
                    j = k
                    while j < len(toks) and (
                        (toks[j].is_word and toks[j].cap)
                        or (toks[j].text == "-" and j + 1 < len(toks) and toks[j + 1].cap)
                    ):
                        j += 1
                    end = j
                    while j < len(toks) and toks[j].low in _FR_ADJECTIVES:
                        j += 1
                        end = j
                    lower_ok = False  # "… des Technologies de coordonner": a verb's object
                    continue
                if lower_ok and (w != "et" or chunks) and k < len(toks) and toks[k].is_word:
                    m = k
                    while m < len(toks) and m - k < 3 and toks[m].is_word:
                        lw = toks[m].low
                        if toks[m].cap or lw in _FR_STOP_WORDS:
                            break
                        m += 1
                    if m > k:
                        j = end = m
                        chunks += 1
                        lower_ok = chunks < _LOWER_CHUNKS
                        continue
            break
        needs = low in ("gouvernement", "parti", "office", "bureau")
        if end - i >= 2 and not (needs and end == i + 1):
            found.append((tok.start, toks[end - 1].end))
        i = max(end, i + 1)
    return found


# Endings of French adjectives after a body's name ("Association alimentaire",
# "Association thaïlandaise"); not "-ant"/"-ent", which verbs and participles share.
_FR_ADJ_ENDING = re.compile(
    r"(?:el|elle|els|elles|al|ale|aux|ales|ique|iques|if|ive|ifs|ives|aire|aires|ien|ienne|"
    r"iens|iennes|ais|aise|aises|ois|oise|oises|ain|aine|ains|aines)$"
)


def _fr_adjective(tok: Tok) -> bool:
    """A lower-case French adjective by its ending."""
    return (
        tok.is_word
        and not tok.cap
        and len(tok.low) > 3
        and tok.low not in _FR_STOP_WORDS
        and _FR_ADJ_ENDING.search(tok.low) is not None
    )


# At most this many lower-case complements: "Académie de stratégie en sciences et technologies".
_LOWER_CHUNKS = 3
_ACRONYM_FIRSTS = frozenset(w[:1] for w in ACRONYMS)


_AGENCIES = frozenset("VNA VNS TTXVN AFP AP VOV VTV CVN Reuters Xinhua".split())
# A source credit, not a mention: "Hanoi (VNA)", "(Photo: AFP/VNA)", "– VNA/VI", "VNA/VNS Photo".
_CREDIT_AROUND = re.compile(
    r"(?:\(\s*(?:photo|ảnh|source|illustration)?\s*:?\s*[\w/ ]*$"
    r"|(?:photo|ảnh|source)\s*:\s*[\w/ ]*$|/\s*$|[-–—]\s*$)",
    re.I,
)


def _credit(para: Para, start: int, end: int) -> bool:
    """An agency named as a source: in brackets, in a photo credit, after "/", or closing
    the paragraph after a dash."""
    before = para.text[max(0, start - 20) : start]
    after = para.text[end : end + 8]
    if after.startswith(("/", ")")) or re.match(r"\s*(?:photo|/)", after, re.I):
        return True
    if _CREDIT_AROUND.search(before):
        return True
    return not para.text[end:].strip(" ./|")


# Acronyms as the folded words of tokens hold them, alone or as an owner ("MPI's").
_ACRONYM_LOWS = frozenset(w.lower() + tail for w in ACRONYMS for tail in ("", "'s"))


def _acronyms(para: Para, toks: list[Tok], known: dict[str, str]) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    lows = para.lows()
    if lows.isdisjoint(_ACRONYM_LOWS) and not any(
        w.lower() in lows or w.lower() + "'s" in lows for w in known
    ):
        return out  # no acronym, known or defined, in the paragraph
    firsts = _ACRONYM_FIRSTS.union(w[:1] for w in known)
    for n, t in enumerate(toks):
        if t.text[:1] not in firsts:
            continue  # most words: no acronym starts that way
        word = t.text[:-2] if _owner(t.text) else t.text
        if word in ACRONYMS or word in known:
            # Not inside a longer name ("China-ASEAN"), not in brackets after its name.
            if n and toks[n - 1].text == "(":
                continue
            if word in _AGENCIES and _credit(para, t.start, t.start + len(word)):
                continue
            out.append((t.start, t.start + len(word), known.get(word, word)))
    return out


def extract(ctx: DocContext) -> list[Fact]:
    """Organization facts of the article."""
    facts: list[Fact] = []
    defined: dict[str, str] = {}
    for para in ctx.paras:
        toks = para.words()
        names = [
            tuple(f.get("name_span") or (f.start, f.end)) for f in ctx.of_kind("person", para.n)
        ]
        blocked = para.tokens_in(names) if names else frozenset()
        # A dash ("HÀ NỘI — The Department of Customs") ends a name.
        dashes = (
            [(t.start, t.end) for t in toks if para.text[t.start] in "—–"]
            if "—" in para.text or "–" in para.text
            else []
        )
        if dashes:
            blocked = blocked | para.tokens_in(dashes)
        spans = _english(para, toks, blocked)
        if para.lang == "fr":
            spans += _french(para, toks)
        spans += _known(para)
        spans = _drop_nested(spans)
        spans = _drop_nested(
            spans + _coordinated(ctx, para, toks, spans) + _listed(ctx, para, toks)
        )
        spans = _drop_glosses(para, spans)
        for start, end in spans:
            if para.text[end - 1] == ".":
                end -= 1  # "Ltd." at a sentence's end
            if para.text[start:end].endswith(("'s", "’s")):
                end -= 2  # "the University of Technology's centre"
            name = para.text[start:end]
            acronym = _ACRONYM_RE.match(para.norm, end + 1) if end < para.limit else None
            fields: dict[str, object] = {"name": name, "key": org_key(name), "acronym": None}
            if acronym and not _is_acronym(acronym.group(1)):
                acronym = None
            if acronym and acronym.start() == end + 1:
                fields["acronym"] = acronym.group(1)
                defined[acronym.group(1)] = name
            facts.append(make_fact("organization", para, start, end, fields))
        taken = [(f.start, f.end) for f in facts if f.para == para.n]
        short: list[tuple[int, int]] = []
        for start, end, name in _acronyms(para, toks, defined):
            if any(s <= start < e for s, e in taken):
                continue
            short.append((start, end))
            facts.append(
                make_fact(
                    "organization",
                    para,
                    start,
                    end,
                    dict(name=name, key=org_key(name), acronym=para.text[start:end]),
                )
            )
        taken += short
        extra = _camel(ctx, para, toks) + _coordinated(ctx, para, toks, short)
        for start, end in _drop_nested(extra):
            if any(s < end and start < e for s, e in taken):
                continue
            taken.append((start, end))
            name = para.text[start:end]
            facts.append(
                make_fact(
                    "organization",
                    para,
                    start,
                    end,
                    dict(name=name, key=org_key(name), acronym=None),
                )
            )
    facts.sort(key=lambda f: (f.para, f.start))
    return _same_bodies(_and_spellings(ctx, facts))


def _and_spellings(ctx: DocContext, facts: list[Fact]) -> list[Fact]:
    """The mentions of a name with "&" written with "and" ("U.S. News and World Report"
    beside "U.S. News & World Report"), in place of the shorter names found there."""
    names = {str(f.get("name")) for f in facts if " & " in str(f.get("name"))}
    added: list[Fact] = []
    for name in names:
        spelled = re.compile(r"\b" + re.escape(name.replace(" & ", " and ")) + r"\b")
        for para in ctx.paras:
            for m in spelled.finditer(para.text):
                facts = [
                    f for f in facts if f.para != para.n or not overlaps((f.start, f.end), m.span())
                ]
                added.append(
                    make_fact(
                        "organization",
                        para,
                        m.start(),
                        m.end(),
                        dict(name=m.group(), key=org_key(m.group()), acronym=None),
                    )
                )
    if added:
        facts = sorted(facts + added, key=lambda f: (f.para, f.start))
    return facts


def _same_bodies(facts: list[Fact]) -> list[Fact]:
    """The article's mentions of one body under one name: the first spelling of names
    written with "&" or "and"; a short form after its full name ("General Statistics
    Office" after "General Statistics Office of Vietnam"); and a name without the place
    a writer put before it ("Chandler Institute of Governance" for "Singapore Chandler
    Institute of Governance")."""
    if len(facts) < 2:
        return facts
    first: dict[str, Fact] = {}
    for f in facts:
        first.setdefault(org_key(str(f.get("name"))), f)
    rename: dict[str, str] = {}
    keys = list(first)
    for key in keys:
        words = key.split()
        for n in range(1, min(3, len(words) - 1) + 1):
            rest = " ".join(words[n:])
            if rest in first and is_place(" ".join(words[:n])):
                rename[key] = rest
                break
    named_at: dict[str, tuple[int, int]] = {}
    for key, f in first.items():
        target = rename.get(key, key)
        at = (f.para, f.start)
        named_at[target] = min(named_at.get(target, at), at)
    for key in keys:
        if key in rename:
            continue
        longer = {k for k in keys if k.startswith(key + " of ") and k not in rename}
        if len(longer) == 1:
            (full,) = longer
            if named_at[full] < (first[key].para, first[key].start):
                rename[key] = full
    out = []
    for f in facts:
        own = str(f.get("name"))
        key = org_key(own)
        target = rename.get(key, key)
        name = str(first[target].get("name"))
        if target == key and "&" not in own + name:
            out.append(f)  # other spellings of one key stay as written
        elif name == own:
            out.append(f)
        else:
            out.append(f.with_fields(name=name, key=org_key(name)))
    return out


_CAMEL = re.compile(r"[A-Z][a-z]+[A-Z][A-Za-z]+")
_NAME_PREFIXES = ("Mc", "Mac", "De", "Di", "La", "Le", "Van", "Von", "Du")


def _camel(ctx: DocContext, para: Para, toks: list[Tok]) -> list[tuple[int, int]]:
    """Brand-like names with a capital inside ("StartupBlink", "VinFast", "OpenAI")."""
    out: list[tuple[int, int]] = []
    for n in para.cap_words():  # a brand starts with a capital (a capitalised token is a word)
        tok = toks[n]
        if tok.text[1:].islower():
            continue  # and has another after it, which islower() would refuse
        brand = _CAMEL.fullmatch(tok.text) and not tok.text.startswith(_NAME_PREFIXES)
        if brand and _list_item(ctx, para, toks, n, n + 1):
            out.append((tok.start, tok.end))
    return out


_LIST_SEP = frozenset({",", "and", "et", "&"})
_KIND_NOUNS = frozenset(
    """
companies firms corporations groups giants organisations organizations agencies banks
universities partners investors brands carriers airlines manufacturers automakers
entreprises societes groupes firmes banques geants constructeurs partenaires
""".split()
)
_SUCH_AS = (
    ("such", "as"),
    ("including",),
    ("like",),
    ("notably",),
    ("comme",),
    ("tels", "que"),
    ("telles", "que"),
    ("dont",),
    ("notamment",),
)
_KNOWN = ("world economic forum", "forum economique mondial")


def _known(para: Para) -> list[tuple[int, int]]:
    """Bodies whose names look like events ("World Economic Forum")."""
    out: list[tuple[int, int]] = []
    for name in _KNOWN:
        start = para.low.find(name)
        while start != -1:
            out.append((start, start + len(name)))
            start = para.low.find(name, start + 1)
    return out


def _listed(ctx: DocContext, para: Para, toks: list[Tok]) -> list[tuple[int, int]]:
    """Names after "companies such as", "des entreprises comme": "Intel, Samsung and Synopsys"."""
    out: list[tuple[int, int]] = []
    if para.lows().isdisjoint(_KIND_NOUNS):
        return out
    for n, tok in enumerate(toks):
        if tok.low not in _KIND_NOUNS:
            continue
        k = n + 1
        if k < len(toks) and toks[k].text == ",":
            k += 1
        for cue in _SUCH_AS:
            if tuple(t.low for t in toks[k : k + len(cue)]) == cue:
                k += len(cue)
                break
        else:
            continue
        while k < len(toks):
            m = k
            while m < len(toks) and toks[m].is_word and toks[m].cap:
                m += 1
            if m == k or not _list_item(ctx, para, toks, k, m):
                break
            out.append((toks[k].start, toks[m - 1].end))
            if m < len(toks) and toks[m].low in _LIST_SEP:
                k = m + 1
                if k < len(toks) and toks[k].low in ("and", "et"):
                    k += 1
                continue
            break
    return out


def _list_item(ctx: DocContext, para: Para, toks: list[Tok], i: int, j: int) -> bool:
    """True when ``toks[i:j]`` can be one more body in a list of bodies."""
    if not 1 <= j - i <= 3:
        return False
    if not all(t.is_word and t.cap for t in toks[i:j]):
        return False
    text = para.text[toks[i].start : toks[j - 1].end]
    if is_place(text) or toks[i].low in NOT_NAME:
        return False
    if toks[j - 1].low in _NEEDS_COMPLEMENT:
        return False  # "the Chilean Government and Ministry of …": "the Government" alone
    people = {str(f.get("key")) for f in ctx.of_kind("person")}
    key = name_key(text)
    return key not in people and not any(key in short_forms(p) for p in people)


def _coordinated(
    ctx: DocContext, para: Para, toks: list[Tok], spans: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Names listed with a body: "a report by Google, Temasek and Bain & Company"."""
    if not spans:
        return []
    starts, ends = para.token_bounds()  # both ascending: a token found by bisection
    found: list[tuple[int, int]] = []
    for start, end in spans:
        first = bisect_left(starts, start)
        last = bisect_left(ends, end)
        if first == len(starts) or starts[first] != start or last == len(ends) or ends[last] != end:
            continue
        k = first - 1
        if k >= 1 and toks[k].low in ("the", "la", "le", "les", "l'"):
            k -= 1  # "… by Do Ventures and the NIC"
        while k >= 1 and toks[k].low in _LIST_SEP:
            m = k - 1
            while m >= 0 and toks[m].is_word and toks[m].cap:
                m -= 1
            if not _list_item(ctx, para, toks, m + 1, k):
                break
            found.append((toks[m + 1].start, toks[k - 1].end))
            k = m
        k = last + 1
        while k + 1 < len(toks) and toks[k].low in _LIST_SEP:
            m = k + 1
            while m < len(toks) and toks[m].is_word and toks[m].cap:
                m += 1
            after = toks[m] if m < len(toks) else None
            closed = after is None or not after.is_word or after.low in _LIST_SEP
            if not closed or not _list_item(ctx, para, toks, k + 1, m):
                break
            found.append((toks[k + 1].start, toks[m - 1].end))
            k = m
    return found


def _drop_glosses(para: Para, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Without the names inside a name's bracketed acronym and gloss: "l'Association
    alimentaire du Vietnam (VFA - Vietnam Food Association)" names one body."""
    glosses = []
    for _, end in spans:
        m = _ACRONYM_RE.match(para.norm, end + 1) if end < para.limit else None
        if m is not None and m.group(2) and m.start() == end + 1:
            glosses.append((m.start(), m.end()))
    if not glosses:
        return spans
    return [s for s in spans if not any(g0 <= s[0] and s[1] <= g1 for g0, g1 in glosses)]


def _is_acronym(word: str) -> bool:
    return sum(c.isupper() for c in word) >= 2 and not word[1:].islower()


def _drop_nested(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    spans = sorted(set(spans), key=lambda s: (s[0], -(s[1] - s[0])))
    out: list[tuple[int, int]] = []
    for s in spans:
        if out and s[0] < out[-1][1]:
            continue
        out.append(s)
    return out
