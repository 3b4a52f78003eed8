"""Parse the search query language (fzf's extended syntax plus filters).

A query is a list of space-separated items:

=================  ===========================================================
``word``           fuzzy, typo-tolerant; all plain words form one fuzzy phrase
``'exact``         the exact text anywhere (still case- and accent-insensitive)
``'word'``         the exact text as a whole word
``"a phrase"``     these words next to each other, in order
``^prefix``        the passage starts with this
``suffix$``        the passage ends with this (final punctuation ignored)
``!not``           the passage does not contain this (also ``!^x``, ``!x$``)
``a | b``          either term (binds the terms either side of ``|``)
``lang:fr``        filters: ``lang:``, ``doc:`` (id prefix), ``kind:quote``,
``date:2024-10``   ``kind:sentence``, ``date:2024``, ``date:2024-10..2024-11``
``kind:fact``      passages stating a fact (see store.facts)
``by:chinh``       quotes whose speaker's name holds this (``by:minh_chinh``)
=================  ===========================================================

:func:`parse_query` returns a :class:`Query` or raises
:class:`~store.errors.QueryError` with a one-line message.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

from newsdesk.store.errors import QueryError
from newsdesk.store.search.tokens import TOKEN_RE
from newsdesk.store.text import fold

__all__ = [
    "Clause",
    "DateRange",
    "Filters",
    "Query",
    "Term",
    "TermKind",
    "parse_query",
]

TermKind = Literal["fuzzy", "exact", "word", "phrase", "prefix", "suffix", "equal"]
FILTER_KEYS = ("lang", "doc", "kind", "date", "by")
KINDS = ("sentence", "quote", "caption", "fact")
#: Plain words are matched together, one bit each in a 64-bit mask.
MAX_FUZZY_WORDS = 64


@dataclass(frozen=True, slots=True)
class Term:
    """One match condition on a passage's folded text.

    ``text`` is the folded text to find; ``words`` its word tokens (for fuzzy
    terms and phrases, the words matched one by one).
    """

    kind: TermKind
    text: str
    words: tuple[str, ...]
    negate: bool = False


@dataclass(frozen=True, slots=True)
class Clause:
    """Terms joined by ``|``: a passage satisfies the clause if any term matches."""

    terms: tuple[Term, ...]


@dataclass(frozen=True, slots=True)
class DateRange:
    """Inclusive range of dates as ``YYYYMMDD`` integers (00 for a missing part)."""

    lo: int
    hi: int

    def contains(self, value: int) -> bool:
        return self.lo <= value <= self.hi


@dataclass(frozen=True, slots=True)
class Filters:
    """Restrictions on which passages can match; empty tuples restrict nothing."""

    langs: tuple[str, ...] = ()
    not_langs: tuple[str, ...] = ()
    docs: tuple[str, ...] = ()
    not_docs: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    dates: tuple[DateRange, ...] = ()
    not_dates: tuple[DateRange, ...] = ()
    #: ``by:NAME``: only quotes whose speaker's name holds one of these (folded).
    speakers: tuple[str, ...] = ()

    @property
    def needs_facts(self) -> bool:
        """True when the filter is decided by the stored facts (``kind:fact``, ``by:``)."""
        return bool(self.speakers) or "fact" in self.kinds

    def is_empty(self) -> bool:
        return not (
            self.speakers
            or self.langs
            or self.not_langs
            or self.docs
            or self.not_docs
            or self.kinds
            or self.dates
            or self.not_dates
        )


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query: clauses that must all hold, terms that must not, filters."""

    clauses: tuple[Clause, ...] = ()
    negatives: tuple[Term, ...] = ()
    filters: Filters = field(default_factory=Filters)

    def is_empty(self) -> bool:
        """True for a query with nothing in it (no term and no filter)."""
        return not self.clauses and not self.negatives and self.filters.is_empty()


# -- lexing -----------------------------------------------------------------
_Item = tuple[str, object]  # ("or", None) | ("word", str) | ("term", Term) | ("filter", ...)


def _split(raw: str) -> list[str]:
    """Split on white space, keeping ``"…"`` (with spaces inside) as one piece."""
    pieces: list[str] = []
    i, n = 0, len(raw)
    while i < n:
        if raw[i].isspace():
            i += 1
            continue
        start = i
        while i < n and not raw[i].isspace():
            if raw[i] == '"':
                close = raw.find('"', i + 1)
                if close < 0:
                    raise QueryError('unterminated quote: add a closing "')
                i = close + 1
            else:
                i += 1
        pieces.append(raw[start:i])
    return pieces


