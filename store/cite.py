"""Citations: a quote, sentence or paragraph with where it comes from.

``citation(article, 4)`` gives ``“…” — VNS, 2023-10-10, ¶4``; with a speaker
(from the facts engine, see :func:`speaker_for`) it gives
``“…” — Phạm Minh Chính, VNS, 2023-10-10, ¶4``. French text is quoted with
« … ». :func:`passage_around` widens a highlighted span (a search hit, a fact)
to the quotation or sentence that holds it, which is what a reader copies.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from newsdesk.store.sentences import find_quotes, split_sentences
from newsdesk.store.text import visible_controls

__all__ = ["Cited", "citation", "cite", "passage_around", "source_line", "speaker_for"]

_NBSP = "\u00a0"
# A passage already in quotation marks is not quoted twice; marks inside it nest.
_OPEN_MARKS = '"“„‟«'
_CLOSE_MARKS = '"”»'
_DOUBLE_MARKS = '"“”„‟«»'
_NESTED_EN = str.maketrans({"“": "‘", "”": "’", "„": "‘", "‟": "‘", '"': "'", "«": "‘", "»": "’"})
_NESTED_FR = str.maketrans({"«": "“", "»": "”"})


class _ArticleLike(Protocol):
    """What a citation reads of an article (read-only, as :class:`store.Article` has it)."""

    @property
    def id(self) -> str: ...
    @property
    def lang(self) -> str: ...
    @property
    def date(self) -> str | None: ...
    @property
    def source(self) -> str | None: ...

    def paragraph(self, n: int) -> Any: ...


def source_line(article: _ArticleLike, para: int, speaker: str | None = None) -> str:
    """``Phạm Minh Chính, VNS, 2023-10-10, ¶4``: who, which source, when, where."""
    parts = [speaker] if speaker else []
    parts.append(article.source or article.id)
    if article.date:
        parts.append(article.date)
    parts.append(f"¶{para}")
    return ", ".join(visible_controls(" ".join(part.split())) for part in parts)


def _quoted(text: str, lang: str) -> str:
    """``text`` in quotation marks; marks inside become the nested kind (“ ” → ‘ ’)."""
    body = " ".join(visible_controls(text).split())
    inner = body[1:-1]
    if (
        len(body) >= 2
        and body[0] in _OPEN_MARKS
        and body[-1] in _CLOSE_MARKS
        and not any(ch in _DOUBLE_MARKS for ch in inner)
    ):
        body = inner.strip()
    if lang == "fr":
        body = body.translate(_NESTED_FR)
        return f"«{_NBSP}{body}{_NBSP}»"
    return f"“{body.translate(_NESTED_EN)}”"


def citation(
    article: _ArticleLike,
    para: int,
    text: str | None = None,
    *,
    speaker: str | None = None,
) -> str:
    """The quoted ``text`` (default: the whole paragraph ``para``) and its source line.

    White space inside is collapsed to single spaces, control characters are
    made visible, and quotation marks already at the ends are not doubled.
    """
    if text is None:
        text = str(article.paragraph(para).text)
    return f"{_quoted(text, article.lang)} — {source_line(article, para, speaker)}"


def _passages(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of the sentences and quotations of ``text``."""
    quotes = find_quotes(text)
    found = [(s, e, "sentence") for s, e in split_sentences(text)]
    return found + [(s, e, "quote") for s, e in quotes]


def passage_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the smallest quotation holding ``[start, end)``, else of its sentences.

    A span that no quotation holds widens to every sentence it touches; the
    result is trimmed of white space and never smaller than the span itself.
    """
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    if end < start:
        start, end = end, start
    found = _passages(text)
    quotes = [(s, e) for s, e, kind in found if kind == "quote" and s <= start and end <= e]
    if quotes:
        return min(quotes, key=lambda span: span[1] - span[0])
    touched = [
        (s, e)
        for s, e, kind in found
        if kind == "sentence" and s < max(end, start + 1) and e > start
    ]
    if not touched:
        return start, end
    new_start = min(start, min(s for s, _ in touched))
    new_end = max(end, max(e for _, e in touched))
    while new_start < new_end and text[new_start].isspace():
        new_start += 1
    while new_end > new_start and text[new_end - 1].isspace():
        new_end -= 1
    return new_start, new_end


def speaker_for(facts: Iterable[Any], para: int, start: int, end: int) -> str | None:
    """The speaker of the quote facts in paragraph ``para`` that overlap ``[start, end)``.

    ``facts`` are facts-engine records (``kind``, ``para``, ``start``, ``end`` and
    a ``speaker`` field). None when no quote overlaps, when no speaker is
    known, or when the overlapping quotes have different speakers.
    """
    speakers: set[str] = set()
    for fact in facts:
        if getattr(fact, "kind", None) != "quote" or getattr(fact, "para", None) != para:
            continue
        if not (fact.start < end and start < fact.end):
            continue
        name = _speaker_name(fact)
        if name is None:
            return None
        speakers.add(name)
    return speakers.pop() if len(speakers) == 1 else None


def _speaker_name(fact: Any) -> str | None:
    fields = getattr(fact, "fields", None) or {}
    speaker = fields.get("speaker")
    if isinstance(speaker, dict):
        speaker = speaker.get("name") or speaker.get("canonical")
    if not isinstance(speaker, str) or not speaker.strip():
        return None
    return speaker.strip()


class Cited:
    """What a reader copies: the passage, its paragraph and the full citation."""

    __slots__ = ("end", "para", "speaker", "start", "text", "whole")

    def __init__(
        self, para: int, start: int, end: int, text: str, speaker: str | None, whole: bool
    ) -> None:
        self.para = para
        self.start = start
        self.end = end
        self.text = text
        self.speaker = speaker
        self.whole = whole

    def __repr__(self) -> str:
        return f"Cited(para={self.para}, span=({self.start}, {self.end}), speaker={self.speaker!r})"


def cite(
    article: _ArticleLike,
    para: int,
    spans: list[tuple[int, int]] | None = None,
    facts: Iterable[Any] = (),
) -> tuple[str, Cited]:
    """The citation to copy for paragraph ``para`` with ``spans`` highlighted in it.

    With spans, the passage is the quotation or sentence(s) around them
    (:func:`passage_around`); without, the whole paragraph. The speaker comes
    from ``facts`` (see :func:`speaker_for`).
    """
    text = str(article.paragraph(para).text)
    if spans:
        start, end = passage_around(text, min(s for s, _ in spans), max(e for _, e in spans))
    else:
        start, end = 0, len(text)
    passage = text[start:end]
    speaker = speaker_for(facts, para, start, end)
    whole = not text[:start].strip() and not text[end:].strip()
    cited = Cited(para, start, end, passage, speaker, whole)
    return citation(article, para, passage, speaker=speaker), cited
