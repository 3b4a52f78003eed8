"""Pairs and alignments in the store: the ingest stage, TinyDB tables, a feature cache.

* ``pairs`` (TinyDB table): one row per detected pair ``{left, right, confidence}``;
  each article's ``pair`` field names its partner.
* ``alignments`` (TinyDB table): the alignment of a pair, keyed on both articles'
  sha256 and :data:`ALIGNMENT_VERSION`, computed the first time it is asked for.
* ``pairing.json`` (a sidecar file): each article's :class:`PairFeatures`, keyed on its
  sha256, so an ingest only extracts features of the articles that changed. A store
  that keeps them as rows (a server's archive: ``pairing_rows()``) writes the rows
  of the articles that changed and reads only those pairing needs (store.align.rows).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast

from newsdesk.store.align.aligner import Alignment, align_articles
from newsdesk.store.align.featurefile import FeatureFile, read_features, write_features
from newsdesk.store.align.pairing import (
    Idf,
    Pair,
    PairFeatures,
    find_pairs,
    pair_features,
    repair_pairs,
    score_features,
)
from newsdesk.store.errors import NewsdeskError
from newsdesk.store.sidecars import PAIRING

if TYPE_CHECKING:
    from newsdesk.store.align.rows import FeatureStore
    from newsdesk.store.db import Store
    from newsdesk.store.records import Article

__all__ = [
    "ALIGNMENTS_TABLE",
    "ALIGNMENT_VERSION",
    "PAIRS_TABLE",
    "alignment_for",
    "keep_features",
    "load_features",
    "pair_of",
    "pairing_stage",
    "stored_pairs",
    "update_pairs",
]

PAIRS_TABLE = "pairs"
ALIGNMENTS_TABLE = "alignments"
#: Bumped whenever the aligner's output changes, so stored alignments are redone.
ALIGNMENT_VERSION = 4  # 3: loose rewrites; 4: sentences from store.sentences
#: An ingest aligns its new pairs right away when there are at most this many.
EAGER_ALIGNMENTS = 50
#: An ingest changing at most this share of the archive (or 20 articles) keeps the
#: pairs of unchanged articles and scores only its own (:func:`repair_pairs`).
REPAIR_SHARE = 0.01


def load_features(store: Store) -> dict[str, PairFeatures]:
    """The cached pairing features, by article id (empty when missing or unreadable)."""
    return _load_features(store)[0]


def _load_features(store: Store) -> tuple[dict[str, PairFeatures], dict[str, Any]]:
    """The cached features, and the file's data they were read from (empty when
    missing or unreadable)."""
    rows = _feature_rows(store)
    if rows is not None:
        from newsdesk.store.align.rows import stored_features

        return stored_features(rows), {}
    return read_features(store.sidecar_path(PAIRING))


def update_pairs(
    store: Store,
    changed_ids: list[str] | None = None,
    prepared: Mapping[str, PairFeatures] | None = None,
) -> list[Pair]:
    """Recompute the pairs of the whole store, extracting features only where needed.

    ``prepared`` holds features already extracted (by the ingest's workers).
    """
    changed = set(changed_ids or ())
    rows = _feature_rows(store)
    if rows is not None and not store.read_only:
        stored = rows.shas()
        shas = _server_shas(store, stored, changed)
        pairs = _pairs_in_rows(store, rows, shas, changed, prepared or {}, stored)
    else:
        shas = {doc_id: sha for doc_id, sha in store.known_files().values()}
        pairs = _pairs_in_file(store, shas, changed, prepared or {})
    partner: dict[str, str | None] = dict.fromkeys(shas)
    for pair in pairs:
        partner[pair.left] = pair.right
        partner[pair.right] = pair.left
    if not store.read_only:
        with store.batch():
            before = _save_pairs(store, pairs)
            if before:  # only the partners that moved, and those of the articles written now
                partner = {d: p for d, p in partner.items() if before.get(d) != p or d in changed}
            store.set_pairs(partner)
            _prune_alignments(store, pairs, shas)
            # The alignments left are current (pruned above): align only the new pairs.
            aligned = _aligned(store)
            new = [p for p in pairs if (p.left, p.right) not in aligned]
            if len(new) <= EAGER_ALIGNMENTS:
                for pair in new:
                    alignment_for(store, pair.left, pair.right)
    return pairs


def _server_shas(store: Store, stored: dict[str, str], changed: set[str]) -> dict[str, str]:
    """Every article's sha256 on a server's archive, from its features rows (``stored``):
    they are written in the transaction that writes the article, so only the articles
    changed now can differ (read again). Every article's is read instead after a large
    write, or when the rows do not make up the archive's count."""
    count = len(store)
    if _small(changed, count):
        shas = {doc: sha for doc, sha in stored.items() if doc not in changed}
        shas.update(store.files_named((), changed).values())  # those still stored, now
        if len(shas) == count:
            return shas
    return {doc_id: sha for doc_id, sha in store.known_files().values()}


def _extract(store: Store, ids: set[str], known: int) -> dict[str, PairFeatures]:
    """The features of articles ``ids`` (of ``known`` articles), extracted now."""
    if len(ids) * 4 < known:
        return {doc: pair_features(store.get(doc)) for doc in sorted(ids)}
    return {a.id: pair_features(a) for a in store.articles() if a.id in ids}


def _pairs_in_file(
    store: Store, shas: dict[str, str], changed: set[str], prepared: Mapping[str, PairFeatures]
) -> list[Pair]:
    """The pairs, the features read from and saved to the features file: after a
    small ingest only those pairing needs are read (store.align.rows), else all."""
    if (
        changed
        and _small(changed, len(shas))
        and not store.read_only
        and PAIRS_TABLE in _tables(store)
    ):
        file = FeatureFile.read(store)
        if file is not None:
            return _pairs_in_rows(store, file, shas, changed, prepared)
    loaded, read = _load_features(store)
    cache = {i: f for i, f in loaded.items() if shas.get(i) == f.sha}
    fresh = {i: f for i, f in prepared.items() if shas.get(i) == f.sha}
    cache.update(fresh)
    missing = {i for i in shas if i not in cache or (i in changed and i not in fresh)}
    if missing:
        cache.update(_extract(store, missing, len(shas)))
    features = [cache[i] for i in sorted(shas) if i in cache]
    pairs = _pairs(store, features, changed, missing)
    if missing or fresh:
        write_features(store, cache, read)
    return pairs


def _pairs_in_rows(
    store: Store,
    rows: FeatureStore,
    shas: dict[str, str],
    changed: set[str],
    prepared: Mapping[str, PairFeatures],
    stored: dict[str, str] | None = None,
) -> list[Pair]:
    """The pairs of a store keeping features as rows (``stored``: their shas, when
    read already): the rows of the articles extracted now are written first, then
    the pairs are repaired reading only the features needed, or after a large ingest
    found over every article's."""
    from newsdesk.store.align.rows import repaired_pairs, whole_corpus_pairs

    if stored is None:
        stored = rows.shas()
    fresh = {i: f for i, f in prepared.items() if shas.get(i) == f.sha}
    # Stale or missing rows (item views compared at C speed), and the articles changed.
    stale = {i for i, _ in shas.items() - stored.items()} | (changed & shas.keys())
    missing = stale - fresh.keys()
    new = {**_extract(store, missing, len(shas)), **fresh}
    with store.batch():
        rows.put([new[i].to_dict() for i in sorted(new)], sorted(stored.keys() - shas.keys()))
    if not changed or not _small(changed, len(shas)) or missing - changed:
        return whole_corpus_pairs(rows)
    before = stored_pairs(store)
    kept = [p for p in before if p.left not in changed and p.right not in changed]
    freed = {
        d for p in before for d in (p.left, p.right) if p.left in changed or p.right in changed
    }
    return repaired_pairs(rows, len(shas), kept, (changed | freed) - {""})


def keep_features(store: Store, features: Mapping[str, PairFeatures]) -> None:
    """Store every article's pairing features, ``features``, beside pairs that came as they
    were (a copied archive's), so that its next small ingest repairs them instead of
    extracting every article's features again; a server's archive also gets the bounds
    of its saturated pairs (store.align.bounds)."""
    rows = _feature_rows(store)
    if rows is None:
        write_features(store, features)
        return
    from newsdesk.store.align.rows import keep_whole_bounds

    ordered = [features[i] for i in sorted(features)]
    rows.put([f.to_dict() for f in ordered], prune=True)
    idf = Idf(ordered)
    exact = []  # the copied pairs with their exact scores (stored rounded)
    for pair in stored_pairs(store):
        if pair.left in features and pair.right in features:
            # Scored as the whole corpus's pairing scores it: the articles in id order.
            first, second = sorted((features[pair.left], features[pair.right]), key=lambda f: f.id)
            score = score_features(first, second, idf)
            if round(score, 3) == pair.confidence:
                exact.append(Pair(pair.left, pair.right, score))
    keep_whole_bounds(rows, exact, features, idf)


def _feature_rows(store: Store) -> FeatureStore | None:
    """The features as rows, for a store that keeps them so (store.pg.rows)."""
    rows = getattr(store, "pairing_rows", None)
    return cast("FeatureStore", rows()) if rows is not None else None


def _pairs(
    store: Store, features: list[PairFeatures], changed: set[str], missing: set[str]
) -> list[Pair]:
    """The pairs of ``features``: repaired around ``changed`` after a small ingest, else
    found over the whole corpus."""
    if (
        not changed
        or not _small(changed, len(features))
        or missing - changed
        or PAIRS_TABLE not in _tables(store)
    ):
        return find_pairs(features)
    before = stored_pairs(store)
    kept = [p for p in before if p.left not in changed and p.right not in changed]
    freed = {
        d for p in before for d in (p.left, p.right) if p.left in changed or p.right in changed
    }
    return repair_pairs(features, kept, (changed | freed) - {""})


def _small(changed: set[str], count: int) -> bool:
    """Whether an ingest changing ``changed`` of ``count`` articles repairs the pairs."""
    return len(changed) <= max(20, REPAIR_SHARE * count)


def _tables(store: Store) -> set[str]:
    return set(store.storage.read() or {})


def pairing_stage(
    store: Store, changed_ids: list[str], prepared: Mapping[str, PairFeatures] | None = None
) -> None:
    """The ingest stage (see store.derived): bring pairs up to date."""
    update_pairs(store, changed_ids, prepared)


def _save_pairs(store: Store, pairs: list[Pair]) -> dict[str, str]:
    """Store ``pairs`` (when they changed); the partners the stored pairs gave before
    (each article written with them has its ``pair`` field set so)."""
    table = store.table(PAIRS_TABLE)
    rows = table.all()
    old = {(r["left"], r["right"], r["confidence"]) for r in rows}
    partners = {str(r["left"]): str(r["right"]) for r in rows}
    partners.update({str(r["right"]): str(r["left"]) for r in rows})
    new = [p.to_dict() for p in pairs]
    if old != {(r["left"], r["right"], r["confidence"]) for r in new}:
        table.truncate()
        if new:
            table.insert_multiple(new)
    return partners


def stored_pairs(store: Store) -> list[Pair]:
    """The detected pairs, most confident first."""
    rows = store.table(PAIRS_TABLE).all()
    pairs = [Pair(str(r["left"]), str(r["right"]), float(r["confidence"])) for r in rows]
    return sorted(pairs, key=lambda p: (-p.confidence, p.left))


def pair_of(store: Store, doc_id: str) -> Pair | None:
    """The detected pair ``doc_id`` belongs to, if any."""
    for pair in stored_pairs(store):
        if doc_id in (pair.left, pair.right):
            return pair
    return None


def _aligned(store: Store) -> set[tuple[str, str]]:
    return {(str(r["left"]), str(r["right"])) for r in store.table(ALIGNMENTS_TABLE).all()}


def _prune_alignments(store: Store, pairs: list[Pair], shas: dict[str, str]) -> None:
    table = store.table(ALIGNMENTS_TABLE)
    keep = {(p.left, p.right) for p in pairs}
    stale = [
        r.doc_id
        for r in table.all()
        if (r["left"], r["right"]) not in keep
        or r.get("version") != ALIGNMENT_VERSION
        or shas.get(r["left"]) != r.get("left_sha")
        or shas.get(r["right"]) != r.get("right_sha")
    ]
    if stale:
        table.remove(doc_ids=stale)


def _stored_alignment(store: Store, left: Article, right: Article) -> Alignment | None:
    for row in store.table(ALIGNMENTS_TABLE).all():
        if (
            row.get("left") == left.id
            and row.get("right") == right.id
            and row.get("left_sha") == left.sha256
            and row.get("right_sha") == right.sha256
            and row.get("version") == ALIGNMENT_VERSION
        ):
            try:
                return Alignment.from_dict(row)
            except (KeyError, TypeError, ValueError):
                return None
    return None


def alignment_for(store: Store, left_id: str, right_id: str) -> Alignment:
    """The alignment of two articles: stored for a detected pair, else computed now.

    A detected pair's alignment is saved the first time it is computed (when
    the store is writable). Ids may be prefixes.
    """
    left = store.get(left_id)
    right = store.get(right_id)
    if left.id == right.id:
        raise NewsdeskError(f"cannot compare {left.id} with itself")
    stored = _stored_alignment(store, left, right)
    if stored is not None:
        return stored
    alignment = align_articles(left, right)
    is_pair = any((p.left, p.right) == (left.id, right.id) for p in stored_pairs(store))
    if is_pair and not store.read_only:
        record: dict[str, Any] = alignment.to_dict()
        record.update(left_sha=left.sha256, right_sha=right.sha256, version=ALIGNMENT_VERSION)
        with store.batch():
            table = store.table(ALIGNMENTS_TABLE)
            table.remove(
                doc_ids=[
                    r.doc_id for r in table.all() if (r["left"], r["right"]) == (left.id, right.id)
                ]
            )
            table.insert(record)
    return alignment