def _words(text: str) -> tuple[str, ...]:
    return tuple(TOKEN_RE.findall(text))


def _exact_term(body: str, negate: bool, piece: str) -> Term:
    """A term from ``body`` (``!`` already removed): ^, $, ' and "…" forms."""
    if body.startswith('"'):
        if not body.endswith('"') or len(body) < 2:
            raise QueryError(f"unterminated quote in {piece!r}")
        inner = body[1:-1].strip()
        words = _words(inner)
        if not words:
            raise QueryError(f"empty phrase in {piece!r}")
        return Term("phrase", inner, words, negate)
    prefix = body.startswith("^")
    suffix = body.endswith("$") and len(body) > 1 and not body.endswith("\\$")
    if body.endswith("\\$"):
        body = body[:-2] + "$"
    text = body[1 if prefix else 0 : len(body) - 1 if suffix else len(body)]
    if text.startswith("'") and not prefix and not suffix:
        text = text[1:]
        if text.endswith("'") and len(text) > 1:
            text = text[:-1]
            if not text:
                raise QueryError(f"nothing to match in {piece!r}")
            return Term("word", text, _words(text), negate)
        if not text:
            raise QueryError(f"nothing after ' in {piece!r}")
        return Term("exact", text, _words(text), negate)
    if not text:
        raise QueryError(f"nothing to match in {piece!r}")
    kind: TermKind = "equal" if prefix and suffix else "prefix" if prefix else "suffix"
    if not prefix and not suffix:
        kind = "exact"
    return Term(kind, text, _words(text), negate)


@dataclass(frozen=True, slots=True)
class _FilterItem:
    key: str
    negate: bool
    values: tuple[object, ...]


def _filter(key: str, value: str, negate: bool) -> _FilterItem:
    if not value:
        raise QueryError(f"{key}: needs a value, as in {_EXAMPLES[key]}")
    values = [v for v in value.split(",") if v]
    if key == "lang":
        for v in values:
            if not re.fullmatch(r"[a-z]{2,3}", v):
                raise QueryError(f"lang: takes a language code such as en or fr, not {v!r}")
        return _FilterItem(key, negate, tuple(values))
    if key == "doc":
        return _FilterItem(key, negate, tuple(values))
    if key == "by":
        if negate:
            raise QueryError("by: cannot be negated; use by:NAME to keep one speaker's quotes")
        return _FilterItem(key, negate, tuple(v.replace("_", " ") for v in values))
    if key == "kind":
        for v in values:
            if v not in KINDS:
                raise QueryError(
                    "kind: is sentence, quote or caption (or fact: passages stating a fact), "
                    f"not {v!r}"
                )
        if negate:
            if "fact" in values:
                raise QueryError("kind:fact cannot be negated")
            values = [k for k in ("sentence", "quote", "caption") if k not in values]
            negate = False
        return _FilterItem(key, negate, tuple(values))
    return _FilterItem(key, negate, tuple(_date_range(v) for v in values))


_EXAMPLES = {
    "lang": "lang:fr",
    "doc": "doc:003",
    "kind": "kind:quote",
    "date": "date:2024-10",
    "by": "by:chinh",
}
_DATE_RE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def _date_bound(text: str, *, high: bool) -> int:
    match = _DATE_RE.fullmatch(text)
    if match is None:
        raise QueryError(f"date: takes YYYY, YYYY-MM or YYYY-MM-DD, not {text!r}")
    year = int(match.group(1))
    month = int(match.group(2)) if match.group(2) else None
    day = int(match.group(3)) if match.group(3) else None
    if month is not None and not 1 <= month <= 12:
        raise QueryError(f"date: {text!r} has no month {month}")
    if day is not None:
        try:
            dt.date(year, month or 1, day)
        except ValueError:
            raise QueryError(f"date: {text} is not a real day") from None
    if month is None:
        return year * 10000 + (1299 if high else 0)
    if day is None:
        return year * 10000 + month * 100 + (99 if high else 0)
    return year * 10000 + month * 100 + day


