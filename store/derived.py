"""Every piece of data derived from the articles: where it lives, when it is fresh,
how it is built, updated and checked.

An ingest leaves beside the database ``db.json`` (names in :mod:`store.sidecars`):

========================  ==========================================================
``db.catalog``            the article list, for a fast app start (:mod:`store.catalog`)
``db.search``             the search index (:mod:`store.search.index`)
``db.search-delta``       articles indexed since ``db.search`` was written whole
``db.facts``              every article's facts (:mod:`store.facts.storage`)
``db.facts-view``         what the facts pane shows of them, built on first use
                          (:mod:`store.facts.view`)
``db.pairing.json``       every article's pairing features (:mod:`store.align.storage`)
tables ``pairs``,         translation pairs, each article's ``pair`` field, and the
``alignments``            alignments of pairs (:mod:`store.align.storage`)
``db.lock``               not derived data: the write lock (:mod:`store.lock`)
========================  ==========================================================

In a server's archive (store.pg) the facts and the pairing features are rows
(store.pg.rows): an ingest writes those of the articles it added, changed or
removed, and each client keeps its copy of the facts file in its cache folder,
appending the rows written since it last looked.

Each is an :class:`Artifact` in :data:`ARTIFACTS`, which says how it is keyed
and updated. The work comes in three kinds:

* per article (``Artifact.prepare``): run beside the parser, in worker
  processes on a large ingest (store.parallel), by :func:`prepare_article`;
  the results reach the corpus stages as ``prepared`` (:class:`PreparedData`),
  except those an artifact stores as they arrive (``Artifact.store_early``:
  the facts, appended to their file in chunks), which are not held, and
  those an artifact gathers compactly as they arrive (``Artifact.gather``:
  the search cuts, kept as the index's arrays); each stage's data is let go
  as soon as its stage has run;
* per corpus (``Artifact.update``): run in order inside the ingest's batch by
  :func:`update_derived` for the articles added, changed or removed;
* after the database file is written: the catalog, which records the file's
  stamp (:func:`after_write`).

``newsdesk doctor`` runs :data:`CHECKS` and :func:`rebuild`; tests forget
every copy held in memory with :func:`reset_caches`. Every file is written
through :func:`store.storage.write_atomic` and stamped by
:func:`store.storage.file_stamp`.

The storage modules are imported inside the functions below: they load the
extraction rules and numpy, which the app's start does not need.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from newsdesk.store.catalog import catalog_search_key, patch_catalog, write_catalog
from newsdesk.store.findings import Finding
from newsdesk.store.progress import ProgressCallback, report_step
from newsdesk.store.sidecars import (
    CATALOG,
    FACTS,
    FACTS_VIEW,
    PAIRING,
    SEARCH,
    SEARCH_DELTA,
    reset_caches,
    sidecar_of,
)

if TYPE_CHECKING:
    from newsdesk.store.db import Store
    from newsdesk.store.records import Article

__all__ = [
    "ARTICLE_STAGES",
    "ARTIFACTS",
    "CHECKS",
    "STAGES",
    "Artifact",
    "Gatherer",
    "Prepared",
    "PreparedData",
    "after_write",
    "prepare_article",
    "rebuild",
    "reset_caches",
    "update_derived",
    "write_article_list",
]

#: stage name → {article id → what that stage prepared for the article}
Prepared = Mapping[str, Mapping[str, Any]]
#: A corpus stage: the store, the ids added, changed or removed, the prepared data.
Stage = Callable[["Store", list[str], Prepared], None]
#: A doctor check: findings about a read-only store (none when all is in step).
Check = Callable[["Store"], list[Finding]]
#: Stores a chunk of per-article results as they arrive ({article id → result});
#: returns what its corpus stage gets for them instead (a small token each).
StoreEarly = Callable[["Store", dict[str, Any]], dict[str, Any]]


class Gatherer(Protocol):
    """Holds an artifact's per-article results as an ingest prepares them, in a form
    smaller than the results (``Artifact.gather``); its corpus stage reads them back
    by article id."""

    def add(self, doc_id: str, value: Any) -> None: ...


#: Work after the database file was written: the store, whether articles
#: changed (True: build it whole), the ingest's progress.
AfterWrite = Callable[["Store", bool, ProgressCallback | None], None]

_MAX_SHOWN = 5


@dataclass(frozen=True, slots=True)
class Artifact:
    """One piece of derived data and how it is kept."""

    #: What it is, and the name of its per-article stage in ``prepared``.
    name: str
    #: Its files beside the database (names of store.sidecars).
    files: tuple[str, ...]
    #: Its tables inside the database file.
    tables: tuple[str, ...]
    #: What says it is current.
    freshness: str
    #: How added, changed and removed articles reach it.
    updated: str
    #: Its work on one article, run where the article is parsed.
    prepare: Callable[[Article], Any] | None = None
    #: What an ingest's progress calls its corpus stage.
    step: str | None = None
    #: Its corpus stage, run in the ingest's batch (built whole with every id).
    update: Stage | None = None
    #: Its work once the database file is written (it records the file's stamp).
    after_write: AfterWrite | None = None
    #: Its doctor check; ``fail`` for data that does not heal itself, ``warn``
    #: for data rebuilt when it is next needed.
    check: Check | None = None
    #: Its files that exist only at times (the search index's delta, until merged).
    passing: tuple[str, ...] = ()
    #: Stores its per-article results in chunks as an ingest prepares them, so they
    #: are not held until the corpus stages run.
    store_early: StoreEarly | None = None
    #: Makes what gathers its per-article results compactly as an ingest prepares
    #: them; its corpus stage gets that instead of a dict of the results.
    gather: Callable[[Store], Gatherer] | None = None

    def paths(self, db_path: Path) -> list[Path]:
        """Its files beside the database at ``db_path``."""
        return [sidecar_of(db_path, name) for name in self.files]


# -- per-article work -----------------------------------------------------------
def _pair_features(article: Article) -> Any:
    from newsdesk.store.align.pairing import pair_features

    return pair_features(article)


def _pairing_gatherer(store: Store) -> Gatherer:
    from newsdesk.store.align.gathered import GatheredFeatures

    return GatheredFeatures()


def _facts_row(article: Article) -> Any:
    from newsdesk.store.facts.storage import facts_row

    return facts_row(article)


def _facts_early(store: Store, rows: dict[str, Any]) -> dict[str, Any]:
    from newsdesk.store.facts.storage import store_facts_early

    return store_facts_early(store, rows)


def _search_cut(article: Article) -> Any:
    from newsdesk.store.search.index import cut_article

    return cut_article(article)


def _search_gatherer(store: Store) -> Gatherer:
    from newsdesk.store.search.index import GatheredCuts

    # The text waits beside the database, in a temporary file, not in memory.
    folder = store.path.parent
    return GatheredCuts(None if store.read_only or not folder.is_dir() else folder)


# -- corpus stages --------------------------------------------------------------
def _translation_pairs(store: Store, changed_ids: list[str], prepared: Prepared) -> None:
    """Pair translations and keep each article's ``pair`` field current (store.align)."""
    from newsdesk.store.align.storage import pairing_stage

    pairing_stage(store, changed_ids, prepared.get("pairing"))


