"""An ingest's pairing features, held compactly until the pairing stage reads them.

Each article's :class:`PairFeatures` reaches the ingest from a worker with its own
copy of every anchor string in a set of its own (about 7 KB an article). Here each
anchor is kept once, and an article's anchors as an array of their numbers; reading
an article's features gives them back whole, the anchors shared between articles.
"""

from __future__ import annotations

import sys
from array import array
from collections.abc import Iterator, Mapping

from newsdesk.store.align.pairing import PairFeatures

__all__ = ["GatheredFeatures"]


class GatheredFeatures(Mapping[str, PairFeatures]):
    """Pairing features by article id, gathered as an ingest prepares them."""

    def __init__(self) -> None:
        self._anchors: list[str] = []
        self._number: dict[str, int] = {}
        #: article id → (sha, lang, day, precision, length, anchor numbers)
        self._rows: dict[str, tuple[str, str, int | None, str | None, int, array[int]]] = {}

    def add(self, doc_id: str, features: PairFeatures) -> None:
        """Article ``doc_id``'s features (a later one for the same id replaces it)."""
        number = self._number
        for anchor in features.anchors:
            if anchor not in number:
                number[anchor] = len(self._anchors)
                self._anchors.append(sys.intern(anchor))
        ids = array("i", sorted(number[a] for a in features.anchors))
        self._rows[doc_id] = (
            features.sha,
            sys.intern(features.lang),
            features.day,
            None if features.precision is None else sys.intern(features.precision),
            features.length,
            ids,
        )

    def __getitem__(self, doc_id: str) -> PairFeatures:
        sha, lang, day, precision, length, ids = self._rows[doc_id]
        anchors = self._anchors
        return PairFeatures(
            doc_id, sha, lang, day, precision, length, frozenset([anchors[i] for i in ids])
        )

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)
