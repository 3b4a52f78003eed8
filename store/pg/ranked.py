"""Best-first candidates: each passage's engine bound from the word groups it holds.

The engine (:mod:`store.search.engine`) scores candidates best bound first and stops
once no candidate left can enter the top hits; most queries need the first few dozen
of thousands. A passage's bound depends only on which of a few groups of words it
holds: per fuzzy query word its layers (the word itself, the longer words it starts,
its typos at each similarity), per exact term each token's words, per negated term its
words, and for ^ and $ the words a passage's first or last word may be. :func:`plan`
lists those groups (None for a query of filters alone); the server lists the
passages holding each group (store.pg.search), with their kind and whether the word
is their first or last; :func:`bounds` computes every such passage's bound with
the very float32 steps of ``FuzzyMatcher.bound`` and ``engine._bounds``, so bounds,
ties and the count of candidates are the whole index's; :func:`choose` picks the first
passages in the engine's order (bound, then length, then archive order) and says
where the first one left out would come.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
import numpy.typing as npt

from newsdesk.store.search.match import (
    COMMON_SHARE,
    MIN_COVERAGE,
    PREFIX_SIM,
    add_layers,
    bound_tenths,
    finish_bound,
    max_typos,
)
from newsdesk.store.search.query import Query, Term

__all__ = [
    "BIG_GROUP",
    "Choice",
    "Lookups",
    "Members",
    "Plan",
    "bounds",
    "choose",
    "plan",
    "skippable",
    "token_words",
]

F32 = npt.NDArray[np.float32]
Ids = npt.NDArray[np.intp]
Bool = npt.NDArray[np.bool_]


class Lookups(Protocol):
    """Look-ups in the archive's words (store.pg.search._Vocabulary)."""

    df: dict[str, int]

    def exact(self, word: str) -> list[str]: ...

    def prefixed(self, prefix: str) -> list[str]: ...

    def containing(self, part: str, *, suffix: bool) -> list[str]: ...

    def typo_distances(self, word: str, band: int) -> list[tuple[str, int]]: ...


def token_words(vocab: Lookups, term: Term, i: int) -> list[str]:
    """The words token ``i`` of an exact term matches (match.ExactMatcher._token_ranges)."""
    words = term.words
    text = term.text
    starts_alnum = bool(text) and text[0].isalnum()
    ends_alnum = bool(text) and text[-1].isalnum()
    last = i == len(words) - 1
    left = i == 0 and starts_alnum and term.kind in ("exact", "suffix")
    right = last and ends_alnum and term.kind in ("exact", "prefix", "phrase")
    if term.kind == "word" or (term.kind == "phrase" and not last):
        left = right = False
    if left and right:
        return vocab.containing(words[i], suffix=False)
    if left:
        return vocab.containing(words[i], suffix=True)
    if right:
        return vocab.prefixed(words[i])
    return vocab.exact(words[i])


def _edge_words(vocab: Lookups, term: Term) -> list[tuple[list[str], int]]:
    """The words a passage's first (1) or last (2) word must be one of, for ^ and $
    (match.ExactMatcher.mask and _edge_mask)."""
    words = term.words
    text = term.text
    starts_alnum = bool(text) and text[0].isalnum()
    ends_alnum = bool(text) and text[-1].isalnum()
    found: list[tuple[list[str], int]] = []
    if term.kind in ("prefix", "equal") and starts_alnum:
        if len(words) == 1 and term.kind == "prefix":
            found.append((vocab.prefixed(words[0]), 1))
        else:
            found.append((vocab.exact(words[0]), 1))
    if term.kind in ("suffix", "equal") and ends_alnum:
        if len(words) == 1 and starts_alnum and term.kind == "suffix":
            found.append((vocab.containing(words[-1], suffix=True), 2))
        else:
            found.append((vocab.exact(words[-1]), 2))
    return found


def _index_exact(term: Term) -> bool:
    single = len(term.words) == 1 and term.words[0] == term.text
    return single and term.kind in ("exact", "word", "phrase", "prefix", "suffix")


