"""The search tables of a server's archive, and how a write brings them up to date.

* ``search_passages``: one row a passage — article, its place in the article's cut
  (``seq``), paragraph number, span ``[start, stop)``, kind, and its folded words as
  one space-separated text (``words``), the very words of the local index
  (:func:`store.search.index.cut_article`);
* ``search_words``: each word with the number of passages holding it (its df);
* ``search_postings``: the inverted index, per word and write the passages holding
  the word, packed (:data:`MEMBER`), a word's newest parts merged as they add up
  (store.pg.compact); ``search_ranges``: each article's passage ids.

:func:`write_passages` writes those of the articles an ingest or a removal added,
changed or removed, in its transaction. The cuts come gathered as flat arrays
(store.search.cuts.Segments: word ids, passages), as the ingest's workers made
them; the passages' ids are drawn from their sequence as one block, the rows sent
with ``COPY``, and the postings of the whole write computed from the word ids with
numpy (each word's passages one row), so the client holds no object per passage.
store.pg.search reads the tables.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from itertools import pairwise
from typing import TYPE_CHECKING, Any

import numpy as np
import orjson
from psycopg.types.json import Jsonb

from newsdesk.store.pg.compact import compact_postings
from newsdesk.store.pg.schema import POSTINGS, SCHEMA
from newsdesk.store.search.arrays import I32, I64, ranges, view
from newsdesk.store.search.cuts import ArticleCut, GatheredCuts, Segments, cut_article

if TYPE_CHECKING:
    from newsdesk.store.pg.store import PgStore

__all__ = [
    "COUNT_KEY",
    "MEMBER",
    "PASSAGES",
    "POSTINGS",
    "RANGES",
    "STALE_KEY",
    "WORDS",
    "fill_passages",
    "search_ready",
    "write_passages",
]

PASSAGES = f"{SCHEMA}.search_passages"
WORDS = f"{SCHEMA}.search_words"
#: Per article, the runs of its passages' ids (for the filters on articles).
RANGES = f"{SCHEMA}.search_ranges"
#: A passage as the postings hold it: id, length (stop - start), kind, and whether the
#: word is its first (1) or last (2) word.
MEMBER = np.dtype([("id", ">i8"), ("length", ">i4"), ("kind", ">i2"), ("edge", ">i2")])
#: meta keys: the archive's passage count; set while the passages are not built yet.
COUNT_KEY = "search_passages"
STALE_KEY = "search_stale"

#: Passages whose rows or postings are made at a time (bounds the memory they take).
_ROWS = 8192
#: Postings entries packed at a time.
_PACKED = 1 << 18
#: Articles read from the server at a time when their cut is not at hand.
_READ = 500


def _json(values: Any) -> str:
    """One JSON parameter the server splits (a ``text[]`` parameter is quoted element
    by element in Python)."""
    return orjson.dumps(values).decode()


def write_passages(
    store: PgStore, changed_ids: Iterable[str], cuts: Mapping[str, ArticleCut] | None = None
) -> None:
    """Bring the passages of ``changed_ids`` (added, changed or removed) up to date.

    Runs in the caller's batch (the ingest's transaction). ``cuts`` are the
    articles already cut by the ingest's workers (gathered: store.search.cuts);
    the others are cut here from the stored articles.
    """
    wanted = sorted(set(changed_ids))
    if not wanted:
        return
    with store.batch():
        if len(wanted) >= len(store) and set(wanted).issuperset(store.ids()):  # a rebuild
            _clear(store)
        else:
            _drop(store, wanted)
        present = {
            str(doc): str(sha)
            for doc, sha in store.query(
                f"SELECT id, sha256 FROM {SCHEMA}.articles "
                "WHERE id IN (SELECT json_array_elements_text(%s::json))",
                (_json(wanted),),
            )
        }
        segments, chosen = _segments(cuts, present)
        missing = [doc for doc in sorted(present) if doc not in chosen]
        for start in range(0, len(missing), _READ):
            for article in store._full(missing[start : start + _READ]):
                chosen[article.id] = len(segments)
                segments.add(cut_article(article))
            segments.text.close()
        order = [chosen[doc] for doc in sorted(chosen)]
        _write(store, segments, order)


def _segments(
    cuts: Mapping[str, ArticleCut] | None, present: Mapping[str, str]
) -> tuple[Segments, dict[str, int]]:
    """The cuts at hand as segments, and the number there of each article stored with
    the hash it was cut from."""
    if isinstance(cuts, GatheredCuts):
        shas = {doc: cuts.sha256(doc) for doc in cuts}
        segments = cuts.take()
        segments.text.close()  # the passages' rows need their words only
    else:
        segments = Segments()
        for doc, cut in (cuts or {}).items():
            if present.get(doc) == cut.sha256:
                segments.add(cut)
        shas = {doc: sha for doc, sha in zip(segments.docs, segments.shas, strict=True)}
    chosen = {
        doc: i
        for i, doc in enumerate(segments.docs)
        if present.get(doc) is not None and present[doc] == shas.get(doc)
    }
    return segments, chosen


def _clear(store: PgStore) -> None:
    for table in (WORDS, PASSAGES, POSTINGS, RANGES):
        store.execute(f"DELETE FROM {table}")
    store.execute(f"DELETE FROM {SCHEMA}.meta WHERE key = %s", (COUNT_KEY,))


def _drop(store: PgStore, ids: list[str]) -> None:
    """Remove the passages of ``ids`` and their share of the words' df."""
    doc_list = _json(ids)
    gone = store.query(
        f"DELETE FROM {PASSAGES} WHERE article_id IN (SELECT json_array_elements_text(%s::json)) "
        "RETURNING id, words",
        (doc_list,),
    )
    store.execute(
        f"DELETE FROM {RANGES} WHERE article_id IN (SELECT json_array_elements_text(%s::json))",
        (doc_list,),
    )
    df: dict[str, int] = {}
    for _, words in gone:
        for word in set(str(words).split(" ")):
            df[word] = df.get(word, 0) + 1
    if df:
        vocab = sorted(df)
        _drop_postings(store, vocab, np.array([int(i) for i, _ in gone], dtype=np.int64))
        store.execute(
            f"UPDATE {WORDS} AS s SET df = s.df - d.value::int FROM json_each_text(%s::json) "
            "AS d WHERE s.word = d.key",
            (_json(df),),
        )
        store.execute(
            f"DELETE FROM {WORDS} WHERE df <= 0 AND word IN "
            "(SELECT json_array_elements_text(%s::json))",
            (_json(vocab),),
        )
    _add_count(store, -len(gone))


