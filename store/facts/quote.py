"""Rules for ``quote`` facts (EN, FR): quoted words and who said them.

Quotation marks: “…”, "…", « … » (and a straight mark closed by a curly one).
Not quotes: a name or title in quotation marks (after "theme", "titled",
"article", "le thème", "intitulé" …), a title-case phrase, and a term of one
or two words with no attribution ("the "dual goal"").

The speaker, in order of preference:

1. an attribution right after the quote: `…," he stressed`, `…", said Bình`,
   `…", as President Ho Chi Minh taught`, `…», a-t-il déclaré`;
2. the subject of the last speech verb before the quote in its sentence:
   `Prime Minister Chính emphasised that "…"`, `said Bình, adding: "…"`;
3. the speaker of the quote just before, when this one only continues it;
4. otherwise null.

A pronoun ("he", "il") is the person mentioned last before it; a role
("the Prime Minister") is the person of the article holding that role.

Fields: ``quote`` (the words), ``speaker`` (canonical name or None),
``speaker_key``, ``attribution`` (the words naming the speaker, or None).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsdesk.store.facts.common import DocContext, Mention, Para, Tok, make_fact
from newsdesk.store.facts.model import Fact
from newsdesk.store.facts.speech import SPEECH
from newsdesk.store.text import fold as fold_word

__all__ = ["extract", "find_quotes"]

_OPEN = frozenset("\u201c\u00ab\u201e")
_CLOSE = frozenset("\u201d\u00bb")
_NAMING = frozenset(
    """
theme themed title titled entitled dubbed named slogan motto article book programme program
campaign initiative movement song film report headline banner poster theme: theme,
theme intitule intitulee baptise baptisee slogan devise campagne mouvement livre ouvrage
rapport titre article
""".split()
)
_WINDOW = 10
# A quoted term shorter than this, with nobody said to have said it, is not a quote.
_TERM_WORDS = 5


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """Quotation marks at ``open_at``/``close_at`` and the inner words' span."""

    open_at: int
    close_at: int
    start: int
    end: int


_MARK_CHARS = '\u201c\u201d\u00ab\u00bb\u201e"'  # quotation marks (none special in [])
_MARKS = re.compile(f"[{_MARK_CHARS}]")


def find_quotes(para: Para) -> list[QuoteSpan]:
    """Every pair of quotation marks in the paragraph, in order."""
    text, limit = para.text, para.limit
    if not any(ch in text for ch in _MARK_CHARS):
        return []  # no mark for _MARKS to find: a few substring tests beat its scan
    spans: list[QuoteSpan] = []
    open_at: int | None = None
    for mark in _MARKS.finditer(text, 0, limit):
        i = mark.start()
        ch = text[i]
        if ch in _OPEN:
            open_at = i
        elif ch in _CLOSE or ch == '"':
            if ch == '"' and open_at is None:
                open_at = i
                continue
            if open_at is not None:
                spans.append(_inner(text, open_at, i))
                open_at = None
    if open_at is not None and limit - open_at > 1:
        # A quote running on to the paragraph's end (continued in the next one).
        spans.append(_inner(text, open_at, limit))
    return [s for s in spans if s.end > s.start]


def _inner(text: str, open_at: int, close_at: int) -> QuoteSpan:
    start, end = open_at + 1, close_at
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return QuoteSpan(open_at, close_at, start, end)


def _low_words(toks: list[Tok]) -> list[str]:
    return [t.low for t in toks if t.is_word]


def _is_name_or_title(para: Para, q: QuoteSpan) -> bool:
    s0, _ = para.sentence_at(q.open_at)
    before = _low_words(para.words(s0, q.open_at))[-_WINDOW:]
    for i in range(len(before) - 1, -1, -1):
        if before[i] in SPEECH[para.lang] or before[i] == "that":
            break
        if before[i] in _NAMING:
            return True
    words = [t.text for t in para.words(q.start, q.end) if t.is_word]
    long_words = [w for w in words if len(w) > 3]
    if len(long_words) >= 2:
        caps = sum(1 for w in long_words if w[0].isupper())
        if caps / len(long_words) >= 0.8:
            return True
    return False


