"""The command palette (Ctrl+P): documents by title or id, commands with their keys, export."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest
from pilot_helpers import settle
from textual.command import CommandList, CommandPalette

from newsdesk.store import Store
from newsdesk.tui.app import NewsdeskApp

DOC_004 = "004_724a446758bcd638"


async def ready(app: NewsdeskApp, pilot: Any) -> None:
    """Wait for the workers; one replaced by a newer one (exclusive) is not an error."""
    await settle(pilot, allow_cancelled=True)


async def palette(app: NewsdeskApp, pilot: Any, query: str) -> list[str]:
    """Open the palette, type ``query``, and return the options' text once they are in."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert isinstance(app.screen, CommandPalette)
    await pilot.press(*query)
    await ready(app, pilot)
    options = app.screen.query_one(CommandList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_opens_a_document_by_title_without_accents(db_path: Path) -> None:
    app = NewsdeskApp(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        shown = await palette(app, pilot, "viet nam gov")
        assert shown and shown[0].startswith("Open The Government of Việt Nam")
        await pilot.press("enter")
        await ready(app, pilot)
        reader = app.main_screen.reader
        assert reader.article is not None and reader.article.id == DOC_004
        assert reader.display  # narrow: the reader took the screen


async def test_opens_a_document_by_id(db_path: Path) -> None:
    app = NewsdeskApp(db_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await ready(app, pilot)
        shown = await palette(app, pilot, "002_956")
        assert shown[0].startswith("Open Effective and substantive national digital")
        await pilot.press("enter")
        await ready(app, pilot)
        assert app.main_screen.reader.article.id == "002_956a9e9d0dc31da8"  # type: ignore[union-attr]


async def test_a_title_with_markup_is_shown_literally(db_path: Path, tmp_path: Path) -> None:
    story = tmp_path / "evil.txt"
    story.write_text("[bold red]Evil[/] title [@click=app.quit]here[/]\n\nBody.", encoding="utf-8")
    with Store.open(db_path) as store:
        store.ingest([story])
    app = NewsdeskApp(db_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await ready(app, pilot)
        shown = await palette(app, pilot, "evil title")
        assert any("[bold red]Evil[/] title [@click=app.quit]here[/]" in s for s in shown)
        assert app.is_running


async def test_commands_show_their_keys_and_run(db_path: Path) -> None:
    app = NewsdeskApp(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        assert app.theme == "textual-dark"
        shown = await palette(app, pilot, "light dark")
        assert shown[0].startswith("Toggle light / dark theme  (t)")
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == "textual-light"
        await pilot.press("t")  # the same command by its key
        assert app.theme == "textual-dark"

        shown = await palette(app, pilot, "fact marks")
        assert shown[0].startswith("Toggle fact marks  (h)")
        await pilot.press("enter")
        await ready(app, pilot)
        assert app.main_screen.reader.show_facts


async def test_copy_with_citation_from_the_palette(db_path: Path) -> None:
    app = NewsdeskApp(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        app.open_article(DOC_004, para=2)
        await ready(app, pilot)
        await palette(app, pilot, "copy with citation")
        await pilot.press("enter")
        await ready(app, pilot)
        assert app.clipboard.startswith("“The Government of Việt Nam is determined")
        assert app.clipboard.endswith("” — VNS, 2023-10-10, ¶2")


async def test_export_the_view_to_a_file_and_by_key(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setenv("NEWSDESK_EXPORT_DIR", str(out))
    app = NewsdeskApp(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        app.open_article(DOC_004)
        await ready(app, pilot)
        await palette(app, pilot, "export this view")
        await pilot.press("enter")
        await ready(app, pilot)
        written = out / f"newsdesk-{DOC_004}.md"
        text = written.read_text(encoding="utf-8")
        assert text.startswith("## The Government of Việt Nam is determined to develop a digital")
        assert '**¶7** "Việt Nam aims to develop a safe, humane' in text
        written.unlink()
        await pilot.press("escape")  # back to the list: `e` is an app key
        await pilot.press("e")
        await pilot.pause()
        assert written.exists()

        await palette(app, pilot, "copy this view")
        await pilot.press("enter")
        await pilot.pause()
        assert app.clipboard == written.read_text(encoding="utf-8")


async def test_compare_with_another_document_lists_the_others(db_path: Path) -> None:
    app = NewsdeskApp(db_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await ready(app, pilot)
        app.open_article(DOC_004)
        await ready(app, pilot)
        await palette(app, pilot, "compare with another")
        await pilot.press("enter")
        await ready(app, pilot)
        assert isinstance(app.screen, CommandPalette)
        options = app.screen.query_one(CommandList)
        shown = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert len(shown) == 4  # every seed but the current one
        assert not any("The Government of Việt Nam" in s for s in shown)
        await pilot.press("enter")
        await ready(app, pilot)
        if importlib.util.find_spec("newsdesk.tui.screens.compare") is None:
            assert "Compare is not available yet." in [n.message for n in app._notifications]
        else:
            assert type(app.screen).__name__ == "CompareScreen"


async def test_reader_commands_only_where_the_reader_is(db_path: Path) -> None:
    if importlib.util.find_spec("newsdesk.tui.screens.facts") is None:
        pytest.skip("no facts screen in this build")
    app = NewsdeskApp(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        shown = await palette(app, pilot, "copy with citation")
        assert shown[0].startswith("Copy with citation  (y)")
        await pilot.press("escape")
        await pilot.press("f")
        await ready(app, pilot)
        assert type(app.screen).__name__ == "FactsScreen"
        shown = await palette(app, pilot, "copy with citation")
        assert not any(s.startswith("Copy with citation") for s in shown)
