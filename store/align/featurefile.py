"""The features file (``db.pairing.json``) read as rows, so that pairing after a small
ingest on a TinyDB archive reads only the features it needs, as a server's archive
does (store.align.rows).

The file holds every anchor once (``anchors``), each article's anchors as numbers
into that list, and each anchor's article count (``counts``, computed when a file
lacks it). Read as rows, an article's features become a ``PairFeatures.to_dict``
only when asked for: building every article's anchor set was most of pairing's time
at 50k articles. :meth:`FeatureFile.put` updates the rows and counts and writes the
file once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from itertools import chain
from typing import TYPE_CHECKING, Any

import orjson

from newsdesk.store.sidecars import PAIRING
from newsdesk.store.storage import save_cache

if TYPE_CHECKING:
    from newsdesk.store.db import Store

__all__ = ["LAYOUT", "FeatureFile", "anchor_counts", "file_parts"]

#: The file's layout: every anchor once, in a list; each article's anchors as
#: numbers into it (reading 600k anchor strings cost more than pairing).
LAYOUT = 2
#: Rows of the file serialised at a time.
_ROWS_AT_ONCE = 2000


def anchor_counts(rows: Iterable[Mapping[str, Any]], size: int) -> list[int]:
    """How many of ``rows`` hold each of ``size`` anchor numbers."""
    counted = Counter(chain.from_iterable(row["anchors"] for row in rows))
    return [counted.get(k, 0) for k in range(size)]


def file_parts(
    vocab: list[str], counts: list[int], rows: Iterable[tuple[str, Any]]
) -> Iterator[bytes]:
    """The file's bytes, in pieces: ``orjson.dumps({"layout", "anchors", "counts",
    "features": {id: row}})`` with ``rows`` in the order given."""
    head = orjson.dumps({"layout": LAYOUT, "anchors": vocab, "counts": counts})
    yield head[:-1] + b',"features":{'
    chunk: dict[str, Any] = {}
    first = True
    for doc, row in rows:
        chunk[doc] = row
        if len(chunk) >= _ROWS_AT_ONCE:
            yield (b"" if first else b",") + orjson.dumps(chunk)[1:-1]
            chunk, first = {}, False
    if chunk:
        yield (b"" if first else b",") + orjson.dumps(chunk)[1:-1]
    yield b"}}"


class FeatureFile:
    """The features file as the rows a :class:`store.align.rows.FeatureStore` answers."""

    def __init__(self, store: Store, data: dict[str, Any]) -> None:
        self._store = store
        self._vocab: list[str] = data["anchors"]
        self._rows: dict[str, dict[str, Any]] = data["features"]
        counts = data.get("counts")
        if not (isinstance(counts, list) and len(counts) == len(self._vocab)):
            counts = anchor_counts(self._rows.values(), len(self._vocab))
        self._counts: list[int] = counts
        self._number: dict[str, int] | None = None

    @classmethod
    def read(cls, store: Store) -> FeatureFile | None:
        """The store's features file, None when missing, unreadable or of another layout."""
        try:
            data = orjson.loads(store.sidecar_path(PAIRING).read_bytes())
        except (OSError, orjson.JSONDecodeError):
            return None
        if not (
            isinstance(data, dict)
            and data.get("layout") == LAYOUT
            and isinstance(data.get("anchors"), list)
            and isinstance(data.get("features"), dict)
        ):
            return None
        return cls(store, data)

    def _numbers(self) -> dict[str, int]:
        if self._number is None:
            self._number = {anchor: k for k, anchor in enumerate(self._vocab)}
        return self._number

    def _row(self, row: dict[str, Any]) -> dict[str, Any]:
        vocab = self._vocab
        return {**row, "anchors": [vocab[k] for k in row["anchors"]]}

    def all(self) -> list[dict[str, Any]]:
        """Every stored row (``PairFeatures.to_dict``)."""
        return [self._row(row) for row in self._rows.values()]

    def shas(self) -> dict[str, str]:
        """The sha256 each stored row was extracted from, by article."""
        return {doc: str(row["sha"]) for doc, row in self._rows.items()}

    def of(self, ids: Iterable[str]) -> list[dict[str, Any]]:
        """The rows of the articles ``ids``."""
        rows = self._rows
        return [self._row(rows[doc]) for doc in sorted(set(ids)) if doc in rows]

    def dated(self, spans: Iterable[tuple[int, int]]) -> list[dict[str, Any]]:
        """The rows of the articles dated within any of ``spans`` (first, last day)."""
        spans = list(spans)
        found = []
        for row in self._rows.values():
            day = row.get("day")
            if isinstance(day, int) and any(lo <= day <= hi for lo, hi in spans):
                found.append(self._row(row))
        return found

    def holding(self, anchors: Iterable[str]) -> list[dict[str, Any]]:
        """The rows of the articles holding any of ``anchors``."""
        number = self._numbers()
        wanted = {number[a] for a in anchors if a in number}
        return [
            self._row(row) for row in self._rows.values() if not wanted.isdisjoint(row["anchors"])
        ]

    def counts(self, anchors: Iterable[str]) -> dict[str, int]:
        """How many stored articles hold each of ``anchors`` (those held by any)."""
        number, counts = self._numbers(), self._counts
        found = {a: counts[number[a]] for a in set(anchors) if a in number}
        return {a: n for a, n in found.items() if n > 0}

    def count(self) -> int:
        """How many articles have stored features."""
        return len(self._rows)

    def put(
        self, rows: Iterable[Mapping[str, Any]], gone: Iterable[str] = (), prune: bool = False
    ) -> None:
        """Write ``rows`` (``PairFeatures.to_dict``) and drop those of the articles ``gone``
        (with ``prune``, of every article the store no longer holds), keeping the
        anchors' counts with them; the file is written once, rows in id order."""
        by_id = {str(row["id"]): row for row in rows}
        dropped = set(by_id) | set(gone)
        if prune:
            held = {doc for doc, _ in self._store.known_files().values()}
            dropped |= self._rows.keys() - held
        counts = self._counts
        for doc in dropped:
            old = self._rows.pop(doc, None)
            if old is not None:
                for k in old["anchors"]:
                    counts[k] -= 1
        number = self._numbers()
        vocab = self._vocab
        for doc in sorted(by_id):  # new anchors numbered in the order of the rows bringing them
            row = dict(by_id[doc])
            for anchor in sorted(set(row["anchors"]) - number.keys()):
                number[anchor] = len(vocab)
                vocab.append(anchor)
                counts.append(0)
            numbers = sorted({number[a] for a in row["anchors"]})
            for k in numbers:
                counts[k] += 1
            row["anchors"] = numbers
            self._rows[doc] = row
        if self._store.read_only:
            return
        save_cache(
            self._store.sidecar_path(PAIRING),
            file_parts(vocab, counts, sorted(self._rows.items())),
            what="pairing cache",
            mode_of=self._store.path,
        )
