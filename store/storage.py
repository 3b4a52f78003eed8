"""A TinyDB storage that never leaves a half-written file, and the one writer of files.

Every write goes to a temporary file in the same folder, is fsynced, and is
renamed over the database (then the folder is fsynced), so a crash leaves
either the old file or the new one. Every other file newsdesk writes beside
the database (backups, sidecars) goes through the same :func:`write_atomic`,
takes the database's permissions (:func:`file_mode`), and on a full disk
leaves no temporary file and raises one clear error (:func:`write_error`).
The previous good database is kept as ``<name>.bak``. Writes can be batched:
inside :meth:`AtomicJSONStorage.batch` TinyDB's many small writes become one
write at the end.

With a :class:`~store.lock.WriteLock`, the outermost batch holds the lock for
its whole read-modify-write and first rereads the file if another process
changed it, so two writers never lose each other's changes. A file that does
not parse is reported and never written over.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson
from tinydb.storages import Storage

from newsdesk.store.errors import DatabaseError
from newsdesk.store.oslock import try_lock_file
from newsdesk.store.sidecars import SIDECAR_NAMES

if TYPE_CHECKING:
    from newsdesk.store.lock import WriteLock

__all__ = [
    "AtomicJSONStorage",
    "backup_path",
    "file_mode",
    "file_stamp",
    "fsync_dir",
    "load_database_file",
    "match_mode",
    "save_cache",
    "stale_temp_files",
    "write_atomic",
    "write_error",
    "write_new",
]


#: A sidecar's temporary file younger than this is never swept: its writer may
#: not have locked it yet.
_SWEEP_MIN_AGE = 2.0

Tables = dict[str, dict[str, Any]]
Stamp = tuple[int, int, int]
#: A part of a file's content: bytes, or a view of a buffer (an array's, not copied).
Chunk = bytes | bytearray | memoryview


def backup_path(path: Path) -> Path:
    """Where the previous good database file is kept."""
    return path.with_name(path.name + ".bak")


def _temp_prefix(path: Path) -> str:
    return f".{path.name}."


def _sidecar_temp_name(path: Path) -> re.Pattern[str]:
    """Temporary names of the database's sidecars (and the older pairing writer's names)."""
    stem = re.escape(path.stem)
    sidecars = "|".join(re.escape(name) for name in SIDECAR_NAMES)
    return re.compile(
        rf"\.{stem}\.(?:{sidecars})\.[A-Za-z0-9_]+\.tmp|{stem}\.pairing\.json[a-z0-9_]{{8}}\.tmp"
    )


def stale_temp_files(path: Path) -> list[Path]:
    """Temporary files interrupted writes of the database ``path`` or its sidecars left behind.

    The database's own are written only under its write lock, so whoever holds
    the lock may remove them. A sidecar may be written without that lock (a
    cache saved by a reader): its temporary file counts as stale only when no
    process holds it locked and it is a few seconds old.
    """
    prefix = _temp_prefix(path)
    sidecar = _sidecar_temp_name(path)
    try:
        names = os.listdir(path.parent)
    except OSError:
        return []
    found = [path.parent / n for n in names if n.startswith(prefix) and n.endswith(".tmp")]
    found += [
        path.parent / n for n in names if sidecar.fullmatch(n) and _abandoned(path.parent / n)
    ]
    return sorted(found)


def _abandoned(tmp: Path) -> bool:
    """True when no writer holds ``tmp`` (see :func:`write_atomic`) and it is not brand new."""
    try:
        if time.time() - tmp.stat().st_mtime < _SWEEP_MIN_AGE:
            return False
        fd = os.open(tmp, os.O_RDWR | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return False
    try:
        return try_lock_file(fd)
    finally:
        os.close(fd)  # closing drops the probe's lock


def fsync_dir(folder: Path) -> None:
    """Flush a folder's entries (a rename) to disk where the OS allows it."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def append_lines(path: Path, data: bytes, size: int) -> None:
    """Append ``data`` (whole lines) to ``path``, which held ``size`` bytes, and flush it.

    A torn last line (an append cut short) must not swallow the first new one: a
    newline goes first when the file does not end with one.
    """
    fd = os.open(path, os.O_RDWR | os.O_APPEND | getattr(os, "O_CLOEXEC", 0))
    try:
        if size and os.pread(fd, 1, size - 1) != b"\n":
            data = b"\n" + data
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)
    fsync_dir(path.parent)


