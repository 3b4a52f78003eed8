"""The archive in PostgreSQL: :class:`PgStore`, with :class:`store.db.Store`'s interface.

Articles, paragraphs, the meta table, pairs and alignments live on the server
(:mod:`store.pg.schema`), and so do the search passages (:mod:`store.pg.search`),
each article's facts and its pairing features (:mod:`store.pg.rows`). Writes run
in transactions that take one advisory lock, so writers take turns without a lock
file and readers never wait: each statement sees a consistent snapshot. What a
client builds for itself (its copy of the facts file, the facts pane's view) is
kept in a cache folder on this machine (``$NEWSDESK_PG_CACHE``, else the user
cache directory), one folder an archive, keyed as beside a TinyDB file.
"""

from __future__ import annotations

import hashlib
import os
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import orjson
import psycopg
from psycopg.types.json import Jsonb

from newsdesk.store.catalog import Listing
from newsdesk.store.derived import after_write, update_derived
from newsdesk.store.errors import AmbiguousId, DatabaseError, UnknownId
from newsdesk.store.pg.connect import connect, server_errors
from newsdesk.store.pg.notify import NOTIFY_CHANGED, Listener
from newsdesk.store.pg.schema import (
    ADVISORY_LOCK,
    ROWS_FROM_FILES,
    SCHEMA,
    SCHEMA_VERSION,
    ensure_schema,
    stored_version,
)
from newsdesk.store.pg.tables import TABLES, PgTable
from newsdesk.store.pg.url import describe
from newsdesk.store.progress import ProgressCallback, report_step
from newsdesk.store.records import (
    Article,
    ArticleSummary,
    Paragraph,
    files_digest,
    unpack_paragraphs,
)
from newsdesk.store.seeds import seed_paths
from newsdesk.store.sidecars import FACTS, sidecar_of

if TYPE_CHECKING:
    from newsdesk.store.db import LastWrite, Store
    from newsdesk.store.ingest import IngestReport
    from newsdesk.store.pg.rows import FeatureRows
    from newsdesk.store.search.index import ArticleCut, SearchIndex
    from newsdesk.store.search.query import Query

__all__ = ["PgStore", "cache_folder"]

Connection = psycopg.Connection[tuple[Any, ...]]

#: Articles read from the server per query when every article is read.
_CHUNK = 500
#: An ingest writing this many articles (and a tenth of the archive) ends with VACUUM
#: (ANALYZE) of its tables (:meth:`PgStore.analyze`).
ANALYZE_AFTER = 1000
#: The tables ANALYZE reads (those written in bulk).
ANALYZED = (
    "articles",
    "paragraphs",
    "facts",
    "pairing_features",
    "pairing_anchors",
    "pairs",
    "pair_bounds",
    "search_passages",
    "search_postings",
    "search_ranges",
    "search_words",
)
#: Strings whose code-point order (Python's) a language's collation changes: case,
#: punctuation, spaces, digits, accents.
_PROBES = ["a", "B", "_a", "a_b", "ab", "a b", "a-c", "a1", "Ab", "é", "f", "2024-01", "2024"]


def cache_folder() -> Path:
    """Where derived files of PostgreSQL archives are kept on this machine."""
    env = os.environ.get("NEWSDESK_PG_CACHE")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_cache_path

    return user_cache_path("newsdesk", appauthor=False) / "pg"


class NoFileTables:
    """What the TinyDB store's ``storage.read()`` answers for an archive with no file.

    ``store.facts.storage`` looks there for an old in-file facts table: a
    PostgreSQL archive never had one; ``store.align.storage`` for the pairs table,
    which a PostgreSQL archive always has (store.pg.tables).
    """

    in_batch = False

    def read(self) -> dict[str, Any]:
        return {name: {} for name in TABLES}


def _article_row(record: dict[str, Any]) -> tuple[str, str, str, str, str | None, str | None, str]:
    """The ``articles`` row of a stored record (its paragraphs go to their own table)."""
    listed = {key: value for key, value in record.items() if key != "body"}
    return (
        str(record["id"]),
        str(record["file"]),
        str(record["sha256"]),
        str(record["lang"]),
        record.get("date"),
        record.get("pair"),
        orjson.dumps(listed).decode(),
    )


