"""One writer at a time: an OS file lock beside the database.

Every change to a database happens while its ``<name>.lock`` file is locked
(``flock`` on Unix, ``LockFileEx`` on Windows, through the ``filelock``
package). The operating system drops the lock when its holder exits, even
when it is killed, so a crash never leaves the database locked. Readers take
no lock: writes replace the file atomically, so they always see a whole file.

A writer that finds the lock taken says so once (through ``on_wait``) and
waits up to ``timeout`` seconds, then fails with :class:`LockTimeout`.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

from filelock import FileLock, Timeout

from store.errors import DatabaseError

__all__ = ["DEFAULT_LOCK_TIMEOUT", "LockTimeout", "WriteLock", "lock_path", "lock_timeout"]

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
    import sys

    print(f"newsdesk: {message}", file=sys.stderr, flush=True)


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
        # The lock file gets the database's permissions, so a database shared
        # with a group can be locked by every member.
        try:
            mode = stat.S_IMODE(db_path.stat().st_mode)
        except OSError:
            mode = -1
        self._lock = FileLock(self.path, thread_local=False, mode=mode)

    @property
    def held(self) -> bool:
        """True while this object holds the lock."""
        return bool(self._lock.is_locked)

    def acquire(self) -> None:
        """Take the lock, waiting (with one message) up to the timeout."""
        try:
            self._lock.acquire(timeout=0)
            return
        except Timeout:
            pass
        except OSError as exc:
            raise DatabaseError(
                f"cannot create the lock file {self.path}: {exc.strerror or exc}"
            ) from None
        if self.timeout > 0:
            self.on_wait(
                f"another newsdesk process is writing {self.db_path}; "
                f"waiting up to {self.timeout:g} s for it to finish…"
            )
            try:
                self._lock.acquire(timeout=self.timeout)
                return
            except Timeout:
                pass
        raise LockTimeout(
            f"gave up after {self.timeout:g} s: another newsdesk process is still writing "
            f"{self.db_path} (lock file {self.path}); try again when it has finished"
        )

    def release(self) -> None:
        """Let the next writer in."""
        if self._lock.is_locked:
            self._lock.release(force=True)
