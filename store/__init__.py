"""newsdesk's non-UI core: parsing, the TinyDB store, search, alignment, facts.

This package never imports Textual. Its public API is re-exported here; names
load lazily so that ``import store`` stays cheap for a fast app start.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from store.align import Comparison, Pair, align_articles, alignment_for, compare
    from store.catalog import Listing, read_catalog, read_listing
    from store.db import SCHEMA_VERSION, Store, default_db_path
    from store.errors import (
        AmbiguousId,
        DatabaseError,
        NewsdeskError,
        QueryError,
        SkipFile,
        UnknownId,
    )
    from store.facts import Fact, Ledger, corpus_ledger, load_facts, people
    from store.gcpause import freeze_heap, paused_gc, thaw_heap
    from store.ingest import IngestReport, Skipped
    from store.numbers import Quantity, extract_quantities
    from store.parse import parse_bytes, parse_file, parse_text
    from store.records import Article, ArticleSummary, Paragraph
    from store.search import Hit, SearchResult, load_index, parse_query
    from store.seeds import seed_paths

_EXPORTS = {
    "Fact": "store.facts",
    "Ledger": "store.facts",
    "corpus_ledger": "store.facts",
    "load_facts": "store.facts",
    "people": "store.facts",
    "freeze_heap": "store.gcpause",
    "paused_gc": "store.gcpause",
    "thaw_heap": "store.gcpause",
    "Comparison": "store.align",
    "Pair": "store.align",
    "align_articles": "store.align",
    "alignment_for": "store.align",
    "compare": "store.align",
    "Quantity": "store.numbers",
    "extract_quantities": "store.numbers",
    "Listing": "store.catalog",
    "read_catalog": "store.catalog",
    "read_listing": "store.catalog",
    "SCHEMA_VERSION": "store.db",
    "Store": "store.db",
    "default_db_path": "store.db",
    "AmbiguousId": "store.errors",
    "DatabaseError": "store.errors",
    "NewsdeskError": "store.errors",
    "QueryError": "store.errors",
    "SkipFile": "store.errors",
    "UnknownId": "store.errors",
    "IngestReport": "store.ingest",
    "Skipped": "store.ingest",
    "parse_bytes": "store.parse",
    "parse_file": "store.parse",
    "parse_text": "store.parse",
    "Article": "store.records",
    "ArticleSummary": "store.records",
    "Paragraph": "store.records",
    "Hit": "store.search",
    "SearchResult": "store.search",
    "load_index": "store.search",
    "parse_query": "store.search",
    "seed_paths": "store.seeds",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'store' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
