"""The app on a PostgreSQL archive: it opens, reads, searches, notices another writer's
articles, and says why it cannot connect without showing the password."""

from __future__ import annotations

import contextlib
from pathlib import Path

from pilot_helpers import settle
from textual.worker import WorkerCancelled

from store import open_store, show_target
from tui.app import NewsdeskApp


async def test_opens_reads_and_reloads_when_another_writer_ingests(
    pg_url: str, tmp_path: Path
) -> None:
    app = NewsdeskApp(pg_url)
    assert app._reading_status() == f"connecting to {show_target(pg_url)}…"
    assert "@" in pg_url and pg_url.split("@")[0] not in app._reading_status()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        doc_list = app.main_screen.doc_list
        assert doc_list.row_count == 5
        await pilot.press("j", "j", "enter")
        await settle(pilot)
        reader = app.main_screen.reader
        assert reader.article is not None and reader.article.id == "002_956a9e9d0dc31da8"
        assert "number 71 out of 193" in reader.article.paragraph(3).text
        story = tmp_path / "late.txt"
        story.write_text("HÀ NỘI — A late story: the port opened on March 3, 2025.", "utf-8")
        with open_store(pg_url) as other:
            other.ingest([story])
        app._check_for_changes()  # what the app's timer does every two seconds
        await settle(pilot)
        await settle(pilot)
        assert doc_list.row_count == 6
        assert "late" in [row.id for row in doc_list.rows]


async def test_a_wrong_password_exits_with_one_line(pg_url: str) -> None:
    scheme, _, rest = pg_url.partition("://")
    credentials, _, host = rest.rpartition("@")
    url = f"{scheme}://{credentials.split(':')[0]}:not-the-Pa55word@{host}"
    app = NewsdeskApp(url)
    async with app.run_test(size=(80, 24)) as pilot:
        with contextlib.suppress(WorkerCancelled):
            await app.workers.wait_for_complete()
        await pilot.pause()
    assert app.return_code == 3
    message = app.error_message or ""
    assert "password authentication failed" in message and "not-the-Pa55word" not in message