def _umask() -> int:
    """The process umask, read without changing it where the OS tells (Linux);
    elsewhere set and restored at once."""
    try:
        with open("/proc/self/status", "rb") as status:
            for line in status:
                if line.startswith(b"Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    umask = os.umask(0o022)
    os.umask(umask)
    return umask


def _new_file_mode() -> int:
    return 0o666 & ~_umask()


def file_mode(*candidates: Path | None) -> int:
    """The permission rule for every file newsdesk writes: the mode of the first
    existing file among ``candidates`` (the database, for its sidecars, backups
    and lock), else the usual ``0666 & ~umask``."""
    for candidate in candidates:
        if candidate is None:
            continue
        try:
            return stat.S_IMODE(candidate.stat().st_mode)
        except OSError:
            continue
    return _new_file_mode()


def write_error(exc: OSError, what: str, path: Path) -> DatabaseError:
    """One line for a failed write (a full disk, a read-only folder): exit status 3."""
    reason = exc.strerror or str(exc)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        reason = f"{reason} (the disk is full; free some space and run the command again)"
    return DatabaseError(
        f"cannot write {what} {path}: {reason}; the file on disk was left as it was"
    )


def _write_parts(fd: int, parts: Iterable[Chunk]) -> None:
    for part in parts:
        view = memoryview(part)
        while view:
            written = os.write(fd, view)
            view = view[written:]


def write_atomic(
    path: Path,
    data: bytes | Iterable[Chunk],
    *,
    keep_backup: bool = True,
    mode_of: Path | None = None,
) -> None:
    """Replace ``path`` with ``data`` (bytes or a series of them) atomically.

    With ``keep_backup`` the old file is kept as ``<name>.bak``. The new file
    is fsynced before the rename and the folder after it. Its permissions are
    those of ``mode_of`` (the database, for files beside it), else of the old
    file, else ``0666 & ~umask`` (:func:`file_mode`), so a database shared with
    a group stays shared. On any error (a full disk) the temporary file is
    removed and the old file is left as it was; the ``OSError`` propagates.
    """
    folder = path.parent
    mode = file_mode(mode_of, path)
    fd, tmp_name = tempfile.mkstemp(prefix=_temp_prefix(path), suffix=".tmp", dir=folder)
    tmp = Path(tmp_name)
    try:
        try:
            # Held while we write: a sweep by another process leaves this file alone.
            try_lock_file(fd)
            if hasattr(os, "fchmod"):  # not on Windows
                with contextlib.suppress(OSError):
                    os.fchmod(fd, mode)
            _write_parts(fd, [data] if isinstance(data, bytes | bytearray) else data)
            os.fsync(fd)
        finally:
            os.close(fd)
        if keep_backup and path.exists():
            _keep_backup(path)
        os.replace(tmp, path)
        fsync_dir(folder)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def match_mode(path: Path, mode_of: Path) -> None:
    """Give ``path``, a file kept and changed in place, the permissions of ``mode_of``
    (the database), as :func:`write_atomic` gives a file it writes."""
    with contextlib.suppress(OSError):
        mode = file_mode(mode_of)
        if stat.S_IMODE(path.stat().st_mode) != mode:
            path.chmod(mode)


def save_cache(
    path: Path, data: bytes | Iterable[Chunk], *, what: str, mode_of: Path | None
) -> bool:
    """Write a derived-data file beside the database with :func:`write_atomic`.

    A full disk raises :func:`write_error` (exit status 3): the user must hear
    of it. Any other failure (a read-only folder) leaves the file unsaved, to be
    rebuilt when next needed, and returns False.
    """
    try:
        write_atomic(path, data, keep_backup=False, mode_of=mode_of)
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise write_error(exc, what, path) from None
        return False
    return True


def write_new(path: Path, data: bytes) -> None:
    """Write ``data`` to a new file ``path``; never replaces a file or follows a link there.

    Raises ``FileExistsError`` when anything (a symbolic link included) is at
    ``path``. The file is fsynced; on any error a partly written file is removed.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0), _new_file_mode())
    try:
        try:
            _write_parts(fd, [data])
            os.fsync(fd)
        finally:
            os.close(fd)
        fsync_dir(path.parent)
    except BaseException:
        with contextlib.suppress(OSError):
            path.unlink()
        raise


def _blank_file(path: Path) -> bool:
    """True for an existing file holding nothing but white space (damage, never a backup)."""
    try:
        if path.stat().st_size > 4096:
            return False
        return not path.read_bytes().strip()
    except OSError:
        return False


def _keep_backup(path: Path) -> None:
    bak = backup_path(path)
    if _blank_file(path) and bak.exists():
        return  # an emptied file never replaces a good backup
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
        write_atomic(bak, path.read_bytes(), keep_backup=False, mode_of=path)


def _copy_tables(tables: Tables) -> Tables:
    """A copy deep enough for TinyDB: tables and documents (it replaces field values)."""
    return {name: {key: dict(doc) for key, doc in table.items()} for name, table in tables.items()}


#: Documents of a table serialised at a time by :func:`_json_parts`.
_JSON_CHUNK = 2000


def _json_parts(tables: Tables) -> Iterator[bytes]:
    """``orjson.dumps(tables)`` in pieces of at most :data:`_JSON_CHUNK` documents (the
    same bytes once joined): a large archive is never one string in memory besides its
    tables, only in parts of about a tenth of a MB each."""
    yield b"{"
    for t, (name, table) in enumerate(tables.items()):
        yield (b"," if t else b"") + orjson.dumps(name) + b":{"
        items = list(table.items())
        for start in range(0, len(items), _JSON_CHUNK):
            chunk = orjson.dumps(dict(items[start : start + _JSON_CHUNK]))
            yield (b"," if start else b"") + chunk[1:-1]
        yield b"}"
    yield b"}"


def _stamp(st: os.stat_result) -> Stamp:
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def file_stamp(path: Path) -> Stamp | None:
    """The (inode, mtime in ns, size) of ``path``, None when it cannot be read.

    The one stamp of every file newsdesk reads back: files are replaced whole
    (:func:`write_atomic`), so a new file is a new inode even within one mtime tick.
    """
    try:
        return _stamp(path.stat())
    except OSError:
        return None


def _parse(raw: bytes, path: Path) -> Tables:
    bak = backup_path(path)
    hint = (
        f"; a backup is at {bak} (check it and restore it with `newsdesk doctor --restore`)"
        if bak.exists() and bak != path
        else ""
    )
    if not raw.strip():
        # newsdesk never writes an empty database: a file emptied behind its back
        # is damage, and taking it for a new database would seed over the archive.
        what = "empty (0 bytes)" if not raw else "blank (only white space)"
        fix = hint or "; remove it to start a new database"
        raise DatabaseError(f"database {path} is {what}; it was left untouched{fix}")
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

    A missing file is an empty database. Raises ``DatabaseError`` (naming the
    file and its backup) when the file is empty or blank or does not parse.
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
        return self._data is not None and file_stamp(self.path) != self._stamp

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
            if file_stamp(self.path) != self._stamp:
                self._data = None
                raise DatabaseError(
                    f"database {self.path} was changed by another process during this "
                    "change; nothing was written, run the command again"
                )
            self._flush(data)

    def _flush(self, data: Tables) -> None:
        # Serialised as it is written: a value JSON cannot hold stops the write before
        # the temporary file replaces the database, which is left as it was.
        try:
            write_atomic(self.path, _json_parts(data))
        except orjson.JSONEncodeError as exc:
            raise DatabaseError(f"cannot store this data in {self.path}: {exc}") from None
        except OSError as exc:
            raise write_error(exc, "database", self.path) from None
        self._data = data
        self._stamp = file_stamp(self.path)
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
