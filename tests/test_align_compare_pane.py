"""The compare pane (Pilot and snapshots) at 80×24 and 200×50."""

from __future__ import annotations

import itertools
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from pilot_helpers import settle
from textual.command import CommandList, CommandPalette
from textual.widgets import Static

from newsdesk.store import Store
from newsdesk.tui.app import NewsdeskApp
from newsdesk.tui.cli import main
from newsdesk.tui.screens.compare import MISMATCH, ONE_SIDED, CompareRow, CompareScreen

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "align"
EN, FR = "000_c83c607eafd10b0c", "001_90cf4035eb27f56b"


async def open_compare(pilot: Any) -> CompareScreen:
    await settle(pilot, 3)
    await pilot.press("c")
    await settle(pilot, 3)
    screen = pilot.app.screen
    assert isinstance(screen, CompareScreen)
    return screen


def cell_text(row: CompareRow, side: str) -> str:
    return str(row.query_one(f".cell.-{side}", Static).render())


async def test_narrow_stacks_english_above_french(db_path: Path) -> None:
    app = NewsdeskApp(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_compare(pilot)
        assert screen.has_class("-narrow")
        rows = screen.rows
        assert len(rows) == 19
        linked = rows[1]  # EN ¶1 ⇄ FR ¶2
        left, right = linked.query_one(".cell.-left"), linked.query_one(".cell.-right")
        assert left.region.x == right.region.x
        assert right.region.y > left.region.y  # English above French
        assert cell_text(linked, "left").startswith("EN ¶1 People must be")
        assert cell_text(linked, "right").startswith("FR ¶2 Les citoyens")
        title = rows[0]  # the French title alone: no empty English cell takes room
        assert not title.query_one(".cell.-left").display
        assert ONE_SIDED in cell_text(title, "right")


async def test_wide_puts_the_versions_side_by_side(db_path: Path) -> None:
    app = NewsdeskApp(db_path)
    async with app.run_test(size=(200, 50)) as pilot:
        screen = await open_compare(pilot)
        assert screen.has_class("-wide")
        linked = screen.rows[1]
        left, right = linked.query_one(".cell.-left"), linked.query_one(".cell.-right")
        assert left.region.y == right.region.y
        assert right.region.x > left.region.x + 80


async def test_brackets_reach_every_marked_row_headline_and_captions_included(
    db_path: Path,
) -> None:
    app = NewsdeskApp(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_compare(pilot)
        rows = screen.rows
        marked = [row.index for row in rows if row.one_sided or row.mismatch]
        # The French headline, three captions and the French-only body paragraph.
        assert marked == [0, 2, 9, 14, 17]
        assert [row.index for row in rows if row.difference] == marked
        assert "title" in cell_text(rows[0], "right") and "caption" in cell_text(rows[2], "right")
        visited = []
        for _ in marked:
            await pilot.press("right_square_bracket")
            visited.append(screen.current)
        assert visited == marked
        assert rows[17].has_class("-current") and rows[17].has_class("-one-sided")
        text = cell_text(rows[17], "right")
        assert f"{ONE_SIDED} only in French" in text
        assert "dix années" in text and "six continents" in text
        assert screen.rows_view.scroll_y > 0  # both versions scrolled together
        await pilot.press("right_square_bracket")  # no more: stays
        assert screen.current == 17
        back = []
        for _ in marked[1:]:
            await pilot.press("left_square_bracket")
            back.append(screen.current)
        assert back == marked[-2::-1]


async def test_one_count_of_differences_in_the_header_and_the_command_line(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    app = NewsdeskApp(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_compare(pilot)
        summary = str(screen.query_one("#compare-summary", Static).render())
        count = len([row for row in screen.rows if row.difference])
    assert count == 5
    assert f"{count} differences" in summary
    assert main(["compare", "000"]) == 0
    assert f"· {count} differences ·" in capsys.readouterr().out
    assert main(["compare", "000", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["differences"] == count


async def test_mismatched_figures_are_marked_with_a_symbol(db_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "fdi"
    folder.mkdir()
    shutil.copy(DATA / "fdi" / "en.txt", folder / "fdi-en.txt")
    shutil.copy(DATA / "fdi" / "fr.txt", folder / "fdi-fr.txt")
    with Store.open(db_path) as store:
        store.ensure_seeded()
        store.ingest([folder])
    app = NewsdeskApp(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 3)
        await app.push_screen(CompareScreen("fdi-en"))
        await settle(pilot, 3)
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        mismatched = [row for row in screen.rows if row.mismatch]
        assert len(mismatched) == 1
        row = mismatched[0]
        assert f"{MISMATCH} $2.64 billion not in French" in cell_text(row, "left")
        assert f"{MISMATCH}2,46 milliards de dollars" in cell_text(row, "right")
        await pilot.press("right_square_bracket")
        first = screen.current
        await pilot.press("right_square_bracket")
        assert screen.current is not None and first is not None and screen.current > first
        await pilot.press("left_square_bracket")
        assert screen.current == first


async def test_c_without_a_known_translation_opens_the_document_picker(db_path: Path) -> None:
    app = NewsdeskApp(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 3)
        await pilot.press("j", "j")  # 002, no translation
        assert app.current_id is not None and app.current_id.startswith("002")
        await pilot.press("c")
        await settle(pilot, 3)
        assert isinstance(app.screen, CommandPalette)
        options = app.screen.query_one(CommandList)
        shown = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert len(shown) == 4 and not any("002" in s for s in shown)  # the others only
        await pilot.press("enter")  # the first document offered
        await settle(pilot, 3)
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        assert screen.comparison is not None and "002" in (
            screen.comparison.left.id + screen.comparison.right.id
        )
        assert screen.rows


async def test_documents_in_the_same_language_are_labelled_by_id(db_path: Path) -> None:
    app = NewsdeskApp(db_path)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot, 3)
        await app.push_screen(CompareScreen("002", "000"))
        await settle(pilot, 3)
        screen = app.screen
        assert isinstance(screen, CompareScreen) and screen.comparison is not None
        left, right = screen.comparison.left, screen.comparison.right
        assert left.lang == right.lang == "en" and left.id.startswith("002")
        heads = [str(screen.query_one(f"#head-{s}", Static).render()) for s in ("left", "right")]
        assert heads == [left.id, right.id]
        cells = [cell_text(row, "left") for row in screen.rows if row.query(".cell.-left")]
        assert any(c.startswith(f"{left.id} ¶") for c in cells)
        assert not any(c.startswith("EN ¶") for c in cells)
        marks = " ".join(cell_text(row, side) for row in screen.rows for side in ("left", "right"))
        assert f"only in {left.id}" in marks or f"only in {right.id}" in marks
        assert "only in English" not in marks
        # In a run of rows on one side only, the left document's come first.
        links = screen.comparison.links
        for a, b in itertools.pairwise(links):
            assert not (a.one_sided and b.one_sided and not a.left and b.left)


async def test_e_exports_the_comparison_as_markdown(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setenv("NEWSDESK_EXPORT_DIR", str(out))
    app = NewsdeskApp(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_compare(pilot)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)
        assert screen.comparison is not None
    written = list(out.glob("newsdesk-*.md"))
    assert [p.name for p in written] == [f"newsdesk-{EN}-{FR}.md"]
    text = written[0].read_text(encoding="utf-8")
    assert text.startswith(f"# `{EN}` (English) ⇄ `{FR}` (French)")
    assert "5 differences" in text
    assert "| 1 | People must be at the heart" in text


async def test_any_two_documents_from_the_palette_path(db_path: Path) -> None:
    app = NewsdeskApp(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 3)
        await app.push_screen(CompareScreen("002", "001"))
        await settle(pilot, 3)
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        assert screen.comparison is not None and not screen.comparison.paired
        assert screen.comparison.left.id.startswith("002")


async def test_enter_opens_the_row_in_the_reader(db_path: Path) -> None:
    app = NewsdeskApp(db_path)
    async with app.run_test(size=(200, 50)) as pilot:
        await open_compare(pilot)
        await pilot.press("right_square_bracket", "enter")
        await settle(pilot, 3)
        reader = app.main_screen.reader
        assert reader.article is not None and reader.article.id == FR
        assert not isinstance(app.screen, CompareScreen)


async def _to_difference(pilot: Any) -> None:
    await open_compare(pilot)
    await pilot.press("right_square_bracket")
    await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (200, 50)])
def test_compare_pane_snapshot(snap_compare: Any, db_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(NewsdeskApp(db_path), terminal_size=size, run_before=_to_difference)
