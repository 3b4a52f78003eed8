"""Pilot tests of the app: open, move, read, help, quit, at 80×24 and 160×48."""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

import pytest
from pilot_helpers import hold_database_read, set_in_time, settle
from textual.worker import WorkerCancelled

from newsdesk.store import Store
from newsdesk.tui.app import NewsdeskApp
from newsdesk.tui.screens.help import HelpScreen
from newsdesk.tui.widgets.reader import ParagraphView

SIZES = [(80, 24), (160, 48)]


@pytest.mark.parametrize("size", SIZES)
async def test_opens_on_seeds_and_reads_an_article(db_path: Path, size: tuple[int, int]) -> None:
    app = NewsdeskApp(db_path)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        doc_list = app.main_screen.doc_list
        assert doc_list.row_count == 5
        assert app.current_id == "000_c83c607eafd10b0c"
        await pilot.press("j", "j")
        assert app.current_id == "002_956a9e9d0dc31da8"
        await pilot.press("enter")
        await settle(pilot)
        reader = app.main_screen.reader
        assert reader.article is not None and reader.article.id == "002_956a9e9d0dc31da8"
        views = list(reader.query(ParagraphView))
        assert [v.n for v in views] == list(range(1, 18))
        assert "number 71 out of 193" in str(views[2].render())
        assert reader.has_focus
        await pilot.press("k")  # the reader scrolls; the list cursor stays
        assert app.current_id == "002_956a9e9d0dc31da8"


async def test_narrow_shows_one_pane_and_escape_goes_back(db_path: Path) -> None:
    app = NewsdeskApp(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.main_screen
        assert screen.has_class("-narrow")
        assert screen.doc_list.display and not screen.reader.display
        await pilot.press("enter")
        await settle(pilot)
        assert screen.reader.display and not screen.doc_list.display
        await pilot.press("escape")
        assert screen.doc_list.display and screen.doc_list.has_focus


async def test_wide_shows_list_and_reader_side_by_side(db_path: Path) -> None:
    app = NewsdeskApp(db_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        screen = app.main_screen
        assert screen.has_class("-wide")
        assert screen.doc_list.display and screen.reader.display
        await pilot.press("G")
        await settle(pilot)
        assert screen.reader.article is not None
        # Newest first; 003 has no date and comes last.
        assert screen.reader.article.id == "003_9094b1ad625a1bb7"
        await pilot.press("tab")
        assert screen.reader.has_focus


@pytest.mark.parametrize("size", SIZES)
async def test_help_opens_and_closes(db_path: Path, size: tuple[int, int]) -> None:
    app = NewsdeskApp(db_path)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert app.screen is app.main_screen


async def test_q_quits(db_path: Path) -> None:
    app = NewsdeskApp(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("q")
    assert app.return_code == 0


async def test_markup_in_an_article_is_shown_literally(db_path: Path, tmp_path: Path) -> None:
    story = tmp_path / "markup.txt"
    story.write_text(
        "[bold]Not bold[/bold] and [@click=app.quit]not a link[/] in a title\n\n"
        "Body with [link=https://example.com]a fake link[/link].",
        encoding="utf-8",
    )
    with Store.open(db_path) as store:
        store.ingest([story])
    app = NewsdeskApp(db_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        app.open_article("markup")
        await settle(pilot)
        await pilot.click(ParagraphView)
        views = list(app.main_screen.reader.query(ParagraphView))
        assert "[bold]Not bold[/bold]" in str(views[0].render())
        assert "[link=https://example.com]" in str(views[1].render())
        assert app.is_running


async def test_corrupt_database_exits_with_message(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    app = NewsdeskApp(bad)
    async with app.run_test(size=(80, 24)) as pilot:
        # The app exits by itself; its workers end cancelled.
        with contextlib.suppress(WorkerCancelled):
            await app.workers.wait_for_complete()
        await pilot.pause()
    assert app.return_code == 3
    assert app.error_message is not None and "corrupt" in app.error_message
    assert bad.read_text(encoding="utf-8") == "{not json"


async def test_reloads_when_another_process_ingests(db_path: Path, tmp_path: Path) -> None:
    app = NewsdeskApp(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.main_screen.doc_list.row_count == 5
        story = tmp_path / "late.txt"
        story.write_text("HÀ NỘI — A late story: the port opened on March 3, 2025.", "utf-8")
        with Store.open(db_path) as other:
            other.ingest([story])
        app._check_for_changes()  # what the app's timer does every two seconds
        # The timer may start its own check meanwhile, which replaces (cancels) this one.
        await settle(pilot, allow_cancelled=True)
        await settle(pilot, allow_cancelled=True)
        assert app.main_screen.doc_list.row_count == 6
        assert "late" in [row.id for row in app.main_screen.doc_list.rows]


async def test_the_list_spins_while_it_waits_for_the_database(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a catalog (a first run) the list spins until the database is read."""
    opening, release = hold_database_read(monkeypatch)
    app = NewsdeskApp(db_path)  # a new database: no catalog yet
    async with app.run_test(size=(80, 24)) as pilot:
        assert await set_in_time(opening)
        doc_list = app.main_screen.doc_list
        while not doc_list.loading:  # the spinner's timer goes off while the read is held
            await asyncio.sleep(0.02)
        release.set()
        await settle(pilot, 2)
        assert not doc_list.loading and doc_list.row_count == 5
