"""The pairing features file (``db.pairing.json``): its layout, read and written whole,
and read as rows, so that pairing after a small ingest on a TinyDB archive reads only
the features it needs, as a server's archive does (store.align.rows).

The file holds every anchor once (``anchors``), each anchor's article count
(``counts``), and per article its features with its anchors as numbers into that
list, packed into one base64 string of 32-bit integers (``anchors`` of a row): read
as JSON, 50k articles' anchors as lists of numbers cost a second; as strings they
are only unpacked for the rows pairing asks for. Earlier layouts (anchor numbers as
lists; one row of anchor strings an article) are still read whole, and written again
in this one.
"""

from __future__ import annotations

import base64
import sys
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from newsdesk.store.align.pairing import PairFeatures
from newsdesk.store.sidecars import PAIRING
from newsdesk.store.storage import save_cache

if TYPE_CHECKING:
    from newsdesk.store.align.bounds import Bound
    from newsdesk.store.db import Store

__all__ = ["LAYOUT", "FeatureFile", "read_features", "write_features"]

#: 3: each row's anchor numbers packed (:func:`pack`), each anchor's article count kept;
#: 2: anchor numbers as lists, no counts.
LAYOUT = 3
#: Rows of the file serialised at a time.
_ROWS_AT_ONCE = 2000
_ERRORS = (OSError, orjson.JSONDecodeError, KeyError, TypeError, ValueError, IndexError)


def pack(numbers: Iterable[int]) -> str:
    """Anchor numbers as the base64 of little-endian 32-bit integers."""
    packed = array("i", numbers)
    if sys.byteorder == "big":
        packed.byteswap()
    return base64.b64encode(packed.tobytes()).decode("ascii")


def unpack(text: str) -> array[int]:
    """The numbers :func:`pack` packed."""
    numbers = array("i", base64.b64decode(text))
    if sys.byteorder == "big":
        numbers.byteswap()
    return numbers


def _numbers(row: Mapping[str, Any], layout: int) -> Iterable[int]:
    value = row["anchors"]
    return unpack(value) if layout >= 3 else value


def _numbered(anchors: Iterable[str], number: dict[str, int], vocab: list[str]) -> list[int]:
    """The numbers of ``anchors``, sorted; those new to ``vocab`` are added to it (and to
    ``number``) in sorted order."""
    for anchor in sorted(set(anchors) - number.keys()):
        number[anchor] = len(vocab)
        vocab.append(anchor)
    return sorted({number[a] for a in anchors})


def read_features(path: Path) -> tuple[dict[str, PairFeatures], dict[str, Any]]:
    """Every article's features in the file at ``path``, and the file's data they were
    read from (empty when missing or unreadable; no data for the first layout)."""
    try:
        data = orjson.loads(path.read_bytes())
        layout = data.get("layout")
        if layout is None:  # the first layout {id: row}
            return {i: PairFeatures.from_dict(f) for i, f in data.items()}, {}
        vocab: list[str] = data["anchors"]
        features = {
            i: PairFeatures.from_dict({**f, "anchors": [vocab[k] for k in _numbers(f, layout)]})
            for i, f in data["features"].items()
        }
        return features, data
    except (*_ERRORS, AttributeError):
        return {}, {}


def write_features(
    store: Store, features: Mapping[str, PairFeatures], read: Mapping[str, Any] | None = None
) -> None:
    """Write the features file whole; ``read`` (the file as :func:`read_features` read
    it) lends its anchor list, which only grows, and the rows of articles that did
    not change. The file is written as it is serialised, a few thousand rows at a time."""
    if store.read_only:
        return
    read = read or {}
    layout = int(read.get("layout", LAYOUT))
    vocab: list[str] = list(read.get("anchors", []))
    rows: Mapping[str, Any] = read.get("features", {})
    number = {anchor: k for k, anchor in enumerate(vocab)}
    ordered = sorted(features.items())

    def kept(f: PairFeatures) -> Any:
        old = rows.get(f.id)
        return old if isinstance(old, dict) and old.get("sha") == f.sha else None

    # New anchors are numbered first (the list comes before the rows in the file),
    # in the order of the rows that bring them; each anchor's article count with them.
    counted: Counter[int] = Counter()
    for _, f in ordered:
        old = kept(f)
        if old is None:
            counted.update(_numbered(f.anchors, number, vocab))
        else:
            counted.update(_numbers(old, layout))

    def row(f: PairFeatures) -> Any:
        old = kept(f)
        if old is not None and layout == LAYOUT:
            return old
        data = f.to_dict()
        data["anchors"] = pack(_numbered(f.anchors, number, vocab))
        return data

    counts = [counted.get(k, 0) for k in range(len(vocab))]
    _save(store, vocab, counts, ((i, row(f)) for i, f in ordered))


def _save(
    store: Store, vocab: list[str], counts: list[int], rows: Iterable[tuple[str, Any]]
) -> None:
    # A cache: the next ingest rebuilds it; but a full disk is reported.
    save_cache(
        store.sidecar_path(PAIRING),
        _parts(vocab, counts, rows),
        what="pairing cache",
        mode_of=store.path,
    )


def _parts(vocab: list[str], counts: list[int], rows: Iterable[tuple[str, Any]]) -> Iterator[bytes]:
    """``orjson.dumps({"layout", "anchors", "counts", "features": {id: row}})``, in pieces."""
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
        self._counts: list[int] = data["counts"]
        self._number: dict[str, int] | None = None

    @classmethod
    def read(cls, store: Store) -> FeatureFile | None:
        """The store's features file, None when missing, unreadable or of an earlier
        layout (pairing then reads it whole and writes it again in this one)."""
        try:
            data = orjson.loads(store.sidecar_path(PAIRING).read_bytes())
        except (OSError, orjson.JSONDecodeError):
            return None
        if not (
            isinstance(data, dict)
            and data.get("layout") == LAYOUT
            and isinstance(data.get("anchors"), list)
            and isinstance(data.get("counts"), list)
            and len(data["counts"]) == len(data["anchors"])
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
        return {**row, "anchors": [vocab[k] for k in unpack(row["anchors"])]}

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
            self._row(row)
            for row in self._rows.values()
            if not wanted.isdisjoint(unpack(row["anchors"]))
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
                for k in unpack(old["anchors"]):
                    counts[k] -= 1
        number = self._numbers()
        vocab = self._vocab
        for doc in sorted(by_id):  # new anchors numbered in the order of the rows bringing them
            row = dict(by_id[doc])
            numbers = _numbered(row["anchors"], number, vocab)
            counts.extend([0] * (len(vocab) - len(counts)))
            for k in numbers:
                counts[k] += 1
            row["anchors"] = pack(numbers)
            self._rows[doc] = row
        if not self._store.read_only:
            _save(self._store, vocab, counts, sorted(self._rows.items()))

    def bounds(self) -> dict[tuple[str, str], Bound]:
        """No bounds: the file is read whole anyway, so every kept pair is scored again."""
        return {}

    def drift(self) -> float:
        """No bounds, no drift (see :meth:`bounds`)."""
        return 0.0

    def put_bounds(
        self,
        bounds: Mapping[tuple[str, str], Bound],
        gone: Iterable[tuple[str, str]] = (),
        whole: bool = False,
    ) -> None:
        """Nothing to keep (see :meth:`bounds`)."""
