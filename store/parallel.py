"""Per-article work spread over the machine's cores during a large ingest.

Parsing an article and extracting its facts depend on that article alone, so
a large ingest runs them in worker processes (forked, so nothing is
re-imported) and gets back, in order, each article with its prepared data.
Small batches, single-core machines and processes with threads running stay
in-process: forking is only worth it, and only safe, there.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

__all__ = ["MIN_PARALLEL", "parallel_map", "worker_count"]

T = TypeVar("T")
R = TypeVar("R")

#: Fewer jobs than this run in-process (a pool costs more than it saves).
MIN_PARALLEL = 64


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


def parallel_map(fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
    """``map(fn, items)`` in order, over worker processes when it pays off."""
    jobs = list(items)
    workers = min(worker_count(), max(1, len(jobs) // 16))
    can_fork = "fork" in multiprocessing.get_all_start_methods()
    if len(jobs) < MIN_PARALLEL or workers < 2 or not can_fork or threading.active_count() > 1:
        yield from map(fn, jobs)
        return
    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_worker_start)
    with pool:
        yield from pool.map(fn, jobs, chunksize=max(1, min(32, len(jobs) // (workers * 8))))
