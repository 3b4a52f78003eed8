"""Snapshots of what this area adds: the reader's cursor and fact marks, themes, the palette.

Facts are fixed here (not read from the facts engine) so that these pictures change
only when the reader does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pilot_helpers import settle

from newsdesk.store import Store
from newsdesk.store.facts.model import Fact
from newsdesk.tui.app import NewsdeskApp
from newsdesk.tui.widgets import reader as reader_module

DOC_000 = "000_c83c607eafd10b0c"


async def _settle(pilot: Any) -> None:
    await settle(pilot, 2, allow_cancelled=True)


def _fixed_facts(db_path: Path) -> list[Fact]:
    with Store.open(db_path) as store:
        store.ensure_seeded()
        article = store.get(DOC_000)
    wanted = [
        (1, "Deputy Prime Minister Lê Thành Long", "person", {}),
        (1, "Wednesday", "date", {}),
        (2, "approximately 1,000 delegates", "count", {}),
        (5, "74th among 193 countries", "ranking", {}),
        (5, "top 10", "ranking", {}),
    ]
    facts = []
    for para, text, kind, fields in wanted:
        start = article.paragraph(para).text.index(text)
        facts.append(Fact(kind, DOC_000, para, start, start + len(text), text, "en", fields))  # type: ignore[arg-type]
    return facts


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light", "ansi-dark"])
def test_reader_cursor_and_fact_marks(
    snap_compare: Any, db_path: Path, monkeypatch: pytest.MonkeyPatch, theme: str
) -> None:
    facts = _fixed_facts(db_path)
    monkeypatch.setattr(reader_module, "load_facts", lambda store, article: facts)

    async def read(pilot: Any) -> None:
        pilot.app.theme = theme
        await _settle(pilot)
        await pilot.press("enter", "h", "j")
        await _settle(pilot)
        pilot.app.clear_notifications()  # "Fact marks on." would cover the text
        await pilot.pause()

    assert snap_compare(NewsdeskApp(db_path), terminal_size=(80, 24), run_before=read)


def test_palette_finds_a_document(snap_compare: Any, db_path: Path) -> None:
    async def search(pilot: Any) -> None:
        await _settle(pilot)
        await pilot.press("ctrl+p", *"viet nam")
        await _settle(pilot)

    assert snap_compare(NewsdeskApp(db_path), terminal_size=(80, 24), run_before=search)
