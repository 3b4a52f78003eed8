"""Search candidates from PostgreSQL: the server finds the passages a query can match.

The archive keeps what the local search index file holds, as tables (schema version 7,
written by store.pg.passages):

* ``search_passages``: one row a passage — article, its place in the article's cut
  (``seq``), paragraph number, span ``[start, stop)``, kind, and its folded words,
  as one space-separated text (``words``, read with the candidates); the words are
  the very words of the local index (:func:`store.search.index.cut_article`);
* ``search_words``: each word with the number of passages holding it (its df);
* ``search_postings``: the inverted index, per word and write the passages holding
  the word, packed (:data:`MEMBER`), a word's newest parts merged as they add up
  (store.pg.compact); ``search_ranges``: each article's passage ids.

They are written in the ingest's transaction, for the articles added, changed or
removed only (store.pg.passages.write_passages). A query (:func:`candidate_index`) asks the
server for the words each term stands for — the word itself, the longer words it
starts (a range of the primary key, words sorting by code point), its typos (the
same length and letter buckets as the local index, then the same edit distance) and,
for ``'part`` and ``part$``, the words holding it (``LIKE`` over a ``pg_trgm``
index). Then (:class:`_Ranked`, store.pg.ranked) it reads the postings of the word
groups the engine's bound depends on, computes every passage's bound as the engine
does, applies the filters, and fetches only the first candidates in the engine's
order, counting the others (``SearchIndex.left_out``, ``left_out_next``; ``more``
fetches eight times as many when the engine needs them, up to as many as it ever
scores, reading only the rows not read yet). Filters alone, and queries any passage
may match (a common word before a letter or two, as typed), rank every passage the
filters keep, from each passage's length and kind the client keeps (store.pg.sizes);
the facts' filters (``kind:fact``, ``by:``) keep the passages overlapping a fact's
evidence, found from the facts' paragraphs. A query without a limit fetches every passage
holding a word of each clause (the postings say which) instead.
Those passages, with the archive's passage count and the words' df, make a small
:class:`SearchIndex` on which the usual engine ranks, checks and cuts spans. Of a
candidate's words only those a look-up answered enter that index (the others as
short runs of a stand-in, :func:`_kept_words`), and its paragraphs' text is read
when the engine checks it, a batch at a time. Passage ids keep the order the whole
index gives them, so ties, caps and totals come out the same: both stores answer a
query identically (tests/test_pg_search.py).

Folding is :func:`store.text.fold`, done here in Python and not by ``unaccent``: the
words must be exactly the local index's for the answers to be the same.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import orjson
from rapidfuzz import process
from rapidfuzz.distance import OSA

from newsdesk.store.findings import Finding
from newsdesk.store.pg.held import Held, distinct, merged, numbered
from newsdesk.store.pg.order import PassageOrder, first_in_order, passage_ranges
from newsdesk.store.pg.passages import (
    COUNT_KEY,
    MEMBER,
    PASSAGES,
    POSTINGS,
    RANGES,
    WORDS,
    search_ready,
)
from newsdesk.store.pg.ranked import (
    Members,
    Plan,
    bounds,
    choose,
    fuzzy_layers,
    plan,
    skippable,
    token_words,
)
from newsdesk.store.pg.schema import SCHEMA
from newsdesk.store.pg.sizes import passage_sizes
from newsdesk.store.search.arrays import ranges
from newsdesk.store.search.engine import most_refined
from newsdesk.store.search.index import (
    KIND_CODES,
    IndexKey,
    SearchIndex,
    _assemble,
    _date_number,
    _Parts,
)
from newsdesk.store.search.match import (
    COMMON_SHARE,
    MIN_COVERAGE,
    NEAR,
    best_similarity,
    max_typos,
)
from newsdesk.store.search.query import Filters, Query, Term
from newsdesk.store.text import fold

if TYPE_CHECKING:
    from newsdesk.store.pg.store import PgStore

__all__ = ["MEMBER", "candidate_index", "check_passages", "search_ready"]

#: Passage ids sent as one text parameter ("1,2,3"): the server splits it, where an
#: ``int8[]`` parameter is written element by element in Python.
ID_LIST = "string_to_array(%s, ',')::bigint[]"
#: The same words as one space-separated text (what the candidates are read as).
WORD_TEXT = "p.words"
_TOP = "\U0010ffff"


# -- candidates ------------------------------------------------------------------
def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _exact_sql(word: str) -> tuple[str, tuple[Any, ...]]:
    """The look-up of ``word`` itself."""
    return f"SELECT word, df FROM {WORDS} WHERE word = %s", (word,)


def _prefix_sql(prefix: str) -> tuple[str, tuple[Any, ...]]:
    """The look-up of the words starting with ``prefix`` (a range: words sort by code point)."""
    return f"SELECT word, df FROM {WORDS} WHERE word >= %s AND word < %s", (prefix, prefix + _TOP)


def _typo_sql(word: str, band: int) -> tuple[str, tuple[Any, ...]]:
    """The look-up of ``word``'s typo bucket (match._typo_choices: length, first letters)."""
    return (
        f"SELECT word, df FROM {WORDS} WHERE length(word) BETWEEN %s AND %s AND "
        "(substr(word, 1, 1) IN (%s, %s) OR substr(word, 2, 1) = %s)",
        (len(word) - band, len(word) + band, word[0], word[1], word[1]),
    )


