"""One writer at a time: an OS file lock beside the database.

Every change to a database happens while its ``<name>.lock`` file is locked
(``flock`` on Unix, ``msvcrt.locking`` on Windows). The operating system
drops the lock when its holder exits, even when it is killed, so a crash never
leaves the database locked. Readers take no lock: writes replace the file
atomically, so they always see a whole file.

The lock is a few system calls, written here rather than taken from a
package: it must behave simply across ``fork`` (the parallel ingest forks
workers while the lock is held; a child never touches it) and never start
threads of its own.

A writer that finds the lock taken says so once (through ``on_wait``) and
waits up to ``timeout`` seconds, then fails with :class:`LockTimeout`.
"""

from __future__ import annotations

import os
import stat
import sys
import time
from collections.abc import Callable
from pathlib import Path

from newsdesk.store.errors import DatabaseError
from newsdesk.store.oslock import try_lock, unlock
from newsdesk.store.storage import file_mode

__all__ = [
    "DEFAULT_LOCK_TIMEOUT",
    "LockTimeout",
    "WriteLock",
    "lock_path",
    "lock_timeout",
]

#: Seconds a writer waits for another one before giving up (``$NEWSDESK_LOCK_TIMEOUT``).
DEFAULT_LOCK_TIMEOUT = 60.0

WaitCallback = Callable[[str], None]


class LockTimeout(DatabaseError):
    """Another process kept the database locked for longer than the timeout."""


def lock_path(db_path: Path) -> Path:
    """The lock file of the database at ``db_path``."""
    return db_path.with_name(db_path.name + ".lock")


def lock_timeout() -> float:
    """The wait limit: ``$NEWSDESK_LOCK_TIMEOUT`` seconds if set and valid, else the default."""
    raw = os.environ.get("NEWSDESK_LOCK_TIMEOUT", "")
    try:
        value = float(raw)
    except ValueError:
        return DEFAULT_LOCK_TIMEOUT
    return value if value >= 0 else DEFAULT_LOCK_TIMEOUT


def _print_wait(message: str) -> None:
    print(f"newsdesk: {message}", file=sys.stderr, flush=True)


#: Seconds between two tries while waiting for another writer.
_POLL = 0.05


class WriteLock:
    """The write lock of one database; not re-entrant (the storage counts nesting)."""

    def __init__(
        self,
        db_path: Path,
        *,
        timeout: float | None = None,
        on_wait: WaitCallback | None = None,
    ) -> None:
        self.db_path = db_path
        self.path = lock_path(db_path)
        self.timeout = lock_timeout() if timeout is None else timeout
        self.on_wait: WaitCallback = on_wait or _print_wait
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        """True while this object holds the lock."""
        return self._fd is not None

    def _open(self) -> int:
        """The lock file, opened (and created with the database's permissions)."""
        # The lock file gets the database's permissions, so a database shared
        # with a group can be locked by every member.
        mode = file_mode(self.db_path)
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
        try:
            fd = os.open(self.path, flags, mode)
        except OSError as exc:
            raise DatabaseError(
                f"cannot create the lock file {self.path}: {exc.strerror or exc}"
            ) from None
        try:  # umask may have narrowed the mode; a shared database needs it whole
            if stat.S_IMODE(os.fstat(fd).st_mode) != mode and hasattr(os, "fchmod"):
                os.fchmod(fd, mode)
        except OSError:
            pass  # another user's lock file: theirs to keep
        return fd

    def acquire(self) -> None:
        """Take the lock, waiting (with one message) up to the timeout."""
        if self._fd is not None:
            raise RuntimeError("the write lock is not re-entrant")
        fd = self._open()
        try:
            if try_lock(fd):
                self._fd = fd
                return
            if self.timeout > 0:
                self.on_wait(
                    f"another newsdesk process is writing {self.db_path}; "
                    f"waiting up to {self.timeout:g} s for it to finish…"
                )
                deadline = time.monotonic() + self.timeout
                while time.monotonic() < deadline:
                    time.sleep(min(_POLL, max(0.0, deadline - time.monotonic())))
                    if try_lock(fd):
                        self._fd = fd
                        return
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)
        raise LockTimeout(
            f"gave up after {self.timeout:g} s: another newsdesk process is still writing "
            f"{self.db_path} (lock file {self.path}); try again when it has finished"
        )

    def release(self) -> None:
        """Let the next writer in."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            unlock(fd)
        finally:
            os.close(fd)
