"""Split paragraph text into the passages search looks at: sentences and quotes.

Sentences end at ``.``, ``!``, ``?`` or ``…`` (closing quotes and brackets may
follow) before white space and a capital letter or digit. What does not end a
sentence: a decimal point ("1.5 million", "US$118 billion"), an abbreviation
("Oct. 10", "Mr. Long", "U.S. President"), an initial ("Lê T. Long"), or a
full stop inside a quotation that closes later in the same paragraph.

Quoted passages are the text inside “…”, "…", « … », „…“ and ‘…’ or '…'
(apostrophes inside words such as "Nam's" are not quotes).

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

__all__ = ["Passage", "caption_span", "find_quotes", "passages", "split_sentences"]

PassageKind = Literal["sentence", "quote", "caption"]


@dataclass(frozen=True, slots=True)
class Passage:
    """A stretch ``[start, end)`` of a paragraph's text."""

    start: int
    end: int
    kind: PassageKind


# Abbreviations that take a full stop and are usually followed by a capital.
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof st mt messrs gen lt col capt cmdr sgt sen rep gov pres
    jan feb mar apr jun jul aug sep sept oct nov dec no nos vol fig art para
    jr sr mme mlle mm ste pr me""".split()
)
# A run of terminal punctuation, optional closers, then white space.
_BOUNDARY = re.compile(r"[.!?…]+(?:\s?[\"”»’')\]])*\s+")
_OPENERS = "\"“«‘'([„"
_LAST_WORD = re.compile(r"([^\W\d_](?:[\w.]*[^\W_])?)\.+$")
_DOTTED = re.compile(r"(?:[^\W\d_]\.){2,}$")

_DOUBLE_OPEN = "“„«"
_DOUBLE_CLOSE = "”»"
_BEFORE_OPEN = set(" \t\n([{—–-/")
_AFTER_CLOSE = set(" \t\n.,;:!?)]}—–-/…")


def _is_sentence_end(text: str, end: int) -> bool:
    """Whether the punctuation run ending at ``end`` really ends a sentence."""
    head = text[max(0, end - 40) : end].rstrip()
    # A closing quote or bracket after the stop means the stop ends a quotation.
    head = head.rstrip("\"”»’')] ")
    if not head or head[-1] not in ".!?…":
        return True
    if head[-1] != ".":
        return True
    if _DOTTED.search(head):
        return False  # "U.S." "a.m."
    match = _LAST_WORD.search(head)
    if match is None:
        return True
    word = match.group(1)
    if len(word) == 1 and word.isupper():
        return False  # an initial
    return word.lower() not in _ABBREVIATIONS


def _starts_sentence(text: str, pos: int) -> bool:
    """Whether the text at ``pos`` can begin a sentence (capital or digit)."""
    n = len(text)
    while pos < n and (text[pos] in _OPENERS or text[pos] in " \u00a0\u202f"):
        pos += 1
    if pos >= n:
        return False
    ch = text[pos]
    return ch.isupper() or ch.isdigit() or (ch.isalpha() and not ch.islower())


def split_sentences(
    text: str, quotes: list[tuple[int, int]] | None = None
) -> list[tuple[int, int]]:
    """Spans ``(start, end)`` of the sentences of ``text``, trimmed of white space.

    ``quotes`` (from :func:`find_quotes`) are the quotations inside which a
    full stop does not end the sentence; they are found when not given.
    """
    if quotes is None:
        quotes = find_quotes(text)
    cuts: list[int] = []
    for match in _BOUNDARY.finditer(text):
        stop = match.start()
        if any(q_start < stop < q_end - 1 for q_start, q_end in quotes):
            continue
        if not _starts_sentence(text, match.end()):
            continue
        punct_end = match.end()
        while punct_end > stop and text[punct_end - 1].isspace():
            punct_end -= 1
        if not _is_sentence_end(text, punct_end):
            continue
        cuts.append(match.end())
    spans: list[tuple[int, int]] = []
    start = 0
    for cut in [*cuts, len(text)]:
        span = _trim(text, start, cut)
        if span is not None:
            spans.append(span)
        start = cut
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if not any(ch.isalnum() for ch in text[start:end]):
        return None
    return start, end


def _quote_role(text: str, i: int) -> str:
    """'open', 'close' or '' for the quotation mark at ``i``."""
    ch = text[i]
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if ch in _DOUBLE_OPEN:
        return "open"
    if ch in _DOUBLE_CLOSE:
        return "close"
    if ch == '"':
        if before in _BEFORE_OPEN or before in _DOUBLE_OPEN:
            return "open"
        return "close"
    # Single marks: an apostrophe between letters is no quote.
    if before.isalnum() and after.isalnum():
        return ""
    if ch == "‘" or (ch == "'" and before in _BEFORE_OPEN and (after.isalnum() or after in '"“')):
        return "open1"
    if (before.isalnum() or before in '.,!?…"”') and (after in _AFTER_CLOSE or after in '"”»'):
        return "close1"
    return ""


_QUOTE_CHARS = re.compile("[\"“”„«»‘’']")
_TRAILING = " \t\n\u00a0\u202f,;:"


def find_quotes(text: str) -> list[tuple[int, int]]:
    """Spans of the quoted passages of ``text`` (inside the marks), by start.

    Only quotations of two words or more count. A quotation left open at the
    end of a paragraph that it began runs to the paragraph's end (news style
    for quotes that go on in the next paragraph).
    """
    found: list[tuple[int, int]] = []
    double: list[int] = []  # positions of open double marks
    single: list[int] = []
    for match in _QUOTE_CHARS.finditer(text):
        i = match.start()
        role = _quote_role(text, i)
        if role == "open":
            double.append(i)
        elif role == "close":
            if double:
                found.append((double.pop() + 1, i))
                single.clear()  # a single quote never spans a double's end
        elif role == "open1":
            single.append(i)
        elif role == "close1" and single:
            found.append((single.pop() + 1, i))
    if double and not text[: double[0]].strip():
        found.append((double[0] + 1, len(text)))
    spans: list[tuple[int, int]] = []
    for start, end in found:
        while start < end and text[start] in _TRAILING:
            start += 1
        while end > start and text[end - 1] in _TRAILING:
            end -= 1
        inner = text[start:end]
        if len(re.findall(r"[^\W_]+", inner)) >= 2:
            spans.append((start, end))
    return sorted(set(spans))


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
    result = [Passage(s, e, "sentence") for s, e in split_sentences(text, quotes)]
    result.extend(Passage(s, e, "quote") for s, e in quotes)
    result.sort(key=lambda p: (p.start, p.end - p.start))
    return result
