"""PostgreSQL targets: telling a URL from a file path, and hiding its password."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

__all__ = ["MASK", "SCHEMES", "describe", "is_server_url", "redact"]

#: URL schemes that name a PostgreSQL server (libpq accepts both).
SCHEMES = ("postgresql://", "postgres://")

# user:password@ in a URL; the password runs to the last "@" of the URL (a raw "@" or
# "/" in a password is hidden too: hiding a host by mistake is the safe side).
_URL_PASSWORD = re.compile(r"((?:postgres(?:ql)?)://[^:/@\s]*:)\S*(@)", re.IGNORECASE)
# password=… in a URL's query or a key/value connection string.
_KEY_PASSWORD = re.compile(r"(password\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s&]+)", re.IGNORECASE)
#: What a hidden password becomes.
MASK = "***"


def is_server_url(target: object) -> bool:
    """True when ``target`` is a ``postgresql://`` (or ``postgres://``) URL."""
    return isinstance(target, str) and target.lower().startswith(SCHEMES)


def redact(text: str, secret: str | None = None) -> str:
    """``text`` with every connection-string password (and ``secret``) replaced by ***.

    The one place a password is hidden: every message, log line and error that may
    quote a connection string goes through it.
    """
    if secret:
        text = text.replace(secret, MASK)
    text = _URL_PASSWORD.sub(rf"\g<1>{MASK}\g<2>", text)
    return _KEY_PASSWORD.sub(rf"\g<1>{MASK}", text)


def describe(url: str) -> str:
    """``user@host:port/database`` of a server URL, for messages (never the password)."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or "localhost"
        port = f":{parts.port}" if parts.port else ""
        user = f"{parts.username}@" if parts.username else ""
    except ValueError:
        return redact(url)
    database = parts.path.lstrip("/") or "(default database)"
    return redact(f"postgresql://{user}{host}{port}/{database}")
