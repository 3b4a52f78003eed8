"""The archive's passages by article, as a client keeps them: ties cut and candidates
read without the server's help.

The engine breaks ties of equal bound and length by the archive's order: the
article's id (code points), then the passage's place in it. Each article's passages
have consecutive ids (``search_ranges``: first, last), so a passage's place is its
id less its article's first, and its article is found by a binary search in the
ranges. The ranges are read once (about 0.4 s at 100k articles) and kept by the
client for its store; they are read again when a passage id falls outside every
range kept (ids are drawn from a sequence, never again: an article added or
changed since has ids the ranges kept do not cover) or the archive's passage
count changed. A range whose article was removed since does no harm: no posting
names its ids any more. Each range also keeps its article's language and date (an
article changed is written again with new ids), so the candidates' rows are read
without joining the articles (a random read of each article's wide row), and the
filters on articles are judged per range from them (each distinct language and date
once: :class:`Codes`).
A passage's range is looked up in an array over the id space (4 bytes an id) while
ids are dense, by a binary search otherwise.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from newsdesk.store.pg.passages import RANGES
from newsdesk.store.pg.schema import SCHEMA
from newsdesk.store.search.arrays import I32, I64, ranges
from newsdesk.store.text import fold

if TYPE_CHECKING:
    from newsdesk.store.pg.store import PgStore

__all__ = ["Codes", "PassageOrder", "first_in_order", "passage_ranges"]


@dataclass(frozen=True, slots=True)
class Codes:
    """A column of the ranges (languages, dates) as its distinct values and, per
    range, its value's code: a filter judges each distinct value once."""

    values: list[Any]
    codes: I64

    @classmethod
    def of(cls, column: list[Any]) -> Codes:
        distinct = {v: i for i, v in enumerate(dict.fromkeys(column))}
        codes = np.fromiter(map(distinct.__getitem__, column), np.int64, count=len(column))
        return cls(list(distinct), codes)

    def judged(self, verdict: Callable[[Any], bool]) -> npt.NDArray[np.bool_]:
        """Per range, ``verdict`` of its value."""
        return np.array([verdict(v) for v in self.values], dtype=np.bool_)[self.codes]


@dataclass(frozen=True, slots=True)
class PassageOrder:
    """The ranges of passage ids sorted by their first id, with each one's article,
    that article's place in the archive's order, language and date."""

    firsts: I64
    lasts: I64
    ranks: I64
    docs: list[str]
    langs: list[str]
    dates: list[Any]
    population: int
    #: Per passage id, its range's position (-1: none); None when ids are too sparse.
    places: I32 | None

    #: The ranges' languages and dates, as distinct values and each range's code.
    lang_codes: Codes
    date_codes: Codes
    #: The articles' ids folded (as the article filters read them).
    folded: list[str]

    @classmethod
    def read(cls, store: PgStore, population: int) -> PassageOrder:
        """Every range of the archive's passages (one statement)."""
        rows = store.query(
            f"SELECT r.article_id, r.first, r.last, a.lang, a.date FROM {RANGES} r "
            f"JOIN {SCHEMA}.articles a ON a.id = r.article_id ORDER BY r.first"
        )
        docs = [str(r[0]) for r in rows]
        firsts = np.fromiter((int(r[1]) for r in rows), dtype=np.int64, count=len(rows))
        lasts = np.fromiter((int(r[2]) for r in rows), dtype=np.int64, count=len(rows))
        names = sorted(set(docs))  # Python sorts by code point: the server's "C" order
        place = {doc: i for i, doc in enumerate(names)}
        ranks = np.fromiter((place[d] for d in docs), dtype=np.int64, count=len(docs))
        langs = [r[3] for r in rows]
        dates = [r[4] for r in rows]
        return cls(
            firsts,
            lasts,
            ranks,
            docs,
            langs,
            dates,
            population,
            _places(firsts, lasts),
            Codes.of(langs),
            Codes.of(dates),
            [fold(doc) for doc in docs],
        )

    def owners(self, ids: I64) -> I64 | None:
        """Each passage's range (position), or None when one falls outside them all."""
        if not len(self.firsts):
            return None if len(ids) else np.zeros(0, dtype=np.int64)
        if self.places is not None:
            if len(ids) and (int(ids.max()) >= len(self.places) or int(ids.min()) < 0):
                return None
            found = self.places[ids]
            return None if (found < 0).any() else found.astype(np.int64)
        at = np.searchsorted(self.firsts, ids, side="right") - 1
        if (at < 0).any():
            return None
        at = at.astype(np.int64)
        if (ids > self.lasts[at]).any():
            return None
        return at


#: Ids are looked up in an array over the id space while they are at least this
#: share of it (the ranges' passages over their largest id).
_DENSE = 4


def _places(firsts: I64, lasts: I64) -> I32 | None:
    """Per id up to the largest, the position of its range (-1: none), or None when
    the ranges hold too few of the ids."""
    if not len(firsts):
        return None
    spans = lasts - firsts + 1
    top = int(lasts.max()) + 1
    if top > _DENSE * int(spans.sum()):
        return None
    places = np.full(top, -1, dtype=np.int32)
    places[ranges(firsts, spans)] = np.repeat(np.arange(len(firsts), dtype=np.int32), spans)
    return places


_KEPT: weakref.WeakKeyDictionary[PgStore, PassageOrder] = weakref.WeakKeyDictionary()


def passage_ranges(store: PgStore, ids: I64, population: int) -> tuple[PassageOrder, I64]:
    """The store's kept ranges (read again when stale for ``ids``) and ``ids``' ranges
    (LookupError: a write landed meanwhile and some of ``ids`` are in none)."""
    kept = _KEPT.get(store)
    if kept is not None and kept.population == population:
        at = kept.owners(ids)
        if at is not None:
            return kept, at
    kept = _KEPT[store] = PassageOrder.read(store, population)
    at = kept.owners(ids)
    if at is None:  # a write between the postings and the ranges read: no order known
        raise LookupError("passages outside the archive's ranges")
    return kept, at


def first_in_order(
    store: PgStore, ids: I64, need: int, population: int
) -> tuple[I64, tuple[str, int]]:
    """The first ``need`` of passages ``ids`` in the archive's order (fewer than
    ``len(ids)``), and the article and place of the one after them."""
    order, at = passage_ranges(store, ids, population)
    key = order.ranks[at] * (1 << 40) + (ids - order.firsts[at])
    best = np.argpartition(key, need)[: need + 1]
    best = best[np.argsort(key[best], kind="stable")]
    after = int(best[need])
    place = int(ids[after] - order.firsts[at[after]])
    return ids[best[:need]], (order.docs[int(at[after])], place)
