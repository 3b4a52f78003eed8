"""Facts in the store: the ingest stage and the facts file beside the database.

Facts are derived data, so they live in a sidecar (``db.json`` → ``db.facts``)
rather than in the TinyDB file: opening the database, and every write to it,
skip them, and only a pane or a command that asks for facts reads them. The
file holds one JSON line per row, ``{doc, sha256, version, lang, facts: [...],
error}``, each fact packed as ``[kind, para, start, end, text, fields]``; a
removed article's line is ``{doc, gone: true}``, and a later line for a document
replaces an earlier one. A small ingest appends its lines (it costs what it
adds); a large one, and a reader that finds the file mostly replaced lines,
write it whole (:func:`write_atomic`). A torn last line (a crash while
appending) is ignored, so its article's facts are extracted again. A file of
the earlier layout (one JSON object ``{doc: row}``) is read as well. A store that
keeps the rows itself (a server's archive: ``store_fact_rows``, store.pg.rows) is
written to instead of the file, which it brings up to date before it is read. A row is
current when its sha256 is the article's and its version is
:data:`FACTS_VERSION` (bumped whenever the rules change what they find);
:func:`ensure_facts` extracts whatever is missing or stale, so a
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

from newsdesk.store.facts.extract import extract_article
from newsdesk.store.facts.model import Fact
from newsdesk.store.facts.packing import pack_fact, unpack_fact
from newsdesk.store.facts.people import canonicalise
from newsdesk.store.gcpause import paused_gc
from newsdesk.store.sidecars import FACTS, on_reset
from newsdesk.store.storage import (
    Stamp,
    append_lines,
    file_stamp,
    match_mode,
    write_atomic,
    write_error,
)

if TYPE_CHECKING:
    from newsdesk.store.db import Store
    from newsdesk.store.records import Article

__all__ = [
    "FACTS_TABLE",
    "FACTS_VERSION",
    "article_facts",
    "corpus_rows",
    "ensure_facts",
    "facts_row",
    "facts_stage",
    "load_facts",
    "locate_rows",
    "parse_facts",
    "read_facts_file",
    "row_facts",
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
#: facts file → (its stamp, its rows, how many lines it holds)
_read_cache: dict[Path, tuple[Stamp, Rows, int]] = {}
#: An ingest changing fewer rows than this share of the archive appends them.
APPEND_SHARE = 0.25
#: A file holding more lines than this many times its rows is written whole again.
COMPACT_RATIO = 2


@on_reset
def _forget() -> None:
    """Drop every copy of facts held in memory (store.sidecars.reset_caches)."""
    with _lock:
        _cache.clear()
        _unsaved.clear()
        _read_cache.clear()


def facts_row(article: Article) -> dict[str, Any]:
    """The stored row of ``article``'s facts (extracted now)."""
    try:
        facts = [pack_fact(f) for f in extract_article(article)]
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


def read_facts_file(path: Path) -> tuple[Rows, int]:
    """The rows of the facts file at ``path`` by article id, and how many lines it holds.

    Raises OSError when the file cannot be read.
    """
    return parse_facts(path.read_bytes())


def parse_facts(data: bytes) -> tuple[Rows, int]:
    """The rows of a facts file's content by article id, and how many lines it holds.

    A later line for a document replaces an earlier one; a ``gone`` line drops
    it; a line that does not parse (a torn append) is skipped.
    """
    rows: Rows = {}
    lines = 0
    for line in data.split(b"\n"):
        if not line.strip():
            continue
        lines += 1
        try:
            item = orjson.loads(line)
        except orjson.JSONDecodeError:
            continue  # a torn line: its article's facts are extracted again
        if not isinstance(item, dict):
            continue
        doc = item.get("doc")
        if isinstance(doc, str):
            if item.get("gone"):
                rows.pop(doc, None)
            else:
                rows[doc] = item
        else:  # the earlier layout: one object {doc: row}
            rows.update({str(k): v for k, v in item.items() if isinstance(v, dict)})
    return rows, lines


def _file_rows(path: Path) -> tuple[Rows, int]:
    """The facts file's rows and line count, cached by the file's stamp."""
    stamp = file_stamp(path)
    cached = _read_cache.get(path)
    if stamp is None:
        return {}, 0
    if cached is not None and cached[0] == stamp:
        return cached[1], cached[2]
    try:
        rows, lines = read_facts_file(path)
    except OSError:
        rows, lines = {}, 0  # unreadable: every article's facts are extracted again
    _read_cache[path] = (stamp, rows, lines)
    return rows, lines


