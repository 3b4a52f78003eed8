"""Run a query against the index: narrow with numpy, score the best candidates.

1. Filters (language, document, kind, date) become a mask over passages.
2. Each clause gives an upper bound of its score per passage from the
   inverted index; a passage's bound is the mean over clauses (0 if any
   clause cannot match).
3. Candidates are taken best bound first (then shortest first) and checked
   on their text, which gives the real score and the spans. This stops as
   soon as no remaining candidate can enter the top ``limit``.
4. A passage that overlaps a better one of the same paragraph (a quote inside
   its sentence) is dropped, so one match is shown once.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from newsdesk.store.search.index import KIND_CODES, SearchIndex, load_index
from newsdesk.store.search.match import (
    ExactMatcher,
    Matcher,
    Span,
    Token,
    bound_tenths,
    make_matcher,
    round1,
)
from newsdesk.store.search.query import Filters, Query, parse_query
from newsdesk.store.search.tokens import TOKEN_RE
from newsdesk.store.text import fold

if TYPE_CHECKING:
    from newsdesk.store.db import Store

__all__ = ["Hit", "SearchResult", "prepare_search", "search", "search_index"]

Bool = npt.NDArray[np.bool_]
F32 = npt.NDArray[np.float32]

#: At most this many passages are checked on their text for one query…
MAX_CHECKED = 4000
#: …and at most about this many scored from the index (in growing chunks).
MAX_REFINED = 200_000
_FIRST_CHUNK = 1024
_CHUNK = 4096


def most_refined() -> int:
    """The most candidates one search scores from the index: it stops taking chunks
    once :data:`MAX_REFINED` are taken, so the last chunk ends within one of it."""
    return MAX_REFINED + _CHUNK


@dataclass(frozen=True, slots=True)
class Hit:
    """One matching passage.

    ``text`` is the sentence or quotation; ``spans`` are ``(start, end)``
    character offsets into ``text``; ``start`` is where ``text`` begins in
    paragraph ``para`` (so ``para_spans`` index the paragraph's text).
    """

    doc: str
    lang: str
    date: str | None
    para: int
    score: float
    text: str
    spans: tuple[Span, ...]
    kind: str
    start: int

    @property
    def para_spans(self) -> list[Span]:
        """The spans as offsets into the whole paragraph's text."""
        return [(self.start + s, self.start + e) for s, e in self.spans]

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of a hit (``newsdesk search --json``)."""
        return {
            "doc": self.doc,
            "lang": self.lang,
            "date": self.date,
            "para": self.para,
            "score": self.score,
            "text": self.text,
            "spans": [[s, e] for s, e in self.spans],
            "kind": self.kind,
            "start": self.start,
        }


@dataclass(frozen=True, slots=True)
class SearchResult:
    """The hits of one query, best first, and how many passages matched.

    ``total`` is exact when ``total_exact``; otherwise it counts the passages
    the index could not rule out (an upper estimate).
    """

    query: str
    hits: list[Hit]
    total: int
    total_exact: bool
    elapsed_ms: float

    def status(self) -> str:
        """A one-line summary such as ``37 hits · 4 ms``."""
        count = f"{self.total:,}" if self.total_exact else f"≈{self.total:,}"
        noun = "hit" if self.total == 1 and self.total_exact else "hits"
        return f"{count} {noun} · {self.elapsed_ms:.0f} ms"


def search(store: Store, query: str, *, lang: str | None = None, limit: int = 50) -> SearchResult:
    """Search every passage of ``store``; raise QueryError for a malformed query.

    The index is loaded (or rebuilt, if out of date) on first use. On a
    PostgreSQL archive the server finds the candidates instead (store.pg.search)
    and the same ranking runs on them.
    """
    start = time.perf_counter()
    parsed = parse_query(query)
    index = _server_candidates(store, parsed, lang, limit)
    if index is None:
        index = load_index(store)
    allowed = _fact_mask(store, index, parsed.filters) if parsed.filters.needs_facts else None
    while True:
        try:
            return search_index(
                index,
                parsed,
                lang=lang,
                limit=limit,
                query_text=query,
                started=start,
                allowed=allowed,
            )
        except _LeftOut:  # the server's first candidates were not enough: more of them
            more = index.more
            found = more() if more is not None else _server_candidates(store, parsed, lang, None)
            assert found is not None
            index = found
            if allowed is not None:
                allowed = _fact_mask(store, index, parsed.filters)


class _LeftOut(Exception):
    """The candidates sent ran out before the hits were found, and more were left out."""


def _server_candidates(
    store: Store, parsed: Query, lang: str | None, limit: int | None
) -> SearchIndex | None:
    """The passages a PostgreSQL archive's server finds for ``parsed``; None for a
    TinyDB file, or for an archive whose passages are not built yet (a read-only
    client of an archive just migrated: it searches the local index as before)."""
    candidates = getattr(store, "search_candidates", None)  # PgStore's
    if candidates is None:
        return None
    index: SearchIndex | None = candidates(parsed, lang, limit)
    return index


def prepare_search(store: Store) -> None:
    """Make the first search quick: read the local index (a TinyDB file's); nothing
    for a PostgreSQL archive, whose server holds the passages."""
    if getattr(store, "search_candidates", None) is None:
        load_index(store)


def _fact_mask(store: Store, index: SearchIndex, filters: Filters) -> Bool:
    """Passages overlapping the evidence of a stored fact (``kind:fact``) or of a
    quote by one of ``filters.speakers`` (``by:NAME``)."""
    from newsdesk.store.facts import load_facts, quotes_by

    facts = load_facts(store)
    if filters.speakers:
        chosen = {id(f): f for name in filters.speakers for f in quotes_by(facts, name)}
        facts = list(chosen.values())
    mask = np.zeros(len(index), dtype=np.bool_)
    if not facts or not len(index):
        return mask
    # Passages sorted by (document, paragraph number): one binary search per fact.
    keys = index.pas_doc.astype(np.int64) * 1_000_000 + index.par_n[index.pas_par]
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    doc_pos = {doc: i for i, doc in enumerate(index.docs)}
    for fact in facts:
        doc = doc_pos.get(fact.doc)
        if doc is None:
            continue
        key = doc * 1_000_000 + fact.para
        lo, hi = np.searchsorted(sorted_keys, [key, key + 1])
        rows = order[lo:hi]
        overlap = (index.pas_start[rows] < fact.end) & (index.pas_end[rows] > fact.start)
        mask[rows[overlap]] = True
    return mask


# -- filters -----------------------------------------------------------------
def _filter_mask(index: SearchIndex, filters: Filters, lang: str | None) -> Bool | None:
    mask: Bool | None = None

    def both(more: Bool) -> None:
        nonlocal mask
        mask = more if mask is None else (mask & more)

    langs = [fold(lang)] if lang else []
    for wanted in (filters.langs, langs):
        if wanted:
            codes = [i for i, code in enumerate(index.langs) if code in wanted]
            both(np.isin(index.pas_lang, np.array(codes, dtype=np.uint8)))
    if filters.not_langs:
        codes = [i for i, code in enumerate(index.langs) if code in filters.not_langs]
        both(~np.isin(index.pas_lang, np.array(codes, dtype=np.uint8)))
    if filters.docs or filters.not_docs:
        folded = [fold(d) for d in index.docs]
        if filters.docs:
            ok = np.array([d.startswith(filters.docs) for d in folded], dtype=np.bool_)
            both(ok[index.pas_doc] if len(ok) else np.zeros(len(index), np.bool_))
        if filters.not_docs:
            bad = np.array([d.startswith(filters.not_docs) for d in folded], dtype=np.bool_)
            both(~bad[index.pas_doc] if len(bad) else np.ones(len(index), np.bool_))
    passage_kinds = [k for k in filters.kinds if k in KIND_CODES]
    if passage_kinds:
        codes = [KIND_CODES.index(k) for k in passage_kinds]
        both(np.isin(index.pas_kind, np.array(codes, dtype=np.uint8)))
    for ranges, keep in ((filters.dates, True), (filters.not_dates, False)):
        if not ranges:
            continue
        dates = index.pas_date
        inside = np.zeros(len(index), dtype=np.bool_)
        for r in ranges:
            inside |= (dates >= r.lo) & (dates <= r.hi) & (dates > 0)
        both(inside if keep else ~inside)
    return mask


# -- candidates ----------------------------------------------------------------
Keys = npt.NDArray[np.int64]
Ids = npt.NDArray[np.intp]


class _Frontier:
    """Candidates not yet scored exactly, handed out best bound first in chunks.

    A candidate's key is ``-bound_tenths * (n + 1) + id``: smaller is better,
    and equal bounds go shorter (lower id) first. Bounds are small integers
    (tenths of 0–100), so one stable radix sort orders every candidate.
    """

    def __init__(self, tenths: npt.NDArray[np.int64], ids: Ids, width: int) -> None:
        order = np.argsort((1001 - tenths).astype(np.int16), kind="stable")
        self.ids: Ids = ids[order]
        self.keys: Keys = -tenths[order] * width + self.ids
        self.pos = 0
        self.taken = 0
        self.chunks = 0
        self.left_out = 0

    def peek(self) -> int | None:
        """The best key not yet handed out."""
        return int(self.keys[self.pos]) if self.pos < len(self.keys) else None

    def take(self) -> Ids:
        """The next chunk of candidate ids, best first."""
        size = _FIRST_CHUNK if self.taken == 0 else _CHUNK
        ids = self.ids[self.pos : self.pos + size]
        self.pos += len(ids)
        self.taken += len(ids)
        self.chunks += 1
        return ids

    def whole(self) -> bool:
        """Whether the chunks taken would have held every candidate, those a server
        left out (``SearchIndex.left_out``) too: their full sizes reach the count."""
        if not self.chunks:
            return False
        reach = _FIRST_CHUNK + _CHUNK * (self.chunks - 1)
        return reach >= len(self.keys) + self.left_out


class _Pool:
    """Candidates scored from the index, best first; only the best few are kept sorted.

    The others wait, unsorted, in an overflow that is merged back only if the
    kept ones run out.
    """

    def __init__(self, keep: int) -> None:
        self.keep = keep
        self.keys: Keys = np.zeros(0, np.int64)
        self.ids: Ids = np.zeros(0, np.intp)
        self.pos = 0
        self.over_keys: list[Keys] = []
        self.over_ids: list[Ids] = []
        self.over_min: int | None = None

    def add(self, keys: Keys, ids: Ids) -> None:
        keys = np.concatenate((self.keys[self.pos :], keys))
        ids = np.concatenate((self.ids[self.pos :], ids))
        if len(keys) > self.keep:
            part = np.argpartition(keys, self.keep)
            spill = part[self.keep :]
            self.over_keys.append(keys[spill])
            self.over_ids.append(ids[spill])
            low = int(keys[spill].min())
            self.over_min = low if self.over_min is None else min(self.over_min, low)
            keys, ids = keys[part[: self.keep]], ids[part[: self.keep]]
        order = np.argsort(keys)
        self.keys, self.ids, self.pos = keys[order], ids[order], 0

    def peek(self) -> int | None:
        """The best key in the pool (the overflow included)."""
        best = int(self.keys[self.pos]) if self.pos < len(self.keys) else None
        if self.over_min is not None and (best is None or self.over_min < best):
            keys = np.concatenate(self.over_keys)
            ids = np.concatenate(self.over_ids)
            self.over_keys, self.over_ids, self.over_min = [], [], None
            self.keep = max(self.keep, len(keys) + len(self.keys))
            self.add(keys, ids)
            best = int(self.keys[self.pos])
        return best

    def pop(self) -> int:
        pid = int(self.ids[self.pos])
        self.pos += 1
        return pid

    def __bool__(self) -> bool:
        return self.pos < len(self.keys) or self.over_min is not None


@dataclass(slots=True)
class _Scored:
    pid: int
    score: float
    spans: list[Span]


class _Checker:
    """Checks passages on their text: clauses, negated terms, spans."""

    def __init__(
        self,
        index: SearchIndex,
        clauses: list[list[Matcher]],
        negatives: list[ExactMatcher],
    ) -> None:
        self.index = index
        self.clauses = clauses
        self.negatives = negatives
        self._paragraphs: dict[int, str] = {}

    def text(self, pid: int) -> str:
        index = self.index
        par = int(index.pas_par[pid])
        text = self._paragraphs.get(par)
        if text is None:
            text = index.paragraph_text(par)
            self._paragraphs[par] = text
        return text[int(index.pas_start[pid]) : int(index.pas_end[pid])]

    def prefetch(self, pids: Ids) -> None:
        """Read the paragraphs of ``pids`` at once when the index fetches its text
        (a PostgreSQL archive's candidates: one round trip, not one a passage)."""
        many = getattr(self.index.fetch_text, "many", None)
        if many is None:
            return
        wanted = {int(p) for p in self.index.pas_par[pids]}.difference(self._paragraphs)
        if wanted:
            self._paragraphs.update(many(sorted(wanted)))

    def check(self, pid: int) -> _Scored | None:
        folded = fold(self.text(pid))
        for negative in self.negatives:
            if negative.find(folded):
                return None
        if not self.clauses:
            return _Scored(pid, 100.0, [])
        toks: list[Token] = [(m.group(), m.start(), m.end()) for m in TOKEN_RE.finditer(folded)]
        total = 0.0
        spans: list[Span] = []
        for clause in self.clauses:
            best: tuple[float, list[Span]] | None = None
            for matcher in clause:
                found = matcher.match(folded, toks)
                if found is not None and (best is None or found[0] > best[0]):
                    best = found
            if best is None:
                return None
            total += best[0]
            spans.extend(best[1])
        return _Scored(pid, round1(total / len(self.clauses)), _merge(spans, folded))

    def refine(self, pids: npt.NDArray[np.intp]) -> npt.NDArray[np.float64]:
        """Exact scores from the index (before checking the text) for ``pids``."""
        if not self.clauses:
            return np.full(len(pids), 100.0)
        total = np.zeros(len(pids), dtype=np.float64)
        alive = np.ones(len(pids), dtype=np.bool_)
        for clause in self.clauses:
            best = clause[0].refine(self.index, pids)
            for matcher in clause[1:]:
                best = np.maximum(best, matcher.refine(self.index, pids))
            alive &= best > 0
            total += best
        score = np.floor(total / len(self.clauses) * 10.0 + 0.5) / 10.0
        score[~alive] = 0.0
        return score


def _merge(spans: list[Span], folded: str) -> list[Span]:
    """Sort spans and join those that touch or are separated by spaces/punctuation only."""
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged:
            prev_start, prev_end = merged[-1]
            gap = folded[prev_end:start]
            if start <= prev_end or (len(gap) <= 3 and not any(c.isalnum() for c in gap)):
                merged[-1] = (prev_start, max(prev_end, end))
                continue
        merged.append((start, end))
    return merged


def _tenths(score: float) -> int:
    return math.floor(score * 10.0 + 0.5)


def _bounds(index: SearchIndex, clauses: list[list[Matcher]], mask: Bool | None) -> F32:
    """Per passage, an upper bound of the query's score (0: cannot match)."""
    bound: F32 | None = None
    for clause in clauses:
        clause_bound = clause[0].bound(index)
        for matcher in clause[1:]:
            np.maximum(clause_bound, matcher.bound(index), out=clause_bound)
        if bound is None:
            bound = clause_bound
        else:
            bound[clause_bound <= 0] = 0.0
            bound += np.where(bound > 0, clause_bound, np.float32(0.0))
    if bound is None:
        bound = np.full(len(index), 100.0, dtype=np.float32)
    elif len(clauses) > 1:
        bound /= np.float32(len(clauses))
    if mask is not None:
        bound[~mask] = 0.0
    return bound


def search_index(
    index: SearchIndex,
    query: Query | str,
    *,
    lang: str | None = None,
    limit: int = 50,
    query_text: str | None = None,
    started: float | None = None,
    allowed: Bool | None = None,
) -> SearchResult:
    """Run ``query`` (text or parsed) on ``index``; the hits are best first.

    ``allowed`` (one flag per passage) restricts the passages further; the
    fact filters (``kind:fact``, ``by:``) come in that way.
    """
    start = started if started is not None else time.perf_counter()
    text = query if isinstance(query, str) else (query_text or "")
    parsed = parse_query(query) if isinstance(query, str) else query
    if (parsed.is_empty() and not lang) or limit <= 0 or len(index) == 0:
        return SearchResult(text, [], 0, True, (time.perf_counter() - start) * 1000)
    clauses = [[make_matcher(index, t) for t in clause.terms] for clause in parsed.clauses]
    negatives = [ExactMatcher(index, t) for t in parsed.negatives]
    mask = _filter_mask(index, parsed.filters, lang)
    if allowed is not None:
        mask = allowed if mask is None else mask & allowed
    bound = _bounds(index, clauses, mask)
    to_check: list[ExactMatcher] = []
    for negative in negatives:
        excluded = negative.mask(index) if negative.index_exact else None
        if excluded is not None:
            bound[excluded] = 0.0
        else:
            to_check.append(negative)
    checker = _Checker(index, clauses, to_check)

    candidates = np.flatnonzero(bound > 0)
    # Bounds in tenths, so equal bounds are equal and ids break ties.
    tenths = bound_tenths(bound[candidates])
    width = len(index) + 1
    frontier = _Frontier(tenths, candidates, width)
    frontier.left_out = index.left_out
    pool = _Pool(keep=4 * limit + 64)
    exact: dict[int, _Scored] = {}  # candidates whose text was checked
    hits: list[_Scored] = []
    taken: dict[int, list[tuple[int, int]]] = {}
    finished = True
    fetching = index.fetch_text is not None
    # Candidates sent best first: past those here, the best one left out comes next.
    after: int | None = None
    if index.left_out_next is not None:
        after = -index.left_out_next[0] * width + index.left_out_next[1]
    while len(hits) < limit:
        next_key = frontier.peek()
        if next_key is None:
            next_key = after
        best = pool.peek()
        if best is not None and (next_key is None or best < next_key):
            pid = pool.pop()
            scored = exact.get(pid)
            if scored is None:
                if len(exact) >= MAX_CHECKED:
                    finished = False
                    break
                if fetching:  # this passage and those likely checked after it
                    checker.prefetch(pool.ids[pool.pos - 1 : pool.pos + limit - len(hits) + 8])
                result = checker.check(pid)
                if result is None:
                    continue
                exact[pid] = result
                key = -_tenths(result.score) * width + pid
                if key > best:  # the text scored lower than the index said
                    pool.add(np.array([key], np.int64), np.array([pid], np.intp))
                    continue
                scored = result
            par = int(index.pas_par[pid])
            lo, hi = int(index.pas_start[pid]), int(index.pas_end[pid])
            ranges = taken.setdefault(par, [])
            if any(lo < e and s < hi for s, e in ranges):
                continue  # overlaps a better passage of the same paragraph
            ranges.append((lo, hi))
            hits.append(scored)
        elif next_key is not None:
            if frontier.taken >= MAX_REFINED:
                finished = False
                break
            if frontier.peek() is None:  # the next ones were left out
                raise _LeftOut
            ids = frontier.take()
            scores = checker.refine(ids)
            live = scores > 0
            ids = ids[live]
            pool.add(-np.floor(scores[live] * 10.0 + 0.5).astype(np.int64) * width + ids, ids)
        else:
            if index.left_out:
                raise _LeftOut
            break
    if len(hits) >= limit and (pool or frontier.peek() is not None or index.left_out):
        if index.left_out and not pool and frontier.peek() is None and frontier.whole():
            # On every candidate the last chunk would have held the ones left out
            # too: whether any of them matches decides whether the total is exact.
            raise _LeftOut
        finished = False
    total = len(hits) if finished else max(len(hits), len(candidates) + index.left_out)
    elapsed = (time.perf_counter() - start) * 1000
    return SearchResult(text, [_hit(index, checker, s) for s in hits], total, finished, elapsed)


def _hit(index: SearchIndex, checker: _Checker, scored: _Scored) -> Hit:
    pid = scored.pid
    par = int(index.pas_par[pid])
    doc = int(index.par_doc[par])
    return Hit(
        doc=index.docs[doc],
        lang=index.doc_langs[doc],
        date=index.doc_dates[doc],
        para=int(index.par_n[par]),
        score=scored.score,
        text=checker.text(pid),
        spans=tuple(scored.spans),
        kind=KIND_CODES[int(index.pas_kind[pid])],
        start=int(index.pas_start[pid]),
    )
