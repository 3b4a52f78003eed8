"""Facts in the store: the ingest stage and the facts file beside the database.

Facts are derived data, so they live in a sidecar (``db.json`` → ``db.facts``,
one orjson document ``{doc: row}``) rather than in the TinyDB file: opening
the database, and every write to it, skip them, and only a pane or a command
that asks for facts reads them. One row per article: ``{doc, sha256, version,
lang, facts: [...], error}``, each fact packed as ``[kind, para, start, end,
text, fields]``. A row is current when its sha256 is the article's and its
version is :data:`FACTS_VERSION` (bumped whenever the rules change what they
find); :func:`ensure_facts` extracts whatever is missing or stale, so a
database made before facts existed, a lost or damaged sidecar, or one left
behind by an interrupted ingest gets them again on first use.

Reading goes through :func:`load_facts`, which makes person names canonical
across the whole corpus (:mod:`store.facts.people`) and caches the result per
database generation.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from store.facts.extract import extract_article
from store.facts.model import Fact
from store.facts.people import canonicalise
from store.gcpause import paused_gc
from store.sidecars import FACTS, on_reset
from store.storage import Stamp, file_stamp, write_atomic, write_error

if TYPE_CHECKING:
    from store.db import Store
    from store.records import Article

__all__ = [
    "FACTS_TABLE",
    "FACTS_VERSION",
    "article_facts",
    "ensure_facts",
    "facts_row",
    "facts_stage",
    "load_facts",
    "stale_facts",
]

#: The TinyDB table that held the facts before the sidecar (store.sidecars.FACTS),
#: dropped from the database on the next ingest.
FACTS_TABLE = "facts"
#: Bumped whenever the rules change, so stored facts are extracted again.
FACTS_VERSION = 5  # 4: counts and organisations; 5: sentences from store.sentences

_lock = threading.Lock()
_cache: dict[str, tuple[tuple[int, int], list[Fact]]] = {}
_unsaved: dict[str, dict[str, dict[str, Any]]] = {}  # read-only stores: extracted, not saved
Rows = dict[str, dict[str, Any]]
_read_cache: dict[Path, tuple[Stamp, Rows]] = {}


@on_reset
def _forget() -> None:
    """Drop every copy of facts held in memory (store.sidecars.reset_caches)."""
    with _lock:
        _cache.clear()
        _unsaved.clear()
        _read_cache.clear()


def _pack(fact: Fact) -> list[Any]:
    """A fact as stored: ``[kind, para, start, end, text, fields]`` without what the row
    or the evidence already holds (the document, the language, a quote's words, a
    person's written name)."""
    fields = dict(fact.fields)
    if fact.kind == "quote" and fields.get("quote") == fact.text:
        del fields["quote"]
    if fact.kind == "person" and fields.get("name_span"):
        start, end = fields["name_span"]
        if fact.text[start - fact.start : end - fact.start] == fields.get("surface"):
            del fields["surface"]
    return [fact.kind, fact.para, fact.start, fact.end, fact.text, fields]


def _unpack(doc: str, lang: str, item: list[Any]) -> Fact:
    kind, para, start, end, text, fields = item
    # Facts never change their fields (``with_fields`` copies), so a fact shares the
    # row's dict unless it gets back what packing left out: at 10k articles copying
    # every dict held 30 MB more (102 → 72 MB) for as long as the facts were loaded.
    if kind == "quote" and "quote" not in fields:
        fields = {**fields, "quote": text}
    elif kind == "person" and "surface" not in fields and fields.get("name_span"):
        s, e = fields["name_span"]
        fields = {**fields, "surface": text[s - start : e - start]}
    return Fact(kind, doc, int(para), int(start), int(end), str(text), lang, fields)


def facts_row(article: Article) -> dict[str, Any]:
    """The stored row of ``article``'s facts (extracted now)."""
    try:
        facts = [_pack(f) for f in extract_article(article)]
        error = None
    except Exception as exc:  # a rule bug must never stop an ingest
        facts, error = [], f"{type(exc).__name__}: {exc}"
    return {
        "doc": article.id,
        "sha256": article.sha256,
        "version": FACTS_VERSION,
        "lang": article.lang if article.lang in ("en", "fr") else "en",
        "facts": facts,
        "error": error,
    }


def _legacy_rows(store: Store) -> Rows:
    """Rows still kept in the database's old ``facts`` table (before the sidecar)."""
    tables = store.storage.read() or {}
    if FACTS_TABLE not in tables:
        return {}
    return {str(d.get("doc")): dict(d) for d in store.table(FACTS_TABLE).all()}


def _rows(store: Store) -> Rows:
    """Every stored row by article id: the sidecar, the old table, the unsaved ones."""
    path = store.sidecar_path(FACTS)
    stamp = file_stamp(path)
    cached = _read_cache.get(path)
    if stamp is None:
        rows: Rows = {}
    elif cached is not None and cached[0] == stamp:
        rows = cached[1]
    else:
        try:
            data = orjson.loads(path.read_bytes())
            rows = {str(k): v for k, v in data.items() if isinstance(v, dict)}
        except (OSError, orjson.JSONDecodeError, AttributeError):
            rows = {}  # damaged: every article's facts are extracted again
        _read_cache[path] = (stamp, rows)
    legacy = _legacy_rows(store)
    unsaved = _unsaved.get(str(store.path), {})
    if legacy or unsaved:
        rows = {**legacy, **rows, **unsaved}
    return rows


def _save(store: Store, rows: list[dict[str, Any]], drop: Iterable[str] = ()) -> None:
    merged = dict(_rows(store))
    for doc in drop:
        merged.pop(doc, None)
    merged.update({str(r["doc"]): r for r in rows})
    path = store.sidecar_path(FACTS)
    try:
        write_atomic(path, orjson.dumps(merged), keep_backup=False, mode_of=store.path)
    except OSError as exc:
        raise write_error(exc, "facts file", path) from None
    stamp = file_stamp(path)
    if stamp is not None:
        _read_cache[path] = (stamp, merged)
    if FACTS_TABLE in (store.storage.read() or {}):
        with store.batch():  # the old table's rows are in the sidecar now
            store.drop_table(FACTS_TABLE)


def facts_stage(
    store: Store, changed_ids: list[str], prepared: Mapping[str, dict[str, Any]] | None = None
) -> None:
    """Ingest stage: store the facts of the changed articles, forget removed ones.

    ``prepared`` holds rows already extracted where the articles were parsed
    (by id); the others are extracted here.
    """
    changed = set(changed_ids)
    known = set(store.ids())
    ready = prepared or {}
    todo = sorted((changed & known) - set(ready))
    if len(todo) * 4 < len(known):
        rows = [facts_row(store.get(doc)) for doc in todo]
    else:
        wanted = set(todo)
        rows = [facts_row(a) for a in store.articles() if a.id in wanted]
    rows += [row for doc, row in ready.items() if doc in known]
    gone = set(_rows(store)) - known
    _save(store, rows, gone)


def stale_facts(store: Store) -> list[str]:
    """Ids of the articles whose stored facts are missing or stale, sorted."""
    return sorted(_stale(store))


def _current(row: Mapping[str, Any] | None, sha: str | None) -> bool:
    return row is not None and row.get("sha256") == sha and row.get("version") == FACTS_VERSION


def _stale(store: Store) -> list[str]:
    current = {doc: sha for _file, (doc, sha) in store.known_files().items()}
    rows = _rows(store)
    return [doc for doc, sha in current.items() if not _current(rows.get(doc), sha)]


def ensure_facts(store: Store) -> int:
    """Extract the facts of articles that have none or stale ones; the count redone.

    On a read-only store the facts are kept in memory instead of saved.
    """
    stale = set(_stale(store))
    if not stale:
        return 0
    rows = [facts_row(a) for a in store.articles() if a.id in stale]
    if store.read_only:
        _unsaved.setdefault(str(store.path), {}).update({r["doc"]: r for r in rows})
    else:
        _save(store, rows)
    return len(rows)


def _collect(store: Store) -> list[Fact]:
    known = set(store.ids())
    rows = _rows(store)
    facts = [
        _unpack(doc, str(rows[doc].get("lang", "en")), item)
        for doc in sorted(rows)
        if doc in known
        for item in rows[doc].get("facts", [])
    ]
    return canonicalise(facts)


def load_facts(
    store: Store,
    doc: str | None = None,
    kinds: Iterable[str] | None = None,
) -> list[Fact]:
    """Facts of the corpus (or of article ``doc``), optionally of some kinds only.

    Missing facts are extracted first (:func:`ensure_facts`); person names and
    quote speakers are canonical across the corpus.
    """
    with _lock, paused_gc():
        path = str(store.path)
        redone = ensure_facts(store)
        key = (store.generation(), len(store))
        cached = _cache.get(path)
        if redone or cached is None or cached[0] != key:
            cached = (key, _collect(store))
            _cache[path] = cached
        facts = cached[1]
    wanted = set(kinds) if kinds else None
    return [
        f for f in facts if (doc is None or f.doc == doc) and (wanted is None or f.kind in wanted)
    ]


def article_facts(store: Store, doc: str) -> list[Fact]:
    """The facts of article ``doc`` at once, without the whole corpus's.

    From :func:`load_facts`'s cache when it is current (names canonical across
    the corpus); otherwise extracted from the article now, which costs
    milliseconds where parsing the facts file costs seconds on a large
    archive, with names canonical within the article. Raises ``UnknownId``
    for an id the store does not hold.
    """
    article = store.get(doc)
    with _lock:
        cached = _cache.get(str(store.path))
        if cached is not None and cached[0] == (store.generation(), len(store)):
            return [f for f in cached[1] if f.doc == article.id]
    row = facts_row(article)
    lang = str(row.get("lang", "en"))
    return canonicalise(_unpack(article.id, lang, item) for item in row.get("facts", []))
