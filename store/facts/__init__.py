"""Facts stated in the articles: extraction rules (EN, FR), people, the ledger, storage.

Organised like Duckling: one module per kind (``ranking``, ``money``,
``percent``, ``count``, ``date``, ``person``, ``organization``, ``quote``),
each with its rules for English and French; their must-parse / must-not-parse
corpora are ``tests/test_facts_<kind>.py``.

Public API:

* :func:`extract_article` — every fact of one article;
* :func:`load_facts` / :func:`facts_for` — the stored facts of the corpus or
  one article (extracted on first use), with canonical person names;
* :func:`article_facts` — one article's facts at once, before the corpus's are read;
* :func:`people` — every person with roles and mentions;
* :func:`build_ledger` / :func:`corpus_ledger` — groups, conflicts and
  translation discrepancies;
* :func:`quotes_by` — quotes whose speaker matches a name, accent-insensitive.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsdesk.store.facts.extract import extract_article
from newsdesk.store.facts.ledger import (
    Discrepancy,
    Group,
    Ledger,
    Point,
    build_ledger,
    fact_value,
    ranking_series,
)
from newsdesk.store.facts.model import KINDS, Fact, FactKind
from newsdesk.store.facts.names import name_key
from newsdesk.store.facts.people import Person, canonicalise, people
from newsdesk.store.facts.storage import (
    FACTS_TABLE,
    article_facts,
    ensure_facts,
    facts_stage,
    load_facts,
)

if TYPE_CHECKING:
    from newsdesk.store.db import Store

__all__ = [
    "FACTS_TABLE",
    "KINDS",
    "Discrepancy",
    "Fact",
    "FactKind",
    "Group",
    "Ledger",
    "Person",
    "Point",
    "article_facts",
    "build_ledger",
    "canonicalise",
    "corpus_ledger",
    "ensure_facts",
    "extract_article",
    "fact_value",
    "facts_for",
    "facts_stage",
    "load_facts",
    "people",
    "quotes_by",
    "ranking_series",
]


def facts_for(store: Store, doc_id: str) -> list[Fact]:
    """The facts of one article (stored, canonical names), in text order."""
    return load_facts(store, doc=doc_id)


def corpus_ledger(store: Store) -> Ledger:
    """The ledger of the whole store, with discrepancies for its translation pairs."""
    pairs = {s.id: s.pair for s in store.summaries() if s.pair}
    return build_ledger(load_facts(store), pairs)


def quotes_by(facts: list[Fact], name: str) -> list[Fact]:
    """Quotes whose speaker's name contains ``name`` (accents and case ignored)."""
    wanted = name_key(name)
    if not wanted:
        return []
    return [
        f
        for f in facts
        if f.kind == "quote"
        and f.get("speaker")
        and (wanted in name_key(str(f.get("speaker"))) or wanted == f.get("speaker_key"))
    ]
