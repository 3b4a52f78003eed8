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
    from newsdesk.store.align import (
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
    from newsdesk.store.align.check import (
        figure_context as figure_context,
    )
    from newsdesk.store.catalog import (
        Listing as Listing,
        read_catalog as read_catalog,
        read_listing as read_listing,
    )
    from newsdesk.store.changes import (
        ChangeListener as ChangeListener,
    )
    from newsdesk.store.cite import (
        Cited as Cited,
        cite as _cite,
    )
    from newsdesk.store.db import (
        SCHEMA_VERSION as SCHEMA_VERSION,
        Store as Store,
        default_db_path as default_db_path,
    )
    from newsdesk.store.doctor import (
        DoctorReport as DoctorReport,
        check_database as check_database,
        rebuild_derived as rebuild_derived,
        restore_backup as restore_backup,
    )
    from newsdesk.store.errors import (
        AmbiguousId as AmbiguousId,
        DatabaseError as DatabaseError,
        NewsdeskError as NewsdeskError,
        QueryError as QueryError,
        SkipFile as SkipFile,
        UnknownId as UnknownId,
    )
    from newsdesk.store.facts import (
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
    from newsdesk.store.gcpause import (
        freeze_heap as freeze_heap,
        paused_gc as paused_gc,
        thaw_heap as thaw_heap,
    )
    from newsdesk.store.ingest import (
        IngestReport as IngestReport,
        Skipped as Skipped,
    )
    from newsdesk.store.numbers import (
        Quantity as Quantity,
        extract_quantities as extract_quantities,
    )
    from newsdesk.store.parse import (
        parse_bytes as parse_bytes,
        parse_file as parse_file,
        parse_text as parse_text,
    )
    from newsdesk.store.records import (
        Article as Article,
        ArticleSummary as ArticleSummary,
        Paragraph as Paragraph,
    )
    from newsdesk.store.search import (
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
    from newsdesk.store.seeds import (
        seed_paths as seed_paths,
    )
    from newsdesk.store.storage import (
        write_atomic as write_atomic,
        write_new as write_new,
    )
    from newsdesk.store.target import (
        Target as Target,
        db_target as db_target,
        default_target as default_target,
        open_store as open_store,
        server_status as server_status,
        show_target as show_target,
        target_path as target_path,
    )
    from newsdesk.store.transfer import (
        Copied as Copied,
        copy_archive as copy_archive,
    )
    from newsdesk.store.text import (
        fold as fold,
        visible_controls as visible_controls,
    )
    from newsdesk.store.tmx import (
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
    "Discrepancy": ("newsdesk.store.facts", "Discrepancy"),
    "Fact": ("newsdesk.store.facts", "Fact"),
    "Group": ("newsdesk.store.facts", "Group"),
    "KINDS": ("newsdesk.store.facts", "KINDS"),
    "Ledger": ("newsdesk.store.facts", "Ledger"),
    "Person": ("newsdesk.store.facts", "Person"),
    "Point": ("newsdesk.store.facts", "Point"),
    "article_facts": ("newsdesk.store.facts", "article_facts"),
    "build_ledger": ("newsdesk.store.facts", "build_ledger"),
    "corpus_ledger": ("newsdesk.store.facts", "corpus_ledger"),
    "fact_value": ("newsdesk.store.facts", "fact_value"),
    "facts_for": ("newsdesk.store.facts", "facts_for"),
    "load_facts": ("newsdesk.store.facts", "load_facts"),
    "people": ("newsdesk.store.facts", "people"),
    "ranking_series": ("newsdesk.store.facts", "ranking_series"),
    "freeze_heap": ("newsdesk.store.gcpause", "freeze_heap"),
    "paused_gc": ("newsdesk.store.gcpause", "paused_gc"),
    "thaw_heap": ("newsdesk.store.gcpause", "thaw_heap"),
    "CheckReport": ("newsdesk.store.align", "CheckReport"),
    "Comparison": ("newsdesk.store.align", "Comparison"),
    "Finding": ("newsdesk.store.align", "Finding"),
    "NoPair": ("newsdesk.store.align", "NoPair"),
    "Pair": ("newsdesk.store.align", "Pair"),
    "align_articles": ("newsdesk.store.align", "align_articles"),
    "alignment_for": ("newsdesk.store.align", "alignment_for"),
    "compare": ("newsdesk.store.align", "compare"),
    "stored_pairs": ("newsdesk.store.align", "stored_pairs"),
    "figure_context": ("newsdesk.store.align.check", "figure_context"),
    "ChangeListener": ("newsdesk.store.changes", "ChangeListener"),
    "Cited": ("newsdesk.store.cite", "Cited"),
    "cite_passage": ("newsdesk.store.cite", "cite"),
    "Quantity": ("newsdesk.store.numbers", "Quantity"),
    "extract_quantities": ("newsdesk.store.numbers", "extract_quantities"),
    "Listing": ("newsdesk.store.catalog", "Listing"),
    "read_catalog": ("newsdesk.store.catalog", "read_catalog"),
    "read_listing": ("newsdesk.store.catalog", "read_listing"),
    "SCHEMA_VERSION": ("newsdesk.store.db", "SCHEMA_VERSION"),
    "Store": ("newsdesk.store.db", "Store"),
    "default_db_path": ("newsdesk.store.db", "default_db_path"),
    "DoctorReport": ("newsdesk.store.doctor", "DoctorReport"),
    "check_database": ("newsdesk.store.doctor", "check_database"),
    "rebuild_derived": ("newsdesk.store.doctor", "rebuild_derived"),
    "restore_backup": ("newsdesk.store.doctor", "restore_backup"),
    "AmbiguousId": ("newsdesk.store.errors", "AmbiguousId"),
    "DatabaseError": ("newsdesk.store.errors", "DatabaseError"),
    "NewsdeskError": ("newsdesk.store.errors", "NewsdeskError"),
    "QueryError": ("newsdesk.store.errors", "QueryError"),
    "SkipFile": ("newsdesk.store.errors", "SkipFile"),
    "UnknownId": ("newsdesk.store.errors", "UnknownId"),
    "IngestReport": ("newsdesk.store.ingest", "IngestReport"),
    "Skipped": ("newsdesk.store.ingest", "Skipped"),
    "parse_bytes": ("newsdesk.store.parse", "parse_bytes"),
    "parse_file": ("newsdesk.store.parse", "parse_file"),
    "parse_text": ("newsdesk.store.parse", "parse_text"),
    "Article": ("newsdesk.store.records", "Article"),
    "ArticleSummary": ("newsdesk.store.records", "ArticleSummary"),
    "Paragraph": ("newsdesk.store.records", "Paragraph"),
    "Hit": ("newsdesk.store.search", "Hit"),
    "Query": ("newsdesk.store.search", "Query"),
    "SearchResult": ("newsdesk.store.search", "SearchResult"),
    "index_from_catalog": ("newsdesk.store.search", "index_from_catalog"),
    "load_index": ("newsdesk.store.search", "load_index"),
    "parse_query": ("newsdesk.store.search", "parse_query"),
    "prepare_search": ("newsdesk.store.search", "prepare_search"),
    "search_store": ("newsdesk.store.search", "search"),
    "search_index": ("newsdesk.store.search", "search_index"),
    "seed_paths": ("newsdesk.store.seeds", "seed_paths"),
    "write_atomic": ("newsdesk.store.storage", "write_atomic"),
    "write_new": ("newsdesk.store.storage", "write_new"),
    "Target": ("newsdesk.store.target", "Target"),
    "db_target": ("newsdesk.store.target", "db_target"),
    "default_target": ("newsdesk.store.target", "default_target"),
    "open_store": ("newsdesk.store.target", "open_store"),
    "server_status": ("newsdesk.store.target", "server_status"),
    "show_target": ("newsdesk.store.target", "show_target"),
    "target_path": ("newsdesk.store.target", "target_path"),
    "Copied": ("newsdesk.store.transfer", "Copied"),
    "copy_archive": ("newsdesk.store.transfer", "copy_archive"),
    "fold": ("newsdesk.store.text", "fold"),
    "visible_controls": ("newsdesk.store.text", "visible_controls"),
    "TMX_MIN_SCORE": ("newsdesk.store.tmx", "DEFAULT_MIN_SCORE"),
    "Unit": ("newsdesk.store.tmx", "Unit"),
    "pair_units": ("newsdesk.store.tmx", "pair_units"),
    "source_language": ("newsdesk.store.tmx", "source_language"),
    "tmx_chunks": ("newsdesk.store.tmx", "tmx_chunks"),
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    target = _EXPORTS.get(name)
    if target is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module, attr = target
    return getattr(importlib.import_module(module), attr)
