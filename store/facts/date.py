"""Rules for ``date`` facts (EN, FR): dates resolved against the article's date.

Constructions recognised (day and month words from :mod:`store.numbers`):

* a day of a month: "October 12", "(October 10)", "20 novembre", "1er mai",
  with a year when one follows ("October 12, 2024"), else the year that puts
  the date nearest the article's;
* a range: "November 19-22", "from 19 to 22 November", "du 19 au 22 novembre"
  (``date`` and ``end``);
* a weekday: "on Wednesday", "jeudi" — the article's day when it is that
  weekday, else the one before or after it by the tense around it ("said on
  Thursday" looks back, "will meet … on Thursday" and "rencontrera jeudi" look
  ahead, "next"/"last"/"prochain"/"dernier" decide), else the nearest;
  a weekday next to a date ("mercredi 20 novembre") is one fact;
* a month of a year: "in October 2024", "en novembre 2024" (precision month);
* relative days: "today", "yesterday", "tomorrow", "aujourd'hui", "hier",
  "demain", and "the same day"/"le même jour" (the last day-date before it).

Fields: ``date`` (ISO), ``end`` (ISO or None), ``precision`` ("day"/"month"),
``event`` (the event the sentence names, or None), ``resolved_by``.
"""

from __future__ import annotations

import datetime as dt
import re

from newsdesk.store.dates import FOLDED_MONTHS, FOLDED_WEEKDAYS
from newsdesk.store.facts.common import DocContext, Para, Tok, make_fact
from newsdesk.store.facts.model import Fact
from newsdesk.store.numbers import Quantity, leading_runs, word_start_alt

__all__ = ["extract", "resolve_weekday"]

# Month names written out (not "jan", "sept"): those the patterns below read.
_LONG_MONTHS = frozenset(m for m in FOLDED_MONTHS if len(m) > 3)
_MONTH_ALT = "|".join(sorted(_LONG_MONTHS, key=len, reverse=True))
# "\b(?:months)": the same matches (a month opens with a word character, so \b is "no
# word character before"), written so that the search scans for their first letters.
_MONTH_START = word_start_alt(_LONG_MONTHS, r"\w")
_MONTH_YEAR = re.compile(rf"({_MONTH_START})\s+((?:19|20)\d\d)\b")
# Both month patterns need a whole month word: most paragraphs have none.
_MONTH_WORD = re.compile(rf"{_MONTH_START}\b")
# "last September", "next March", "septembre dernier", "mars prochain"
_MONTH_RELATIVE = re.compile(
    rf"\b(?:(last|next|this|ce mois de)\s+({_MONTH_ALT})|({_MONTH_ALT})\s+(dernier|prochain))\b"
)
# Every match of _MONTH_RELATIVE holds one of these as a whole run of letters.
_MONTH_RELATIVE_RUNS = frozenset((b"last", b"next", b"this", b"mois", b"dernier", b"prochain"))
_YEAR_AFTER = re.compile(r",?\s*((?:19|20)\d\d)\b")
# (The look-ahead at their first letters lets the search skip to where one can start.)
_RELATIVE = re.compile(
    r"(?=[tyahdolc])\b(?:(today|yesterday|tomorrow|aujourd'hui|hier|demain)(?!'s)|"
    r"(?:on\s+)?(the same day|that same day|that day|le meme jour|ce meme jour|ce jour-la))\b"
)
# Every match of _RELATIVE holds one of the words of its first branch as a whole run of
# letters ("aujourd'hui" by its first run) or one of these phrase ends (cheap tests first).
_RELATIVE_RUNS = frozenset((b"today", b"yesterday", b"tomorrow", b"aujourd", b"hier", b"demain"))
_RELATIVE_PHRASES = ("same day", "that day", "meme jour", "jour-la")
# The words of _MONTH_WORD: one of them is a whole run of letters where it matches.
_MONTH_NAMES = leading_runs(_LONG_MONTHS)
_RELATIVE_DAYS = {
    "today": 0, "aujourd'hui": 0, "yesterday": -1, "hier": -1, "tomorrow": 1, "demain": 1,
}  # fmt: skip

