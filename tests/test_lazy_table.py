"""The lazy table: rows built only when on screen, a cursor that stays in view, Enter."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult

from newsdesk.tui.widgets.lazy_table import Column, LazyTable

COLUMNS = [Column("N", 8), Column("Text", 10, 1)]


class _Table(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.built: list[int] = []
        self.selected: list[int] = []

    def compose(self) -> ComposeResult:
        yield LazyTable()

    def cells(self, item: int) -> list[Text]:
        self.built.append(item)
        return [Text(str(item)), Text(f"row {item} [bold]not markup[/bold]")]

    def on_lazy_table_selected(self, message: LazyTable.Selected) -> None:
        self.selected.append(message.index)


def filled(app: _Table, rows: range, *, focus: bool = True) -> LazyTable:
    """The app's table, filled with ``rows`` (and focused)."""
    table = app.query_one(LazyTable)
    if focus:
        table.focus()
    table.set_rows(COLUMNS, rows, app.cells)
    return table


def screen_text(app: App[None]) -> str:
    table = app.query_one(LazyTable)
    height = table.scrollable_content_region.height
    return "\n".join(table.render_line(y).text for y in range(height))


async def test_a_long_list_builds_only_the_rows_on_screen() -> None:
    app = _Table()
    async with app.run_test(size=(60, 12)) as pilot:
        table = filled(app, range(1_000_000))
        await pilot.pause()
        assert table.row_count == 1_000_000
        shown = screen_text(app)
        assert shown.splitlines()[0].split() == ["N", "Text"]
        assert "row 0 [bold]not markup[/bold]" in shown  # cells are literal text
        # A screenful (and a redraw or two of it), not a million.
        assert 0 < len(set(app.built)) <= 12 and max(app.built) < 12


async def test_the_cursor_stays_in_view_and_enter_selects_its_row() -> None:
    app = _Table()
    async with app.run_test(size=(60, 12)) as pilot:
        table = filled(app, range(500))
        await pilot.press("end")
        assert table.cursor == 499
        assert "row 499 " in screen_text(app)
        await pilot.press("up", "enter")
        assert app.selected == [498]
        await pilot.press("home", "pagedown")
        rows = table.scrollable_content_region.height - 1  # under the header
        assert table.cursor == rows - 1  # a page, keeping one row in view
        await pilot.press("pagedown")
        assert table.cursor == 2 * (rows - 1) and f"row {2 * (rows - 1)} " in screen_text(app)
        await pilot.press("pageup", "pageup", "up", "enter")  # never above the first row
        assert table.cursor == 0 and app.selected == [498, 0]


async def test_a_click_moves_the_cursor_and_a_double_click_selects() -> None:
    app = _Table()
    async with app.run_test(size=(60, 12)) as pilot:
        table = filled(app, range(50), focus=False)
        await pilot.click(LazyTable, offset=(2, 3))  # the header is line 0
        assert table.cursor == 2 and app.selected == []
        await pilot.click(LazyTable, offset=(2, 5), times=2)
        assert table.cursor == 4 and app.selected == [4]
        await pilot.click(LazyTable, offset=(2, 0))  # the header selects nothing
        assert table.cursor == 4 and app.selected == [4]


async def test_new_rows_start_again_at_the_top() -> None:
    app = _Table()
    async with app.run_test(size=(60, 12)) as pilot:
        table = filled(app, range(500))
        await pilot.press("end")
        table.set_rows(COLUMNS, range(1000, 1003), app.cells)
        await pilot.pause()
        assert table.cursor == 0 and table.scroll_y == 0
        assert screen_text(app).splitlines()[1].split()[0] == "1000"
        table.set_rows(COLUMNS, [], app.cells)
        await pilot.press("enter", "down")
        assert app.selected == [] and table.cursor == 0
