"""Facts and pairing features as rows on the server, and this machine's copy of the facts.

An ingest writes the rows of the articles it added, changed or removed, in its
transaction, so a small ingest costs what it adds whatever the archive's size:

* ``newsdesk.facts``: one row an article, ``(doc, serial, line)``, ``line`` the
  article's facts row as the facts file holds it (store.facts.storage), NULL once
  the article is removed; ``serial`` is drawn from ``newsdesk.row_serial`` each
  time the row is written. Writers take turns (store.pg.store), so the serials a
  reader sees committed are always all those below the highest it sees.
* ``newsdesk.pairing_features``: one row an article, its :class:`PairFeatures` as
  JSON, with its day and anchors as columns (indexed), and ``pairing_anchors``, how
  many articles hold each anchor: pairing after a small ingest reads the features
  of the articles it scores and of their date windows only (store.align.rows).
* ``newsdesk.pair_bounds``: per saturated pair, what its score needs to stay as it
  is (store.align.bounds), and the ``pair_drift`` meta value the writes of
  ``pairing_anchors`` add to (or, for a rare anchor, the bounds of the pairs of its
  holders they drop): adding one article scores again only the pairs it can move.

The facts pane reads a facts *file* (store.facts.view maps lines of it), so each
client keeps one in its cache folder (:func:`sync_facts`): built whole from the
rows once, then brought up to date by appending the lines of the rows whose
serial passed the one it last saw (a ``gone`` line for a removed article). It is
written whole again when most of its lines were replaced.
"""

from __future__ import annotations

import contextlib
import threading
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from newsdesk.store.align.bounds import Bound, anchor_drift
from newsdesk.store.pg.schema import SCHEMA
from newsdesk.store.storage import append_lines, file_stamp, write_atomic

if TYPE_CHECKING:
    from newsdesk.store.pg.store import PgStore

__all__ = ["FeatureRows", "import_files", "put_facts", "sync_facts"]

#: Meta key of the archive's pairing drift (store.align.bounds).
PAIR_DRIFT = "pair_drift"
#: A write moving the counts of more rare anchors than this drops every pair's bound
#: (rather than looking up their holders).
_RARE_AT_ONCE = 2000

#: A local facts file holding more lines than this many times its rows is written whole.
_WORN = 2
#: Rows read from the server per fetch when the local copy is built whole.
_FETCH = 2000

_lock = threading.Lock()


def _as_json(rows: Mapping[str, Mapping[str, Any]]) -> str:
    """``rows`` as one JSON array, the statements' one parameter: the server splits it
    (``json_array_elements`` keeps each element's text as it was written), where a
    ``text[]`` parameter is quoted element by element in Python."""
    return orjson.dumps(list(rows.values())).decode()


def put_facts(
    store: PgStore, rows: Iterable[Mapping[str, Any]], gone: Iterable[str] = (), prune: bool = False
) -> None:
    """Write the facts ``rows`` and mark the articles ``gone`` removed, in the store's
    write transaction; ``prune`` also marks removed every row whose article is gone."""
    by_id = {str(row["doc"]): row for row in rows}  # a later row for an article wins
    dropped = sorted(set(gone) - set(by_id))
    if not by_id and not dropped and not prune:
        return
    serial = f"nextval('{SCHEMA}.row_serial')"
    with store.batch():
        if by_id:
            store.execute(
                f"INSERT INTO {SCHEMA}.facts (doc, serial, line) "
                f"SELECT e->>'doc', {serial}, e::text FROM json_array_elements(%s::json) AS e "
                "ON CONFLICT (doc) DO UPDATE SET serial = EXCLUDED.serial, line = EXCLUDED.line",
                (_as_json(by_id),),
            )
        if dropped:
            store.execute(
                f"UPDATE {SCHEMA}.facts SET serial = {serial}, line = NULL "
                "WHERE doc = ANY(%s) AND line IS NOT NULL",
                (dropped,),
            )
        if prune:
            store.execute(
                f"UPDATE {SCHEMA}.facts AS f SET serial = {serial}, line = NULL "
                f"WHERE line IS NOT NULL AND NOT EXISTS "
                f"(SELECT 1 FROM {SCHEMA}.articles AS a WHERE a.id = f.doc)"
            )


