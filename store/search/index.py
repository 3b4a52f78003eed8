"""The search index: every passage, its words, and an inverted index over them.

Passage ids are given in order of passage length (then document, paragraph
and position), so "shorter first" among equal scores is simply "lower id
first". The inverted index maps each folded word to the sorted ids of the
passages containing it (CSR layout: one offsets array, one ids array), with
the vocabulary sorted so that every word starting with a prefix owns one
contiguous run of postings.

The paragraphs' text is kept once, UTF-8 encoded, in one blob; a passage is
``(paragraph, start, end)`` in characters. The index is saved beside the
database (``store.sidecar_path(SEARCH)``) with the store's generation and
a fingerprint of its articles, and is rebuilt whenever either differs. The
catalog records the key of a current index, so :func:`index_from_catalog`
can answer searches before the database itself is read.

A small ingest does not rewrite the index: it writes the articles it added or
changed (already cut) and the ids it dropped to a small delta file beside it
(``SEARCH_DELTA``), with the key of the index it applies to and the key the
two make together (:func:`update_search_index`). Reading the index merges the
delta in, and a writable store then saves the merged index whole and drops
the delta; an ingest whose delta would grow past :data:`DELTA_SHARE` of the
archive merges at once.
"""

from __future__ import annotations

import bisect
import contextlib
import mmap
import re
import struct
import threading
import weakref
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import orjson

from newsdesk.store.catalog import catalog_search_key
from newsdesk.store.records import Article
from newsdesk.store.search.arrays import I32, I64, ranges, view
from newsdesk.store.search.cuts import (
    KIND_CODES,
    SEARCHED_KINDS,
    ArticleCut,
    GatheredCuts,
    Segments,
    cut_article,
)
from newsdesk.store.sidecars import SEARCH, SEARCH_DELTA, on_reset, sidecar_of
from newsdesk.store.storage import match_mode, save_cache, write_atomic

if TYPE_CHECKING:
    from newsdesk.store.db import Store

__all__ = [
    "INDEX_VERSION",
    "KIND_CODES",
    "SEARCHED_KINDS",
    "ArticleCut",
    "GatheredCuts",
    "IndexKey",
    "SearchIndex",
    "build_index",
    "cut_article",
    "index_key",
    "load_index",
    "saved_key",
    "update_search_index",
]

#: Bumped whenever the file layout or the way passages are cut changes.
INDEX_VERSION = 4  # 4: sentences from store.sentences (3: captions, credits cut off)
_MAGIC = b"NDSEARCH"
#: An ingest keeps its articles in the delta while the delta holds at most this
#: share of the archive's articles (and at least 50); past it, the index is merged.
DELTA_SHARE = 0.02

U8 = npt.NDArray[np.uint8]


@dataclass(frozen=True, slots=True)
class IndexKey:
    """What an index was built from: the store generation and article fingerprint."""

    generation: int
    fingerprint: str


_DIGITS = re.compile(r"\d+")


def _date_number(date: str | None) -> int:
    """``"2024-10-12"`` → 20241012, ``"2024-10"`` → 20241000, None → 0."""
    if not date:
        return 0
    day = date[:10]
    if len(day) == 10 and day[4] == day[7] == "-" and day.replace("-", "").isdigit():
        return int(day[:4]) * 10000 + int(day[5:7]) * 100 + int(day[8:])
    parts = [int(p) for p in _DIGITS.findall(date)[:3]]
    while len(parts) < 3:
        parts.append(0)
    return parts[0] * 10000 + parts[1] * 100 + parts[2]


class _TextPieces:
    """The index's text from ``base``, ``size`` bytes, as views a few MB long; once a
    piece of a mapped text is written (the next is asked for), its pages are let go, so
    writing an index whose text is a mapped file does not take the file into memory."""

    _PIECE = 1 << 22

    def __init__(self, blob: bytes | bytearray | mmap.mmap, base: int, size: int) -> None:
        self.blob, self.base, self.size = blob, base, size

    def __iter__(self) -> Iterator[memoryview]:
        mapped = self.blob if isinstance(self.blob, mmap.mmap) else None
        view = memoryview(self.blob)
        for start in range(self.base, self.base + self.size, self._PIECE):
            end = min(start + self._PIECE, self.base + self.size)
            yield view[start:end]
            if mapped is not None:
                aligned = start - start % mmap.PAGESIZE
                with contextlib.suppress(OSError, ValueError):
                    mapped.madvise(mmap.MADV_DONTNEED, aligned, end - aligned)


