"""Text normalisation shared by the parser, search, alignment and facts.

Three jobs, kept apart:

* :func:`clean` makes untrusted article text safe to store and display: NFC,
  line ends unified, control characters shown as visible symbols, bidi
  overrides and zero-width characters removed.
* :func:`fold` maps text to a comparison form: lower case, accents removed
  (``đ`` → ``d``), full-width forms narrowed, curly quotes straightened.
  It keeps one output character per input character so spans found in the
  folded text point at the same places in the original.
* :func:`words` splits text into word tokens.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = [
    "PUNCTUATION_FOLDS",
    "clean",
    "fold",
    "fold_char",
    "matches_at",
    "visible_controls",
    "words",
]

# Bidi embedding/override/isolate controls and zero-width characters that can
# reorder or hide text on a terminal. ZWJ/ZWNJ (U+200C/D) are kept: scripts
# need them.
_INVISIBLE = dict.fromkeys(
    [0x200B, 0x200E, 0x200F, 0x2060, 0xFEFF, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
)

_INVISIBLE_RE = re.compile("[" + "".join(map(chr, _INVISIBLE)) + "]")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _control_symbol(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # Unicode "Control Pictures": ␛, ␀, ␈ …
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"  # C1 controls have no picture


def visible_controls(text: str) -> str:
    """Replace every control character except newline and tab by a visible symbol."""
    return _CONTROL_RE.sub(_control_symbol, text)


def clean(text: str) -> str:
    """Return ``text`` safe to store and show: NFC, ``\\n`` line ends, no live controls."""
    text = text.replace("\r\n", "\n")
    # A bare carriage return is a line break in old Mac files only when there
    # is no other; inside a line it would overwrite text on a terminal.
    if "\n" not in text and "\r" in text:
        text = text.replace("\r", "\n")
    if _INVISIBLE_RE.search(text):
        text = _INVISIBLE_RE.sub("", text)
    text = visible_controls(text)
    return unicodedata.normalize("NFC", text)


#: Typographic quotes, dashes and spaces → their ASCII forms (one character each).
PUNCTUATION_FOLDS: dict[str, str] = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2033": '"',
    "\u2013": "-",
    "\u2014": "-",
    "\u2212": "-",
    "\u00a0": " ",
    "\u202f": " ",
    "\u2009": " ",
}

_SPECIAL_FOLDS = {
    "đ": "d",
    "Đ": "d",
    "ð": "d",
    "ø": "o",
    "Ø": "o",
    "ł": "l",
    "Ł": "l",
    "ß": "s",
    "æ": "a",
    "Æ": "a",
    "œ": "o",
    "Œ": "o",
    "ı": "i",
    "`": "'",
    "\u00b4": "'",
    **PUNCTUATION_FOLDS,
}


@lru_cache(maxsize=8192)
def fold_char(ch: str) -> str:
    """Fold one character to exactly one comparison character."""
    special = _SPECIAL_FOLDS.get(ch)
    if special is not None:
        return special
    decomposed = unicodedata.normalize("NFKD", ch)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    if len(base) != 1:
        # Ligatures and the like expand; keep the first letter so offsets hold.
        base = base[:1] or ch
    return base.lower()[:1] or base


class _FoldTable(dict[int, str]):
    """``ord(ch) → fold_char(ch)`` for ``str.translate``, filled in as characters are met."""

    def __missing__(self, code: int) -> str:
        folded = fold_char(chr(code))
        self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Case-, accent- and width-fold ``text``; the result has the same length.

    ``text`` must be NFC (as everything in the store is).
    """
    if text.isascii():
        low = text.lower()
        return low.replace("`", "'") if "`" in low else low  # the one ASCII special fold
    # ASCII stretches lowered at once, the rest looked up character by character: about
    # twice as fast as translating every character of a text with a few accents.
    parts = _NON_ASCII_RUNS.split(text)
    parts[::2] = [part.lower() for part in parts[::2]]
    if "`" in text:
        parts[::2] = [part.replace("`", "'") for part in parts[::2]]
    parts[1::2] = [part.translate(_FOLD_TABLE) for part in parts[1::2]]
    return "".join(parts)


# "[^…][^…]*", not "[^…]+": the same matches, and a first character the search scans for.
_NON_ASCII_RUNS = re.compile("([^\x00-\x7f][^\x00-\x7f]*)")


_WORD_RE = re.compile(r"\w+(?:[-'’]\w+)*", re.UNICODE)


def words(text: str) -> list[str]:
    """Split ``text`` into word tokens (hyphenated words and elisions stay whole)."""
    return _WORD_RE.findall(text)


def matches_at(
    pattern: re.Pattern[str], text: str, openers: str, where: str | None = None
) -> list[re.Match[str]]:
    """``pattern.finditer(text)``'s matches, when each opens with one of ``openers``.

    The openers are found by substring search in ``where`` (default ``text``; else a
    text of the same length with an opener wherever ``text`` may have one) and the
    pattern is tried only there, in text order, past the end of the last match:
    what ``finditer`` does, without trying every other place.
    """
    seen = text if where is None else where
    starts: list[int] = []
    for ch in openers:
        pos = seen.find(ch)
        while pos >= 0:
            starts.append(pos)
            pos = seen.find(ch, pos + 1)
    starts.sort()
    found: list[re.Match[str]] = []
    done = 0
    for pos in starts:
        if pos >= done:
            match = pattern.match(text, pos)
            if match is not None:
                found.append(match)
                done = match.end()
    return found
