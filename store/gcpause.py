"""Pause Python's cyclic garbage collector around a bulk build of objects.

Loading a large archive's facts creates hundreds of thousands of small
objects that form no reference cycles; the collector, triggered every few
hundred allocations, rescans the growing heap again and again (at 10k
articles it was two thirds of the facts pane's load time). Reference
counting still frees everything at once; cycles wait for the next
collection after the pause.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["paused_gc"]


@contextmanager
def paused_gc() -> Iterator[None]:
    """Run the body with the cyclic collector off, then restore it as it was."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
