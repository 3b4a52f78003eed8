"""A TinyDB storage that never leaves a half-written file.

Every write goes to a temporary file in the same folder, is fsynced, and is
renamed over the database (then the folder is fsynced), so a crash leaves
either the old file or the new one. The previous good file is kept as
``<name>.bak``. Writes can be batched: inside :meth:`AtomicJSONStorage.batch`
TinyDB's many small writes become one write at the end.

With a :class:`~store.lock.WriteLock`, the outermost batch holds the lock for
its whole read-modify-write and first rereads the file if another process
changed it, so two writers never lose each other's changes. A file that does
not parse is reported and never written over.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson
from tinydb.storages import Storage

from store.errors import DatabaseError

if TYPE_CHECKING:
    from store.lock import WriteLock

__all__ = [
    "AtomicJSONStorage",
    "backup_path",
    "fsync_dir",
    "load_database_file",
    "stale_temp_files",
    "write_atomic",
]

Tables = dict[str, dict[str, Any]]
Stamp = tuple[int, int, int]


def backup_path(path: Path) -> Path:
    """Where the previous good database file is kept."""
    return path.with_name(path.name + ".bak")


def _temp_prefix(path: Path) -> str:
    return f".{path.name}."


def stale_temp_files(path: Path) -> list[Path]:
    """Temporary files an interrupted write of ``path`` left behind."""
    prefix = _temp_prefix(path)
    try:
        names = os.listdir(path.parent)
    except OSError:
        return []
    return sorted(path.parent / n for n in names if n.startswith(prefix) and n.endswith(".tmp"))


def fsync_dir(folder: Path) -> None:
    """Flush a folder's entries (a rename) to disk where the OS allows it."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(path: Path, data: bytes, *, keep_backup: bool = True) -> None:
    """Replace ``path`` with ``data`` atomically, keeping the old file as a backup.

    The new file keeps the permissions of the old one (a new file gets the
    usual ``0666 & ~umask``), so a database shared with a group stays shared.
    """
    folder = path.parent
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = _new_file_mode()
    fd, tmp_name = tempfile.mkstemp(prefix=_temp_prefix(path), suffix=".tmp", dir=folder)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            if hasattr(os, "fchmod"):  # not on Windows
                with contextlib.suppress(OSError):
                    os.fchmod(handle.fileno(), mode)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if keep_backup and path.exists():
            _keep_backup(path)
        os.replace(tmp, path)
        fsync_dir(folder)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def _keep_backup(path: Path) -> None:
    bak = backup_path(path)
    # A hard link keeps the old file as the backup without copying it; the
    # rename that follows gives the database a new inode, so the link keeps
    # the old content.
    tmp_link = bak.with_name(f"{_temp_prefix(path)}bak.tmp")
    with contextlib.suppress(FileNotFoundError):
        tmp_link.unlink()
    try:
        os.link(path, tmp_link)
        os.replace(tmp_link, bak)
    except OSError:
        with contextlib.suppress(OSError):
            tmp_link.unlink()
        # No hard links here (some network and FAT file systems): copy, atomically.
        write_atomic(bak, path.read_bytes(), keep_backup=False)


def _copy_tables(tables: Tables) -> Tables:
    """A copy deep enough for TinyDB: tables and documents (it replaces field values)."""
    return {name: {key: dict(doc) for key, doc in table.items()} for name, table in tables.items()}


def _stamp(st: os.stat_result) -> Stamp:
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def _parse(raw: bytes, path: Path) -> Tables:
    if not raw.strip():
        return {}
    bak = backup_path(path)
    hint = (
        f"; a backup is at {bak} (check it and restore it with `newsdesk doctor --restore`)"
        if bak.exists() and bak != path
        else ""
    )
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise DatabaseError(
            f"database {path} is corrupt (not valid JSON); it was left untouched{hint}"
        ) from None
    if not isinstance(data, dict) or not all(
        isinstance(table, dict) and all(isinstance(doc, dict) for doc in table.values())
        for table in data.values()
    ):
        raise DatabaseError(
            f"{path} is not a newsdesk database (unexpected JSON layout); "
            f"it was left untouched{hint}"
        )
    return data


