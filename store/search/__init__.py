"""Fuzzy search over the sentences and quotations of every article.

``search(store, "query")`` returns a :class:`SearchResult` of :class:`Hit` s;
the query language is described in :mod:`store.search.query`.
"""

from __future__ import annotations

from newsdesk.store.search.engine import Hit, SearchResult, prepare_search, search, search_index
from newsdesk.store.search.index import (
    SearchIndex,
    build_index,
    index_from_catalog,
    load_index,
    update_search_index,
)
from newsdesk.store.search.query import Query, parse_query

__all__ = [
    "Hit",
    "Query",
    "SearchIndex",
    "SearchResult",
    "build_index",
    "index_from_catalog",
    "load_index",
    "parse_query",
    "prepare_search",
    "search",
    "search_index",
    "update_search_index",
]
