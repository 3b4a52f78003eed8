"""Rules for ``money`` facts (EN, FR): an amount in a currency and what it measures.

Amounts come from :mod:`store.numbers` ("US$118 billion", "$6.64 billion",
"6,64 milliards de dollars", "VND1.5 trillion", "€5m"); the measure from
:mod:`store.facts.measures`.

Fields: ``amount`` (in units: 6.64e9), ``currency`` (ISO code), ``measure``
(or None), ``year`` (stated in the sentence, or None), ``qualifier``
("nearly", "plus de" …, or None).
"""

from __future__ import annotations

from store.facts.common import DocContext, make_fact, qualifier_before
from store.facts.measures import measure_near, stated_year
from store.facts.model import Fact

__all__ = ["extract"]


def extract(ctx: DocContext) -> list[Fact]:
    """Money facts of the article."""
    facts: list[Fact] = []
    for para in ctx.paras:
        for q in para.quantities():
            if q.kind != "money":
                continue
            qual = qualifier_before(para, q.start)
            start = qual[0] if qual else q.start
            facts.append(
                make_fact(
                    "money",
                    para,
                    start,
                    q.end,
                    amount=q.value,
                    currency=q.unit,
                    measure=measure_near(para, q.start, q.end),
                    year=stated_year(para, q.start, ctx.year),
                    qualifier=qual[1] if qual else None,
                )
            )
    return facts