class PgStore:
    """Articles in a PostgreSQL database. Open with :meth:`open`; close when done."""

    def __init__(
        self,
        url: str,
        *,
        read_only: bool = False,
        on_lock_wait: Callable[[str], None] | None = None,
    ) -> None:
        self.url = url
        self.where = describe(url)
        self.read_only = read_only
        self.lock = None
        self.storage = NoFileTables()
        self._on_lock_wait = on_lock_wait
        self._depth = 0
        #: The thread whose batch is open (its statements go to the writer's connection).
        self._owner: int | None = None
        self._turn = threading.RLock()
        self._writer: Connection | None = None
        #: The file list as the open batch sees it (only its own writes change it:
        #: writers take turns), read once a batch instead of at every ask.
        self._batch_files: dict[str, tuple[str, str]] | None = None
        self._listing_order: str | None = None
        self._conn = connect(url)
        try:
            with server_errors(url, "opening the archive"):
                if read_only:
                    self._check_version()
                else:
                    ensure_schema(self._conn, self.where)
                self.path = self._cache_path()
            if not read_only:
                self._build_search_passages()
                self._rows_from_files()
        except BaseException:
            self._conn.close()
            raise

    def _build_search_passages(self) -> None:
        """Cut the articles of an archive migrated from version 2 into its search
        passages, once (store.pg.search)."""
        if self.get_meta("search_stale") is True:  # store.pg.search.STALE_KEY
            from newsdesk.store.pg.passages import fill_passages

            fill_passages(self)

    def _rows_from_files(self) -> None:
        """Move the facts and pairing features of an archive migrated from version 4
        out of its shared files into their rows, once (store.pg.rows)."""
        if self.get_meta(ROWS_FROM_FILES) is True:
            from newsdesk.store.pg.rows import import_files

            with self.batch():
                import_files(self)
                self.execute(f"DELETE FROM {SCHEMA}.meta WHERE key = %s", (ROWS_FROM_FILES,))

    def _check_version(self) -> None:
        """A read-only store neither creates nor migrates: the archive must be current."""
        found = stored_version(self._conn)
        if found > SCHEMA_VERSION:
            raise DatabaseError(
                f"the archive on {self.where} has schema version {found}, newer than this "
                f"newsdesk understands ({SCHEMA_VERSION}); upgrade newsdesk"
            )
        if found != SCHEMA_VERSION:
            raise DatabaseError(
                f"no newsdesk archive of schema version {SCHEMA_VERSION} on {self.where} "
                f"(found {found}); open it once for writing to create or migrate it"
            )

    def _cache_path(self) -> Path:
        """The local stand-in for a database file: derived files go beside it."""
        instance = self.get_meta("instance")
        if not isinstance(instance, str) and not self.read_only:
            self.execute(
                f"INSERT INTO {SCHEMA}.meta VALUES ('instance', %s) ON CONFLICT DO NOTHING",
                (Jsonb(uuid.uuid4().hex),),
            )
            instance = self.get_meta("instance")
        key = hashlib.sha256(f"{self.where}\n{instance}".encode()).hexdigest()[:20]
        return cache_folder() / key / "archive.json"

    # -- lifecycle ------------------------------------------------------
    @classmethod
    def open(
        cls,
        url: str,
        *,
        read_only: bool = False,
        lock_timeout: float | None = None,
        on_lock_wait: Callable[[str], None] | None = None,
    ) -> PgStore:
        """Open (creating or migrating its tables) the archive at ``url``.

        ``lock_timeout`` is accepted for the file store's sake: writers here wait
        for each other in the server.
        """
        return cls(url, read_only=read_only, on_lock_wait=on_lock_wait)

    def close(self) -> None:
        self._conn.close()
        if self._writer is not None:
            self._writer.close()

    def __enter__(self) -> PgStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- statements -----------------------------------------------------
    def _connection(self) -> Connection:
        """The writer's connection inside this thread's batch, else the readers' one
        (connected again if the server dropped it: a restart does not end a session)."""
        if self._owner == threading.get_ident() and self._writer is not None:
            return self._writer
        if self._conn.broken or self._conn.closed:
            self._conn = connect(self.url)
        return self._conn

    def query(
        self,
        sql: str,
        params: Sequence[Any] | None = None,
        work_mem: str | None = None,
        *,
        binary: bool = False,
    ) -> list[tuple[Any, ...]]:
        """The rows of one statement (a driver error becomes one ``DatabaseError`` line).

        Outside a batch a statement whose connection was dropped runs once more on
        a new one; other threads' reads never see a batch's uncommitted writes.
        ``work_mem`` (e.g. ``"64MB"``) is the server's memory for this statement's
        sorts and hashes (``SET LOCAL``: its transaction only). ``binary`` asks for
        the results in binary form (large ``bytea`` values come four times faster
        than as hexadecimal text).
        """
        conn = self._connection()
        try:
            with server_errors(self.url, "a query"):
                return _rows(conn, sql, params, work_mem, binary)
        except DatabaseError:
            if conn is self._writer or not conn.broken:
                raise
        with server_errors(self.url, "a query"):
            return _rows(self._connection(), sql, params, work_mem, binary)

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> None:
        with server_errors(self.url, "a write"):
            self._connection().execute(sql, params)

    def write_problem(self) -> str | None:
        """Why this store cannot write (opened read-only), or None."""
        return f"the archive on {self.where} is open read-only" if self.read_only else None

    @contextmanager
    def batch(self) -> Iterator[None]:
        """One transaction for many writes, on a connection of its own.

        Writers (in this process: threads; elsewhere: processes) take turns on an
        advisory lock; readers never wait and see the writes once committed.
        """
        if self._owner == threading.get_ident():
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        problem = self.write_problem()
        if problem:
            raise DatabaseError(problem)
        with self._turn:
            if self._writer is None or self._writer.broken or self._writer.closed:
                self._writer = connect(self.url)
            writer = self._writer
            with server_errors(self.url, "a write"), writer.transaction():
                self._take_turn(writer)
                self._owner, self._depth = threading.get_ident(), 1
                try:
                    yield
                finally:
                    self._owner, self._depth = None, 0
                    self._batch_files = None

    def _take_turn(self, writer: Connection) -> None:
        row = writer.execute("SELECT pg_try_advisory_xact_lock(%s)", (ADVISORY_LOCK,))
        got = row.fetchone()
        if got and got[0]:
            return
        if self._on_lock_wait is not None:
            self._on_lock_wait(f"waiting for another writer to the archive on {self.where}…")
        writer.execute("SELECT pg_advisory_xact_lock(%s)", (ADVISORY_LOCK,))

    def changed_on_disk(self) -> bool:
        """Always False: every read asks the server, so nothing read is stale."""
        return False

    def reload(self) -> None:
        """Nothing to drop: reads are not cached."""

    # -- meta -----------------------------------------------------------
    def schema_version(self) -> int | None:
        rows = self.query(f"SELECT max(version) FROM {SCHEMA}.schema_version")
        return int(rows[0][0]) if rows and rows[0][0] is not None else None

    def get_meta(self, key: str) -> Any:
        rows = self.query(f"SELECT value FROM {SCHEMA}.meta WHERE key = %s", (key,))
        return rows[0][0] if rows else None

    def set_meta(self, key: str, value: Any) -> None:
        with self.batch():
            self.execute(
                f"INSERT INTO {SCHEMA}.meta VALUES (%s, %s) "
                "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                (key, Jsonb(value)),
            )

    def generation(self) -> int:
        """A counter bumped by every change to the articles; derived data keys on it."""
        value = self.get_meta("generation")
        return int(value) if isinstance(value, int) else 0

    def _bump_generation(self) -> None:
        self.execute(
            f"INSERT INTO {SCHEMA}.meta VALUES ('generation', '1') ON CONFLICT (key) "
            "DO UPDATE SET value = to_jsonb((meta.value #>> '{}')::bigint + 1)"
        )
        self.execute(NOTIFY_CHANGED)  # heard by listening clients once this commits

    def changes(self) -> Listener:
        """A listener (a connection of its own) woken by every committed change to the list."""
        return Listener(self.url)

    def sidecar_path(self, name: str) -> Path:
        """Where a derived file of this archive is kept on this machine; the facts file
        is first brought up to the server's rows (store.pg.rows)."""
        path = sidecar_of(self.path, name)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            if not self.read_only:
                raise DatabaseError(
                    f"cannot create the cache folder {path.parent}: {exc.strerror}"
                ) from None
            return path
        if name == FACTS:
            from newsdesk.store.pg.rows import sync_facts

            sync_facts(self, path)
        return path

    # -- articles -------------------------------------------------------
    def ids(self) -> list[str]:
        """All article ids, sorted."""
        return sorted(str(r[0]) for r in self.query(f"SELECT id FROM {SCHEMA}.articles"))

    def __len__(self) -> int:
        return int(self.query(f"SELECT count(*) FROM {SCHEMA}.articles")[0][0])

    def is_empty(self) -> bool:
        return not self.query(f"SELECT 1 FROM {SCHEMA}.articles LIMIT 1")

    def summaries(self, listing: Listing | None = None) -> list[ArticleSummary]:
        """Every article without its paragraphs, newest first, then by id.

        ``listing`` (a TinyDB file's catalog) does not describe a server's archive.
        """
        rows = [
            ArticleSummary.from_record({**record, "pair": pair})
            for record, pair in self.query(f"SELECT record, pair FROM {SCHEMA}.articles")
        ]
        rows.sort(key=lambda a: a.id)
        rows.sort(key=lambda a: a.date or "", reverse=True)
        return rows

    def _collated(self, column: str) -> str:
        """``column`` compared as Python compares strings (code points).

        On a database whose collation is already byte order (C, POSIX, C.UTF-8) the
        column is left as it is, so the ``articles_listing`` index serves the list.
        """
        if self._listing_order is None:
            # The server sorts a few telling strings: an ICU or a language's collation
            # (whatever the database's libc setting says) puts them in another order.
            rows = self.query(
                "SELECT array_agg(x ORDER BY x) FROM unnest(%s::text[]) AS x", (_PROBES,)
            )
            plain = bool(rows) and rows[0][0] == sorted(_PROBES)
            self._listing_order = "" if plain else ' COLLATE "C"'
        return column + self._listing_order

    def summaries_of(self, ids: Iterable[str]) -> list[ArticleSummary]:
        """The rows of :meth:`summaries` of the articles ``ids`` that are stored, by id."""
        return [
            ArticleSummary.from_record({**record, "pair": pair})
            for record, pair in self.query(
                f"SELECT record, pair FROM {SCHEMA}.articles WHERE id = ANY(%s) ORDER BY id",
                (sorted(set(ids)),),
            )
        ]

    def last_write(self) -> LastWrite | None:
        """None: a server's archive keeps no catalog for a write to bring up to date."""
        return None

    def summary_page(self, offset: int, limit: int) -> list[ArticleSummary]:
        """At most ``limit`` rows of :meth:`summaries`, from position ``offset`` on."""
        # The page's ids first (the listing index alone, or a sort of short keys),
        # then their records: the sort never carries the records.
        order = f"{self._collated('k.date')} DESC NULLS LAST, {self._collated('k.id')}"
        return [
            ArticleSummary.from_record({**record, "pair": pair})
            for record, pair in self.query(
                f"SELECT a.record, a.pair FROM (SELECT id, date FROM {SCHEMA}.articles AS k "
                f"ORDER BY {order} LIMIT %s OFFSET %s) AS k "
                f"JOIN {SCHEMA}.articles AS a ON a.id = k.id ORDER BY {order}",
                (max(0, limit), max(0, offset)),
            )
        ]

    def summary_position(self, doc_id: str) -> int | None:
        """Where article ``doc_id`` (an exact id) stands in :meth:`summaries`, None if absent."""
        found = self.query(f"SELECT date FROM {SCHEMA}.articles WHERE id = %s", (doc_id,))
        if not found:
            return None
        date, ident = self._collated("date"), self._collated("id")
        when = found[0][0]
        if when is None:  # undated: after every dated article, then by id
            before, params = f"date IS NOT NULL OR {ident} < %s", [doc_id]
        else:
            before = f"{date} > %s OR (date = %s AND {ident} < %s)"
            params = [when, when, doc_id]
        rows = self.query(f"SELECT count(*) FROM {SCHEMA}.articles WHERE {before}", params)
        return int(rows[0][0])

    def _full(self, ids: list[str]) -> list[Article]:
        """The articles ``ids`` (exact ids), in that order, with their paragraphs."""
        records = {
            str(i): {**record, "pair": pair}
            for i, record, pair in self.query(
                f"SELECT id, record, pair FROM {SCHEMA}.articles WHERE id = ANY(%s)", (ids,)
            )
        }
        for record in records.values():
            record["paragraphs"] = []
        for doc, n, kind, text in self.query(
            f"SELECT article_id, n, kind, text FROM {SCHEMA}.paragraphs "
            "WHERE article_id = ANY(%s) ORDER BY article_id, n",
            (ids,),
        ):
            records[str(doc)]["paragraphs"].append({"n": n, "kind": kind, "text": text})
        return [Article.from_record(records[i]) for i in ids if i in records]

    def articles(self) -> Iterator[Article]:
        """Every full article, in id order (read a few hundred at a time)."""
        ids = self.ids()
        for start in range(0, len(ids), _CHUNK):
            yield from self._full(ids[start : start + _CHUNK])

    def resolve(self, ref: str) -> str:
        """The full id for ``ref``: an id or any unique prefix of one."""
        if not ref:
            raise UnknownId(f"no article with id {ref!r}")
        if self.query(f"SELECT 1 FROM {SCHEMA}.articles WHERE id = %s", (ref,)):
            return ref
        matches = sorted(
            str(r[0])
            for r in self.query(
                f"SELECT id FROM {SCHEMA}.articles WHERE starts_with(id, %s)", (ref,)
            )
        )
        if not matches:
            raise UnknownId(f"no article with id {ref!r}")
        if len(matches) > 1:
            shown = ", ".join(matches[:5]) + (" …" if len(matches) > 5 else "")
            raise AmbiguousId(f"id {ref!r} is ambiguous: it matches {shown}")
        return matches[0]

    def get(self, ref: str) -> Article:
        """The article with id (or unique id prefix) ``ref``."""
        found = self._full([self.resolve(ref)])
        if not found:  # removed between the two reads
            raise UnknownId(f"no article with id {ref!r}")
        return found[0]

    def known_sha(self, doc_id: str) -> str | None:
        """The stored SHA-256 of article ``doc_id`` (exact id), None when unknown."""
        rows = self.query(f"SELECT sha256 FROM {SCHEMA}.articles WHERE id = %s", (doc_id,))
        return str(rows[0][0]) if rows else None

    def put(self, articles: Iterable[Article]) -> None:
        """Insert or replace articles by id, in one transaction."""
        chosen = {a.id: a for a in articles}
        self._write(
            chosen,
            (a.to_record() for a in chosen.values()),
            ((a.id, a.paragraphs) for a in chosen.values()),
        )

    def put_records(self, records: Iterable[dict[str, Any]]) -> None:
        """Insert or replace articles given as stored records (``Article.to_record``).

        Each record's paragraphs are unpacked as its rows are sent, not all at once."""
        chosen = {str(r["id"]): r for r in records}
        self._write(
            chosen,
            iter(chosen.values()),
            ((doc, unpack_paragraphs(r["body"])) for doc, r in chosen.items()),
        )

    def _write(
        self,
        ids: Iterable[str],
        records: Iterator[dict[str, Any]],
        paragraphs: Iterator[tuple[str, Sequence[Paragraph]]],
    ) -> None:
        """Store articles' records and paragraphs, replacing those of the same ids."""
        wanted = list(ids)
        if not wanted:
            return
        with self.batch(), server_errors(self.url, "storing articles"):
            writer = self._connection()
            writer.execute(
                f"DELETE FROM {SCHEMA}.articles WHERE id IN "
                "(SELECT json_array_elements_text(%s::json))",
                (orjson.dumps(wanted).decode(),),
            )
            self._forget_files(wanted)
            files = self._batch_files
            cursor = writer.cursor()
            with cursor.copy(
                f"COPY {SCHEMA}.articles (id, file, sha256, lang, date, pair, record) FROM STDIN"
            ) as copy:
                for record in records:
                    row = _article_row(record)
                    copy.write_row(row)
                    if files is not None:
                        files[row[1]] = (row[0], row[2])
            with cursor.copy(
                f"COPY {SCHEMA}.paragraphs (article_id, n, kind, text) FROM STDIN"
            ) as copy:
                for doc_id, paras in paragraphs:
                    for p in paras:
                        copy.write_row((doc_id, p.n, p.kind, p.text))
            self._bump_generation()

    def remove(self, ids: Iterable[str]) -> None:
        """Delete articles by id; derived data follows."""
        wanted = sorted(set(ids))
        with self.batch():
            gone = self.query(
                f"DELETE FROM {SCHEMA}.articles WHERE id = ANY(%s) RETURNING id", (wanted,)
            )
            if gone:
                self._bump_generation()
                self._forget_files(str(doc) for (doc,) in gone)
                update_derived(self._as_store(), wanted)
        after_write(self._as_store(), bool(gone))

    def _forget_files(self, ids: Iterable[str]) -> None:
        """Take the articles ``ids`` out of the batch's file list (when it holds one)."""
        files = self._batch_files
        if files is not None:
            gone = set(ids)
            for file in [f for f, (doc, _) in files.items() if doc in gone]:
                del files[file]

    def files_fingerprint(self) -> str:
        """A digest of every article's id, sha256 and file (store.records.files_digest)."""
        return files_digest(self.known_files())

    def known_files(self) -> dict[str, tuple[str, str]]:
        """file path → (id, sha256) for every stored article (a copy; inside a batch
        read once and kept in step with the batch's own writes)."""
        if self._batch_files is not None and self._owner == threading.get_ident():
            return dict(self._batch_files)
        files = {
            str(file): (str(doc_id), str(sha))
            for file, doc_id, sha in self.query(f"SELECT file, id, sha256 FROM {SCHEMA}.articles")
        }
        if self._owner == threading.get_ident():
            self._batch_files = dict(files)
        return files

    def files_named(self, files: Iterable[str], ids: Iterable[str]) -> dict[str, tuple[str, str]]:
        """:meth:`known_files` of the articles at ``files`` or with ids ``ids`` only
        (two index look-ups, where every article's row is a scan of the table)."""
        rows = self.query(
            f"SELECT file, id, sha256 FROM {SCHEMA}.articles WHERE file = ANY(%s) OR id = ANY(%s)",
            (sorted(set(files)), sorted(set(ids))),
        )
        return {str(file): (str(doc_id), str(sha)) for file, doc_id, sha in rows}

    # -- derived data -----------------------------------------------------
    def table(self, name: str) -> PgTable:
        """A table of derived data (``"pairs"``, ``"alignments"``)."""
        if name in ("articles", "meta"):
            raise ValueError(f"table {name!r} belongs to the store itself")
        return PgTable(self, name)

    def drop_table(self, name: str) -> None:
        """Empty a table of derived data."""
        self.table(name).truncate()

    def set_pairs(self, pairs: Mapping[str, str | None]) -> None:
        """Set articles' ``pair`` field (derived data: the generation is not bumped)."""
        if not pairs:
            return
        with self.batch():
            # One JSON object (id → partner): a text[] parameter is quoted in Python.
            self.execute(
                f"UPDATE {SCHEMA}.articles AS a SET pair = p.value "
                "FROM json_each_text(%s::json) AS p "
                "WHERE a.id = p.key AND a.pair IS DISTINCT FROM p.value",
                (orjson.dumps(dict(pairs)).decode(),),
            )
            self.execute(NOTIFY_CHANGED)  # the list's ⇄ column changes

    # -- ingest ---------------------------------------------------------
    def _as_store(self) -> Store:
        # The ingest and derived-data stages are typed for the file store; this
        # class answers every call they make (tests/test_pg_store.py compares
        # the two classes' public methods).
        return cast("Store", self)

    def ingest(
        self, paths: Iterable[Path], progress: ProgressCallback | None = None
    ) -> IngestReport:
        """Parse files and folders into the archive; unchanged files change nothing."""
        from newsdesk.store.ingest import ingest_files

        report = ingest_files(self._as_store(), list(paths), progress=progress)
        after_write(self._as_store(), report.changed, progress)
        written = len(report.added) + len(report.updated)
        # The archive is counted only after a large write (not at every small one).
        if written >= ANALYZE_AFTER and written >= len(self) // 10:
            self.analyze(progress)
        return report

    def analyze(self, progress: ProgressCallback | None = None) -> None:
        """Have the server vacuum the archive's tables and gather their statistics now
        (``VACUUM (ANALYZE)``; ANALYZE alone inside a batch, a transaction).

        Until it does (autovacuum does, some time after), the planner knows nothing of
        rows just written in bulk (right after a large ingest it scanned every passage
        to remove the passages of one article: 0.6 s at 100k instead of 0.2 ms), and
        the first reads of those rows mark them as they go (4.4 s at 100k, after which
        adding one article took 0.96–1.19 s instead of 1.21–1.36).
        """
        report_step(progress, "tidying the tables on the server")
        tables = ", ".join(f"{SCHEMA}.{t}" for t in ANALYZED)
        in_batch = self._owner == threading.get_ident()
        self.execute(f"ANALYZE {tables}" if in_batch else f"VACUUM (ANALYZE) {tables}")

    def write_catalog(self) -> None:
        """Nothing: the catalog speeds up reading a file; the server answers the list."""

    def ensure_seeded(self) -> IngestReport | None:
        """Ingest the bundled seeds when the archive holds no article."""
        if not self.is_empty():
            return None
        return self.ingest(seed_paths())

    def store_fact_rows(
        self, rows: Iterable[Mapping[str, Any]], gone: Iterable[str] = (), prune: bool = False
    ) -> None:
        """Write articles' facts rows, and mark those of ``gone`` (and with ``prune``,
        of every article no longer stored) removed (store.pg.rows)."""
        from newsdesk.store.pg.rows import put_facts

        put_facts(self, rows, gone, prune)

    def pairing_rows(self) -> FeatureRows:
        """The pairing features as rows, with their anchors' counts (store.pg.rows)."""
        from newsdesk.store.pg.rows import FeatureRows

        return FeatureRows(self)

    # -- search -----------------------------------------------------------
    def search_candidates(
        self, query: Query, lang: str | None = None, limit: int | None = None
    ) -> SearchIndex | None:
        """The passages ``query`` may match, found by the server, for store.search to
        rank (store.pg.search); None while they are not built yet (a read-only client
        of an archive just migrated searches the local index instead)."""
        from newsdesk.store.pg.search import candidate_index, search_ready

        if not search_ready(self):
            return None
        return candidate_index(self, query, lang, limit)

    def write_search_passages(
        self, changed_ids: list[str], cuts: Mapping[str, ArticleCut] | None = None
    ) -> None:
        """The search stage of an ingest or a removal: the passages of the articles
        added, changed or removed, in the write's transaction (store.pg.search)."""
        from newsdesk.store.pg.passages import write_passages

        write_passages(self, changed_ids, cuts)


def _rows(
    conn: Connection,
    sql: str,
    params: Sequence[Any] | None,
    work_mem: str | None,
    binary: bool = False,
) -> list[tuple[Any, ...]]:
    """The rows of one statement on ``conn``, with ``work_mem`` for its transaction."""
    if work_mem is None:
        return conn.execute(sql, params, binary=binary).fetchall()
    with conn.transaction():
        conn.execute("SELECT set_config('work_mem', %s, true)", (work_mem,))
        return conn.execute(sql, params, binary=binary).fetchall()