@dataclass(slots=True)
class SearchIndex:
    """An in-memory search index; build with :func:`build_index`, or :meth:`load`."""

    key: IndexKey
    docs: list[str]
    doc_langs: list[str]
    doc_dates: list[str | None]
    doc_shas: list[str]
    par_doc: I32
    par_n: I32
    par_off: I64
    blob: bytes | bytearray | mmap.mmap
    blob_base: int
    pas_par: I32
    pas_start: I32
    pas_end: I32
    pas_kind: U8
    fwd_off: I64
    fwd_tok: I32
    vocab: list[str]
    post_off: I64
    post_ids: I32
    # Derived on load.
    first_tok: I32 = field(init=False)
    last_tok: I32 = field(init=False)
    pas_doc: I32 = field(init=False)
    pas_lang: U8 = field(init=False)
    pas_date: I32 = field(init=False)
    langs: list[str] = field(init=False)
    word_id: dict[str, int] = field(init=False)
    df: I64 = field(init=False)
    #: How many passages the whole archive holds (idf and the common-word rule use it):
    #: this index's own count, unless it holds a server's candidates (store.pg.search).
    population: int = field(init=False)
    #: For a server's candidates: per query word, the archive's df of each word it
    #: stands for (its typos and itself, then its longer words together), so the
    #: words' weights are the whole archive's (match.FuzzyMatcher).
    word_dfs: dict[str, list[int]] = field(init=False)
    #: For a server's candidates: per query word, the best similarity any word of
    #: the archive has to it (match.best_similarity), for a word assumed present.
    word_best: dict[str, float] = field(init=False)
    #: For a server's candidates: paragraph number → its text, read when a passage
    #: is checked (the blob is then empty).
    fetch_text: Callable[[int], str] | None = field(init=False)
    #: For a server's candidates: how many more passages it found and did not send,
    #: each one after every passage here in the engine's order (store.pg.search).
    left_out: int = field(init=False)
    #: For a server's candidates sent best bound first: the engine's place of the
    #: best passage left out, as (bound in tenths, how many passages here come before
    #: it in the index's order, at least), so the engine knows when the passages here
    #: no longer decide; and how to get more of them (None: fetch them all).
    left_out_next: tuple[int, int] | None = field(init=False)
    more: Callable[[], SearchIndex] | None = field(init=False)
    _by_length: dict[int, list[str]] | None = field(init=False, default=None)
    _reversed: list[tuple[str, int]] | None = field(init=False, default=None)
    _joined: tuple[str, list[int]] | None = field(init=False, default=None)
    cache: dict[Any, Any] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.pas_doc = self.par_doc[self.pas_par] if len(self.pas_par) else np.zeros(0, np.int32)
        self.first_tok = self.fwd_tok[self.fwd_off[:-1]] if len(self.pas_par) else self.pas_par
        self.last_tok = self.fwd_tok[self.fwd_off[1:] - 1] if len(self.pas_par) else self.pas_par
        self.langs = sorted(set(self.doc_langs))
        codes = {lang: i for i, lang in enumerate(self.langs)}
        doc_lang = np.array([codes[lang] for lang in self.doc_langs], dtype=np.uint8)
        days = {d: _date_number(d) for d in set(self.doc_dates)}  # few distinct dates
        doc_date = np.array([days[d] for d in self.doc_dates], dtype=np.int32)
        self.pas_lang = doc_lang[self.pas_doc] if len(self.docs) else np.zeros(0, np.uint8)
        self.pas_date = doc_date[self.pas_doc] if len(self.docs) else np.zeros(0, np.int32)
        self.word_id = {w: i for i, w in enumerate(self.vocab)}
        self.df = np.diff(self.post_off)
        self.population = len(self.pas_par)
        self.word_dfs = {}
        self.word_best = {}
        self.fetch_text = None
        self.left_out = 0
        self.left_out_next = None
        self.more = None
        self._by_length = None
        self._reversed = None
        self._joined = None
        self.cache = {}

    # -- size -------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.pas_par)

    def nbytes(self) -> int:
        """Approximate memory held by the index (file data, derived arrays, words)."""
        own = [getattr(self, name) for name in self._ARRAYS]
        derived = (
            self.first_tok,
            self.last_tok,
            self.pas_doc,
            self.pas_lang,
            self.pas_date,
            self.df,
        )
        arrays = sum(int(a.nbytes) for a in own if a.base is None)
        arrays += sum(int(a.nbytes) for a in derived)
        words = sum(len(w) + 49 for w in self.vocab) + 8 * len(self.vocab) * 4
        return len(self.blob) + arrays + words

    def tokens_of(
        self, pids: npt.NDArray[Any], *, owners: bool = True
    ) -> tuple[I32, npt.NDArray[np.intp], I64]:
        """The word ids of passages ``pids`` in text order, concatenated.

        Returns ``(word ids, owner, starts)``: ``owner[i]`` is the position in
        ``pids`` of the passage word ``i`` belongs to (left empty when not
        ``owners``); ``starts`` where each passage's words begin.
        """
        lo = self.fwd_off[pids]
        lengths = self.fwd_off[pids + 1] - lo
        starts = np.zeros(len(pids), dtype=np.int64)
        if len(pids) > 1:
            np.cumsum(lengths[:-1], out=starts[1:])
        total = int(starts[-1] + lengths[-1]) if len(pids) else 0
        owner = np.repeat(np.arange(len(pids)), lengths) if owners else np.zeros(0, np.intp)
        positions = np.repeat(lo - starts, lengths)
        positions += np.arange(total, dtype=np.int64)
        return self.fwd_tok[positions], owner, starts

    # -- passages ---------------------------------------------------------
    def paragraph_text(self, par: int) -> str:
        if self.fetch_text is not None:
            return self.fetch_text(par)
        base = self.blob_base
        return self.blob[base + int(self.par_off[par]) : base + int(self.par_off[par + 1])].decode()

    def passage_text(self, pid: int) -> str:
        text = self.paragraph_text(int(self.pas_par[pid]))
        return text[int(self.pas_start[pid]) : int(self.pas_end[pid])]

    # -- vocabulary -------------------------------------------------------
    def postings(self, word: int) -> I32:
        """Sorted passage ids containing vocabulary word number ``word``."""
        return self.post_ids[self.post_off[word] : self.post_off[word + 1]]

    def prefix_range(self, prefix: str) -> tuple[int, int]:
        """Vocabulary ids ``[lo, hi)`` of the words starting with ``prefix``."""
        lo = bisect.bisect_left(self.vocab, prefix)
        hi = bisect.bisect_left(self.vocab, prefix + "\U0010ffff")
        return lo, hi

    def by_length(self) -> dict[int, list[str]]:
        """Vocabulary words grouped by length (for typo look-ups)."""
        if self._by_length is None:
            groups: dict[int, list[str]] = {}
            for word in self.vocab:
                groups.setdefault(len(word), []).append(word)
            self._by_length = groups
        return self._by_length

    def suffix_ids(self, suffix: str) -> list[int]:
        """Vocabulary ids of the words ending with ``suffix``."""
        if self._reversed is None:
            self._reversed = sorted((w[::-1], i) for i, w in enumerate(self.vocab))
        rev = suffix[::-1]
        lo = bisect.bisect_left(self._reversed, (rev, -1))
        hi = bisect.bisect_left(self._reversed, (rev + "\U0010ffff", -1))
        return [i for _, i in self._reversed[lo:hi]]

    def infix_ids(self, part: str) -> list[int]:
        """Vocabulary ids of the words containing ``part``."""
        if self._joined is None:
            starts: list[int] = []
            pos = 0
            for word in self.vocab:
                starts.append(pos)
                pos += len(word) + 1
            self._joined = ("\n".join(self.vocab), starts)
        joined, starts = self._joined
        found: list[int] = []
        previous = -1
        for match in re.finditer(re.escape(part), joined):
            number = bisect.bisect_right(starts, match.start()) - 1
            if number != previous:
                found.append(number)
                previous = number
        return found

    # -- persistence ------------------------------------------------------
    _ARRAYS = (
        "par_doc", "par_n", "par_off", "pas_par", "pas_start", "pas_end", "pas_kind",
        "fwd_off", "fwd_tok", "post_off", "post_ids",
    )  # fmt: skip

    def save(self, path: Path, mode_of: Path | None = None) -> None:
        """Write the index to ``path`` atomically (with the permissions of ``mode_of``)."""
        write_atomic(path, self.file_parts(), keep_backup=False, mode_of=mode_of)

    def file_parts(self) -> Iterator[bytes | memoryview]:
        """The index file's content, in parts as it is written (views of the text and
        arrays, not copies; a mapped text in pieces that let go of its pages once
        written)."""
        vocab = "\n".join(self.vocab).encode()
        text_size = int(self.par_off[-1])
        arrays: list[memoryview] = []
        specs: list[list[Any]] = []
        for name in self._ARRAYS:
            array: npt.NDArray[Any] = getattr(self, name)
            specs.append([name, array.dtype.str, len(array)])
            arrays.append(np.ascontiguousarray(array).data.cast("B"))
        sizes = [len(vocab), text_size, *(a.nbytes for a in arrays)]
        header = orjson.dumps(
            {
                "version": INDEX_VERSION,
                "generation": self.key.generation,
                "fingerprint": self.key.fingerprint,
                "docs": self.docs,
                "langs": self.doc_langs,
                "dates": self.doc_dates,
                "shas": self.doc_shas,
                "vocab_words": len(self.vocab),
                "arrays": specs,
                "sizes": sizes,
            }
        )
        yield _MAGIC + struct.pack("<I", len(header)) + header
        yield vocab
        yield from _TextPieces(self.blob, self.blob_base, text_size)
        yield from arrays

    @staticmethod
    def read_meta(path: Path) -> dict[str, Any] | None:
        """The header of the index file at ``path`` (its key, documents and their
        hashes), or None if unreadable or of another version."""
        try:
            with open(path, "rb") as f:
                head = f.read(len(_MAGIC) + 4)
                if len(head) < len(_MAGIC) + 4 or not head.startswith(_MAGIC):
                    return None
                (size,) = struct.unpack("<I", head[len(_MAGIC) :])
                meta = orjson.loads(f.read(size))
        except (OSError, ValueError):
            return None
        if not isinstance(meta, dict) or meta.get("version") != INDEX_VERSION:
            return None
        return meta

    @classmethod
    def read_key(cls, path: Path) -> IndexKey | None:
        """The key stored in the index file at ``path``, or None if unreadable."""
        meta = cls.read_meta(path)
        if meta is None:
            return None
        return IndexKey(int(meta["generation"]), str(meta["fingerprint"]))

    @classmethod
    def load(cls, path: Path) -> SearchIndex:
        """Read an index file; raise ValueError if it is not a valid index.

        The file is memory-mapped, not read: pages are read as searches touch
        them, and the index is ready at once. Saving replaces the file (a new
        inode), so a mapped index stays valid after the file is rewritten.
        """
        with open(path, "rb") as f:
            data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        if data[: len(_MAGIC)] != _MAGIC:
            raise ValueError("not a search index")
        pos = len(_MAGIC)
        (size,) = struct.unpack_from("<I", data, pos)
        pos += 4
        meta = orjson.loads(data[pos : pos + size])
        pos += size
        if meta.get("version") != INDEX_VERSION:
            raise ValueError("search index of another version")
        sizes: list[int] = meta["sizes"]
        if pos + sum(sizes) != len(data):
            raise ValueError("search index is truncated")
        vocab_bytes = data[pos : pos + sizes[0]]
        pos += sizes[0]
        blob_base = pos
        pos += sizes[1]
        arrays: dict[str, npt.NDArray[Any]] = {}
        for (name, dtype, length), nbytes in zip(meta["arrays"], sizes[2:], strict=True):
            arrays[name] = np.frombuffer(data, dtype=np.dtype(dtype), count=length, offset=pos)
            pos += nbytes
        vocab = vocab_bytes.decode().split("\n") if meta["vocab_words"] else []
        if len(vocab) != meta["vocab_words"]:
            raise ValueError("search index vocabulary is damaged")
        return cls(
            key=IndexKey(int(meta["generation"]), str(meta["fingerprint"])),
            docs=list(meta["docs"]),
            doc_langs=list(meta["langs"]),
            doc_dates=list(meta["dates"]),
            doc_shas=list(meta["shas"]),
            blob=data,
            blob_base=blob_base,
            vocab=vocab,
            **arrays,
        )