def _rows(store: Store) -> Rows:
    """Every stored row by article id: the sidecar, the old table, the unsaved ones."""
    rows, _lines = _file_rows(store.sidecar_path(FACTS))
    legacy = _legacy_rows(store)
    unsaved = _unsaved.get(str(store.path), {})
    if legacy or unsaved:
        rows = {**legacy, **rows, **unsaved}
    return rows


def _server_rows(store: Store) -> Any:
    """The store's own writer of facts rows (a server's archive), else None."""
    return getattr(store, "store_fact_rows", None)


def _lines_of(rows: Iterable[Mapping[str, Any]]) -> bytes:
    return b"".join(orjson.dumps(row) + b"\n" for row in rows)


def _save(store: Store, rows: list[dict[str, Any]], drop: Iterable[str] = ()) -> None:
    """Write the facts file whole: its rows, ``rows`` replacing theirs, ``drop`` gone."""
    merged = dict(_rows(store))
    for doc in drop:
        merged.pop(doc, None)
    merged.update({str(r["doc"]): r for r in rows})
    path = store.sidecar_path(FACTS)
    try:
        write_atomic(path, _lines_of(merged.values()), keep_backup=False, mode_of=store.path)
    except OSError as exc:
        raise write_error(exc, "facts file", path) from None
    stamp = file_stamp(path)
    if stamp is not None:
        _read_cache[path] = (stamp, merged, len(merged))
    if FACTS_TABLE in (store.storage.read() or {}):
        with store.batch():  # the old table's rows are in the sidecar now
            store.drop_table(FACTS_TABLE)


def _append(store: Store, rows: list[dict[str, Any]], drop: Iterable[str] = ()) -> None:
    """Add lines for ``rows`` and ``drop`` (gone) at the end of the facts file.

    Only when the file exists in this layout's form and the database holds no
    old facts table (else :func:`_save`). The cached rows follow the append when
    they were the file's before it.
    """
    path = store.sidecar_path(FACTS)
    gone: list[dict[str, Any]] = [{"doc": doc, "gone": True} for doc in drop]
    if not rows and not gone:
        return
    before = file_stamp(path)
    if before is None or FACTS_TABLE in (store.storage.read() or {}):
        _save(store, rows, drop)
        return
    data = _lines_of([*gone, *rows])
    try:
        append_lines(path, data, before[2])
    except OSError as exc:
        raise write_error(exc, "facts file", path) from None
    match_mode(path, store.path)
    cached = _read_cache.get(path)
    after = file_stamp(path)
    if cached is not None and cached[0] == before and after is not None:
        merged = dict(cached[1])
        for item in gone:
            merged.pop(item["doc"], None)
        merged.update({str(r["doc"]): r for r in rows})
        _read_cache[path] = (after, merged, cached[2] + len(gone) + len(rows))
    else:
        _read_cache.pop(path, None)


def _store_rows(store: Store, rows: list[dict[str, Any]], drop: Iterable[str], count: int) -> None:
    """Append ``rows`` and ``drop`` when they are few beside the ``count`` articles
    stored, else write the file whole (without the rows of articles no longer stored)."""
    gone = list(drop)
    whole = (len(rows) + len(gone)) > APPEND_SHARE * count
    put = _server_rows(store)
    if put is not None:  # the server keeps the rows; the file follows them when read
        put(rows, gone, prune=whole)
    elif whole:
        _save(store, rows, set(_rows(store)) - set(store.ids()))
    else:
        _append(store, rows, gone)


def _compact_if_worn(store: Store) -> None:
    """Write the facts file whole when most of its lines were replaced since."""
    if store.read_only or _server_rows(store) is not None:
        return  # a server's archive: the copy of its rows is compacted as it is brought up
    rows, lines = _file_rows(store.sidecar_path(FACTS))
    if lines > COMPACT_RATIO * len(rows) + 16:
        _save(store, [], set(rows) - set(store.ids()))


