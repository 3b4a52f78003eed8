"""Keys as SSH delivers them: in one burst, during start-up, while a screen opens.

Every burst here is queued whole before the app handles its first key
(``pilot_helpers.burst``), which is what a fast typist, a paste or a slow
link does; ``pilot.press`` would wait for the app between keys and hide the
races these tests are about.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pilot_helpers import burst, hold_database_read, set_in_time, settle

from newsdesk.tui.app import NewsdeskApp
from newsdesk.tui.screens.compare import CompareScreen
from newsdesk.tui.screens.facts import FactsScreen
from newsdesk.tui.screens.help import KEYS
from newsdesk.tui.screens.search import SearchScreen

SIZES = [(80, 24), (200, 50)]
EN, FR = "000_c83c607eafd10b0c", "001_90cf4035eb27f56b"


def notes(app: NewsdeskApp) -> list[str]:
    return [n.message for n in app._notifications]


def search_screen(app: NewsdeskApp) -> SearchScreen:
    screen = app.screen
    assert isinstance(screen, SearchScreen), screen
    return screen


# -- 1: a query typed in one burst lands whole in the query box ---------------------
@pytest.mark.parametrize("size", SIZES)
async def test_a_second_query_in_one_burst_replaces_the_first(
    seeded_db: Path, size: tuple[int, int]
) -> None:
    app = NewsdeskApp(seeded_db)
    async with app.run_test(size=size) as pilot:
        await settle(pilot, 2)
        burst(pilot, "/", *"inevitable", "down", "enter")
        await settle(pilot, 3)
        # ↓ and Enter came before the hits: they still go to the hits and open the first.
        assert app.screen is app.main_screen
        reader = app.main_screen.reader
        assert reader.article is not None
        assert "inévitable" in reader.current_view().text or "inevitable" in (
            reader.current_view().text
        )
        burst(pilot, "/", *"pham")
        await settle(pilot, 2)
        screen = search_screen(app)
        assert screen.query_input.value == "pham"
        assert screen.query_input.has_focus
        assert screen.hits and all("ph" in h.text.lower() for h in screen.hits[:3])


@pytest.mark.parametrize("size", SIZES)
async def test_slash_from_the_list_selects_the_old_query(
    seeded_db: Path, size: tuple[int, int]
) -> None:
    app = NewsdeskApp(seeded_db)
    async with app.run_test(size=size) as pilot:
        await settle(pilot, 2)
        burst(pilot, "/", *"pham")
        await settle(pilot, 2)
        burst(pilot, "escape")
        await settle(pilot)
        assert app.screen is app.main_screen and app.main_screen.doc_list.has_focus
        burst(pilot, "/", *"inevitable")
        await settle(pilot, 2)
        screen = search_screen(app)
        assert screen.query_input.value == "inevitable"  # not "pham/inevitable"
        assert len(screen.hits) == 4


@pytest.mark.parametrize("size", SIZES)
async def test_a_first_search_from_the_reader_takes_every_letter(
    seeded_db: Path, size: tuple[int, int]
) -> None:
    app = NewsdeskApp(seeded_db)
    async with app.run_test(size=size) as pilot:
        await settle(pilot, 2)
        burst(pilot, "enter")
        await settle(pilot, 2)
        assert app.main_screen.reader.has_focus
        # The search screen is built now: its letters (c compares, f shows facts, q quits)
        # arrive before it has a query box.
        burst(pilot, "/", *"pham minh chinh q f c")
        await settle(pilot, 2)
        screen = search_screen(app)
        assert screen.query_input.value == "pham minh chinh q f c"
        assert not any(isinstance(s, (CompareScreen, FactsScreen)) for s in app.screen_stack)
        assert app.is_running


async def test_slash_in_the_hits_goes_back_to_the_query_selected(seeded_db: Path) -> None:
    app = NewsdeskApp(seeded_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 2)
        burst(pilot, "/", *"chinh", "down")
        await settle(pilot, 2)
        screen = search_screen(app)
        assert screen.results.has_focus
        burst(pilot, "/", *"binh")
        await settle(pilot, 2)
        assert screen.query_input.value == "binh"


# -- 3: opening a hit, a fact or a compare row gives the reader the focus --------------
@pytest.mark.parametrize("size", [(120, 40), (200, 50)])
async def test_a_hit_opened_wide_focuses_the_reader(seeded_db: Path, size: tuple[int, int]) -> None:
    app = NewsdeskApp(seeded_db)
    async with app.run_test(size=size) as pilot:
        await settle(pilot, 2)
        burst(pilot, "/", *"steadfast", "enter")
        await settle(pilot, 3)
        reader = app.main_screen.reader
        assert app.screen is app.main_screen and reader.has_focus
        assert reader.article is not None and reader.article.id.startswith("003")
        burst(pilot, "y")
        await settle(pilot, 2)
        assert "steadfast" in app.clipboard and app.clipboard.endswith("¶5")


async def test_a_compare_row_opened_wide_focuses_the_reader(seeded_db: Path) -> None:
    app = NewsdeskApp(seeded_db)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot, 2)
        burst(pilot, "c")
        await settle(pilot, 3)
        burst(pilot, "]", "enter")
        await settle(pilot, 3)
        assert app.screen is app.main_screen and app.main_screen.reader.has_focus


async def test_a_fact_opened_wide_focuses_the_reader(seeded_db: Path) -> None:
    app = NewsdeskApp(seeded_db)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot, 2)
        burst(pilot, "f")
        await settle(pilot, 3)
        facts = app.screen
        assert isinstance(facts, FactsScreen) and facts.shown
        burst(pilot, "enter")
        await settle(pilot, 3)
        assert app.screen is app.main_screen and app.main_screen.reader.has_focus
        burst(pilot, "escape")  # and back to the facts
        await settle(pilot, 2)
        assert app.screen is facts


# -- 10: a zero count is not drawn as an alarm ----------------------------------------------
async def test_zero_mismatches_are_not_red(seeded_db: Path) -> None:
    from textual.widgets import Static

    app = NewsdeskApp(seeded_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 2)
        burst(pilot, "c")
        await settle(pilot, 3)
        summary = app.screen.query_one("#compare-summary", Static).render()
        text = str(summary)
        assert "≠ 0 mismatches" in text and "⊕ 1 ¶" in text
        start = text.index("≠ 0 mismatches")
        styles = [
            str(span.style)
            for span in summary.spans  # type: ignore[union-attr]
            if span.start <= start < span.end
        ]
        assert styles and not any("red" in style for style in styles), styles
        one_sided = text.index("⊕ 1 ¶")
        assert any(
            "yellow" in str(span.style)
            for span in summary.spans  # type: ignore[union-attr]
            if span.start <= one_sided < span.end
        )


# -- 4: keys pressed during start-up act once the list is there --------------------------
async def test_keys_during_start_up_wait_for_the_list(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    begun, release = hold_database_read(monkeypatch)  # a new database: no list before the read
    app = NewsdeskApp(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        assert await set_in_time(begun)
        burst(pilot, "j", "f")
        await pilot.pause()
        assert app.screen is app.main_screen  # nothing to act on yet: the keys wait
        assert app.key_hold.holding and len(app.key_hold) == 2
        release.set()
        await settle(pilot, 3)
        screen = app.screen
        assert isinstance(screen, FactsScreen)
        assert screen.doc_id == FR  # j moved to the second article before f opened its facts
        assert "Choose an article first." not in notes(app)


async def test_q_quits_during_start_up(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    begun, release = hold_database_read(monkeypatch)
    app = NewsdeskApp(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        assert await set_in_time(begun)
        burst(pilot, "q")
        await pilot.pause()
        release.set()
        await pilot.pause()
    assert app.return_code == 0 and not app.is_running


async def test_the_header_says_what_start_up_is_doing(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    begun, release = hold_database_read(monkeypatch)
    app = NewsdeskApp(db_path)  # a new database: the bundled articles are added first
    async with app.run_test(size=(80, 24)) as pilot:
        assert await set_in_time(begun)
        await pilot.pause()
        assert "first_paint" in app.timings  # the frame is up before the read
        assert app.sub_title == "a new database: adding the bundled articles…"
        release.set()
        await settle(pilot, 2)
        assert app.sub_title == "5 articles"


async def test_the_header_says_the_list_is_read_from_the_catalog(
    seeded_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    begun, release = hold_database_read(monkeypatch)
    app = NewsdeskApp(seeded_db)
    async with app.run_test(size=(80, 24)) as pilot:
        assert await set_in_time(begun)
        await pilot.pause()
        assert app.main_screen.doc_list.row_count == 5  # the catalog's rows, before the read
        assert app.sub_title == "5 articles · reading the database…"
        release.set()
        await settle(pilot, 2)
        assert app.sub_title == "5 articles"


# -- 6: Escape after opening a compare row goes back to compare ---------------------------
@pytest.mark.parametrize("size", SIZES)
async def test_escape_goes_back_to_compare_at_the_same_row(
    seeded_db: Path, size: tuple[int, int]
) -> None:
    app = NewsdeskApp(seeded_db)
    async with app.run_test(size=size) as pilot:
        await settle(pilot, 2)
        burst(pilot, "c")
        await settle(pilot, 3)
        compare = app.screen
        assert isinstance(compare, CompareScreen)
        burst(pilot, "]")
        await settle(pilot)
        row = compare.current
        assert row is not None
        burst(pilot, "enter")
        await settle(pilot, 3)
        assert app.screen is app.main_screen
        reader = app.main_screen.reader
        assert reader.article is not None and reader.article.id == FR
        burst(pilot, "escape")
        await settle(pilot, 2)
        assert app.screen is compare
        assert compare.current == row and compare.rows[row].has_class("-current")
        burst(pilot, "escape")
        await settle(pilot)
        assert app.screen is app.main_screen


# -- 7: n / N say where they are and wrap around; the query clears with Ctrl+U --------------
async def test_n_and_shift_n_wrap_and_say_the_position(seeded_db: Path) -> None:
    app = NewsdeskApp(seeded_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 2)
        burst(pilot, "/", *"inevitable", "enter")
        await settle(pilot, 3)
        screen: Any = app.get_screen("search")
        total = len(screen.hits)
        assert total == 4 and screen.current == 0
        reader = app.main_screen.reader
        burst(pilot, *"n" * total)
        await settle(pilot, 3)
        assert screen.current == 0  # four steps from the first: round to the first again
        positions = [m for m in notes(app) if m.startswith("Hit ")]
        assert positions == [
            "Hit 2 of 4",
            "Hit 3 of 4",
            "Hit 4 of 4",
            "Hit 1 of 4 (back to the first)",
        ]
        burst(pilot, "N")
        await settle(pilot, 2)
        assert screen.current == total - 1
        assert notes(app)[-1] == "Hit 4 of 4 (on to the last)"
        assert reader.article is not None and reader.article.id == screen.hits[-1].doc


async def test_ctrl_u_clears_the_query_and_the_help_says_so(seeded_db: Path) -> None:
    app = NewsdeskApp(seeded_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 2)
        burst(pilot, "/", *"chinh")
        await settle(pilot, 2)
        screen = search_screen(app)
        assert screen.hits
        burst(pilot, "ctrl+u")
        await settle(pilot)
        assert screen.query_input.value == "" and screen.hits == []
    assert ("Search", "Ctrl+U", "clear the query") in KEYS


# -- 9: y and h in the list say or do something; e never overwrites -------------------------
@pytest.mark.parametrize("size", SIZES)
async def test_y_and_h_in_the_list(seeded_db: Path, size: tuple[int, int]) -> None:
    app = NewsdeskApp(seeded_db)
    async with app.run_test(size=size) as pilot:
        await settle(pilot, 2)
        assert app.main_screen.doc_list.has_focus
        burst(pilot, "y", "h")
        await settle(pilot, 2)
        titles = [n.title for n in app._notifications]
        assert "Nothing copied" in titles
        assert app.clipboard == ""
        reader = app.main_screen.reader
        assert reader.show_facts and "Fact marks on." in notes(app)
        burst(pilot, "enter")
        await settle(pilot, 3)
        # The marks are on in the reader opened from the list.
        assert any(view.marks for view in reader.views)


async def test_export_never_overwrites(
    seeded_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setenv("NEWSDESK_EXPORT_DIR", str(out))
    mine = out / f"newsdesk-{EN}.md"
    mine.write_text("my notes", encoding="utf-8")
    app = NewsdeskApp(seeded_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 2)
        burst(pilot, "enter")
        await settle(pilot, 2)
        burst(pilot, "e")
        await settle(pilot)
        burst(pilot, "e")
        await settle(pilot)
    assert mine.read_text(encoding="utf-8") == "my notes"
    second, third = out / f"newsdesk-{EN}-2.md", out / f"newsdesk-{EN}-3.md"
    assert second.read_text(encoding="utf-8").startswith("## People must be at the heart")
    assert third.read_text(encoding="utf-8") == second.read_text(encoding="utf-8")
    assert f"Exported to {third}" in notes(app)


# -- 13: paging keeps the cursor on a paragraph whose ¶ label shows -------------------------
async def test_space_pages_to_a_paragraph_whose_label_shows(seeded_db: Path) -> None:
    app = NewsdeskApp(seeded_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 2)
        burst(pilot, "j", "j", "enter")  # 002: long paragraphs
        await settle(pilot, 3)
        reader = app.main_screen.reader
        labelled_pages = 0
        for _ in range(6):
            burst(pilot, "space")
            await settle(pilot)
            view = reader.current_view()
            assert view is not None
            top, bottom = (
                round(reader.scroll_y),
                round(reader.scroll_y) + (reader.scrollable_content_region.height),
            )
            region = view.virtual_region
            if top <= region.y < bottom:
                labelled_pages += 1
            else:  # only a paragraph that fills the whole view may hide its label
                assert region.y < top and region.bottom >= bottom, (view.n, region, top)
        assert labelled_pages >= 3


# -- 5 and 11: the ⇄ mark has its own column; the reader's header is short ----------------
@pytest.mark.parametrize("size", [(80, 24), (200, 50)])
async def test_the_translation_mark_shows_and_long_titles_end_in_an_ellipsis(
    seeded_db: Path, size: tuple[int, int]
) -> None:
    app = NewsdeskApp(seeded_db)
    async with app.run_test(size=size) as pilot:
        await settle(pilot, 2)
        doc_list = app.main_screen.doc_list
        lines = [doc_list.render_line(y).text for y in range(1, 6)]
        paired = {row.id for row in doc_list.rows if row.pair}
        for row, line in zip(doc_list.rows, lines, strict=True):
            assert ("⇄" in line) is (row.id in paired), line
            assert line.rstrip().endswith("…") or row.title in line
        if size[0] >= 200:  # wide: the reader keeps a readable measure, the list takes the rest
            assert doc_list.region.width > app.main_screen.reader.region.width


async def test_the_reader_header_takes_four_rows_at_80x24(seeded_db: Path) -> None:
    app = NewsdeskApp(seeded_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 2)
        burst(pilot, "enter")
        await settle(pilot, 3)
        reader = app.main_screen.reader
        first = reader.views[0]
        assert first.virtual_region.y <= 4  # title, two lines of details, a rule
        assert reader.border_title == EN  # the id is in the border, not the header


async def test_a_pasted_query_after_slash_goes_into_the_box(seeded_db: Path) -> None:
    from textual import events

    app = NewsdeskApp(seeded_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 2)
        burst(pilot, "/", *"pham", "escape")
        await settle(pilot, 2)
        assert app.screen is app.main_screen
        app.post_message(events.Paste("/steadfast"))  # bracketed paste, from the list
        await settle(pilot, 2)
        screen = search_screen(app)
        assert screen.query_input.value == "steadfast"  # the old query replaced
        assert screen.hits and screen.hits[0].doc.startswith("003")