# -- building ----------------------------------------------------------------
@dataclass(slots=True)
class _Parts:
    """Passages in build order (documents by id, then paragraph, then position).

    ``fwd`` holds every passage's words as ids into ``words`` (unsorted),
    ``fwd_len`` how many words each passage has.
    """

    docs: list[str]
    langs: list[str]
    dates: list[str | None]
    shas: list[str]
    par_doc: I32
    par_n: I32
    par_bytes: list[bytes]
    p_par: I32
    p_start: I32
    p_end: I32
    p_kind: npt.NDArray[np.int8]
    fwd: I32
    fwd_len: I64
    words: list[str]


def _segment(articles: Iterable[Article | ArticleCut]) -> _Parts:
    """Cut articles (or take their cuts) and number their words."""
    segments = Segments()
    for item in articles:
        segments.add(item if isinstance(item, ArticleCut) else cut_article(item))
    return _parts_of(segments)


def _parts_of(seg: Segments) -> _Parts:
    """``seg`` as :class:`_Parts` (the delta's few articles, for :func:`_insert`)."""
    ends = seg.par_end.tolist()
    starts = [0, *ends][: len(ends)]
    return _Parts(
        docs=seg.docs,
        langs=seg.langs,
        dates=seg.dates,
        shas=seg.shas,
        par_doc=_np(seg.par_doc, np.int32),
        par_n=_np(seg.par_n, np.int32),
        par_bytes=[seg.text.slice(a, b) for a, b in zip(starts, ends, strict=True)],
        p_par=_np(seg.p_par, np.int32),
        p_start=_np(seg.p_start, np.int32),
        p_end=_np(seg.p_end, np.int32),
        p_kind=_np(seg.p_kind, np.int8),
        fwd=_np(seg.fwd, np.int32),
        fwd_len=_np(seg.fwd_len, np.int64),
        words=list(seg.word_ids),
    )


def _np(values: array[int], dtype: type[np.generic]) -> npt.NDArray[Any]:
    """A copy of ``values`` as a numpy array of ``dtype``."""
    return view(values).astype(dtype)


#: How many words the index build handles at a time (bounds its temporary arrays).
_CHUNK_WORDS = 1 << 18