def _facts(store: Store, changed_ids: list[str], prepared: Prepared) -> None:
    """Store the facts of the changed articles in the facts file (store.facts)."""
    from newsdesk.store.facts.storage import facts_stage

    facts_stage(store, changed_ids, prepared.get("facts"))


def _search_index(store: Store, changed_ids: list[str], prepared: Prepared) -> None:
    """Bring the search index up to date and save it (store.search); runs last."""
    from newsdesk.store.search.index import update_search_index

    update_search_index(store, changed_ids, prepared.get("search"))


# -- doctor checks --------------------------------------------------------------
def _check_pairs(store: Store) -> list[Finding]:
    """Translation pairs: each article's ``pair`` names a partner that names it back."""
    from newsdesk.store.align.storage import PAIRS_TABLE

    pair_of = {s.id: s.pair for s in store.summaries()}
    problems = [
        f"{doc_id} is paired with {partner}, which is "
        + ("missing" if partner not in pair_of else f"paired with {pair_of[partner]}")
        for doc_id, partner in sorted(pair_of.items())
        if partner is not None and pair_of.get(partner) != doc_id
    ]
    for row in store.table(PAIRS_TABLE).all():
        left, right = row.get("left"), row.get("right")
        if pair_of.get(str(left)) != right or pair_of.get(str(right)) != left:
            problems.append(f"pairs table row {left}–{right} does not match the articles")
    if not problems:
        return []
    shown = "; ".join(problems[:_MAX_SHOWN])
    return [Finding("fail", f"translation pairs out of step (`doctor --rebuild`): {shown}")]


