"""Keys held back while the app is not ready for them, then handled in the order typed.

Over SSH, and in a paste, keys arrive in bursts: ``/pham`` is five key events
read at once. Without a hold, the letters after ``/`` reach whatever has the
focus while the search screen is still opening (the list, where ``c`` opens
compare), and keys typed during start-up act on a list not yet filled. While a
hold is on, the app keeps such events here; when the screen is ready it takes
them back and handles them as if they had just arrived.
"""

from __future__ import annotations

from collections import deque
from typing import TypeGuard

from textual import events

__all__ = ["KeyHold"]

#: Input events a hold keeps (mouse events are never held: they point at what is shown).
Held = events.Key | events.Paste


class KeyHold:
    """A queue of held key and paste events and why they are held."""

    def __init__(self) -> None:
        self._queue: deque[Held] = deque()
        self.reason: str | None = None
        #: keys that are handled at once during this hold (``q`` quits during start-up)
        self._passing: frozenset[str] = frozenset()

    @property
    def holding(self) -> bool:
        """Whether a hold is on."""
        return self.reason is not None

    def start(self, reason: str, *, passing: frozenset[str] = frozenset()) -> None:
        """Hold keys from now on (``reason`` names the wait, for tests and logs)."""
        self.reason = reason
        self._passing = passing

    def keeps(self, event: events.Event) -> TypeGuard[Held]:
        """Whether ``event`` must wait: a hold is on, or earlier keys are still to be handled."""
        if not isinstance(event, (events.Key, events.Paste)) or event.is_forwarded:
            return False
        if not self.holding and not self._queue:
            return False
        return not (isinstance(event, events.Key) and event.key in self._passing)

    def keep(self, event: Held) -> None:
        self._queue.append(event)

    def stop(self) -> None:
        """End the hold; the held events stay queued until taken with :meth:`next`."""
        self.reason = None
        self._passing = frozenset()

    def next(self) -> Held | None:
        """The oldest held event while no new hold is on (a replayed ``/`` starts one)."""
        if self.holding or not self._queue:
            return None
        return self._queue.popleft()

    def __len__(self) -> int:
        return len(self._queue)