class _Vocabulary:
    """Look-ups in ``search_words``, each word's df remembered."""

    def __init__(self, store: PgStore) -> None:
        self.store = store
        self.df: dict[str, int] = {}
        #: Every word a look-up answered: the only words a matcher can see.
        self.kept: set[str] = set()
        self._seen: dict[tuple[str, tuple[Any, ...]], list[str]] = {}

    def _rows(self, sql: str, params: tuple[Any, ...]) -> list[str]:
        known = self._seen.get((sql, params))
        if known is not None:
            return known
        found: list[str] = []
        for word, df in self.store.query(sql, params):
            self.df[str(word)] = int(df)
            found.append(str(word))
        self._seen[(sql, params)] = found
        return found

    def _keep(self, words: list[str]) -> list[str]:
        self.kept.update(words)
        return words

    def prefetch(self, query: Query) -> None:
        """Every look-up of the query's fuzzy words (the word, the longer words it
        starts, its typos' bucket) in one round trip, answered later from memory."""
        keys: list[tuple[str, tuple[Any, ...]]] = []
        for clause in query.clauses:
            for term in clause.terms:
                if term.kind != "fuzzy":
                    continue
                for word in term.words:
                    keys.append(_exact_sql(word))
                    if len(word) >= 3:
                        keys.append(_prefix_sql(word))
                    band = max_typos(word)
                    if band:
                        keys.append(_typo_sql(word, band))
        wanted = [key for key in dict.fromkeys(keys) if key not in self._seen]
        if len(wanted) < 2:
            return
        params: list[Any] = []
        parts: list[str] = []
        for k, (sql, more) in enumerate(wanted):
            parts.append(f"SELECT {k} AS k, word, df FROM ({sql}) AS q{k}")
            params.extend(more)
        found: list[list[str]] = [[] for _ in wanted]
        for k, word, df in self.store.query(" UNION ALL ".join(parts), params):
            self.df[str(word)] = int(df)
            found[int(k)].append(str(word))
        for key, words in zip(wanted, found, strict=True):
            self._seen[key] = words

    def exact(self, word: str) -> list[str]:
        return self._keep(self._rows(*_exact_sql(word)))

    def prefixed(self, prefix: str) -> list[str]:
        """Words starting with ``prefix`` (itself included), as ``bisect`` finds them."""
        found = self._rows(*_prefix_sql(prefix))
        return self._keep([w for w in found if w.startswith(prefix)])

    def containing(self, part: str, *, suffix: bool) -> list[str]:
        pattern = "%" + _like(part) + ("" if suffix else "%")
        found = self._rows(f"SELECT word, df FROM {WORDS} WHERE word LIKE %s", (pattern,))
        return self._keep([w for w in found if (w.endswith(part) if suffix else part in w)])

    def typos(self, word: str, band: int) -> list[str]:
        """Words within ``band`` edits, from the local index's buckets (match._typo_choices)."""
        return [found for found, _ in self.typo_distances(word, band)]

    def typo_distances(self, word: str, band: int) -> list[tuple[str, int]]:
        """:meth:`typos` with each word's edit distance (1 or more)."""
        choices = self._rows(*_typo_sql(word, band))
        found = [
            (other, int(dist))
            for other, dist, _ in process.extract(
                word, choices, scorer=OSA.distance, score_cutoff=band, limit=None
            )
            if dist
        ]
        self._keep([other for other, _ in found])
        return found


@dataclass(slots=True)
class WordStats:
    """What the whole archive says of a query's fuzzy words: per word, the df of each
    word it stands for (its weight) and its best similarity (match.best_similarity)."""

    dfs: dict[str, list[int]] = field(default_factory=dict)
    best: dict[str, float] = field(default_factory=dict)

    def give(self, index: SearchIndex, population: int) -> None:
        """Make ``index`` (the server's candidates) weigh the words as the archive does."""
        index.population = population
        index.word_dfs = self.dfs
        index.word_best = self.best


def _fuzzy_words(
    vocab: _Vocabulary, term: Term, population: int, stats: WordStats
) -> set[str] | None:
    """The words of a fuzzy term's passages, as match.FuzzyMatcher.bound reads them.

    Each query word's df list goes to ``stats`` (its weight), with its best
    similarity (what it adds where it is assumed present). The words the
    engine assumes present everywhere (common, not the rarest) are left out, as
    the engine leaves them out of its bounds; None when those alone could make a
    match (then every passage is a candidate).
    """
    expansions: list[set[str]] = []
    weights: list[float | None] = []
    postings: list[int] = []
    for word in term.words:
        exact = vocab.exact(word)
        longer = [w for w in vocab.prefixed(word) if w != word] if len(word) >= 3 else []
        band = max_typos(word)
        typos = vocab.typos(word, band) if band else []
        expansions.append({*exact, *longer, *typos})
        dfs = [vocab.df[w] for w in {*exact, *typos} if w not in longer]
        if longer:
            dfs.append(sum(vocab.df[w] for w in longer))
        stats.dfs[word] = dfs
        stats.best[word] = best_similarity([sim for sim, _ in fuzzy_layers(vocab, word)])
        weights.append(math.log(1.0 + max(population, 1) / (1.0 + max(dfs))) if dfs else None)
        postings.append(sum(dfs))
    known = [w for w in weights if w is not None]
    fallback = sum(known) / len(known) if known else 1.0
    full = [w if w is not None else fallback for w in weights]
    rarest = min(range(len(full)), key=postings.__getitem__)
    assumed = [
        j
        for j, given in enumerate(weights)
        if given is not None and j != rarest and postings[j] * COMMON_SHARE > population
    ]
    share = sum(full[j] for j in assumed) / sum(full)
    least = MIN_COVERAGE if len(term.words) > 1 else 0.0
    if assumed and share >= least - 0.01:
        return None
    return set().union(*(e for j, e in enumerate(expansions) if j not in assumed))


def _exact_words(vocab: _Vocabulary, term: Term) -> set[str] | None:
    """The words of the term's token with the fewest postings (match.ExactMatcher):
    every passage it matches holds one of them; None for a term without words."""
    best: list[str] | None = None
    for i in range(len(term.words)):
        found = token_words(vocab, term, i)
        if best is None or sum(map(vocab.df.__getitem__, found)) < sum(
            map(vocab.df.__getitem__, best)
        ):
            best = found
    return None if best is None else set(best)


