"""Per-article work spread over the machine's cores during a large ingest.

Parsing an article and extracting its facts depend on that article alone, so
a large ingest runs them in worker processes (forked, so nothing is
re-imported) and gets back, in order, each article with its prepared data.
Only a few chunks of work are in flight at a time: the items are taken from
the caller's iterator as the workers need them, and each result waits only
for the caller to take it, so neither the inputs (an article's bytes) nor the
outputs are held for the whole corpus. Small batches, single-core machines
and processes with threads running stay in-process: forking is only worth
it, and only safe, there.
"""

from __future__ import annotations

import gc
import itertools
import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TypeVar

__all__ = ["MIN_PARALLEL", "parallel_map", "worker_count"]

T = TypeVar("T")
R = TypeVar("R")

#: Fewer jobs than this run in-process (a pool costs more than it saves).
MIN_PARALLEL = 64
#: Chunks of work sent ahead to each worker, so none waits for the next.
_AHEAD = 3


def worker_count() -> int:
    """How many worker processes to use: the cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _worker_start() -> None:
    """In each worker: never scan what was inherited from the parent, and collect
    cycles even when the parent forked with its collector paused."""
    gc.freeze()
    gc.enable()


def _run_chunk(fn: Callable[[T], R], chunk: list[T]) -> list[R]:
    return [fn(item) for item in chunk]


def parallel_map(fn: Callable[[T], R], items: Iterable[T], count: int | None = None) -> Iterator[R]:
    """``map(fn, items)`` in order, over worker processes when it pays off.

    ``count`` says how many ``items`` there are when they come from an iterator
    (which is then read as the work goes, never all at once).
    """
    if count is None:
        items = list(items)
        count = len(items)
    workers = min(worker_count(), max(1, count // 16))
    can_fork = "fork" in multiprocessing.get_all_start_methods()
    if count < MIN_PARALLEL or workers < 2 or not can_fork or threading.active_count() > 1:
        yield from map(fn, items)
        return
    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_worker_start)
    size = max(1, min(32, count // (workers * 8)))
    source = iter(items)
    pending: deque[Future[list[R]]] = deque()

    def send() -> None:
        chunk = list(itertools.islice(source, size))
        if chunk:
            pending.append(pool.submit(_run_chunk, fn, chunk))

    with pool:
        for _ in range(workers * _AHEAD):
            send()
        while pending:
            results = pending.popleft().result()
            send()
            yield from results
