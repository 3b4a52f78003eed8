"""What every fact rule works on: paragraphs with aligned views, tokens, sentences.

Sentences are those of :mod:`store.sentences` (the store's one splitter), cut at
a caption's photo credit.

A :class:`Para` keeps three views of the same text, all the same length so a
span found in one is a span in the others:

* ``text`` — the paragraph as stored (NFC);
* ``norm`` — case and accents kept, typographic quotes, dashes and spaces
  made ASCII (for rules that need capitals);
* ``low`` — :func:`store.text.fold`: lower case, accents removed (for key words).
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from newsdesk.store.dates import main_year
from newsdesk.store.facts.model import Fact, FactKind
from newsdesk.store.numbers import Quantity, read_quantities
from newsdesk.store.records import Article
from newsdesk.store.sentences import is_abbreviation, split_sentences
from newsdesk.store.text import PUNCTUATION_FOLDS, fold

__all__ = [
    "DocContext",
    "Mention",
    "Para",
    "Tok",
    "doc_context",
    "is_cap",
    "make_fact",
    "norm_text",
    "overlaps",
    "qualifier_before",
    "tokens",
]

# Non-breaking hyphens count as hyphens here too (search keeps them as they are).
_NORM = str.maketrans({**PUNCTUATION_FOLDS, "\u2010": "-", "\u2011": "-"})
_NORM_PAIRS = tuple((chr(code), str(ascii_form)) for code, ascii_form in _NORM.items())


def norm_text(text: str) -> str:
    """``text`` with ASCII quotes, dashes and spaces; same length, case kept."""
    if text.isascii():
        return text
    # A few replaces of characters present beat translate's lookup of every character.
    for typographic, ascii_form in _NORM_PAIRS:
        if typographic in text:
            text = text.replace(typographic, ascii_form)
    return text


# A caption's trailing credit: "… — VNA/VNS Photo Dương Giang |".
_CAPTION_TAIL = re.compile(r"\s+-\s*[A-Z][A-Z0-9]{1,11}(?:[/\-][A-Z][A-Z0-9]{1,11})*\b.*$")
_PHOTO_CAPTION = re.compile(r"^\(?\s*(?:photo|image|picture|ảnh|crédit photo)\s*:", re.IGNORECASE)


class Tok:
    """A word or punctuation token with its span.

    A plain class, not a dataclass: compiled (mypyc), its construction, done for
    every token of every paragraph, is a native call.
    """

    __slots__ = ("cap", "end", "is_word", "low", "start", "text")

    def __init__(
        self,
        text: str,
        start: int,
        end: int,
        low: str = "",
        is_word: bool = False,
        cap: bool = False,
    ) -> None:
        self.text = text
        self.start = start
        self.end = end
        self.low = low  # the folded text
        self.is_word = is_word
        self.cap = cap  # is_cap(text)

    def __repr__(self) -> str:
        return (
            f"Tok(text={self.text!r}, start={self.start}, end={self.end}, low={self.low!r}, "
            f"is_word={self.is_word}, cap={self.cap})"
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Tok):
            return NotImplemented
        return (
            self.text == other.text
            and self.start == other.start
            and self.end == other.end
            and self.low == other.low
            and self.is_word == other.is_word
            and self.cap == other.cap
        )

    __hash__ = None  # type: ignore[assignment]  # equal by value, so unhashable (as before)

    @classmethod
    def make(cls, text: str, start: int, end: int, low: str | None = None) -> Tok:
        return cls(
            text, start, end, fold(text) if low is None else low, text[:1].isalnum(), is_cap(text)
        )


# French elisions split off a word: "l'indice" → "l'" + "indice".
_ELISION = re.compile(r"(?:[lLdDjJnNsScC]|[qQ]u|[jJ]usqu|[lL]orsqu|[pP]uisqu)['’](?=[^\W\d_])")
_TOKEN = re.compile(r"[^\W_]+(?:[.'’\-][^\W_]+)*\.?|\S", re.UNICODE)


def tokens(text: str, start: int = 0, end: int | None = None, low: str | None = None) -> list[Tok]:
    """Word and punctuation tokens of ``text[start:end]``, spans in ``text``.

    A word keeps inner hyphens, apostrophes and dots ("e-Government", "U.S.");
    a trailing dot is split off unless the word is a known abbreviation; a
    French elision is split off ("l'indice"). ``low``, when given, is
    ``fold(text)`` (it saves folding every token).
    """
    stop = len(text) if end is None else end
    folded = fold(text) if low is None else low
    out: list[Tok] = []
    if _RUN_ON.search(text, start, stop) is not None:
        _read_words(text, _words(text, start, stop), start, folded, out)
        return out
    pos = start
    # Tokens never cross white space: most chunks between spaces are one plain word,
    # read at once; the others (punctuation, dots, apostrophes, hyphens) word by word.
    for chunk in text[start:stop].split():
        s = pos
        while text[s].isspace():  # only white space lies before the chunk (cheaper than find)
            s += 1
        e = pos = s + len(chunk)
        if chunk.isalnum():
            out.append(Tok(chunk, s, e, folded[s:e], True, _upper_first(chunk)))
            continue
        word = chunk[:-1]
        if word.isalnum():  # a word and one mark ("economy,", "2024."), as _read_words reads it
            mark = chunk[-1]
            if mark != ".":
                out.append(Tok(word, s, e - 1, folded[s : e - 1], True, _upper_first(word)))
                out.append(Tok(mark, e - 1, e, folded[e - 1], False, _upper_first(mark)))
            elif not is_abbreviation(word):
                out.append(Tok(word, s, e - 1, folded[s : e - 1], True, _upper_first(word)))
                out.append(Tok(".", e - 1, e, ".", False, False))
            else:  # "Mr.", "No.": the dot stays
                out.append(Tok(chunk, s, e, folded[s:e], True, _upper_first(chunk)))
            continue
        _read_words(text, _TOKEN.findall(chunk), s, folded, out)
    return out


def _read_words(text: str, words: list[str], pos: int, folded: str, out: list[Tok]) -> None:
    """Append the tokens of ``words`` (found in ``text`` from ``pos`` on) to ``out``."""
    # Only spaces lie between tokens (any other character is one), so each
    # word's span is where it is next found: cheaper than match objects.
    for word in words:
        s = text.find(word, pos)
        n = len(word)
        e = pos = s + n
        if n == 1:  # most punctuation, and one-letter words
            out.append(Tok(word, s, e, folded[s], word.isalnum(), _upper_first(word)))
            continue
        if word[-1] == "." or "'" in word or "’" in word:
            if "'" in word or "’" in word:
                elision = _ELISION.match(word)
                if elision:
                    k = elision.end()
                    cut = s + k
                    out.append(Tok(word[:k], s, cut, folded[s:cut], True, is_cap(word)))
                    word = word[k:]
                    s = cut
                    n = len(word)
            if word[-1] == "." and n > 1 and not is_abbreviation(word[:-1]):
                out.append(
                    Tok(word[:-1], s, e - 1, folded[s : e - 1], word[0].isalnum(), is_cap(word))
                )
                out.append(Tok(".", e - 1, e, ".", False, False))
                continue
        first = word[0]
        if _upper_first(word):  # a capital is a letter: a word, capitalised
            out.append(Tok(word, s, e, folded[s:e], True, True))
            continue
        cap = n > 2 and word[1] == "-" and first.islower() and word[2].isupper()
        out.append(Tok(word, s, e, folded[s:e], first.isalnum(), cap))


# Two words run together over a full stop with no space ("tonnes.Au", "participants.According"),
# as wire copy often has them; "U.S." and "vietnamplus.vn" stay whole.
# The dot comes first so the search scans for it instead of trying the look-behind everywhere.
_RUN_ON = re.compile(r"\.(?=[A-Z][a-z])(?<=[^\W\d_]{2}\.)")


def _words(text: str, start: int, stop: int) -> list[str]:
    found = _TOKEN.findall(text, start, stop)
    if _RUN_ON.search(text, start, stop) is None:
        return found
    out: list[str] = []
    for word in found:
        if "." in word[:-1] and _RUN_ON.search(word):
            parts = _RUN_ON.split(word)
            for part in parts[:-1]:
                out += [part, "."]
            out.append(parts[-1])
        else:
            out.append(word)
    return out


def _upper_first(word: str) -> bool:
    """``word[0].isupper()`` (``word`` not empty), with no method call for ASCII."""
    code = ord(word[0])
    if code < 128:
        return 65 <= code <= 90  # "A"–"Z": the ASCII characters isupper() accepts
    return word[0].isupper()


def is_cap(word: str) -> bool:
    """True for a capitalised word ("Long", "Việt", "ASEAN", "e-Government")."""
    if not word:
        return False
    if _upper_first(word):
        return True
    if len(word) < 3:
        return False
    # "e-Government", "iPhone": a lower-case prefix then a capital.
    return len(word) > 2 and word[0].islower() and ("-" in word[:3]) and word[2:3].isupper()


@dataclass(slots=True, init=False)
class Para:
    """One paragraph as the rules see it."""

    doc: str
    n: int
    kind: str
    text: str
    norm: str
    low: str
    lang: str
    limit: int
    # Split on first use: about half the paragraphs meet no rule that asks for a sentence.
    _sentences: list[tuple[int, int]] | None

    def sentence_spans(self) -> list[tuple[int, int]]:
        """The sentence spans of the usable text (:func:`store.sentences.split_sentences`)."""
        if self._sentences is None:
            self._sentences = split_sentences(self.text[: self.limit])
        return self._sentences

    def sentence_at(self, pos: int) -> tuple[int, int]:
        """The span of the sentence holding ``pos``."""
        for s, e in self.sentence_spans():
            if s <= pos < e:
                return (s, e)
        return (0, self.limit)

    _quantities: list[Quantity] | None = None
    _runs: frozenset[bytes] | None = None
    _tokens: list[Tok] | None = None
    _lows: frozenset[str] | None = None
    _starts: list[int] | None = None
    _ends: list[int] | None = None
    _caps: list[int] | None = None

    def __init__(
        self,
        doc: str,
        n: int,
        kind: str,
        text: str,
        norm: str,
        low: str,
        lang: str,
        limit: int,
        sentences: list[tuple[int, int]] | None = None,
    ) -> None:
        # The generated __init__ does the same, interpreted; compiled, this one is cheaper.
        self.doc = doc
        self.n = n
        self.kind = kind
        self.text = text
        self.norm = norm
        self.low = low
        self.lang = lang
        self.limit = limit
        self._sentences = sentences  # None: split when first asked for
        self._quantities = None
        self._runs = None
        self._tokens = None
        self._lows = None
        self._starts = None
        self._ends = None
        self._caps = None

    def words(self, start: int = 0, end: int | None = None) -> list[Tok]:
        """Tokens lying wholly within ``start``–``end`` (default: the usable text)."""
        if self._tokens is None:
            self._tokens = tokens(self.norm, 0, self.limit, self.low)
        stop = self.limit if end is None else min(end, self.limit)
        if start <= 0 and stop >= self.limit:
            return self._tokens
        starts, ends = self.token_bounds()
        # Tokens never overlap, so their ends ascend with their starts.
        first = bisect_left(starts, start)
        return self._tokens[first : max(first, bisect_right(ends, stop))]

    def cap_words(self) -> list[int]:
        """Indexes (into :meth:`words`) of the capitalised words, ascending."""
        if self._caps is None:
            self._caps = [n for n, t in enumerate(self.words()) if t.is_word and t.cap]
        return self._caps

    def lows(self) -> frozenset[str]:
        """The folded texts of :meth:`words`: a cheap test of whether a rule can apply."""
        if self._lows is None:
            self._lows = frozenset([t.low for t in self.words()])
        return self._lows

    def token_bounds(self) -> tuple[list[int], list[int]]:
        """The starts and the ends of :meth:`words`, both ascending."""
        if self._starts is None or self._ends is None:
            # Comprehensions, not map(attrgetter): compiled, they read the fields natively.
            toks = self.words()
            self._starts = [t.start for t in toks]
            self._ends = [t.end for t in toks]
        return self._starts, self._ends

    def tokens_in(self, spans: Iterable[tuple[int, int]]) -> frozenset[int]:
        """Indexes (into :meth:`words`) of the tokens starting inside any of ``spans``."""
        starts, _ = self.token_bounds()
        return frozenset(
            i for s, e in spans for i in range(bisect_left(starts, s), bisect_left(starts, e))
        )

    def quantities(self) -> list[Quantity]:
        """Figures, dates and weekdays of the usable text (:mod:`store.numbers`)."""
        if self._quantities is None:
            self._quantities, self._runs = read_quantities(
                self.text[: self.limit], self.lang, self.low[: self.limit]
            )
        return self._quantities

    def letter_runs(self) -> frozenset[bytes]:
        """The runs of letters a–z of ``low[:limit]`` (ASCII bytes): each whole word is one.

        A word searched for with no word character on either side (``\\bword\\b``)
        can only be found when it is one of these (:func:`store.numbers.read_quantities`).
        """
        if self._runs is None:
            self.quantities()
        assert self._runs is not None
        return self._runs


@dataclass(frozen=True, slots=True, init=False)
class Mention:
    """A reference to a person: a name, a role ("the Prime Minister") or a pronoun.

    ``key`` is the person's name key when known; ``roles`` the role keys stated.
    """

    para: int
    start: int
    end: int
    kind: str
    key: str | None
    roles: tuple[str, ...] = ()

    def __init__(
        self,
        para: int,
        start: int,
        end: int,
        kind: str,
        key: str | None,
        roles: tuple[str, ...] = (),
    ) -> None:
        # The generated __init__ does the same, interpreted; compiled, this one is cheaper.
        object.__setattr__(self, "para", para)
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "roles", roles)


@dataclass(slots=True)
class DocContext:
    """An article being read, with what rules share across its paragraphs."""

    article: Article
    lang: str
    ref: dt.date | None
    year: int | None
    paras: list[Para]
    facts: list[Fact] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)

    def of_kind(self, kind: FactKind, para: int | None = None) -> Iterator[Fact]:
        for f in self.facts:
            if f.kind == kind and (para is None or f.para == para):
                yield f


def _reference(article: Article) -> tuple[dt.date | None, int | None]:
    """The article's day (when known) and the year its days and months belong to.

    An undated article's month-days are read in the year its story names most.
    """
    value = article.date or ""
    if not value:
        return None, main_year("\n".join(p.text for p in article.paragraphs if p.kind == "body"))
    year = int(value[:4]) if value[:4].isdigit() else None
    if article.date_precision == "day":
        try:
            return dt.date.fromisoformat(value[:10]), year
        except ValueError:
            return None, year
    return None, year


def _fact_lang(article: Article) -> str:
    return article.lang if article.lang in ("en", "fr") else "en"


def doc_context(article: Article) -> DocContext:
    """Build the rules' view of ``article`` (credit lines and photo credits left out)."""
    lang = _fact_lang(article)
    ref, year = _reference(article)
    paras: list[Para] = []
    for p in article.paragraphs:
        if p.kind in ("credit", "junk"):
            continue
        norm = norm_text(p.text)
        limit = len(norm)
        if p.kind == "caption":
            if _PHOTO_CAPTION.match(norm):
                continue
            tail = _CAPTION_TAIL.search(norm)
            if tail:
                limit = tail.start()
        paras.append(
            Para(
                doc=article.id,
                n=p.n,
                kind=p.kind,
                text=p.text,
                norm=norm,
                low=fold(p.text),
                lang=lang,
                limit=limit,
            )
        )
    return DocContext(article=article, lang=lang, ref=ref, year=year, paras=paras)