def _clause_words(
    vocab: _Vocabulary, query: Query, population: int, stats: WordStats
) -> list[set[str]]:
    """Per clause that narrows the passages, the words one of which a candidate holds.

    Every word a term (negated ones too) can match ends in ``vocab.kept``."""
    for term in query.negatives:
        _exact_words(vocab, term)
    narrowing: list[set[str]] = []
    for clause in query.clauses:
        words: set[str] | None = set()
        for term in clause.terms:
            if term.kind == "fuzzy":
                found = _fuzzy_words(vocab, term, population, stats)
            else:
                found = _exact_words(vocab, term)
            words = None if found is None or words is None else words | found
        if words is not None:
            narrowing.append(words)
    return narrowing


#: Per (article, paragraph number), the evidence spans of the facts a filter keeps.
Spans = dict[tuple[str, int], list[tuple[int, int]]]


def _fact_spans(store: PgStore, query: Query) -> Spans | None:
    """Where the facts a ``kind:fact`` or ``by:`` filter keeps lie (None: no such
    filter), read once a query."""
    filters = query.filters
    if not filters.needs_facts:
        return None
    from newsdesk.store.facts import load_facts, quotes_by

    facts = load_facts(store._as_store())
    if filters.speakers:
        chosen = {id(f): f for name in filters.speakers for f in quotes_by(facts, name)}
        facts = list(chosen.values())
    spans: Spans = {}
    for fact in facts:
        spans.setdefault((fact.doc, fact.para), []).append((fact.start, fact.end))
    return spans


def _places(spans: Spans) -> str:
    """The paragraphs of ``spans`` as one JSON parameter (``json_to_recordset``)."""
    return orjson.dumps([{"doc": doc, "para": para} for doc, para in sorted(spans)]).decode()


def _conditions(
    store: PgStore, query: Query, lang: str | None, spans: Spans | None
) -> tuple[list[str], list[Any]]:
    """The filters the server applies (language, article, passage kind, facts); the
    engine applies every filter again."""
    params: list[Any] = []
    filters = query.filters
    where = _langs_kept(filters, lang, params)
    if filters.docs or filters.not_docs:  # id prefixes, folded (as the engine reads them)
        ids = [str(d) for (d,) in store.query(f"SELECT id FROM {SCHEMA}.articles")]
        if filters.docs:
            where.append("p.article_id = ANY(%s)")
            params.append([d for d in ids if fold(d).startswith(filters.docs)])
        if filters.not_docs:
            where.append("p.article_id <> ALL(%s)")
            params.append([d for d in ids if fold(d).startswith(filters.not_docs)])
    kinds = [KIND_CODES.index(k) for k in filters.kinds if k in KIND_CODES]
    if kinds:
        where.append("p.kind = ANY(%s)")
        params.append(kinds)
    if spans is not None:
        where.append(
            "(p.article_id, p.para) IN (SELECT doc, para FROM "
            "json_to_recordset(%s::json) AS f(doc text, para int))"
        )
        params.append(_places(spans))
    return where, params


def candidate_index(
    store: PgStore, query: Query, lang: str | None = None, limit: int | None = None
) -> SearchIndex:
    """The passages ``query`` may match, from the server, as an index to search.

    With ``limit`` (and a query not filtered by the facts) only the first few in
    the engine's order come (:class:`_Ranked`), and the index's ``left_out``
    counts the others.

    A passage is left out only when the engine would give it no chance (a bound
    of 0) on the whole index: it lacks every word of a narrowing clause, or fails
    a filter. The passage ids keep the whole archive's order and the words'
    weights are the archive's, so :func:`store.search.engine.search_index`
    answers on it exactly as on the whole index.
    """
    rows = store.query(f"SELECT value FROM {SCHEMA}.meta WHERE key = %s", (COUNT_KEY,))
    population = int(rows[0][0]) if rows else 0
    words = WordStats()
    vocab = _Vocabulary(store)
    vocab.prefetch(query)
    narrowing = _clause_words(vocab, query, population, words)
    spans = _fact_spans(store, query)
    whole = query.is_empty()  # every word of every passage (an index to draw queries from)
    found: list[tuple[Any, ...]] = []
    if all(narrowing):
        # Ranked by the engine's bound, the best first (store.pg.ranked); when no
        # clause narrows, every passage is a candidate (store.pg.sizes).
        made = plan(vocab, query, population, words.dfs, words.best)
        # Filters alone: every passage they keep, shortest first.
        alone = not query.clauses and not query.negatives and not whole
        if (made is not None or alone) and limit is not None:
            best = _Ranked(
                store, made, query, lang, population, vocab.df, spans, everywhere=not narrowing
            )
            return best.index(FIRST_TIMES * limit + FIRST_MORE, vocab.kept, population, words)
        where, params = _conditions(store, query, lang, spans)
        held: npt.NDArray[np.int64] | None = None
        for found_ids in _postings(store, [sorted(words) for words in narrowing]):
            ids = distinct(found_ids.ids)
            held = ids if held is None else np.intersect1d(held, ids, assume_unique=True)
        if held is not None:  # the passages holding a word of every narrowing clause
            where.append(f"p.id = ANY({ID_LIST})")
            params.append(_id_list(held))
        match = " WHERE " + " AND ".join(where) if where else ""
        sql = f"SELECT {_COLUMNS}, {WORD_TEXT} FROM {_FROM}{match}"
        sql += ' ORDER BY p.article_id COLLATE "C", p.seq'
        if held is None or len(held):
            found = store.query(sql, params, work_mem=WORK_MEM)
    index = _assemble(_parts(found, None if whole else vocab.kept), IndexKey(0, ""))
    words.give(index, population)
    index.fetch_text = _Texts(store, index)
    return index


