"""LISTEN/NOTIFY on the archive's server: a write tells every listening client.

Every write that changes what the article list shows (articles added, replaced or
removed; translation pairs set) runs :data:`NOTIFY_CHANGED` in its transaction, so
the word goes out once the transaction commits and never for a write rolled back.
:class:`Listener` holds a connection of its own that waits for that word.
"""

from __future__ import annotations

from newsdesk.store.pg.connect import connect, server_errors

__all__ = ["CHANNEL", "NOTIFY_CHANGED", "Listener"]

#: The channel of the archive's changes (channels are per database, as the archive is).
CHANNEL = "newsdesk_changes"
#: The statement a write runs in its transaction.
NOTIFY_CHANGED = f"NOTIFY {CHANNEL}"


class Listener:
    """Waits for the archive's change notifications on a connection of its own."""

    def __init__(self, url: str) -> None:
        self._url = url
        self._conn = connect(url)
        with server_errors(url, "listening for changes"):
            self._conn.execute(f"LISTEN {CHANNEL}")

    def wait(self, timeout: float) -> bool:
        """True when a change was committed since the last call, within ``timeout`` seconds
        (notifications queued meanwhile count as one)."""
        with server_errors(self._url, "listening for changes"):
            heard = any(True for _ in self._conn.notifies(timeout=timeout, stop_after=1))
            if heard:
                for _ in self._conn.notifies(timeout=0):
                    pass
        return heard

    def close(self) -> None:
        self._conn.close()
