"""Derived-data tables in PostgreSQL, answering the TinyDB table calls the stages use.

``store.align.storage`` keeps pairs and alignments through ``store.table(name)``:
``all``, ``insert``, ``insert_multiple``, ``remove(doc_ids=…)`` and ``truncate``.
Each row is a jsonb document with a numeric ``doc_id``, as in TinyDB.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from psycopg.types.json import Jsonb
from tinydb.table import Document

from newsdesk.store.pg.schema import SCHEMA

if TYPE_CHECKING:
    from newsdesk.store.pg.store import PgStore

__all__ = ["TABLES", "PgTable"]

#: The derived tables the archive holds (store.align.storage's names).
TABLES = ("pairs", "alignments")


class PgTable:
    """One derived table of a :class:`~store.pg.store.PgStore`."""

    def __init__(self, store: PgStore, name: str) -> None:
        if name not in TABLES:
            raise ValueError(f"no derived table {name!r} in a PostgreSQL archive")
        self._store = store
        self._name = f"{SCHEMA}.{name}"

    def all(self) -> list[Document]:
        rows = self._store.query(f"SELECT doc_id, doc FROM {self._name} ORDER BY doc_id")
        return [Document(dict(doc), int(doc_id)) for doc_id, doc in rows]

    def insert(self, document: Mapping[str, Any]) -> int:
        return self.insert_multiple([document])[0]

    def insert_multiple(self, documents: Iterable[Mapping[str, Any]]) -> list[int]:
        """Insert ``documents`` in one statement; their new ids, in order."""
        docs = [Jsonb(dict(d)) for d in documents]
        if not docs:
            return []
        with self._store.batch():
            rows = self._store.query(
                f"INSERT INTO {self._name} (doc) SELECT unnest(%s::jsonb[]) RETURNING doc_id",
                (docs,),
            )
        # Ids come from one sequence, drawn row by row in the documents' order.
        return sorted(int(r[0]) for r in rows)

    def remove(self, *, doc_ids: Iterable[int]) -> list[int]:
        wanted = [int(i) for i in doc_ids]
        if wanted:
            with self._store.batch():
                self._store.query(
                    f"DELETE FROM {self._name} WHERE doc_id = ANY(%s) RETURNING doc_id", (wanted,)
                )
        return wanted

    def truncate(self) -> None:
        with self._store.batch():
            self._store.execute(f"DELETE FROM {self._name}")

    def __len__(self) -> int:
        row = self._store.query(f"SELECT count(*) FROM {self._name}")
        return int(row[0][0])
