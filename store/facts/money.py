"""Rules for ``money`` facts (EN, FR): an amount in a currency and what it measures.

Amounts come from :mod:`store.numbers` ("US$118 billion", "$6.64 billion",
"6,64 milliards de dollars", "VND1.5 trillion", "€5m"); the measure from
:mod:`store.facts.measures`. Wire copy also writes amounts the number reader
leaves as plain figures; these rules make them amounts:

* a sign set apart or a currency in words: "US$ 2.24 billion", "316.73 billion
  U.S. Dollars", "5 milliards de dollars américains";
* a currency stated once for a list, and amounts of a flow in that currency
  ("dont 22,3 milliards d'exportations"): "12,5 milliards de dollars (+34%), devant
  l'UE (9,6 milliards, +14%) et le Japon (4,9 milliards)", "(2,3 milliards)" —
  a scaled figure ("milliards", "billion") with no noun of its own after an amount
  in the same sentence, or in brackets after one in the paragraph;
* a range or a pair: "13 à 14 milliards de dollars", "1,345 et 1,340 milliard de
  dollars", "$5-7 billion" (the first figure takes the second's scale and currency);
* one written out: "plus d'un milliard de dollars", "one billion USD".

Fields: ``amount`` (in units: 6.64e9), ``currency`` (ISO code), ``measure``
(or None), ``year`` (stated in the sentence, or None), ``qualifier``
("nearly", "plus de" …, or None).
"""

from __future__ import annotations

import re

from newsdesk.store.facts.common import DocContext, Para, make_fact, qualifier_before
from newsdesk.store.facts.measures import measure_near, stated_year
from newsdesk.store.facts.model import Fact
from newsdesk.store.numbers import Quantity, parse_number

__all__ = ["extract"]

_SIGN_BEFORE = re.compile(r"(US\$|\$|USD|VND|€|EUR)\s+$")
_SIGN_CODES = {"US$": "USD", "$": "USD", "USD": "USD", "VND": "VND", "€": "EUR", "EUR": "EUR"}
_WORDS_AFTER = re.compile(
    r"\s*(?:(u\.?\s?s\.?\s+dollars?|us\s+dollars?|usd|dollars?(?:\s+americains)?"
    r"|de\s+dollars(?:\s+americains)?|d'euros|euros?|de\s+dongs|dongs?|vnd))\b"
)
_SCALE_WORDS = re.compile(r"\b(?:milliards?|millions?|billions?|trillions?|bn|mn)\b")
_RANGE = re.compile(r"\s*(?:a|et|to|and|-|–)\s*$")
_WRITTEN = re.compile(
    r"(?:\b|(?<=['’]))(?:un|one|a)\s+(milliard|billion|million)\s+(de\s+dollars|d'euros|dollars|usd|us\s+dollars)"
    r"\b"
)
_WRITTEN_SCALE = {"milliard": 1e9, "billion": 1e9, "million": 1e6}
# "plus d'un milliard": a hedge elided onto a written-out amount.
_ELIDED_HEDGE = re.compile(r"\b(?:plus|moins|pres|autour)\s+d['’]$")
# Money flows named after an amount whose currency the sentence gave before.
_FLOW_AFTER = re.compile(
    r"\s+(?:d'|de\s+|of\s+|in\s+)(?:exportations?|importations?|investissements?|recettes?"
    r"|revenus?|echanges|exports?|imports?|investments?|revenues?|sales|ventes)\b"
)
# A figure of a population or a number of things, not of the list's currency.
_COUNTED_BEFORE = re.compile(
    r"\b(?:population|number|nombre|total\s+de\s+\w+)\s+(?:of|de|d')?\s*(?:\S+\s+){0,3}$"
)
# Words that may follow a list's amount: punctuation aside, linking and comparison words.
_LIST_FOLLOWERS = frozenset(
    "et and ou or soit en in pour for contre vers a au to from de du des par by with avec "
    "respectivement respectively while tandis".split()
)


def _fact(
    ctx: DocContext,
    para: Para,
    start: int,
    end: int,
    amount: float,
    unit: str,
    measure: str | None = None,
) -> Fact:
    qual = qualifier_before(para, start)
    elided = _ELIDED_HEDGE.search(para.low, max(0, start - 12), start)
    if qual is None and elided:
        qual = (elided.start(), para.text[elided.start() : start])
    return make_fact(
        "money",
        para,
        qual[0] if qual else start,
        end,
        dict(
            amount=amount,
            currency=unit,
            measure=measure or measure_near(para, start, end),
            year=stated_year(para, start, ctx.year),
            qualifier=qual[1] if qual else None,
        ),
    )


def _scale(q: Quantity, lang: str) -> float | None:
    """The scale a figure was written with ("9,6 milliards" → 1e9), or None."""
    text = q.text
    if "illi" not in text and "bn" not in text and "mn" not in text:
        return None  # no "million", "milliard", "billion", "trillion", "bn" or "mn"
    if not _SCALE_WORDS.search(text.lower()):
        return None
    head = parse_number(q.text.split()[0], lang)
    if not head:
        return None
    return q.value / head


