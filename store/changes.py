"""How a client hears that another one changed the archive's list of articles.

A server archive pushes a word on every committed change (PostgreSQL ``NOTIFY``,
:mod:`store.pg.notify`); a TinyDB file has no such channel and is polled through
its generation counter.
"""

from __future__ import annotations

from typing import Protocol

__all__ = ["ChangeListener"]


class ChangeListener(Protocol):
    """A connection of its own that waits for the archive's changes (one thread uses it)."""

    def wait(self, timeout: float) -> bool:
        """True when a change was committed since the last call, within ``timeout`` seconds."""
        ...

    def close(self) -> None:
        """Stop listening and drop the connection."""
        ...
