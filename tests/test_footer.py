"""The key footer: the focused widget's keys on one line, redrawn only when they change."""

from __future__ import annotations

from typing import Any

from pilot_helpers import settle
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from newsdesk.tui.widgets.footer import KeyFooter


class _Pane(Static, can_focus=True):
    pass


class _Reading(_Pane):
    BINDINGS = [
        Binding("y", "app.cite", "Cite", tooltip="Copy with citation"),
        Binding("z", "app.never", "Never"),
    ]


class _Panes(App[None]):
    BINDINGS = [Binding("x", "app.mark", "Mark")]

    def __init__(self) -> None:
        super().__init__()
        self.ran: list[str] = []
        self.bells = 0

    def compose(self) -> ComposeResult:
        yield _Pane("one", id="one")
        yield _Pane("two", id="two")
        yield _Reading("reading", id="reading")
        yield KeyFooter()

    def action_mark(self) -> None:
        self.ran.append("mark")

    def action_cite(self) -> None:
        self.ran.append("cite")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return None if action == "never" else True  # None: shown, disabled

    def bell(self) -> None:
        self.bells += 1


def _line(app: App[None]) -> str:
    return app.query_one(KeyFooter).render().plain


async def _focused(pilot: Any, selector: str) -> str:
    """Focus ``selector``, let the footer catch up; the footer's line."""
    pilot.app.query_one(selector).focus()
    await settle(pilot, 2)
    return _line(pilot.app)


async def test_the_footer_shows_the_focused_keys_and_redraws_only_on_a_change() -> None:
    app = _Panes()
    async with app.run_test(size=(80, 10)) as pilot:
        footer = app.query_one(KeyFooter)
        line = await _focused(pilot, "#one")
        assert " x Mark " in line and "Cite" not in line
        assert _line(app).rstrip().endswith("▏^p palette")  # the palette's key, right
        shown = footer.entries
        await _focused(pilot, "#two")  # the same keys: nothing to redraw
        assert footer.entries is shown
        line = await _focused(pilot, "#reading")  # keys more
        assert footer.entries is not shown and " y Cite " in line
        assert "Cite" not in await _focused(pilot, "#one")


async def test_a_click_runs_a_key_and_hovering_shows_its_tooltip() -> None:
    app = _Panes()
    async with app.run_test(size=(80, 10)) as pilot:
        line = await _focused(pilot, "#reading")
        cite = line.index(" y Cite")
        await pilot.click(KeyFooter, offset=(cite + 2, 0))
        assert app.ran == ["cite"]
        await pilot.hover(KeyFooter, offset=(cite + 2, 0))
        assert app.query_one(KeyFooter).tooltip == "Copy with citation"
        await pilot.click(KeyFooter, offset=(line.index(" z Never") + 2, 0))
        assert app.ran == ["cite"] and app.bells == 1  # disabled: a bell, no action
        await pilot.click(KeyFooter, offset=(line.index(" x Mark") + 2, 0))
        assert app.ran == ["cite", "mark"]


async def test_keys_that_do_not_fit_are_cut_before_the_palette_key() -> None:
    app = _Panes()
    async with app.run_test(size=(30, 10)) as pilot:
        line = await _focused(pilot, "#reading")
        assert len(line) == 30 and line.endswith("▏^p palette ")
        assert line.startswith(" y Cite ")
