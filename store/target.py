"""Which archive to open: a TinyDB file (the default) or a PostgreSQL server.

A target is a path or a ``postgresql://`` URL, from ``--db`` or ``$NEWSDESK_DB``.
:func:`open_store` is the one place that chooses the engine, so ``tui`` never asks
which one it holds.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, cast

from newsdesk.store.pg.url import describe, is_server_url

if TYPE_CHECKING:
    from newsdesk.store.db import Store

__all__ = [
    "Target",
    "db_target",
    "default_target",
    "open_store",
    "server_status",
    "show_target",
    "target_path",
]

#: A database file or a PostgreSQL URL.
Target = Path | str


def db_target(value: str) -> Target:
    """``--db``'s value: a URL kept as written, anything else a path (``~`` expanded)."""
    return value if is_server_url(value) else Path(value).expanduser()


def default_target() -> Target:
    """``$NEWSDESK_DB`` (a path or a URL), else the file in the user data directory."""
    env = os.environ.get("NEWSDESK_DB")
    if env and is_server_url(env):
        return env
    from newsdesk.store.db import default_db_path

    return default_db_path()


def target_path(target: Target | None) -> Path:
    """The file the archive's derived data sits beside: the database file, or for a
    server this machine's cache of its derived files (nothing is read from the server)."""
    chosen = default_target() if target is None else target
    if isinstance(chosen, Path):
        return chosen
    import hashlib

    from newsdesk.store.pg.store import cache_folder

    key = hashlib.sha256(describe(chosen).encode()).hexdigest()[:20]
    return cache_folder() / "start" / key / "archive.json"


def show_target(target: Target | None) -> str:
    """The target as messages may show it (a URL without its password)."""
    chosen = default_target() if target is None else target
    return describe(chosen) if isinstance(chosen, str) else str(chosen)


def server_status(target: Target | None) -> str | None:
    """What to say while the archive opens, when it is on a server (None for a file)."""
    chosen = default_target() if target is None else target
    return f"connecting to {describe(chosen)}…" if isinstance(chosen, str) else None


def open_store(
    target: Target | None = None,
    *,
    read_only: bool = False,
    lock_timeout: float | None = None,
    on_lock_wait: Callable[[str], None] | None = None,
) -> Store:
    """Open the archive ``target`` (default: :func:`default_target`).

    A ``postgresql://`` URL opens :class:`store.pg.store.PgStore`, which answers the
    same calls as the file store; anything else :class:`store.db.Store`.
    """
    chosen = default_target() if target is None else target
    if isinstance(chosen, str) and is_server_url(chosen):
        from newsdesk.store.pg.store import PgStore

        pg = PgStore.open(chosen, read_only=read_only, on_lock_wait=on_lock_wait)
        return cast("Store", pg)  # the same interface (tests/test_pg_store.py checks it)
    from newsdesk.store.db import Store

    return Store.open(
        Path(chosen) if target is not None else None,
        read_only=read_only,
        lock_timeout=lock_timeout,
        on_lock_wait=on_lock_wait,
    )