_FUTURE_EN = frozenset(
    "will shall 'll scheduled due set upcoming going expected plans plan next".split()
)
_PAST_EN = frozenset(
    """
said told held met received was were had took did made gave signed visited attended opened
announced chaired launched stressed noted emphasised emphasized affirmed last ago earlier
hosted welcomed joined delivered spoke
""".split()
)
_FUTURE_FR = frozenset("va vont prochain prochaine prevu prevue doit devra devrait".split())
_PAST_FR = frozenset("a ont avait etait dernier derniere s'est se sont fut".split())
_FR_FUTURE_VERB = re.compile(r"[a-z]{3,}(?:era|eront|erons|ira|iront|ra|ront)$")

_EVENT_HEADS_EN = frozenset(
    """
summit forum conference day week festival expo fair congress games exhibition meeting
session ceremony dialogue convention symposium workshop seminar
""".split()
)
_EVENT_HEADS_FR = frozenset(
    """
sommet forum conference journee semaine festival salon foire congres reunion session
ceremonie exposition dialogue colloque seminaire atelier
""".split()
)
_EVENT_NOUNS = (
    _EVENT_HEADS_EN
    | _EVENT_HEADS_FR
    | frozenset("event talks visit evenement rencontre visite entretien".split())
)


def _iso(d: dt.date) -> str:
    return d.isoformat()


def _nearest_year(ctx: DocContext, month: int, day: int) -> dt.date | None:
    if ctx.year is None:
        return None
    ref = ctx.ref or dt.date(ctx.year, 7, 1)
    best: dt.date | None = None
    for year in (ctx.year - 1, ctx.year, ctx.year + 1):
        try:
            cand = dt.date(year, month, day)
        except ValueError:
            continue
        if best is None or abs((cand - ref).days) < abs((best - ref).days):
            best = cand
    return best


def _quoted_spans(para: Para) -> list[tuple[int, int]]:
    from newsdesk.store.facts.quote import find_quotes

    return [(q.open_at, q.close_at) for q in find_quotes(para)]


def _tense(para: Para, pos: int) -> int:
    """+1 future, -1 past, 0 unknown: the tense marker nearest ``pos`` in its sentence."""
    s0, s1 = para.sentence_at(pos)
    before = para.low[max(s0, pos - 12) : pos].split()
    if before and before[-1] in ("until", "till", "through", "jusqu'a", "jusqu'au"):
        return 1  # "runs until Wednesday"
    best: tuple[int, int] | None = None
    toks = para.words(s0, s1)
    for n, tok in enumerate(toks):
        if not tok.is_word:
            continue
        if n + 1 < len(toks) and toks[n + 1].low in ("by", "par"):
            continue  # "co-organised by …": a participle, not the tense
        w = tok.low
        sign = 0
        if para.lang == "fr":
            if w in _FUTURE_FR or _FR_FUTURE_VERB.fullmatch(w):
                sign = 1
            elif w in _PAST_FR:
                sign = -1
        else:
            if w in _FUTURE_EN:
                sign = 1
            elif w in _PAST_EN or (len(w) > 4 and w.endswith("ed")):
                sign = -1
        if sign:
            dist = abs(tok.start - pos)
            if best is None or dist < best[0]:
                best = (dist, sign)
    return best[1] if best else 0


def resolve_weekday(ref: dt.date, weekday: int, tense: int, hint: str = "") -> dt.date:
    """The date of ``weekday`` (Monday = 0) around ``ref``.

    ``hint`` is "next" or "last" when the text says so; ``tense`` is +1 (future),
    -1 (past) or 0. The article's own weekday is the article's day.
    """
    ahead = (weekday - ref.weekday()) % 7
    back = (ref.weekday() - weekday) % 7
    if hint == "next":
        return ref + dt.timedelta(days=ahead or 7)
    if hint == "last":
        return ref - dt.timedelta(days=back or 7)
    if ahead == 0:
        return ref
    if tense > 0:
        return ref + dt.timedelta(days=ahead)
    if tense < 0:
        return ref - dt.timedelta(days=back)
    return ref + dt.timedelta(days=ahead) if ahead <= back else ref - dt.timedelta(days=back)


