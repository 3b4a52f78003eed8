"""Data derived from the articles, brought up to date after every ingest.

Two kinds of work:

* ``ARTICLE_STAGES`` depend on one article alone (its facts, its pairing
  features, its cut into search passages). Ingest runs them
  beside the parser, in worker processes on a large ingest (store.parallel),
  and hands their results to the corpus stages as ``prepared``.
* ``STAGES`` (translation pairs, facts storage, search index) look at the
  whole corpus; ``update_derived`` runs them in order inside the ingest's batch.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from store.progress import ProgressCallback, report_step

if TYPE_CHECKING:
    from store.db import Store
    from store.records import Article

__all__ = ["ARTICLE_STAGES", "STAGES", "Prepared", "prepare_article", "update_derived"]

#: stage name → {article id → what that stage prepared for the article}
Prepared = Mapping[str, Mapping[str, Any]]
Stage = Callable[["Store", list[str], Prepared], None]


def _facts_row(article: Article) -> Any:
    from store.facts.storage import facts_row

    return facts_row(article)


def _pair_features(article: Article) -> Any:
    from store.align.pairing import pair_features

    return pair_features(article)


def _search_cut(article: Article) -> Any:
    from store.search.index import cut_article

    return cut_article(article)


#: Per-article work, run where the article is parsed (in parallel on a large ingest).
ARTICLE_STAGES: dict[str, Callable[[Article], Any]] = {
    "facts": _facts_row,
    "pairing": _pair_features,
    "search": _search_cut,
}


def prepare_article(article: Article) -> dict[str, Any]:
    """Every per-article stage's result for ``article``."""
    return {name: stage(article) for name, stage in ARTICLE_STAGES.items()}


def _translation_pairs(store: Store, changed_ids: list[str], prepared: Prepared) -> None:
    """Pair translations and keep each article's ``pair`` field current (store.align)."""
    from store.align.storage import pairing_stage

    pairing_stage(store, changed_ids, prepared.get("pairing"))


def _facts(store: Store, changed_ids: list[str], prepared: Prepared) -> None:
    """Store the facts of the changed articles in the ``facts`` table (store.facts)."""
    from store.facts.storage import facts_stage

    facts_stage(store, changed_ids, prepared.get("facts"))


def _search_index(store: Store, changed_ids: list[str], prepared: Prepared) -> None:
    """Rebuild and save the search index (store.search); runs last, after any rewrite."""
    from store.search.index import update_search_index

    update_search_index(store, changed_ids, prepared.get("search"))


#: Each corpus stage with what an ingest's progress calls it, in the order they run.
STAGES: list[tuple[str, Stage]] = [
    ("pairing translations", _translation_pairs),
    ("storing facts", _facts),
    ("indexing for search", _search_index),
]


def update_derived(
    store: Store,
    changed_ids: list[str],
    prepared: Prepared | None = None,
    progress: ProgressCallback | None = None,
) -> None:
    """Run every corpus stage for the articles whose ids changed."""
    for step, stage in STAGES:
        report_step(progress, step)
        stage(store, changed_ids, prepared or {})
