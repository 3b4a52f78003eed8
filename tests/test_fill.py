"""Option lists filled a slice at a time (search hits, the facts pane's long lists)."""

from __future__ import annotations

from pilot_helpers import settle
from textual.app import App, ComposeResult
from textual.widgets import OptionList

from newsdesk.tui.widgets.fill import fill_in_slices


class _Lists(App[None]):
    def compose(self) -> ComposeResult:
        yield OptionList()


async def test_every_item_arrives_in_order_and_the_first_is_highlighted() -> None:
    app = _Lists()
    async with app.run_test() as pilot:
        option_list = app.query_one(OptionList)
        fill_in_slices(option_list, list(range(55)), lambda n: f"item {n}", first=5, size=20)
        assert option_list.option_count == 5  # the first slice at once, the rest later
        assert option_list.highlighted == 0
        await settle(pilot, 2)
        assert option_list.option_count == 55
        prompts = [str(option_list.get_option_at_index(i).prompt) for i in range(55)]
        assert prompts == [f"item {n}" for n in range(55)]


async def test_a_newer_fill_stops_an_older_one() -> None:
    app = _Lists()
    async with app.run_test() as pilot:
        option_list = app.query_one(OptionList)
        fill_in_slices(option_list, ["old"] * 100, first=10, size=10)
        fill_in_slices(option_list, ["new a", "new b"], first=1, size=1)
        await settle(pilot, 2)
        prompts = [str(option_list.get_option_at_index(i).prompt) for i in range(2)]
        assert option_list.option_count == 2 and prompts == ["new a", "new b"]
