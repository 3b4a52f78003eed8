"""The operating system's advisory lock on an open file (``flock``; ``msvcrt`` on Windows).

The few system calls :mod:`store.lock` (the database's write lock) and
:mod:`store.storage` (temporary files a sweep must leave alone) share; this
module imports nothing else of ``store``.
"""

from __future__ import annotations

import os
import sys

__all__ = ["try_lock", "try_lock_file", "unlock"]


def try_lock(fd: int) -> bool:
    """Take the OS lock on ``fd`` without waiting; False when another process has it."""
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def try_lock_file(fd: int) -> bool:
    """Lock the open file ``fd`` for this process without waiting; False when another
    process holds it (closing ``fd`` drops the lock)."""
    try:
        return try_lock(fd)
    except OSError:
        return False


def unlock(fd: int) -> None:
    """Drop the OS lock on ``fd``."""
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_UN)
