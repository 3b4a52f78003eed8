"""Waiting for the app in Pilot tests: one helper instead of a copy per test file."""

from __future__ import annotations

from typing import Any

from textual.worker import WorkerCancelled

__all__ = ["settle", "wait_for_groups"]


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
