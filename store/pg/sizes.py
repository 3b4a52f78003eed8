"""Every passage's length and kind, as a client keeps them.

A query that any passage may match (a clause whose common words alone reach a
score, as ``the p`` does while it is typed) or one of filters alone ranks every
passage the filters keep: by bound (the same for all that hold none of the query's
rarer words), then length, then the archive's order. Instead of every passage's row,
the client reads, per passage id, its length (stop - start) and kind once (one
statement: about 1.5 s at 100k articles, 14 MB kept for their 2.8 million passages)
and keeps them for its store. A write changes the archive's passage count: the
passages added since are read (ids are drawn from a sequence, so theirs are above
every id kept); when that does not make up the count (passages were removed too),
everything is read again.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from newsdesk.store.pg.passages import PASSAGES

if TYPE_CHECKING:
    from newsdesk.store.pg.store import PgStore

__all__ = ["PassageSizes", "passage_sizes"]

I64 = npt.NDArray[np.int64]

#: A passage as read: id, length, kind (big-endian, as the server sends them).
_ROW = np.dtype([("id", ">i8"), ("length", ">i4"), ("kind", ">i2")])


@dataclass(frozen=True, slots=True)
class PassageSizes:
    """Per passage id from 0 to the largest kept, its length (-1: no such passage)
    and kind; and how many passages there are."""

    lengths: npt.NDArray[np.int32]
    kinds: npt.NDArray[np.int8]
    count: int

    @classmethod
    def read(cls, store: PgStore, after: int = 0, into: PassageSizes | None = None) -> PassageSizes:
        """The passages whose ids are above ``after``, added to those of ``into``."""
        rows = store.query(
            "SELECT string_agg(int8send(id) || int4send(stop - start) || int2send(kind), "
            f"''::bytea) FROM {PASSAGES} WHERE id > %s",
            (after,),
            binary=True,
        )
        data = bytes(rows[0][0]) if rows and rows[0][0] is not None else b""
        found = np.frombuffer(data, dtype=_ROW)
        ids = found["id"].astype(np.int64)
        top = max(int(ids.max()) + 1 if len(ids) else 0, len(into.lengths) if into else 0)
        lengths = np.full(top, -1, dtype=np.int32)
        kinds = np.zeros(top, dtype=np.int8)
        count = len(ids)
        if into is not None:
            lengths[: len(into.lengths)] = into.lengths
            kinds[: len(into.kinds)] = into.kinds
            count += into.count
        lengths[ids] = found["length"]
        kinds[ids] = found["kind"]
        return cls(lengths, kinds, count)

    @property
    def top(self) -> int:
        """The largest id read so far (0 when none): the passages added since have
        larger ids."""
        return max(len(self.lengths) - 1, 0)

    def columns(self) -> tuple[I64, I64, I64]:
        """Every passage's id (in order), length and kind."""
        ids = np.flatnonzero(self.lengths >= 0).astype(np.int64, copy=False)
        return ids, self.lengths[ids].astype(np.int64), self.kinds[ids].astype(np.int64)

    def places(self, ids: I64) -> npt.NDArray[np.intp]:
        """Each of ``ids``' place among :meth:`columns` (-1: not kept): the id less the
        ids below it with no passage (few: those of removed articles), else counted."""
        known = self.lengths >= 0
        inside = ids < len(known)
        at = np.where(inside, ids, 0)
        holes = np.flatnonzero(~known)
        if len(holes) * HOLES_SHARE <= len(known):
            place = at - np.searchsorted(holes, at)
        else:
            place = (np.cumsum(known, dtype=np.intp) - 1)[at]
        return np.where(inside & known[at], place, -1).astype(np.intp, copy=False)

    def covers(self, ids: I64) -> bool:
        """Whether every one of ``ids`` is kept."""
        if not len(ids):
            return True
        if int(ids.max()) >= len(self.lengths):
            return False
        return bool((self.lengths[ids] >= 0).all())


#: Ids with no passage are looked up by binary search while they are at most this
#: share of the id space (1 in 16), counted over the whole id space otherwise.
HOLES_SHARE = 16


_KEPT: weakref.WeakKeyDictionary[PgStore, PassageSizes] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def passage_sizes(store: PgStore, population: int, ids: I64 | None = None) -> PassageSizes:
    """The store's kept sizes, brought up to ``population`` passages and to ``ids``
    (passages a query's postings named): the passages added since, or all again."""
    with _LOCK:
        kept = _KEPT.get(store)
        fresh = False
        if kept is None:
            kept, fresh = PassageSizes.read(store), True
        needed = ids is not None and not kept.covers(ids)
        if not fresh and (kept.count != population or needed):
            kept = PassageSizes.read(store, kept.top, kept)
            needed = ids is not None and not kept.covers(ids)
            if kept.count != population or needed:  # some were removed: read them all
                kept = PassageSizes.read(store)
        _KEPT[store] = kept
        return kept
