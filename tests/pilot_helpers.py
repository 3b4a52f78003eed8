"""Waiting for the app in Pilot tests: one helper instead of a copy per test file."""

from __future__ import annotations

from typing import Any

from textual.worker import WorkerCancelled

__all__ = ["settle"]


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
