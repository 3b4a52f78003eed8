"""The passages holding a word group, as the client works with them: native columns.

The postings come from the server packed (store.pg.passages.MEMBER: big-endian
records of 16 bytes). Each field read from those records is a strided, byte-swapped
view that every later step would convert again, so a group's postings are unpacked
once into contiguous native arrays (:class:`Held`), and the numbering and merging
of large groups mark ids in an array over the id space instead of sorting.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from newsdesk.store.pg.passages import MEMBER

__all__ = ["Held", "distinct", "merged", "numbered"]

I64 = npt.NDArray[np.int64]
Ids = npt.NDArray[np.intp]

#: Ids are marked in an array up to the largest (instead of sorted) when they are
#: at least this share of it: the postings of common words.
DENSE = 8


@dataclass(frozen=True, slots=True)
class Held:
    """Passages holding a word group: id, length (stop - start), kind, and whether the
    group holds the passage's first word (``edge`` bit 1) or its last (bit 2)."""

    ids: I64
    lengths: npt.NDArray[np.int32]
    kinds: npt.NDArray[np.int16]
    edges: npt.NDArray[np.int16]

    @classmethod
    def unpack(cls, data: bytes) -> Held:
        """Postings as the server packs them (:data:`MEMBER` records)."""
        packed = np.frombuffer(data, dtype=MEMBER)
        return cls(
            packed["id"].astype(np.int64),
            packed["length"].astype(np.int32),
            packed["kind"].astype(np.int16),
            packed["edge"].astype(np.int16),
        )

    @classmethod
    def empty(cls) -> Held:
        return cls.unpack(b"")

    def __len__(self) -> int:
        return len(self.ids)

    def take(self, which: npt.NDArray[Any]) -> Held:
        """The passages at positions (or mask) ``which``."""
        return Held(self.ids[which], self.lengths[which], self.kinds[which], self.edges[which])

    def with_edges(self, edges: npt.NDArray[Any]) -> Held:
        return Held(self.ids, self.lengths, self.kinds, edges.astype(np.int16))

    @staticmethod
    def joined(parts: list[Held]) -> Held:
        """The passages of ``parts`` one after the other (repeats kept)."""
        if len(parts) == 1:
            return parts[0]
        if not parts:
            return Held.empty()
        return Held(
            np.concatenate([p.ids for p in parts]),
            np.concatenate([p.lengths for p in parts]),
            np.concatenate([p.kinds for p in parts]),
            np.concatenate([p.edges for p in parts]),
        )


def _marks(found: I64) -> npt.NDArray[np.bool_] | None:
    """A mark per id up to the largest of ``found`` (None: too sparse to pay)."""
    if not len(found):
        return None
    top = int(found.max())
    if top > DENSE * len(found):
        return None
    marked = np.zeros(top + 1, dtype=np.bool_)
    marked[found] = True
    return marked


def _ascending(found: I64) -> bool:
    """Whether ``found`` is strictly ascending (distinct and in order already)."""
    return bool(len(found) < 2 or (found[1:] > found[:-1]).all())


def distinct(found: I64) -> I64:
    """The distinct ids of ``found``, in order (``np.unique``)."""
    if _ascending(found):
        return found
    marked = _marks(found)
    if marked is None:
        return np.unique(found)
    return np.flatnonzero(marked).astype(np.int64)


def numbered(found: I64) -> tuple[I64, Ids]:
    """The distinct ids of ``found`` in order, and each entry's place among them
    (``np.unique`` with its inverse)."""
    if _ascending(found):
        return found, np.arange(len(found), dtype=np.intp)
    marked = _marks(found)
    if marked is None:
        ids, numbers = np.unique(found, return_inverse=True)
        return ids, numbers.astype(np.intp)
    ids = np.flatnonzero(marked)
    # Only the marked places are read: the rest need not be set.
    place = np.empty(len(marked), dtype=np.int32)
    place[ids] = np.arange(len(ids), dtype=np.int32)
    return ids.astype(np.int64), place[found].astype(np.intp)


def merged(held: Held) -> Held:
    """Postings of several words as one word's: each passage once, in id order, its
    edges joined (the first word of a passage is one of them, or the last)."""
    ids = held.ids
    marked = _marks(ids)
    if marked is None:
        order = np.argsort(ids, kind="stable")
        ids = ids[order]
        head = np.ones(len(ids), dtype=np.bool_)
        head[1:] = ids[1:] != ids[:-1]
        edges = held.edges[order]
        if len(edges):
            edges = np.bitwise_or.reduceat(edges, np.flatnonzero(head))
        return Held(ids[head], held.lengths[order][head], held.kinds[order][head], edges)
    # A passage's length and kind are the same in every word's postings; only the
    # marked places are read back.
    lengths = np.empty(len(marked), dtype=np.int32)
    lengths[ids] = held.lengths
    kinds = np.empty(len(marked), dtype=np.int16)
    kinds[ids] = held.kinds
    joined = np.zeros(len(marked), dtype=np.int16)
    for bit in (1, 2):
        joined[ids[(held.edges & bit) != 0]] |= bit
    at = np.flatnonzero(marked)
    return Held(at.astype(np.int64), lengths[at], kinds[at], joined[at])
