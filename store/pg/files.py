"""Derived files shared through the server, so that one ingest's work serves every client.

The search index, the facts and the pairing features are files (:mod:`store.derived`);
a PostgreSQL archive keeps them in a cache folder on each machine. Without sharing,
every other client would build them again from the articles: at 10k articles about
two minutes of fact extraction and the whole search index. So the writer uploads
each file it changed in the transaction that changes the articles
(:meth:`SharedFiles.push_changed`), and a client about to use one fetches the
server's copy when it is newer than its own (:meth:`SharedFiles.fetch`). A file
is a series of chunks (``newsdesk.files``) under a serial (``newsdesk.file_heads``).

A copy is only a head start: each file says which articles and generation it was
built for, and the code that reads it rebuilds what is stale, as beside a TinyDB file.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from newsdesk.store.pg.schema import SCHEMA
from newsdesk.store.sidecars import FACTS, PAIRING
from newsdesk.store.storage import file_stamp, write_atomic

if TYPE_CHECKING:
    from newsdesk.store.pg.store import PgStore

__all__ = ["CHUNK_BYTES", "SHARED", "SharedFiles"]

#: The derived files shared through the server (store.sidecars names). Not the search
#: index: the server answers a search's candidates itself (store.pg.search).
SHARED = (FACTS, PAIRING)
#: Bytes a chunk row holds.
CHUNK_BYTES = 8 << 20


class SharedFiles:
    """The derived files of one archive: the local copies and the server's."""

    def __init__(self, store: PgStore) -> None:
        self._store = store

    def _path(self, name: str) -> Path:
        from newsdesk.store.sidecars import sidecar_of

        return sidecar_of(self._store.path, name)

    def _state_path(self) -> Path:
        return self._store.path.with_name(f"{self._store.path.stem}.shared.json")

    def _state(self) -> dict[str, Any]:
        try:
            data = orjson.loads(self._state_path().read_bytes())
        except (OSError, orjson.JSONDecodeError):
            return {}
        return data if isinstance(data, dict) else {}

    def _remember(self, name: str, serial: int, path: Path) -> None:
        state = self._state()
        stamp = file_stamp(path)
        state[name] = {"serial": serial, "stamp": list(stamp) if stamp else None}
        with contextlib.suppress(OSError):  # a cache: at worst fetched again
            write_atomic(self._state_path(), orjson.dumps(state), keep_backup=False)

    def fetch(self, name: str) -> None:
        """Bring the local copy of ``name`` up to the server's, when the server's is newer."""
        if name not in SHARED:
            return
        head = self._store.query(
            f"SELECT serial, chunks FROM {SCHEMA}.file_heads WHERE name = %s", (name,)
        )
        if not head:
            return
        serial, chunks = int(head[0][0]), int(head[0][1])
        known = self._state().get(name)
        path = self._path(name)
        if isinstance(known, dict) and known.get("serial") == serial and path.exists():
            return  # this copy is the server's, or was built here since
        path.parent.mkdir(parents=True, exist_ok=True)

        def parts() -> Iterator[bytes]:
            for n in range(chunks):
                rows = self._store.query(
                    f"SELECT data FROM {SCHEMA}.files WHERE name = %s AND serial = %s AND n = %s",
                    (name, serial, n),
                )
                if not rows:
                    raise OSError(f"the server's copy of {name} changed while it was read")
                yield bytes(rows[0][0])

        try:
            write_atomic(path, parts(), keep_backup=False)
        except OSError:
            return  # built here from the articles instead, when needed
        self._remember(name, serial, path)

    def push_changed(self) -> None:
        """Upload every shared file changed here since it was last fetched or pushed.

        Runs inside the writer's transaction, so the files and the articles they
        describe become visible together.
        """
        state = self._state()
        for name in SHARED:
            path = self._path(name)
            stamp = file_stamp(path)
            known = state.get(name)
            if stamp is None or (isinstance(known, dict) and known.get("stamp") == list(stamp)):
                continue
            serial = int(self._store.query("SELECT nextval('newsdesk.file_serial')")[0][0])
            self._store.execute(f"DELETE FROM {SCHEMA}.files WHERE name = %s", (name,))
            chunks = 0
            with path.open("rb") as handle:
                while chunk := handle.read(CHUNK_BYTES):
                    self._store.execute(
                        f"INSERT INTO {SCHEMA}.files (name, serial, n, data) "
                        "VALUES (%s, %s, %s, %s)",
                        (name, serial, chunks, chunk),
                    )
                    chunks += 1
            self._store.execute(
                f"INSERT INTO {SCHEMA}.file_heads (name, serial, chunks) VALUES (%s, %s, %s) "
                "ON CONFLICT (name) DO UPDATE SET serial = EXCLUDED.serial, "
                "chunks = EXCLUDED.chunks",
                (name, serial, chunks),
            )
            self._remember(name, serial, path)
