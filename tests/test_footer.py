"""The key footer: it shows the focused widget's keys, rebuilt only when they change."""

from __future__ import annotations

from typing import Any

import pytest
from pilot_helpers import settle
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Static
from textual.widgets._footer import FooterKey

from tui.widgets.footer import KeyFooter


class _Pane(Static, can_focus=True):
    pass


class _Reading(_Pane):
    BINDINGS = [Binding("y", "app.bell", "Cite")]


class _Panes(App[None]):
    def compose(self) -> ComposeResult:
        yield _Pane("one", id="one")
        yield _Pane("two", id="two")
        yield _Reading("reading", id="reading")
        yield KeyFooter()


def _keys(app: App[None]) -> list[str]:
    return [str(key.description) for key in app.screen.query(FooterKey)]


async def test_the_footer_is_rebuilt_only_when_its_keys_change(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rebuilt: list[int] = []
    real = KeyFooter.recompose

    async def counting(self: KeyFooter) -> Any:
        rebuilt.append(1)
        return await real(self)

    monkeypatch.setattr(KeyFooter, "recompose", counting)
    app = _Panes()
    async with app.run_test() as pilot:
        app.query_one("#one").focus()
        await settle(pilot, 2)
        assert "Cite" not in _keys(app)
        before = len(rebuilt)
        app.query_one("#two").focus()  # the same keys
        await settle(pilot, 2)
        assert len(rebuilt) == before
        app.query_one("#reading").focus()  # a key more
        await settle(pilot, 2)
        assert len(rebuilt) == before + 1 and "Cite" in _keys(app)
        app.query_one("#one").focus()
        await settle(pilot, 2)
        assert "Cite" not in _keys(app)