class FeatureRows:
    """The pairing features of a server's archive (``newsdesk.pairing_features``), with
    each anchor's article count (``newsdesk.pairing_anchors``), so that pairing after a
    small ingest reads the features it needs only (store.align.rows)."""

    def __init__(self, store: PgStore) -> None:
        self._store = store

    def _lines(self, where: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        found = self._store.query(
            f"SELECT line FROM {SCHEMA}.pairing_features AS f {where}", params
        )
        rows = [orjson.loads(line) for (line,) in found]
        return [row for row in rows if isinstance(row, dict)]

    def all(self) -> list[dict[str, Any]]:
        """Every stored row (``PairFeatures.to_dict``)."""
        return self._lines("")

    def shas(self) -> dict[str, str]:
        """The sha256 each stored row was extracted from, by article."""
        return {
            str(doc): str(sha)
            for doc, sha in self._store.query(f"SELECT doc, sha FROM {SCHEMA}.pairing_features")
        }

    def of(self, ids: Iterable[str]) -> list[dict[str, Any]]:
        """The rows of the articles ``ids``."""
        return self._lines("WHERE doc = ANY(%s)", (sorted(set(ids)),))

    def dated(self, spans: Iterable[tuple[int, int]]) -> list[dict[str, Any]]:
        """The rows of the articles dated within any of ``spans`` (first, last day)."""
        los, his = zip(*spans, strict=True) if spans else ((), ())
        return self._lines(
            "WHERE EXISTS (SELECT 1 FROM unnest(%s::int[], %s::int[]) AS s(lo, hi) "
            "WHERE f.day BETWEEN s.lo AND s.hi)",
            (list(los), list(his)),
        )

    def holding(self, anchors: Iterable[str]) -> list[dict[str, Any]]:
        """The rows of the articles holding any of ``anchors``."""
        return self._lines("WHERE anchors && %s::text[]", (sorted(set(anchors)),))

    def counts(self, anchors: Iterable[str]) -> dict[str, int]:
        """How many stored articles hold each of ``anchors`` (those held by any)."""
        return {
            str(anchor): int(df)
            for anchor, df in self._store.query(
                f"SELECT anchor, df FROM {SCHEMA}.pairing_anchors "
                "WHERE anchor = ANY(%s) AND df > 0",
                (sorted(set(anchors)),),
            )
        }

    def count(self) -> int:
        """How many articles have stored features."""
        found = self._store.query(f"SELECT count(*) FROM {SCHEMA}.pairing_features")
        return int(found[0][0]) if found else 0

    def put(
        self, rows: Iterable[Mapping[str, Any]], gone: Iterable[str] = (), prune: bool = False
    ) -> None:
        """Write ``rows`` (``PairFeatures.to_dict``), drop those of the articles ``gone``
        (with ``prune``, of every article no longer stored), and keep the anchors'
        counts with them, in the store's write transaction."""
        by_id = {str(row["id"]): dict(row) for row in rows}
        dropped = sorted(set(by_id) | set(gone))
        prune_sql = (
            f" OR NOT EXISTS (SELECT 1 FROM {SCHEMA}.articles AS a WHERE a.id = f.doc)"
            if prune
            else ""
        )
        moved: list[tuple[str, int, int]] = []  # (anchor, count before, count after)
        with self._store.batch():
            if dropped or prune:
                found = self._store.query(
                    f"WITH old AS (DELETE FROM {SCHEMA}.pairing_features AS f "
                    f"WHERE f.doc = ANY(%s){prune_sql} RETURNING anchors), "
                    "n AS (SELECT a, count(*) AS n FROM old, unnest(old.anchors) AS a GROUP BY a) "
                    f"UPDATE {SCHEMA}.pairing_anchors AS p SET df = p.df - n.n "
                    "FROM n WHERE p.anchor = n.a RETURNING p.anchor, p.df, n.n",
                    (dropped,),
                )
                moved += [(str(a), int(df) + int(n), int(df)) for a, df, n in found]
            if by_id:
                found = self._store.query(
                    f"WITH rows AS (INSERT INTO {SCHEMA}.pairing_features "
                    "(doc, sha, day, anchors, line) "
                    "SELECT e->>'id', e->>'sha', (e->>'day')::integer, "
                    "ARRAY(SELECT json_array_elements_text(e->'anchors')), e::text "
                    "FROM json_array_elements(%s::json) AS e RETURNING anchors) "
                    f"INSERT INTO {SCHEMA}.pairing_anchors (anchor, df) "
                    "SELECT a, count(*) FROM rows, unnest(rows.anchors) AS a GROUP BY a "
                    "ON CONFLICT (anchor) DO UPDATE SET df = pairing_anchors.df + EXCLUDED.df "
                    "RETURNING anchor, df",
                    (_as_json(by_id),),
                )
                added = Counter(a for row in by_id.values() for a in set(row["anchors"]))
                moved += [(str(a), int(df) - added[str(a)], int(df)) for a, df in found]
            self._moved(moved)

    def _moved(self, moved: Iterable[tuple[str, int, int]]) -> None:
        """Keep the pairs' bounds true after anchors' counts moved (store.align.bounds):
        the drift grows with the common anchors', the rare anchors' holders' pairs
        lose theirs."""
        drift, rare = 0.0, set()
        for anchor, before, after in moved:
            step = anchor_drift(before, after)
            if step is None:
                rare.add(anchor)
            else:
                drift += step
        if len(rare) > _RARE_AT_ONCE:  # a large write: every pair is scored again anyway
            self._store.execute(f"DELETE FROM {SCHEMA}.pair_bounds")
        elif rare:
            self._store.execute(
                f"WITH h AS (SELECT doc FROM {SCHEMA}.pairing_features "
                "WHERE anchors && %s::text[]) "
                f"DELETE FROM {SCHEMA}.pair_bounds "
                "WHERE left_id IN (SELECT doc FROM h) OR right_id IN (SELECT doc FROM h)",
                (sorted(rare),),
            )
        if drift:
            self._store.execute(
                f"INSERT INTO {SCHEMA}.meta (key, value) VALUES (%s, to_jsonb(%s::float8)) "
                "ON CONFLICT (key) DO UPDATE SET "
                "value = to_jsonb((meta.value #>> '{}')::float8 + EXCLUDED.value::float8)",
                (PAIR_DRIFT, drift),
            )

    def drift(self) -> float:
        """The archive's pairing drift (store.align.bounds)."""
        found = self._store.query(
            f"SELECT (value #>> '{{}}')::float8 FROM {SCHEMA}.meta WHERE key = %s", (PAIR_DRIFT,)
        )
        return float(found[0][0]) if found else 0.0

    def bounds(self) -> dict[tuple[str, str], Bound]:
        """The stored bounds of the pairs, by (left, right)."""
        return {
            (str(left), str(right)): Bound(score, margin, total, k, count, drift)
            for left, right, score, margin, total, k, count, drift in self._store.query(
                "SELECT left_id, right_id, score, margin, total, k, count, drift "
                f"FROM {SCHEMA}.pair_bounds"
            )
        }

    def put_bounds(
        self,
        bounds: Mapping[tuple[str, str], Bound],
        gone: Iterable[tuple[str, str]] = (),
        whole: bool = False,
    ) -> None:
        """Store ``bounds`` and drop those of the pairs ``gone`` (with ``whole``, every
        other one), in the store's write transaction."""
        gone = sorted(gone)
        with self._store.batch():
            if whole:
                self._store.execute(f"DELETE FROM {SCHEMA}.pair_bounds")
            elif gone:
                self._store.execute(
                    f"DELETE FROM {SCHEMA}.pair_bounds WHERE (left_id, right_id) IN "
                    "(SELECT * FROM unnest(%s::text[], %s::text[]))",
                    ([a for a, _ in gone], [b for _, b in gone]),
                )
            if bounds:
                fields = ("score", "margin", "total", "k", "count", "drift")
                data = [
                    [left, right, *(getattr(bound, f) for f in fields)]
                    for (left, right), bound in sorted(bounds.items())
                ]
                self._store.execute(
                    f"INSERT INTO {SCHEMA}.pair_bounds "
                    "(left_id, right_id, score, margin, total, k, count, drift) "
                    "SELECT e->>0, e->>1, (e->>2)::float8, (e->>3)::float8, (e->>4)::float8, "
                    "(e->>5)::integer, (e->>6)::integer, (e->>7)::float8 "
                    "FROM json_array_elements(%s::json) AS e "
                    "ON CONFLICT (left_id, right_id) DO UPDATE SET score = EXCLUDED.score, "
                    "margin = EXCLUDED.margin, total = EXCLUDED.total, k = EXCLUDED.k, "
                    "count = EXCLUDED.count, drift = EXCLUDED.drift",
                    (orjson.dumps(data).decode(),),
                )


# -- this machine's facts file -------------------------------------------------------
def _state_path(path: Path) -> Path:
    return path.with_name(f"{path.name}.rows.json")


def _state(path: Path) -> dict[str, Any]:
    """What the local facts file holds: the highest serial, its stamp, lines and rows."""
    try:
        data = orjson.loads(_state_path(path).read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def _remember(path: Path, serial: int, lines: int, rows: int) -> None:
    stamp = file_stamp(path)
    state = {"serial": serial, "stamp": list(stamp) if stamp else None}
    state.update(lines=lines, rows=rows)
    with contextlib.suppress(OSError):  # a cache: at worst built again
        write_atomic(_state_path(path), orjson.dumps(state), keep_backup=False)


def sync_facts(store: PgStore, path: Path) -> None:
    """Bring the facts file at ``path`` up to the server's rows (see the module's doc).

    A copy that cannot be written is left as it is: the facts of the articles it
    lacks are then extracted where they are needed.
    """
    with _lock:
        state = _state(path)
        stamp = file_stamp(path)
        current = stamp is not None and state.get("stamp") == list(stamp)
        serial = int(state.get("serial", 0)) if current else 0
        try:
            if not current:
                _build(store, path)
                return
            changed = store.query(
                f"SELECT serial, doc, line FROM {SCHEMA}.facts WHERE serial > %s ORDER BY serial",
                (serial,),
            )
            if not changed:
                return
            lines = int(state.get("lines", 0)) + len(changed)
            rows = _count_rows(store)
            if lines > _WORN * rows + 16:
                _build(store, path)
                return
            _append(path, changed)
            _remember(path, int(changed[-1][0]), lines, rows)
        except OSError:
            return


def _count_rows(store: PgStore) -> int:
    found = store.query(f"SELECT count(*) FROM {SCHEMA}.facts WHERE line IS NOT NULL")
    return int(found[0][0]) if found else 0


def _append(path: Path, changed: list[tuple[Any, ...]]) -> None:
    """Add the lines of ``changed`` rows (serial, doc, line) at the end of ``path``."""
    data = b"".join(
        (line.encode() if line is not None else orjson.dumps({"doc": doc, "gone": True})) + b"\n"
        for _serial, doc, line in changed
    )
    append_lines(path, data, path.stat().st_size)


def _build(store: PgStore, path: Path) -> None:
    """Write the facts file at ``path`` whole from the server's rows (by article id)."""
    top, count = 0, 0

    def parts() -> Iterator[bytes]:
        nonlocal top, count
        after = ""
        # The highest serial first: rows written meanwhile are appended at the next sync.
        found = store.query(f"SELECT coalesce(max(serial), 0) FROM {SCHEMA}.facts")
        top = int(found[0][0]) if found else 0
        while True:
            rows = store.query(
                f"SELECT doc, line FROM {SCHEMA}.facts WHERE doc > %s AND serial <= %s "
                f"AND line IS NOT NULL ORDER BY doc LIMIT {_FETCH}",
                (after, top),
            )
            if not rows:
                return
            count += len(rows)
            after = str(rows[-1][0])
            yield b"".join(str(line).encode() + b"\n" for _doc, line in rows)

    write_atomic(path, parts(), keep_backup=False)
    _remember(path, top, count, count)


# -- from the files of schema 4 -------------------------------------------------------
def import_files(store: PgStore) -> None:
    """Move the facts and pairing features of the shared files an archive of schema 4
    kept (``newsdesk.files``) into their rows, then drop the files; in the store's
    write transaction. A file that does not read is left out: what it held is
    extracted again when next needed."""
    from newsdesk.store.facts.storage import parse_facts
    from newsdesk.store.sidecars import FACTS, PAIRING

    with store.batch():
        facts = _file_bytes(store, FACTS)
        if facts:
            rows, _lines = parse_facts(facts)
            put_facts(store, rows.values(), prune=True)
        features = _file_bytes(store, PAIRING)
        if features:
            FeatureRows(store).put(_features_of(features), prune=True)
        store.execute(f"DELETE FROM {SCHEMA}.files")
        store.execute(f"DELETE FROM {SCHEMA}.file_heads")


def _file_bytes(store: PgStore, name: str) -> bytes:
    head = store.query(f"SELECT serial FROM {SCHEMA}.file_heads WHERE name = %s", (name,))
    if not head:
        return b""
    chunks = store.query(
        f"SELECT data FROM {SCHEMA}.files WHERE name = %s AND serial = %s ORDER BY n",
        (name, head[0][0]),
    )
    return b"".join(bytes(c[0]) for c in chunks)


def _features_of(data: bytes) -> list[dict[str, Any]]:
    """The features rows of a pairing features file (either layout), as ``to_dict``."""
    try:
        found = orjson.loads(data)
        if not isinstance(found, dict):
            return []
        if "layout" not in found:  # the earlier layout {id: row}
            return [row for row in found.values() if isinstance(row, dict) and "id" in row]
        vocab: list[str] = found["anchors"]
        rows = []
        for row in found["features"].values():
            rows.append({**row, "anchors": sorted(vocab[k] for k in row["anchors"])})
        return rows
    except (orjson.JSONDecodeError, KeyError, TypeError, IndexError):
        return []
