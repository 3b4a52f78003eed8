"""Where derived data lives beside the database, and the one reset of its copies in memory.

A database ``db.json`` keeps each derived-data file beside it as ``db.<name>``
(:func:`sidecar_of`); the names are declared here once. Modules that read
derived data keep copies in memory: each registers how to forget them with
:func:`on_reset`, and :func:`reset_caches` forgets them all (what a test does
to stand for a new process). A module not imported yet holds no copy, so the
reset never imports one. What each file holds, how it is kept fresh and
rebuilt is :mod:`store.derived`'s business; this module imports nothing of
``store``, so every storage module can use it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

__all__ = [
    "CATALOG",
    "FACTS",
    "FACTS_VIEW",
    "PAIRING",
    "SEARCH",
    "SEARCH_DELTA",
    "SIDECAR_NAMES",
    "on_reset",
    "reset_caches",
    "sidecar_of",
]

#: The article list for a fast app start (store.catalog).
CATALOG = "catalog"
#: The search index (store.search.index).
SEARCH = "search"
#: Articles added, changed and removed since the search index was written whole
#: (store.search.index); present only until the next merge.
SEARCH_DELTA = "search-delta"
#: Every article's facts (store.facts.storage).
FACTS = "facts"
#: What the facts pane shows of every article's facts, built on first use
#: (store.facts.view).
FACTS_VIEW = "facts-view"
#: Every article's pairing features (store.align.storage).
PAIRING = "pairing.json"
#: Every derived-data file; the sweep of leftover temporary files covers theirs too.
SIDECAR_NAMES = (CATALOG, SEARCH, SEARCH_DELTA, FACTS, FACTS_VIEW, PAIRING)

_RESETS: list[Callable[[], None]] = []


def sidecar_of(db_path: Path, name: str) -> Path:
    """A derived-data file kept beside the database (``db.json`` → ``db.<name>``)."""
    return db_path.with_name(f"{db_path.stem}.{name}")


def on_reset(reset: Callable[[], None]) -> Callable[[], None]:
    """Register ``reset`` (forgets a module's copies of derived data); usable as a decorator."""
    _RESETS.append(reset)
    return reset


def reset_caches() -> None:
    """Forget every copy of derived data held in memory; the next use reads the files again."""
    for reset in _RESETS:
        reset()