def load_database_file(path: Path) -> tuple[Tables, Stamp | None]:
    """Read and check a database file: its tables and its identity stamp.

    A missing or blank file is an empty database. Raises ``DatabaseError``
    (naming the file and its backup) when the file does not parse.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        return {}, None
    except OSError as exc:
        raise DatabaseError(f"cannot read database {path}: {exc.strerror or exc}") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise DatabaseError(f"database {path} is not a regular file")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            raw = handle.read()
    except OSError as exc:
        raise DatabaseError(f"cannot read database {path}: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    # The stamp comes from the descriptor we read, so it always matches the data.
    return _parse(raw, path), _stamp(st)


class AtomicJSONStorage(Storage):
    """orjson-backed TinyDB storage with atomic writes, a backup, batching and locking."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        read_only: bool = False,
        lock: WriteLock | None = None,
        on_reload: Callable[[], None] | None = None,
    ) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self.lock = lock
        #: Called after the data was (re)loaded from disk; the store resets TinyDB's id counters.
        self.on_reload = on_reload
        #: Applied to the tables read from disk (a read-only store migrates old files in memory).
        self.transform: Callable[[Tables], Tables] | None = None
        self._data: Tables | None = None
        self._stamp: Stamp | None = None
        self._work: Tables | None = None
        self._batch_depth = 0
        self._batch_owner: int | None = None
        self._dirty = False
        self._thread_lock = threading.RLock()

    # -- reading --------------------------------------------------------
    def _file_stamp(self) -> Stamp | None:
        try:
            return _stamp(self.path.stat())
        except OSError:
            return None

    def _load(self) -> Tables:
        data, self._stamp = load_database_file(self.path)
        if self.transform is not None:
            data = self.transform(data)
        if self.on_reload is not None:
            self.on_reload()
        return data

    def read_stamp(self) -> Stamp | None:
        """The (inode, mtime in ns, size) of the file whose data is in memory (None before
        the first read, and when reading transformed it: a read-only store migrating
        an older file in memory)."""
        if self._data is None or self.transform is not None:
            return None
        return self._stamp

    def changed_on_disk(self) -> bool:
        """True when another process replaced the file since we last read it."""
        return self._data is not None and self._file_stamp() != self._stamp

    def _in_own_batch(self) -> bool:
        return self._batch_depth > 0 and self._batch_owner == threading.get_ident()

    def read(self) -> Tables | None:
        # Inside a batch its thread works on a private copy; every other
        # thread keeps reading the last committed state, never a half-done one.
        if self._in_own_batch():
            return self._work
        data = self._data
        if data is None or self.changed_on_disk():
            data = self._load()
            self._data = data
        return data

    def reload(self) -> None:
        """Forget the cached copy; the next read loads the file again."""
        self._data = None

    # -- writing --------------------------------------------------------
    @property
    def in_batch(self) -> bool:
        """True inside :meth:`batch` in this thread (writes are held until it ends)."""
        return self._in_own_batch()

    def write(self, data: Tables) -> None:
        if self.read_only:
            raise DatabaseError(f"database {self.path} is open read-only")
        if self._in_own_batch():
            self._work = data
            self._dirty = True
            return
        # A lone write (outside any batch) still takes the lock; if another
        # process wrote since our read, ours would undo its change: refuse.
        with self._thread_lock, self._locked():
            if self._file_stamp() != self._stamp:
                self._data = None
                raise DatabaseError(
                    f"database {self.path} was changed by another process during this "
                    "change; nothing was written, run the command again"
                )
            self._flush(data)

    def _flush(self, data: Tables) -> None:
        try:
            payload = orjson.dumps(data)
        except orjson.JSONEncodeError as exc:
            raise DatabaseError(f"cannot store this data in {self.path}: {exc}") from None
        try:
            write_atomic(self.path, payload)
        except OSError as exc:
            raise DatabaseError(
                f"cannot write database {self.path}: {exc.strerror or exc}; "
                "the file on disk was left as it was"
            ) from None
        self._data = data
        self._stamp = self._file_stamp()
        self._dirty = False

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        if self.lock is None:
            yield
            return
        self.lock.acquire()
        try:
            # Only the lock holder writes, so any temp file is a leftover of a killed writer.
            for tmp in stale_temp_files(self.path):
                with contextlib.suppress(OSError):
                    tmp.unlink()
            yield
        finally:
            self.lock.release()

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Hold writes until the outermost batch ends, then write once.

        The outermost batch takes the write lock, rereads the file if another
        process changed it, and works on a copy: its own reads see its
        changes, other threads see the committed state until the one write
        at the end. An exception drops the copy and writes nothing.
        """
        if self.read_only:
            raise DatabaseError(f"database {self.path} is open read-only")
        with self._thread_lock:
            if self._batch_depth:
                self._batch_depth += 1
                try:
                    yield
                finally:
                    self._batch_depth -= 1
                return
            with self._locked():
                committed = self._data
                if committed is None or self.changed_on_disk():
                    committed = self._load()
                    self._data = committed
                self._work = _copy_tables(committed)
                self._dirty = False
                self._batch_owner = threading.get_ident()
                self._batch_depth = 1
                try:
                    yield
                    if self._dirty and self._work is not None:
                        self._flush(self._work)
                finally:
                    self._batch_depth = 0
                    self._batch_owner = None
                    self._work = None
                    self._dirty = False

    def close(self) -> None:
        """Nothing to flush: every write is on disk when its batch ends."""
