"""newsdesk's non-UI core: parsing, the stores (TinyDB, PostgreSQL), search, alignment, facts.

This package never imports Textual. Its public API is re-exported here (``tui``
imports nothing else of ``store``: ``tests/test_boundary.py`` checks it); names
load lazily so that ``import store`` stays cheap for a fast app start.

A few names differ from their module's: ``search_store`` is
:func:`store.search.search` and ``cite_passage`` is :func:`store.cite.cite`
(``store.search`` and ``store.cite`` name modules), ``TMX_MIN_SCORE`` is
:data:`store.tmx.DEFAULT_MIN_SCORE`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# One name a file: a module imported under two names runs twice, with two copies of its state.
if __name__ != "newsdesk.store":
    raise ImportError(f"import newsdesk.store, not {__name__} (the same files, another name)")

if TYPE_CHECKING:
    from store.align import (
        CheckReport as CheckReport,
        Comparison as Comparison,
        Finding as Finding,
        NoPair as NoPair,
        Pair as Pair,
        align_articles as align_articles,
        alignment_for as alignment_for,
        compare as compare,
        stored_pairs as stored_pairs,
    )
    from store.align.check import (
        figure_context as figure_context,
    )
    from store.catalog import (
        Listing as Listing,
        read_catalog as read_catalog,
        read_listing as read_listing,
    )
    from store.changes import (
        ChangeListener as ChangeListener,
    )
    from store.cite import (
        Cited as Cited,
        cite as _cite,
    )
    from store.db import (
        SCHEMA_VERSION as SCHEMA_VERSION,
        Store as Store,
        default_db_path as default_db_path,
    )
    from store.doctor import (
        DoctorReport as DoctorReport,
        check_database as check_database,
        rebuild_derived as rebuild_derived,
        restore_backup as restore_backup,
    )
    from store.errors import (
        AmbiguousId as AmbiguousId,
        DatabaseError as DatabaseError,
        NewsdeskError as NewsdeskError,
        QueryError as QueryError,
        SkipFile as SkipFile,
        UnknownId as UnknownId,
    )
    from store.facts import (
        KINDS as KINDS,
        Discrepancy as Discrepancy,
        Fact as Fact,
        Group as Group,
        Ledger as Ledger,
        Person as Person,
        Point as Point,
        article_facts as article_facts,
        build_ledger as build_ledger,
        corpus_ledger as corpus_ledger,
        fact_value as fact_value,
        facts_for as facts_for,
        load_facts as load_facts,
        people as people,
        ranking_series as ranking_series,
    )
    from store.facts.view import (
        FactsView as FactsView,
        LedgerEntry as LedgerEntry,
        PersonEntry as PersonEntry,
        facts_view as facts_view,
    )
    from store.gcpause import (
        paused_gc as paused_gc,
    )
    from store.ingest import (
        IngestReport as IngestReport,
        Skipped as Skipped,
    )
    from store.numbers import (
        Quantity as Quantity,
        extract_quantities as extract_quantities,
    )
    from store.parse import (
        parse_bytes as parse_bytes,
        parse_file as parse_file,
        parse_text as parse_text,
    )
    from store.records import (
        Article as Article,
        ArticleSummary as ArticleSummary,
        Paragraph as Paragraph,
    )
    from store.search import (
        Hit as Hit,
        Query as Query,
        SearchResult as SearchResult,
        index_from_catalog as index_from_catalog,
        load_index as load_index,
        parse_query as parse_query,
        prepare_search as prepare_search,
        search as _search,
        search_index as search_index,
    )
    from store.seeds import (
        seed_paths as seed_paths,
    )
    from store.storage import (
        write_atomic as write_atomic,
        write_new as write_new,
    )
    from store.target import (
        Target as Target,
        db_target as db_target,
        default_target as default_target,
        open_store as open_store,
        server_status as server_status,
        show_target as show_target,
        target_path as target_path,
    )
    from store.transfer import (
        Copied as Copied,
        copy_archive as copy_archive,
    )
    from store.text import (
        fold as fold,
        visible_controls as visible_controls,
    )
    from store.tmx import (
        DEFAULT_MIN_SCORE as _TMX_MIN_SCORE,
        Unit as Unit,
        pair_units as pair_units,
        source_language as source_language,
        tmx_chunks as tmx_chunks,
    )

    # Renamed: ``store.cite`` and ``store.search`` are modules (`a as b` is not an export).
    cite_passage = _cite
    search_store = _search
    TMX_MIN_SCORE = _TMX_MIN_SCORE

#: public name → (module, name in that module), imported on first use
_EXPORTS: dict[str, tuple[str, str]] = {
    "Discrepancy": ("store.facts", "Discrepancy"),
    "Fact": ("store.facts", "Fact"),
    "Group": ("store.facts", "Group"),
    "KINDS": ("store.facts", "KINDS"),
    "Ledger": ("store.facts", "Ledger"),
    "Person": ("store.facts", "Person"),
    "Point": ("store.facts", "Point"),
    "article_facts": ("store.facts", "article_facts"),
    "build_ledger": ("store.facts", "build_ledger"),
    "corpus_ledger": ("store.facts", "corpus_ledger"),
    "fact_value": ("store.facts", "fact_value"),
    "facts_for": ("store.facts", "facts_for"),
    "load_facts": ("store.facts", "load_facts"),
    "people": ("store.facts", "people"),
    "ranking_series": ("store.facts", "ranking_series"),
    "FactsView": ("store.facts.view", "FactsView"),
    "LedgerEntry": ("store.facts.view", "LedgerEntry"),
    "PersonEntry": ("store.facts.view", "PersonEntry"),
    "facts_view": ("store.facts.view", "facts_view"),
    "paused_gc": ("store.gcpause", "paused_gc"),
    "CheckReport": ("store.align", "CheckReport"),
    "Comparison": ("store.align", "Comparison"),
    "Finding": ("store.align", "Finding"),
    "NoPair": ("store.align", "NoPair"),
    "Pair": ("store.align", "Pair"),
    "align_articles": ("store.align", "align_articles"),
    "alignment_for": ("store.align", "alignment_for"),
    "compare": ("store.align", "compare"),
    "stored_pairs": ("store.align", "stored_pairs"),
    "figure_context": ("store.align.check", "figure_context"),
    "ChangeListener": ("store.changes", "ChangeListener"),
    "Cited": ("store.cite", "Cited"),
    "cite_passage": ("store.cite", "cite"),
    "Quantity": ("store.numbers", "Quantity"),
    "extract_quantities": ("store.numbers", "extract_quantities"),
    "Listing": ("store.catalog", "Listing"),
    "read_catalog": ("store.catalog", "read_catalog"),
    "read_listing": ("store.catalog", "read_listing"),
    "SCHEMA_VERSION": ("store.db", "SCHEMA_VERSION"),
    "Store": ("store.db", "Store"),
    "default_db_path": ("store.db", "default_db_path"),
    "DoctorReport": ("store.doctor", "DoctorReport"),
    "check_database": ("store.doctor", "check_database"),
    "rebuild_derived": ("store.doctor", "rebuild_derived"),
    "restore_backup": ("store.doctor", "restore_backup"),
    "AmbiguousId": ("store.errors", "AmbiguousId"),
    "DatabaseError": ("store.errors", "DatabaseError"),
    "NewsdeskError": ("store.errors", "NewsdeskError"),
    "QueryError": ("store.errors", "QueryError"),
    "SkipFile": ("store.errors", "SkipFile"),
    "UnknownId": ("store.errors", "UnknownId"),
    "IngestReport": ("store.ingest", "IngestReport"),
    "Skipped": ("store.ingest", "Skipped"),
    "parse_bytes": ("store.parse", "parse_bytes"),
    "parse_file": ("store.parse", "parse_file"),
    "parse_text": ("store.parse", "parse_text"),
    "Article": ("store.records", "Article"),
    "ArticleSummary": ("store.records", "ArticleSummary"),
    "Paragraph": ("store.records", "Paragraph"),
    "Hit": ("store.search", "Hit"),
    "Query": ("store.search", "Query"),
    "SearchResult": ("store.search", "SearchResult"),
    "index_from_catalog": ("store.search", "index_from_catalog"),
    "load_index": ("store.search", "load_index"),
    "parse_query": ("store.search", "parse_query"),
    "prepare_search": ("store.search", "prepare_search"),
    "search_store": ("store.search", "search"),
    "search_index": ("store.search", "search_index"),
    "seed_paths": ("store.seeds", "seed_paths"),
    "write_atomic": ("store.storage", "write_atomic"),
    "write_new": ("store.storage", "write_new"),
    "Target": ("store.target", "Target"),
    "db_target": ("store.target", "db_target"),
    "default_target": ("store.target", "default_target"),
    "open_store": ("store.target", "open_store"),
    "server_status": ("store.target", "server_status"),
    "show_target": ("store.target", "show_target"),
    "target_path": ("store.target", "target_path"),
    "Copied": ("store.transfer", "Copied"),
    "copy_archive": ("store.transfer", "copy_archive"),
    "fold": ("store.text", "fold"),
    "visible_controls": ("store.text", "visible_controls"),
    "TMX_MIN_SCORE": ("store.tmx", "DEFAULT_MIN_SCORE"),
    "Unit": ("store.tmx", "Unit"),
    "pair_units": ("store.tmx", "pair_units"),
    "source_language": ("store.tmx", "source_language"),
    "tmx_chunks": ("store.tmx", "tmx_chunks"),
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    target = _EXPORTS.get(name)
    if target is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module, attr = target
    return getattr(importlib.import_module(module), attr)