@dataclass(slots=True)
class _Fuzzy:
    """A fuzzy term's bound: per word its weight and its layers (similarity, group)."""

    weights: list[float]
    assumed: list[bool]
    best: list[float]  # per word, its best layer's similarity (for a word assumed)
    layers: list[list[tuple[float, int]]]
    exact_only: list[bool]
    total: float
    min_coverage: float


@dataclass(slots=True)
class _Exact:
    """An exact term's bound: 100 where a passage holds a word of every token's group
    and its first or last word is in the edges' groups (group, 1: first, 2: last)."""

    tokens: list[int] | None  # None: a term without words (every passage)
    edges: list[tuple[int, int]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Members:
    """Per word group, the passages holding one of its words; those whose first
    word is one of them; those whose last word is."""

    holding: list[Ids]
    first: list[Ids]
    last: list[Ids]


@dataclass(slots=True)
class Plan:
    """The word groups a query's bound reads, and how it combines them."""

    groups: list[list[str]] = field(default_factory=list)
    clauses: list[list[_Fuzzy | _Exact]] = field(default_factory=list)
    negatives: list[_Exact] = field(default_factory=list)
    _numbers: dict[tuple[str, ...], int] = field(default_factory=dict)

    def group(self, words: list[str]) -> int:
        key = tuple(sorted(set(words)))
        number = self._numbers.get(key)
        if number is None:
            number = self._numbers[key] = len(self.groups)
            self.groups.append(list(key))
        return number


def plan(
    vocab: Lookups,
    query: Query,
    population: int,
    word_dfs: dict[str, list[int]],
    word_best: dict[str, float],
) -> Plan | None:
    """The groups of ``query``'s bound; None where the bound needs what the groups lack.

    ``word_dfs`` holds every fuzzy word's df list and ``word_best`` its best similarity
    (store.pg.search._fuzzy_words)."""
    if not query.clauses:
        return None
    made = Plan()
    for clause in query.clauses:
        made.clauses.append(
            [
                _fuzzy(made, vocab, t.words, population, word_dfs, word_best)
                if t.kind == "fuzzy"
                else _exact(made, vocab, t)
                for t in clause.terms
            ]
        )
    for term in query.negatives:
        if _index_exact(term):
            made.negatives.append(_exact(made, vocab, term))
    return made


def _exact(made: Plan, vocab: Lookups, term: Term) -> _Exact:
    if not term.words:
        return _Exact(None)
    tokens = [made.group(token_words(vocab, term, i)) for i in range(len(term.words))]
    edges = [(made.group(words), which) for words, which in _edge_words(vocab, term)]
    return _Exact(tokens, edges)


def _fuzzy(
    made: Plan,
    vocab: Lookups,
    words: tuple[str, ...],
    population: int,
    word_dfs: dict[str, list[int]],
    word_best: dict[str, float],
) -> _Fuzzy:
    """As match.FuzzyMatcher: weights from the archive's dfs, layers by similarity
    (none for the words assumed present, whose passages the bound does not read)."""
    n = max(population, 1)
    given: list[float | None] = []
    postings: list[int] = []
    for word in words:
        dfs = word_dfs[word]
        given.append(math.log(1.0 + n / (1.0 + max(dfs))) if dfs else None)
        postings.append(sum(dfs))
    known = [w for w in given if w is not None]
    fallback = sum(known) / len(known) if known else 1.0
    weights = [w if w is not None else fallback for w in given]
    rarest = min(range(len(words)), key=postings.__getitem__)
    assumed = [j != rarest and postings[j] * COMMON_SHARE > population for j in range(len(words))]
    layers: list[list[tuple[float, int]]] = []
    exact_only: list[bool] = []
    for j, word in enumerate(words):
        mine = [] if assumed[j] else fuzzy_layers(vocab, word)
        layers.append([(sim, made.group(group)) for sim, group in mine])
        exact_only.append(len(mine) == 1 and mine[0][0] == 1.0 and mine[0][1] == [word])
    return _Fuzzy(
        weights=weights,
        assumed=assumed,
        best=[word_best[word] for word in words],
        layers=layers,
        exact_only=exact_only,
        total=sum(weights),
        min_coverage=MIN_COVERAGE if len(words) > 1 else 1e-9,
    )


def fuzzy_layers(vocab: Lookups, word: str) -> list[tuple[float, list[str]]]:
    """A fuzzy word's layers, lowest similarity first (match.FuzzyMatcher._layers)."""
    exact = vocab.exact(word)
    longer = [w for w in vocab.prefixed(word) if w != word] if len(word) >= 3 else []
    band = max_typos(word)
    typos = vocab.typo_distances(word, band) if band else []
    mine: list[tuple[float, list[str]]] = []
    if longer:
        mine.append((PREFIX_SIM, longer))
    by_sim: dict[float, list[str]] = {}
    for found, dist in typos:
        if dist == 0 or found.startswith(word):
            continue  # the word itself; a longer word (a prefix match, higher)
        by_sim.setdefault(1.0 - dist / max(len(word), len(found)), []).append(found)
    mine.extend(by_sim.items())
    if exact:
        mine.append((1.0, exact))
    mine.sort(key=lambda layer: layer[0])
    return mine


def _fuzzy_bound(term: _Fuzzy, members: list[Ids], n: int) -> F32:
    """match.FuzzyMatcher.bound, step for step, on the passages numbered ``0..n-1``."""
    acc = np.zeros(n, dtype=np.float32)
    tmp = np.zeros(n, dtype=np.float32)
    assumed = 0.0
    for j, weight in enumerate(term.weights):
        if term.assumed[j]:
            assumed += weight * term.best[j]
            continue
        layers = term.layers[j]
        if not layers:
            continue
        if term.exact_only[j]:
            acc[members[layers[0][1]]] += np.float32(weight)
            continue
        add_layers(acc, tmp, [sim for sim, _ in layers], [members[g] for _, g in layers], weight)
    return finish_bound(acc, assumed, term.total, term.min_coverage)


def _mask(term: _Exact, members: Members, n: int) -> Bool:
    """match.ExactMatcher.mask: every token's words, then the edges."""
    result = np.ones(n, dtype=np.bool_)
    assert term.tokens is not None
    picks = [members.holding[g] for g in term.tokens]
    picks += [(members.first if which == 1 else members.last)[g] for g, which in term.edges]
    for ids in picks:
        this = np.zeros(n, dtype=np.bool_)
        this[ids] = True
        result &= this
    return result


def bounds(made: Plan, members: Members, n: int, allowed: Bool | None = None) -> F32:
    """Per passage (numbered ``0..n-1``, ``members`` by group), the engine's bound
    (engine._bounds: ``allowed`` the filters' mask; negated terms applied)."""
    bound: F32 | None = None
    for clause in made.clauses:
        clause_bound: F32 | None = None
        for term in clause:
            if isinstance(term, _Fuzzy):
                this = _fuzzy_bound(term, members.holding, n)
            elif term.tokens is None:
                this = np.full(n, 100.0, dtype=np.float32)
            else:
                this = _mask(term, members, n).astype(np.float32) * np.float32(100.0)
            if clause_bound is None:
                clause_bound = this
            else:
                np.maximum(clause_bound, this, out=clause_bound)
        assert clause_bound is not None
        if bound is None:
            bound = clause_bound
        else:
            bound[clause_bound <= 0] = 0.0
            bound += np.where(bound > 0, clause_bound, np.float32(0.0))
    assert bound is not None
    if len(made.clauses) > 1:
        bound /= np.float32(len(made.clauses))
    if allowed is not None:
        bound[~allowed] = 0.0
    for negative in made.negatives:
        if negative.tokens is not None:
            bound[_mask(negative, members, n)] = 0.0
    return bound


@dataclass(frozen=True, slots=True)
class Choice:
    """The passages to send (positions), how many candidates are left out, and the
    engine's place of the best one left out (bound in tenths, passages sent before it).

    ``tie``: when the last (bound, length) group reached is much larger than what is
    still needed of it, its positions and how many of it are needed, the first in the
    archive's order (which only the server knows); ``sent``, ``left_out`` and ``next``
    then leave that group out, and the caller picks from it (store.pg.search)."""

    sent: Ids
    left_out: int
    next: tuple[int, int] | None
    tie: tuple[Ids, int, int] | None = None  # positions, how many needed, tenths


#: A tie group larger than what is needed of it by more than this is cut by the server
#: (the archive's order) instead of being sent whole.
TIE_SLACK = 256


def choose(bound: F32, lengths: npt.NDArray[np.int64], count: int, *, cut: bool = True) -> Choice:
    """The first ``count`` candidates (bound > 0) in the engine's order, and the rest
    of the last (bound, length) group among them, so that whatever is left out comes
    after every passage sent. The archive order, which breaks ties of equal bound
    and length, is not known here: the place given for the first one left out
    counts only the passages sent that are shorter (never more than the truth).
    With ``cut``, a large last group is returned apart (``Choice.tie``) rather than
    sent whole."""
    candidates = np.flatnonzero(bound > 0)
    if len(candidates) <= count:
        return Choice(candidates, 0, None)
    # The engine's frontier: bounds in tenths (engine.search_index).
    tenths = bound_tenths(bound[candidates])
    size = lengths[candidates]
    # One key in the engine's order (bound, then length); positions keep the archive's
    # order within a key. The count-th key is found without sorting them all.
    key = size - (tenths << 32)
    last = np.partition(key, count - 1)[count - 1]
    before, upto = key < last, key <= last
    begin, end = int(np.count_nonzero(before)), int(np.count_nonzero(upto))
    if cut and end - count > TIE_SLACK:
        tie = np.flatnonzero(key == last)
        need = count - begin
        return Choice(
            candidates[before],
            len(candidates) - end,
            None,
            (candidates[tie], need, int(tenths[tie[0]])),
        )
    sent = candidates[upto]
    if end == len(candidates):
        return Choice(sent, 0, None)
    rest = key[~upto]
    first_out = int(np.flatnonzero(key == rest.min())[0])
    before_out = int(np.count_nonzero(lengths[sent] < size[first_out]))
    return Choice(sent, len(candidates) - end, (int(tenths[first_out]), before_out))


#: A word group holding more passages than this is read only where the query can
#: match (:func:`skippable`), when that is small enough.
BIG_GROUP = 20_000


def skippable(made: Plan, sizes: list[int]) -> tuple[list[list[int]], set[int]]:
    """Groups whose postings need not be read whole, and what bounds the passages.

    A passage can have a bound above 0 only if it holds, for each clause, a word of
    one of the clause's *supersets*: the smallest group of an exact term (every
    token's group and edge holds the passages it matches), every layer of a fuzzy
    term. Returns, per clause that narrows, its superset groups; and the big groups
    (``sizes``: their passage counts) that no fuzzy term reads nor any clause needs
    as a superset: their members matter only among the passages every clause
    allows, which the caller finds from their words instead of reading them whole.
    """
    fuzzy: set[int] = set()
    for clause in made.clauses:
        for term in clause:
            if isinstance(term, _Fuzzy):
                fuzzy.update(g for layers in term.layers for _, g in layers)
    supersets: list[list[int]] = []
    for clause in made.clauses:
        chosen: list[int] = []
        narrows = True
        for term in clause:
            if isinstance(term, _Fuzzy):
                if any(term.assumed) or any(not layers for layers in term.layers):
                    narrows = False  # a passage may score without holding any layer
                    break
                chosen.extend(g for layers in term.layers for _, g in layers)
            elif term.tokens is None:
                narrows = False
                break
            else:
                every = term.tokens + [g for g, _ in term.edges]
                chosen.append(min(every, key=sizes.__getitem__))
        if narrows:
            supersets.append(sorted(set(chosen)))
    if not supersets:
        return [], set()
    needed = fuzzy.union(*supersets)
    big = {g for g, size in enumerate(sizes) if size > BIG_GROUP and g not in needed}
    return supersets, big