def _mentions_in(ctx: DocContext, para: int, start: int, end: int) -> list[Mention]:
    return [m for m in ctx.mentions if m.para == para and start <= m.start and m.end <= end]


def _in_quotes(m: Mention, quotes: list[QuoteSpan]) -> bool:
    return any(q.open_at < m.start < q.close_at for q in quotes)


def _resolve(ctx: DocContext, m: Mention, quotes_by_para: dict[int, list[QuoteSpan]]) -> str | None:
    if m.kind != "pronoun":
        return m.key
    for other in reversed(ctx.mentions):
        if (other.para, other.start) >= (m.para, m.start):
            continue
        if other.kind == "pronoun" or other.key is None:
            continue
        if _in_quotes(other, quotes_by_para.get(other.para, [])):
            continue
        return other.key
    return None


def _after(
    ctx: DocContext, para: Para, q: QuoteSpan, stop: int, quotes: list[QuoteSpan]
) -> Mention | None:
    """An attribution right after the quote: `," he said`, `", said Bình`, `as X taught`."""
    toks = para.words(q.close_at + 1, stop)
    words = [t for t in toks if t.is_word]
    verb_at = None
    for i, tok in enumerate(words[:8]):
        if tok.low in SPEECH[para.lang] or tok.low in ("a-t-il", "a-t-elle"):
            verb_at = i
            break
    if verb_at is None:
        # "selon lui", "according to him"
        return None
    verb = words[verb_at]
    found = [m for m in _mentions_in(ctx, para.n, q.close_at, stop) if not _in_quotes(m, quotes)]
    if verb.low in ("a-t-il", "a-t-elle"):
        pron = [m for m in found if m.kind == "pronoun" and m.start == verb.start]
        return pron[0] if pron else None
    before = [m for m in found if m.end <= verb.start]
    after = [m for m in found if m.start >= verb.end and m.start - verb.end <= 40]
    if before:
        return before[-1]
    if after:
        return after[0]
    return None


def _before(ctx: DocContext, para: Para, q: QuoteSpan, quotes: list[QuoteSpan]) -> Mention | None:
    """The subject of the last speech verb before the quote, in its sentence."""
    s0, _ = para.sentence_at(q.open_at)
    toks = [t for t in para.words(s0, q.open_at) if t.is_word]
    toks = [t for t in toks if not any(o.open_at < t.start < o.close_at for o in quotes)]
    for i in range(len(toks) - 1, -1, -1):
        if toks[i].low not in SPEECH[para.lang]:
            continue
        verb = toks[i]
        found = [m for m in _mentions_in(ctx, para.n, s0, q.open_at) if not _in_quotes(m, quotes)]
        right = [m for m in found if m.start >= verb.end and m.start - verb.end <= 40]
        left = [m for m in found if m.end <= verb.start]
        if right and not left:
            return right[0]
        if left:
            return left[-1]
        if right:
            return right[0]
        return None
    return None