def make_fact(kind: FactKind, para: Para, start: int, end: int, fields: dict[str, object]) -> Fact:
    """A fact over ``para.text[start:end]`` (trimmed of spaces) with a copy of ``fields``.

    ``fields`` is a dict, not keyword arguments: a field may be named like a parameter
    ("end"), which compiled code would take for that parameter.
    """
    while start < end and para.text[start].isspace():
        start += 1
    while end > start and para.text[end - 1].isspace():
        end -= 1
    return Fact(
        kind=kind,
        doc=para.doc,
        para=para.n,
        start=start,
        end=end,
        text=para.text[start:end],
        lang=para.lang,
        fields=dict(fields),
    )


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """True when two half-open spans share a character."""
    return a[0] < b[1] and b[0] < a[1]


_QUALIFIER = re.compile(
    r"(?:approximately|about|around|nearly|almost|some|roughly|over|more than|less than|"
    r"fewer than|up to|at least|close to|an estimated|estimated|environ|pres de|quelque|"
    r"plus de|moins de|presque|jusqu'a|au moins|pas moins de|autour de|quasiment)\s+$"
)


def qualifier_before(para: Para, start: int) -> tuple[int, str] | None:
    """A hedge right before a figure ("nearly", "plus de"): its start and words."""
    lo = max(0, start - 24)
    m = _QUALIFIER.search(para.low, lo, start)
    if m is None or m.end() != start:
        return None
    if m.start() > 0 and para.low[m.start() - 1].isalpha():
        return None
    words = para.text[m.start() : start].strip()
    return m.start(), words
