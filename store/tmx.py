"""Aligned translation pairs as a TMX 1.4b translation memory (what CAT tools import).

One ``<tu>`` per sentence link of the aligner (:mod:`store.align`): a 1–1 link
gives one segment a side, a 1–2 or 2–1 link joins its sentences with a space.
Every ``<tuv>`` has its ``xml:lang`` and, as ``<prop>``s, the article id, its
date, and the paragraph and sentence numbers its text comes from; the ``<tu>``
has the link's kind and score. Links scoring below ``min_score`` are left out
so that a memory is not polluted by doubtful links; so are sentences on one
side only, unless they are asked for (then as a unit with one ``<tuv>`` and an
``x-one-sided`` prop).

The text is written as XML 1.0 requires: ``&``, ``<`` and ``>`` escaped (so
``]]>`` cannot end anything), and the characters XML 1.0 forbids (C0 controls
but tab and line ends, lone surrogates, U+FFFE/U+FFFF) dropped, never written,
with the C1 controls the standard asks authors to avoid.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from newsdesk.store.align import Alignment, SentenceRef
from newsdesk.store.records import Article
from newsdesk.store.sentences import split_sentences

__all__ = [
    "DEFAULT_MIN_SCORE",
    "PairUnits",
    "Unit",
    "Variant",
    "pair_units",
    "source_language",
    "tmx_chunks",
    "xml_text",
]

#: Links the aligner is less sure of than this are left out by default: below 0.5
#: linking the sentences cost it more than leaving both out. On the bitext development
#: set every unit scores at least 0.5 (99% of them right); a stricter 0.7 drops one
#: unit in seven and is no more precise (``python -m bench.bench_tmx``).
DEFAULT_MIN_SCORE = 0.5
#: The joint between the sentences of one side of a 1–2 or 2–1 link.
JOINER = " "

# Characters XML 1.0 forbids (§2.2 Char), plus the C1 controls it asks authors to avoid.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
_TEXT_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"}
_ATTR_ESCAPES = {**_TEXT_ESCAPES, '"': "&quot;", "\n": "&#10;", "\t": "&#9;"}
_TEXT_SPECIAL = re.compile("[&<>\r]")
_ATTR_SPECIAL = re.compile('[&<>\r"\n\t]')


def xml_text(text: str) -> str:
    """``text`` as XML 1.0 element content: special characters escaped, forbidden ones dropped."""
    text = _NOT_XML.sub("", text)
    return _TEXT_SPECIAL.sub(lambda m: _TEXT_ESCAPES[m.group()], text)


def _attr(text: str) -> str:
    text = _NOT_XML.sub("", text)
    return _ATTR_SPECIAL.sub(lambda m: _ATTR_ESCAPES[m.group()], text)


@dataclass(frozen=True, slots=True)
class Variant:
    """One language's side of a unit: the text and where it comes from."""

    lang: str
    doc: str
    date: str | None
    paragraphs: tuple[int, ...]
    sentences: tuple[str, ...]
    text: str


@dataclass(frozen=True, slots=True)
class Unit:
    """A translation unit: its variants, source language first (one when one-sided)."""

    tuid: str
    srclang: str
    kind: str
    score: float
    variants: tuple[Variant, ...]

    @property
    def one_sided(self) -> bool:
        return len(self.variants) == 1


@dataclass(frozen=True, slots=True)
class PairUnits:
    """The units of one pair, and how many were left out and why."""

    units: tuple[Unit, ...]
    below_score: int
    one_sided: int

    @property
    def left_out(self) -> int:
        return self.below_score + self.one_sided


def source_language(left: Article, right: Article, srclang: str | None) -> str:
    """The pair's source language: ``srclang`` if one side has it, else English, else the left.

    ValueError when ``srclang`` is asked for and neither side is in it.
    """
    langs = (left.lang, right.lang)
    if srclang is not None:
        if srclang not in langs:
            raise ValueError(f"{left.id} ⇄ {right.id} is {left.lang}/{right.lang}, not {srclang}")
        return srclang
    return "en" if "en" in langs else left.lang


def _variant(article: Article, refs: Sequence[SentenceRef]) -> Variant:
    parts = [article.paragraph(r.n).text[r.start : r.end] for r in refs]
    paragraphs = tuple(dict.fromkeys(r.n for r in refs))
    return Variant(
        lang=article.lang or "und",
        doc=article.id,
        date=article.date,
        paragraphs=paragraphs,
        sentences=tuple(r.label for r in refs),
        text=_NOT_XML.sub("", JOINER.join(parts)).strip(),
    )