class _Ranked:
    """A query's candidates in the engine's order (store.pg.ranked): the passages
    each word group of its bound holds, from the postings; each one's bound; then
    as many of the best as asked for, with their words."""

    def __init__(
        self,
        store: PgStore,
        made: Plan | None,
        query: Query,
        lang: str | None,
        population: int,
        df: Mapping[str, int] | None = None,
        spans: Spans | None = None,
        *,
        everywhere: bool = False,
    ) -> None:
        self.store = store
        #: The candidates' rows read so far, by passage id: ``more`` reads only new ones.
        self.fetched: dict[int, tuple[Any, ...]] = {}
        facts = _fact_ids(store, spans)
        if made is None and facts is not None:  # the passages overlapping a fact
            self.ids, self.lengths = _kept_passages(store, query, lang, facts)
            self.bound = np.full(len(self.ids), 100.0, dtype=np.float32)
            return
        if made is None:  # filters alone: every passage they keep, bound 100
            self.ids, self.lengths, kinds = passage_sizes(store, population).columns()
            kept = _allowed(store, query, lang, self.ids, kinds, population)
            self.bound = np.full(len(self.ids), 100.0, dtype=np.float32)
            if kept is not None:
                self.bound[~kept] = 0.0
            return
        found = _group_postings(store, made, df or {})
        every = Held.joined(found)
        if everywhere:  # every passage, those holding none of the groups too
            sizes = passage_sizes(store, population, every.ids)
            ids, self.lengths, kinds = sizes.columns()
            numbers = sizes.places(every.ids)
            if (numbers < 0).any():  # written since the sizes were read: left out
                known = numbers >= 0
                found = _known(found, known)
                numbers = numbers[known]
        else:
            ids, numbers = numbered(every.ids)
            self.lengths = np.zeros(len(ids), dtype=np.int64)
            self.lengths[numbers] = every.lengths
            kinds = np.zeros(len(ids), dtype=np.int64)
            kinds[numbers] = every.kinds
        self.ids = ids
        holding: list[npt.NDArray[np.intp]] = []
        at = 0
        for part in found:
            holding.append(numbers[at : at + len(part)])
            at += len(part)
        members = Members(
            holding,
            [h[(f.edges & 1) != 0] for h, f in zip(holding, found, strict=True)],
            [h[(f.edges & 2) != 0] for h, f in zip(holding, found, strict=True)],
        )
        allowed = _allowed(store, query, lang, ids, kinds, population)
        if facts is not None:
            near = np.isin(ids, facts)
            allowed = near if allowed is None else allowed & near
        self.bound = bounds(made, members, len(ids), allowed)

    def index(
        self,
        count: int,
        kept: set[str],
        population: int,
        words: WordStats,
        *,
        cut: bool = True,
    ) -> SearchIndex:
        """The first ``count`` candidates, as an index to search; its ``more`` gives
        :data:`MORE_TIMES` as many, up to as many as the engine ever scores. With
        ``cut``, of a large last tie (equal bound and length) the server picks the
        first in the archive's order (:meth:`_cut_tie`); ``more`` sends whole ties: a
        search that needed more than the first few of a tie usually has to score all
        of it (equal bounds all above the scores found)."""
        choice = choose(self.bound, self.lengths, count, cut=cut)
        sent = self.ids[choice.sent]
        left_out = choice.left_out
        first_out: tuple[int, int, str, int] | None = None
        if choice.tie is not None:
            picked, first_out = self._cut_tie(*choice.tie, population)
            sent = np.concatenate((sent, picked))
            left_out += len(choice.tie[0]) - len(picked)
        fetched = self.fetched
        new = [pid for pid in sent.tolist() if pid not in fetched]
        if new:
            fetched.update(_candidate_rows(self.store, np.array(new, dtype=np.int64), population))
        rows = (fetched.get(pid) for pid in sent.tolist())  # None: removed meanwhile
        found = sorted((r for r in rows if r is not None), key=lambda r: (r[0], r[1]))
        index = _assemble(_parts(found, kept), IndexKey(0, ""))
        index.left_out = left_out
        index.left_out_next = choice.next
        if first_out is not None:  # its place: the passages sent before it in the index
            tenths, length, doc, seq = first_out
            before = sum(1 for r in found if (r[4] - r[3], r[0], r[1]) < (length, doc, seq))
            index.left_out_next = (tenths, before)
        words.give(index, population)
        index.fetch_text = _Texts(self.store, index)
        if left_out:
            reached = max(count, len(sent))  # a whole tie may have sent more
            grown = reached * MORE_TIMES
            if reached < most_refined():  # the engine never scores more than that many
                grown = min(grown, most_refined())
            index.more = lambda: self.index(grown, kept, population, words, cut=False)
        return index

    def _cut_tie(
        self, tie: npt.NDArray[np.intp], need: int, tenths: int, population: int
    ) -> tuple[npt.NDArray[np.int64], tuple[int, int, str, int]]:
        """The first ``need`` passages of a tie group (positions ``tie``) in the
        archive's order, and the one after them: its bound in tenths, length,
        article and place, which say where the engine would meet it. The order is
        the client's copy of the ranges (store.pg.order); the server sorts the tie
        only when a write landed between the postings and the ranges read."""
        length = int(self.lengths[tie[0]])
        try:
            picked, (doc, seq) = first_in_order(self.store, self.ids[tie], need, population)
        except LookupError:
            pass
        else:
            return picked, (tenths, length, doc, seq)
        rows = self.store.query(
            f"SELECT id, article_id, seq FROM {PASSAGES} WHERE id = ANY({ID_LIST}) "
            'ORDER BY article_id COLLATE "C", seq LIMIT %s',
            (_id_list(self.ids[tie]), need + 1),
        )
        picked = np.array([int(r[0]) for r in rows[:need]], dtype=np.int64)
        doc, seq = rows[need][1], rows[need][2]
        return picked, (tenths, length, str(doc), int(seq))