def _chunks(fwd_off: I64) -> Iterator[tuple[int, int]]:
    """Passage ranges ``[a, b)`` of about :data:`_CHUNK_WORDS` words each."""
    n_pas = len(fwd_off) - 1
    a = 0
    while a < n_pas:
        b = int(np.searchsorted(fwd_off, int(fwd_off[a]) + _CHUNK_WORDS, "right")) - 1
        b = min(max(b, a + 1), n_pas)
        yield a, b
        a = b


def _build(seg: Segments, key: IndexKey) -> SearchIndex:
    """The index of ``seg`` (documents in any order), which it empties as it goes.

    Documents are put in id order, passages in order of length (then document,
    paragraph and position), the vocabulary sorted; the inverted index is built
    a chunk of passages at a time (counted, then placed), so no array as long as
    every word of the corpus is needed beside the forward index and the postings.
    """
    # Documents in id order; paragraphs by document (each document's in order).
    by_id = sorted(range(len(seg.docs)), key=seg.docs.__getitem__)
    in_order = by_id == list(range(len(by_id)))
    rank = np.empty(len(by_id), dtype=np.int64)
    rank[by_id] = np.arange(len(by_id))
    par_doc = view(seg.par_doc)
    par_end = view(seg.par_end)
    par_len = np.diff(par_end, prepend=0) if len(par_end) else np.zeros(0, np.int64)
    par_off = np.zeros(len(par_end) + 1, dtype=np.int64)
    if in_order:
        new_par: npt.NDArray[Any] = np.arange(len(par_end), dtype=np.int64)
        blob = seg.text.whole()
        np.cumsum(par_len, out=par_off[1:])
        doc_of_par = par_doc.astype(np.int32)
        par_n = _np(seg.par_n, np.int32)
    else:
        par_order = np.argsort(rank[par_doc], kind="stable")
        new_par = np.empty(len(par_order), dtype=np.int64)
        new_par[par_order] = np.arange(len(par_order))
        starts = (par_end - par_len)[par_order].tolist()
        blob = seg.text.reordered(starts, par_end[par_order].tolist()).whole()
        del starts
        np.cumsum(par_len[par_order], out=par_off[1:])
        doc_of_par = rank[par_doc][par_order].astype(np.int32)
        par_n = view(seg.par_n)[par_order].astype(np.int32)
    # Passages by length, then by their place in documents in id order.
    p_start = view(seg.p_start)
    p_end = view(seg.p_end)
    p_len = p_end - p_start
    p_newpar = new_par[view(seg.p_par)]
    order = np.lexsort((p_newpar, p_len))
    n_pas = len(order)
    pas_par = p_newpar[order].astype(np.int32)
    del p_newpar, p_len
    pas_start = p_start[order]
    pas_end = p_end[order]
    pas_kind = view(seg.p_kind)[order].astype(np.uint8)
    words = list(seg.word_ids)
    seg.word_ids = {}
    fwd = view(seg.fwd)
    vocab, remap = _kept_words(words, fwd)
    del words
    # Forward index in the new passage order, a chunk of passages at a time.
    fwd_len = view(seg.fwd_len).astype(np.int64)
    old_off = np.zeros(n_pas + 1, dtype=np.int64)
    np.cumsum(fwd_len, out=old_off[1:])
    fwd_off = np.zeros(n_pas + 1, dtype=np.int64)
    np.cumsum(fwd_len[order], out=fwd_off[1:])
    fwd_tok = np.empty(int(fwd_off[-1]), dtype=np.int32)
    for a, b in _chunks(fwd_off):
        rows = order[a:b]
        positions = ranges(old_off[rows], fwd_len[rows])
        fwd_tok[fwd_off[a] : fwd_off[b]] = remap[fwd[positions]]
    del fwd, old_off, fwd_len, order, remap
    seg.fwd = array("i")
    post_off, post_ids = _postings(fwd_tok, fwd_off, len(vocab))
    return SearchIndex(
        key=key,
        docs=[seg.docs[i] for i in by_id],
        doc_langs=[seg.langs[i] for i in by_id],
        doc_dates=[seg.dates[i] for i in by_id],
        doc_shas=[seg.shas[i] for i in by_id],
        par_doc=doc_of_par,
        par_n=par_n,
        par_off=par_off,
        blob=blob,
        blob_base=0,
        pas_par=pas_par,
        pas_start=pas_start,
        pas_end=pas_end,
        pas_kind=pas_kind,
        fwd_off=fwd_off,
        fwd_tok=fwd_tok,
        vocab=vocab,
        post_off=post_off,
        post_ids=post_ids,
    )


def _assemble(parts: _Parts, key: IndexKey) -> SearchIndex:
    """Order passages by length, sort the vocabulary, build the inverted index (of
    parts in build order: a server's candidates, store.pg.search)."""
    n_pas = len(parts.p_par)
    order = np.argsort(parts.p_end - parts.p_start, kind="stable")
    vocab, remap = _kept_words(parts.words, parts.fwd)
    # Forward index in the new passage order.
    old_off = np.zeros(n_pas + 1, dtype=np.int64)
    np.cumsum(parts.fwd_len, out=old_off[1:])
    fwd_off = np.zeros(n_pas + 1, dtype=np.int64)
    np.cumsum(parts.fwd_len[order], out=fwd_off[1:])
    positions = ranges(old_off[:-1][order], parts.fwd_len[order])
    fwd_tok = (remap[parts.fwd[positions]] if n_pas else np.zeros(0)).astype(np.int32)
    post_off, post_ids = _postings(fwd_tok, fwd_off, len(vocab))
    par_off = np.zeros(len(parts.par_bytes) + 1, dtype=np.int64)
    np.cumsum([len(b) for b in parts.par_bytes], out=par_off[1:])
    return SearchIndex(
        key=key,
        docs=parts.docs,
        doc_langs=parts.langs,
        doc_dates=parts.dates,
        doc_shas=parts.shas,
        par_doc=parts.par_doc.astype(np.int32),
        par_n=parts.par_n.astype(np.int32),
        par_off=par_off,
        blob=b"".join(parts.par_bytes),
        blob_base=0,
        pas_par=parts.p_par[order].astype(np.int32),
        pas_start=parts.p_start[order].astype(np.int32),
        pas_end=parts.p_end[order].astype(np.int32),
        pas_kind=parts.p_kind[order].astype(np.uint8),
        fwd_off=fwd_off,
        fwd_tok=fwd_tok,
        vocab=vocab,
        post_off=post_off,
        post_ids=post_ids,
    )


