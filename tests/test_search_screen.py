"""Pilot tests of the search pane: type, see hits, open one, step with n, come back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pilot_helpers import hold_calls, hold_database_read, set_in_time, settle, wait_for_groups
from textual.widgets import Input

import newsdesk.store.search as store_search
from newsdesk.store.text import fold
from newsdesk.tui.app import NewsdeskApp
from newsdesk.tui.screens.search import SearchScreen, hit_prompt
from newsdesk.tui.widgets.reader import ParagraphView

SIZES = [(80, 24), (160, 48)]


def target_view(app: NewsdeskApp, para: int) -> ParagraphView:
    return next(v for v in app.main_screen.reader.query(ParagraphView) if v.n == para)


@pytest.mark.parametrize("size", SIZES)
async def test_type_open_step_and_come_back(db_path: Path, size: tuple[int, int]) -> None:
    app = NewsdeskApp(db_path)
    async with app.run_test(size=size) as pilot:
        await settle(pilot, 2)
        await pilot.press("slash")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        screen.query_input.cursor_blink = False
        assert screen.query_input.has_focus
        await pilot.press(*"chinh")
        await settle(pilot, 2)
        assert len(screen.hits) >= 3
        assert screen.status_text.endswith(" ms") and " hits · " in screen.status_text
        first = screen.hits[0]
        prompt = screen.results.get_option_at_index(0).prompt
        assert first.doc in str(prompt)
        assert [str(prompt)[s:e] for s, e in _styled(prompt)] == [
            first.text[s:e] for s, e in first.spans
        ]

        await pilot.press("enter")
        await settle(pilot, 2)
        reader = app.main_screen.reader
        assert app.screen is app.main_screen
        assert reader.article is not None and reader.article.id == first.doc
        view = target_view(app, first.para)
        assert view.spans == first.para_spans
        assert [fold(view.text[s:e]) for s, e in view.spans] == ["chinh"]

        await pilot.press("n")
        await settle(pilot, 2)
        second = screen.hits[1]
        assert screen.current == 1
        assert reader.article.id == second.doc
        assert target_view(app, second.para).spans == second.para_spans

        await pilot.press("N")
        await settle(pilot, 2)
        assert screen.current == 0 and reader.article.id == first.doc

        await pilot.press("escape")
        await settle(pilot, 2)
        assert app.screen is screen
        assert screen.query_input.value == "chinh"
        assert screen.results.has_focus and screen.results.highlighted == 0

        await pilot.press("down", "enter")  # the second hit, from the list
        await settle(pilot, 2)
        assert screen.current == 1 and reader.article.id == second.doc


def _styled(prompt: object) -> list[tuple[int, int]]:
    """Character ranges of the prompt's reversed (highlighted) spans."""
    spans = [(s.start, s.end) for s in prompt.spans if "reverse" in str(s.style)]  # type: ignore[attr-defined]
    return sorted(spans)


async def test_bad_query_shows_a_message_not_a_traceback(db_path: Path) -> None:
    app = NewsdeskApp(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 2)
        await pilot.press("slash", *'"open')
        await settle(pilot, 2)
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        assert screen.status_text.startswith("unterminated quote")
        assert screen.query_one("#search-status").has_class("-error")
        assert screen.hits == []
        await pilot.press('"')  # close the phrase: results come back
        await settle(pilot, 2)
        assert screen.hits and not screen.query_one("#search-status").has_class("-error")


async def test_slash_from_the_reader_goes_to_the_query_box(db_path: Path) -> None:
    app = NewsdeskApp(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 2)
        await pilot.press("slash", *"steadfast", "enter")
        await settle(pilot, 2)
        assert app.screen is app.main_screen
        await pilot.press("slash")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        assert screen.query_one(Input).has_focus
        assert screen.query_input.value == "steadfast"


async def test_older_answers_are_dropped(db_path: Path) -> None:
    app = NewsdeskApp(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 2)
        await pilot.press("slash", *"digital")
        await settle(pilot, 2)
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        before = list(screen.hits)
        screen.post_message(SearchScreen.Finished(screen.seq - 1, None, "old error"))
        await pilot.pause()
        assert screen.hits == before and screen.status_text != "old error"


