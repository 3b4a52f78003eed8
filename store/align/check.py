"""The translation check: what one version says that the other does not.

For every link of an alignment the facts that must survive translation are
compared across the two sides — figures, dates and weekdays (language-
normalised by :mod:`store.numbers`) and proper names (accent-folded, with
cognate, lexicon and acronym tolerance). A fact found on one side only is a
*mismatch*, unless it moved to a neighbouring link (translators reorder) or
is a weekday the other side gives as a date ("Wednesday" = "mercredi 20
novembre" in an article of 2024-11-20). Paragraphs and sentences left
without a partner are reported as *one-sided*, with the figures they carry.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from newsdesk.store.align.aligner import Alignment, Link
from newsdesk.store.align.features import _BIGRAMS, LEXICON
from newsdesk.store.dates import MONTHS, WEEKDAYS
from newsdesk.store.numbers import Quantity, extract_quantities
from newsdesk.store.records import Article
from newsdesk.store.text import fold

__all__ = ["CheckReport", "Finding", "check_alignment", "figure_context"]

Side = Literal["left", "right"]
FindingKind = Literal["paragraph", "sentence", "number", "name"]

#: Links either side of a fact in which its counterpart may have moved.
MOVE_WINDOW = 2

# Capitalised words that are titles or generic parts of names, not names (folded).
NAME_STOPWORDS = frozenset(
    """mr mrs ms dr prof president chairman chairwoman vice deputy prime premier minister
    ministers ministre secretary secretaire general governor gouverneur director directeur
    directrice head chief chef party parti committee comite government gouvernement state
    etat national nationale international world monde summit sommet conference forum day
    index office department authority association agency ltd inc corp group province city
    district town street lake river bay island bridge quarter old new north south east west
    northern southern eastern western central the and for les des pour photo pdg pm ceo
    permanent sud nord est ouest service services administration ministry ministere council
    conseil assembly assemblee institute institut center centre university universite
    company societe agence vieux vieille nouveau nouvelle grand grande petit petite
    this that these those there their his her its our they she you but while with from
    after before during when where what which however according also other some many
    most more such since last first les une dans pour avec selon depuis pendant lors apres
    avant cette entre sous leur mais plus tout tous sur par aux ces son ses""".split()
) | frozenset(fold(w) for w in (*MONTHS, *WEEKDAYS))

_QUOTED = re.compile(r"[“\"«][^“”\"«»]{0,400}[”\"»]")
_DEFINED_ACRONYM = re.compile(r"\(([A-Z][A-Z0-9]{1,9})\)")
_FOLDED_WORD = re.compile(r"[^\W_]+")
# A capitalised word (after an elided article: "l'Association" gives "Association").
_CAPITALISED = re.compile(
    r"(?<![\w-])(?<!\w['’])[A-ZÀ-ÖØ-ÞĐ][^\W_]*(?:-[^\W\d_]+)*|(?<=\b[ldLD]['’])[A-ZÀ-ÖØ-ÞĐ][^\W_]*"
)
# What may join the words of one name: "Ministry of Agriculture and Rural Development".
_RUN_GAP = re.compile(r" | ?- ?| of | of the | and | de | du | des | de la | de l'| d'| et ")
_SENTENCE_START = re.compile(r"(?:^|[.!?…:]\s*[\"“«‘(]?\s*|[\"“«]\s*)$")


@dataclass(frozen=True, slots=True)
class Finding:
    """Something on one side only.

    ``kind`` is "paragraph" or "sentence" (a whole unit without a partner)
    or "number" / "name" (a fact missing from the other side of its link).
    ``n`` is the paragraph, ``s`` the sentence (from 1), ``start:end`` the
    span of ``text`` in the paragraph's text; ``link`` indexes
    :attr:`Alignment.links`.
    """

    kind: FindingKind
    side: Side
    n: int
    start: int
    end: int
    text: str
    link: int
    s: int | None = None
    key: str | None = None
    paragraph_kind: str | None = None
    figures: tuple[Quantity, ...] = field(default=())
    #: The paragraph's text, to give figures their context.
    paragraph_text: str = ""

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "kind": self.kind,
            "side": self.side,
            "n": self.n,
            "s": self.s,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "link": self.link,
        }
        if self.key is not None:
            data["key"] = self.key
        if self.paragraph_kind is not None:
            data["paragraph_kind"] = self.paragraph_kind
        if self.kind in ("paragraph", "sentence"):
            data["figures"] = [_figure(q, self.paragraph_text) for q in self.figures]
        return data


_NEXT_WORD = re.compile(r"\s+(?:de\s+|d['’]|of\s+)?([^\W\d_]{3,})")


def figure_context(text: str, q: Quantity) -> str:
    """A figure with the word it counts: "170 institutions", "dix années", "six continents"."""
    m = _NEXT_WORD.match(text, q.end)
    return text[q.start : m.end()] if m and q.kind in ("number", "ordinal") else q.text


def _figure(q: Quantity, text: str) -> dict[str, Any]:
    return {
        "text": q.text,
        "context": figure_context(text, q),
        "kind": q.kind,
        "value": q.value,
        "unit": q.unit,
        "key": q.key,
        "start": q.start,
        "end": q.end,
    }


@dataclass(frozen=True, slots=True)
class CheckReport:
    """The check of one alignment: findings per link, and all of them by kind."""

    alignment: Alignment
    link_findings: tuple[tuple[Finding, ...], ...]

    @property
    def one_sided(self) -> list[Finding]:
        """Paragraphs and sentences without a partner, in reading order."""
        return [f for fs in self.link_findings for f in fs if f.kind in ("paragraph", "sentence")]

    @property
    def mismatches(self) -> list[Finding]:
        """Figures and names present on one side of a link only."""
        return [f for fs in self.link_findings for f in fs if f.kind in ("number", "name")]


# -- facts of one side of a link ----------------------------------------------


@dataclass(frozen=True, slots=True)
class _Fact:
    n: int
    start: int
    end: int
    text: str
    key: str
    quantity: Quantity | None = None
    tokens: tuple[str, ...] = ()


def _weak(q: Quantity) -> bool:
    """Figures in words that are usually idiom, not facts: "first", "both", "one of"."""
    return q.spelled and (q.kind == "ordinal" or q.value <= 2)


def _numbers(article: Article, numbers: Sequence[int]) -> list[_Fact]:
    facts: list[_Fact] = []
    for n in numbers:
        for q in extract_quantities(article.paragraph(n).text, article.lang):
            if not _weak(q):
                facts.append(_Fact(n, q.start, q.end, q.text, q.key, quantity=q))
    return facts


def _defined_acronyms(article: Article) -> set[str]:
    """Acronyms an article defines in brackets: "Conférence mondiale de l'Internet (CMI)"."""
    return {m.group(1) for p in article.paragraphs for m in _DEFINED_ACRONYM.finditer(p.text)}


def _names(article: Article, numbers: Sequence[int], acronyms: set[str]) -> list[_Fact]:
    """Runs of capitalised words outside quotations, minus titles and defined acronyms.

    "Ministry of Agriculture and Rural Development" is one run; a lone
    capitalised word opening a sentence is no name.
    """
    facts: list[_Fact] = []
    for n in numbers:
        text = article.paragraph(n).text
        folded = fold(text)
        skip = [m.span() for m in _QUOTED.finditer(text)]
        skip += [q.span for q in extract_quantities(text, article.lang)]
        spans = [
            (m.start(), m.end())
            for m in _CAPITALISED.finditer(text)
            if not any(s <= m.start() < e for s, e in skip) and m.group() not in acronyms
        ]
        runs: list[list[tuple[int, int]]] = []
        for span in spans:
            if runs and _RUN_GAP.fullmatch(folded[runs[-1][-1][1] : span[0]]):
                runs[-1].append(span)
            else:
                runs.append([span])
        for run in runs:
            start, end = run[0][0], run[-1][1]
            if len(run) == 1 and _SENTENCE_START.search(text[max(0, start - 4) : start]):
                continue
            tokens = tuple(
                part
                for s, e in run
                for part in re.split(r"[-'’]", folded[s:e])
                if len(part) > 2 and part not in NAME_STOPWORDS
            )
            if tokens:
                facts.append(_Fact(n, start, end, text[start:end], " ".join(tokens), None, tokens))
    return facts


@dataclass(slots=True)
class _Vocabulary:
    """The words of one side of a link, for looking names up."""

    words: set[str]
    prefixes: set[str]
    concepts: set[str]
    anagrams: set[str]

    @classmethod
    def of(cls, texts: Iterable[str]) -> _Vocabulary:
        words: set[str] = set()
        concepts: set[str] = set()
        for text in texts:
            previous = ""
            for m in _FOLDED_WORD.finditer(fold(text)):
                word = m.group()
                words.add(word)
                concept = LEXICON.get(word) or _BIGRAMS.get((previous, word))
                if concept:
                    concepts.add(concept)
                previous = word
        # Adjacent short syllables joined: "Hà Nội" reads as "hanoi", "Việt Nam" as "vietnam".
        prefixes = {w[:4] for w in words if len(w) >= 4}
        anagrams = {"".join(sorted(w)) for w in words if len(w) <= 4}
        return cls(words, prefixes, concepts, anagrams)

    def has(self, fact: _Fact) -> bool:
        tokens = fact.tokens
        joined = "".join(tokens)
        if joined in self.words or (len(tokens) > 1 and joined in LEXICON):
            return True
        for i, token in enumerate(tokens):
            if token in self.words:
                return True
            concept = LEXICON.get(token) or (i and _BIGRAMS.get((tokens[i - 1], token)))
            if concept and concept in self.concepts:
                return True
            if len(token) >= 4 and token[:4] in self.prefixes:
                return True
            # Short names and acronyms may be permuted: "AI" is "IA", "GSO" is "OGS".
            if len(token) <= 4 and "".join(sorted(token)) in self.anagrams:
                return True
        return False


# -- weekdays given as dates ----------------------------------------------------


def _year(*articles: Article) -> int | None:
    for article in articles:
        if article.date:
            return int(article.date[:4])
    return None


def _weekday_of(q: Quantity, year: int | None) -> int | None:
    if year is None or q.kind != "date" or q.month is None:
        return None
    try:
        return dt.date(year, q.month, int(q.value)).weekday()
    except ValueError:
        return None


def _resolve_weekdays(mine: list[_Fact], theirs: list[_Fact], year: int | None) -> list[_Fact]:
    """Drop weekdays the other side gives as a date, and dates it gives as a weekday."""
    their_weekdays = {
        int(f.quantity.value) for f in theirs if f.quantity and f.quantity.kind == "weekday"
    }
    their_date_days = {
        _weekday_of(f.quantity, year) for f in theirs if f.quantity and f.quantity.kind == "date"
    }
    kept: list[_Fact] = []
    for fact in mine:
        q = fact.quantity
        if q is not None and q.kind == "weekday" and int(q.value) in their_date_days:
            continue
        if q is not None and q.kind == "date" and _weekday_of(q, year) in their_weekdays:
            continue
        kept.append(fact)
    return kept


# -- the check -----------------------------------------------------------------


def _one_sided_findings(index: int, link: Link, left: Article, right: Article) -> list[Finding]:
    side: Side = "left" if link.left else "right"
    article = left if link.left else right
    findings: list[Finding] = []
    for n in link.left or link.right:
        p = article.paragraph(n)
        findings.append(
            Finding(
                "paragraph",
                side,
                n,
                0,
                len(p.text),
                p.text,
                index,
                paragraph_kind=p.kind,
                figures=tuple(extract_quantities(p.text, article.lang)),
                paragraph_text=p.text,
            )
        )
    return findings


def _sentence_findings(index: int, link: Link, left: Article, right: Article) -> list[Finding]:
    findings: list[Finding] = []
    for sl in link.sentences:
        if sl.left and sl.right:
            continue
        side: Side = "left" if sl.left else "right"
        article = left if sl.left else right
        for ref in sl.left or sl.right:
            text = article.paragraph(ref.n).text[ref.start : ref.end]
            figures = tuple(
                q
                for q in extract_quantities(article.paragraph(ref.n).text, article.lang)
                if ref.start <= q.start < ref.end
            )
            findings.append(
                Finding(
                    "sentence",
                    side,
                    ref.n,
                    ref.start,
                    ref.end,
                    text,
                    index,
                    s=ref.s,
                    figures=figures,
                )
            )
    return findings


def check_alignment(left: Article, right: Article, alignment: Alignment) -> CheckReport:
    """Check every link of ``alignment`` between ``left`` and ``right``."""
    links = alignment.links
    year = _year(left, right)
    l_acronyms, r_acronyms = _defined_acronyms(left), _defined_acronyms(right)
    facts: list[tuple[list[_Fact], list[_Fact], list[_Fact], list[_Fact]]] = []
    texts: list[tuple[list[str], list[str]]] = []
    for link in links:
        l_text = [left.paragraph(n).text for n in link.left]
        r_text = [right.paragraph(n).text for n in link.right]
        texts.append((l_text, r_text))
        bodies = all(left.paragraph(n).kind == "body" for n in link.left) and all(
            right.paragraph(n).kind == "body" for n in link.right
        )
        if link.one_sided or not bodies:
            facts.append(([], [], [], []))
            continue
        facts.append(
            (
                _numbers(left, link.left),
                _numbers(right, link.right),
                _names(left, link.left, l_acronyms),
                _names(right, link.right, r_acronyms),
            )
        )

    article_vocab = (
        _Vocabulary.of(p.text for p in left.paragraphs if p.kind == "body"),
        _Vocabulary.of(p.text for p in right.paragraphs if p.kind == "body"),
    )

    def near(index: int) -> range:
        return range(max(0, index - MOVE_WINDOW), min(len(links), index + MOVE_WINDOW + 1))

    all_findings: list[tuple[Finding, ...]] = []
    for index, link in enumerate(links):
        if link.one_sided:
            all_findings.append(tuple(_one_sided_findings(index, link, left, right)))
            continue
        l_nums, r_nums, l_names, r_names = facts[index]
        found: list[Finding] = []
        number_sides: tuple[tuple[Side, list[_Fact], list[_Fact], int], ...] = (
            ("left", l_nums, r_nums, 1),
            ("right", r_nums, l_nums, 0),
        )
        for side, mine, theirs, other_side in number_sides:
            their_keys = {f.key for f in theirs}
            missing = [f for f in mine if f.key not in their_keys]
            missing = _resolve_weekdays(missing, theirs, year)
            # Moved to a neighbouring link?
            nearby = {f.key for k in near(index) for f in facts[k][other_side]}
            for f in missing:
                if f.key in nearby:
                    continue
                found.append(Finding("number", side, f.n, f.start, f.end, f.text, index, key=f.key))
        name_sides: tuple[tuple[Side, list[_Fact], int], ...] = (
            ("left", l_names, 1),
            ("right", r_names, 0),
        )
        for side, names, other in name_sides:
            if not names:
                continue
            vocab = _Vocabulary.of(texts[index][other])
            for f in names:
                # A name anywhere in the other version is no new fact, only moved.
                if vocab.has(f) or article_vocab[other].has(f):
                    continue
                found.append(Finding("name", side, f.n, f.start, f.end, f.text, index, key=f.key))
        found.extend(_sentence_findings(index, link, left, right))
        found.sort(key=lambda f: (f.side != "left", f.n, f.start))
        all_findings.append(tuple(found))
    return CheckReport(alignment, tuple(all_findings))