def store_facts_early(store: Store, rows: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Append a chunk of an ingest's rows as they are prepared; their tokens for
    :func:`facts_stage` (each row's sha256: stored already). The rows are not kept
    in memory after (at 10k articles they held a few hundred MB until the ingest ended)."""
    put = _server_rows(store)
    if put is not None:
        put(list(rows.values()))
    else:
        _append(store, list(rows.values()))
        _read_cache.pop(store.sidecar_path(FACTS), None)
    return {doc: str(row["sha256"]) for doc, row in rows.items()}


def facts_stage(
    store: Store, changed_ids: list[str], prepared: Mapping[str, dict[str, Any]] | None = None
) -> None:
    """Ingest stage: store the facts of the changed articles, forget removed ones.

    ``prepared`` holds rows already extracted where the articles were parsed
    (by id), or the sha256 of rows already stored (:func:`store_facts_early`);
    the others are extracted here.
    """
    changed = set(changed_ids)
    ready = prepared or {}
    asked = changed | set(ready)
    count = len(store)
    if len(asked) * 4 < count:  # a few articles: looked up, not every id read
        known = {doc for doc, _ in store.files_named((), asked).values()}
    else:
        known = asked & set(store.ids())
    todo = sorted((changed & known) - set(ready))
    if len(todo) * 4 < count:
        rows = [facts_row(store.get(doc)) for doc in todo]
    else:
        wanted = set(todo)
        rows = [facts_row(a) for a in store.articles() if a.id in wanted]
    rows += [row for doc, row in ready.items() if doc in known and isinstance(row, dict)]
    _store_rows(store, rows, sorted(changed - known), count)


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
    _compact_if_worn(store)
    stale = set(_stale(store))
    if not stale:
        return 0
    rows = [facts_row(a) for a in store.articles() if a.id in stale]
    if store.read_only:
        _unsaved.setdefault(str(store.path), {}).update({r["doc"]: r for r in rows})
    else:
        _store_rows(store, rows, (), len(store))
    return len(rows)


def row_facts(doc: str, row: Mapping[str, Any]) -> list[Fact]:
    """The facts of article ``doc``'s stored ``row``, as stored (names not canonical)."""
    lang = str(row.get("lang", "en"))
    return [unpack_fact(doc, lang, item) for item in row.get("facts", [])]


def _known_rows(store: Store) -> list[tuple[str, dict[str, Any]]]:
    known = set(store.ids())
    rows = _rows(store)
    return [(doc, rows[doc]) for doc in sorted(rows) if doc in known]


def _collect(store: Store) -> list[Fact]:
    return canonicalise(f for doc, row in _known_rows(store) for f in row_facts(doc, row))


def corpus_rows(store: Store) -> list[tuple[str, dict[str, Any]]]:
    """Every stored row of the corpus by article, sorted by id, stale ones extracted
    first: :func:`load_facts` is :func:`canonicalise` of their :func:`row_facts`
    (what store.facts.view builds its file from, once)."""
    with _lock, paused_gc():
        ensure_facts(store)
        return _known_rows(store)


def locate_rows(
    path: Path, rows: Iterable[tuple[str, Mapping[str, Any]]]
) -> tuple[Stamp | None, dict[str, tuple[int, int]]]:
    """Where the facts file at ``path`` holds each of ``rows`` as it is: the file's stamp
    and, by article, the offset and length of the line that reads back as its row.

    A row held nowhere in that form (kept in memory, from the old table, written
    otherwise) is left out; so is everything when the file changed while read.
    """
    wanted = {doc.encode(): row for doc, row in rows}
    head = b'{"doc":"'
    found: dict[bytes, tuple[int, int] | None] = {}
    before = file_stamp(path)
    try:
        with path.open("rb") as handle:  # a line at a time: the file may be large
            at = 0
            for line in handle:
                body = line.rstrip(b"\n")
                close = body.find(b'"', len(head)) if body.startswith(head) else -1
                if close > 0:
                    doc = body[len(head) : close]
                    row = wanted.get(doc)
                    # The last line of an article is its row (a later line replaces an earlier).
                    same = row is not None and orjson.dumps(row) == body
                    found[doc] = (at, len(body)) if same else None
                at += len(line)
    except OSError:
        return None, {}
    if before is None or file_stamp(path) != before:
        return None, {}
    return before, {doc.decode(): place for doc, place in found.items() if place is not None}


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
    return canonicalise(unpack_fact(article.id, lang, item) for item in row.get("facts", []))
