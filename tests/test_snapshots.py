"""Snapshot tests of the main screens (pytest-textual-snapshot)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pilot_helpers import settle

from newsdesk.tui.app import NewsdeskApp


async def _settle(pilot: Any) -> None:
    await settle(pilot, 2)


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
def test_main_screen(snap_compare: Any, db_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(NewsdeskApp(db_path), terminal_size=size, run_before=_settle)


def test_reader_narrow(snap_compare: Any, db_path: Path) -> None:
    async def open_first(pilot: Any) -> None:
        await _settle(pilot)
        await pilot.press("j", "enter")
        await _settle(pilot)

    assert snap_compare(NewsdeskApp(db_path), terminal_size=(80, 24), run_before=open_first)


def test_help_screen(snap_compare: Any, db_path: Path) -> None:
    async def open_help(pilot: Any) -> None:
        await _settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(NewsdeskApp(db_path), terminal_size=(80, 24), run_before=open_help)
