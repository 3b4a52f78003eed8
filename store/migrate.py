"""Versioned schema migrations, applied when an older database is opened.

The stored layout has a version (``schema_version`` in the ``meta`` table,
the current one is ``store.db.SCHEMA_VERSION``). A file from before
versioning (articles but no meta row) is version 0. Opening an older file
upgrades it step by step with the functions in :data:`MIGRATIONS`, under the
write lock, after keeping a copy of the original as ``<name>.v<N>.bak``.

To change the layout: bump ``SCHEMA_VERSION`` and add ``MIGRATIONS[old]``, a
function from the old tables to the new ones (it may change its argument).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

from newsdesk.store.errors import DatabaseError
from newsdesk.store.records import Paragraph, pack_paragraphs
from newsdesk.store.text import words

__all__ = ["MIGRATIONS", "migration_backup_path", "stored_version", "upgrade"]

Tables = dict[str, dict[str, Any]]
Migration = Callable[[Tables], Tables]


def _meta_row(tables: Tables) -> dict[str, Any] | None:
    meta = tables.get("meta") or {}
    if not meta:
        return None
    # The meta table holds one row; take the lowest id if a bug ever made more.
    key = min(meta, key=lambda k: int(k) if str(k).isdigit() else 0)
    row = meta[key]
    return row if isinstance(row, dict) else None


def stored_version(tables: Tables) -> int | None:
    """The schema version of raw tables: None for a new, empty database."""
    row = _meta_row(tables)
    if row is None:
        return 0 if any(tables.get(name) for name in tables) else None
    value = row.get("schema_version")
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _set_version(tables: Tables, version: int) -> None:
    meta = tables.setdefault("meta", {})
    row = _meta_row(tables)
    if row is None:
        meta["1"] = {"schema_version": version}
    else:
        row["schema_version"] = version


_ARTICLE_DEFAULTS: dict[str, Any] = {
    "lang": "und",
    "title": "",
    "title_derived": True,
    "date": None,
    "date_precision": None,
    "date_source": None,
    "dateline": None,
    "credits": [],
    "source": None,
    "pair": None,
    "paragraphs": [],
    "words": 0,
    "sha256": "",
    "extra": {},
}


def _v0_to_v1(tables: Tables) -> Tables:
    """Before versioning: give every article record all of today's fields."""
    for key, record in (tables.get("articles") or {}).items():
        if "id" not in record:
            raise DatabaseError(f"article record {key} has no id; cannot migrate it")
        record.setdefault("file", "")
        for field, default in _ARTICLE_DEFAULTS.items():
            record.setdefault(field, copy.deepcopy(default))
        if record["words"] == 0 and record["paragraphs"]:
            # As the parser counts: the words of the title and body paragraphs.
            record["words"] = sum(
                len(words(str(p.get("text", ""))))
                for p in record["paragraphs"]
                if p.get("kind") in ("title", "body")
            )
    return tables


def _v1_to_v2(tables: Tables) -> Tables:
    """Pack each article's list of paragraphs into one compressed ``body`` string.

    A record whose paragraphs cannot be read is left as it is (it still
    opens, and ``doctor`` names it).
    """
    for record in (tables.get("articles") or {}).values():
        if not isinstance(record, dict) or "paragraphs" not in record:
            continue
        try:
            paragraphs = [Paragraph.from_dict(p) for p in record["paragraphs"]]
        except (KeyError, TypeError, ValueError, AttributeError):
            continue
        del record["paragraphs"]
        record["body"] = pack_paragraphs(paragraphs)
    return tables


#: ``MIGRATIONS[n]`` turns version ``n`` tables into version ``n + 1``.
MIGRATIONS: dict[int, Migration] = {0: _v0_to_v1, 1: _v1_to_v2}


def upgrade(tables: Tables, from_version: int, to_version: int) -> Tables:
    """Apply every migration from ``from_version`` up to ``to_version`` to a copy."""
    data = copy.deepcopy(tables)
    for version in range(from_version, to_version):
        step = MIGRATIONS.get(version)
        if step is None:
            raise DatabaseError(f"no migration from schema version {version} to {version + 1}")
        data = step(data)
        _set_version(data, version + 1)
    _set_version(data, to_version)
    return data


def migration_backup_path(db_path: Path, version: int) -> Path:
    """Where the file is kept, as it was, before migrating from ``version``."""
    return db_path.with_name(f"{db_path.name}.v{version}.bak")