def _kept_words(words: list[str], fwd: npt.NDArray[Any]) -> tuple[list[str], I32]:
    """The words some passage uses (those of removed articles go), sorted, and each
    word number's new number in that list (-1 when it went)."""
    used = np.bincount(fwd, minlength=len(words)) > 0 if len(fwd) else np.zeros(len(words), bool)
    vocab = sorted(w for w, u in zip(words, used.tolist(), strict=True) if u)
    new_id = {w: i for i, w in enumerate(vocab)}
    return vocab, np.array([new_id.get(w, -1) for w in words], dtype=np.int32)


def _chunk_pairs(fwd_tok: I32, fwd_off: I64, a: int, b: int) -> tuple[I64, I32]:
    """The distinct (word, passage) pairs of passages ``[a, b)``, by word then passage."""
    lengths = np.diff(fwd_off[a : b + 1])
    words = fwd_tok[fwd_off[a] : fwd_off[b]].astype(np.int64)
    words *= b - a
    words += np.repeat(np.arange(b - a, dtype=np.int64), lengths)
    words.sort()
    if len(words) > 1:
        words = words[np.concatenate(([True], words[1:] != words[:-1]))]
    return words // (b - a), (words % (b - a) + a).astype(np.int32)


def _postings(fwd_tok: I32, fwd_off: I64, n_words: int) -> tuple[I64, I32]:
    """The inverted index of the forward index: each word's passages, ascending, once.

    Two passes over chunks of passages: the first counts each word's passages,
    the second puts each chunk's passages after those of the chunks before it.
    """
    counts = np.zeros(n_words, dtype=np.int64)
    chunks = list(_chunks(fwd_off))
    for a, b in chunks:
        words, _ = _chunk_pairs(fwd_tok, fwd_off, a, b)
        counts += np.bincount(words, minlength=n_words)
    post_off = np.zeros(n_words + 1, dtype=np.int64)
    np.cumsum(counts, out=post_off[1:])
    post_ids = np.empty(int(post_off[-1]), dtype=np.int32)
    cursor = post_off[:-1].copy()
    for a, b in chunks:
        words, owners = _chunk_pairs(fwd_tok, fwd_off, a, b)
        if not len(words):
            continue
        first = np.flatnonzero(np.concatenate(([True], words[1:] != words[:-1])))
        sizes = np.diff(first, append=len(words))
        group = words[first]
        within = np.arange(len(words), dtype=np.int64) - np.repeat(first, sizes)
        post_ids[np.repeat(cursor[group], sizes) + within] = owners
        cursor[group] += sizes
    return post_off, post_ids


def build_index(articles: Iterable[Article | ArticleCut], key: IndexKey) -> SearchIndex:
    """Cut every article (give them in id order) into passages and index their words."""
    segments = Segments()
    for item in articles:
        segments.add(item if isinstance(item, ArticleCut) else cut_article(item))
    return _build(segments, key)


def _add_kept(seg: Segments, index: SearchIndex, keep: list[str]) -> None:
    """Append the documents ``keep`` of an existing index to ``seg``, in build order."""
    wanted = set(keep)
    keep_doc = np.array([d in wanted for d in index.docs], dtype=np.bool_)
    if not keep_doc.any():
        return
    base_doc = len(seg.docs)
    new_doc = np.cumsum(keep_doc) - 1 + base_doc
    pars = np.flatnonzero(keep_doc[index.par_doc]) if len(index.par_doc) else np.zeros(0, int)
    new_par = np.full(len(index.par_doc), -1, dtype=np.int64)
    new_par[pars] = np.arange(len(pars)) + len(seg.par_doc)
    build_order = np.lexsort((index.pas_end, index.pas_start, index.pas_par))
    sel = build_order[new_par[index.pas_par[build_order]] >= 0]
    lengths = (index.fwd_off[sel + 1] - index.fwd_off[sel]).astype(np.int64)
    words = seg.word_ids
    for w in index.vocab:
        words.setdefault(w, len(words))
    remap = np.array([words[w] for w in index.vocab], dtype=np.int32)
    # Per document: where its paragraphs, passages and words begin.
    kept_docs = np.flatnonzero(keep_doc)
    par_count = np.bincount(index.par_doc[pars], minlength=len(index.docs))[kept_docs]
    sel_doc = index.par_doc[index.pas_par[sel]]
    pas_count = np.bincount(sel_doc, minlength=len(index.docs))[kept_docs]
    tok_count = np.bincount(sel_doc, weights=lengths, minlength=len(index.docs))[kept_docs]
    for i, p, q, t in zip(
        kept_docs.tolist(),
        np.cumsum(par_count).tolist(),
        np.cumsum(pas_count).tolist(),
        np.cumsum(tok_count).astype(np.int64).tolist(),
        strict=True,
    ):
        seg.docs.append(index.docs[i])
        seg.langs.append(index.doc_langs[i])
        seg.dates.append(index.doc_dates[i])
        seg.shas.append(index.doc_shas[i])
        seg.doc_par.append(seg.doc_par[base_doc] + p)
        seg.doc_pas.append(seg.doc_pas[base_doc] + q)
        seg.doc_tok.append(seg.doc_tok[base_doc] + t)
    base = index.blob_base
    offsets = index.par_off.tolist()
    for p in pars.tolist():
        seg.text.append(index.blob[base + offsets[p] : base + offsets[p + 1]])
        seg.par_end.append(len(seg.text))
    seg.par_doc.frombytes(new_doc[index.par_doc[pars]].astype(np.int32).tobytes())
    seg.par_n.frombytes(index.par_n[pars].astype(np.int32).tobytes())
    seg.p_par.frombytes(new_par[index.pas_par[sel]].astype(np.int32).tobytes())
    seg.p_start.frombytes(index.pas_start[sel].astype(np.int32).tobytes())
    seg.p_end.frombytes(index.pas_end[sel].astype(np.int32).tobytes())
    seg.p_kind.frombytes(index.pas_kind[sel].astype(np.int8).tobytes())
    seg.fwd_len.frombytes(lengths.astype(np.int32).tobytes())
    seg.fwd.frombytes(remap[index.fwd_tok[ranges(index.fwd_off[sel], lengths)]].tobytes())