async def test_keys_typed_while_a_search_runs_wait_for_it_and_the_last_query_is_searched(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A slow search (a large archive on a server) is not joined by one more thread a
    key: the keys typed meanwhile wait, then only the query as it stands is searched."""
    import threading

    import newsdesk.store as store_api

    real = store_api.search_store
    gate, begun, lock = threading.Event(), threading.Event(), threading.Lock()
    searched: list[str] = []
    running = [0, 0]  # now, most at once

    def slow(store: Any, query: str, **kwargs: Any) -> Any:
        with lock:
            searched.append(query)
            running[0] += 1
            running[1] = max(running)
        begun.set()
        gate.wait(timeout=30)
        try:
            return real(store, query, **kwargs)
        finally:
            with lock:
                running[0] -= 1

    monkeypatch.setattr(store_api, "search_store", slow)
    app = NewsdeskApp(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 2)
        await pilot.press("slash", "d")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        assert begun.wait(timeout=10)
        await pilot.press(*"igital")
        assert screen.query_input.value == "digital" and screen.waiting
        gate.set()
        await settle(pilot, 3)
        assert searched == ["d", "digital"] and running[1] == 1
        assert not screen.waiting and screen.hits
        assert all("digital" in fold(h.text) for h in screen.hits[:5])


async def test_step_without_hits_tells_the_user(db_path: Path) -> None:
    app = NewsdeskApp(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 2)
        await pilot.press("n")  # no search yet: a notice, nothing breaks
        await settle(pilot, 2)
        assert app.screen is app.main_screen


def test_hit_prompt_cuts_long_passages_around_the_match() -> None:
    from newsdesk.store.search import Hit

    text = "word " * 80 + "needle" + " tail" * 40
    start = text.index("needle")
    hit = Hit("doc", "en", None, 3, 90.0, text, ((start, start + 6),), "sentence", 0)
    prompt = hit_prompt(hit)
    body = str(prompt).split("\n", 1)[1]
    assert body.startswith("…") and body.endswith("…") and len(body) <= 190
    assert [str(prompt)[s:e] for s, e in _styled(prompt)] == ["needle"]


async def test_fact_filters_work_in_the_pane(db_path: Path) -> None:
    from newsdesk.store.search import search
    from newsdesk.tui.screens.search import LIMIT

    app = NewsdeskApp(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 2)
        await pilot.press("slash")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await pilot.press(*"by:chinh")
        await settle(pilot, 2)
        assert app.store is not None
        expected = search(app.store, "by:chinh", limit=LIMIT).hits
        assert 0 < len(screen.hits) == len(expected)
        assert [h.text for h in screen.hits] == [h.text for h in expected]
        assert all(h.kind == "quote" for h in screen.hits)


async def test_search_answers_before_the_database_is_read(
    seeded_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsdesk.store import Store
    from newsdesk.store.search import search

    with Store.open(seeded_db) as store:
        expected = search(store, "digital transformation", limit=20).hits
    opening, release = hold_database_read(monkeypatch)
    app = NewsdeskApp(seeded_db)
    async with app.run_test(size=(80, 24)) as pilot:
        assert await set_in_time(opening)  # the list is up, the read begins
        await pilot.press("slash")
        screen = app.screen
        assert isinstance(screen, SearchScreen) and app.store is None
        await pilot.press(*"digital transformation")
        await wait_for_groups(pilot, "search", "search-index")
        assert app.store is None
        assert [(h.doc, h.para) for h in screen.hits[:20]] == [(h.doc, h.para) for h in expected]
        await pilot.press("ctrl+u")  # fact filters wait for the database
        await pilot.press(*"by:chinh")
        assert screen.query_input.value == "by:chinh"
        await wait_for_groups(pilot, "search", "search-index")
        assert screen.hits == [] and "Still reading" in screen.status_text
        release.set()
        await settle(pilot, 2)
        assert app.store is not None
        assert app.screen is screen  # the database arriving does not take the pane away
        assert app.main_screen.reader.article is not None  # the reader is filled behind it
        # The query that waited for the database is answered without typing it again.
        assert screen.hits and all(h.kind == "quote" for h in screen.hits)
        assert "Still reading" not in screen.status_text


async def test_a_search_opened_while_the_list_is_up_answers_before_the_database_read(
    seeded_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading a large database holds the interpreter: a search the user opened first
    is answered first, then the read goes on."""
    import newsdesk.tui.app as tui_app

    # A large database's index is mapped before the read; hold that until the pane is open.
    monkeypatch.setattr("newsdesk.tui.app.EARLY_INDEX_BYTES", 0)
    mapping, go_on = hold_calls(monkeypatch, "newsdesk.store.search.index_from_catalog")
    hits_when_read_began: list[int] = []
    real_open = tui_app.Store.open

    def open_store(*args: Any, **kwargs: Any) -> Any:
        hits_when_read_began.append(len(screen.hits))
        return real_open(*args, **kwargs)

    monkeypatch.setattr("newsdesk.tui.app.Store.open", open_store)
    app = NewsdeskApp(seeded_db)
    async with app.run_test(size=(80, 24)) as pilot:
        assert await set_in_time(mapping)  # the list is up
        await pilot.press("slash", *"blockchain")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        go_on.set()
        await settle(pilot, 3)
        assert app.store is not None
        assert screen.hits and hits_when_read_began == [len(screen.hits)]


async def test_leaving_the_search_pane_lets_the_database_read_go_on(
    seeded_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("newsdesk.tui.app.EARLY_INDEX_BYTES", 0)  # as for a large database
    mapping, go_on = hold_calls(monkeypatch, "newsdesk.store.search.index_from_catalog")
    app = NewsdeskApp(seeded_db)
    async with app.run_test(size=(80, 24)) as pilot:
        assert await set_in_time(mapping)  # the list is up
        await pilot.press("slash")  # the pane is opened, nothing is typed
        assert isinstance(app.screen, SearchScreen)
        assert not app._read_holds.is_clear()
        await pilot.press("escape")
        assert app._read_holds.is_clear()
        go_on.set()
        await settle(pilot, 2)
        assert app.store is not None


async def test_a_small_database_is_read_before_the_search_index(
    seeded_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Mapping the index first pays only when the database takes long to read."""
    import newsdesk.tui.app as tui_app

    order: list[str] = []
    real_open, real_map = tui_app.Store.open, store_search.index_from_catalog

    def open_store(*args: Any, **kwargs: Any) -> Any:
        order.append("database")
        return real_open(*args, **kwargs)

    def map_index(*args: Any, **kwargs: Any) -> Any:
        order.append("index")
        return real_map(*args, **kwargs)

    monkeypatch.setattr("newsdesk.tui.app.Store.open", open_store)
    monkeypatch.setattr(store_search, "index_from_catalog", map_index)
    for threshold, first in ((tui_app.EARLY_INDEX_BYTES, "database"), (0, "index")):
        order.clear()
        monkeypatch.setattr("newsdesk.tui.app.EARLY_INDEX_BYTES", threshold)
        app = NewsdeskApp(seeded_db)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot, 2)
            assert app.store is not None and order[0] == first


async def test_slash_and_a_query_in_one_burst_all_reach_the_query_box(db_path: Path) -> None:
    """Over SSH "/" and the query arrive together: none of its letters may act as a key
    of the article list ("f" would open the facts pane, "c" the comparison)."""
    from textual import events

    app = NewsdeskApp(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 2)
        for ch in "/facts":
            app.post_message(events.Key("slash" if ch == "/" else ch, ch))
        await settle(pilot, 3)
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        assert screen.query_input.value == "facts"
        assert app.screen_stack[-2] is app.main_screen  # nothing else opened between


async def test_slash_is_text_in_the_query_box_and_refocuses_it_from_the_hits(
    db_path: Path,
) -> None:
    app = NewsdeskApp(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 2)
        # (Not "VNA/VNS": the seeds have it only in photo credits, which are not searched.)
        await pilot.press("slash", *"digital", "slash", *"economy")
        await settle(pilot, 2)
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        assert screen.query_input.value == "digital/economy"
        assert screen.hits
        await pilot.press("down")  # to the hits
        assert not screen.query_input.has_focus
        await pilot.press("slash")
        assert screen.query_input.has_focus and screen.query_input.value == "digital/economy"
        assert screen.query_input.selection == (0, len("digital/economy"))  # typing replaces
