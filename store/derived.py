"""Data derived from the articles, brought up to date after every ingest.

Each stage (search index, translation pairs, facts) registers a function in
``STAGES``; ``update_derived`` runs them in order inside the ingest's batch.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from store.db import Store

__all__ = ["STAGES", "update_derived"]

Stage = Callable[["Store", list[str]], None]


def _translation_pairs(store: Store, changed_ids: list[str]) -> None:
    """Pair translations and keep each article's ``pair`` field current (store.align)."""
    from store.align.storage import pairing_stage

    pairing_stage(store, changed_ids)


def _facts(store: Store, changed_ids: list[str]) -> None:
    """Extract the facts of the changed articles into the ``facts`` table (store.facts)."""
    from store.facts.storage import facts_stage

    facts_stage(store, changed_ids)


def _search_index(store: Store, changed_ids: list[str]) -> None:
    """Rebuild and save the search index (store.search); runs last, after any rewrite."""
    from store.search.index import update_search_index

    update_search_index(store, changed_ids)


STAGES: list[Stage] = [_translation_pairs, _facts, _search_index]


def update_derived(store: Store, changed_ids: list[str]) -> None:
    """Run every derived-data stage for the articles whose ids changed."""
    for stage in STAGES:
        stage(store, changed_ids)
