"""The collector pause restores the collector as it found it."""

from __future__ import annotations

import gc

import pytest

from newsdesk.store.gcpause import paused_gc


def test_the_collector_is_off_inside_and_back_on_after() -> None:
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
        with paused_gc():  # nested: the inner one leaves it off
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_an_error_inside_still_restores_it() -> None:
    with pytest.raises(ValueError), paused_gc():
        raise ValueError("boom")
    assert gc.isenabled()


def test_a_collector_already_off_stays_off() -> None:
    gc.disable()
    try:
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def _collector_on(_: int) -> tuple[bool, int]:
    return gc.isenabled(), len(gc.get_objects())


def test_ingest_workers_collect_even_when_forked_from_a_paused_parent() -> None:
    import multiprocessing

    from newsdesk.store.parallel import MIN_PARALLEL, parallel_map, worker_count

    if worker_count() < 2 or "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("no worker processes on this machine")
    ballast = [[i] for i in range(200_000)]  # objects the workers inherit
    with paused_gc():
        seen = list(parallel_map(_collector_on, range(MIN_PARALLEL * 2)))
    assert all(on for on, _ in seen)
    # What they inherited is frozen: the collector does not track it any more.
    assert all(tracked < len(ballast) for _, tracked in seen)
    assert gc.isenabled()
