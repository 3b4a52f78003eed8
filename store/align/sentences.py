"""Sentence splitting for English and French news text, with character spans."""

from __future__ import annotations

import re

__all__ = ["split_sentences"]

# A sentence ends at . ! ? or … (plus closing quotes/brackets) before white
# space and something that can start a sentence.
_END = re.compile(r"[.!?…]+[\"”»’)\]]*(?=\s+[\"“«‘(\[]?\s?[A-ZÀ-ÖØ-ÞĐ0-9])")

# Words after which a full stop is not a sentence end.
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof st sr jr gen col lt sgt capt rep sen gov rev hon no nos vol fig
    art p pp ch sect approx est jan feb mar apr jun jul aug sep sept oct nov dec vs e.g i.e
    cf m mm mme mlle mlles pr ste av bd n°""".split()
)


def _ends_sentence(text: str, dot: int) -> bool:
    """Whether the full stop at ``dot`` ends a sentence."""
    if text[dot] != ".":
        return True
    word = re.search(r"([\w.°]+)$", text[:dot])
    if word is None:
        return True
    token = word.group(1)
    if token.lower() in _ABBREVIATIONS:
        return False
    # An initial ("J. Smith") or a dotted acronym ("U.S.", "J.-C.").
    if len(token) == 1 and token.isupper():
        return False
    return not re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", token)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Spans ``(start, end)`` of the sentences of ``text``, white space trimmed."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _END.finditer(text):
        if not _ends_sentence(text, match.start()):
            continue
        end = match.end()
        if text[start:end].strip():
            spans.append(_trim(text, start, end))
        start = end
    if text[start:].strip():
        spans.append(_trim(text, start, len(text)))
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
