"""Folding and word tokens shared by the index, the query parser and the engine.

Text is folded with :func:`store.text.fold` first.
"""

from __future__ import annotations

import re

__all__ = ["TOKEN_RE", "tokens"]

#: A search token: a run of letters and digits (no underscore) in folded text.
TOKEN_RE = re.compile(r"[^\W_]+")


def tokens(folded: str) -> list[str]:
    """The word tokens of already folded text."""
    return TOKEN_RE.findall(folded)
