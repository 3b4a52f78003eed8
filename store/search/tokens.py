"""Folding and word tokens shared by the index, the query parser and the engine.

:func:`fast_fold` gives exactly :func:`store.text.fold`'s result (one output
character per input character) but folds non-ASCII text through a cached
``str.translate`` table, which is many times faster on long text.
"""

from __future__ import annotations

import re

from store.text import fold_char

__all__ = ["TOKEN_RE", "fast_fold", "tokens"]

#: A search token: a run of letters and digits (no underscore) in folded text.
TOKEN_RE = re.compile(r"[^\W_]+")


class _FoldTable(dict[int, str]):
    """``ord(ch) → fold_char(ch)``, filled in as characters are met."""

    def __missing__(self, code: int) -> str:
        folded = fold_char(chr(code))
        self[code] = folded
        return folded


_TABLE = _FoldTable()


def fast_fold(text: str) -> str:
    """Case-, accent- and width-fold ``text`` as :func:`store.text.fold` does."""
    if text.isascii():
        return text.lower()
    return text.translate(_TABLE)


def tokens(folded: str) -> list[str]:
    """The word tokens of already folded text."""
    return TOKEN_RE.findall(folded)
