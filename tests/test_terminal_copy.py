"""Copy over SSH: the reader's paragraph cursor and `y`, which copies a passage with its citation.

Expected citations are written out by hand from the seed texts (`seeds/004…`,
`seeds/003…`): source and date as the list shows them, ¶ as the reader numbers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pilot_helpers import settle

from newsdesk.store import Store
from newsdesk.store.cite import citation, cite, passage_around, speaker_for
from newsdesk.store.facts.model import Fact
from newsdesk.tui.app import NewsdeskApp
from newsdesk.tui.widgets import reader as reader_module
from newsdesk.tui.widgets.reader import ParagraphView

DOC_004 = "004_724a446758bcd638"
DOC_003 = "003_9094b1ad625a1bb7"


async def ready(app: NewsdeskApp, pilot: Any) -> None:
    """Wait for the workers; one replaced by a newer one (exclusive) is not an error."""
    await settle(pilot, allow_cancelled=True)


async def open_in_reader(
    app: NewsdeskApp, pilot: Any, doc: str, para: int | None = None, spans: Any = None
) -> Any:
    await ready(app, pilot)
    app.open_article(doc, para=para, spans=spans)
    await ready(app, pilot)
    reader = app.main_screen.reader
    reader.focus()
    await pilot.pause()
    return reader


def paragraph_text(db_path: Path, doc: str, n: int) -> str:
    with Store.open(db_path) as store:
        store.ensure_seeded()
        return store.get(doc).paragraph(n).text


def titles(app: NewsdeskApp) -> list[str]:
    return [n.title for n in app._notifications]


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
async def test_y_copies_the_current_paragraph_with_its_citation(
    db_path: Path, size: tuple[int, int]
) -> None:
    app = NewsdeskApp(db_path)
    async with app.run_test(size=size) as pilot:
        reader = await open_in_reader(app, pilot, DOC_004)
        assert reader.cursor == 1
        await pilot.press("j", "j")
        assert reader.cursor == 3
        assert [v.n for v in reader.query(".-cursor")] == [3]
        await pilot.press("y")
        await ready(app, pilot)
        assert app.clipboard == (
            "“Prime Minister Phạm Minh Chính made this statement during a special event held "
            "in Hà Nội on Tuesday to mark the National Digital Transformation Day 2023 with the "
            "theme 'Exploiting digital data to create values'.” — VNS, 2023-10-10, ¶3"
        )
        assert "Copied ¶3 with citation" in titles(app)
        await pilot.press("k", "y")
        await ready(app, pilot)
        assert app.clipboard.startswith("“The Government of Việt Nam is determined")
        assert app.clipboard.endswith("— VNS, 2023-10-10, ¶2")


async def test_y_copies_the_sentence_around_a_hit(db_path: Path) -> None:
    text = paragraph_text(db_path, DOC_004, 6)
    start = text.index("2030")
    app = NewsdeskApp(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        reader = await open_in_reader(app, pilot, DOC_004, para=6, spans=[(start, start + 4)])
        assert reader.cursor == 6
        await pilot.press("y")
        await ready(app, pilot)
    assert app.clipboard == (
        "“The Prime Minister highlighted Việt Nam's ambition to lead the charge as a "
        "flourishing digital nation by the year 2030.” — VNS, 2023-10-10, ¶6"
    )
    assert "Copied from ¶6 with citation" in titles(app)


async def test_y_copies_the_quote_around_a_hit_with_its_speaker(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = paragraph_text(db_path, DOC_004, 7)
    quote_start = text.index("Việt Nam")
    quote_end = text.index(',"')
    fact = Fact(
        "quote",
        DOC_004,
        7,
        quote_start,
        quote_end,
        text[quote_start:quote_end],
        "en",
        {"speaker": "Phạm Minh Chính"},
    )
    monkeypatch.setattr(reader_module, "load_facts", lambda store, article: [fact])
    hit = text.index("humane")
    app = NewsdeskApp(db_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await open_in_reader(app, pilot, DOC_004, para=7, spans=[(hit, hit + 6)])
        await pilot.press("y")
        await ready(app, pilot)
        assert app.clipboard == (
            "“Việt Nam aims to develop a safe, humane, inclusive and widespread digital "
            "environment” — Phạm Minh Chính, VNS, 2023-10-10, ¶7"
        )
        # Away from the hit the whole paragraph is copied; it holds no quote, so no speaker.
        await pilot.press("k", "y")
        await ready(app, pilot)
        assert app.clipboard.startswith("“The Prime Minister highlighted Việt Nam's ambition")
        assert app.clipboard.endswith("studying life of the people.” — VNS, 2023-10-10, ¶6")


async def test_cursor_moves_scrolls_and_follows_clicks(db_path: Path, tmp_path: Path) -> None:
    long_para = " ".join(f"Sentence number {i} of a very long paragraph." for i in range(80))
    story = tmp_path / "long.txt"
    story.write_text(f"A long story\n\n{long_para}\n\nThe short end.", encoding="utf-8")
    with Store.open(db_path) as store:
        store.ingest([story])
    app = NewsdeskApp(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        reader = await open_in_reader(app, pilot, "long")
        assert [v.n for v in reader.query(ParagraphView)] == [1, 2, 3]
        await pilot.press("j")
        assert reader.cursor == 2
        tall = reader.current_view()
        assert tall is not None and tall.virtual_region.height > reader.size.height
        await pilot.pause()
        before = reader.scroll_y
        await pilot.press("j")  # the paragraph is taller than the view: scroll, stay
        await pilot.pause()
        assert reader.cursor == 2 and reader.scroll_y == before + 1
        for _ in range(tall.virtual_region.height):
            await pilot.press("j")
        await pilot.pause()
        assert reader.cursor == 3
        await pilot.press("g")
        assert reader.cursor == 1
        await pilot.press("G")
        assert reader.cursor == 3


async def test_a_click_moves_the_cursor(db_path: Path) -> None:
    app = NewsdeskApp(db_path)
    async with app.run_test(size=(160, 48)) as pilot:
        reader = await open_in_reader(app, pilot, DOC_004)
        views = list(reader.query(ParagraphView))
        await pilot.click(views[3], offset=(5, 0))
        await pilot.pause()
        assert reader.cursor == 4
        assert [v.n for v in reader.query(".-cursor")] == [4]


def test_citation_forms() -> None:
    class Doc:
        id = "x_1"
        lang = "en"
        date: str | None = "2024-11-20"
        source: str | None = "VNS"

        def paragraph(self, n: int) -> Any:
            raise AssertionError("not needed")

    doc = Doc()
    assert citation(doc, 4, "“Already quoted.”") == "“Already quoted.” — VNS, 2024-11-20, ¶4"
    assert (
        citation(doc, 2, 'He said "yes"\nand\x1b[31m left.', speaker="Lê Thành Long")
        == "“He said 'yes' and␛[31m left.” — Lê Thành Long, VNS, 2024-11-20, ¶2"
    )
    doc.lang, doc.source, doc.date = "fr", None, None
    assert citation(doc, 3, "« Un millier »") == "«\u00a0Un millier\u00a0» — x_1, ¶3"


def test_passage_around_prefers_the_quote_then_the_sentences() -> None:
    text = 'First one. He said "we will win this race" on Monday. Last one.'
    win = text.index("win")
    assert text[slice(*passage_around(text, win, win + 3))] == "we will win this race"
    monday = text.index("Monday")
    assert text[slice(*passage_around(text, monday, monday + 6))] == (
        'He said "we will win this race" on Monday.'
    )
    first, last = text.index("one"), text.index("Last")
    assert text[slice(*passage_around(text, first, last + 4))] == text


def test_speaker_needs_one_agreeing_quote() -> None:
    def quote(start: int, end: int, speaker: str | None) -> Fact:
        return Fact("quote", "d", 1, start, end, "x", "en", {"speaker": speaker})

    number = Fact("count", "d", 1, 0, 50, "x", "en", {})
    assert speaker_for([quote(0, 10, "A"), number], 1, 2, 5) == "A"
    assert speaker_for([quote(0, 10, "A")], 2, 2, 5) is None  # another paragraph
    assert speaker_for([quote(0, 10, "A")], 1, 10, 20) is None  # no overlap
    assert speaker_for([quote(0, 10, "A"), quote(12, 20, "B")], 1, 0, 20) is None
    assert speaker_for([quote(0, 10, None)], 1, 0, 5) is None


def test_cite_reports_what_it_took(seeded_store: Store) -> None:
    article = seeded_store.get(DOC_003)
    text = article.paragraph(5).text
    hit = text.index("steadfast")
    copied, cited = cite(article, 5, [(hit, hit + 9)])
    assert cited.text == (
        "nothing is difficult, only fear of not being steadfast, digging mountains and "
        "filling seas, determination will surely make it happen"
    )
    assert not cited.whole
    # 003 states no date of its own, so the citation has none.
    assert copied == f"“{cited.text}” — PV-TTXVN, ¶5"
    _, whole = cite(article, 5)
    assert whole.whole and whole.text == text
