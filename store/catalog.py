"""The catalog: the article list kept beside the database for a fast first screen.

Reading the whole TinyDB file takes time at archive scale; the app's first
screen needs only the list. After each change the store writes the list to
``<db>.catalog`` with the database file's size and modification time; a
catalog whose stamp does not match the database is stale and ignored.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import orjson

from store.records import ArticleSummary
from store.storage import write_atomic

__all__ = ["catalog_path", "file_stamp", "read_catalog", "write_catalog"]


def catalog_path(db_path: Path) -> Path:
    """Where the catalog of the database at ``db_path`` lives."""
    return db_path.with_name(f"{db_path.stem}.catalog")


def file_stamp(path: Path) -> list[int] | None:
    """The (mtime in ns, size) of ``path``, or None when it does not exist."""
    try:
        st = path.stat()
    except OSError:
        return None
    return [st.st_mtime_ns, st.st_size]


def write_catalog(db_path: Path, rows: list[ArticleSummary]) -> None:
    """Save ``rows`` as the catalog of the database as it is on disk now."""
    stamp = file_stamp(db_path)
    if stamp is None:
        return
    data: dict[str, Any] = {"stamp": stamp, "rows": [r.to_dict() for r in rows]}
    with contextlib.suppress(OSError):  # a cache: failing to write it loses nothing
        write_atomic(catalog_path(db_path), orjson.dumps(data), keep_backup=False)


def read_catalog(db_path: Path) -> list[ArticleSummary] | None:
    """The catalog's rows if it matches the database on disk, else None."""
    try:
        data = orjson.loads(catalog_path(db_path).read_bytes())
        if data.get("stamp") != file_stamp(db_path):
            return None
        return [ArticleSummary.from_record(r) for r in data["rows"]]
    except (OSError, orjson.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError):
        return None