def _check_facts(store: Store) -> list[Finding]:
    """The facts file holds current facts for every article."""
    from newsdesk.store.facts.storage import stale_facts

    stale = stale_facts(store)
    if not stale:
        return []
    path = store.sidecar_path(FACTS)
    shown = ", ".join(stale[:_MAX_SHOWN]) + (" …" if len(stale) > _MAX_SHOWN else "")
    return [
        Finding(
            "warn",
            f"facts of {len(stale)} article(s) are missing or stale in {path.name} ({shown}); "
            "they are extracted again on first use",
        )
    ]


def _check_search_index(store: Store) -> list[Finding]:
    """The saved search index carries the store's generation and article fingerprint."""
    path = store.sidecar_path(SEARCH)
    if not path.exists():
        return []  # built on first search
    from newsdesk.store.search.index import index_key, saved_key

    saved = saved_key(path)
    if saved == index_key(store):
        return []
    return [
        Finding(
            "warn",
            f"search index {path.name} is out of step (generation "
            f"{saved.generation if saved else '?'} vs {store.generation()}); "
            "it is rebuilt on the next search",
        )
    ]


# -- after the database is written --------------------------------------------------
def write_article_list(store: Store) -> None:
    """Save the catalog beside the database as it is on disk now (writable stores only)."""
    if store.read_only:
        return
    from newsdesk.store.search.index import saved_index_key  # numpy: loaded only to write

    key = saved_index_key(store)
    last = store.last_write()  # the catalog as it was before it, with those rows changed
    if (
        last is not None
        and last.before is not None
        and last.after is not None
        and patch_catalog(
            store.path, last.before, last.after, last.ids, store.summaries_of, len(store), key
        )
    ):
        return
    write_catalog(store.path, store.summaries(), search_key=key)


def _article_list(store: Store, changed: bool, progress: ProgressCallback | None) -> None:
    """The catalog, when articles changed or it lacks the search index's key (a catalog
    written by an older newsdesk); ``store.write_catalog`` (a server's archive keeps
    none: the server answers the list a page at a time)."""
    if changed or catalog_search_key(store.path) is None:
        report_step(progress, "writing the article list")
        store.write_catalog()


