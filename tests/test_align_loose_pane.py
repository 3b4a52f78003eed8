"""The compare pane shows a link that crosses another (a caption printed above the lead on
one side and below it on the other) as one row, in the left side's order."""

from __future__ import annotations

from pathlib import Path

from pilot_helpers import settle
from textual.widgets import Static

from newsdesk.store import Store
from newsdesk.tui.app import NewsdeskApp
from newsdesk.tui.screens.compare import ONE_SIDED, CompareRow, CompareScreen

EN = """PM chairs teleconference with trade offices abroad

PM Pham Minh Chinh speaks at the event (Photo: VNA)

Hanoi (VNA) – Prime Minister Pham Minh Chinh chaired a teleconference with Vietnamese trade \
offices abroad on August 19, linking 62 locations.

Germany, Italy and Spain remained the largest buyers of Vietnamese coffee.
"""

FR = """Le PM préside une réunion en ligne avec les bureaux commerciaux à l'étranger

Hanoï (VNA) - Le Premier ministre Pham Minh Chinh a présidé le 19 août une réunion en ligne \
avec les bureaux commerciaux vietnamiens à l'étranger, reliant 62 sites.

Photo: VNA

L'Allemagne, l'Italie et l'Espagne sont restées les principaux acheteurs de café vietnamien.
"""


def cell_text(row: CompareRow, side: str) -> str:
    return str(row.query_one(f".cell.-{side}", Static).render())


async def test_a_crossing_caption_link_is_one_row_in_the_left_order(
    db_path: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "pm"
    folder.mkdir()
    (folder / "pm-en.txt").write_text(EN, encoding="utf-8")
    (folder / "pm-fr.txt").write_text(FR, encoding="utf-8")
    with Store.open(db_path) as store:
        store.ingest([folder])
    app = NewsdeskApp(db_path)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot, 3)
        await app.push_screen(CompareScreen("pm-en", "pm-fr"))
        await settle(pilot, 3)
        screen = app.screen
        assert isinstance(screen, CompareScreen) and screen.comparison is not None
        rows = screen.rows
        assert len(rows) == 4  # headline, caption, lead, buyers: nothing one-sided
        caption, lead = rows[1], rows[2]
        assert cell_text(caption, "left").startswith("EN ¶2 caption PM Pham Minh Chinh")
        assert cell_text(caption, "right").startswith("FR ¶3 caption Photo: VNA")
        assert cell_text(lead, "left").startswith("EN ¶3 Prime Minister Pham Minh Chinh")
        assert cell_text(lead, "right").startswith("FR ¶2 Le Premier ministre Pham Minh Chinh")
        shown = " ".join(cell_text(row, side) for row in rows for side in ("left", "right"))
        assert ONE_SIDED not in shown