def update_index(
    old: SearchIndex,
    store: Store,
    key: IndexKey,
    changed: Iterable[str],
    cuts: Mapping[str, ArticleCut] | None = None,
) -> SearchIndex:
    """``old`` brought up to date with ``store``: only new or changed articles are cut again.

    An article is kept from ``old`` when its id and file hash are unchanged and
    it is not in ``changed``. ``cuts`` holds articles already cut (by the
    ingest's workers). The result equals a full :func:`build_index`.
    """
    current: dict[str, str] = {}
    for doc_id, sha in store.known_files().values():
        current[doc_id] = sha
    redo = set(changed)
    old_sha = dict(zip(old.docs, old.doc_shas, strict=True))
    keep = [
        d
        for d in old.docs
        if d in current and d not in redo and old_sha[d] and old_sha[d] == current[d]
    ]
    kept = set(keep)
    seg = _fresh_segments(store, [d for d in sorted(current) if d not in kept], cuts)
    _add_kept(seg, old, keep)
    return _build(seg, key)


def _text_folder(store: Store) -> Path | None:
    """Where an index build of ``store`` keeps its text until it is saved: beside the
    database (None, in memory, for a store that cannot write there)."""
    folder = store.path.parent
    return None if store.read_only or not folder.is_dir() else folder


def _fresh_segments(
    store: Store, wanted: list[str], cuts: Mapping[str, ArticleCut] | None
) -> Segments:
    """The segments of the articles ``wanted``: the ingest's gathered cuts taken whole
    when each of them is current and wanted, the others cut (or their ready cuts added)."""
    if isinstance(cuts, GatheredCuts) and len(cuts):
        wanted_set = set(wanted)
        if all(d in wanted_set and cuts.sha256(d) == store.known_sha(d) for d in cuts):
            held = set(cuts)
            seg = cuts.take()
            for doc in wanted:
                if doc not in held:
                    seg.add(cut_article(store.get(doc)))
            return seg
    seg = Segments(_text_folder(store))
    for doc in wanted:
        item = _cut_or_article(store, doc, cuts)
        seg.add(item if isinstance(item, ArticleCut) else cut_article(item))
    return seg


def _cut_or_article(
    store: Store, doc: str, cuts: Mapping[str, ArticleCut] | None
) -> Article | ArticleCut:
    """The ready cut of ``doc`` when it is current, else the article to cut."""
    cut = (cuts or {}).get(doc)
    if cut is not None and cut.sha256 == store.known_sha(doc):
        return cut
    return store.get(doc)


# -- the delta beside the index ---------------------------------------------------
@dataclass(slots=True)
class _Delta:
    """Articles added, changed and removed since the index file was written whole."""

    #: the key of the index file it applies to
    base: IndexKey
    #: the key of that index with this delta merged in
    key: IndexKey
    #: the index file's documents that are gone or replaced
    drop: list[str]
    #: the articles to add, cut, by id
    cuts: dict[str, ArticleCut]


def _delta_path(path: Path) -> Path:
    """The delta file beside the index file ``path`` (``db.search`` → ``db.search-delta``)."""
    return path.with_name(f"{path.name}{SEARCH_DELTA.removeprefix(SEARCH)}")


def _read_delta(path: Path, base: IndexKey | None) -> _Delta | None:
    """The delta beside the index file ``path`` when it applies to the index keyed ``base``."""
    if base is None:
        return None
    try:
        data = orjson.loads(_delta_path(path).read_bytes())
        if data.get("version") != INDEX_VERSION:
            return None
        delta = _Delta(
            base=IndexKey(int(data["base"][0]), str(data["base"][1])),
            key=IndexKey(int(data["key"][0]), str(data["key"][1])),
            drop=[str(d) for d in data["drop"]],
            cuts={str(c["id"]): ArticleCut.from_dict(c) for c in data["cuts"]},
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError):
        return None
    return delta if delta.base == base else None


def _write_delta(path: Path, delta: _Delta, mode_of: Path) -> bool:
    payload = orjson.dumps(
        {
            "version": INDEX_VERSION,
            "base": [delta.base.generation, delta.base.fingerprint],
            "key": [delta.key.generation, delta.key.fingerprint],
            "drop": sorted(delta.drop),
            "cuts": [delta.cuts[d].to_dict() for d in sorted(delta.cuts)],
        }
    )
    return save_cache(_delta_path(path), payload, what="search index", mode_of=mode_of)


def _drop_delta(path: Path) -> None:
    with contextlib.suppress(OSError):
        _delta_path(path).unlink()


def _with_delta(index: SearchIndex, delta: _Delta) -> SearchIndex:
    """``index`` with ``delta`` merged in (equal to a full build of the same articles)."""
    gone = set(delta.drop) | set(delta.cuts)
    fresh = _segment(delta.cuts[d] for d in sorted(delta.cuts))
    return _insert(index, gone, fresh, delta.key)