def extract(ctx: DocContext) -> list[Fact]:
    """Quote facts of the article (person rules must have filled ``ctx.mentions``)."""
    names = {f.get("key"): f.get("name") for f in ctx.of_kind("person")}
    quotes_by_para = {p.n: find_quotes(p) for p in ctx.paras}
    facts: list[Fact] = []
    last: tuple[int, str | None, int] | None = None  # (para, speaker key, close)
    for para in ctx.paras:
        quotes = quotes_by_para[para.n]
        for idx, q in enumerate(quotes):
            if _is_name_or_title(para, q):
                continue
            nxt = quotes[idx + 1].open_at if idx + 1 < len(quotes) else para.limit
            _, s1 = para.sentence_at(min(q.close_at, para.limit - 1))
            stop = min(nxt, max(s1, min(para.limit, q.close_at + 80)))
            attribution = _after(ctx, para, q, stop, quotes)
            how = "after"
            if attribution is None:
                attribution = _before(ctx, para, q, quotes)
                how = "before"
            n_words = len([t for t in para.words(q.start, q.end) if t.is_word])
            if attribution is None and n_words < _TERM_WORDS:
                continue  # « milliard de dollars »: a term set off, not words said
            if attribution is None and para.kind == "caption":
                continue  # a headline quoted in a photo caption
            key: str | None = None
            said: str | None = None
            if attribution is not None:
                key = _resolve(ctx, attribution, quotes_by_para)
                said = para.text[attribution.start : attribution.end]
            elif last is not None and (
                _continues(para, q, last, quotes) or _same_speaker_again(para, q, last)
            ):
                key, how = last[1], "continued"
            else:
                how = "none"
            facts.append(
                make_fact(
                    "quote",
                    para,
                    q.start,
                    q.end,
                    dict(
                        quote=para.text[q.start : q.end],
                        speaker=names.get(key, key) if key else None,
                        speaker_key=key,
                        attribution=said,
                        resolved_by=how,
                    ),
                )
            )
            last = (para.n, key, q.close_at)
        if not quotes:
            fact = _unmarked(ctx, para, names, quotes_by_para)
            if fact is not None:
                facts.append(fact)
                last = (para.n, fact.get("speaker_key"), fact.end)
    return facts


# Direct speech without quotation marks, as French wire copy often prints it: words in
# the first or second person, then ", a-t-il déclaré" ("Nous avons la responsabilité de
# matérialiser ce rêve, a-t-il indiqué"); in English, "…, he said" after "I"/"we" words.
_INVERTED = re.compile(r",\s+(a-t-(?:il|elle)|he|she)\s+(\w+)")
_FIRST_PERSON = {
    "fr": re.compile(r"\b(?:je|j'|nous|notre|nos|mon|ma|mes|moi|vous|votre|vos)\b"),
    "en": re.compile(r"\b(?:i|we|our|my|me|us)\b"),
}


def _unmarked(
    ctx: DocContext,
    para: Para,
    names: dict[object, object],
    quotes_by_para: dict[int, list[QuoteSpan]],
) -> Fact | None:
    m = _INVERTED.search(para.norm, 0, para.limit)
    if m is None or fold_word(m.group(2)) not in SPEECH[para.lang]:
        return None
    if para.lang == "fr" and not m.group(1).startswith("a-t-"):
        return None
    words = para.low[: m.start()]
    if not _FIRST_PERSON[para.lang].search(words.replace("'", "' ")):
        return None
    start = 0
    while start < m.start() and para.text[start].isspace():
        start += 1
    pron = [
        x for x in ctx.mentions if x.para == para.n and x.kind == "pronoun" and x.start >= m.start()
    ]
    key = _resolve(ctx, pron[0], quotes_by_para) if pron else None
    return make_fact(
        "quote",
        para,
        start,
        m.start(),
        dict(
            quote=para.text[start : m.start()],
            speaker=names.get(key, key) if key else None,
            speaker_key=key,
            attribution=para.text[m.start(1) : m.end(1)],
            resolved_by="unmarked",
        ),
    )


def _same_speaker_again(para: Para, q: QuoteSpan, last: tuple[int, str | None, int]) -> bool:
    """A quote opening its paragraph, one or two paragraphs after a quote whose speaker is
    known, with no other speaker named between: the same person goes on."""
    last_para, key, _ = last
    return key is not None and 0 < para.n - last_para <= 2 and not para.norm[: q.open_at].strip()


def _continues(
    para: Para, q: QuoteSpan, last: tuple[int, str | None, int], quotes: list[QuoteSpan]
) -> bool:
    """True when ``q`` follows the previous quote with nothing but spaces or a new paragraph."""
    last_para, _, close = last
    if last_para == para.n:
        between = para.norm[close + 1 : q.open_at]
        return not between.strip(' .,;:"')
    return last_para == para.n - 1 and not para.norm[: q.open_at].strip()