def _known(found: list[Held], known: npt.NDArray[np.bool_]) -> list[Held]:
    """``found`` (one after the other, as ``known`` runs) without its unknown entries."""
    kept: list[Held] = []
    at = 0
    for part in found:
        kept.append(part.take(known[at : at + len(part)]))
        at += len(part)
    return kept


def _candidate_rows(
    store: PgStore, ids: npt.NDArray[np.int64], population: int
) -> dict[int, tuple[Any, ...]]:
    """The passages ``ids`` as rows of :data:`_COLUMNS` and their words, by id; the
    articles' languages and dates from the client's ranges (store.pg.order), else
    joined."""
    try:
        kept, at = passage_ranges(store, ids, population)
    except LookupError:
        joined = store.query(
            f"SELECT p.id, {_COLUMNS}, {WORD_TEXT} FROM {_FROM} WHERE p.id = ANY({ID_LIST})",
            (_id_list(ids),),
        )
        return {int(r[0]): tuple(r[1:]) for r in joined}
    owner = dict(zip(ids.tolist(), at.tolist(), strict=True))
    rows = store.query(
        f"SELECT p.id, p.article_id, p.seq, p.para, p.start, p.stop, p.kind, {WORD_TEXT} "
        f"FROM {PASSAGES} p WHERE p.id = ANY({ID_LIST})",
        (_id_list(ids),),
    )
    langs, dates = kept.langs, kept.dates
    return {
        pid: (doc, seq, para, start, stop, kind, langs[r], dates[r], words)
        for pid, doc, seq, para, start, stop, kind, words in rows
        for r in (owner[pid],)
    }


def _id_list(ids: npt.NDArray[np.int64]) -> str:
    """Passage ids as the text :data:`ID_LIST` splits."""
    return ",".join(map(str, ids.tolist()))


#: The most passages whose words are read to find the members of the big groups
#: among them (store.pg.ranked.skippable); past it those groups are read whole,
#: unless they hold more than :data:`POSTINGS_A_PASSAGE` times as many postings (a
#: passage's words cost about as much to read and check as that many postings).
WORDS_READ = 20_000
POSTINGS_A_PASSAGE = 50