def _insert(index: SearchIndex, gone: set[str], fresh: _Parts, key: IndexKey) -> SearchIndex:
    """``index`` without the documents ``gone`` and with ``fresh`` (few, in id order),
    equal to a full :func:`build_index` of the result.

    Nothing is sorted again: the kept passages, words and postings keep their
    order (every renumbering below is monotonic), and the few new ones are put
    in their places (``searchsorted``), so the cost is a few passes over the arrays.
    """
    # Documents: both lists are in id order; the result is too.
    keep_doc = np.array([d not in gone for d in index.docs], dtype=np.bool_)
    kept_docs = [d for d, k in zip(index.docs, keep_doc.tolist(), strict=True) if k]
    docs = sorted(kept_docs + fresh.docs)
    rank = {d: i for i, d in enumerate(docs)}
    old_rank = np.full(len(index.docs), -1, dtype=np.int64)
    old_rank[keep_doc] = [rank[d] for d in kept_docs]
    fresh_rank = np.array([rank[d] for d in fresh.docs], dtype=np.int64)
    meta = {
        d: (la, da, sh)
        for d, la, da, sh in zip(
            index.docs, index.doc_langs, index.doc_dates, index.doc_shas, strict=True
        )
    }
    for d, la, da, sh in zip(fresh.docs, fresh.langs, fresh.dates, fresh.shas, strict=True):
        meta[d] = (la, da, sh)
    # Paragraphs, ordered by their document's rank (each document's stay in order).
    kept_par = np.flatnonzero(keep_doc[index.par_doc]) if len(index.par_doc) else index.par_doc
    par_rank = np.concatenate((old_rank[index.par_doc[kept_par]], fresh_rank[fresh.par_doc]))
    par_order = np.argsort(par_rank, kind="stable")
    n_kept_par = len(kept_par)
    where = np.empty(len(par_order), dtype=np.int64)
    where[par_order] = np.arange(len(par_order))
    new_par_old = np.full(len(index.par_doc), -1, dtype=np.int64)
    new_par_old[kept_par] = where[:n_kept_par]
    new_par_fresh = where[n_kept_par:]
    base = index.blob_base
    offsets = index.par_off.tolist()
    kept_list = kept_par.tolist()
    texts = [index.blob[base + offsets[p] : base + offsets[p + 1]] for p in kept_list]
    texts += fresh.par_bytes
    par_bytes = [texts[i] for i in par_order.tolist()]
    par_off = np.zeros(len(par_bytes) + 1, dtype=np.int64)
    np.cumsum([len(b) for b in par_bytes], out=par_off[1:])
    par_n = np.concatenate((index.par_n[kept_par], fresh.par_n))[par_order]
    # Passages: the kept ones keep their order; the new ones go where their
    # (length, paragraph) puts them.
    keep_pas = new_par_old[index.pas_par] >= 0
    kept_pids = np.flatnonzero(keep_pas)
    k_par = new_par_old[index.pas_par[kept_pids]]
    k_len = (index.pas_end[kept_pids] - index.pas_start[kept_pids]).astype(np.int64)
    f_par = new_par_fresh[fresh.p_par] if len(fresh.p_par) else np.zeros(0, np.int64)
    f_len = (fresh.p_end - fresh.p_start).astype(np.int64)
    scale = len(par_bytes) + 1
    f_key = f_len * scale + f_par
    f_order = np.argsort(f_key, kind="stable")  # build order among equal keys
    at = np.searchsorted(k_len * scale + k_par, f_key[f_order])
    n_pas = len(kept_pids) + len(f_order)
    f_pid = at + np.arange(len(f_order))
    k_pid = np.arange(len(kept_pids)) + np.searchsorted(at, np.arange(len(kept_pids)), "right")
    new_pid = np.full(len(index.pas_par), -1, dtype=np.int64)
    new_pid[kept_pids] = k_pid

    def placed(kept: npt.NDArray[Any], new: npt.NDArray[Any], dtype: type) -> npt.NDArray[Any]:
        out: npt.NDArray[Any] = np.empty(n_pas, dtype=dtype)
        out[k_pid] = kept
        out[f_pid] = new[f_order]
        return out

    pas_par = placed(k_par, f_par, np.int32)
    pas_start = placed(index.pas_start[kept_pids], fresh.p_start, np.int32)
    pas_end = placed(index.pas_end[kept_pids], fresh.p_end, np.int32)
    pas_kind = placed(index.pas_kind[kept_pids], fresh.p_kind, np.uint8)
    # Words: those a kept passage still uses, and the new ones, sorted.
    df = np.diff(index.post_off)
    post_word = np.repeat(np.arange(len(index.vocab), dtype=np.int64), df)
    post_keep = keep_pas[index.post_ids] if len(index.post_ids) else np.zeros(0, np.bool_)
    used = np.bincount(post_word[post_keep], minlength=len(index.vocab)) > 0
    known = index.word_id
    added = sorted({w for w in fresh.words if w not in known or not used[known[w]]})
    vocab = sorted([w for w, u in zip(index.vocab, used.tolist(), strict=True) if u] + added)
    new_word = {w: i for i, w in enumerate(vocab)}
    remap_old = np.array([new_word.get(w, -1) for w in index.vocab], dtype=np.int64)
    remap_fresh = np.array([new_word[w] for w in fresh.words], dtype=np.int64)
    # Forward index: each passage's words, in the new passage order.
    old_len = np.diff(index.fwd_off)
    f_off = np.zeros(len(fresh.fwd_len) + 1, dtype=np.int64)
    np.cumsum(fresh.fwd_len, out=f_off[1:])
    source = np.concatenate(
        (remap_old[index.fwd_tok], remap_fresh[fresh.fwd] if len(fresh.fwd) else fresh.fwd)
    )
    starts = placed(index.fwd_off[kept_pids], f_off[:-1] + len(index.fwd_tok), np.int64)
    lengths = placed(old_len[kept_pids], fresh.fwd_len, np.int64)
    fwd_off = np.zeros(n_pas + 1, dtype=np.int64)
    np.cumsum(lengths, out=fwd_off[1:])
    fwd_tok = source[ranges(starts, lengths)].astype(np.int32)
    # Postings: the kept ones renumbered (still sorted), the new ones put in place.
    old_key = remap_old[post_word[post_keep]] * n_pas + new_pid[index.post_ids[post_keep]]
    f_owner = np.repeat(f_pid, fresh.fwd_len[f_order])
    f_words = source[ranges(starts[f_pid], lengths[f_pid])]
    new_key = np.unique(f_words * n_pas + f_owner)
    keys = np.insert(old_key, np.searchsorted(old_key, new_key), new_key)
    post_ids = (keys % n_pas).astype(np.int32) if n_pas else np.zeros(0, np.int32)
    counts = np.bincount(keys // n_pas, minlength=len(vocab)) if n_pas else np.zeros(len(vocab))
    post_off = np.zeros(len(vocab) + 1, dtype=np.int64)
    np.cumsum(counts, out=post_off[1:])
    return SearchIndex(
        key=key,
        docs=docs,
        doc_langs=[meta[d][0] for d in docs],
        doc_dates=[meta[d][1] for d in docs],
        doc_shas=[meta[d][2] for d in docs],
        par_doc=np.sort(par_rank).astype(np.int32),
        par_n=par_n.astype(np.int32),
        par_off=par_off,
        blob=b"".join(par_bytes),
        blob_base=0,
        pas_par=pas_par,
        pas_start=pas_start,
        pas_end=pas_end,
        pas_kind=pas_kind,
        fwd_off=fwd_off,
        fwd_tok=fwd_tok,
        vocab=vocab,
        post_off=post_off,
        post_ids=post_ids,
    )


def saved_key(path: Path) -> IndexKey | None:
    """The key of the index saved at ``path``, its delta merged in when there is one."""
    base = SearchIndex.read_key(path)
    delta = _read_delta(path, base)
    return delta.key if delta is not None else base


def _extend_delta(
    store: Store, changed_ids: list[str], cuts: Mapping[str, ArticleCut] | None
) -> bool:
    """Record ``changed_ids`` in the delta beside the index; False when the index must be
    brought up to date whole instead (no current index file, or a delta grown large)."""
    if store.read_only:
        return False
    path = store.sidecar_path(SEARCH)
    meta = SearchIndex.read_meta(path)
    if meta is None:
        return False
    base = IndexKey(int(meta["generation"]), str(meta["fingerprint"]))
    in_file = dict(zip(meta["docs"], meta["shas"], strict=True))
    delta = _read_delta(path, base) or _Delta(base, base, [], {})
    drop, added = set(delta.drop), dict(delta.cuts)
    current = {doc_id: sha for doc_id, sha in store.known_files().values()}
    if len(changed_ids) >= len(current) or (
        len(added) + len(drop) + len(changed_ids) > max(50, DELTA_SHARE * len(current))
    ):
        return False  # every article (a rebuild), or a delta grown large: merge now
    for doc in changed_ids:
        added.pop(doc, None)
        if doc in in_file:
            drop.add(doc)
        if doc in current:
            cut = _cut_or_article(store, doc, cuts)
            added[doc] = cut if isinstance(cut, ArticleCut) else cut_article(cut)
    # The index file and the delta together must hold exactly the store's articles.
    together = {d: sha for d, sha in in_file.items() if d not in drop and d not in added}
    together.update({d: cut.sha256 for d, cut in added.items()})
    if together != current:
        return False
    if not _write_delta(path, _Delta(base, index_key(store), sorted(drop), added), store.path):
        return False
    match_mode(path, store.path)  # the index file, kept as it was, follows the database
    with _LOCK:
        _LOADED.pop(path, None)
        _EARLY.pop(path, None)
    return True


# -- the store's index ---------------------------------------------------------
def index_key(store: Store) -> IndexKey:
    """The key an up-to-date index of ``store`` must carry."""
    return IndexKey(store.generation(), store.files_fingerprint())


_LOCK = threading.Lock()
# sidecar path → (index, the Store object it was last checked against)
_LOADED: dict[Path, tuple[SearchIndex, weakref.ReferenceType[Store]]] = {}
# sidecar path → index read by index_from_catalog, for load_index to take over
_EARLY: dict[Path, SearchIndex] = {}


def load_index(
    store: Store,
    *,
    changed: Iterable[str] | None = None,
    cuts: Mapping[str, ArticleCut] | None = None,
) -> SearchIndex:
    """The search index of ``store``: cached, read from its sidecar, or brought up to date.

    An index is used only if it carries the store's current generation and
    article fingerprint. Otherwise the previous index (cached or on disk, if
    any) is updated — only new or changed articles are cut again — or one is
    built from scratch, and saved when the store is writable. ``changed``
    (the ingest stage) forces an update and names articles to cut again. The
    fingerprint is checked once per Store object; after that the generation
    alone tells. Safe to call from several threads.
    """
    with _LOCK:
        path = store.sidecar_path(SEARCH)
        early = _EARLY.pop(path, None)  # read before the store was opened
        cached = _LOADED.get(path)
        if changed is None:
            generation = store.generation()
            if (
                cached is not None
                and cached[1]() is store
                and cached[0].key.generation == generation
            ):
                return cached[0]
        key = index_key(store)
        index: SearchIndex | None = None
        if changed is None and cached is not None and cached[0].key == key:
            index = cached[0]
        elif changed is None and early is not None and early.key == key:
            index = early
        elif changed is None and saved_key(path) == key:
            index = _read(path)
        if index is None:
            previous = cached[0] if cached is not None else _read(path)
            cached = None

            def build() -> SearchIndex:
                if previous is None:
                    return _build(_fresh_segments(store, store.ids(), cuts), key)
                return update_index(previous, store, key, changed or (), cuts)

            index = _saved(store, path, build)
        elif _delta_path(path).exists() and index.key == key:
            merged = index
            del index
            index = _saved(store, path, lambda: merged)  # the delta merged in on reading
            del merged
        _LOADED[path] = (index, weakref.ref(store))
        return index


def _saved(store: Store, path: Path, build: Callable[[], SearchIndex]) -> SearchIndex:
    """The index ``build`` makes, saved whole beside a writable store (the delta it
    includes dropped) and kept as the saved file, mapped: its pages are the file's,
    read again when needed, not the process's own memory. The index built is let
    go before the file is mapped, so the two are never held together (should the
    file not read back, the index is built again and kept in memory)."""
    index = build()
    if store.read_only:  # a read-only folder keeps it in memory; a full disk is said
        return index
    if not save_cache(path, index.file_parts(), what="search index", mode_of=store.path):
        return index
    _drop_delta(path)
    key = index.key
    del index
    try:
        saved = SearchIndex.load(path)
        if saved.key == key:
            return saved
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return build()


def _read(path: Path) -> SearchIndex | None:
    """The index saved at ``path``, with the delta beside it merged in."""
    try:
        index = SearchIndex.load(path)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    delta = _read_delta(path, index.key)
    return index if delta is None else _with_delta(index, delta)


def saved_index_key(store: Store) -> tuple[int, str] | None:
    """The key of the index saved beside ``store`` when it is current, else None."""
    key = saved_key(store.sidecar_path(SEARCH))
    if key is None or key != index_key(store):
        return None
    return key.generation, key.fingerprint


def index_from_catalog(db_path: Path) -> SearchIndex | None:
    """The search index of the database at ``db_path``, without reading the database.

    Only when the catalog matches the database file and recorded the key of
    the index saved beside it (:func:`saved_index_key`), and the index file
    still carries that key; else None. A later :func:`load_index` on the
    opened store takes this index over instead of reading the file again.
    """
    recorded = catalog_search_key(db_path)
    if recorded is None:
        return None
    key = IndexKey(*recorded)
    path = sidecar_of(db_path, SEARCH)
    with _LOCK:
        early = _EARLY.get(path)
        if early is not None and early.key == key:
            return early
        if saved_key(path) != key:
            return None
        index = _read(path)
        if index is None or index.key != key:
            return None
        _EARLY[path] = index
        return index


@on_reset
def _forget_indexes() -> None:
    """Drop every index held in memory (store.sidecars.reset_caches)."""
    with _LOCK:
        _LOADED.clear()
        _EARLY.clear()


def update_search_index(
    store: Store, changed_ids: list[str], cuts: Mapping[str, ArticleCut] | None = None
) -> None:
    """Derived-data stage after an ingest: record the articles in the delta beside the
    index when they are few, else bring the index up to date and save it whole.

    A PostgreSQL archive keeps its passages in the server instead (store.pg.search),
    written in the ingest's transaction.
    """
    write_passages = getattr(store, "write_search_passages", None)  # PgStore's
    if write_passages is not None:
        write_passages(changed_ids, cuts)
        return
    if not _extend_delta(store, changed_ids, cuts):
        load_index(store, changed=changed_ids, cuts=cuts)