def _date_range(text: str) -> DateRange:
    if ".." in text:
        lo_text, _, hi_text = text.partition("..")
        if not lo_text and not hi_text:
            raise QueryError("date: a range needs a start or an end, as in 2024-10..2024-11")
        lo = _date_bound(lo_text, high=False) if lo_text else 0
        hi = _date_bound(hi_text, high=True) if hi_text else 99999999
        if lo > hi:
            raise QueryError(f"date: range {text} ends before it starts")
        return DateRange(lo, hi)
    return DateRange(_date_bound(text, high=False), _date_bound(text, high=True))


def _lex(raw: str) -> list[_Item]:
    items: list[_Item] = []
    for piece in _split(raw):
        if piece == "|":
            items.append(("or", None))
            continue
        negate = piece.startswith("!")
        body = piece[1:] if negate else piece
        if not body:
            raise QueryError("! needs something after it, as in !word")
        key, sep, value = body.partition(":")
        if sep and key in FILTER_KEYS:
            items.append(("filter", _filter(key, value, negate)))
            continue
        if negate or body[0] in "'^\"" or (body.endswith("$") and not body.endswith("\\$")):
            items.append(("term", _exact_term(body, negate, piece)))
            continue
        if not _words(body):
            # Punctuation only ("$", "%"): find it as typed.
            items.append(("term", Term("exact", body, ())))
            continue
        items.append(("word", body))
    return items


# -- grouping ---------------------------------------------------------------
def parse_query(raw: str) -> Query:
    """Parse ``raw`` into a :class:`Query`; raise QueryError when malformed."""
    items = _lex(fold(unicodedata.normalize("NFC", raw)))
    clauses: list[Clause] = []
    negatives: list[Term] = []
    fuzzy_words: list[str] = []
    filters: dict[str, list[object]] = {}
    i = 0
    while i < len(items):
        kind, value = items[i]
        if kind == "or":
            raise QueryError("| needs a term on each side, as in a | b")
        chained = i + 1 < len(items) and items[i + 1][0] == "or"
        if kind == "filter":
            if chained:
                raise QueryError("filters cannot be joined with |; list values: lang:en,fr")
            assert isinstance(value, _FilterItem)
            name = f"not_{value.key}" if value.negate else value.key
            filters.setdefault(name, []).extend(value.values)
            i += 1
            continue
        if not chained:
            if kind == "word":
                fuzzy_words.extend(_words(str(value)))
            else:
                assert isinstance(value, Term)
                if value.negate:
                    negatives.append(value)
                else:
                    clauses.append(Clause((value,)))
            i += 1
            continue
        terms: list[Term] = []
        while True:
            terms.append(_or_operand(items[i]))
            if i + 1 < len(items) and items[i + 1][0] == "or":
                if i + 2 >= len(items) or items[i + 2][0] == "or":
                    raise QueryError("| needs a term on each side, as in a | b")
                i += 2
                continue
            i += 1
            break
        clauses.append(Clause(tuple(terms)))
    if len(fuzzy_words) > MAX_FUZZY_WORDS:
        raise QueryError(f"too many words: at most {MAX_FUZZY_WORDS} plain words in a query")
    if fuzzy_words:
        words = tuple(fuzzy_words)
        clauses.insert(0, Clause((Term("fuzzy", " ".join(words), words),)))
    return Query(
        clauses=tuple(clauses),
        negatives=tuple(negatives),
        filters=Filters(
            langs=tuple(str(v) for v in filters.get("lang", [])),
            not_langs=tuple(str(v) for v in filters.get("not_lang", [])),
            docs=tuple(str(v) for v in filters.get("doc", [])),
            not_docs=tuple(str(v) for v in filters.get("not_doc", [])),
            kinds=tuple(str(v) for v in filters.get("kind", [])),
            dates=tuple(v for v in filters.get("date", []) if isinstance(v, DateRange)),
            not_dates=tuple(v for v in filters.get("not_date", []) if isinstance(v, DateRange)),
            speakers=tuple(str(v) for v in filters.get("by", [])),
        ),
    )


def _or_operand(item: _Item) -> Term:
    kind, value = item
    if kind == "filter":
        raise QueryError("filters cannot be joined with |; list values: lang:en,fr")
    if kind == "word":
        words = _words(str(value))
        return Term("fuzzy", " ".join(words), words)
    assert isinstance(value, Term)
    if value.negate:
        raise QueryError("a !term cannot be joined with |")
    return value
