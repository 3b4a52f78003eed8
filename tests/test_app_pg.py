"""The app on a PostgreSQL archive: it opens, reads, searches, notices another writer's
articles, and says why it cannot connect without showing the password."""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path

import pytest
from pilot_helpers import set_in_time, settle
from textual.worker import WorkerCancelled

from newsdesk.store import open_store, show_target
from newsdesk.tui.app import NewsdeskApp


async def test_opens_reads_and_hears_another_writers_ingest_at_once(
    pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server tells the app of another client's ingest (LISTEN/NOTIFY): the list
    shows it with no poll (polling is off here)."""
    monkeypatch.setattr(NewsdeskApp, "_check_for_changes", lambda self: None)
    app = NewsdeskApp(pg_url)
    assert app._reading_status() == f"connecting to {show_target(pg_url)}…"
    assert "@" in pg_url and pg_url.split("@")[0] not in app._reading_status()
    reloaded = threading.Event()
    reload = app._reload_changed

    def reload_and_tell() -> None:
        reload()
        reloaded.set()

    app._reload_changed = reload_and_tell  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        doc_list = app.main_screen.doc_list
        assert doc_list.row_count == 5 and app._listening.is_set()
        await pilot.press("j", "j", "enter")
        await settle(pilot)
        reader = app.main_screen.reader
        assert reader.article is not None and reader.article.id == "002_956a9e9d0dc31da8"
        assert "number 71 out of 193" in reader.article.paragraph(3).text
        assert not reloaded.is_set()
        story = tmp_path / "late.txt"
        story.write_text("HÀ NỘI — A late story: the port opened on March 3, 2025.", "utf-8")
        with open_store(pg_url) as other:
            other.ingest([story])
        assert await set_in_time(reloaded)  # the notification, not a poll
        await settle(pilot, 2, allow_cancelled=True)  # a second word (pairs) may follow
        assert doc_list.row_count == 6
        assert "late" in [row.id for row in doc_list.rows]
        assert app.current_id == "002_956a9e9d0dc31da8"  # the cursor kept its article


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
