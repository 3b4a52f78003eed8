"""The article list reads its rows a page at a time, on both stores: it holds only the
rows around the view, and every key, a jump to a far article and the ⇄ column work as
on a list held whole."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pilot_helpers import set_in_time, settle

from newsdesk.store import Article, open_store, parse_text
from newsdesk.tui.app import FIRST_PAGE, NewsdeskApp
from newsdesk.tui.widgets.doc_list import DocumentList

#: Articles in the archive: several pages of the list.
COUNT = 3 * FIRST_PAGE
MONTHS = ["January", "February", "March", "April", "May", "June"]


def _story(i: int) -> Article:
    """Article ``i``: dated (days repeat, so some share a date) except one in seven."""
    when = f" on {MONTHS[i % 6]} {i % 27 + 1}, 2024" if i % 7 else ""
    text = (
        f"Port story number {i}\n\n"
        f"HÀ NỘI — The harbour of story {i} handled {i * 13} containers{when}.\n\n"
        "Officials said the new quay would open next year."
    )
    return parse_text(text, doc_id=f"story-{i:04d}", file=f"story-{i:04d}.txt")


@pytest.fixture
def big_archive(archive: Path | str) -> Iterator[Path | str]:
    """An archive of :data:`COUNT` short articles, stored without derived data."""
    with open_store(archive) as store:
        store.put([_story(i) for i in range(COUNT)])
    yield archive


def _shown(doc_list: DocumentList) -> list[str]:
    """The text of the list's rows on screen."""
    return [doc_list.render_line(y).text for y in range(1, doc_list.visible_rows + 1)]


async def test_the_list_holds_a_page_and_every_key_reaches_every_row(
    big_archive: Path | str,
) -> None:
    with open_store(big_archive) as store:
        order = [row.id for row in store.summaries()]
    app = NewsdeskApp(big_archive)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        doc_list = app.main_screen.doc_list
        assert doc_list.row_count == COUNT
        assert 0 < len(doc_list.rows) <= FIRST_PAGE < COUNT  # not every row
        assert app.current_id == order[0]
        await pilot.press("G")
        await settle(pilot, 2)
        assert app.current_id == order[-1] and doc_list.cursor == COUNT - 1
        reader = app.main_screen.reader
        assert reader.article is not None and reader.article.id == order[-1]
        assert not any("…" in line[:3] for line in _shown(doc_list))  # read, not pending
        assert len(doc_list.rows) <= FIRST_PAGE
        await pilot.press("g")
        await settle(pilot, 2)
        assert app.current_id == order[0]
        for _ in range(12):  # PgDn past the first page
            await pilot.press("pagedown")
        await settle(pilot, 2)
        step = doc_list.visible_rows - 1
        assert doc_list.cursor == 12 * step and app.current_id == order[12 * step]
        await pilot.press("k", "k", "j")
        await settle(pilot, 2)
        assert app.current_id == order[12 * step - 1]
        await pilot.press("pageup")
        await settle(pilot, 2)
        assert app.current_id == order[11 * step - 1]
        top = round(doc_list.scroll_y)
        for y, line in enumerate(_shown(doc_list)):
            assert order[top + y].split("-")[1].lstrip("0") in line  # its title's number


async def test_opening_a_far_article_finds_its_row(big_archive: Path | str) -> None:
    with open_store(big_archive) as store:
        order = [row.id for row in store.summaries()]
    far = order[COUNT - 40]
    app = NewsdeskApp(big_archive)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        doc_list = app.main_screen.doc_list
        assert doc_list.row(COUNT - 40) is None  # not read yet
        app.open_article(far)  # as a search hit or a fact opens it
        await settle(pilot, 2)
        assert doc_list.cursor == COUNT - 40 and app.current_id == far
        await pilot.press("escape")
        assert doc_list.has_focus and app.current_id == far
        await pilot.press("j")
        await settle(pilot)
        assert app.current_id == order[COUNT - 39]


async def test_the_list_follows_an_ingest_and_keeps_its_article(
    big_archive: Path | str, tmp_path: Path
) -> None:
    """After a reload the cursor stays on its article, wherever the new one is listed."""
    with open_store(big_archive) as store:
        order = [row.id for row in store.summaries()]
    app = NewsdeskApp(big_archive)
    reloaded = threading.Event()
    reload = app._reload_changed

    def reload_and_tell() -> None:
        reload()
        reloaded.set()

    app._reload_changed = reload_and_tell  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        doc_list = app.main_screen.doc_list
        app.open_article(order[500])
        await settle(pilot, 2)
        story = tmp_path / "late.txt"
        story.write_text("HÀ NỘI — A late story: the port opened on March 3, 2025.", "utf-8")
        with open_store(big_archive) as other:
            other.put([parse_text(story.read_text("utf-8"), doc_id="late", file=str(story))])
        if app._listening.is_set():  # a server: its notification reloads the list
            assert await set_in_time(reloaded)
        else:
            app._reload_changed()  # what the poll does when the generation changed
        await settle(pilot, 2)
        assert doc_list.row_count == COUNT + 1
        assert app.current_id == order[500] and doc_list.cursor == 501  # "late" is first
        await pilot.press("escape", "g")  # from the reader to the list, then its top
        await settle(pilot)
        assert app.current_id == "late"
