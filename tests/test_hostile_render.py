"""Every hostile article, rendered in every pane, shows as literal text and acts on nothing.

The screen is read back from Textual's compositor: the text a terminal would
show, cell by cell. No escape or control character may be in it, markup must
appear as typed, and ``[@click=app.quit]`` must not quit the app when clicked.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile import HOSTILE_MARKUP, MUST_SHOW, NEVER_STORED, hostile_database
from pilot_helpers import settle

from newsdesk.tui.app import NewsdeskApp
from newsdesk.tui.widgets.reader import ParagraphView

SIZE = (200, 50)
#: Characters a terminal would act on; none may reach the screen.
CONTROLS = {chr(c) for c in range(32)} - {"\n"} | {chr(c) for c in range(0x7F, 0xA0)}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    return hostile_database(tmp_path_factory.mktemp("hostile"))


def screen_text(app: NewsdeskApp) -> str:
    """What the terminal shows, as text."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


def assert_inert(text: str) -> None:
    leaked = {repr(c) for c in text if c in CONTROLS or c in NEVER_STORED}
    assert not leaked, f"control characters reached the screen: {leaked}"


async def test_list_shows_hostile_titles_literally(hostile: tuple[Path, dict[str, str]]) -> None:
    db, ids = hostile
    app = NewsdeskApp(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 2)
        text = screen_text(app)
        assert_inert(text)
        assert "Terminal tricks in the news" in text
        assert "Markup in the text" in text
        assert app.main_screen.doc_list.row_count == len(ids)


@pytest.mark.parametrize("case", sorted(MUST_SHOW))
async def test_reader_shows_each_case_literally(
    hostile: tuple[Path, dict[str, str]], case: str
) -> None:
    db, ids = hostile
    if case not in ids:
        pytest.skip(f"{case} cannot be made on this platform")
    app = NewsdeskApp(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 2)
        app.open_article(ids[case])
        await settle(pilot, 2)
        assert_inert(screen_text(app))
        shown = "\n".join(str(v.render()) for v in app.main_screen.reader.query(ParagraphView))
        for expected in MUST_SHOW[case]:
            assert expected[:60] in shown, f"{case}: {expected[:60]!r} not shown"


async def test_clicking_action_markup_does_nothing(hostile: tuple[Path, dict[str, str]]) -> None:
    db, ids = hostile
    app = NewsdeskApp(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 2)
        app.open_article(ids["markup"])
        await settle(pilot, 2)
        views = list(app.main_screen.reader.query(ParagraphView))
        target = next(v for v in views if HOSTILE_MARKUP in str(v.render()))
        offset = str(target.render()).index("[@click=app.quit]")
        for dx in range(0, 17, 4):  # click across the would-be link
            await pilot.click(target, offset=(offset % target.size.width + dx, 0))
        await pilot.pause()
        assert app.is_running
        assert HOSTILE_MARKUP in screen_text(app).replace("\n", "") or HOSTILE_MARKUP in str(
            target.render()
        )


async def test_search_results_show_escapes_as_symbols(
    hostile: tuple[Path, dict[str, str]],
) -> None:
    db, _ = hostile
    app = NewsdeskApp(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 2)
        await pilot.press("slash", *"red alert")
        await settle(pilot, 2)
        text = screen_text(app)
        assert_inert(text)
        assert "␛[31mRED ALERT␛[0m" in text
        await pilot.press("escape")
        await pilot.press("slash")
        app.screen.query_one("Input").value = ""  # type: ignore[attr-defined]
        await pilot.press(*"click me")
        await settle(pilot, 2)
        text = screen_text(app)
        assert_inert(text)
        assert "[link=https://evil.example]click me[/link]" in text


async def test_compare_and_facts_panes_stay_literal(hostile: tuple[Path, dict[str, str]]) -> None:
    db, ids = hostile
    from newsdesk.tui.screens.compare import CompareScreen
    from newsdesk.tui.screens.facts import FactsScreen

    app = NewsdeskApp(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 2)
        await app.push_screen(CompareScreen(ids["markup"], ids["ansi"]))
        await settle(pilot, 2)
        text = screen_text(app)
        assert_inert(text)
        assert "[bold]loud[/bold]" in text
        assert "␛[31mRED ALERT␛[0m" in text
        app.pop_screen()
        await pilot.pause()
        await app.push_screen(FactsScreen(ids["cp1252"]))
        await settle(pilot, 2)
        text = screen_text(app)
        assert_inert(text)
        assert app.is_running


@pytest.mark.parametrize("size", [(20, 6), (30, 8)])
async def test_survives_resize_to_tiny_and_back(db_path: Path, size: tuple[int, int]) -> None:
    app = NewsdeskApp(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 2)
        await pilot.resize_terminal(*size)
        await pilot.pause()
        await pilot.press("enter", "j", "escape", "question_mark", "escape", "slash", "a")
        await settle(pilot, 2)
        await pilot.press("escape")
        await pilot.resize_terminal(80, 24)
        await settle(pilot, 2)
        assert app.is_running
        assert app.screen is app.main_screen
        assert "newsdesk" in screen_text(app)