def _group_postings(store: PgStore, made: Plan, df: Mapping[str, int]) -> list[Held]:
    """Per word group of ``made``, the passages holding one of its words
    (:func:`_postings`); of a group standing for many passages that the bound reads
    only where the query can match (a token such as ``'e``: every word ending in
    *e*), only the passages the other groups allow, found from their words."""
    sizes = [sum(df.get(w, 0) for w in words) for words in made.groups]
    supersets, big = skippable(made, sizes)
    if not big:
        return _postings(store, made.groups)
    read = [g for g in range(len(made.groups)) if g not in big]
    found: list[Held | None] = [None] * len(made.groups)
    for g, held in zip(read, _postings(store, [made.groups[g] for g in read]), strict=True):
        found[g] = held
    allowed: npt.NDArray[np.int64] | None = None
    for groups in supersets:
        parts = [f for f in (found[g] for g in groups) if f is not None]
        ids = distinct(Held.joined(parts).ids)
        allowed = ids if allowed is None else np.intersect1d(allowed, ids, assume_unique=True)
    assert allowed is not None
    wide_postings = sum(sizes[g] for g in big)
    if len(allowed) > max(WORDS_READ, wide_postings // POSTINGS_A_PASSAGE):
        # too many to read their words: the big groups whole
        wide = sorted(big)
        for g, held in zip(wide, _postings(store, [made.groups[g] for g in wide]), strict=True):
            found[g] = held
        return [f if f is not None else Held.empty() for f in found]
    known = Held.joined([f for f in found if f is not None])
    known = known.take(np.isin(known.ids, allowed))
    _, first = np.unique(known.ids, return_index=True)
    places = known.take(first)  # each allowed passage once: id, length, kind
    words: dict[int, list[str]] = {}
    if len(places):
        for pid, text in store.query(
            f"SELECT id, words FROM {PASSAGES} WHERE id = ANY({ID_LIST})",
            (_id_list(places.ids),),
        ):
            words[int(pid)] = str(text).split(" ")
    for g in big:
        members = set(made.groups[g])
        keep: list[int] = []
        edges: list[int] = []
        for k, pid in enumerate(places.ids.tolist()):
            own = words.get(int(pid), [])
            if own and not members.isdisjoint(own):
                keep.append(k)
                edges.append(int(own[0] in members) | (int(own[-1] in members) << 1))
        found[g] = places.take(np.array(keep, dtype=np.intp)).with_edges(np.array(edges))
    return [f if f is not None else Held.empty() for f in found]


def _postings(store: PgStore, groups: list[list[str]]) -> list[Held]:
    """Per word group, the passages holding one of its words (each once)."""
    wanted = sorted({w for words in groups for w in words})
    parts: dict[str, list[bytes]] = {}
    if wanted:
        for word, data in store.query(
            f"SELECT word, ids FROM {POSTINGS} WHERE word = ANY(%s)", (wanted,), binary=True
        ):
            parts.setdefault(str(word), []).append(bytes(data))
    unpacked = {word: Held.unpack(b"".join(chunks)) for word, chunks in parts.items()}
    found: list[Held] = []
    for words in groups:
        held = Held.joined([unpacked[w] for w in words if w in unpacked])
        if len(words) > 1:  # a passage holding two of the words once, edges joined
            held = merged(held)
        found.append(held)
    return found


def _allowed(
    store: PgStore,
    query: Query,
    lang: str | None,
    ids: npt.NDArray[np.int64],
    kinds: npt.NDArray[np.int64],
    population: int,
) -> npt.NDArray[np.bool_] | None:
    """Which passages ``ids`` (of kinds ``kinds``) pass the query's filters and the
    language asked for, as engine._filter_mask decides (None: every one). The
    filters on articles are checked on the client's ranges (store.pg.order), or on
    the server's when a write landed since they were read."""
    filters = query.filters
    mask: npt.NDArray[np.bool_] | None = None
    on_articles = (filters.langs, filters.not_langs, filters.dates, filters.not_dates)
    if lang or any(on_articles) or filters.docs or filters.not_docs:
        try:
            order, at = passage_ranges(store, ids, population)
        except LookupError:
            mask = _allowed_by_server(store, filters, lang, ids)
        else:
            mask = _ranges_kept(order, filters, lang)[at]
    codes = [KIND_CODES.index(k) for k in filters.kinds if k in KIND_CODES]
    if codes:
        right = np.isin(kinds, codes)
        mask = right if mask is None else mask & right
    return mask


def _ranges_kept(order: PassageOrder, filters: Filters, lang: str | None) -> npt.NDArray[np.bool_]:
    """Per range of ``order``, whether the filters on articles keep its article."""
    asked = [fold(lang)] if lang else []

    def lang_passes(value: str) -> bool:
        value = value or "und"  # as the engine reads it
        return (
            (not filters.langs or value in filters.langs)
            and (not asked or value in asked)
            and value not in filters.not_langs
        )

    keep = order.lang_codes.judged(lang_passes)
    keep &= order.date_codes.judged(lambda date: _date_passes(filters, date))
    if filters.docs or filters.not_docs:
        folded = order.folded
        keep &= np.fromiter((_folded_passes(filters, d) for d in folded), np.bool_, len(folded))
    return keep


def _allowed_by_server(
    store: PgStore, filters: Filters, lang: str | None, ids: npt.NDArray[np.int64]
) -> npt.NDArray[np.bool_]:
    """:func:`_allowed`'s filters on articles, from the server's ranges."""
    params: list[Any] = []
    where = _langs_kept(filters, lang, params) + _left_out(store, filters, params)
    rows = store.query(
        f"SELECT r.first, r.last, r.article_id FROM {RANGES} r "
        f"JOIN {SCHEMA}.articles a ON a.id = r.article_id"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY r.first",
        params,
    )
    if filters.docs or filters.not_docs:
        rows = [r for r in rows if _folded_passes(filters, fold(str(r[2])))]
    if not rows:
        return np.zeros(len(ids), dtype=np.bool_)
    firsts = np.array([int(r[0]) for r in rows], dtype=np.int64)
    lasts = np.array([int(r[1]) for r in rows], dtype=np.int64)
    at = np.maximum(np.searchsorted(firsts, ids, side="right") - 1, 0)
    return (ids >= firsts[at]) & (ids <= lasts[at])


#: An article's language as the engine reads it (no language: "und").
_LANG = "(CASE WHEN a.lang = '' THEN 'und' ELSE a.lang END)"


def _langs_kept(filters: Filters, lang: str | None, params: list[Any]) -> list[str]:
    """Conditions on the article ``a``: in the languages the filters and ``lang`` ask
    for (their values appended to ``params``)."""
    where: list[str] = []
    for wanted in (list(filters.langs), [fold(lang)] if lang else []):
        if wanted:
            where.append(f"{_LANG} = ANY(%s)")
            params.append(wanted)
    return where


def _left_out(store: PgStore, filters: Filters, params: list[Any]) -> list[str]:
    """Conditions on the article ``a``: not in a language the filters leave out, and of
    a date they keep (their values appended to ``params``)."""
    where: list[str] = []
    if filters.not_langs:
        where.append(f"{_LANG} <> ALL(%s)")
        params.append(list(filters.not_langs))
    if filters.dates or filters.not_dates:
        where.append(_date_condition(store, filters, params))
    return where


def _date_condition(store: PgStore, filters: Filters, params: list[Any]) -> str:
    """The articles whose dates the date filters keep (the few distinct dates are
    checked here, as engine._filter_mask checks them), as a condition on ``a``."""
    days = [d for (d,) in store.query(f"SELECT DISTINCT date FROM {SCHEMA}.articles")]
    kept = [str(d) for d in days if d is not None and _date_passes(filters, d)]
    undated = None in days and _date_passes(filters, None)
    params.append(kept)
    return "(a.date = ANY(%s)" + (" OR a.date IS NULL)" if undated else ")")


def _kept_passages(
    store: PgStore, query: Query, lang: str | None, among: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Of the passages ``among``, those the filters keep (language, article, date,
    kind), as engine._filter_mask decides: ids (in order) and lengths, packed by the
    server in one value."""
    where, params = _conditions(store, query, lang, None)
    where.append(f"p.id = ANY({ID_LIST})")
    params.append(_id_list(among))
    where += _left_out(store, query.filters, params)
    rows = store.query(
        "SELECT string_agg(int8send(p.id) || int4send(p.stop - p.start) || int2send(p.kind) "
        f"|| int2send(0::smallint), ''::bytea ORDER BY p.id) FROM {_FROM} WHERE "
        + " AND ".join(where),
        params,
        work_mem=WORK_MEM,
        binary=True,
    )
    data = bytes(rows[0][0]) if rows and rows[0][0] is not None else b""
    packed = np.frombuffer(data, dtype=MEMBER)
    return packed["id"].astype(np.int64), packed["length"].astype(np.int64)


def _fact_ids(store: PgStore, spans: Spans | None) -> npt.NDArray[np.int64] | None:
    """The passages overlapping the evidence of a fact the ``kind:fact`` or ``by:``
    filter keeps (``spans``), as engine._fact_mask finds them (None: no such filter)."""
    if spans is None:
        return None
    if not spans:
        return np.zeros(0, dtype=np.int64)
    places = _places(spans)
    found: list[int] = []
    for pid, doc, para, start, stop in store.query(
        f"SELECT p.id, p.article_id, p.para, p.start, p.stop FROM {PASSAGES} p "
        "JOIN json_to_recordset(%s::json) AS f(doc text, para int) "
        "ON p.article_id = f.doc AND p.para = f.para",
        (places,),
    ):
        if any(start < end and stop > begin for begin, end in spans[(str(doc), int(para))]):
            found.append(int(pid))
    return np.unique(np.array(found, dtype=np.int64))


def _folded_passes(filters: Filters, folded: str) -> bool:
    """Whether the article filters keep the article whose id, folded, is ``folded``
    (engine._filter_mask: id prefixes)."""
    if filters.docs and not folded.startswith(filters.docs):
        return False
    return not (filters.not_docs and folded.startswith(filters.not_docs))


def _date_passes(filters: Filters, date: Any) -> bool:
    """Whether the date filters keep an article of ``date`` (engine._filter_mask)."""
    day = _date_number(None if date is None else str(date))
    for spans, keep in ((filters.dates, True), (filters.not_dates, False)):
        if spans and any(r.lo <= day <= r.hi and day > 0 for r in spans) != keep:
            return False
    return True


_COLUMNS = "p.article_id, p.seq, p.para, p.start, p.stop, p.kind, a.lang, a.date"
_FROM = f"{PASSAGES} p JOIN {SCHEMA}.articles a ON a.id = p.article_id"
#: The server's memory for a candidate look-up's sort (SET LOCAL): the default 4 MB
#: sends the sort of 100k+ candidates to disk.
WORK_MEM = "128MB"
#: How many candidates are sent first (times the limit, and more): the engine's pool.
FIRST_TIMES, FIRST_MORE = 4, 64
#: How many times as many are sent when those were not enough.
MORE_TIMES = 8
#: Stands for the words left out: no term matches it (not a word of the archive).
HIDDEN = "\x00"


class _Texts:
    """A candidate index's paragraph texts, read from the server when a passage is
    checked (a few dozen a query), not with the candidates (thousands)."""

    def __init__(self, store: PgStore, index: SearchIndex) -> None:
        self.store = store
        self.index = index
        self.known: dict[int, str] = {}

    def __call__(self, par: int) -> str:
        text = self.known.get(par)
        if text is None:
            index = self.index
            doc = index.docs[int(index.par_doc[par])]
            rows = self.store.query(
                f"SELECT text FROM {SCHEMA}.paragraphs WHERE article_id = %s AND n = %s",
                (doc, int(index.par_n[par])),
            )
            text = self.known[par] = str(rows[0][0]) if rows else ""
        return text

    def many(self, pars: list[int]) -> dict[int, str]:
        """The texts of paragraphs ``pars``, in one round trip."""
        index = self.index
        wanted = [p for p in pars if p not in self.known]
        if wanted:
            docs = [index.docs[int(index.par_doc[p])] for p in wanted]
            numbers = [int(index.par_n[p]) for p in wanted]
            rows = self.store.query(
                f"SELECT w.i, t.text FROM unnest(%s::text[], %s::int[]) WITH ORDINALITY "
                f"AS w(doc, n, i) JOIN {SCHEMA}.paragraphs t ON t.article_id = w.doc "
                "AND t.n = w.n",
                (docs, numbers),
            )
            for i, text in rows:
                self.known[wanted[int(i) - 1]] = str(text)
            for p in wanted:
                self.known.setdefault(p, "")
        return {p: self.known[p] for p in pars}


def _parts(rows: list[tuple[Any, ...]], kept: set[str] | None) -> _Parts:
    """The passages found (ordered by article id, then place in the article's cut) in
    the build order of a whole index; the paragraphs' text is left to :class:`_Texts`.

    Each row ends with the passage's words; of those, only ``kept`` ones enter the
    index (:func:`_kept_words`), every one when ``kept`` is None."""
    n = len(rows)
    columns = list(zip(*rows, strict=True)) if rows else [()] * 9
    ids, paras = columns[0], np.array(columns[2], dtype=np.int32)
    new_doc = np.ones(n, dtype=np.bool_)
    if n > 1:
        new_doc[1:] = np.fromiter(map(str.__ne__, ids[1:], ids[:-1]), np.bool_, count=n - 1)
    heads = np.flatnonzero(new_doc).tolist()
    # An article's passages go paragraph by paragraph.
    new_par = new_doc.copy()
    new_par[1:] |= paras[1:] != paras[:-1]
    doc_of = np.cumsum(new_doc, dtype=np.int32) - 1
    if kept is None:
        fwd, fwd_len, words = _all_words(columns[8])
    else:
        fwd, fwd_len, words = _kept_words(columns[8], kept)
    return _Parts(
        docs=[ids[i] for i in heads],
        langs=[str(columns[6][i]) or "und" for i in heads],
        dates=[columns[7][i] for i in heads],
        shas=[""] * len(heads),
        par_doc=doc_of[new_par],
        par_n=paras[new_par],
        par_bytes=[b""] * int(new_par.sum()),
        p_par=np.cumsum(new_par, dtype=np.int32) - 1,
        p_start=np.array(columns[3], dtype=np.int32),
        p_end=np.array(columns[4], dtype=np.int32),
        p_kind=np.array(columns[5], dtype=np.int8),
        fwd=fwd,
        fwd_len=fwd_len,
        words=words,
    )


_Words = tuple[
    "np.ndarray[Any, np.dtype[np.int32]]", "np.ndarray[Any, np.dtype[np.int64]]", list[str]
]


def _all_words(texts: tuple[str, ...]) -> _Words:
    """Forward index (word numbers, words a passage, the words) of whole passages."""
    words = " ".join(texts).split(" ") if texts else []
    numbers = {w: i for i, w in enumerate(dict.fromkeys(words))}
    fwd = np.fromiter(map(numbers.__getitem__, words), dtype=np.int32, count=len(words))
    return fwd, np.array([w.count(" ") + 1 for w in texts], dtype=np.int64), list(numbers)


#: Passages whose words are split at once (bounds the words held at one time).
_SPLIT = 8192


def _kept_words(texts: tuple[str, ...], kept: set[str]) -> _Words:
    """Forward index of passages ``texts`` in which only the ``kept`` words count.

    Every run of other words becomes :data:`HIDDEN` repeated, at most ``NEAR + 1``
    times: a run that long already parts two words beyond ``NEAR`` (the fuzzy
    order bonus), a shorter one keeps its length, and a passage's first and last
    word stay where they were, so every bound and index score is the same.

    Passages of the same words (a sentence repeated across articles) are worked out
    once; the words keep the order in which they first appear either way."""
    first: dict[str, int] = {}
    which = np.fromiter(
        (first.setdefault(t, len(first)) for t in texts), dtype=np.int64, count=len(texts)
    )
    if len(first) == len(texts):
        return _distinct_kept_words(texts, kept)
    fwd, lengths, words = _distinct_kept_words(tuple(first), kept)
    starts = np.zeros(len(lengths), dtype=np.int64)
    np.cumsum(lengths[:-1], out=starts[1:])
    return fwd[ranges(starts[which], lengths[which])], lengths[which], words


def _distinct_kept_words(texts: tuple[str, ...], kept: set[str]) -> _Words:
    """:func:`_kept_words` of passages worked out one by one."""
    n = len(texts)
    lengths = np.fromiter((t.count(" ") + 1 for t in texts), np.int64, count=n)
    firsts = np.zeros(n, dtype=np.int64)
    np.cumsum(lengths[:-1], out=firsts[1:])
    names: list[str] = []
    found: list[npt.NDArray[np.int64]] = []
    base = 0
    for lo in range(0, n, _SPLIT):
        toks = " ".join(texts[lo : lo + _SPLIT]).split(" ")
        hit = np.fromiter(map(kept.__contains__, toks), np.bool_, count=len(toks))
        where = np.flatnonzero(hit)
        names.extend(map(toks.__getitem__, where.tolist()))
        found.append(where + base)
        base += len(toks)
    every = np.concatenate(found) if found else np.zeros(0, np.int64)
    owner = np.searchsorted(firsts, every, side="right") - 1
    per = np.bincount(owner, minlength=n)
    at = every - firsts[owner]
    numbers = {w: i for i, w in enumerate(dict.fromkeys([HIDDEN, *names]))}
    ids = np.fromiter(map(numbers.__getitem__, names), dtype=np.int32, count=len(names))
    cap = NEAR + 1
    new_len = np.minimum(lengths, cap)
    if len(at):
        first = np.ones(len(at), dtype=np.bool_)
        first[1:] = owner[1:] != owner[:-1]
        before = np.empty_like(at)
        before[0] = -1
        before[1:] = at[:-1]
        before[first] = -1
        step = np.minimum(at - before - 1, cap) + 1  # the hidden run before, and the word
        total = np.cumsum(step)
        heads = np.flatnonzero(first)
        place = total - np.repeat(total[heads] - step[heads], per[per > 0]) - 1
        tails = heads + per[per > 0] - 1
        has = per > 0
        new_len[has] = place[tails] + 1 + np.minimum(lengths[has] - 1 - at[tails], cap)
    off = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(new_len, out=off[1:])
    fwd = np.zeros(int(off[-1]), dtype=np.int32)
    if len(at):
        fwd[off[:-1][owner] + place] = ids
    return fwd, new_len, list(numbers)


# -- doctor ----------------------------------------------------------------------
def check_passages(store: PgStore) -> list[Finding]:
    """The search tables agree with the articles and with each other (newsdesk doctor)."""
    if not search_ready(store):
        return [Finding("warn", "search passages not built yet: the next write builds them")]
    problems: list[str] = []
    rows = store.query(f"SELECT value FROM {SCHEMA}.meta WHERE key = %s", (COUNT_KEY,))
    counted = int(rows[0][0]) if rows else 0
    stored = int(store.query(f"SELECT count(*) FROM {PASSAGES}")[0][0])
    if counted != stored:
        problems.append(f"the passage count says {counted}, the table holds {stored}")
    orphans = store.query(
        f"SELECT count(DISTINCT article_id) FROM {PASSAGES} p WHERE NOT EXISTS "
        f"(SELECT 1 FROM {SCHEMA}.articles a WHERE a.id = p.article_id)"
    )[0][0]
    if orphans:
        problems.append(f"passages of {orphans} removed article(s) remain")
    off = store.query(
        f'SELECT count(*) FROM {WORDS} w FULL JOIN (SELECT u.word COLLATE "C" AS word, '
        f"count(DISTINCT p.id) AS n FROM {PASSAGES} p, "
        "unnest(string_to_array(p.words, ' ')) AS u(word) "
        "GROUP BY 1) c ON c.word = w.word WHERE w.df IS DISTINCT FROM c.n"
    )[0][0]
    if off:
        problems.append(f"{off} word(s) whose passage count is off")
    posted = store.query(
        f"SELECT count(*) FROM {WORDS} w FULL JOIN (SELECT word, sum(octet_length(ids)) "
        f"/ {MEMBER.itemsize} AS n FROM {POSTINGS} GROUP BY word) c ON c.word = w.word "
        "WHERE w.df IS DISTINCT FROM c.n"
    )[0][0]
    if posted:
        problems.append(f"{posted} word(s) whose postings are off")
    if problems:
        return [
            Finding("fail", f"search passages: {p}; `newsdesk doctor --rebuild` writes them again")
            for p in problems
        ]
    return [Finding("ok", f"search passages in step ({stored:,} passages)")]
