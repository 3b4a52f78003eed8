"""Split paragraph text into the passages search looks at: sentences and quotes.

Sentences and quoted passages are those of :mod:`store.sentences`, the store's
one sentence splitter.

A photo caption is one passage of its own kind, ``caption``, without the photo
credit that ends it ("… on Tuesday. — VNA/VNS Photo Dương Giang |", "… (Photo:
VNA)"): a caption says who and what is pictured, which a user may remember and
look for; the credit names the photographer, which a hit should not show as
if it were the article's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from newsdesk.store.sentences import find_quotes, split_sentences

__all__ = ["Passage", "caption_span", "passages"]

PassageKind = Literal["sentence", "quote", "caption"]


@dataclass(frozen=True, slots=True)
class Passage:
    """A stretch ``[start, end)`` of a paragraph's text."""

    start: int
    end: int
    kind: PassageKind


# An agency's name: upper-case tokens joined by "/" or "-" ("VNA/VNS", "PV-TTXVN", "AFP").
_AGENCY = r"[A-Z][A-Z0-9]{1,11}(?:[/\-][A-Z][A-Z0-9]{1,11}){0,3}"
_PHOTO_WORD = r"(?i:photos?|ảnh|crédit photo|credit|courtesy)"
# A credit that ends a caption: after a dash, an agency or a photo word and what
# follows it; or "(Photo: …)"; a stray "|" may close either.
_CAPTION_CREDIT = re.compile(
    # "… — VNA/VNS Photo Dương Giang |", "… - VNA", "… – Photo courtesy of Samsung"
    rf"\s*(?:[—–]|\s-)\s*(?:{_AGENCY}|[^—–|]{{0,40}}?\b{_PHOTO_WORD}\b)[^—–]*?\s*\|?\s*$"
    # "… (Photo: VNA)", "… (Photo : AP)"
    rf"|\s*\(\s*{_PHOTO_WORD}\s*[:：][^)]*\)\s*\|?\s*$"
    # "… in Hue. Photo: VNA", "… Photo by Shutterstock", "… Photo diffusée par la VNA"
    r"|(?<=[.!?…])\s*(?:Photo|Ảnh|Crédit photo)\b[^.!?]{0,80}$"
    # "… 1Photo: VNA", "… Photo credit: WCS"
    r"|\s*(?:Photo|Ảnh)(?:\s+credit)?\s*[:：][^.!?]{0,80}$"
)
# A caption that is only a credit: "Photo: VNA/CVN", "(Ảnh: TTXVN)", "Photo credit: WCS".
_CREDIT_ONLY = re.compile(
    rf"^\(?\s*{_PHOTO_WORD}(?:\s+credit|\s+d'illustration)?\s*[:：][^.!?]{{0,60}}\)?\s*\|?\s*$"
)


def caption_span(text: str) -> tuple[int, int] | None:
    """The span of a caption's own words, without the photo credit that ends it;
    None for a caption that is nothing but a credit."""
    if _CREDIT_ONLY.match(text):
        return None
    credit = _CAPTION_CREDIT.search(text)
    end = credit.start() if credit and credit.start() > 0 else len(text.rstrip(" |"))
    start = len(text) - len(text.lstrip())
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def passages(text: str) -> list[Passage]:
    """The sentences and quoted passages of a paragraph, by start then length."""
    quotes = find_quotes(text)
    result = [Passage(s, e, "sentence") for s, e in split_sentences(text)]
    result.extend(Passage(s, e, "quote") for s, e in quotes)
    result.sort(key=lambda p: (p.start, p.end - p.start))
    return result
