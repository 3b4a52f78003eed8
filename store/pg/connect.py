"""One connection to the archive's server; every failure said in one line, password hidden."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import orjson
import psycopg
from psycopg.types.json import set_json_loads

from newsdesk.store.errors import DatabaseError
from newsdesk.store.pg.url import MASK, describe, redact

__all__ = ["connect", "one_line", "server_errors"]

#: Seconds to wait for a server that does not answer.
CONNECT_TIMEOUT = 10


def one_line(exc: BaseException, url: str | None = None) -> str:
    """The gist of a driver error on one line, with any password hidden."""
    text = str(exc).strip() or type(exc).__name__
    first = next((line.strip() for line in text.splitlines() if line.strip()), text)
    # libpq: "connection failed: connection to server at "h", port 1 failed: FATAL:  why"
    if first.startswith("connection failed: "):
        first = first.rsplit(" failed: ", 1)[-1]
    gist = first.removeprefix("FATAL:").strip()
    if url is None:
        return redact(" ".join(gist.split()))
    gist = " ".join(gist.split())
    for secret in _secrets(url):
        gist = gist.replace(secret, MASK)
    return redact(gist)


def _secrets(url: str) -> list[str]:
    """The password of ``url`` as libpq reads it and as its writer meant it.

    A raw "@" in a password makes libpq take the rest for the host name, which its
    message then quotes ("failed to resolve host 'ss@db'"): each such piece is hidden
    too (the piece followed by "@", so that a short one hides nothing else).
    """
    found: list[str] = []
    try:
        password = psycopg.conninfo.conninfo_to_dict(url).get("password")
    except psycopg.Error:
        password = None
    if isinstance(password, str) and password:
        found.append(password)
    _, _, rest = url.partition("://")
    userinfo = rest.rpartition("@")[0]
    meant = userinfo.partition(":")[2]
    if meant:
        found.append(meant)
        found += [f"{piece}@" for piece in meant.split("@")[1:] if piece]
    return sorted(set(found), key=len, reverse=True)


def connect(url: str) -> psycopg.Connection[tuple[object, ...]]:
    """An autocommit connection to ``url``, else ``DatabaseError`` (exit 3) in one line."""
    try:
        conn = psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT)
    except psycopg.ProgrammingError as exc:  # a malformed URL
        raise DatabaseError(
            f"not a valid PostgreSQL URL ({describe(url)}): {one_line(exc, url)}"
        ) from None
    except psycopg.Error as exc:
        raise DatabaseError(f"cannot connect to {describe(url)}: {one_line(exc, url)}") from None
    set_json_loads(orjson.loads, conn)  # jsonb read as orjson does (3× the json module)
    return conn


@contextmanager
def server_errors(url: str, doing: str) -> Iterator[None]:
    """Turn a driver error met while ``doing`` something into one ``DatabaseError`` line."""
    try:
        yield
    except psycopg.Error as exc:
        raise DatabaseError(f"{doing} on {describe(url)} failed: {one_line(exc, url)}") from None
