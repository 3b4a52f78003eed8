"""Every article's facts for the facts table, read from the store's view a page at a time.

The facts table (:class:`~tui.widgets.lazy_table.LazyTable`) asks for the rows
it draws; :class:`FactRows` reads the page holding a row from the view
(:class:`store.FactsView`) and keeps the last two pages, so the pane holds a few
hundred facts whatever the archive's size (10k articles: 265,000). The view is
a file mapped on this machine (a server's archive keeps it in its cache folder),
so a page costs about a millisecond and is read where the row is drawn, unlike
the article list's pages (:mod:`tui.widgets.row_source`), which a server answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, overload

if TYPE_CHECKING:
    from newsdesk.store import Fact, FactsView

__all__ = ["PAGE", "FactRows"]

#: Facts read at a time.
PAGE = 200
#: Pages kept (the one drawn, and the one before or after it).
_PAGES_HELD = 2


class FactRows(Sequence["Fact"]):
    """The facts of every article (of one ``kind``, or all), in the store's order."""

    def __init__(self, view: FactsView, kind: str | None, page: int | None = None) -> None:
        self.view = view
        self.kind = kind
        self._page = page or PAGE
        self._count = view.count(kind)
        self._held: dict[int, list[Fact]] = {}

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> Fact: ...

    @overload
    def __getitem__(self, index: slice) -> list[Fact]: ...

    def __getitem__(self, index: int | slice) -> Fact | list[Fact]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._count))]
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError(index)
        number, at = divmod(index, self._page)
        rows = self._held.get(number)
        if rows is None:
            rows = self.view.page(self.kind, number * self._page, self._page)
            if len(self._held) >= _PAGES_HELD:
                del self._held[next(iter(self._held))]
            self._held[number] = rows
        return rows[at]

    @property
    def pages_held(self) -> int:
        """How many pages are held now (at most two)."""
        return len(self._held)
