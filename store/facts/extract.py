"""Run every kind's rules over an article, in the order their inputs need."""

from __future__ import annotations

from newsdesk.store.facts import count, date, money, organization, percent, person, quote, ranking
from newsdesk.store.facts.common import DocContext, doc_context
from newsdesk.store.facts.model import Fact
from newsdesk.store.records import Article

__all__ = ["extract_article", "extract_context"]

# Rankings, dates and amounts first: counts skip the figures they hold.
# People first among words: quotes resolve speakers to them.
_ORDER = (person, organization, ranking, date, money, percent, count, quote)


def extract_context(ctx: DocContext) -> list[Fact]:
    """All facts of a prepared article (``ctx.facts`` grows as kinds run)."""
    for module in _ORDER:
        ctx.facts.extend(module.extract(ctx))
    return sorted(ctx.facts, key=lambda f: (f.para, f.start, f.kind))


def extract_article(article: Article) -> list[Fact]:
    """Every fact the rules find in ``article``, in text order."""
    return extract_context(doc_context(article))
