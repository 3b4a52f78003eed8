"""The article store: a TinyDB file of articles plus a meta table."""

from __future__ import annotations

import bisect
import itertools
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tinydb import TinyDB
from tinydb.table import Document, Table

from newsdesk.store.catalog import Listing
from newsdesk.store.derived import after_write, update_derived, write_article_list
from newsdesk.store.errors import AmbiguousId, DatabaseError, UnknownId
from newsdesk.store.lock import WriteLock
from newsdesk.store.migrate import migration_backup_path, stored_version, upgrade
from newsdesk.store.progress import ProgressCallback
from newsdesk.store.records import Article, ArticleSummary, files_digest
from newsdesk.store.seeds import seed_paths
from newsdesk.store.sidecars import sidecar_of
from newsdesk.store.storage import AtomicJSONStorage, Stamp, write_atomic, write_error

if TYPE_CHECKING:
    from newsdesk.store.changes import ChangeListener
    from newsdesk.store.ingest import IngestReport

__all__ = ["SCHEMA_VERSION", "LastWrite", "Store", "default_db_path"]

#: Version of the stored layout; older files are migrated on open
#: (2: each article's paragraphs packed into one ``body`` string).
SCHEMA_VERSION = 2


def _upgrade_if_old(tables: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    version = stored_version(tables)
    if version is None or version >= SCHEMA_VERSION:
        return tables
    return upgrade(tables, version, SCHEMA_VERSION)


def default_db_path() -> Path:
    """``$NEWSDESK_DB``, else ``newsdesk.json`` in the user data directory."""
    env = os.environ.get("NEWSDESK_DB")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_path

    return user_data_path("newsdesk", appauthor=False) / "newsdesk.json"


@dataclass(frozen=True, slots=True)
class LastWrite:
    """A batch's write: the file's stamps before and after, the articles it touched."""

    before: Stamp | None
    after: Stamp | None
    ids: frozenset[str]


@dataclass(slots=True)
class _Files:
    """Every stored article's file → (id, sha256), valid for one state of the records,
    and their digest once asked for."""

    raw: dict[str, dict[str, Any]]
    version: int
    files: dict[str, tuple[str, str]]
    fingerprint: str | None = None


def _file_entry(record: Mapping[str, Any]) -> tuple[str, tuple[str, str]]:
    """A stored record's file → (id, sha256)."""
    return str(record["file"]), (str(record["id"]), str(record.get("sha256", "")))


@dataclass(frozen=True, slots=True)
class _IdIndex:
    """A lookup table over the stored records, valid for one state of them."""

    raw: dict[str, dict[str, Any]]
    version: int
    by_id: dict[str, dict[str, Any]]
    ids: list[str]


class Store:
    """Articles in one TinyDB file. Open with :meth:`open`; close when done."""

    def __init__(
        self,
        path: Path,
        *,
        read_only: bool = False,
        create_folder: bool = False,
        lock_timeout: float | None = None,
        on_lock_wait: Callable[[str], None] | None = None,
    ) -> None:
        # Writes replace the file by rename: through a symlink that would
        # replace the link, so work on the file it points to.
        self.path = path.resolve() if path.is_symlink() else path
        self.read_only = read_only
        self._id_index: _IdIndex | None = None
        self._known: _Files | None = None
        self._list_order: tuple[_IdIndex, list[str]] | None = None
        self._version = 0
        #: Ids whose records the current batch changed, and what the last batch wrote.
        self._edited: set[str] = set()
        self._last_write: LastWrite | None = None
        self._cannot_write: str | None = None
        if not read_only:
            self._check_location(create_folder)
            # A read-only file or folder is opened read-only: reading works
            # (derived data stays in memory) and the first write says why not.
            self._cannot_write = self._find_write_problem()
            self.read_only = self._cannot_write is not None
        #: One writer at a time (None when read-only); see store.lock.
        self.lock = (
            None
            if self.read_only
            else WriteLock(self.path, timeout=lock_timeout, on_wait=on_lock_wait)
        )
        self.storage: AtomicJSONStorage
        self._db = TinyDB(self.path, storage=self._make_storage)
        self._articles = self._db.table("articles", cache_size=0)
        self._meta = self._db.table("meta", cache_size=0)
        self._check_schema()

    def _make_storage(self, path: str) -> AtomicJSONStorage:
        self.storage = AtomicJSONStorage(
            path, read_only=self.read_only, lock=self.lock, on_reload=self._forget_next_ids
        )
        return self.storage

    def _forget_next_ids(self) -> None:
        # TinyDB caches each table's next document id; after another process
        # wrote the file that cache is stale and insert_multiple would
        # silently overwrite that process's documents.
        db = getattr(self, "_db", None)
        for table in getattr(db, "_tables", {}).values():
            table._next_id = None

    def _check_location(self, create_folder: bool) -> None:
        folder = self.path.parent
        if not folder.exists():
            if not create_folder:
                raise DatabaseError(
                    f"the folder {folder} for the database {self.path.name} does not exist; "
                    "create it first or choose another --db path"
                )
            try:
                folder.mkdir(parents=True)
            except OSError as exc:
                raise DatabaseError(
                    f"cannot create the database folder {folder}: {exc.strerror}"
                ) from None
        if not folder.is_dir():
            raise DatabaseError(f"database folder {folder} is not a folder")
        if self.path.is_dir():
            raise DatabaseError(f"database path {self.path} is a folder, not a file")

    def write_problem(self) -> str | None:
        """Why this store cannot write (opened read-only, read-only file or folder), or None.

        A read-only file can still be opened and read; the first write fails
        with this message before anything is done.
        """
        if self._cannot_write:
            return self._cannot_write
        if self.read_only:
            return f"database {self.path} is open read-only"
        return None

    def _find_write_problem(self) -> str | None:
        try:
            st = self.path.stat()
        except OSError:
            st = None
        # Mode bits count too: root may write anything, but a file made
        # read-only on purpose is not changed behind the user's back.
        if st is not None and (not os.access(self.path, os.W_OK) or not st.st_mode & 0o222):
            return (
                f"database {self.path} is read-only; nothing was changed "
                "(make it writable or choose another --db path)"
            )
        if not os.access(self.path.parent, os.W_OK | os.X_OK):
            return f"cannot write in the database folder {self.path.parent}; nothing was changed"
        return None

    def _check_schema(self) -> None:
        tables = self.storage.read() or {}  # raises DatabaseError on a corrupt file
        version = stored_version(tables)
        if version is not None and version > SCHEMA_VERSION:
            raise DatabaseError(
                f"database {self.path} has schema version {version}, newer than this "
                f"newsdesk understands ({SCHEMA_VERSION}); upgrade newsdesk"
            )
        # A new database is written (and stamped) by its first write only, so
        # opening one never creates a file.
        if version is None or version == SCHEMA_VERSION:
            return
        if self.read_only:
            # Read the old layout through the migration without touching the file.
            self.storage.transform = _upgrade_if_old
            self.storage.reload()
            return
        with self.storage.batch():
            tables = self.storage.read() or {}  # reread under the lock
            version = stored_version(tables)
            if version is not None and version < SCHEMA_VERSION:
                if self.path.exists():
                    kept = migration_backup_path(self.path, version)
                    try:
                        write_atomic(
                            kept, self.path.read_bytes(), keep_backup=False, mode_of=self.path
                        )
                    except OSError as exc:
                        raise write_error(exc, "the copy of the old database", kept) from None
                self.storage.write(upgrade(tables, version, SCHEMA_VERSION))

    # -- lifecycle ------------------------------------------------------
    @classmethod
    def open(
        cls,
        path: Path | None = None,
        *,
        read_only: bool = False,
        lock_timeout: float | None = None,
        on_lock_wait: Callable[[str], None] | None = None,
    ) -> Store:
        """Open (creating if needed) the database at ``path`` or the default one.

        The folder is created only for the default location; a ``path`` (or
        ``$NEWSDESK_DB``) in a missing folder is an error. Older layouts are
        migrated. ``lock_timeout`` (default ``$NEWSDESK_LOCK_TIMEOUT`` or 60 s)
        bounds the wait for another writer; ``on_lock_wait`` gets the one
        "waiting" message (default: printed on stderr).
        """
        create = path is None and not os.environ.get("NEWSDESK_DB")
        return cls(
            path or default_db_path(),
            read_only=read_only,
            create_folder=create,
            lock_timeout=lock_timeout,
            on_lock_wait=on_lock_wait,
        )

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Group many writes into one atomic file write, under the write lock."""
        outer = not self.storage.in_batch
        if outer:
            problem = self.write_problem()
            if problem:
                raise DatabaseError(problem)
        with self.storage.batch():
            if not outer:
                yield
                return
            before = self.storage.read_stamp()
            self._edited = set()
            self._last_write = None
            if stored_version(self.storage.read() or {}) is None:
                self._meta.insert({"schema_version": SCHEMA_VERSION})
            yield  # on an error nothing is written: the next batch starts afresh
        after = self.storage.read_stamp()
        if after != before:
            self._last_write = LastWrite(before, after, frozenset(self._edited))
        self._edited = set()

    def last_write(self) -> LastWrite | None:
        """What this store's last batch wrote: the file's stamps before and after it and
        the ids of the articles it added, changed or removed (None when it wrote nothing)."""
        return self._last_write

    def changed_on_disk(self) -> bool:
        """True when another process has written the database since we read it."""
        return self.storage.changed_on_disk()

    def reload(self) -> None:
        """Drop cached data so the next query reads the file again."""
        self.storage.reload()

    # -- meta -----------------------------------------------------------
    def schema_version(self) -> int | None:
        rows = self._meta.all()
        if not rows:
            return None
        value = rows[0].get("schema_version")
        return int(value) if isinstance(value, int) else None

    def get_meta(self, key: str) -> Any:
        rows = self._meta.all()
        return rows[0].get(key) if rows else None

    def set_meta(self, key: str, value: Any) -> None:
        with self.batch():
            rows = self._meta.all()
            if rows:
                self._meta.update({key: value}, doc_ids=[rows[0].doc_id])
            else:
                self._meta.insert({"schema_version": SCHEMA_VERSION, key: value})

    def generation(self) -> int:
        """A counter bumped by every change to the articles; derived data keys on it."""
        value = self.get_meta("generation")
        return int(value) if isinstance(value, int) else 0

    def _bump_generation(self) -> None:
        self.set_meta("generation", self.generation() + 1)

    def sidecar_path(self, name: str) -> Path:
        """Path of a derived-data file kept beside the database (``db.json`` → ``db.<name>``)."""
        return sidecar_of(self.path, name)

    # -- articles -------------------------------------------------------
    def _records(self) -> list[Document]:
        return self._articles.all()

    def _raw_records(self) -> dict[str, dict[str, Any]]:
        """The stored article records by TinyDB doc id, read without copying."""
        tables = self.storage.read() or {}
        return tables.get("articles", {})

    def _index(self) -> _IdIndex:
        """id → record and the sorted ids, rebuilt when the records change."""
        raw = self._raw_records()
        cached = self._id_index
        if cached is None or cached.raw is not raw or cached.version != self._version:
            by_id = {str(r["id"]): r for r in raw.values()}
            cached = _IdIndex(raw, self._version, by_id, sorted(by_id))
            self._id_index = cached
        return cached

    def ids(self) -> list[str]:
        """All article ids, sorted."""
        return list(self._index().ids)

    def __len__(self) -> int:
        return len(self._raw_records())

    def is_empty(self) -> bool:
        return not self._raw_records()

    def summaries(self, listing: Listing | None = None) -> list[ArticleSummary]:
        """Every article without its paragraphs, newest first, then by id.

        ``listing``, the catalog read before this store opened, gives its rows as
        they are when they describe the very file this store read (at 50k articles,
        building the rows again took 0.7-1.1 s).
        """
        index = self._index()  # reads the database first: the stamp is that read's
        stamp = self.storage.read_stamp()
        if (
            listing is not None
            and stamp is not None
            and not self.storage.in_batch
            and [stamp[1], stamp[2]] == listing.stamp
        ):
            return listing.rows
        rows = [ArticleSummary.from_record(index.by_id[i]) for i in index.ids]
        rows.sort(key=lambda a: a.date or "", reverse=True)
        return rows

    def summaries_of(self, ids: Iterable[str]) -> list[ArticleSummary]:
        """The rows of :meth:`summaries` of the articles ``ids`` that are stored, by id."""
        by_id = self._index().by_id
        return [ArticleSummary.from_record(by_id[i]) for i in sorted(set(ids)) if i in by_id]

    def _listed_ids(self) -> tuple[_IdIndex, list[str]]:
        """The ids in the list's order (newest first, then by id), kept per state of the records."""
        index = self._index()
        cached = self._list_order
        if cached is None or cached[0] is not index:
            by_id = index.by_id
            order = sorted(index.ids, key=lambda i: by_id[i].get("date") or "", reverse=True)
            cached = self._list_order = (index, order)
        return cached

    def summary_page(self, offset: int, limit: int) -> list[ArticleSummary]:
        """At most ``limit`` rows of :meth:`summaries`, from position ``offset`` on."""
        index, order = self._listed_ids()
        start = max(0, offset)
        return [
            ArticleSummary.from_record(index.by_id[i]) for i in order[start : start + max(0, limit)]
        ]

    def summary_position(self, doc_id: str) -> int | None:
        """Where article ``doc_id`` (an exact id) stands in :meth:`summaries`, None if absent."""
        index, order = self._listed_ids()
        return order.index(doc_id) if doc_id in index.by_id else None

    def changes(self) -> ChangeListener | None:
        """None: a file tells no one of its changes (poll :meth:`generation`)."""
        return None

    def articles(self) -> Iterator[Article]:
        """Every full article, in id order."""
        index = self._index()
        for doc_id in index.ids:
            yield Article.from_record(index.by_id[doc_id])

    def resolve(self, ref: str) -> str:
        """The full id for ``ref``: an id or any unique prefix of one."""
        index = self._index()
        if ref in index.by_id:
            return ref
        start = bisect.bisect_left(index.ids, ref) if ref else len(index.ids)
        matches = list(
            itertools.takewhile(
                lambda i: i.startswith(ref), itertools.islice(index.ids, start, None)
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
        return Article.from_record(self._index().by_id[self.resolve(ref)])

    def known_sha(self, doc_id: str) -> str | None:
        """The stored SHA-256 of article ``doc_id`` (exact id), None when unknown."""
        record = self._index().by_id.get(doc_id)
        return None if record is None else str(record.get("sha256", ""))

    def put(self, articles: Iterable[Article]) -> None:
        """Insert or replace articles by id, in one write."""
        self.put_records(a.to_record() for a in articles)

    def put_records(self, records: Iterable[dict[str, Any]]) -> None:
        """Insert or replace articles given as stored records (``Article.to_record``),
        by id, in one write (an ingest packs each article as it is parsed)."""
        by_id = {str(r["id"]): r for r in records}
        if not by_id:
            return
        with self.batch():
            raw = self._raw_records()
            before = self._current_files()
            replace = [key for key, r in raw.items() if str(r["id"]) in by_id]
            gone = [str(raw[key]["file"]) for key in replace]
            if replace:
                self._articles.remove(doc_ids=[int(key) for key in replace])
            self._articles.insert_multiple(by_id.values())
            self._edited.update(by_id)
            self._bump_generation()
            self._version += 1
            self._carry_files(before, gone, list(by_id.values()))

    def remove(self, ids: Iterable[str]) -> None:
        """Delete articles by id; derived data follows."""
        wanted = set(ids)
        with self.batch():
            doc_ids = [r.doc_id for r in self._records() if r["id"] in wanted]
            if doc_ids:
                self._articles.remove(doc_ids=doc_ids)
                self._edited.update(wanted)
                self._bump_generation()
                self._version += 1
                update_derived(self, sorted(wanted))
        after_write(self, bool(doc_ids))

    def known_files(self) -> dict[str, tuple[str, str]]:
        """file path → (id, sha256) for every stored article (a copy: an ingest asks
        five times, and building it walks every record)."""
        return dict(self._files().files)

    def files_named(self, files: Iterable[str], ids: Iterable[str]) -> dict[str, tuple[str, str]]:
        """:meth:`known_files` of the articles at ``files`` or with ids ``ids`` only."""
        paths, wanted = set(files), set(ids)
        return {
            file: entry
            for file, entry in self._files().files.items()
            if file in paths or entry[0] in wanted
        }

    def _files(self) -> _Files:
        """file path → (id, sha256), kept per state of the records."""
        cached = self._current_files()
        if cached is None:
            raw = self._raw_records()
            files = dict(_file_entry(r) for r in raw.values())
            cached = self._known = _Files(raw, self._version, files)
        return cached

    def _carry_files(
        self, before: _Files | None, gone: list[str], added: list[dict[str, Any]]
    ) -> None:
        """Keep the files of ``before`` (the state before a change of the records) for the
        state after it: ``gone`` files removed, the records ``added`` put in."""
        if before is None:
            return
        files = before.files
        for file in gone:
            files.pop(file, None)
        files.update(_file_entry(r) for r in added)
        self._known = _Files(self._raw_records(), self._version, files)

    def _current_files(self) -> _Files | None:
        """The files cached for the records as they are now, if any."""
        cached = self._known
        if (
            cached is None
            or cached.raw is not self._raw_records()
            or cached.version != self._version
        ):
            return None
        return cached

    def files_fingerprint(self) -> str:
        """A digest of every article's id, sha256 and file (a search index carries it),
        kept per state of the records."""
        state = self._files()
        if state.fingerprint is None:
            state.fingerprint = files_digest(state.files)
        return state.fingerprint

    # -- derived data -----------------------------------------------------
    @staticmethod
    def _derived_table_name(name: str) -> str:
        """``name``, refused when it is one of the store's own tables."""
        if name in ("articles", "meta"):
            raise ValueError(f"table {name!r} belongs to the store itself")
        return name

    def table(self, name: str) -> Table:
        """A TinyDB table of derived data kept in the database file (``"pairs"``, …)."""
        return self._db.table(self._derived_table_name(name), cache_size=0)

    def drop_table(self, name: str) -> None:
        """Remove a table of derived data from the database file."""
        self._derived_table_name(name)
        with self.batch():
            self._db.drop_table(name)

    def set_pairs(self, pairs: Mapping[str, str | None]) -> None:
        """Set articles' ``pair`` field (derived data: the generation is not bumped)."""
        by_id = self._index().by_id
        changes = {i: p for i, p in pairs.items() if i in by_id and by_id[i].get("pair") != p}
        if not changes:
            return

        def apply(doc: MutableMapping[Any, Any]) -> None:
            doc["pair"] = changes[str(doc["id"])]

        doc_ids = [int(k) for k, r in self._raw_records().items() if str(r["id"]) in changes]
        with self.batch():
            before = self._current_files()
            self._articles.update(apply, doc_ids=doc_ids)
            self._edited.update(changes)
            self._version += 1
            self._carry_files(before, [], [])

    # -- ingest ---------------------------------------------------------
    def ingest(
        self, paths: Iterable[Path], progress: ProgressCallback | None = None
    ) -> IngestReport:
        """Parse files and folders into the store; unchanged files change nothing.

        ``progress`` hears each step (:mod:`store.progress`): files read, files
        parsed, then each step over the whole corpus.
        """
        from newsdesk.store.ingest import ingest_files  # parsing code: loaded only to ingest

        report = ingest_files(self, list(paths), progress=progress)
        after_write(self, report.changed, progress)
        return report

    def write_catalog(self) -> None:
        """Save the article list beside the database for a fast app start."""
        write_article_list(self)

    def ensure_seeded(self) -> IngestReport | None:
        """Ingest the bundled seeds when the database holds no article."""
        if not self.is_empty():
            return None
        return self.ingest(seed_paths())