def _hint(para: Para, q: Quantity) -> str:
    before = para.low[max(0, q.start - 6) : q.start].split()
    after = para.low[q.end : q.end + 12].split()
    words = set(before[-1:] + after[:1])
    if words & {"next", "prochain", "prochaine"}:
        return "next"
    if words & {"last", "dernier", "derniere"}:
        return "last"
    return ""


def _event(para: Para, pos: int) -> str | None:
    """The event named in the sentence of ``pos``, nearest to it."""
    s0, s1 = para.sentence_at(pos)
    toks = para.words(s0, s1)
    found: list[tuple[int, str]] = []
    for i, tok in enumerate(toks):
        w = tok.low
        if tok.cap and w in _EVENT_HEADS_EN:
            j = i
            while j > 0 and _cap_or_link(toks, j - 1):
                j -= 1
            while j < i and toks[j].low in _EVENT_LEAD:
                j += 1
            k = i + 1
            if k + 1 < len(toks) and toks[k].low in ("on", "of", "for"):
                m = k + 1
                while m < len(toks) and (
                    (toks[m].is_word and toks[m].cap and not _is_day_word(toks[m]))
                    or (
                        toks[m].low in ("and", "of", "the")
                        and m + 1 < len(toks)
                        and toks[m + 1].cap
                    )
                ):
                    m += 1
                if m > k + 1:
                    k = m
            if j < i or k > i + 1:
                found.append((tok.start, para.text[toks[j].start : toks[k - 1].end]))
        elif tok.cap and w in _EVENT_HEADS_FR and para.lang == "fr":
            k = i + 1
            while k < len(toks) and (
                (toks[k].is_word and toks[k].cap)
                or toks[k].low in ("de", "du", "des", "d'", "l'", "la")
            ):
                k += 1
            while k > i + 1 and toks[k - 1].low in ("de", "du", "des", "d'", "l'", "la"):
                k -= 1
            if k > i + 1:
                found.append((tok.start, para.text[tok.start : toks[k - 1].end]))
    if not found:
        for i, tok in enumerate(toks):
            w = tok.low
            if (
                w in _EVENT_NOUNS
                and i
                and toks[i - 1].low
                in (
                    "the",
                    "a",
                    "an",
                    "le",
                    "la",
                    "l'",
                    "un",
                    "une",
                    "this",
                    "ce",
                    "cette",
                )
            ):
                found.append((tok.start, tok.text))
    if not found:
        return None
    return min(found, key=lambda f: abs(f[0] - pos))[1]


_EVENT_LEAD = frozenset(
    "of on and the for welcome welcoming celebrate celebrating mark marking attend attending "
    "chair chairing open opening launch launching host hosting at during".split()
)


def _is_day_word(tok: Tok) -> bool:
    w = tok.low
    return w in FOLDED_MONTHS or w in FOLDED_WEEKDAYS


def _cap_or_link(toks: list[Tok], k: int) -> bool:
    tok = toks[k]
    if tok.is_word and tok.cap and not tok.low.isdigit():
        return True
    return (
        tok.low in ("of", "on", "and", "for") and k > 0 and toks[k - 1].is_word and toks[k - 1].cap
    )


