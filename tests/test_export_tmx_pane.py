"""The compare pane exports the pair on screen: ``x`` (or the palette) as TMX, ``e`` as Markdown."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pilot_helpers import settle
from textual.command import CommandList, CommandPalette
from translate.storage.tmx import tmxfile

from newsdesk.tui.app import NewsdeskApp
from newsdesk.tui.cli import main
from newsdesk.tui.screens.compare import CompareScreen

EN, FR = "000_c83c607eafd10b0c", "001_90cf4035eb27f56b"


@pytest.fixture
def out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    monkeypatch.setenv("NEWSDESK_EXPORT_DIR", str(folder))
    return folder


async def open_compare(pilot: Any) -> CompareScreen:
    await settle(pilot, 3)
    await pilot.press("c")
    await settle(pilot, 3)
    screen = pilot.app.screen
    assert isinstance(screen, CompareScreen) and screen.comparison is not None
    return screen


async def test_x_saves_the_pair_as_the_command_would(
    db_path: Path, out: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes: list[str] = []
    app = NewsdeskApp(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_compare(pilot)
        app.notify = lambda message, **_: notes.append(str(message))  # type: ignore[method-assign]
        await pilot.press("x")
        await pilot.pause()
    written = out / f"newsdesk-{EN}-{FR}.tmx"
    store = tmxfile(written.open("rb"))
    assert store.units[0].source.startswith("People must be at the heart")
    assert store.units[0].target.startswith("Les citoyens doivent être au cœur")
    assert notes == [
        f"Exported {len(store.units)} translation units (6 left out: one-sided or doubtful) "
        f"to {written}"
    ]
    # The same memory as `newsdesk export --format tmx --pair 000`.
    cli = tmp_path / "cli.tmx"
    assert main(["export", "--format", "tmx", "--pair", "000", "-o", str(cli)]) == 0
    assert "left out 6 " in capsys.readouterr().err
    assert written.read_bytes() == cli.read_bytes()


async def test_palette_offers_tmx_beside_markdown(db_path: Path, out: Path) -> None:
    app = NewsdeskApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_compare(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"export")
        await settle(pilot, allow_cancelled=True)
        options = app.screen.query_one(CommandList)
        shown = [
            str(options.get_option_at_index(i).prompt).split("\n")[0]
            for i in range(options.option_count)
        ]
        assert "Export this pair as TMX  (x)" in shown
        assert "Export this view as Markdown  (e)" in shown
        index = shown.index("Export this pair as TMX  (x)")
        options.highlighted = index
        await pilot.press("enter")
        await settle(pilot)
        assert tmxfile((out / f"newsdesk-{EN}-{FR}.tmx").open("rb")).units
        await pilot.press("e")
        await pilot.pause()
    markdown = (out / f"newsdesk-{EN}-{FR}.md").read_text(encoding="utf-8")
    assert markdown.startswith(f"# `{EN}` (English) ⇄ `{FR}` (French)")
    assert "| 1 | People must be at the heart" in markdown
