"""Waiting for the app in Pilot tests: one helper instead of a copy per test file."""

from __future__ import annotations

import asyncio
import pkgutil
import threading
from typing import Any

from textual import events
from textual.keys import _character_to_key
from textual.worker import WorkerCancelled

__all__ = [
    "burst",
    "hold_calls",
    "hold_database_read",
    "set_in_time",
    "settle",
    "wait_for_groups",
]


async def settle(pilot: Any, rounds: int = 1, *, allow_cancelled: bool = False) -> None:
    """Wait for the app's workers to finish, then for the screen to update, ``rounds`` times.

    ``allow_cancelled``: a worker replaced by a newer one (``exclusive=True``) ends
    cancelled; when the test expects that, keep waiting instead of failing.
    """
    for _ in range(rounds):
        for _ in range(10):
            try:
                await pilot.app.workers.wait_for_complete()
                break
            except WorkerCancelled:
                if not allow_cancelled:
                    raise
        await pilot.pause()


async def wait_for_groups(pilot: Any, *groups: str) -> None:
    """Wait for the workers of ``groups`` only (others, such as a database read, may go on),
    then for the screen to update."""
    app = pilot.app
    workers = [w for w in app.workers if w.group in groups]
    if workers:  # none left: they are done (an empty list would wait for every worker)
        await app.workers.wait_for_complete(workers)
    await pilot.pause()


def hold_calls(monkeypatch: Any, target: str) -> tuple[threading.Event, threading.Event]:
    """Hold calls to ``target`` (a dotted path, as for ``monkeypatch.setattr``) back: the
    first event is set when a call begins, and it goes on once the second is set."""
    begun, release = threading.Event(), threading.Event()
    real = pkgutil.resolve_name(target)

    def held(*args: Any, **kwargs: Any) -> Any:
        begun.set()
        release.wait(timeout=30)
        return real(*args, **kwargs)

    monkeypatch.setattr(target, held)
    return begun, release


def hold_database_read(monkeypatch: Any) -> tuple[threading.Event, threading.Event]:
    """Hold the app's database read back (it begins once the list is up)."""
    return hold_calls(monkeypatch, "newsdesk.tui.app.Store.open")


async def set_in_time(event: threading.Event, timeout: float = 30) -> bool:
    """Wait for ``event`` (set by a worker thread) without blocking the app's loop."""
    return await asyncio.to_thread(event.wait, timeout)


def burst(pilot: Any, *keys: str) -> None:
    """Send ``keys`` as one burst, as SSH or a paste delivers them: every event is queued
    before the app handles the first (``pilot.press`` waits for the app between keys).

    A key is a character (``"/"``, ``"a"``, ``" "``) or a key name (``"down"``, ``"enter"``).
    """
    driver = pilot.app._driver
    for key in keys:
        name = _character_to_key(key) if len(key) == 1 and not key.isalnum() else key
        char = key if len(key) == 1 else {"enter": "\r", "escape": "\x1b", "tab": "\t"}.get(key)
        event = events.Key(name, char)
        event.set_sender(pilot.app)
        driver.send_message(event)