def extract(ctx: DocContext) -> list[Fact]:
    """Date facts of the article, resolved against its date."""
    facts: list[Fact] = []
    for para in ctx.paras:
        found: list[tuple[int, int, dict[str, object]]] = []
        quantities = para.quantities()
        dates = [q for q in quantities if q.kind == "date"]
        weekdays = [q for q in quantities if q.kind == "weekday"]
        used_weekdays: set[int] = set()
        by_span: dict[tuple[int, int], list[Quantity]] = {}
        for q in dates:
            by_span.setdefault((q.start, q.end), []).append(q)
        for (start, end), qs in sorted(by_span.items()):
            year_m = _YEAR_AFTER.match(para.low, end)
            days: list[dt.date] = []
            for q in qs:
                assert q.month is not None
                if year_m:
                    try:
                        days.append(dt.date(int(year_m.group(1)), q.month, int(q.value)))
                    except ValueError:
                        continue
                else:
                    d = _nearest_year(ctx, q.month, int(q.value))
                    if d is not None:
                        days.append(d)
            if not days:
                continue
            if year_m:
                end = year_m.end()
            fields: dict[str, object] = {
                "date": _iso(days[0]),
                "end": _iso(days[-1]) if len(days) > 1 else None,
                "precision": "day",
                "resolved_by": "explicit",
            }
            # "mercredi 20 novembre", "Wednesday, November 20"
            for w in weekdays:
                gap = para.low[w.end : start]
                if w.end <= start and len(gap) <= 3 and not gap.strip(" ,("):
                    used_weekdays.add(w.start)
                    if int(w.value) != days[0].weekday():
                        fields["weekday_mismatch"] = True
                    start = w.start
            found.append((start, end, fields))
        for w in weekdays:
            if w.start in used_weekdays or ctx.ref is None:
                continue
            day = resolve_weekday(ctx.ref, int(w.value), _tense(para, w.start), _hint(para, w))
            found.append(
                (
                    w.start,
                    w.end,
                    {"date": _iso(day), "end": None, "precision": "day", "resolved_by": "weekday"},
                )
            )
        low = para.low
        runs = para.letter_runs()
        has_month = (
            not runs.isdisjoint(_MONTH_NAMES) and _MONTH_WORD.search(low, 0, para.limit) is not None
        )
        for m in _MONTH_YEAR.finditer(para.low, 0, para.limit) if has_month else ():
            if any(s <= m.start() < e for s, e, _ in found):
                continue
            if re.search(r"\d\s*$", para.low[max(0, m.start() - 4) : m.start()]):
                continue
            month = FOLDED_MONTHS[m.group(1)]
            found.append(
                (
                    m.start(),
                    m.end(),
                    {
                        "date": f"{int(m.group(2)):04d}-{month:02d}",
                        "end": None,
                        "precision": "month",
                        "resolved_by": "explicit",
                    },
                )
            )
        month_relative = has_month and not runs.isdisjoint(_MONTH_RELATIVE_RUNS)
        for m in _MONTH_RELATIVE.finditer(para.low, 0, para.limit) if month_relative else ():
            if ctx.ref is None or any(s <= m.start() < e for s, e, _ in found):
                continue
            word = m.group(1) or m.group(4)
            month = FOLDED_MONTHS[m.group(2) or m.group(3)]
            year = ctx.ref.year
            if word in ("last", "dernier") and month >= ctx.ref.month:
                year -= 1
            elif word in ("next", "prochain") and month <= ctx.ref.month:
                year += 1
            found.append(
                (
                    m.start(),
                    m.end(),
                    {
                        "date": f"{year:04d}-{month:02d}",
                        "end": None,
                        "precision": "month",
                        "resolved_by": "relative",
                    },
                )
            )
        quoted: list[tuple[int, int]] | None = None
        relative = ctx.ref is not None and (
            not runs.isdisjoint(_RELATIVE_RUNS) or any(p in low for p in _RELATIVE_PHRASES)
        )
        for m in _RELATIVE.finditer(low, 0, para.limit) if relative else ():
            if ctx.ref is None:
                break
            if quoted is None:
                quoted = _quoted_spans(para)
            if any(s <= m.start() < e for s, e in quoted):
                continue  # "Today we have …" in a quote: the speaker's now, not a date
            if m.group(1):
                day = ctx.ref + dt.timedelta(days=_RELATIVE_DAYS[m.group(1)])
                start = m.start(1)
            else:
                previous = [
                    f for f in facts if f.get("precision") == "day" and f.get("end") is None
                ]
                earlier = [
                    f
                    for s, _e, f in sorted(found, key=lambda x: x[0])
                    if s < m.start() and f["precision"] == "day" and f["end"] is None
                ]
                if earlier:
                    day = dt.date.fromisoformat(str(earlier[-1]["date"]))
                elif previous:
                    day = dt.date.fromisoformat(str(previous[-1].get("date")))
                else:
                    day = ctx.ref
                start = m.start(2)
            found.append(
                (
                    start,
                    m.end(),
                    {"date": _iso(day), "end": None, "precision": "day", "resolved_by": "relative"},
                )
            )
        for start, end, fields in sorted(found, key=lambda f: f[0]):
            fields["event"] = _event(para, start)
            facts.append(make_fact("date", para, start, end, fields))
    return facts
