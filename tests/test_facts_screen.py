"""The facts pane (Pilot and snapshots) at 80×24 and 200×50."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pilot_helpers import hold_calls, hold_database_read, set_in_time, settle, wait_for_groups
from textual.widgets import OptionList, Static, TabbedContent

from newsdesk.store.facts import fact_value
from newsdesk.tui.app import NewsdeskApp
from newsdesk.tui.screens.facts import (
    AGREE,
    CONFLICT,
    DISCREPANCY,
    FactsScreen,
    indicator_label,
    value_text,
)
from newsdesk.tui.widgets.lazy_table import LazyTable

EN = "000_c83c607eafd10b0c"


async def open_facts(pilot: Any) -> FactsScreen:
    await settle(pilot, 3)
    await pilot.press("f")
    await settle(pilot, 3)
    screen = pilot.app.screen
    assert isinstance(screen, FactsScreen) and screen.loaded
    return screen


def prompts(option_list: OptionList) -> list[str]:
    return [str(option_list.get_option_at_index(i).prompt) for i in range(option_list.option_count)]


async def test_facts_of_the_current_article_open_in_the_reader(db_path: Path) -> None:
    app = NewsdeskApp(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_facts(pilot)
        assert screen.doc_id == EN
        assert {f.doc for f in screen.shown} == {EN} and len(screen.shown) == 19
        table = screen.query_one("#facts-table", LazyTable)
        assert table.row_count == 19
        ranking = next(i for i, f in enumerate(screen.shown) if f.kind == "ranking")
        table.cursor = ranking
        await pilot.press("enter")
        await settle(pilot, 3)
        reader = app.main_screen.reader
        assert app.screen is app.main_screen
        assert reader.article is not None and reader.article.id == EN
        fact = screen.shown[ranking]
        view = reader.current_view()
        assert view is not None and view.n == fact.para == 5
        assert view.spans == [(fact.start, fact.end)]
        await pilot.press("escape")  # back to the facts pane, as it was
        await settle(pilot, 3)
        assert app.screen is screen
        assert screen.query_one("#facts-table", LazyTable).cursor == ranking


async def test_scope_and_kind_filters(db_path: Path) -> None:
    app = NewsdeskApp(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_facts(pilot)
        await pilot.press("a")
        assert screen.corpus and len({f.doc for f in screen.shown}) == 5
        table = screen.query_one("#facts-table", LazyTable)
        assert table.row_count == len(screen.shown) > 19 and table.cursor == 0
        await pilot.press("right_square_bracket")
        assert screen.kind == "ranking" and len(screen.shown) == 7
        await pilot.press("left_square_bracket", "left_square_bracket")
        assert screen.kind == "quote" and all(f.kind == "quote" for f in screen.shown)
        status = str(screen.query_one("#facts-status", Static).render())
        assert status.startswith("10 facts · every article · quote")
        assert table.row_count == 10


async def test_ledger_lists_conflicts_first(db_path: Path) -> None:
    app = NewsdeskApp(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_facts(pilot)
        await pilot.press("l")
        ledger = screen.query_one("#ledger-list", OptionList)
        assert screen.query_one(TabbedContent).active == "ledger" and ledger.has_focus
        lines = prompts(ledger)
        assert lines[0].startswith(f"{CONFLICT} ranking: E-Government Development Index")
        assert "74/193" in lines[0] and "71/193" in lines[0]
        marks = [line[0] for line in lines]
        assert marks == sorted(marks, key=[CONFLICT, DISCREPANCY, AGREE].index)
        await pilot.press("enter")  # the first source of the conflict
        await settle(pilot, 3)
        assert app.main_screen.reader.article.id == "002_956a9e9d0dc31da8"


async def test_people_and_their_mentions(db_path: Path) -> None:
    app = NewsdeskApp(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_facts(pilot)
        await pilot.press("p")
        people = prompts(screen.query_one("#people-list", OptionList))
        assert people[0].startswith("Phạm Minh Chính  9× in 2")
        mentions = screen.query_one("#mentions-list", OptionList)
        assert mentions.option_count == 9
        await pilot.press("down")
        assert prompts(mentions)[0].startswith("000_c83c607e ¶1  Deputy Prime Minister")
        await pilot.press("enter", "enter")
        await settle(pilot, 3)
        assert app.main_screen.reader.article.id == EN
        assert app.main_screen.reader.cursor == 1


async def test_chart_lists_each_indicator(db_path: Path) -> None:
    app = NewsdeskApp(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_facts(pilot)
        await pilot.press("r")
        legend = str(screen.query_one("#chart-legend", Static).render())
        assert "E-Government Development Index: 2024 74 ✗71" in legend
        assert "Global Innovation Index: 2024 44" in legend


@pytest.mark.parametrize(
    ("size", "keys"),
    [
        ((80, 24), ()),
        ((200, 50), ("a",)),
        ((80, 24), ("l",)),
        ((200, 50), ("p",)),
        ((80, 24), ("r",)),
    ],
)
def test_snapshots(
    snap_compare: Any, db_path: Path, size: tuple[int, int], keys: tuple[str, ...]
) -> None:
    async def run_before(pilot: Any) -> None:
        await open_facts(pilot)
        for key in keys:
            await pilot.press(key)
        await settle(pilot, 3)

    assert snap_compare(NewsdeskApp(db_path), terminal_size=size, run_before=run_before)


async def test_the_open_articles_facts_show_before_the_corpus_is_read(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The pane posts the article's own facts before it loads every article's.
    entered, release = hold_calls(monkeypatch, "newsdesk.store.facts.load_facts")
    app = NewsdeskApp(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 3)
        await pilot.press("f")
        assert await set_in_time(entered)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, FactsScreen) and not screen.loaded
        assert {f.doc for f in screen.shown} == {EN} and len(screen.shown) == 19
        assert screen.query_one("#facts-table", LazyTable).row_count == 19
        status = str(screen.query_one("#facts-status", Static).render())
        assert "reading every article's facts" in status
        await pilot.press("a")  # every article: nothing to show until they are read
        assert screen.shown == []
        release.set()
        await settle(pilot, 3)
        assert screen.loaded and len({f.doc for f in screen.shown}) == 5
        status = str(screen.query_one("#facts-status", Static).render())
        assert "reading" not in status


async def test_facts_opened_before_the_database_is_read_load_once_it_is(
    seeded_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opening, release = hold_database_read(monkeypatch)
    app = NewsdeskApp(seeded_db)
    async with app.run_test(size=(80, 24)) as pilot:
        assert await set_in_time(opening)  # the list is up, the read begins
        await pilot.press("f")
        screen = app.screen
        assert isinstance(screen, FactsScreen)
        await wait_for_groups(pilot, "facts")  # it answers at once: nothing to read yet
        status = str(screen.query_one("#facts-status", Static).render())
        assert "Still reading the database" in status and not screen.loaded
        release.set()
        await settle(pilot, 4)
        assert app.screen is screen and screen.loaded
        assert {f.doc for f in screen.shown} == {EN} and len(screen.shown) == 19


def test_long_ledger_and_people_lists_are_capped_with_a_pointer_to_the_rest(
    seeded_store: Any,
) -> None:
    from newsdesk.store.facts import corpus_ledger, load_facts, people
    from newsdesk.tui.screens.facts import ledger_rows, people_rows

    ledger = corpus_ledger(seeded_store)
    persons = people(load_facts(seeded_store))
    total = len(ledger.groups) + len(ledger.discrepancies)
    assert total > 3 and len(persons) > 3
    assert len(ledger_rows(ledger)) == total  # the seeds' ledger is listed whole
    rows = ledger_rows(ledger, limit=3)
    assert len(rows) == 4 and rows[-1][1] is None
    assert f"{total - 3:,} more groups" in rows[-1][0].plain and "--conflicts" in rows[-1][0].plain
    assert all(CONFLICT in prompt.plain for prompt, _ in rows[:1])  # conflicts stay first
    people_lines = people_rows(persons, limit=2)
    assert [line.plain.split("  ")[0] for line in people_lines[:2]] == [p.name for p in persons[:2]]
    assert f"{len(persons) - 2:,} more people" in people_lines[-1].plain


async def test_the_corpus_facts_stay_out_of_the_collector_while_the_pane_is_open(
    db_path: Path,
) -> None:
    """After the paused bulk load the collector would scan every new object again, in
    the interface's thread; they are frozen while the pane is open, thawed after."""
    import gc

    app = NewsdeskApp(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        frozen_before = gc.get_freeze_count()
        screen = await open_facts(pilot)
        assert gc.get_freeze_count() > frozen_before + len(screen.facts)
        await pilot.press("escape")
        await settle(pilot, 2)
        assert app.screen is app.main_screen
        assert gc.get_freeze_count() == 0


async def test_a_pane_closed_before_its_corpus_load_ends_freezes_nothing(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The load's worker may finish after the pane is gone: nothing may stay frozen then."""
    import gc
    import threading

    building, go_on = hold_calls(monkeypatch, "newsdesk.store.facts.build_ledger")
    posted = threading.Event()
    real_post = FactsScreen.post_message

    def post(self: FactsScreen, message: Any) -> bool:
        if isinstance(message, FactsScreen.Loaded) and message.data and not message.partial:
            posted.set()  # the worker's last step, after it would have frozen the heap
        return real_post(self, message)

    monkeypatch.setattr(FactsScreen, "post_message", post)
    app = NewsdeskApp(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 3)
        await pilot.press("f")
        assert await set_in_time(building)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.main_screen
        go_on.set()
        assert await set_in_time(posted)
        assert gc.get_freeze_count() == 0


async def test_j_k_g_move_in_the_table_and_rankings_name_their_indicator(db_path: Path) -> None:
    app = NewsdeskApp(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_facts(pilot)
        await pilot.press("a")
        table = screen.query_one("#facts-table", LazyTable)
        await pilot.press("j", "j", "j")
        assert table.cursor == 3 and screen.kind is None
        await pilot.press("k")
        assert table.cursor == 2
        await pilot.press("G")
        assert table.cursor == table.row_count - 1
        await pilot.press("g")
        assert table.cursor == 0
        assert screen.query_one(TabbedContent).active == "facts"
        ranking = next(f for f in screen.shown if f.kind == "ranking")
        value = value_text(ranking, fact_value)
        assert value.startswith(indicator_label(ranking.get("indicator")) + " ")
        assert value.endswith(fact_value(ranking))


def test_indicator_labels_are_initials_with_their_sub_index() -> None:
    assert indicator_label("E-Government Development Index") == "EGDI"
    assert indicator_label("Global Innovation Index – innovation inputs") == (
        "GII – innovation inputs"
    )
    assert indicator_label("FIFA World Ranking (men)") == "FWR (men)"
    assert indicator_label("Asia Power Index") == "API"
    assert indicator_label("World rice exporters") == "World rice exporters"
