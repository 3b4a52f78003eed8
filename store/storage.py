"""A TinyDB storage that never leaves a half-written file.

Every write goes to a temporary file in the same folder, is fsynced, and is
renamed over the database (then the folder is fsynced), so a crash leaves
either the old file or the new one. The previous good file is kept as
``<name>.bak``. Writes can be batched: inside :meth:`AtomicJSONStorage.batch`
TinyDB's many small writes become one write at the end.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from store.errors import DatabaseError

__all__ = ["AtomicJSONStorage", "backup_path", "fsync_dir", "write_atomic"]


def backup_path(path: Path) -> Path:
    """Where the previous good database file is kept."""
    return path.with_name(path.name + ".bak")


def fsync_dir(folder: Path) -> None:
    """Flush a folder's entries (a rename) to disk where the OS allows it."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_atomic(path: Path, data: bytes, *, keep_backup: bool = True) -> None:
    """Replace ``path`` with ``data`` atomically, keeping the old file as a backup."""
    folder = path.parent
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if keep_backup and path.exists():
            bak = backup_path(path)
            # A hard link keeps the old file as the backup without copying it.
            with contextlib.suppress(FileNotFoundError):
                bak.unlink()
            try:
                os.link(path, bak)
            except OSError:
                bak.write_bytes(path.read_bytes())
        os.replace(tmp, path)
        fsync_dir(folder)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


class AtomicJSONStorage(Storage):
    """orjson-backed TinyDB storage with atomic writes, a backup and batching."""

    def __init__(self, path: str | os.PathLike[str], *, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self._data: dict[str, dict[str, Any]] | None = None
        self._stamp: tuple[int, int] | None = None
        self._batch_depth = 0
        self._dirty = False

    # -- reading --------------------------------------------------------
    def _file_stamp(self) -> tuple[int, int] | None:
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return None
        return (st.st_mtime_ns, st.st_size)

    def _load(self) -> dict[str, dict[str, Any]]:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return {}
        except OSError as exc:
            raise DatabaseError(f"cannot read database {self.path}: {exc.strerror}") from None
        if not raw.strip():
            return {}
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError:
            bak = backup_path(self.path)
            hint = f"; a backup is at {bak} (restore it with `newsdesk doctor --restore`)"
            raise DatabaseError(
                f"database {self.path} is corrupt (not valid JSON); it was left untouched"
                + (hint if bak.exists() else "")
            ) from None
        if not isinstance(data, dict):
            raise DatabaseError(f"database {self.path} is not a newsdesk database")
        return data

    def changed_on_disk(self) -> bool:
        """True when another process replaced the file since we last read it."""
        return self._stamp is not None and self._file_stamp() != self._stamp

    def read(self) -> dict[str, dict[str, Any]] | None:
        if self._data is None or (self._batch_depth == 0 and self.changed_on_disk()):
            self._stamp = self._file_stamp()
            self._data = self._load()
        return self._data

    def reload(self) -> None:
        """Forget the cached copy; the next read loads the file again."""
        self._data = None

    # -- writing --------------------------------------------------------
    def write(self, data: dict[str, dict[str, Any]]) -> None:
        if self.read_only:
            raise DatabaseError(f"database {self.path} is open read-only")
        self._data = data
        if self._batch_depth:
            self._dirty = True
            return
        self._flush()

    def _flush(self) -> None:
        if self._data is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.path, orjson.dumps(self._data))
        except OSError as exc:
            raise DatabaseError(
                f"cannot write database {self.path}: {exc.strerror or exc}"
            ) from None
        self._stamp = self._file_stamp()
        self._dirty = False

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Hold writes until the outermost batch ends, then write once."""
        self._batch_depth += 1
        try:
            yield
        except BaseException:
            self._batch_depth -= 1
            if self._batch_depth == 0:
                self._dirty = False
                self._data = None  # drop the half-done change; reread the file
            raise
        self._batch_depth -= 1
        if self._batch_depth == 0 and self._dirty:
            self._flush()

    def close(self) -> None:
        if self._dirty and self._batch_depth == 0:
            self._flush()
