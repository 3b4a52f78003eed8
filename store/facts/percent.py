"""Rules for ``percent`` facts (EN, FR): a percentage, and whether it is a rise or fall.

Figures come from :mod:`store.numbers` ("9.9 per cent", "23%", "9,9 %",
"9,9 pour cent"). A rise or fall is a direction word just before: "up 9.9
per cent", "increasing by 23 per cent", "fell 3%", "en hausse de 9,9 %",
"une baisse de 2 %". Inside brackets after an amount ("$6.64 billion (up 9.9
per cent)") the percent measures what the amount measures.

Fields: ``value``, ``change`` (signed value for a rise or fall, else None),
``points`` (True for percentage points), ``measure`` (or None), ``year``.
"""

from __future__ import annotations

import re

from newsdesk.store.facts.common import DocContext, make_fact, qualifier_before
from newsdesk.store.facts.measures import measure_near, stated_year
from newsdesk.store.facts.model import Fact

__all__ = ["extract"]

_UP = re.compile(
    r"\b(?:up|rising|rose|risen|rises|increas(?:ed|ing|es|e)(?: by| of)?|grew|"
    r"grow(?:ing|s)?(?: by)?|"
    r"growth of|gain(?:ed|ing|s)?|jump(?:ed|ing|s)?|climb(?:ed|ing|s)?|surg(?:ed|ing|es)|"
    r"soar(?:ed|ing|s)|expand(?:ed|ing|s)?(?: by)?|hausse de|en hausse de|progression de|"
    r"growth(?: \w+){0,3} of|croissance(?: \w+){0,3} de|croissance(?: \w+){0,2} d'\w+ de|"
    r"augmentation de|croissance de|a augmente de|a progresse de|a crû de|a cru de|"
    r"bond de|progresse de|augmente de)\s+(?:by\s+|de\s+)?$"
)
_DOWN = re.compile(
    r"\b(?:down|falling|fell|fallen|falls|declin(?:ed|ing|es|e)(?: by| of)?|decreas(?:ed|ing|es|e)"
    r"(?: by| of)?|dropp(?:ed|ing)|drops?|slipp(?:ed|ing)|shr(?:ank|unk|inking)(?: by)?|"
    r"contract(?:ed|ing)(?: by)?|lost|losing|baisse de|en baisse de|recul de|diminution de|"
    r"a diminue de|a baisse de|a recule de|chute de|repli de)\s+(?:by\s+|de\s+)?$"
)


_AFTER = re.compile(r"[^.;]{0,30}\b(?:after|apres|against|contre|versus|vs|from)\s+$")


def extract(ctx: DocContext) -> list[Fact]:
    """Percent facts of the article."""
    facts: list[Fact] = []
    for para in ctx.paras:
        amounts = list(ctx.of_kind("money", para.n))
        for q in para.quantities():
            if q.kind != "percent":
                continue
            before = para.low[max(0, q.start - 40) : q.start]
            sign = 1 if _UP.search(before) else -1 if _DOWN.search(before) else 0
            previous = [f for f in facts if f.para == para.n and f.end <= q.start]
            if not sign and previous and _AFTER.match(para.low, previous[-1].end, q.start):
                # "8 % …, après 7,09 % en 2024": the earlier value of the same change
                change = previous[-1].get("change")
                sign = (1 if change > 0 else -1) if change else 0
            qual = qualifier_before(para, q.start)
            start = qual[0] if qual else q.start
            measure = None
            opening = para.low.rfind("(", 0, q.start)
            if opening != -1 and ")" not in para.low[opening : q.start]:
                owner = [f for f in amounts if f.end <= opening and opening - f.end <= 3]
                if owner:
                    measure = owner[-1].get("measure")
            if measure is None:
                measure = measure_near(para, q.start, q.end)
            facts.append(
                make_fact(
                    "percent",
                    para,
                    start,
                    q.end,
                    dict(
                        value=q.value,
                        change=sign * q.value if sign else None,
                        points="point" in para.low[q.start : q.end],
                        measure=measure,
                        year=stated_year(para, q.start, ctx.year),
                        qualifier=qual[1] if qual else None,
                    ),
                )
            )
    return facts