# -- the artifacts ----------------------------------------------------------------
#: Every piece of derived data; the corpus stages run in this order (the search
#: index last, after any rewrite of the articles' ``pair`` field).
ARTIFACTS: tuple[Artifact, ...] = (
    Artifact(
        name="pairing",
        files=(PAIRING,),
        tables=("pairs", "alignments"),
        freshness=(
            "features: each article's sha256; pairs: repaired or found again at every "
            "ingest; alignments: both articles' sha256 and ALIGNMENT_VERSION"
        ),
        updated=(
            "features are extracted for added and changed articles only and the features "
            "file rewritten (unchanged rows as read; a server's archive writes their rows "
            "only); after a small ingest (at most 1 % "
            "of the archive, or 20 articles) the pairs of unchanged articles are scored "
            "again and kept, and only the changed articles and the partners they free are "
            "scored against their date windows, reading only the features those need "
            "(store.align.rows); a large ingest finds the pairs again over "
            "the whole corpus; alignments of pairs that went are dropped, new ones aligned "
            "when few (else on first use)"
        ),
        prepare=_pair_features,
        gather=_pairing_gatherer,
        step="pairing translations",
        update=_translation_pairs,
        check=_check_pairs,
    ),
    Artifact(
        name="facts",
        files=(FACTS,),
        tables=(),
        freshness="each row: the article's sha256 and FACTS_VERSION",
        updated=(
            "a small ingest appends lines for added and changed articles and 'gone' lines "
            "for removed ones (a later line replaces an earlier one); a large one, or a "
            "reader finding more than half the lines replaced, writes the file whole; "
            "stale rows are extracted again on use; a server's archive writes the rows of "
            "those articles, and a client appends the rows written since to its copy"
        ),
        prepare=_facts_row,
        store_early=_facts_early,
        step="storing facts",
        update=_facts,
        check=_check_facts,
    ),
    Artifact(
        name="facts-view",
        files=(),
        passing=(FACTS_VIEW,),
        tables=(),
        freshness=(
            "VIEW_VERSION, FACTS_VERSION, the store's generation and article count and "
            "the facts file's stamp (store.facts.view.view_key)"
        ),
        updated=(
            "not by an ingest: built whole from the facts when the facts pane (or a "
            "command) first asks for it after the facts changed, in a process of its own "
            "on a large archive; a stale or damaged one is built again"
        ),
    ),
    Artifact(
        name="search",
        files=(SEARCH,),
        passing=(SEARCH_DELTA,),
        tables=(),
        freshness=(
            "INDEX_VERSION, the store's generation and a blake2b fingerprint of every "
            "article's id, sha256 and file; a delta carries the key of the index file it "
            "applies to and the key the two make together"
        ),
        updated=(
            "a small ingest writes its articles' cuts and the ids it dropped to the delta "
            "file, which reading the index merges in (a writable store then saves the "
            "index whole and drops the delta); a large one, or a delta past 2 % of the "
            "archive, merges at once: passages of unchanged articles kept, added and "
            "changed articles cut again, removed ones dropped, the index sorted and written "
            "whole; a stale index is brought up to date on first search"
        ),
        prepare=_search_cut,
        gather=_search_gatherer,
        step="indexing for search",
        update=_search_index,
        check=_check_search_index,
    ),
    Artifact(
        name="catalog",
        files=(CATALOG,),
        tables=(),
        freshness="the database file's mtime and size (and the current search index's key)",
        updated=(
            "once an ingest or a removal has written the database: the rows of the "
            "articles that write touched changed in the catalog that matched the file "
            "before it, else written whole"
        ),
        after_write=_article_list,
    ),
)

#: Per-article work, run where the article is parsed (in parallel on a large ingest).
ARTICLE_STAGES: dict[str, Callable[[Article], Any]] = {
    a.name: a.prepare for a in ARTIFACTS if a.prepare is not None
}

#: Each corpus stage with what an ingest's progress calls it, in the order they run.
STAGES: list[tuple[str, Stage]] = [
    (a.step or a.name, a.update) for a in ARTIFACTS if a.update is not None
]

#: The doctor's checks of derived data (a test may add one).
CHECKS: list[Check] = [a.check for a in ARTIFACTS if a.check is not None]


#: Each corpus stage's artifact, in the order they run.
_UPDATED: list[Artifact] = [a for a in ARTIFACTS if a.update is not None]