def _no_noun_after(para: Para, pos: int) -> bool:
    toks = para.words(pos, min(para.limit, pos + 30))
    if not toks or not toks[0].is_word:
        return True
    return toks[0].low in _LIST_FOLLOWERS and not (
        toks[0].low in ("de", "d'", "of") and len(toks) > 1 and toks[1].is_word
    )


def extract(ctx: DocContext) -> list[Fact]:
    """Money facts of the article."""
    facts: list[Fact] = []
    for para in ctx.paras:
        quantities = para.quantities()
        for i, q in enumerate(quantities):
            if q.kind != "money":
                continue
            end, amount = q.end, q.value
            nxt = quantities[i + 1] if i + 1 < len(quantities) else None
            if (
                nxt is not None
                and nxt.kind == "number"
                and not _SCALE_WORDS.search(q.text.lower())
                and re.fullmatch(r"\s*(?:-|–|to)\s*", para.low[q.end : nxt.start])
            ):
                scale = _scale(nxt, para.lang)
                if scale:  # "$5-7 billion"
                    end, amount = nxt.end, round(q.value * scale, 2)
            facts.append(_fact(ctx, para, q.start, end, amount, str(q.unit)))
        facts.extend(_plain_amounts(ctx, para, quantities))
    return facts


def _plain_amounts(ctx: DocContext, para: Para, quantities: list[Quantity]) -> list[Fact]:
    """Amounts :mod:`store.numbers` read as plain figures (see the module docstring)."""
    out: list[Fact] = []
    low = para.low
    if "illi" not in low and "bn" not in low:
        return out  # no "million", "milliard", "billion" or "bn": nothing to read here
    taken = [(q.start, q.end) for q in quantities if q.kind == "money"]
    for i, q in enumerate(quantities):
        if q.kind != "number":
            continue
        nxt = quantities[i + 1] if i + 1 < len(quantities) else None
        # A range or a pair: "13 à 14 milliards de dollars", "$5-7 billion".
        if nxt is not None and nxt.kind == "money" and _RANGE.fullmatch(low, q.end, nxt.start):
            if q.start > 0 and para.text[q.start - 1] == "-":
                continue
            scale = _money_scale(nxt, para.lang)
            if scale:
                amount = round(q.value * scale, 2)
                out.append(_fact(ctx, para, q.start, nxt.end, amount, str(nxt.unit)))
                continue
        scale = _scale(q, para.lang)
        if scale is None:
            continue
        sign = _SIGN_BEFORE.search(para.text, max(0, q.start - 6), q.start)
        if sign:
            unit = _SIGN_CODES[sign.group(1)]
            out.append(_fact(ctx, para, sign.start(), q.end, q.value, unit))
            taken.append((sign.start(), q.end))
            continue
        words = _WORDS_AFTER.match(low, q.end)
        if words:
            name = words.group(1)
            unit = "VND" if "dong" in name or "vnd" in name else "EUR" if "euro" in name else "USD"
            out.append(_fact(ctx, para, q.start, words.end(), q.value, unit))
            taken.append((q.start, words.end()))
            continue
        listed = _list_currency(para, quantities, i)
        if listed is None or _COUNTED_BEFORE.search(low, max(0, q.start - 40), q.start):
            continue
        flow = _FLOW_AFTER.match(low, q.end)
        if flow:  # "22,3 milliards d'exportations": an amount of exports, not a count
            noun = para.text[flow.end() - len(flow.group().split()[-1]) : flow.end()]
            noun = noun.split("'")[-1].split("’")[-1]
            out.append(_fact(ctx, para, q.start, flow.end(), q.value, listed, noun))
        elif _no_noun_after(para, q.end):
            out.append(_fact(ctx, para, q.start, q.end, q.value, listed))
    # Every written amount holds "illi" (million, milliard, billion) and a currency named
    # by "dollar", "d'euros" or "usd": cheap tests first.
    written = "illi" in low and ("dollar" in low or "d'euros" in low or "usd" in low)
    for m in _WRITTEN.finditer(low, 0, para.limit) if written else ():
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        unit = "EUR" if "euro" in m.group(2) else "USD"
        out.append(_fact(ctx, para, m.start(), m.end(), _WRITTEN_SCALE[m.group(1)], unit))
    return out


def _money_scale(q: Quantity, lang: str) -> float | None:
    words = q.text.split()
    digits = next((w for w in words if w[:1].isdigit()), None)
    if digits is None:
        return None
    head = parse_number(digits.lstrip("$€"), lang)
    return q.value / head if head else None


def _list_currency(para: Para, quantities: list[Quantity], i: int) -> str | None:
    """The currency of the list a scaled figure belongs to: an amount before it in its
    sentence, or an amount before the bracket it stands in ("(2,3 milliards)")."""
    q = quantities[i]
    s0, _ = para.sentence_at(q.start)
    in_brackets = para.text[max(0, q.start - 2) : q.start].strip().endswith("(")
    lo = 0 if in_brackets else s0
    for prev in reversed(quantities[:i]):
        if prev.start < lo:
            break
        if prev.kind == "money" and _SCALE_WORDS.search(prev.text.lower()):
            return str(prev.unit)
        if prev.kind == "number" and not _SCALE_WORDS.search(prev.text.lower()):
            return None  # another kind of figure stands between
    return None