def _drop_postings(store: PgStore, vocab: list[str], gone: I64) -> None:
    """Take the passages ``gone`` out of the postings of the words they held."""
    for word, part, data in store.query(
        f"SELECT word, part, ids FROM {POSTINGS} WHERE word IN "
        "(SELECT json_array_elements_text(%s::json))",
        (_json(vocab),),
    ):
        packed = np.frombuffer(bytes(data), dtype=MEMBER)
        kept = packed[~np.isin(packed["id"], gone)]
        if len(kept) == len(packed):
            continue
        if len(kept):
            store.execute(
                f"UPDATE {POSTINGS} SET ids = %s WHERE word = %s AND part = %s",
                (kept.tobytes(), word, part),
            )
        else:
            store.execute(f"DELETE FROM {POSTINGS} WHERE word = %s AND part = %s", (word, part))


def _add_count(store: PgStore, delta: int) -> None:
    if delta:
        store.execute(
            f"INSERT INTO {SCHEMA}.meta VALUES (%s, %s) ON CONFLICT (key) "
            "DO UPDATE SET value = to_jsonb((meta.value #>> '{}')::bigint + %s)",
            (COUNT_KEY, Jsonb(max(delta, 0)), delta),
        )


class _Passages:
    """The passages of some of ``segments``' documents (``docs``, in the order their
    ids are drawn), as flat arrays: passage ``k`` gets id ``first + k``."""

    def __init__(self, segments: Segments, docs: list[int]) -> None:
        doc_pas = view(segments.doc_pas)
        picked = np.array(docs, dtype=np.int64)
        self.counts = doc_pas[picked + 1] - doc_pas[picked]
        #: each passage's number in ``segments``
        self.number = ranges(doc_pas[picked], self.counts)
        fwd_len = view(segments.fwd_len).astype(np.int64)
        tok0 = np.zeros(len(fwd_len) + 1, dtype=np.int64)
        np.cumsum(fwd_len, out=tok0[1:])
        self.tok0 = tok0[self.number]
        self.lens = fwd_len[self.number]
        self.fwd = view(segments.fwd)
        self.docs = [segments.docs[d] for d in docs]
        self.segments = segments

    def __len__(self) -> int:
        return len(self.number)

    def rows(self, first: int) -> Iterator[tuple[Any, ...]]:
        """Each passage's ``search_passages`` row (its id from ``first`` on)."""
        seg = self.segments
        vocab = list(seg.word_ids)
        par_n = view(seg.par_n)
        p_par = view(seg.p_par)
        starts = view(seg.p_start)
        ends = view(seg.p_end)
        kinds = view(seg.p_kind)
        owner = np.repeat(np.arange(len(self.docs)), self.counts)
        heads = np.zeros(len(self.docs), dtype=np.int64)
        np.cumsum(self.counts[:-1], out=heads[1:])
        for lo in range(0, len(self), _ROWS):
            hi = min(lo + _ROWS, len(self))
            at = self.number[lo:hi]
            doc = owner[lo:hi]
            seqs = (np.arange(lo, hi) - heads[doc]).tolist()
            toks = self.fwd[ranges(self.tok0[lo:hi], self.lens[lo:hi])].tolist()
            words = list(map(vocab.__getitem__, toks))
            del toks
            bounds = np.zeros(hi - lo + 1, dtype=np.int64)
            np.cumsum(self.lens[lo:hi], out=bounds[1:])
            cuts = bounds.tolist()
            yield from zip(
                range(first + lo, first + hi),
                map(self.docs.__getitem__, doc.tolist()),
                seqs,
                par_n[p_par[at]].tolist(),
                starts[at].tolist(),
                ends[at].tolist(),
                kinds[at].tolist(),
                (" ".join(words[a:b]) for a, b in pairwise(cuts)),
                strict=False,
            )

    def pairs(self, words: int) -> tuple[I64, I32]:
        """Each word's passages: the df of word ids ``0..words-1`` and every passage
        holding each word, in word order, then passage order (a counting sort, so no
        array of every pair but the result is held twice)."""
        found: list[tuple[I32, I32]] = []
        df = np.zeros(words, dtype=np.int64)
        n = max(len(self), 1)
        for lo in range(0, len(self), _ROWS):
            hi = min(lo + _ROWS, len(self))
            toks = self.fwd[ranges(self.tok0[lo:hi], self.lens[lo:hi])].astype(np.int64)
            toks *= n
            toks += np.repeat(np.arange(lo, hi, dtype=np.int64), self.lens[lo:hi])
            toks.sort()  # by word, then passage
            keep = np.ones(len(toks), dtype=np.bool_)
            np.not_equal(toks[1:], toks[:-1], out=keep[1:])
            unique = toks[keep]
            del toks, keep
            word = (unique // n).astype(np.int32)
            found.append((word, (unique % n).astype(np.int32)))
            df += np.bincount(word, minlength=words)
        place = np.zeros(int(df.sum()), dtype=np.int32)
        cursor = np.zeros(words, dtype=np.int64)
        np.cumsum(df[:-1], out=cursor[1:])
        found.reverse()
        while found:  # chunks in passage order: each word's passages stay in order
            word, at = found.pop()
            heads = np.ones(len(word), dtype=np.bool_)
            heads[1:] = word[1:] != word[:-1]
            first = np.flatnonzero(heads)
            size = np.diff(np.append(first, len(word)))
            rank = np.arange(len(word)) - np.repeat(first, size)
            place[cursor[word] + rank] = at
            cursor[word[first]] += size
        return df, place

    def edges(self) -> tuple[I32, I32]:
        """Each passage's first and last word id."""
        return self.fwd[self.tok0], self.fwd[self.tok0 + self.lens - 1]


def _reserve(store: PgStore, count: int) -> int:
    """The first of ``count`` passage ids drawn at once (writers take turns, so no
    other write draws between)."""
    row = store.query(
        "SELECT setval(s::regclass, nextval(s::regclass) + %s - 1) - %s + 1 FROM "
        "pg_get_serial_sequence(%s, 'id') AS s",
        (count, count, PASSAGES),
    )
    return int(row[0][0])


def _write(store: PgStore, segments: Segments, docs: list[int]) -> None:
    """Store the passages of ``segments``' documents ``docs`` (in id order), their
    postings as one part, each article's range of ids, and their words' df."""
    passages = _Passages(segments, docs)
    count = len(passages)
    if not count:
        return
    first = _reserve(store, count)
    empty = not store.query(f"SELECT 1 FROM {WORDS} LIMIT 1")
    writer = store._connection()
    cursor = writer.cursor()
    with cursor.copy(
        f"COPY {PASSAGES} (id, article_id, seq, para, start, stop, kind, words) FROM STDIN"
    ) as copy:
        for row in passages.rows(first):
            copy.write_row(row)
    with cursor.copy(f"COPY {RANGES} (article_id, first, last) FROM STDIN") as copy:
        at = first
        for doc, n in zip(passages.docs, passages.counts.tolist(), strict=True):
            if n:
                copy.write_row((doc, at, at + n - 1))
                at += n
    vocab = list(segments.word_ids)
    df, place = passages.pairs(len(vocab))
    _write_postings(store, passages, first, vocab, df, place)
    del place
    held = np.flatnonzero(df).tolist()
    if not empty:  # the words' older parts: the newest merged where they carry
        compact_postings(store, [vocab[w] for w in held])
    counts = df[held].tolist()
    if empty:
        with cursor.copy(f"COPY {WORDS} (word, df) FROM STDIN") as copy:
            for w, n in zip(held, counts, strict=True):
                copy.write_row((vocab[w], n))
    else:
        store.execute(
            f"INSERT INTO {WORDS} (word, df) SELECT key, value::int "
            "FROM json_each_text(%s::json) "
            "ON CONFLICT (word) DO UPDATE SET df = search_words.df + EXCLUDED.df",
            (_json(dict(zip(map(vocab.__getitem__, held), counts, strict=True))),),
        )
    _add_count(store, count)


def _write_postings(
    store: PgStore, passages: _Passages, first: int, vocab: list[str], df: I64, place: I32
) -> None:
    """Each word's passages (``df[w]`` of ``place`` for word ``w``, in word order),
    one row a word."""
    seg = passages.segments
    at = passages.number
    length = (view(seg.p_end)[at] - view(seg.p_start)[at]).astype(np.int32)
    kind = view(seg.p_kind)[at]
    heads, tails = passages.edges()
    part = int(store.query(f"SELECT nextval('{SCHEMA}.search_parts')")[0][0])
    held = np.flatnonzero(df)
    stops = np.cumsum(df)[held]
    starts = stops - df[held]
    size = MEMBER.itemsize
    cursor = store._connection().cursor()
    with cursor.copy(f"COPY {POSTINGS} (word, part, ids) FROM STDIN") as copy:
        lo = 0
        while lo < len(held):
            # Whole words, about _PACKED entries at a time.
            hi = int(np.searchsorted(stops, starts[lo] + _PACKED, side="right"))
            hi = min(max(hi, lo + 1), len(held))
            a, b = int(starts[lo]), int(stops[hi - 1])
            p = place[a:b]
            w = np.repeat(held[lo:hi], df[held[lo:hi]]).astype(np.int32)
            entries = np.zeros(b - a, dtype=MEMBER)
            entries["id"] = p.astype(np.int64) + first
            entries["length"] = length[p]
            entries["kind"] = kind[p]
            entries["edge"] = (heads[p] == w).astype(np.int16) | (
                (tails[p] == w).astype(np.int16) << 1
            )
            data = memoryview(entries.tobytes())
            del entries, w, p
            for s, e, k in zip(
                starts[lo:hi].tolist(), stops[lo:hi].tolist(), held[lo:hi].tolist(), strict=True
            ):
                copy.write_row((vocab[k], part, data[(s - a) * size : (e - a) * size]))
            lo = hi


def search_ready(store: PgStore) -> bool:
    """Whether the passages are built (an archive migrated from version 2 has none yet)."""
    return store.get_meta(STALE_KEY) is not True


def fill_passages(store: PgStore) -> None:
    """Build every article's passages (after the migration to version 3), in one write."""
    with store.batch():
        if search_ready(store):  # another client built them meanwhile
            return
        _clear(store)
        for start in range(0, len(ids := store.ids()), 500):
            write_passages(store, ids[start : start + 500])
        store.execute(f"DELETE FROM {SCHEMA}.meta WHERE key = %s", (STALE_KEY,))