#: Per-article results an artifact stores as they arrive, by stage name.
EARLY: dict[str, StoreEarly] = {
    a.name: a.store_early for a in ARTIFACTS if a.store_early is not None
}
#: Per-article results an artifact gathers compactly as they arrive, by stage name.
GATHER: dict[str, Callable[[Store], Gatherer]] = {
    a.name: a.gather for a in ARTIFACTS if a.gather is not None
}
#: How many articles' results are stored early at a time.
EARLY_CHUNK = 500


# -- what ingest, remove and doctor call -------------------------------------------
def prepare_article(article: Article) -> dict[str, Any]:
    """Every per-article stage's result for ``article``."""
    return {name: stage(article) for name, stage in ARTICLE_STAGES.items()}


class PreparedData:
    """The per-article results of an ingest, for its corpus stages.

    Results of an artifact with ``store_early`` are written in chunks of
    :data:`EARLY_CHUNK` as they arrive (under the ingest's lock, before the
    database is written: data of articles the database does not hold yet is
    ignored by its readers) and only a token of each is kept; those of an
    artifact with ``gather`` go to its gatherer; the rest are held.
    :func:`update_derived` takes each stage's data out (:meth:`take`) as it
    runs the stage, so nothing is held longer than its stage.
    """

    def __init__(self, store: Store) -> None:
        self._store = store
        self._held: dict[str, Any] = {}
        self._pending: dict[str, dict[str, Any]] = {}

    def add(self, doc_id: str, results: Mapping[str, Any]) -> None:
        """The results of every per-article stage for article ``doc_id``."""
        for stage, value in results.items():
            if stage in EARLY and not self._store.read_only:
                pending = self._pending.setdefault(stage, {})
                pending[doc_id] = value
                if len(pending) >= EARLY_CHUNK:
                    self._flush(stage)
            elif stage in GATHER:
                gatherer = self._held.get(stage)
                if gatherer is None:
                    gatherer = self._held[stage] = GATHER[stage](self._store)
                gatherer.add(doc_id, value)
            else:
                self._held.setdefault(stage, {})[doc_id] = value

    def _flush(self, stage: str) -> None:
        pending = self._pending.pop(stage, {})
        if pending:
            tokens = EARLY[stage](self._store, pending)
            self._held.setdefault(stage, {}).update(tokens)

    def finish(self) -> None:
        """Store the last chunks of the results stored early."""
        for stage in list(self._pending):
            self._flush(stage)

    def done(self) -> Prepared:
        """Everything for the corpus stages, the last chunks stored."""
        self.finish()
        return self._held

    def take(self, stage: str) -> Any:
        """What stage ``stage`` prepared (None when nothing), no longer held here."""
        self.finish()
        return self._held.pop(stage, None)


def update_derived(
    store: Store,
    changed_ids: list[str],
    prepared: PreparedData | Prepared | None = None,
    progress: ProgressCallback | None = None,
) -> None:
    """Run every corpus stage for the articles added, changed or removed (``changed_ids``).

    Given a :class:`PreparedData`, each stage's data is taken out of it for the
    stage and let go when the stage ends.
    """
    for artifact in _UPDATED:
        assert artifact.update is not None
        report_step(progress, artifact.step or artifact.name)
        if isinstance(prepared, PreparedData):
            data = prepared.take(artifact.name)
            artifact.update(store, changed_ids, {} if data is None else {artifact.name: data})
            del data
        else:
            artifact.update(store, changed_ids, prepared or {})


def after_write(store: Store, changed: bool, progress: ProgressCallback | None = None) -> None:
    """Bring what records the database file's stamp up to date once it is written."""
    for artifact in ARTIFACTS:
        if artifact.after_write is not None:
            artifact.after_write(store, changed, progress)


def rebuild(store: Store) -> int:
    """Build every artifact whole from the articles; returns how many articles."""
    ids = store.ids()
    with store.batch():
        store.set_meta("generation", store.generation() + 1)
        update_derived(store, ids)
    after_write(store, True)
    return len(ids)