def _whole_paragraph(article: Article, n: int) -> list[SentenceRef]:
    text = article.paragraph(n).text
    return [
        SentenceRef(n, s, start, end)
        for s, (start, end) in enumerate(split_sentences(text), start=1)
    ]


def _sentence_links(
    left: Article, right: Article, alignment: Alignment
) -> Iterator[tuple[list[SentenceRef], list[SentenceRef], float]]:
    """(left sentences, right sentences, score) for every link, in reading order."""
    for link in alignment.links:
        if link.left and link.right:
            for sentence in link.sentences:
                yield list(sentence.left), list(sentence.right), min(link.score, sentence.score)
            continue
        for n in link.left:
            for ref in _whole_paragraph(left, n):
                yield [ref], [], link.score
        for n in link.right:
            for ref in _whole_paragraph(right, n):
                yield [], [ref], link.score


def pair_units(
    left: Article,
    right: Article,
    alignment: Alignment,
    *,
    srclang: str | None = None,
    min_score: float = DEFAULT_MIN_SCORE,
    keep_one_sided: bool = False,
) -> PairUnits:
    """The TMX units of an aligned pair (``alignment`` of ``left`` with ``right``).

    A unit's ``tuid`` is ``LEFT/RIGHT/k`` for the k-th sentence link of the pair,
    whatever is left out, so ids stay the same from one export to the next.
    """
    source = source_language(left, right, srclang)
    units: list[Unit] = []
    below = alone = 0
    for k, (lrefs, rrefs, score) in enumerate(_sentence_links(left, right, alignment), start=1):
        variants = [
            _variant(article, refs) for article, refs in ((left, lrefs), (right, rrefs)) if refs
        ]
        variants = [v for v in variants if v.text]
        if not variants:
            continue
        if len(variants) == 2 and score < min_score:
            below += 1
            continue
        if len(variants) == 1 and not keep_one_sided:
            alone += 1
            continue
        variants.sort(key=lambda v: v.lang != source)
        units.append(
            Unit(
                tuid=f"{left.id}/{right.id}/{k}",
                srclang=variants[0].lang if len(variants) == 1 else source,
                kind=f"{len(lrefs)}-{len(rrefs)}",
                score=round(score, 3),
                variants=tuple(variants),
            )
        )
    return PairUnits(tuple(units), below, alone)


# -- the document --------------------------------------------------------------


def _prop(kind: str, value: str, indent: str) -> str:
    return f'{indent}<prop type="{_attr(kind)}">{xml_text(value)}</prop>\n'


def _unit_xml(unit: Unit) -> str:
    lines = [f'    <tu tuid="{_attr(unit.tuid)}" srclang="{_attr(unit.srclang)}">\n']
    lines.append(_prop("x-link", unit.kind, "      "))
    lines.append(_prop("x-score", f"{unit.score:.3f}", "      "))
    if unit.one_sided:
        lines.append(_prop("x-one-sided", unit.variants[0].lang, "      "))
    for v in unit.variants:
        lines.append(f'      <tuv xml:lang="{_attr(v.lang)}">\n')
        lines.append(_prop("x-document", v.doc, "        "))
        if v.date:
            lines.append(_prop("x-date", v.date, "        "))
        lines.append(_prop("x-paragraph", ",".join(map(str, v.paragraphs)), "        "))
        lines.append(_prop("x-sentence", ",".join(v.sentences), "        "))
        lines.append(f"        <seg>{xml_text(v.text)}</seg>\n")
        lines.append("      </tuv>\n")
    lines.append("    </tu>\n")
    return "".join(lines)


def tmx_chunks(units: Iterable[Unit], srclang: str, *, version: str = "0") -> Iterator[str]:
    """The TMX 1.4b document of ``units``, in pieces to write one after the other.

    ``srclang`` goes in the header (each ``<tu>`` also names its own); ``version``
    is newsdesk's, as ``creationtoolversion``. No creation date is written, so the
    same archive always gives the same file.
    """
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield '<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'
    yield '<tmx version="1.4">\n'
    yield (
        f'  <header creationtool="newsdesk" creationtoolversion="{_attr(version)}"'
        f' datatype="plaintext" segtype="sentence" adminlang="en"'
        f' srclang="{_attr(srclang)}" o-tmf="newsdesk"/>\n'
    )
    yield "  <body>\n"
    for unit in units:
        yield _unit_xml(unit)
    yield "  </body>\n"
    yield "</tmx>\n"
