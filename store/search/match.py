"""Term matchers: narrow candidates with the index, then check one passage.

Every matcher has two halves. ``bound(index)`` works on the whole index with
numpy and gives, per passage, an upper bound of the score the term can reach
(0 where it cannot match). ``match(folded, toks)`` checks one passage's folded
text and returns the real score and the character spans that matched.

Fuzzy words match a passage word exactly (1.0), as a prefix (0.9) or with
typos (optimal-string-alignment distance 1, or 2 for words of eight letters
or more; 1 − distance / length). A fuzzy phrase scores
``100 × coverage × (0.8 + 0.2 × order)``: coverage is the share of the query
words found, weighted by rarity (idf); order the share of neighbouring query
words (both found) that occur in this order within three words of each other.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
from rapidfuzz import process
from rapidfuzz.distance import OSA

from newsdesk.store.search.query import Term

if TYPE_CHECKING:
    from newsdesk.store.search.index import SearchIndex

__all__ = [
    "COMMON_SHARE",
    "MIN_COVERAGE",
    "ExactMatcher",
    "FuzzyMatcher",
    "Token",
    "bound_tenths",
    "make_matcher",
    "max_typos",
]

F32 = npt.NDArray[np.float32]
Bool = npt.NDArray[np.bool_]
Span = tuple[int, int]
Token = tuple[str, int, int]  # folded word, start, end

PREFIX_SIM = 0.9
MIN_COVERAGE = 0.5
#: Share of the score given by word order; neighbours count within NEAR words.
ORDER_SHARE = 0.2
NEAR = 3
#: At most this many words in the fuzzy part of a query (one bit each).
MAX_WORDS = 64
#: A word in more than 1 / COMMON_SHARE of the passages is assumed present in bounds.
COMMON_SHARE = 3
_ALL_BITS = np.uint64(0xFFFFFFFFFFFFFFFF)


# -- vocabulary look-ups -------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Expansion:
    """The vocabulary words a query word stands for, with their similarity."""

    word: str
    exact: int | None  # vocabulary id of the word itself
    prefix: tuple[int, int] | None  # vocabulary ids [lo, hi) of longer words
    typos: tuple[tuple[int, float], ...]  # (vocabulary id, similarity)

    def similar(self) -> dict[int, float]:
        """Typo and exact ids with their similarity (prefix range excluded)."""
        found = dict(self.typos)
        if self.exact is not None:
            found[self.exact] = 1.0
        return found

    def empty(self) -> bool:
        return self.exact is None and self.prefix is None and not self.typos


def max_typos(word: str) -> int:
    """How many edits a query word may carry and still match."""
    if len(word) < 4 or not word.isalpha():
        return 0
    return 1 if len(word) < 8 else 2


def _typo_choices(index: SearchIndex, word: str, band: int) -> list[str]:
    """Vocabulary words of about the right length sharing a first or second letter."""
    key = ("typo-buckets",)
    buckets: dict[tuple[int, str, int], list[str]] | None = index.cache.get(key)
    if buckets is None:
        buckets = {}
        for w in index.vocab:
            buckets.setdefault((0, w[0], len(w)), []).append(w)
            if len(w) > 1:
                buckets.setdefault((1, w[1], len(w)), []).append(w)
        index.cache[key] = buckets
    seen: dict[str, None] = {}
    letters = [(0, word[0]), (1, word[1]), (0, word[1])]
    for length in range(len(word) - band, len(word) + band + 1):
        for slot, letter in letters:
            for w in buckets.get((slot, letter, length), ()):
                seen[w] = None
    return list(seen)


def expand(index: SearchIndex, word: str) -> Expansion:
    """What ``word`` matches in the vocabulary (cached on the index)."""
    key = ("expand", word)
    cached: Expansion | None = index.cache.get(key)
    if cached is not None:
        return cached
    exact = index.word_id.get(word)
    prefix: tuple[int, int] | None = None
    if len(word) >= 3:
        lo, hi = index.prefix_range(word)
        if exact is not None:
            lo += 1  # the word itself sorts first among the words it starts
        if hi > lo:
            prefix = (lo, hi)
    typos: list[tuple[int, float]] = []
    band = max_typos(word)
    if band:
        choices = _typo_choices(index, word, band)
        for found, dist, _ in process.extract(
            word, choices, scorer=OSA.distance, score_cutoff=band, limit=None
        ):
            if dist == 0:
                continue
            wid = index.word_id[found]
            if prefix is not None and prefix[0] <= wid < prefix[1]:
                continue  # already a prefix match, which scores higher
            typos.append((wid, 1.0 - dist / max(len(word), len(found))))
    result = Expansion(word, exact, prefix, tuple(typos))
    if len(index.cache) > 4096:
        index.cache.clear()
    index.cache[key] = result
    return result


def _gather(index: SearchIndex, ranges: list[tuple[int, int]]) -> npt.NDArray[np.int32]:
    """The postings of the vocabulary id ranges, concatenated (with repeats)."""
    if not ranges:
        return np.zeros(0, np.int32)
    parts = [index.post_ids[index.post_off[lo] : index.post_off[hi]] for lo, hi in ranges]
    return parts[0] if len(parts) == 1 else np.concatenate(parts)


def _ids_to_ranges(ids: list[int]) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    for i in sorted(ids):
        if ranges and ranges[-1][1] == i:
            ranges[-1] = (ranges[-1][0], i + 1)
        else:
            ranges.append((i, i + 1))
    return ranges


# -- fuzzy words ---------------------------------------------------------------
def round1(value: float) -> float:
    """Round a score to one decimal, the same way for Python floats and numpy arrays."""
    return math.floor(value * 10.0 + 0.5) / 10.0


def bound_tenths(bound: F32) -> npt.NDArray[np.int64]:
    """The most a score ``round1`` gives can reach, in tenths, under each ``bound``.

    Rounding is monotone, so rounding the bound as the score is rounded bounds the
    rounded score: a passage whose score equals its bound ties with its bound (not
    one tenth below it, as rounding the bound up would leave it when the score's
    hundredths are under .05, a whole tie then scored before any of it is taken).
    """
    tenths = bound.astype(np.float64)  # in place from here: arrays of a million
    tenths *= 10.0
    tenths += 0.5
    return np.floor(tenths, out=tenths).astype(np.int64)


def add_layers(
    acc: F32,
    tmp: F32,
    sims: list[float],
    touched: Sequence[npt.NDArray[np.signedinteger[Any]]],
    weight: float,
) -> None:
    """Add one query word's best similarity, times ``weight``, to ``acc`` for every
    passage of its layers (``sims`` ascending, ``touched[i]`` the passages of layer i);
    ``tmp`` is a zeroed scratch array, left zeroed."""
    for sim, ids in zip(sims, touched, strict=True):
        tmp[ids] = sim  # higher similarity written last
    ids = np.concatenate(touched) if len(touched) > 1 else touched[0]
    # Repeated ids read and write the same value: each passage gains once.
    acc[ids] += tmp[ids] * np.float32(weight)
    tmp[ids] = 0.0


def best_similarity(sims: Sequence[float]) -> float:
    """The most a fuzzy word assumed present can add, per unit of weight: its best
    layer's similarity (``sims`` ascending; a word with none still counts as found,
    as its postings decided it common)."""
    return sims[-1] if sims else 1.0


def finish_bound(acc: F32, assumed: float, total: float, min_coverage: float) -> F32:
    """The bound from the summed weights ``acc`` (in place): the weight assumed present
    everywhere added, scaled to 100, below the coverage cut set to 0."""
    if assumed:
        acc += np.float32(assumed)
    acc *= np.float32(100.0 / total)
    # In place with masks as factors (no index arrays): x + 0 and x * 1 are exact.
    acc *= acc >= np.float32(100.0 * min_coverage - 1e-3)
    # Slack for float32 rounding: a bound must never be below the score.
    acc += (acc > 0) * np.float32(1e-3)
    return acc


class FuzzyMatcher:
    """Plain query words: typo-tolerant, order-aware, weighted by rarity."""

    def __init__(self, index: SearchIndex, words: tuple[str, ...]) -> None:
        self.words = words
        self.expansions = [expand(index, w) for w in words]
        n = max(index.population, 1)
        weights: list[float | None] = []
        #: Per word, how many postings its expansions hold (the cost of its bound).
        self.postings: list[int] = []
        for exp in self.expansions:
            dfs = index.word_dfs.get(exp.word)
            if dfs is None:
                dfs = [int(index.df[i]) for i in exp.similar()]
                if exp.prefix is not None:
                    lo, hi = exp.prefix
                    dfs.append(int(index.post_off[hi] - index.post_off[lo]))
            weights.append(math.log(1.0 + n / (1.0 + max(dfs))) if dfs else None)
            self.postings.append(sum(dfs))
        known = [w for w in weights if w is not None]
        fallback = sum(known) / len(known) if known else 1.0
        self.weights = [w if w is not None else fallback for w in weights]
        self.total = sum(self.weights)
        self.min_coverage = MIN_COVERAGE if len(words) > 1 else 1e-9
        # Exact and typo words → [(query position, similarity)]
        self.lookup: dict[str, list[tuple[int, float]]] = {}
        self.prefixes: list[tuple[int, str]] = []
        for j, exp in enumerate(self.expansions):
            for wid, sim in exp.similar().items():
                self.lookup.setdefault(index.vocab[wid], []).append((j, sim))
            if exp.prefix is not None:
                self.prefixes.append((j, exp.word))
        self._bits: npt.NDArray[np.uint64] | None = None
        self._seen: dict[str, list[tuple[int, float]]] = {}
        self._tables: list[npt.NDArray[np.float64] | None] | None = None

    # -- whole-index bound ------------------------------------------------
    def _layers(self, exp: Expansion) -> list[tuple[float, list[tuple[int, int]]]]:
        """Vocabulary id ranges by similarity, lowest similarity first."""
        layers: list[tuple[float, list[tuple[int, int]]]] = []
        if exp.prefix is not None:
            layers.append((PREFIX_SIM, [exp.prefix]))
        by_sim: dict[float, list[int]] = {}
        for wid, sim in exp.typos:
            by_sim.setdefault(sim, []).append(wid)
        layers.extend((sim, _ids_to_ranges(ids)) for sim, ids in by_sim.items())
        if exp.exact is not None:
            layers.append((1.0, [(exp.exact, exp.exact + 1)]))
        layers.sort(key=lambda layer: layer[0])
        return layers

    def bound(self, index: SearchIndex) -> F32:
        """Upper bound of the score per passage (the order bonus taken as full).

        Very common words (in more than a third of the passages, but never the
        rarest word of the query) are assumed present everywhere, with the best
        similarity they can reach (a typo'd word's typo layer, not 1): reading
        their postings would cost more than it narrows.
        """
        n = len(index)
        acc = np.zeros(n, dtype=np.float32)
        tmp = np.zeros(n, dtype=np.float32)
        rarest = min(range(len(self.words)), key=self.postings.__getitem__)
        assumed = 0.0
        for j, (exp, weight) in enumerate(zip(self.expansions, self.weights, strict=True)):
            # Decided on the postings before the layers (a word without any has no
            # postings either): a server's candidates may lack every word a common
            # query word stands for, yet it is assumed there as on the whole index.
            if j != rarest and self.postings[j] * COMMON_SHARE > index.population:
                best = index.word_best.get(exp.word)
                if best is None:
                    best = best_similarity([sim for sim, _ in self._layers(exp)])
                assumed += weight * best
                continue
            layers = self._layers(exp)
            if not layers:
                continue
            if len(layers) == 1 and exp.exact is not None:
                acc[index.postings(exp.exact)] += np.float32(weight)
                continue
            touched = [_gather(index, ranges) for _, ranges in layers]
            add_layers(acc, tmp, [sim for sim, _ in layers], touched, weight)
        return finish_bound(acc, assumed, self.total, self.min_coverage)

    # -- exact scores for a batch of passages ----------------------------
    def tables(self, index: SearchIndex) -> list[npt.NDArray[np.float64] | None]:
        """Per query word, every vocabulary word's similarity to it (0: none).

        None for a word that matches only itself (its similarity is 1 or 0).
        """
        if self._tables is None:
            self._tables = []
            for exp in self.expansions:
                if exp.prefix is None and not exp.typos:
                    self._tables.append(None)
                    continue
                table = np.zeros(len(index.vocab), dtype=np.float64)
                for sim, ranges in self._layers(exp):
                    for lo, hi in ranges:
                        table[lo:hi] = sim
                self._tables.append(table)
        return self._tables

    def bits(self, index: SearchIndex) -> npt.NDArray[np.uint64]:
        """Per vocabulary word, a bit mask of the query words it matches."""
        if self._bits is None:
            bits = np.zeros(len(index.vocab), dtype=np.uint64)
            for j, exp in enumerate(self.expansions):
                flag = np.uint64(1 << j)
                for _, ranges in self._layers(exp):
                    for lo, hi in ranges:
                        bits[lo:hi] |= flag
            self._bits = bits
        return self._bits

    def refine(self, index: SearchIndex, pids: npt.NDArray[np.intp]) -> npt.NDArray[np.float64]:
        """The exact score of each passage in ``pids`` (0 where it does not match)."""
        toks, _, starts = index.tokens_of(pids, owners=False)
        code = self.bits(index)[toks]
        present = np.bitwise_or.reduceat(code, starts)
        # Coverage exactly as match() sums it: query words in order, in float64.
        coverage = np.zeros(len(pids), dtype=np.float64)
        for j, (weight, table) in enumerate(zip(self.weights, self.tables(index), strict=True)):
            if table is None:  # the word itself only: its best similarity is 1 or 0
                best = ((present >> np.uint64(j)) & np.uint64(1)).astype(np.float64)
            else:
                best = np.maximum.reduceat(table[toks], starts)
            coverage += weight * best
        coverage /= self.total
        # Neighbours: only the words that match some query word matter.
        where = np.flatnonzero(code)
        codes = code[where]
        owner = np.searchsorted(starts, where, side="right") - 1
        near = np.zeros(len(pids), dtype=np.uint64)
        one = np.uint64(1)
        for step in range(1, NEAR + 1):
            if step >= len(where):
                break
            close = (where[step:] - where[:-step] <= NEAR) & (owner[step:] == owner[:-step])
            adjacent = codes[:-step][close] & (codes[step:][close] >> one)
            np.bitwise_or.at(near, owner[:-step][close], adjacent)
        both = present & (present >> one)
        pairs = np.bitwise_count(both).astype(np.int64)
        found = np.bitwise_count(near & both).astype(np.int64)
        matched = np.bitwise_count(present)
        order = np.where(pairs > 0, found / np.maximum(pairs, 1), np.where(matched <= 1, 1.0, 0.0))
        score = 100.0 * coverage * ((1.0 - ORDER_SHARE) + ORDER_SHARE * order)
        score = np.floor(score * 10.0 + 0.5) / 10.0
        score[coverage < self.min_coverage - 1e-9] = 0.0
        return score

    # -- one passage --------------------------------------------------------
    def _similarity(self, tok: str) -> list[tuple[int, float]]:
        found = self._seen.get(tok)
        if found is None:
            found = list(self.lookup.get(tok, ()))
            for j, word in self.prefixes:
                if tok != word and tok.startswith(word):
                    found.append((j, PREFIX_SIM))
            self._seen[tok] = found
        return found

    def match(self, folded: str, toks: list[Token]) -> tuple[float, list[Span]] | None:
        """Score one passage as :meth:`refine` does, with the spans that matched."""
        del folded
        k = len(self.words)
        best = [0.0] * k
        first_best = [-1] * k
        positions: list[list[int]] = [[] for _ in range(k)]
        for pos, (tok, _, _) in enumerate(toks):
            for j, sim in self._similarity(tok):
                positions[j].append(pos)
                if sim > best[j]:
                    best[j] = sim
                    first_best[j] = pos
        coverage = 0.0
        for weight, b in zip(self.weights, best, strict=True):
            coverage += weight * b
        coverage /= self.total
        if coverage < self.min_coverage - 1e-9:
            return None
        chosen: set[int] = set()
        pairs = found = 0
        for j in range(k - 1):
            if not (positions[j] and positions[j + 1]):
                continue
            pairs += 1
            witness = _near_pair(positions[j], positions[j + 1])
            if witness is not None:
                found += 1
                chosen.update(witness)
        matched = sum(1 for b in best if b > 0)
        order = found / pairs if pairs else (1.0 if matched <= 1 else 0.0)
        for j in range(k):
            if first_best[j] >= 0 and not any(p in chosen for p in positions[j]):
                chosen.add(first_best[j])
        score = round1(100.0 * coverage * ((1.0 - ORDER_SHARE) + ORDER_SHARE * order))
        return score, [(toks[p][1], toks[p][2]) for p in sorted(chosen)]


def _near_pair(left: list[int], right: list[int]) -> tuple[int, int] | None:
    """The first ``(p, q)`` with ``p`` in ``left``, ``q`` in ``right``, ``0 < q - p <= NEAR``."""
    for p in left:
        for q in right:
            if 0 < q - p <= NEAR:
                return p, q
    return None


# -- exact kinds ---------------------------------------------------------------
_ALNUM = re.compile(r"[^\W_]")


def _first_alnum(text: str) -> int:
    m = _ALNUM.search(text)
    return m.start() if m else len(text.lstrip())


def _last_alnum_end(text: str) -> int:
    for i in range(len(text) - 1, -1, -1):
        if text[i].isalnum():
            return i + 1
    return len(text.rstrip())


class ExactMatcher:
    """'exact, 'word', "phrase", ^prefix, suffix$ and ^equal$ terms."""

    def __init__(self, index: SearchIndex, term: Term) -> None:
        self.term = term
        self.kind = term.kind
        text = term.text
        self.text = text
        self.starts_alnum = bool(text) and text[0].isalnum()
        self.ends_alnum = bool(text) and text[-1].isalnum()
        escaped = re.escape(text)
        self.pattern: re.Pattern[str] | None = None
        if self.kind == "exact":
            self.pattern = re.compile(escaped)
        elif self.kind == "word":
            left = r"(?<![^\W_])" if self.starts_alnum else ""
            right = r"(?![^\W_])" if self.ends_alnum else ""
            self.pattern = re.compile(left + escaped + right)
        elif self.kind == "phrase":
            self.pattern = re.compile(
                r"(?<![^\W_])" + r"[\W_]+".join(re.escape(w) for w in term.words) + r"[^\W_]*"
            )
        # The index alone decides the match for one whole word or one prefix.
        single = len(term.words) == 1 and term.words[0] == text
        self.index_exact = single and self.kind in ("exact", "word", "phrase", "prefix", "suffix")
        self._mask: Bool | None = None
        self._index = index

    # One token's vocabulary ids, by where it sits in the term.
    def _token_ranges(self, index: SearchIndex, i: int) -> list[tuple[int, int]]:
        words = self.term.words
        word = words[i]
        last = i == len(words) - 1
        left_open = i == 0 and self.starts_alnum and self.kind in ("exact", "suffix")
        right_open = last and self.ends_alnum and self.kind in ("exact", "prefix", "phrase")
        if self.kind == "word" or (self.kind == "phrase" and not last):
            left_open = right_open = False
        if left_open and right_open:
            return _ids_to_ranges(index.infix_ids(word))
        if left_open:
            return _ids_to_ranges(index.suffix_ids(word))
        if right_open:
            lo, hi = index.prefix_range(word)
            return [(lo, hi)] if hi > lo else []
        wid = index.word_id.get(word)
        return [(wid, wid + 1)] if wid is not None else []

    def mask(self, index: SearchIndex) -> Bool | None:
        """Passages that may match (exactly those that do when ``index_exact``)."""
        if self._mask is not None:
            return self._mask
        words = self.term.words
        if not words:
            return None
        n = len(index)
        result: Bool | None = None
        for i in range(len(words)):
            ranges = self._token_ranges(index, i)
            this = np.zeros(n, dtype=np.bool_)
            if ranges:
                this[_gather(index, ranges)] = True
            result = this if result is None else (result & this)
        assert result is not None
        if self.kind in ("prefix", "equal") and self.starts_alnum:
            result &= self._edge_mask(index, index.first_tok, 0, right_open=len(words) == 1)
        if self.kind in ("suffix", "equal") and self.ends_alnum:
            result &= self._edge_mask(index, index.last_tok, -1, right_open=False)
        self._mask = result
        return result

    def _edge_mask(
        self, index: SearchIndex, toks: npt.NDArray[np.int32], i: int, *, right_open: bool
    ) -> Bool:
        """Passages whose first (or last) word fits the term's first (or last) word."""
        word = self.term.words[i]
        if i == -1 and len(self.term.words) == 1 and self.starts_alnum and self.kind == "suffix":
            ids = index.suffix_ids(word)
            return np.isin(toks, np.array(ids, dtype=np.int32))
        if right_open and self.kind == "prefix":
            lo, hi = index.prefix_range(word)
            return (toks >= lo) & (toks < hi)
        wid = index.word_id.get(word)
        if wid is None:
            return np.zeros(len(toks), dtype=np.bool_)
        same: Bool = toks == wid
        return same

    def bound(self, index: SearchIndex) -> F32:
        mask = self.mask(index)
        if mask is None:
            return np.full(len(index), 100.0, dtype=np.float32)
        return mask.astype(np.float32) * np.float32(100.0)

    def refine(self, index: SearchIndex, pids: npt.NDArray[np.intp]) -> npt.NDArray[np.float64]:
        """Score per passage in ``pids``: exact for phrases, else the index's bound."""
        words = self.term.words
        if self.kind != "phrase" or len(words) < 2:
            mask = self.mask(index)
            if mask is None:
                return np.full(len(pids), 100.0)
            return np.where(mask[pids], 100.0, 0.0)
        toks, owner, _ = index.tokens_of(pids)
        result = np.zeros(len(pids), dtype=np.float64)
        m, n = len(words), len(toks)
        if n < m:
            return result
        ok = owner[: n - m + 1] == owner[m - 1 :]
        for i, word in enumerate(words[:-1]):
            wid = index.word_id.get(word)
            if wid is None:
                return result
            ok &= toks[i : n - m + 1 + i] == wid
        lo, hi = index.prefix_range(words[-1])
        tail = toks[m - 1 :]
        ok &= (tail >= lo) & (tail < hi)
        result[owner[: n - m + 1][ok]] = 100.0
        return result

    def find(self, folded: str) -> list[Span]:
        """Spans of the term in a passage's folded text (empty: no match)."""
        text = self.text
        if self.pattern is not None:
            return [m.span() for m in self.pattern.finditer(folded)]
        if self.kind in ("prefix", "equal"):
            start = (
                _first_alnum(folded) if self.starts_alnum else len(folded) - len(folded.lstrip())
            )
            if not folded.startswith(text, start):
                return []
            if self.kind == "prefix":
                return [(start, start + len(text))]
            end = _last_alnum_end(folded) if self.ends_alnum else len(folded.rstrip())
            return [(start, end)] if end == start + len(text) else []
        end = _last_alnum_end(folded) if self.ends_alnum else len(folded.rstrip())
        if end >= len(text) and folded.startswith(text, end - len(text)):
            return [(end - len(text), end)]
        return []

    def match(self, folded: str, toks: list[Token]) -> tuple[float, list[Span]] | None:
        del toks
        spans = self.find(folded)
        return (100.0, spans) if spans else None


Matcher = FuzzyMatcher | ExactMatcher


def make_matcher(index: SearchIndex, term: Term) -> Matcher:
    """The matcher for one query term."""
    if term.kind == "fuzzy":
        return FuzzyMatcher(index, term.words)
    return ExactMatcher(index, term)
