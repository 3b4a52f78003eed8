"""Where the article list reads its rows: the catalog's rows in memory, or the store a page
at a time (so the list holds only the rows around the view, whatever the archive's size)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from newsdesk.store import ArticleSummary, Store

__all__ = ["ListedRows", "RowSource", "StoreRows"]


class RowSource(Protocol):
    """Rows of the list in its order (newest first, then by id); read off the UI thread."""

    def page(self, offset: int, limit: int) -> list[ArticleSummary]:
        """At most ``limit`` rows from position ``offset`` on."""
        ...

    def position(self, doc_id: str) -> int | None:
        """Where article ``doc_id`` stands in the list, None when it is not listed."""
        ...


class ListedRows:
    """Rows already in memory (the catalog's, shown before the database is read)."""

    def __init__(self, rows: Sequence[ArticleSummary]) -> None:
        self.rows = list(rows)
        self._index = {row.id: i for i, row in enumerate(self.rows)}

    def page(self, offset: int, limit: int) -> list[ArticleSummary]:
        return self.rows[max(0, offset) : max(0, offset) + max(0, limit)]

    def position(self, doc_id: str) -> int | None:
        return self._index.get(doc_id)


class StoreRows:
    """The store's rows, read a page at a time."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def page(self, offset: int, limit: int) -> list[ArticleSummary]:
        return self.store.summary_page(offset, limit)

    def position(self, doc_id: str) -> int | None:
        return self.store.summary_position(doc_id)
